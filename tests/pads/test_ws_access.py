"""Who may open a pad over the websocket, and what read-only connections can do."""

import asyncio
import json
import urllib.request
import uuid

import pytest
from pycrdt import Doc, Text, create_update_message

from tests.realtime.fixtures import migrated_data, site  # noqa: F401
from tests.realtime.servers import seed
from tests.realtime.yclient import YClient, wait_until


def connect(server, world, pad, who):
    token = world["tokens"][who] if who else "ruche_not-a-token"
    return YClient(server.ws(f"/ws/pads/{pad}", token))


async def close_code(client: YClient) -> int | None:
    await client.connect()
    await asyncio.wait_for(client.closed.wait(), 10)
    return client.close_code


def api(server, world, who, method, path, body=None):
    request = urllib.request.Request(  # noqa: S310 (http to the test server)
        server.http + "/api/v1" + path, method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {world['tokens'][who]}",
                 "Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status


@pytest.mark.asyncio
async def test_refusals_at_connect(site):  # noqa: F811
    server, world = site
    pad = world["pads"][0]
    assert await close_code(connect(server, world, pad, None)) == 4401
    assert await close_code(YClient(f"ws://127.0.0.1:{server.port}/ws/pads/{pad}")) == 4401
    assert await close_code(connect(server, world, pad, "xavier")) == 4404  # another cohort
    assert await close_code(connect(server, world, uuid.uuid4(), "alice")) == 4404
    unknown_kind = YClient(server.ws(f"/ws/nopes/{pad}", world["tokens"]["alice"]))
    assert await close_code(unknown_kind) == 4404


@pytest.mark.asyncio
@pytest.mark.parametrize("reader", ["olga", "gus"])  # observer; guest where guests may not edit
async def test_read_only_connections_receive_but_cannot_change(site, reader):  # noqa: F811
    server, world = site
    pad = world["pads"][1 if reader == "olga" else 2]
    room = f"pad:{pad}"
    writer = await connect(server, world, pad, "alice").connect()
    await asyncio.wait_for(writer.synced.wait(), 10)
    writer.text().insert(0, "écrit par Alice 😀")
    await wait_until(lambda: seed(server.env, "count", room)["updates"] == 1)

    offline = Doc()  # edits made before connecting arrive in the sync step 2: dropped too
    offline.get("text", type=Text).insert(0, "offline intrusion ")
    intruder = YClient(server.ws(f"/ws/pads/{pad}", world["tokens"][reader]), offline)
    await intruder.connect()
    await wait_until(lambda: "écrit par Alice" in str(intruder.text()))
    intruder.text().insert(0, "live intrusion ")
    other = Doc()
    other.get("text", type=Text).insert(0, "raw intrusion ")
    await intruder.send_raw(create_update_message(other.get_update()))
    writer.text().insert(len(writer.text()), " ✓")  # a later write is still relayed
    await wait_until(lambda: " ✓" in str(intruder.text()))
    await asyncio.sleep(0.3)

    assert str(writer.text()) == "écrit par Alice 😀 ✓"
    assert seed(server.env, "count", room) == {"updates": 2, "authors": [world["ids"]["alice"]]}
    fresh = await connect(server, world, pad, "bob").connect()
    await asyncio.wait_for(fresh.synced.wait(), 10)
    assert str(fresh.text()) == "écrit par Alice 😀 ✓"
    await asyncio.gather(writer.close(), intruder.close(), fresh.close())


@pytest.mark.asyncio
async def test_a_removed_member_is_disconnected(site):  # noqa: F811
    server, world = site
    pad = world["pads"][3]
    bob = await connect(server, world, pad, "bob").connect()
    alice = await connect(server, world, pad, "alice").connect()
    await asyncio.wait_for(asyncio.gather(bob.synced.wait(), alice.synced.wait()), 10)
    path = f"/spaces/{world['cohort']}/members/{world['memberships']['bob']}"
    status = await asyncio.to_thread(api, server, world, "fac", "DELETE", path)
    assert status == 204
    await asyncio.wait_for(bob.closed.wait(), 10)
    assert bob.close_code == 4403
    assert await close_code(connect(server, world, pad, "bob")) == 4404
    alice.text().insert(0, "still here")  # the others stay connected
    await asyncio.sleep(0.3)
    assert not alice.closed.is_set()
    await alice.close()


@pytest.mark.asyncio
async def test_a_promoted_observer_can_write_without_reconnecting(site):  # noqa: F811
    server, world = site
    pad = world["pads"][4]
    olga = await connect(server, world, pad, "olga").connect()
    alice = await connect(server, world, pad, "alice").connect()
    await asyncio.wait_for(asyncio.gather(olga.synced.wait(), alice.synced.wait()), 10)
    path = f"/spaces/{world['cohort']}/members/{world['memberships']['olga']}"
    assert (
        await asyncio.to_thread(api, server, world, "fac", "PATCH", path, {"role": "participant"})
        == 200
    )
    await asyncio.sleep(0.5)
    olga.text().insert(0, "Olga writes now")
    await wait_until(lambda: str(alice.text()) == "Olga writes now")
    await asyncio.gather(olga.close(), alice.close())


@pytest.mark.asyncio
async def test_malformed_frames_close_only_their_sender(site):  # noqa: F811
    server, world = site
    pad, other_pad = world["pads"][5], world["pads"][6]
    alice = await connect(server, world, pad, "alice").connect()
    neighbour = await connect(server, world, other_pad, "alice").connect()
    bad = await connect(server, world, pad, "alice").connect()
    synced = asyncio.gather(alice.synced.wait(), neighbour.synced.wait(), bad.synced.wait())
    await asyncio.wait_for(synced, 10)
    await bad.send_raw(b"\x00\x02\x10garbage")  # an update that is not Yjs
    await asyncio.wait_for(bad.closed.wait(), 10)
    assert bad.close_code == 4400
    watcher = await connect(server, world, pad, "alice").connect()
    await asyncio.wait_for(watcher.synced.wait(), 10)
    alice.text().insert(0, "fine")
    neighbour.text().insert(0, "fine too")
    await wait_until(lambda: str(watcher.text()) == "fine")
    await asyncio.gather(alice.close(), neighbour.close(), watcher.close())


@pytest.mark.asyncio
async def test_a_broken_document_fails_alone(site):  # noqa: F811
    server, world = site
    broken, healthy = world["pads"][8], world["pads"][9]
    seed(server.env, "corrupt", f"pad:{broken}")
    neighbour = await connect(server, world, healthy, "alice").connect()
    await asyncio.wait_for(neighbour.synced.wait(), 10)
    assert await close_code(connect(server, world, broken, "alice")) == 1011
    assert await close_code(connect(server, world, broken, "olga")) == 1011
    neighbour.text().insert(0, "still served")
    watcher = await connect(server, world, healthy, "olga").connect()
    await wait_until(lambda: str(watcher.text()) == "still served")
    await asyncio.gather(neighbour.close(), watcher.close())


@pytest.mark.asyncio
async def test_deleting_the_pad_closes_its_editors(site):  # noqa: F811
    server, world = site
    pad = world["pads"][7]
    alice = await connect(server, world, pad, "alice").connect()
    await asyncio.wait_for(alice.synced.wait(), 10)
    alice.text().insert(0, "soon gone")
    await wait_until(lambda: seed(server.env, "count", f"pad:{pad}")["updates"] == 1)
    assert await asyncio.to_thread(api, server, world, "alice", "DELETE", f"/pads/{pad}") == 204
    await asyncio.wait_for(alice.closed.wait(), 10)
    assert alice.close_code == 4410
    assert seed(server.env, "count", f"pad:{pad}")["updates"] == 0


@pytest.mark.asyncio
async def test_letting_guests_edit_reaches_a_guest_already_connected(site):  # noqa: F811
    server, world = site
    pad, cohort = world["pads"][11], f"/spaces/{world['cohort']}"
    gus = await connect(server, world, pad, "gus").connect()
    alice = await connect(server, world, pad, "alice").connect()
    await asyncio.wait_for(asyncio.gather(gus.synced.wait(), alice.synced.wait()), 10)
    try:
        status = await asyncio.to_thread(
            api, server, world, "fac", "PATCH", cohort, {"guests_can_edit": True}
        )
        assert status == 200
        await asyncio.sleep(0.5)
        gus.text().insert(0, "Gus writes now")
        await wait_until(lambda: str(alice.text()) == "Gus writes now")
    finally:
        await asyncio.to_thread(
            api, server, world, "fac", "PATCH", cohort, {"guests_can_edit": False}
        )
    await asyncio.gather(gus.close(), alice.close())
