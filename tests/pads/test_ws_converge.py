"""Two Node y-websocket clients and a Python client edit one pad and converge."""

import asyncio

import pytest
from pycrdt import XmlElement, XmlText

from tests.realtime.fixtures import migrated_data, site  # noqa: F401
from tests.realtime.servers import NodeClient, eventually, node_available, seed
from tests.realtime.yclient import YClient, wait_until

pytestmark = pytest.mark.skipif(
    not node_available(), reason="needs node and node_modules (npm ci) for the yjs clients"
)

MIXED = "Élève à l'école 😀🐝 学习 ünïcödé"


async def node(server, world, pad, who="alice"):
    client = await NodeClient(server, pad, world["tokens"][who]).start()
    await client.wait_for("synced")
    return client


def py(server, world, pad, who="bob"):
    return YClient(server.ws(f"/ws/pads/{pad}", world["tokens"][who]))


async def converged(nodes, pyclient):
    async def same():
        states = [await n.state() for n in nodes]
        texts = {s["text"] for s in states} | {str(pyclient.text())}
        xmls = {s["xml"] for s in states} | {str(pyclient.fragment())}
        return states[0] if len(texts) == 1 and len(xmls) == 1 else None

    return await eventually(same)


@pytest.mark.asyncio
async def test_simultaneous_first_connects_then_concurrent_edits(site):  # noqa: F811
    server, world = site
    pad = world["pads"][0]
    # Pitfall 1: three clients make the very first connection to the room at once.
    python = py(server, world, pad)
    a, b, _ = await asyncio.gather(
        node(server, world, pad, "alice"), node(server, world, pad, "bob"), python.connect()
    )
    await asyncio.wait_for(python.synced.wait(), 10)
    try:
        await asyncio.gather(
            a.send(cmd="text", index=0, insert="Alice écrit 😀. "),
            b.send(cmd="text", index=0, insert="Bob 写字. "),
            a.send(cmd="paragraph", text="Premier paragraphe ✓"),
            b.send(cmd="paragraph", text="第二段"),
        )
        python.text().insert(0, MIXED)
        python.fragment().children.append(XmlElement("paragraph", {}, [XmlText("Py 🐍 para")]))
        state = await converged([a, b], python)
        for piece in ("Alice écrit 😀. ", "Bob 写字. ", MIXED):
            assert piece in state["text"]
        for piece in ("Premier paragraphe ✓", "第二段", "Py 🐍 para"):
            assert piece in state["xml"]
    finally:
        await asyncio.gather(a.stop(), b.stop(), python.close())


@pytest.mark.asyncio
async def test_offline_edits_merge_on_reconnect(site):  # noqa: F811
    server, world = site
    pad = world["pads"][1]
    a, b = await node(server, world, pad, "alice"), await node(server, world, pad, "bob")
    python = await py(server, world, pad).connect()
    await asyncio.wait_for(python.synced.wait(), 10)
    try:
        await a.send(cmd="text", index=0, insert="shared start. ")
        await wait_until(lambda: "shared start" in str(python.text()))
        await a.send(cmd="offline")
        await python.go_offline()
        await a.send(cmd="text", index=0, insert="Alice hors ligne 🌙. ")
        python.text().insert(0, "Python offline 中文. ")
        await b.send(cmd="text", insert=" Bob online ✓")
        await asyncio.sleep(0.3)
        await a.send(cmd="online")
        await python.connect()
        state = await converged([a, b], python)
        for piece in ("Alice hors ligne 🌙. ", "Python offline 中文. ", " Bob online ✓"):
            assert piece in state["text"]
    finally:
        await asyncio.gather(a.stop(), b.stop(), python.close())


@pytest.mark.asyncio
async def test_a_late_client_loads_the_stored_document(site):  # noqa: F811
    server, world = site
    pad = world["pads"][2]
    a = await node(server, world, pad, "alice")
    witness = await py(server, world, pad).connect()
    await a.send(cmd="text", index=0, insert=MIXED)
    await a.send(cmd="paragraph", text="Gardé 💾")
    await wait_until(lambda: "Gardé" in str(witness.fragment()) and str(witness.text()) == MIXED)
    await asyncio.gather(a.stop(), witness.close())
    await asyncio.sleep(1.5)  # the room is evicted (RUCHE_REALTIME_EVICT_SECONDS=1)
    python = await py(server, world, pad, "olga").connect()
    await asyncio.wait_for(python.synced.wait(), 10)
    assert str(python.text()) == MIXED
    assert "Gardé 💾" in str(python.fragment())
    await python.close()
    assert seed(server.env, "versions", f"pad:{pad}")["kinds"] == ["auto"]  # at eviction


@pytest.mark.asyncio
async def test_awareness_is_relayed_and_removed_on_leave(site):  # noqa: F811
    server, world = site
    pad = world["pads"][3]
    a, b = await node(server, world, pad, "alice"), await node(server, world, pad, "bob")
    try:
        await a.send(cmd="awareness", state={"user": {"name": "Alice", "color": "#c00"}})
        await b.send(cmd="awareness", state={"user": {"name": "Bob", "color": "#00c"}})

        async def both_see_each_other():
            return (await a.state())["awareness"] == 1 and (await b.state())["awareness"] == 1

        await eventually(both_see_each_other)
        await a.stop()  # killed: the server announces that its awareness is gone

        async def alone():
            return (await b.state())["awareness"] == 0

        await eventually(alone)
    finally:
        await asyncio.gather(a.stop(), b.stop())
