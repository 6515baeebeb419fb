"""A Node client (unmodified yjs + y-websocket) and a Python client (pycrdt) edit one table
on a real ASGI server: edits converge, and a race on one cell resolves to the same value
in both implementations (the higher Yjs client id wins)."""

import asyncio
import json
import subprocess
from pathlib import Path

import pytest
from pycrdt import Map

from tests.realtime.servers import node_available
from tests.realtime.yclient import wait_until
from tests.tables.test_ws import cells, client, connected, site, stored  # noqa: F401

pytestmark = pytest.mark.skipif(
    not node_available(), reason="needs node and node_modules (npm ci) for the yjs client"
)
ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "tables" / "js" / "table-client.mjs"


class NodeTableClient:
    def __init__(self, server, table, token):
        self.args = [str(SCRIPT), f"{server.ws_url}/ws/tables", str(table.id), token]
        self.lines: asyncio.Queue = asyncio.Queue()

    async def start(self):
        self.process = await asyncio.create_subprocess_exec(
            "node", *self.args, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.reader = asyncio.create_task(self._read())
        await self.wait_for("synced")
        return self

    async def _read(self):
        async for line in self.process.stdout:
            await self.lines.put(json.loads(line))

    async def wait_for(self, event, within=15.0):
        async with asyncio.timeout(within):
            while True:
                item = await self.lines.get()
                if item.get("event") == event:
                    return item

    async def send(self, **command):
        self.process.stdin.write((json.dumps(command) + "\n").encode())
        await self.process.stdin.drain()
        return await self.wait_for("state" if command["cmd"] == "state" else "done")

    async def stop(self):
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


@pytest.mark.asyncio
async def test_node_and_python_clients_converge_and_agree_on_a_race(site):  # noqa: F811
    server, table, content, tokens = site
    skill, hours = (c.id for c in content.columns)
    r0, r1, _r2 = (r.id for r in content.rows)
    node = await NodeTableClient(server, table, tokens["Ana"]).start()
    py = client(server, table, tokens["Bo"])
    await connected(py)
    try:
        await node.send(cmd="set", row=r0, column=skill, value="Coopérer 🐝")
        py.doc.get("rows", type=Map)[r1][hours] = 12.5
        await wait_until(lambda: cells(py.doc, r0).get(skill) == "Coopérer 🐝")

        async def node_sees_hours():
            return (await node.send(cmd="state"))["rows"][r1].get(hours) == 12.5

        for _attempt in range(100):
            if await node_sees_hours():
                break
            await asyncio.sleep(0.05)
        assert await node_sees_hours()
        # the same cell, written by both while apart
        await node.send(cmd="offline")
        await py.go_offline()
        await node.send(cmd="set", row=r1, column=skill, value="from Node")
        py.doc.get("rows", type=Map)[r1][skill] = "from Python"
        await node.send(cmd="online")
        await connected(py)
        node_id = (await node.send(cmd="state"))["clientID"]
        winner = "from Node" if node_id > py.doc.client_id else "from Python"
        await wait_until(lambda: cells(py.doc, r1).get(skill) == winner)
        for _attempt in range(100):
            if (await node.send(cmd="state"))["rows"][r1].get(skill) == winner:
                break
            await asyncio.sleep(0.05)
        assert (await node.send(cmd="state"))["rows"][r1].get(skill) == winner
        assert {c for row in (await stored(table)).rows for c in row.cells.values()} >= {
            "Coopérer 🐝",
            winner,
        }
    finally:
        await node.stop()
        await py.close()
