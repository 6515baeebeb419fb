"""Server-side changes (restoring a version through the API) reach open editors live."""

import asyncio
import json
import urllib.request

import pytest
from pycrdt import XmlElement, XmlText

from tests.realtime.fixtures import migrated_data, site  # noqa: F401
from tests.realtime.yclient import YClient, wait_until


def post(server, token, path, body):
    request = urllib.request.Request(  # noqa: S310 (http to the test server)
        server.http + "/api/v1" + path, method="POST", data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, json.loads(response.read() or b"null")


@pytest.mark.asyncio
async def test_a_restore_is_received_live_by_open_editors(site):  # noqa: F811
    server, world = site
    pad, token = world["pads"][10], world["tokens"]["alice"]
    editor = await YClient(server.ws(f"/ws/pads/{pad}", token)).connect()
    reader = await YClient(server.ws(f"/ws/pads/{pad}", world["tokens"]["olga"])).connect()
    await asyncio.wait_for(asyncio.gather(editor.synced.wait(), reader.synced.wait()), 10)
    editor.fragment().children.append(XmlElement("paragraph", {}, [XmlText("première version")]))
    await wait_until(lambda: "première version" in str(reader.fragment()))
    status, version = await asyncio.to_thread(
        post, server, token, f"/pads/{pad}/versions", {"label": "avant la visite"}
    )
    assert status == 201
    editor.fragment().children.append(XmlElement("paragraph", {}, [XmlText("ajout 😀")]))
    await wait_until(lambda: "ajout" in str(reader.fragment()))
    restore = f"/pads/{pad}/versions/{version['id']}/restore"
    assert (await asyncio.to_thread(post, server, token, restore, {}))[0] == 201
    for client in (editor, reader):
        await wait_until(lambda c=client: "ajout" not in str(c.fragment()))
        assert "première version" in str(client.fragment())
    await asyncio.gather(editor.close(), reader.close())
