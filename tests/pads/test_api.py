"""The pads CRUD API, with its refusals."""

import pytest

from ruche.accounts.selectors import personal_data_export
from ruche.realtime.models import DocumentUpdate
from ruche.realtime.services import document_apply_update, document_state
from ruche.spaces.models import Activity


@pytest.fixture
def world(make_user, make_space):
    facilitator, participant, observer, guest = (make_user(n) for n in "FPOG")
    outsider = make_user("X")
    community = make_space("community", members={facilitator: "facilitator"})
    cohort = make_space("cohort", parent=community, members={participant: "participant",
                        observer: "observer", guest: "guest"})  # fmt: skip
    other_cohort = make_space("cohort", parent=community, members={outsider: "participant"})
    elsewhere = make_space("community", members={participant: "participant"})
    return locals()


def create(api, space, title="Notes"):
    return api.post(f"/spaces/{space.id}/pads", {"title": title})


def test_create_list_get(world, api_as):
    api = api_as(world["participant"])
    response = create(api, world["cohort"], "  Field   visit  ")
    assert response.status_code == 201
    pad = response.json_body
    assert pad["title"] == "Field visit"
    assert pad["space_id"] == str(world["cohort"].id)
    assert pad["ws_path"] == f"/ws/pads/{pad['id']}"
    assert pad["archived"] is False
    assert {"created_at", "updated_at"} <= pad.keys()
    listed = api.get(f"/spaces/{world['cohort'].id}/pads").json_body
    assert [p["id"] for p in listed] == [pad["id"]]
    assert api_as(world["observer"]).get(f"/pads/{pad['id']}").json_body["title"] == "Field visit"
    assert Activity.objects.filter(verb="pad_created", object_name="Field visit").exists()


def test_create_refusals(world, api_as):
    cohort = world["cohort"]
    cohort.guests_can_edit = False
    cohort.save()
    assert create(api_as(world["observer"]), cohort).status_code == 403
    assert create(api_as(world["guest"]), cohort).status_code == 403
    assert create(api_as(world["outsider"]), cohort).status_code == 404
    assert create(api_as(None), cohort).status_code == 401
    assert create(api_as(world["participant"]), cohort, "   ").status_code == 422
    assert create(api_as(world["participant"]), cohort, "x" * 201).status_code == 422
    assert (
        api_as(world["participant"]).post("/spaces/not-a-uuid/pads", {"title": "a"}).status_code
        == 404
    )


def test_guest_creates_when_the_space_allows(world, api_as):
    assert world["cohort"].guests_can_edit  # the default
    assert create(api_as(world["guest"]), world["cohort"]).status_code == 201


def test_hidden_from_other_cohorts(world, api_as):
    pad = create(api_as(world["participant"]), world["cohort"]).json_body
    outsider = api_as(world["outsider"])
    assert outsider.get(f"/pads/{pad['id']}").status_code == 404
    assert outsider.patch(f"/pads/{pad['id']}", {"title": "mine"}).status_code == 404
    assert outsider.delete(f"/pads/{pad['id']}").status_code == 404
    assert outsider.get(f"/spaces/{world['cohort'].id}/pads").status_code == 404
    assert outsider.get("/pads/00000000-0000-0000-0000-000000000000").status_code == 404
    assert outsider.get("/pads/nonsense").status_code == 404


def test_rename_and_refusals(world, api_as, make_user):
    pad = create(api_as(world["participant"]), world["cohort"]).json_body
    other = make_user("Other participant")
    world["cohort"].memberships.create(user=other, role="participant")
    renamed = api_as(other).patch(f"/pads/{pad['id']}", {"title": "Minutes"})
    assert renamed.status_code == 200 and renamed.json_body["title"] == "Minutes"
    assert api_as(world["observer"]).patch(f"/pads/{pad['id']}", {"title": "x"}).status_code == 403
    assert api_as(other).patch(f"/pads/{pad['id']}", {"title": ""}).status_code == 422


def test_archive_move_delete_creator_or_manager(world, api_as, make_user):
    pad = create(api_as(world["participant"]), world["cohort"]).json_body
    other = make_user("Other participant")
    world["cohort"].memberships.create(user=other, role="participant")
    path = f"/pads/{pad['id']}"
    assert api_as(other).patch(path, {"archived": True}).status_code == 403
    assert api_as(other).delete(path).status_code == 403
    archived = api_as(world["participant"]).patch(path, {"archived": True})
    assert archived.json_body["archived"] is True
    cohort_pads = f"/spaces/{world['cohort'].id}/pads"
    assert api_as(other).get(cohort_pads).json_body == []
    assert [p["id"] for p in api_as(other).get(cohort_pads + "?archived=1").json_body] == [
        pad["id"]
    ]
    moved = api_as(world["facilitator"]).patch(path, {"space_id": str(world["other_cohort"].id)})
    assert moved.status_code == 200 and moved.json_body["space_id"] == str(world["other_cohort"].id)
    assert api_as(world["participant"]).get(path).status_code == 404
    assert api_as(world["facilitator"]).delete(path).status_code == 204
    assert api_as(world["facilitator"]).get(path).status_code == 404


def test_move_stays_in_the_community(world, api_as):
    pad = create(api_as(world["participant"]), world["cohort"]).json_body
    api = api_as(world["participant"])
    response = api.patch(f"/pads/{pad['id']}", {"space_id": str(world["elsewhere"].id)})
    assert response.status_code == 422
    response = api.patch(f"/pads/{pad['id']}", {"space_id": str(world["other_cohort"].id)})
    assert response.status_code == 404  # the participant cannot see the other cohort


def test_delete_removes_the_document(world, api_as):
    from pycrdt import Doc, Text

    pad = create(api_as(world["participant"]), world["cohort"]).json_body
    doc = Doc()
    doc.get("text", type=Text).insert(0, "bonjour")
    document_apply_update(
        room=f"pad:{pad['id']}", update=doc.get_update(), author=world["participant"]
    )
    assert DocumentUpdate.objects.filter(room=f"pad:{pad['id']}").count() == 1
    assert api_as(world["participant"]).delete(f"/pads/{pad['id']}").status_code == 204
    assert not DocumentUpdate.objects.filter(room=f"pad:{pad['id']}").exists()
    assert document_state(room=f"pad:{pad['id']}") == b"\x00\x00"


def test_personal_data_lists_pads_and_updates(world, api_as):
    from pycrdt import Doc, Text

    pad = create(api_as(world["participant"]), world["cohort"], "Mine").json_body
    doc = Doc()
    doc.get("text", type=Text).insert(0, "x")
    document_apply_update(
        room=f"pad:{pad['id']}", update=doc.get_update(), author=world["participant"]
    )
    data = personal_data_export(actor=world["participant"])["pads"]
    assert [p["title"] for p in data["created"]] == ["Mine"]
    assert data["updates_count"] == 1
