"""Credits from real edits over the websocket: two unmodified yjs + y-websocket clients
(tests/js/client.mjs) write in one pad of a running `ruche serve`, then the credits API
names both, with the characters each wrote."""

import asyncio
import json
import urllib.request

import pytest

from tests.realtime.fixtures import migrated_data, site  # noqa: F401
from tests.realtime.servers import NodeClient, eventually, node_available

pytestmark = pytest.mark.skipif(
    not node_available(), reason="needs node and node_modules (npm ci) for the yjs clients"
)


def get_json(url, token):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - local server
        return json.loads(response.read())


@pytest.mark.asyncio
async def test_two_node_clients_are_credited_with_what_they_wrote(site):  # noqa: F811
    server, world = site
    pad = world["pads"][11]
    alice = await NodeClient(server, pad, world["tokens"]["alice"]).start()
    bob = await NodeClient(server, pad, world["tokens"]["bob"]).start()
    try:
        await asyncio.gather(alice.wait_for("synced"), bob.wait_for("synced"))
        await alice.send(cmd="paragraph", text="Alice écrit 😀")
        await bob.send(cmd="paragraph", text="Bob adds 中文 too")
        url = f"{server.http}/api/v1/credits/pad/{pad}"

        async def both_credited():
            body = await asyncio.to_thread(get_json, url, world["tokens"]["olga"])
            chars = {p["name"]: p["contributions"].get("characters") for p in body["people"]}
            return body if chars == {"Alice": 13, "Bob": 15} else None

        body = await eventually(both_credited)
        assert body["statement"] == "Written together by the Cohort cohort: Bob and Alice."
        assert body["licence"]["id"] == "CC-BY-SA-4.0"
        assert [a["literal"] for a in body["citation"]["csl"]["author"]] == [
            "Cohort", "Bob", "Alice",
        ]  # fmt: skip
    finally:
        await asyncio.gather(alice.stop(), bob.stop())
