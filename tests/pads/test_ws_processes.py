"""Several `ruche serve` processes sharing PostgreSQL and Redis: clients of one pad on
different processes converge; a process that joins late syncs from the database."""

import asyncio
import urllib.request
import uuid

import pytest

from tests.realtime.servers import (
    NodeClient,
    RucheServer,
    eventually,
    manage,
    node_available,
    reachable,
    seed,
    server_env,
)
from tests.realtime.yclient import YClient, wait_until

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.skipif(not reachable("127.0.0.1", 5432), reason="PostgreSQL not running"),
    pytest.mark.skipif(not reachable("127.0.0.1", 6379), reason="Redis not running"),
]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two servers on one throwaway PostgreSQL database and Redis, for the module."""
    import psycopg

    tmp_path = tmp_path_factory.mktemp("cluster")
    name = f"ruche_rt_{uuid.uuid4().hex[:10]}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env = server_env(
        tmp_path,
        RUCHE_DATABASE_URL=f"postgresql://postgres@127.0.0.1:5432/{name}",
        RUCHE_REDIS_URL="redis://127.0.0.1:6379/0",
    )
    servers: list[RucheServer] = []
    try:
        manage(env, "migrate", "--no-input")
        world = seed(env, "world")
        servers = [RucheServer(env, tmp_path / f"server{i}.log").start() for i in range(2)]
        yield servers, world
    finally:
        for server in servers:
            server.stop()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def client(server, world, pad, who):
    return YClient(server.ws(f"/ws/pads/{pad}", world["tokens"][who]))


@pytest.mark.asyncio
async def test_clients_on_two_processes_converge(cluster):
    (one, two), world = cluster
    pad = world["pads"][0]
    first = await client(one, world, pad, "alice").connect()
    await asyncio.wait_for(first.synced.wait(), 30)
    first.text().insert(0, "avant: ")
    await asyncio.sleep(0.5)
    # Process two opens the room late: it loads what process one stored.
    late = await client(two, world, pad, "bob").connect()
    await asyncio.wait_for(late.synced.wait(), 30)
    assert str(late.text()) == "avant: "
    clients = [first, late]
    node = None
    if node_available():
        node = await NodeClient(two, pad, world["tokens"]["alice"]).start()
        await node.wait_for("synced")
    for i in range(30):
        first.text().insert(len(first.text()), f"un{i}é;")
        late.text().insert(0, f"deux{i}😀;")
        if node is not None and i % 10 == 0:
            await node.send(cmd="text", index=0, insert=f"node{i}中;")
        await asyncio.sleep(0.01)
    await wait_until(lambda: str(first.text()) == str(late.text()), within=40)
    text = str(first.text())
    assert all(f"un{i}é;" in text and f"deux{i}😀;" in text for i in range(30))
    if node is not None:

        async def node_agrees():
            return (await node.state())["text"] == str(first.text())

        await eventually(node_agrees)
        await node.stop()
    await asyncio.gather(*(c.close() for c in clients))


@pytest.mark.asyncio
async def test_access_loss_reaches_every_process(cluster):
    (one, two), world = cluster
    pad = world["pads"][1]
    bob = await client(two, world, pad, "bob").connect()
    await asyncio.wait_for(bob.synced.wait(), 30)
    path = f"/api/v1/spaces/{world['cohort']}/members/{world['memberships']['bob']}"
    request = urllib.request.Request(  # noqa: S310 (http to the test server)
        one.http + path, method="DELETE",
        headers={"Authorization": f"Bearer {world['tokens']['fac']}"},
    )  # fmt: skip
    response = await asyncio.to_thread(urllib.request.urlopen, request, timeout=10)
    assert response.status == 204
    await asyncio.wait_for(bob.closed.wait(), 30)
    assert bob.close_code == 4403
