"""Saved views of a table: personal and shared, their permissions, and the rows they show
(filtered, sorted, grouped, with totals per group)."""

import pytest

from ruche.tables.models import TableView


@pytest.fixture
def table(world, api_as):
    """Initiatives with a theme, a budget and a visited flag, created by the participant."""
    api = api_as(world["participant"])
    created = api.post(f"/spaces/{world['cohort'].id}/tables", {"title": "Initiatives", "columns": [
        {"name": "Name", "type": "text"}, {"name": "Theme", "type": "choice",
                                           "options": ["Food", "Housing"]},
        {"name": "Budget", "type": "number"}, {"name": "Visited", "type": "yes_no"},
    ]}).json_body  # fmt: skip
    full = api.get(f"/tables/{created['id']}").json_body
    name, theme, budget, visited = (c["id"] for c in full["columns"])
    rows = [
        {name: "Épicerie", theme: "Food", budget: 1200, visited: True},
        {name: "Habitat", theme: "Housing", budget: 300.5},
        {name: "Café", theme: "Food", budget: 800, visited: False},
        {name: "atelier", budget: 50},
        {name: "Zoo"},
    ]
    api.patch(f"/tables/{created['id']}", {"remove_rows": [r["id"] for r in full["rows"]],
                                          "rows": rows})  # fmt: skip
    return {"id": created["id"], "name": name, "theme": theme, "budget": budget,
            "visited": visited}  # fmt: skip


def names(body, table):
    return [row["cells"].get(table["name"]) for row in body["rows"]]


def test_personal_view_is_its_owners_alone(world, api_as, table):
    pia, obs = api_as(world["participant"]), api_as(world["observer"])
    mine = obs.post(f"/tables/{table['id']}/views", {
        "name": "My budget view", "sort": [{"column": table["budget"], "direction": "desc"}],
    })  # fmt: skip
    assert mine.status_code == 201, mine.json_body
    assert mine.json_body["shared"] is False
    view_id = mine.json_body["id"]
    assert [v["name"] for v in obs.get(f"/tables/{table['id']}/views").json_body] == [
        "My budget view"
    ]
    assert pia.get(f"/tables/{table['id']}/views").json_body == []
    for call in (pia.get, pia.delete):
        assert call(f"/tables/views/{view_id}").status_code == 404
    assert pia.patch(f"/tables/views/{view_id}", {"name": "Mine now"}).status_code == 404
    assert pia.get(f"/tables/views/{view_id}/rows").status_code == 404
    renamed = obs.patch(f"/tables/views/{view_id}", {"name": "  Budget,   biggest first "})
    assert renamed.json_body["name"] == "Budget, biggest first"
    body = obs.get(f"/tables/views/{view_id}/rows").json_body
    assert names(body, table) == ["Épicerie", "Café", "Habitat", "atelier", "Zoo"]
    assert obs.delete(f"/tables/views/{view_id}").status_code == 204
    assert not TableView.objects.exists()


def test_shared_views_seen_by_viewers_changed_by_contributors(world, api_as, table):
    pia, obs = api_as(world["participant"]), api_as(world["observer"])
    outsider, fac = api_as(world["outsider"]), api_as(world["facilitator"])
    refused = obs.post(f"/tables/{table['id']}/views", {"name": "Team", "shared": True})
    assert refused.status_code == 403
    shared = pia.post(f"/tables/{table['id']}/views", {"name": "Team", "shared": True}).json_body
    assert shared["shared"] is True and shared["owner_id"] is None
    assert [v["id"] for v in obs.get(f"/tables/{table['id']}/views").json_body] == [shared["id"]]
    assert obs.get(f"/tables/views/{shared['id']}/rows").status_code == 200
    assert obs.patch(f"/tables/views/{shared['id']}", {"name": "Mine"}).status_code == 403
    assert obs.delete(f"/tables/views/{shared['id']}").status_code == 403
    assert outsider.get(f"/tables/{table['id']}/views").status_code == 404
    assert outsider.get(f"/tables/views/{shared['id']}").status_code == 404
    assert outsider.post(f"/tables/{table['id']}/views", {"name": "X"}).status_code == 404
    changed = fac.patch(f"/tables/views/{shared['id']}", {"group_by": table["theme"]})
    assert changed.status_code == 200 and changed.json_body["group_by"] == table["theme"]
    # An observer's personal view cannot be shared by them; the participant's can.
    own = obs.post(f"/tables/{table['id']}/views", {"name": "Own"}).json_body
    assert obs.patch(f"/tables/views/{own['id']}", {"shared": True}).status_code == 403
    pias = pia.post(f"/tables/{table['id']}/views", {"name": "Later shared"}).json_body
    assert pia.patch(f"/tables/views/{pias['id']}", {"shared": True}).json_body["shared"]
    listed = [v["name"] for v in obs.get(f"/tables/{table['id']}/views").json_body]
    assert listed == ["Later shared", "Team", "Own"]
    assert pia.delete(f"/tables/views/{shared['id']}").status_code == 204
    assert api_as(None).get(f"/tables/{table['id']}/views").status_code == 401


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"name": "   "}, 422),
        ({"name": "x", "sort": [{"column": "c1", "direction": "sideways"}]}, 422),
        ({"name": "x", "sort": [{"column": "bad id!", "direction": "asc"}]}, 422),
        ({"name": "x", "sort": [{"column": "c1"}] * 6}, 422),
        ({"name": "x", "filters": [{"column": "c1", "op": "regex", "value": ".*"}]}, 422),
        ({"name": "x", "filters": [{"column": "c1", "op": "equals", "value": {"a": 1}}]}, 422),
        ({"name": "x", "hidden": [3]}, 422),
        ({"name": "x", "group_by": "../../etc"}, 422),
        ({"sort": []}, 422),
    ],
)
def test_bad_views_are_refused_and_nothing_is_stored(world, api_as, table, body, status):
    response = api_as(world["participant"]).post(f"/tables/{table['id']}/views", body)
    assert response.status_code == status, response.json_body
    assert not TableView.objects.exists()


def test_bad_change_leaves_the_view_as_it_was(world, api_as, table):
    pia = api_as(world["participant"])
    view = pia.post(f"/tables/{table['id']}/views", {"name": "Kept"}).json_body
    bad = pia.patch(f"/tables/views/{view['id']}", {"name": "New", "filters": [{"op": "nope"}]})
    assert bad.status_code == 422
    assert pia.get(f"/tables/views/{view['id']}").json_body["name"] == "Kept"
    assert pia.get("/tables/views/not-a-uuid").status_code == 404


def test_filters_sort_and_hidden_columns(world, api_as, table):
    pia = api_as(world["participant"])
    view = pia.post(f"/tables/{table['id']}/views", {
        "name": "Funded", "hidden": [table["visited"]],
        "filters": [{"column": table["budget"], "op": "gt", "value": 100},
                    {"column": "", "op": "contains", "value": "épi"}],
        "sort": [{"column": table["name"], "direction": "asc"}],
    }).json_body  # fmt: skip
    body = pia.get(f"/tables/views/{view['id']}/rows").json_body
    assert names(body, table) == ["Épicerie"]
    assert table["visited"] not in [c["id"] for c in body["columns"]]
    assert body["totals"] == {table["budget"]: 1200}
    pia.patch(f"/tables/views/{view['id']}", {"filters": [
        {"column": table["theme"], "op": "empty"}]})  # fmt: skip
    assert names(pia.get(f"/tables/views/{view['id']}/rows").json_body, table) == ["atelier", "Zoo"]
    pia.patch(f"/tables/views/{view['id']}", {"filters": [
        {"column": table["visited"], "op": "equals", "value": True}]})  # fmt: skip
    assert names(pia.get(f"/tables/views/{view['id']}/rows").json_body, table) == ["Épicerie"]
    pia.patch(f"/tables/views/{view['id']}", {"filters": []})
    body = pia.get(f"/tables/views/{view['id']}/rows").json_body
    assert names(body, table) == ["atelier", "Café", "Épicerie", "Habitat", "Zoo"]


def test_grouping_counts_and_totals_per_group(world, api_as, table):
    pia = api_as(world["participant"])
    view = pia.post(f"/tables/{table['id']}/views", {
        "name": "By theme", "group_by": table["theme"],
        "sort": [{"column": table["budget"], "direction": "asc"}],
    }).json_body  # fmt: skip
    body = pia.get(f"/tables/views/{view['id']}/rows").json_body
    groups = [(g["value"], g["count"], g["totals"][table["budget"]]) for g in body["groups"]]
    assert groups == [("Food", 2, 2000), ("Housing", 1, 300.5), (None, 2, 50)]
    assert names(body, table) == ["Café", "Épicerie", "Habitat", "atelier", "Zoo"]
    assert body["groups"][0]["rows"] == [r["id"] for r in body["rows"][:2]]
    assert body["totals"] == {table["budget"]: 2350.5}
    by_visited = pia.patch(f"/tables/views/{view['id']}", {"group_by": table["visited"]})
    body = pia.get(f"/tables/views/{by_visited.json_body['id']}/rows").json_body
    assert [(g["value"], g["count"]) for g in body["groups"]] == [(False, 1), (True, 1), (None, 3)]
    # A column deleted since the view was saved is ignored, not an error.
    pia.patch(f"/tables/{table['id']}", {"columns": [{"id": table["visited"], "remove": True}]})
    body = pia.get(f"/tables/views/{view['id']}/rows").json_body
    assert body["groups"] is None and body["count"] == 5


def test_views_go_with_their_table(world, api_as, table):
    pia = api_as(world["participant"])
    pia.post(f"/tables/{table['id']}/views", {"name": "A", "shared": True})
    assert pia.delete(f"/tables/{table['id']}").status_code == 204
    assert not TableView.objects.exists()


def test_link_titles_come_from_the_tables_space_only(world, api_as, make_space):
    from ruche.library.services import items_create
    from ruche.wiki.services import wiki_page_create

    fac, pia = world["facilitator"], api_as(world["participant"])
    cohort, other = world["cohort"], world["other_cohort"]
    [item] = items_create(actor=fac, space=cohort, items=[{"type": "book", "title": "Le livre"}])
    [elsewhere] = items_create(actor=fac, space=other, items=[{"type": "book", "title": "Secret"}])
    page = wiki_page_create(actor=fac, space_id=cohort.id, title="Compte rendu")
    table = pia.post(
        f"/spaces/{cohort.id}/tables",
        {
            "title": "Links",
            "columns": [
                {"name": "Item", "type": "library_item"},
                {"name": "Page", "type": "wiki_page"},
            ],
        },
    ).json_body
    full = pia.get(f"/tables/{table['id']}").json_body
    item_col, page_col = (c["id"] for c in full["columns"])
    rows = [r["id"] for r in full["rows"]]
    pia.patch(f"/tables/{table['id']}", {"cells": [
        {"row": rows[0], "column": item_col, "value": str(item.id)},
        {"row": rows[1], "column": item_col, "value": str(elsewhere.id)},
        {"row": rows[0], "column": page_col, "value": str(page.id)},
    ]})  # fmt: skip
    links = api_as(world["observer"]).get(f"/tables/{table['id']}/links").json_body
    assert links == {
        "library_item": {str(item.id): {"title": "Le livre", "url": f"/library/items/{item.id}/"}},
        "wiki_page": {str(page.id): {"title": "Compte rendu", "url": f"/wiki/pages/{page.id}/"}},
    }
    assert api_as(world["outsider"]).get(f"/tables/{table['id']}/links").status_code == 404


def test_people_sort_and_group_by_name_not_by_id(world, api_as):
    pia, obs = world["participant"], world["observer"]
    api = api_as(pia)
    table = api.post(f"/spaces/{world['cohort'].id}/tables", {"title": "Who", "columns": [
        {"name": "Who", "type": "person"}]}).json_body  # fmt: skip
    full = api.get(f"/tables/{table['id']}").json_body
    who, rows = full["columns"][0]["id"], [r["id"] for r in full["rows"]]
    assert pia.pk < obs.pk  # by id Pia would come first
    api.patch(f"/tables/{table['id']}", {"cells": [
        {"row": rows[0], "column": who, "value": str(pia.pk)},
        {"row": rows[1], "column": who, "value": str(obs.pk)}]})  # fmt: skip
    view = api.post(f"/tables/{table['id']}/views", {
        "name": "By person", "sort": [{"column": who, "direction": "asc"}]}).json_body  # fmt: skip
    body = api.get(f"/tables/views/{view['id']}/rows").json_body
    assert [r["cells"].get(who) for r in body["rows"]] == [str(obs.pk), str(pia.pk), None]
    api.patch(f"/tables/views/{view['id']}", {"group_by": who, "sort": []})
    body = api.get(f"/tables/views/{view['id']}/rows").json_body
    assert [g["value"] for g in body["groups"]] == [str(obs.pk), str(pia.pk), None]
