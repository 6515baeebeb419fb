"""/api/v1/spaces: every endpoint, with its refusals."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ruche.spaces.models import AuditEntry, Invitation, Membership, Space

MISSING = "7d4c1b8e-0000-4000-8000-000000000000"


@pytest.fixture
def tree(make_user, make_space):
    fay, pat, obs = make_user("Fay"), make_user("Pat"), make_user("Olga")
    community = make_space("community", name="SSE in VET", members={fay: "facilitator"})
    paris = make_space(
        "cohort", parent=community, name="Paris", members={pat: "participant", obs: "observer"}
    )
    return {"fay": fay, "pat": pat, "obs": obs, "community": community, "paris": paris}


def membership(space, user):
    return Membership.objects.get(space=space, user=user)


# Spaces


def test_create_community_makes_the_creator_its_facilitator(make_user, api_as):
    api = api_as(make_user("Alice"))
    created = api.post("/spaces", {"name": "  SSE in VET ", "kind": "community"})
    assert created.status_code == 201
    body = created.json_body
    assert body["name"] == "SSE in VET"
    assert body["my_role"] == "facilitator"
    assert body["parent_id"] is None
    assert api.get(f"/spaces/{body['id']}/audit").json_body[0]["action"] == "space_created"


@pytest.mark.parametrize(
    "payload",
    [
        {"name": "x", "kind": "planet"},
        {"name": "   ", "kind": "community"},
        {"name": "x" * 201, "kind": "community"},
        {"name": "Cohort without parent", "kind": "cohort"},
        {"name": "x", "kind": "community", "colour": "red"},
        {"name": "x", "kind": "community", "starts_on": "2030-05-02", "ends_on": "2030-05-01"},
        {"kind": "community"},
        {"name": "x", "kind": "cohort", "parent_id": "not-a-uuid"},
        {"name": "x", "kind": "community", "description": "x" * 5001},
    ],
)
def test_create_refuses_invalid_input_with_422(make_user, api_as, payload):
    response = api_as(make_user()).post("/spaces", payload)
    assert response.status_code == 422, response.json_body
    assert "detail" in response.json_body
    assert not Space.objects.exists()


def test_kinds_nest_only_community_cohort_group(tree, api_as):
    api = api_as(tree["fay"])
    community, paris = tree["community"], tree["paris"]
    group = api.post("/spaces", {"name": "G", "kind": "group", "parent_id": str(paris.id)})
    assert group.status_code == 201
    for kind, parent in [
        ("community", community),
        ("cohort", paris),
        ("group", group.json_body["id"]),
    ]:
        parent_id = str(getattr(parent, "id", parent))
        response = api.post("/spaces", {"name": "x", "kind": kind, "parent_id": parent_id})
        assert response.status_code == 422, (kind, response.json_body)


def test_create_below_a_missing_parent_is_404(tree, api_as):
    response = api_as(tree["fay"]).post(
        "/spaces", {"name": "x", "kind": "cohort", "parent_id": MISSING}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("space_id", [MISSING, "not-a-uuid", "1", "%20"])
def test_missing_or_malformed_space_ids_are_404(tree, api_as, space_id):
    api = api_as(tree["fay"])
    assert api.get(f"/spaces/{space_id}").status_code == 404
    assert api.get(f"/spaces/{space_id}/members").status_code == 404
    assert api.patch(f"/spaces/{space_id}", {"name": "x"}).status_code == 404
    assert api.delete(f"/spaces/{space_id}").json_body == {"detail": "Not found."}


def test_unknown_api_address_is_json_404(tree, api_as):
    response = api_as(tree["fay"]).get("/nothing/here")
    assert response.status_code == 404
    assert response.json_body == {"detail": "Not found."}


def test_patch_changes_allowed_fields_and_audits_before_and_after(tree, api_as):
    api, paris = api_as(tree["fay"]), tree["paris"]
    response = api.patch(f"/spaces/{paris.id}", {"name": "Paris 2026", "guests_can_edit": False})
    assert response.status_code == 200
    assert response.json_body["name"] == "Paris 2026"
    assert response.json_body["guests_can_edit"] is False
    entry = AuditEntry.objects.get(space=paris, action="space_updated")
    assert entry.details["before"]["name"] == "Paris"
    assert entry.details["after"]["name"] == "Paris 2026"


@pytest.mark.parametrize(
    "payload",
    [
        {"name": None},
        {"guests_can_edit": None},
        {"description": None},
        {"kind": "group"},
        {"parent_id": MISSING},
        {"name": ""},
        {"ends_on": "2000-01-01", "starts_on": "2000-02-01"},
        {"description": "x" * 5001},
    ],
)
def test_patch_refuses_invalid_changes(tree, api_as, payload):
    paris = tree["paris"]
    response = api_as(tree["fay"]).patch(f"/spaces/{paris.id}", payload)
    assert response.status_code == 422, response.json_body
    paris.refresh_from_db()
    assert (paris.name, paris.kind, paris.guests_can_edit) == ("Paris", "cohort", True)


def test_participant_may_not_patch_their_cohort(tree, api_as):
    response = api_as(tree["pat"]).patch(f"/spaces/{tree['paris'].id}", {"name": "Mine"})
    assert response.status_code == 403
    assert response.json_body == {"detail": "You do not have permission to do this."}


def test_delete_refuses_a_space_holding_others_then_deletes_leaves(tree, api_as):
    api, community, paris = api_as(tree["fay"]), tree["community"], tree["paris"]
    assert api.delete(f"/spaces/{community.id}").status_code == 409
    assert api.delete(f"/spaces/{paris.id}").status_code == 204
    assert api.get(f"/spaces/{paris.id}").status_code == 404
    deleted = AuditEntry.objects.get(action="space_deleted")
    assert (deleted.space, deleted.space_name) == (None, "Paris")


def test_list_filters_and_pages(tree, make_space, api_as):
    for n in range(3):
        make_space("group", parent=tree["paris"], name=f"Group {n}")
    api = api_as(tree["fay"])
    everything = api.get("/spaces")
    assert everything["X-Total-Count"] == "5"
    assert api.get("/spaces?kind=group")["X-Total-Count"] == "3"
    below = api.get(f"/spaces?parent_id={tree['paris'].id}&limit=2&offset=1")
    assert [s["name"] for s in below.json_body] == ["Group 1", "Group 2"]
    assert below["X-Total-Count"] == "3"
    assert api.get("/spaces?limit=-5").json_body == []


def test_children_lists_only_what_the_caller_sees(tree, make_space, make_user, api_as):
    community = tree["community"]
    lyon = make_space("cohort", parent=community, name="Lyon")
    facilitator_view = api_as(tree["fay"]).get(f"/spaces/{community.id}/children")
    assert [s["name"] for s in facilitator_view.json_body] == ["Lyon", "Paris"]
    member = make_user()
    Membership.objects.create(space=community, user=member, role="participant")
    Membership.objects.create(space=lyon, user=member, role="participant")
    member_view = api_as(member).get(f"/spaces/{community.id}/children")
    assert [s["name"] for s in member_view.json_body] == ["Lyon"]
    assert api_as(tree["pat"]).get(f"/spaces/{community.id}/children").status_code == 404


# Members


def test_add_member_by_email(tree, make_user, api_as):
    newcomer = make_user("Nina", email="nina@example.org")
    api = api_as(tree["fay"])
    added = api.post(
        f"/spaces/{tree['paris'].id}/members", {"email": " NINA@example.org", "role": "guest"}
    )
    assert added.status_code == 201, added.json_body
    assert added.json_body["user_id"] == newcomer.pk
    assert added.json_body["role"] == "guest"
    entry = AuditEntry.objects.get(action="member_added")
    assert (entry.actor, entry.target, entry.details) == (tree["fay"], newcomer, {"role": "guest"})


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"email": "pat", "role": "participant"}, 422),
        ({"email": "nobody@example.org", "role": "participant"}, 422),
        ({"email": "PAT", "role": "king"}, 422),
        ({"email": "PAT", "role": "participant"}, 409),
        ({"email": "NEW", "role": "guest", "expires_at": "2000-01-01T00:00:00Z"}, 422),
        ({"email": "NEW"}, 422),
        ({"email": "NEW", "role": "guest", "expires_at": "2099-01-01T00:00:00"}, 422),
    ],
)
def test_add_member_refusals(tree, make_user, api_as, payload, status):
    make_user("New", email="new@example.org")
    emails = {"PAT": tree["pat"].email, "NEW": "new@example.org"}
    payload = {**payload, "email": emails.get(payload["email"], payload["email"])}
    before = Membership.objects.count()
    response = api_as(tree["fay"]).post(f"/spaces/{tree['paris'].id}/members", payload)
    assert response.status_code == status, response.json_body
    assert Membership.objects.count() == before


def test_member_addresses_are_shown_to_facilitators_and_to_oneself(tree, api_as):
    url = f"/spaces/{tree['paris'].id}/members"
    seen_by_fay = {m["display_name"]: m["email"] for m in api_as(tree["fay"]).get(url).json_body}
    assert seen_by_fay == {"Pat": tree["pat"].email, "Olga": tree["obs"].email}
    seen_by_pat = {m["display_name"]: m["email"] for m in api_as(tree["pat"]).get(url).json_body}
    assert seen_by_pat == {"Pat": tree["pat"].email, "Olga": None}


def test_change_role_and_expiry(tree, api_as):
    paris, pat = tree["paris"], tree["pat"]
    url = f"/spaces/{paris.id}/members/{membership(paris, pat).pk}"
    api = api_as(tree["fay"])
    until = (timezone.now() + timedelta(days=3)).isoformat()
    changed = api.patch(url, {"role": "observer", "expires_at": until})
    assert changed.status_code == 200
    assert changed.json_body["role"] == "observer"
    assert changed.json_body["expires_at"] is not None
    cleared = api.patch(url, {"expires_at": None})
    assert cleared.json_body["expires_at"] is None
    entry = AuditEntry.objects.filter(action="role_changed").first()
    assert (entry.details["before"], entry.details["after"]) == ("observer", "observer")
    assert api.patch(url, {"role": "emperor"}).status_code == 422


@pytest.mark.parametrize("membership_id", ["abc", "99999999", "-1", "1.5"])
def test_unknown_membership_is_404(tree, api_as, membership_id):
    url = f"/spaces/{tree['paris'].id}/members/{membership_id}"
    api = api_as(tree["fay"])
    assert api.patch(url, {"role": "observer"}).status_code == 404
    assert api.delete(url).status_code == 404


def test_membership_of_another_space_is_404_here(tree, make_space, make_user, api_as):
    other = make_space("community", members={make_user(): "participant"})
    foreign_membership = Membership.objects.get(space=other)
    url = f"/spaces/{tree['paris'].id}/members/{foreign_membership.pk}"
    assert api_as(tree["fay"]).delete(url).status_code == 404
    assert Membership.objects.filter(pk=foreign_membership.pk).exists()


def test_the_last_community_facilitator_stays(tree, make_user, api_as):
    community, fay = tree["community"], tree["fay"]
    api = api_as(fay)
    url = f"/spaces/{community.id}/members/{membership(community, fay).pk}"
    assert api.patch(url, {"role": "participant"}).status_code == 409
    assert api.delete(url).status_code == 409
    second = make_user("Sam", email="sam@example.org")
    api.post(f"/spaces/{community.id}/members", {"email": second.email, "role": "facilitator"})
    assert api.delete(url).status_code == 204


def test_cohort_may_lose_its_own_facilitators_the_community_ones_remain(tree, make_user, api_as):
    paris = tree["paris"]
    local = make_user("Luc")
    Membership.objects.create(space=paris, user=local, role="facilitator")
    url = f"/spaces/{paris.id}/members/{membership(paris, local).pk}"
    assert api_as(local).delete(url).status_code == 204


def test_anyone_may_leave_but_not_remove_others(tree, api_as):
    paris = tree["paris"]
    pat_api = api_as(tree["pat"])
    olga_url = f"/spaces/{paris.id}/members/{membership(paris, tree['obs']).pk}"
    assert pat_api.delete(olga_url).status_code == 403
    own_url = f"/spaces/{paris.id}/members/{membership(paris, tree['pat']).pk}"
    assert pat_api.delete(own_url).status_code == 204
    assert pat_api.get(f"/spaces/{paris.id}").status_code == 404


# Invitations


def test_invitation_by_email_sends_the_link_once_usable(
    tree, api_as, django_capture_on_commit_callbacks
):
    paris = tree["paris"]
    api = api_as(tree["fay"])
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/spaces/{paris.id}/invitations",
            {"role": "guest", "email": "Expert@Example.org", "message": "Welcome"},
        )
    assert response.status_code == 201, response.json_body
    body = response.json_body
    token = Invitation.objects.get(pk=body["id"]).token
    assert body["url"].endswith(f"/invitations/{token}/")
    assert (body["email"], body["max_uses"], body["usable"]) == ("expert@example.org", 1, True)
    assert len(mail.outbox) == 1
    assert body["url"] in mail.outbox[0].body
    listed = api.get(f"/spaces/{paris.id}/invitations").json_body
    assert [i["id"] for i in listed] == [body["id"]]


@pytest.mark.parametrize(
    "payload",
    [
        {"role": "king"},
        {"role": "guest", "email": "not an address"},
        {"role": "guest", "expires_at": "2000-01-01T00:00:00Z"},
        {"role": "guest", "max_uses": 0},
        {"role": "guest", "token": "chosen"},
        {"role": "guest", "expires_at": "2099-01-01T00:00:00"},
        {"role": "guest", "access_until": "2099-01-01T00:00:00"},
        {"role": "guest", "message": "x" * 2001},
    ],
)
def test_invitation_refusals(tree, api_as, payload):
    response = api_as(tree["fay"]).post(f"/spaces/{tree['paris'].id}/invitations", payload)
    assert response.status_code == 422, response.json_body
    assert not Invitation.objects.exists()


def test_revoke_an_invitation(tree, api_as):
    paris = tree["paris"]
    api = api_as(tree["fay"])
    created = api.post(f"/spaces/{paris.id}/invitations", {"role": "participant"}).json_body
    url = f"/spaces/{paris.id}/invitations/{created['id']}"
    assert api.delete(url).status_code == 204
    assert api.delete(url).status_code == 204  # revoking twice changes nothing
    listed = api.get(f"/spaces/{paris.id}/invitations").json_body
    assert (listed[0]["usable"], listed[0]["revoked"]) == (False, True)
    assert AuditEntry.objects.filter(action="invitation_revoked").count() == 1
    assert api.delete(f"/spaces/{paris.id}/invitations/{MISSING}").status_code == 404
    assert api.delete(f"/spaces/{paris.id}/invitations/nope").status_code == 404
    token = Invitation.objects.get().token
    response = api_as(tree["pat"]).post(f"/invitations/{token}/accept")
    assert response.status_code == 409


def test_accept_a_shared_link(tree, make_user, api_as):
    paris = tree["paris"]
    link = api_as(tree["fay"]).post(
        f"/spaces/{paris.id}/invitations", {"role": "participant", "max_uses": 2}
    )
    token = Invitation.objects.get(pk=link.json_body["id"]).token
    first, second, third = make_user(), make_user(), make_user()
    preview = api_as(first).get(f"/invitations/{token}")
    assert preview.status_code == 200
    assert (preview.json_body["space_name"], preview.json_body["invited_by"]) == ("Paris", "Fay")
    accepted = api_as(first).post(f"/invitations/{token}/accept")
    assert accepted.status_code == 200
    assert (accepted.json_body["space_name"], accepted.json_body["role"]) == (
        "Paris",
        "participant",
    )
    assert api_as(first).get(f"/spaces/{paris.id}").status_code == 200
    assert api_as(second).post(f"/invitations/{token}/accept").status_code == 200
    exhausted = api_as(third).post(f"/invitations/{token}/accept")
    assert exhausted.status_code == 409
    assert exhausted.json_body == {"detail": "This invitation has already been used."}
    assert api_as(third).get(f"/spaces/{paris.id}").status_code == 404


def test_guest_invitation_grants_access_for_its_time(tree, make_user, api_as):
    paris = tree["paris"]
    until = timezone.now() + timedelta(days=2)
    api_as(tree["fay"]).post(
        f"/spaces/{paris.id}/invitations", {"role": "guest", "expires_at": until.isoformat()}
    )
    guest = make_user("Gilles")
    token = Invitation.objects.get().token
    assert api_as(guest).post(f"/invitations/{token}/accept").status_code == 200
    assert abs(membership(paris, guest).expires_at - until) < timedelta(seconds=1)


def test_accept_refusals(tree, make_user, api_as):
    paris = tree["paris"]
    stranger = make_user(email="someone@example.org")
    addressed = Invitation.objects.create(space=paris, role="participant", email="x@example.org")
    api = api_as(stranger)
    assert api.post(f"/invitations/{addressed.token}/accept").status_code == 403
    expired = Invitation.objects.create(
        space=paris, role="participant", expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert api.post(f"/invitations/{expired.token}/accept").status_code == 409
    assert api.post("/invitations/no-such-token/accept").status_code == 404
    assert api.get("/invitations/no-such-token").status_code == 404
    assert api_as(None).post(f"/invitations/{addressed.token}/accept").status_code == 401
    assert not Membership.objects.filter(user=stranger).exists()


def test_accepting_never_lowers_a_role(tree, api_as):
    paris = tree["paris"]
    link = Invitation.objects.create(space=paris, role="observer")
    assert api_as(tree["pat"]).post(f"/invitations/{link.token}/accept").status_code == 200
    assert membership(paris, tree["pat"]).role == "participant"


# Audit log and activity


def test_audit_log_names_who_did_what_to_whom(tree, make_user, api_as):
    paris, api = tree["paris"], api_as(tree["fay"])
    nina = make_user("Nina", email="nina@example.org")
    added = api.post(f"/spaces/{paris.id}/members", {"email": nina.email, "role": "participant"})
    api.patch(f"/spaces/{paris.id}/members/{added.json_body['id']}", {"role": "observer"})
    api.delete(f"/spaces/{paris.id}/members/{added.json_body['id']}")
    entries = api.get(f"/spaces/{paris.id}/audit").json_body
    assert [(e["action"], e["actor"], e["target"]) for e in entries] == [
        ("member_removed", "Fay", "Nina"),
        ("role_changed", "Fay", "Nina"),
        ("member_added", "Fay", "Nina"),
    ]
    page = api.get(f"/spaces/{paris.id}/audit?limit=1&offset=1")
    assert [e["action"] for e in page.json_body] == ["role_changed"]
    assert page["X-Total-Count"] == "3"


def test_activity_feed_of_a_space(tree, make_user, api_as):
    paris = tree["paris"]
    api_as(tree["fay"]).post(
        f"/spaces/{paris.id}/members",
        {"email": make_user("Nina").email, "role": "participant"},
    )
    feed = api_as(tree["obs"]).get(f"/spaces/{paris.id}/activity").json_body
    assert [(a["verb"], a["actor"], a["label"]) for a in feed] == [
        ("member_joined", "Nina", "joined")
    ]
    assert api_as(make_user()).get(f"/spaces/{paris.id}/activity").status_code == 404
