"""The tables API: create, read, change cells and columns, delete; history; refusals."""

import pytest

from ruche.realtime.models import DocumentUpdate
from ruche.spaces.models import Activity
from ruche.tables.models import Table
from tests.tables.conftest import download, upload


def create(api, space, **body):
    return api.post(f"/spaces/{space.id}/tables", {"title": "Initiatives", **body})


def test_create_read_and_edit(world, api_as):
    api = api_as(world["participant"])
    response = create(api, world["cohort"], columns=[
        {"name": "Name", "type": "text"}, {"name": "Budget", "type": "number", "width": 90},
        {"name": "Visited", "type": "yes_no"},
        {"name": "Theme", "type": "choice", "options": ["Food", "Housing"]},
    ])  # fmt: skip
    assert response.status_code == 201, response.json_body
    table = response.json_body
    assert table["ws_path"] == f"/ws/tables/{table['id']}"
    full = api.get(f"/tables/{table['id']}").json_body
    names = [c["name"] for c in full["columns"]]
    assert names == ["Name", "Budget", "Visited", "Theme"]
    assert full["columns"][1]["width"] == 90
    assert len(full["rows"]) == 3
    name, budget, visited, theme = (c["id"] for c in full["columns"])
    row = full["rows"][1]["id"]
    changed = api.patch(f"/tables/{table['id']}", {"cells": [
        {"row": row, "column": name, "value": "Café associatif « La Ruche » 🐝"},
        {"row": row, "column": budget, "value": 1250.5},
        {"row": row, "column": visited, "value": True},
        {"row": row, "column": theme, "value": "Food"},
    ], "rows": [{name: "Épicerie"}]})  # fmt: skip
    assert changed.status_code == 200, changed.json_body
    cells = {r["id"]: r["cells"] for r in changed.json_body["rows"]}
    assert cells[row] == {
        name: "Café associatif « La Ruche » 🐝",
        budget: 1250.5,
        visited: True,
        theme: "Food",
    }
    assert changed.json_body["rows"][-1]["cells"] == {name: "Épicerie"}
    assert Activity.objects.filter(verb="table_created", object_name="Initiatives").exists()
    assert set(DocumentUpdate.objects.filter(room=f"table:{table['id']}").values_list(
        "author_id", flat=True)) == {world["participant"].pk}  # fmt: skip


def test_columns_change_rename_remove_and_rows_removed(world, api_as):
    api = api_as(world["participant"])
    table = create(api, world["cohort"]).json_body
    full = api.get(f"/tables/{table['id']}").json_body
    first = full["columns"][0]["id"]
    changed = api.patch(f"/tables/{table['id']}", {
        "title": "Visites", "columns": [
            {"id": first, "name": "Initiative", "width": 300},
            {"name": "Date", "type": "date"},
        ], "remove_rows": [full["rows"][0]["id"]],
    }).json_body  # fmt: skip
    assert changed["title"] == "Visites"
    assert [(c["name"], c["type"], c["width"]) for c in changed["columns"]] == [
        ("Initiative", "text", 300),
        ("Date", "date", 160),
    ]
    assert len(changed["rows"]) == 2
    gone = api.patch(f"/tables/{table['id']}", {"columns": [{"id": first, "remove": True}]})
    assert [c["name"] for c in gone.json_body["columns"]] == ["Date"]


@pytest.mark.parametrize(
    "patch",
    [
        {"columns": [{"name": "X", "type": "spreadsheet"}]},
        {"columns": [{"name": "X", "width": 5}]},
        {"columns": [{"name": " "}]},
        {"columns": [{"id": "nope", "name": "Y"}]},
        {"title": "  "},
        {"cells": [{"row": "nope", "column": "nope", "value": 1}]},
    ],
)
def test_hostile_changes_are_refused_and_change_nothing(world, api_as, patch):
    api = api_as(world["participant"])
    table = create(api, world["cohort"]).json_body
    before = api.get(f"/tables/{table['id']}").json_body
    response = api.patch(f"/tables/{table['id']}", patch)
    assert response.status_code == 422
    after = api.get(f"/tables/{table['id']}").json_body
    assert (after["title"], after["columns"], after["rows"]) == (
        before["title"],
        before["columns"],
        before["rows"],
    )


def test_values_must_fit_their_column(world, api_as):
    api = api_as(world["participant"])
    columns = [{"name": "N", "type": "number"}, {"name": "D", "type": "date"},
               {"name": "U", "type": "url"}]  # fmt: skip
    table = create(api, world["cohort"], columns=columns).json_body
    full = api.get(f"/tables/{table['id']}").json_body
    row = full["rows"][0]["id"]
    for column, value in zip(
        full["columns"], ["12", "31/02/2026", "javascript:alert(1)"], strict=True
    ):
        response = api.patch(
            f"/tables/{table['id']}",
            {"cells": [{"row": row, "column": column["id"], "value": value}]},
        )
        assert response.status_code == 422, (column, value)


def test_cell_history_says_who_changed_it_when_and_from_what(world, api_as):
    pia, fac = api_as(world["participant"]), api_as(world["facilitator"])
    table = create(pia, world["cohort"]).json_body
    full = pia.get(f"/tables/{table['id']}").json_body
    row, column = full["rows"][0]["id"], full["columns"][0]["id"]
    url = f"/tables/{table['id']}"
    pia.patch(url, {"cells": [{"row": row, "column": column, "value": "first"}]})
    fac.patch(url, {"cells": [{"row": row, "column": column, "value": "second"}]})
    pia.patch(url, {"cells": [{"row": full["rows"][1]["id"], "column": column, "value": "x"}]})
    history = pia.get(f"{url}/cells/{row}/{column}/history").json_body
    assert [(h["author"]["name"], h["from"], h["to"]) for h in history] == [
        (world["facilitator"].public_name, "first", "second"),
        (world["participant"].public_name, None, "first"),
    ]
    assert all(h["at"] for h in history)


def test_permissions_on_every_endpoint(world, api_as):
    pia = api_as(world["participant"])
    table = create(pia, world["cohort"]).json_body
    url = f"/tables/{table['id']}"
    csv = b"a,b\n1,2\n"
    space = world["cohort"]
    stranger, observer, anonymous = (
        api_as(world["outsider"]),
        api_as(world["observer"]),
        api_as(None),
    )
    reads = [f"/spaces/{space.id}/tables", url, f"{url}/export?format=csv",
             f"{url}/cells/r/c/history"]  # fmt: skip
    for path in reads:
        assert stranger.get(path).status_code == 404, path
        assert anonymous.get(path).status_code == 401, path
        assert observer.get(path).status_code == 200, path
    assert stranger.patch(url, {"title": "x"}).status_code == 404
    assert observer.patch(url, {"title": "x"}).status_code == 403
    assert anonymous.patch(url, {"title": "x"}).status_code == 401
    assert create(stranger, space).status_code == 404
    assert create(observer, space).status_code == 403
    assert create(anonymous, space).status_code == 401
    assert upload(stranger, space, csv).status_code == 404
    assert upload(observer, space, csv).status_code == 403
    assert upload(anonymous, space, csv).status_code == 401
    assert stranger.delete(url).status_code == 404
    assert observer.delete(url).status_code == 403
    assert anonymous.delete(url).status_code == 401
    assert api_as(world["facilitator"]).get(url).status_code == 200
    assert Table.objects.count() == 1
    assert pia.delete(url).status_code == 204
    assert not DocumentUpdate.objects.filter(room=f"table:{table['id']}").exists()
    assert pia.get(url).status_code == 404


def test_only_creator_or_manager_deletes(world, api_as, make_user):
    pia = api_as(world["participant"])
    table = create(pia, world["cohort"]).json_body
    peer = make_user("Peer")
    from ruche.spaces.models import Membership

    Membership.objects.create(space=world["cohort"], user=peer, role="participant")
    assert api_as(peer).delete(f"/tables/{table['id']}").status_code == 403
    assert api_as(world["facilitator"]).delete(f"/tables/{table['id']}").status_code == 204


def test_export_unknown_format_refused(world, api_as):
    pia = api_as(world["participant"])
    table = create(pia, world["cohort"]).json_body
    assert pia.get(f"/tables/{table['id']}/export?format=pdf").status_code == 422
    assert download(pia, table["id"], "csv").startswith(b"\xef\xbb\xbfName\r\n")


def test_personal_data_export_lists_my_tables_and_edits(world, api_as):
    from ruche.accounts.selectors import personal_data_export

    api = api_as(world["participant"])
    table = create(api, world["cohort"]).json_body
    data = personal_data_export(actor=world["participant"])["tables"]
    assert [t["id"] for t in data["created"]] == [table["id"]]
    assert data["updates_count"] == 1
