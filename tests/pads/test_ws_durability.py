"""kill -9 during a burst of edits: after a restart nothing any client saw is lost, and
writers that reconnect bring back what the server never stored."""

import asyncio
import shutil

import pytest

from ruche.realtime.protocol import state_vector_clients
from tests.realtime.fixtures import migrated_data  # noqa: F401
from tests.realtime.servers import NodeClient, RucheServer, node_available, seed, server_env
from tests.realtime.yclient import YClient, wait_until


@pytest.fixture
def small_log_site(migrated_data, tmp_path):  # noqa: F811
    """A server that compacts every 100 updates, so kills also land during compactions."""
    data = tmp_path / "data"
    shutil.copytree(migrated_data, data)
    env = server_env(data, RUCHE_REALTIME_COMPACT_UPDATES="100")
    world = seed(env, "world")
    server = RucheServer(env, tmp_path / "server.log").start()
    yield server, world
    server.stop()


def tokens_seen(text: str) -> set[str]:
    return {t for t in text.split(";") if t}


@pytest.mark.asyncio
async def test_kill_during_a_burst_loses_nothing_seen(small_log_site):
    server, world = small_log_site
    pad = world["pads"][0]
    url = server.ws(f"/ws/pads/{pad}", world["tokens"]["alice"])
    writer, observer = YClient(url), YClient(server.ws(f"/ws/pads/{pad}", world["tokens"]["olga"]))
    await asyncio.gather(writer.connect(), observer.connect())
    await asyncio.wait_for(asyncio.gather(writer.synced.wait(), observer.synced.wait()), 10)
    node = None
    if node_available():
        node = await NodeClient(server, pad, world["tokens"]["bob"]).start()
        await node.wait_for("synced")

    async def burst() -> None:
        for i in range(3000):
            writer.text().insert(len(writer.text()), f"py{i};")
            if i % 5 == 0:
                await asyncio.sleep(0.001)

    typing = asyncio.create_task(burst())
    if node is not None:
        await node.send(cmd="burst", count=400, prefix="js")
    await wait_until(lambda: len(tokens_seen(str(observer.text()))) > 400, within=30)
    server.kill()  # SIGKILL mid-burst
    await asyncio.wait_for(observer.closed.wait(), 10)
    typing.cancel()
    seen_text = str(observer.text())
    seen_clock = state_vector_clients(observer.doc.get_state())
    assert len(tokens_seen(seen_text)) > 400

    server.start()
    fresh = YClient(server.ws(f"/ws/pads/{pad}", world["tokens"]["olga"]))
    await fresh.connect()
    await asyncio.wait_for(fresh.synced.wait(), 10)
    stored_clock = state_vector_clients(fresh.doc.get_state())
    for client, clock in seen_clock.items():
        assert stored_clock.get(client, 0) >= clock, "an update a client saw was lost"
    assert tokens_seen(seen_text) <= tokens_seen(str(fresh.text()))

    # The writer reconnects: the sync brings back what the server never stored.
    await writer.connect()
    await asyncio.wait_for(writer.synced.wait(), 10)
    await wait_until(lambda: str(fresh.text()) == str(writer.text()), within=20)
    await asyncio.gather(fresh.close(), writer.close())
    if node is not None:
        await node.stop()
