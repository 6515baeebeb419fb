"""Real Yjs clients (pycrdt over websockets) on a real ASGI server edit one table: edits to
different cells converge, a race on one cell resolves the same way everywhere (the higher
Yjs client id wins), observers read but cannot write, strangers cannot open the room."""

import asyncio

import pytest
import websockets
from asgiref.sync import sync_to_async
from pycrdt import Doc, Map

from ruche.accounts.services import token_create
from ruche.realtime.services import document_state
from ruche.tables.document import content_read
from ruche.tables.services import table_create
from tests.realtime.yclient import YClient, wait_until


@pytest.fixture
def site(asgi_server, make_user, make_space):
    fac, ana, bo, olga, xav = (make_user(n) for n in ("Fac", "Ana", "Bo", "Olga", "Xav"))
    community = make_space("community", members={fac: "facilitator"})
    roles = {ana: "participant", bo: "participant", olga: "observer"}
    cohort = make_space("cohort", parent=community, members=roles)
    make_space("cohort", parent=community, members={xav: "participant"})
    table = table_create(
        actor=ana, space_id=cohort.id, title="Skills x programmes",
        columns=[{"name": "Skill", "type": "text"}, {"name": "Hours", "type": "number"}],
    )  # fmt: skip
    content = content_read(document_state(room=table.room))
    tokens = {u.display_name: token_create(user=u, label="t")[1] for u in (ana, bo, olga, xav)}
    return asgi_server, table, content, tokens


def client(server, table, token, doc=None):
    return YClient(f"{server.ws_url}{table.ws_path}?token={token}", doc)


def cells(doc: Doc, row: str) -> dict:
    value = doc.get("rows", type=Map).get(row)
    return value.to_py() if isinstance(value, Map) else {}


async def stored(table):
    return await sync_to_async(lambda: content_read(document_state(room=table.room)))()


async def connected(*clients):
    await asyncio.gather(*(c.connect() for c in clients))
    await asyncio.gather(*(asyncio.wait_for(c.synced.wait(), 10) for c in clients))


@pytest.mark.asyncio
async def test_edits_to_different_cells_converge(site):
    server, table, content, tokens = site
    skill, hours = (c.id for c in content.columns)
    r0, r1, r2 = (r.id for r in content.rows)
    a, b = client(server, table, tokens["Ana"]), client(server, table, tokens["Bo"])
    await connected(a, b)
    try:
        rows_a, rows_b = a.doc.get("rows", type=Map), b.doc.get("rows", type=Map)
        for i in range(20):  # interleaved, without waiting for each other
            rows_a[r0][skill] = f"coopération {i} 😀"
            rows_b[r1][hours] = float(i)
            rows_b[r2][skill] = f"学习 {i}"
            rows_a[r2][hours] = i + 0.5
        expected = {
            r0: {skill: "coopération 19 😀"}, r1: {hours: 19.0},
            r2: {skill: "学习 19", hours: 19.5},
        }  # fmt: skip
        await wait_until(lambda: all(cells(a.doc, r) == v for r, v in expected.items()))
        await wait_until(lambda: all(cells(b.doc, r) == v for r, v in expected.items()))
        rows = {}

        async def server_has_all():
            rows.update({row.id: row.cells for row in (await stored(table)).rows})
            return rows == expected  # 19 == 19.0: the store gives integral numbers as int

        for _attempt in range(100):
            if await server_has_all():
                break
            await asyncio.sleep(0.05)
        assert await server_has_all(), rows
    finally:
        await asyncio.gather(a.close(), b.close())


@pytest.mark.asyncio
async def test_same_cell_race_resolves_the_same_everywhere(site):
    server, table, content, tokens = site
    skill = content.columns[0].id
    row = content.rows[0].id
    a, b = client(server, table, tokens["Ana"]), client(server, table, tokens["Bo"])
    await connected(a, b)
    try:
        await asyncio.gather(a.go_offline(), b.go_offline())
        a.doc.get("rows", type=Map)[row][skill] = "Ana's value"
        b.doc.get("rows", type=Map)[row][skill] = "Bo's value"
        await connected(a, b)
        winner = "Ana's value" if a.doc.client_id > b.doc.client_id else "Bo's value"
        await wait_until(lambda: cells(a.doc, row).get(skill) == winner)
        await wait_until(lambda: cells(b.doc, row).get(skill) == winner)
        late = client(server, table, tokens["Bo"])
        await connected(late)
        assert cells(late.doc, row).get(skill) == winner
        await late.close()
        assert (await stored(table)).rows[0].cells.get(skill) == winner
    finally:
        await asyncio.gather(a.close(), b.close())


@pytest.mark.asyncio
async def test_observer_reads_live_but_cannot_write(site):
    server, table, content, tokens = site
    skill = content.columns[0].id
    row = content.rows[0].id
    ana, olga = client(server, table, tokens["Ana"]), client(server, table, tokens["Olga"])
    await connected(ana, olga)
    try:
        ana.doc.get("rows", type=Map)[row][skill] = "from Ana"
        await wait_until(lambda: cells(olga.doc, row).get(skill) == "from Ana")
        olga.doc.get("rows", type=Map)[row][skill] = "from Olga"
        await asyncio.sleep(0.5)
        assert cells(ana.doc, row).get(skill) == "from Ana"
        assert (await stored(table)).rows[0].cells.get(skill) == "from Ana"
    finally:
        await asyncio.gather(ana.close(), olga.close())


@pytest.mark.asyncio
async def test_strangers_and_anonymous_cannot_open_the_room(site):
    server, table, _content, tokens = site
    for url in (
        f"{server.ws_url}{table.ws_path}?token={tokens['Xav']}",
        f"{server.ws_url}{table.ws_path}",
        f"{server.ws_url}/ws/tables/00000000-0000-0000-0000-000000000000?token={tokens['Ana']}",
    ):
        async with websockets.connect(url) as ws:
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 5)
        assert closed.value.rcvd.code in (4401, 4404), url
