"""A wiki page has the pads' history: named versions, diff, restore and authorship on its
room `wiki:<uuid>`; and the realtime gate of that room."""

import pytest

from ruche.core.errors import NotFound
from ruche.realtime.kinds import resolve_room_access

from .conftest import text_of, write


def test_versions_diff_restore_authorship(world, api_as):
    api = api_as(world["participant"])
    page = api.post(f"/spaces/{world['cohort'].id}/wiki/pages", {"title": "Log"}).json_body
    room, url = f"wiki:{page['id']}", f"/wiki/pages/{page['id']}"
    write(room, "First words.", world["participant"])
    version = api.post(f"{url}/versions", {"label": "before the visit"})
    assert version.status_code == 201
    assert api.post(f"{url}/versions", {"label": "  "}).status_code == 422
    write(room, "Added by the facilitator.", world["facilitator"])

    listed = api.get(f"{url}/versions").json_body
    assert "before the visit" in [v["label"] for v in listed]
    shown = api.get(f"{url}/versions/{version.json_body['id']}").json_body
    assert shown["text"] == "First words."
    diff = api.get(f"{url}/diff?from={version.json_body['id']}").json_body
    assert "Added" in str(diff)
    authors = api.get(f"{url}/authorship").json_body
    assert {"F", "P"} <= {a["name"] for a in authors["authors"]}

    observer = api_as(world["observer"])
    restore = f"{url}/versions/{version.json_body['id']}/restore"
    assert observer.post(restore).status_code == 403
    assert api.post(restore).status_code == 201
    assert text_of(room) == "First words."


def test_realtime_gate_of_wiki_rooms(world, api_as):
    page = api_as(world["participant"]).post(
        f"/spaces/{world['cohort'].id}/wiki/pages", {"title": "Live"}
    ).json_body  # fmt: skip
    writer = resolve_room_access("wiki", world["participant"], page["id"])
    assert writer.room == f"wiki:{page['id']}" and writer.can_write
    assert not resolve_room_access("wiki", world["observer"], page["id"]).can_write
    with pytest.raises(NotFound):
        resolve_room_access("wiki", world["outsider"], page["id"])
    with pytest.raises(NotFound):
        resolve_room_access("wiki", world["participant"], "00000000-0000-0000-0000-000000000000")
