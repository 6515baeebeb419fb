"""Who may do what, where: every role x every action x every position, through the HTTP API.

The world: community C holds cohorts A and B; group G sits below A; F is a foreign community.
The person under test has their role in cohort A ("own"). Positions are seen from there:
own = A, child = G (below own), parent = C, sibling = B (a sibling cohort), foreign = F.
Every space has a participant (Tess) whose role is changed or who is removed, and a pending
invitation to revoke. The expected statuses are written out by hand below, not computed
from the code under test.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from ruche.core.errors import Forbidden, NotFound
from ruche.spaces.models import AuditEntry, Invitation, Membership, Space
from ruche.spaces.permissions import Need, access_space

ACTIONS = (
    "view", "members", "add_member", "change_role", "remove_member", "invite",
    "invitations", "revoke", "audit", "patch", "delete", "create_child",
)  # fmt: skip

# Statuses in ACTIONS order (mem: list members, invs: list invitations, child: create a group
# below). 409: the space still holds another; 422: a group cannot hold a group.
EXPECTED_TABLE = """
role             position  view mem  add  role rm   inv  invs rev  aud  pat  del  child
facilitator      own       200  200  201  200  204  201  200  204  200  200  409  201
facilitator      child     200  200  201  200  204  201  200  204  200  200  204  422
facilitator      parent    404  404  404  404  404  404  404  404  404  404  404  404
facilitator      sibling   404  404  404  404  404  404  404  404  404  404  404  404
facilitator      foreign   404  404  404  404  404  404  404  404  404  404  404  404

participant      own       200  200  403  403  403  403  403  403  403  403  403  403
participant      child     404  404  404  404  404  404  404  404  404  404  404  404
participant      parent    404  404  404  404  404  404  404  404  404  404  404  404
participant      sibling   404  404  404  404  404  404  404  404  404  404  404  404
participant      foreign   404  404  404  404  404  404  404  404  404  404  404  404

guest            own       200  200  403  403  403  403  403  403  403  403  403  403
guest            child     404  404  404  404  404  404  404  404  404  404  404  404
guest            parent    404  404  404  404  404  404  404  404  404  404  404  404
guest            sibling   404  404  404  404  404  404  404  404  404  404  404  404
guest            foreign   404  404  404  404  404  404  404  404  404  404  404  404

guest_read_only  own       200  200  403  403  403  403  403  403  403  403  403  403
guest_read_only  child     404  404  404  404  404  404  404  404  404  404  404  404
guest_read_only  parent    404  404  404  404  404  404  404  404  404  404  404  404
guest_read_only  sibling   404  404  404  404  404  404  404  404  404  404  404  404
guest_read_only  foreign   404  404  404  404  404  404  404  404  404  404  404  404

observer         own       200  200  403  403  403  403  403  403  403  403  403  403
observer         child     404  404  404  404  404  404  404  404  404  404  404  404
observer         parent    404  404  404  404  404  404  404  404  404  404  404  404
observer         sibling   404  404  404  404  404  404  404  404  404  404  404  404
observer         foreign   404  404  404  404  404  404  404  404  404  404  404  404

expired_guest    own       404  404  404  404  404  404  404  404  404  404  404  404
expired_guest    child     404  404  404  404  404  404  404  404  404  404  404  404
expired_guest    parent    404  404  404  404  404  404  404  404  404  404  404  404
expired_guest    sibling   404  404  404  404  404  404  404  404  404  404  404  404
expired_guest    foreign   404  404  404  404  404  404  404  404  404  404  404  404

site_admin       own       200  200  201  200  204  201  200  204  200  200  409  201
site_admin       child     200  200  201  200  204  201  200  204  200  200  204  422
site_admin       parent    200  200  201  200  204  201  200  204  200  200  409  201
site_admin       sibling   200  200  201  200  204  201  200  204  200  200  204  201
site_admin       foreign   200  200  201  200  204  201  200  204  200  200  204  201

anonymous        own       401  401  401  401  401  401  401  401  401  401  401  401
anonymous        child     401  401  401  401  401  401  401  401  401  401  401  401
anonymous        parent    401  401  401  401  401  401  401  401  401  401  401  401
anonymous        sibling   401  401  401  401  401  401  401  401  401  401  401  401
anonymous        foreign   401  401  401  401  401  401  401  401  401  401  401  401

stranger         own       404  404  404  404  404  404  404  404  404  404  404  404
stranger         child     404  404  404  404  404  404  404  404  404  404  404  404
stranger         parent    404  404  404  404  404  404  404  404  404  404  404  404
stranger         sibling   404  404  404  404  404  404  404  404  404  404  404  404
stranger         foreign   404  404  404  404  404  404  404  404  404  404  404  404
"""

POSITIONS = ("own", "child", "parent", "sibling", "foreign")


def _parse(table: str) -> dict[tuple[str, str], list[int]]:
    rows = [line.split() for line in table.strip().splitlines()[1:] if line.strip()]
    return {(role, position): [int(code) for code in codes] for role, position, *codes in rows}


EXPECTED = _parse(EXPECTED_TABLE)
ROLES = tuple(dict.fromkeys(role for role, _position in EXPECTED))


def expected_status(role: str, position: str, action: str) -> int:
    return EXPECTED[role, position][ACTIONS.index(action)]


CASES = [
    pytest.param(role, position, action, id=f"{role}-{position}-{action}")
    for role in ROLES
    for position in POSITIONS
    for action in ACTIONS
]


@pytest.fixture
def world(make_user, make_space):
    cora, fred, tess = make_user("Cora"), make_user("Fred"), make_user("Tess")
    community = make_space("community", name="C", members={cora: "facilitator"})
    cohort = make_space("cohort", parent=community, name="A")
    spaces = {
        "own": cohort,
        "child": make_space("group", parent=cohort, name="G"),
        "parent": community,
        "sibling": make_space("cohort", parent=community, name="B"),
        "foreign": make_space("community", name="F", members={fred: "facilitator"}),
    }
    targets, invitations = {}, {}
    for position, space in spaces.items():
        targets[position] = Membership.objects.create(space=space, user=tess, role="participant")
        invitations[position] = Invitation.objects.create(space=space, role="participant")
    make_user("Newcomer", email="newcomer@example.org")
    return {"spaces": spaces, "targets": targets, "invitations": invitations}


def person_with_role(role: str, world, make_user):
    """The person under test, given `role` in cohort A (None: anonymous)."""
    own = world["spaces"]["own"]
    future, past = timezone.now() + timedelta(days=7), timezone.now() - timedelta(minutes=1)
    if role == "anonymous":
        return None
    if role == "site_admin":
        return make_user("Ada Admin", admin=True)
    person = make_user(f"Person as {role}")
    if role == "guest_read_only":
        Space.objects.filter(pk=own.pk).update(guests_can_edit=False)
    memberships = {
        "facilitator": ("facilitator", None),
        "participant": ("participant", None),
        "guest": ("guest", future),
        "guest_read_only": ("guest", future),
        "observer": ("observer", None),
        "expired_guest": ("guest", past),
    }
    if role in memberships:
        kind, expires_at = memberships[role]
        Membership.objects.create(space=own, user=person, role=kind, expires_at=expires_at)
    return person


def perform(api, action: str, world, position: str):
    space = world["spaces"][position]
    base = f"/spaces/{space.id}"
    member = world["targets"][position].pk
    invitation = world["invitations"][position].pk
    calls = {
        "view": lambda: api.get(base),
        "members": lambda: api.get(f"{base}/members"),
        "add_member": lambda: api.post(
            f"{base}/members", {"email": "newcomer@example.org", "role": "participant"}
        ),
        "change_role": lambda: api.patch(f"{base}/members/{member}", {"role": "observer"}),
        "remove_member": lambda: api.delete(f"{base}/members/{member}"),
        "invite": lambda: api.post(
            f"{base}/invitations", {"role": "participant", "email": "invitee@example.org"}
        ),
        "invitations": lambda: api.get(f"{base}/invitations"),
        "revoke": lambda: api.delete(f"{base}/invitations/{invitation}"),
        "audit": lambda: api.get(f"{base}/audit"),
        "patch": lambda: api.patch(base, {"name": "Renamed"}),
        "delete": lambda: api.delete(base),
        "create_child": lambda: api.post(
            "/spaces", {"name": "New group", "kind": "group", "parent_id": str(space.id)}
        ),
    }
    return calls[action]()


def snapshot():
    """What a refused request must leave exactly as it was."""
    return (
        sorted(Space.objects.values_list("name", "guests_can_edit")),
        sorted(Membership.objects.values_list("space__name", "user_id", "role")),
        sorted(Invitation.objects.values_list("space__name", "email", "revoked_at")),
    )


def test_the_table_covers_every_role_and_position_with_every_action():
    assert len(ROLES) == 9
    assert set(EXPECTED) == {(role, position) for role in ROLES for position in POSITIONS}
    assert all(len(codes) == len(ACTIONS) for codes in EXPECTED.values())


@pytest.mark.parametrize(("role", "position", "action"), CASES)
def test_permission_matrix(role, position, action, world, make_user, api_as):
    person = person_with_role(role, world, make_user)
    api = api_as(person)
    before = snapshot()
    response = perform(api, action, world, position)
    expected = expected_status(role, position, action)
    assert response.status_code == expected, (role, position, action, response.json_body)
    if expected >= 400:
        assert set(response.json_body) == {"detail"}
        assert snapshot() == before, "a refused request changed something"
    if expected == 404:
        assert response.json_body == {"detail": "Not found."}, "a hidden space must look missing"


# The CONTRIBUTE need is used by the content apps (pads, tables...); its rule lives in this gate.
CONTRIBUTE_IN_OWN_SPACE = {
    "facilitator": "allowed",
    "participant": "allowed",
    "guest": "allowed",
    "guest_read_only": "forbidden",
    "observer": "forbidden",
    "expired_guest": "hidden",
    "site_admin": "allowed",
    "anonymous": "hidden",
    "stranger": "hidden",
}


@pytest.mark.parametrize(("role", "outcome"), CONTRIBUTE_IN_OWN_SPACE.items())
def test_contribute_gate(role, outcome, world, make_user):
    person = person_with_role(role, world, make_user)
    own = world["spaces"]["own"].id
    if outcome == "allowed":
        assert access_space(person, own, Need.CONTRIBUTE).pk == own
    else:
        with pytest.raises(Forbidden if outcome == "forbidden" else NotFound):
            access_space(person, own, Need.CONTRIBUTE)


def test_site_admin_access_is_audited_in_the_space(world, make_user, api_as):
    admin = make_user("Ada Admin", admin=True)
    foreign = world["spaces"]["foreign"]
    assert api_as(admin).get(f"/spaces/{foreign.id}").status_code == 200
    entry = AuditEntry.objects.get(space=foreign, action="admin_access")
    assert entry.actor == admin
    assert entry.details == {"need": "view"}
    fred_api = api_as(Membership.objects.get(space=foreign, role="facilitator").user)
    actions = [e["action"] for e in fred_api.get(f"/spaces/{foreign.id}/audit").json_body]
    assert "admin_access" in actions


def test_site_admin_who_is_a_member_is_not_audited_for_what_their_role_allows(
    world, make_user, api_as
):
    admin = make_user("Ada Admin", admin=True)
    own = world["spaces"]["own"]
    Membership.objects.create(space=own, user=admin, role="participant")
    api = api_as(admin)
    assert api.get(f"/spaces/{own.id}").status_code == 200
    assert not AuditEntry.objects.filter(action="admin_access").exists()
    # Beyond their role they still may act, as an operator must, and it is recorded.
    assert api.patch(f"/spaces/{own.id}", {"name": "Fixed"}).status_code == 200
    assert AuditEntry.objects.get(action="admin_access").details == {"need": "manage"}


def test_guest_loses_access_when_the_invitation_time_ends(world, make_user, api_as):
    own = world["spaces"]["own"]
    guest = make_user("Gilles")
    membership = Membership.objects.create(
        space=own, user=guest, role="guest", expires_at=timezone.now() + timedelta(hours=1)
    )
    api = api_as(guest)
    assert api.get(f"/spaces/{own.id}").status_code == 200
    assert [s["name"] for s in api.get("/spaces").json_body] == ["A"]
    membership.expires_at = timezone.now() - timedelta(seconds=1)
    membership.save()
    assert api.get(f"/spaces/{own.id}").status_code == 404
    assert api.get("/spaces").json_body == []


def test_removed_member_loses_access_at_once(world, make_user, api_as):
    own = world["spaces"]["own"]
    facilitator, participant = make_user("Fay"), make_user("Pat")
    Membership.objects.create(space=own, user=facilitator, role="facilitator")
    membership = Membership.objects.create(space=own, user=participant, role="participant")
    participant_api = api_as(participant)
    assert participant_api.get(f"/spaces/{own.id}/members").status_code == 200
    removed = api_as(facilitator).delete(f"/spaces/{own.id}/members/{membership.pk}")
    assert removed.status_code == 204
    assert participant_api.get(f"/spaces/{own.id}").status_code == 404
    assert participant_api.get(f"/spaces/{own.id}/members").status_code == 404


def test_participant_of_a_cohort_does_not_list_sibling_cohorts(world, make_user, api_as):
    person = person_with_role("participant", world, make_user)
    names = {s["name"] for s in api_as(person).get("/spaces").json_body}
    assert names == {"A"}
    made_member = world["spaces"]["sibling"]
    Membership.objects.create(space=made_member, user=person, role="participant")
    assert {s["name"] for s in api_as(person).get("/spaces").json_body} == {"A", "B"}


def test_facilitator_lists_what_is_below_and_nothing_above(world, make_user, api_as):
    person = person_with_role("facilitator", world, make_user)
    spaces = {s["name"]: s["my_role"] for s in api_as(person).get("/spaces").json_body}
    assert spaces == {"A": "facilitator", "G": "facilitator"}
