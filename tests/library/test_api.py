"""The library's JSON API: items, versions, sync, notes, collections, trash, permissions."""

import uuid

import pytest

BOOK = {
    "type": "book",
    "title": "L'économie sociale et solidaire",
    "author": [{"family": "Caire", "given": "Gilles"}, {"literal": "RIPESS Europe"}],
    "issued": {"date-parts": [[2019, 5]]},
    "publisher": "PUF",
    "ISBN": "978-2-13-079950-1",
    "tags": ["ESS", "VET"],
}


@pytest.fixture
def lib(cohort, api_as):
    space, people = cohort
    return space, api_as(people["participant"]), people


def _create(api, space, body=None, **headers):
    return api.post(f"/spaces/{space.id}/library/items", body or BOOK, **headers)


def test_create_read_and_list_items(lib):
    space, api, people = lib
    created = _create(api, space)
    assert created.status_code == 201, created.json_body
    item = created.json_body["items"][0]
    assert item["csl"]["author"][1] == {"literal": "RIPESS Europe"}
    assert item["tags"] == ["ESS", "VET"]
    assert item["added_by"]["id"] == people["participant"].id
    got = api.get(f"/library/items/{item['id']}")
    assert got.status_code == 200
    assert got["Last-Modified-Version"] == str(item["version"])
    listing = api.get(f"/spaces/{space.id}/library/items")
    assert listing.json_body["total"] == 1
    assert int(listing["Last-Modified-Version"]) == created.json_body["version"]


@pytest.mark.parametrize(
    "body, reason",
    [
        ({"type": "novel", "title": "x"}, "Unknown CSL item type"),
        ({"type": "book", "author": "Someone"}, "list of names"),
        ({"type": "book", "author": [{"nickname": "x"}]}, "Unknown name part"),
        ({"type": "book", "issued": {"date-parts": [["spring"]]}}, "numbers"),
        ({"type": "book", "issued": 2019}, "CSL date"),
        ({"type": "book", "tags": "a,b"}, "list of strings"),
    ],
)
def test_create_refuses_invalid_csl(lib, body, reason):
    space, api, _ = lib
    response = _create(api, space, body)
    assert response.status_code == 422
    assert reason in response.json_body["detail"]


def test_every_csl_type_dates_and_extra_fields_are_kept(lib):
    space, api, _ = lib
    from ruche.library.csl import ITEM_TYPES

    items = [{"type": t, "title": t} for t in sorted(ITEM_TYPES)]
    items[0].update(
        {
            "issued": {"date-parts": [[2019], [2021]], "circa": True},
            "accessed": "2020-22",
            "original-date": {"raw": "vers 1850"},
            "event-date": {"literal": "Printemps 2020"},
            "director": [{"family": "Varda", "given": "Agnès"}],
            "my-own-field": {"kept": True},
        }
    )
    response = _create(api, space, items)
    assert response.status_code == 201
    assert len(response.json_body["items"]) == len(ITEM_TYPES)
    first = next(i for i in response.json_body["items"] if i["csl"]["type"] == items[0]["type"])
    csl = first["csl"]
    assert csl["issued"] == {"date-parts": [[2019], [2021]], "circa": True}
    assert csl["accessed"] == {"date-parts": [[2020]], "season": 2}
    assert csl["original-date"] == {"raw": "vers 1850"}
    assert csl["custom"] == {"my-own-field": {"kept": True}}


def test_patch_bumps_versions_and_refuses_stale_writes(lib):
    space, api, _ = lib
    item = _create(api, space).json_body["items"][0]
    path = f"/library/items/{item['id']}"
    v = str(item["version"])
    guard = {"If-Unmodified-Since-Version": v}
    ok = api.patch(path, {"title": "New title", "volume": "2"}, **guard)
    assert ok.status_code == 200
    assert ok.json_body["csl"]["title"] == "New title"
    assert ok.json_body["csl"]["publisher"] == "PUF"
    assert ok.json_body["version"] > item["version"]
    stale = api.patch(path, {"title": "Lost"}, **{"If-Unmodified-Since-Version": v})
    assert stale.status_code == 412
    assert stale.json_body["current"]["version"] == ok.json_body["version"]
    assert api.get(path).json_body["csl"]["title"] == "New title"
    put_stale = api.put(path, {"type": "book", "title": "x"}, **{"If-Unmodified-Since-Version": v})
    assert put_stale.status_code == 412


def test_put_replaces_and_patch_null_removes(lib):
    space, api, _ = lib
    item = _create(api, space).json_body["items"][0]
    path = f"/library/items/{item['id']}"
    patched = api.patch(path, {"publisher": None, "tags": ["only"]})
    assert "publisher" not in patched.json_body["csl"]
    assert patched.json_body["tags"] == ["only"]
    put = api.put(path, {"type": "report", "title": "Replaced"})
    assert put.json_body["csl"] == {"type": "report", "title": "Replaced"}


def test_since_returns_changes_and_deletions(lib):
    space, api, _ = lib
    a = _create(api, space).json_body
    b = _create(api, space, {"type": "report", "title": "Second"}).json_body
    since = a["version"]
    changes = api.get(f"/spaces/{space.id}/library/items?since={since}").json_body
    assert [i["id"] for i in changes["items"]] == [b["items"][0]["id"]]
    assert changes["deleted"] == []
    api.delete(f"/library/items/{a['items'][0]['id']}?permanent=true")
    later = api.get(f"/spaces/{space.id}/library/items?since={b['version']}").json_body
    assert later["deleted"] == [a["items"][0]["id"]]
    assert later["version"] > b["version"]
    assert (
        api.get(f"/spaces/{space.id}/library/items?since={later['version']}").json_body["items"]
        == []
    )


def test_write_token_makes_a_repeated_create_idempotent(lib):
    space, api, _ = lib
    token = uuid.uuid4().hex
    first = _create(api, space, **{"Zotero-Write-Token": token})
    again = _create(api, space, **{"Zotero-Write-Token": token})
    ids = [i["id"] for i in first.json_body["items"]]
    assert [i["id"] for i in again.json_body["items"]] == ids
    assert api.get(f"/spaces/{space.id}/library/items").json_body["total"] == 1


def test_trash_restore_and_empty(lib):
    space, api, _ = lib
    item = _create(api, space).json_body["items"][0]
    assert api.delete(f"/library/items/{item['id']}").status_code == 204
    assert api.get(f"/spaces/{space.id}/library/items").json_body["total"] == 0
    trash = api.get(f"/spaces/{space.id}/library/items?trashed=true").json_body
    assert trash["items"][0]["trashed"] is True
    restored = api.post(f"/library/items/{item['id']}/restore")
    assert restored.json_body["trashed"] is False
    api.delete(f"/library/items/{item['id']}")
    assert api.delete(f"/spaces/{space.id}/library/trash").json_body == {"deleted": 1}
    assert api.get(f"/library/items/{item['id']}").status_code == 404


def test_notes_are_sanitised_and_searchable(lib):
    space, api, _ = lib
    item = _create(api, space).json_body["items"][0]
    html = '<p onclick="x()">Lu en <strong>atelier</strong><script>alert(1)</script></p>'
    note = api.post(f"/library/items/{item['id']}/notes", {"html": html})
    assert note.status_code == 201
    assert note.json_body["html"] == "<p>Lu en <strong>atelier</strong></p>"
    found = api.get(f"/spaces/{space.id}/library/items?q=atelier").json_body
    assert found["total"] == 1
    edited = api.patch(f"/library/notes/{note.json_body['id']}", {"html": "<p>relu</p>"})
    assert edited.json_body["html"] == "<p>relu</p>"
    assert api.get(f"/spaces/{space.id}/library/items?q=atelier").json_body["total"] == 0
    assert api.delete(f"/library/notes/{note.json_body['id']}").status_code == 204


def test_nested_collections_hold_items_in_several(lib):
    space, api, _ = lib
    base = f"/spaces/{space.id}/library/collections"
    parent = api.post(base, {"name": "Module"}).json_body
    child = api.post(base, {"name": "Day 1", "parent_id": parent["id"]}).json_body
    other = api.post(base, {"name": "Readings"}).json_body
    body = {**BOOK, "collections": [child["id"], other["id"]]}
    item = _create(api, space, body).json_body["items"][0]
    assert sorted(item["collections"]) == sorted([child["id"], other["id"]])
    tree = api.get(base).json_body
    assert [(c["name"], c["depth"]) for c in tree] == [("Module", 0), ("Day 1", 1), ("Readings", 0)]
    listed = api.get(f"/spaces/{space.id}/library/items?collection={child['id']}").json_body
    assert listed["total"] == 1
    loop = api.patch(f"/library/collections/{parent['id']}",
                     {"parent_id": child["id"], "move": True})  # fmt: skip
    assert loop.status_code == 422
    assert api.delete(f"/library/collections/{parent['id']}").status_code == 204
    assert [c["name"] for c in api.get(base).json_body] == ["Readings"]


def test_observer_reads_but_cannot_write(cohort, api_as):
    space, people = cohort
    writer, observer = api_as(people["participant"]), api_as(people["observer"])
    item = _create(writer, space).json_body["items"][0]
    assert observer.get(f"/library/items/{item['id']}").status_code == 200
    assert _create(observer, space).status_code == 403
    assert observer.patch(f"/library/items/{item['id']}", {"title": "x"}).status_code == 403
    assert observer.delete(f"/library/items/{item['id']}").status_code == 403
    note = observer.post(f"/library/items/{item['id']}/notes", {"html": "x"})
    assert note.status_code == 403
    collection = observer.post(f"/spaces/{space.id}/library/collections", {"name": "x"})
    assert collection.status_code == 403


def test_another_cohort_cannot_see_this_library(cohort, api_as, make_user, make_space):
    space, people = cohort
    item = _create(api_as(people["participant"]), space).json_body["items"][0]
    stranger = make_user("Stranger")
    make_space("cohort", members={stranger: "facilitator"})
    api = api_as(stranger)
    assert api.get(f"/spaces/{space.id}/library/items").status_code == 404
    assert api.get(f"/library/items/{item['id']}").status_code == 404
    assert api.patch(f"/library/items/{item['id']}", {"title": "x"}).status_code == 404
    assert api.get(f"/spaces/{space.id}/library/bibliography").status_code == 404
    assert api.get("/library/items/not-a-uuid").status_code == 404
    assert api_as(None).get(f"/spaces/{space.id}/library/items").status_code == 401


def test_guests_write_only_when_the_space_allows_it(cohort, api_as, make_user):
    from ruche.spaces.models import Membership

    space, _ = cohort
    guest = make_user("Guest")
    Membership.objects.create(space=space, user=guest, role="guest")
    assert _create(api_as(guest), space).status_code == 201
    space.guests_can_edit = False
    space.save()
    assert _create(api_as(guest), space).status_code == 403


def test_personal_data_export_lists_items_and_notes(lib):
    space, api, people = lib
    item = _create(api, space).json_body["items"][0]
    api.post(f"/library/items/{item['id']}/notes", {"html": "<p>mine</p>"})
    export = api.get("/me/export").json_body
    library = export["library"] if "library" in export else export["apps"]["library"]
    assert [i["id"] for i in library["items_added"]] == [item["id"]]
    assert library["notes"][0]["html"] == "<p>mine</p>"


def test_note_links_cannot_carry_scripts(lib):
    space, api, _ = lib
    item = _create(api, space).json_body["items"][0]
    html = '<a href="javascript:alert(1)" onmouseover="x()">x</a><img src=x onerror=alert(1)>'
    note = api.post(f"/library/items/{item['id']}/notes", {"html": html}).json_body
    assert "javascript" not in note["html"]
    assert "onerror" not in note["html"] and "<img" not in note["html"]
