"""GDPR: a person downloads everything about them, and deletes their account; joint work stays,
credited to a pseudonym."""

import pytest
from django.test import Client

from ruche.accounts.models import User
from ruche.accounts.services import token_create, user_create
from ruche.spaces.models import Activity, AuditEntry, Invitation, Membership
from tests.conftest import PASSWORD, ApiClient


@pytest.fixture
def history(make_user, make_space, api_as):
    """Alice facilitates a community, invites people, is added to a cohort by Bob."""
    alice = make_user("Alice", email="alice@example.org")
    bob = make_user("Bob")
    alice_api, bob_api = api_as(alice), api_as(bob)
    community = alice_api.post("/spaces", {"name": "SSE in VET", "kind": "community"}).json_body
    alice_api.post(
        f"/spaces/{community['id']}/invitations", {"role": "guest", "email": "prof@example.org"}
    )
    cohort = make_space("cohort", name="Paris", members={bob: "facilitator"})
    bob_api.post(f"/spaces/{cohort.id}/members", {"email": alice.email, "role": "participant"})
    bob_api.post(f"/spaces/{cohort.id}/invitations", {"role": "observer", "email": alice.email})
    return {"alice": alice, "bob": bob, "api": alice_api, "community": community, "cohort": cohort}


def test_export_holds_everything_about_the_person(history):
    response = history["api"].get("/me/export")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = response.json_body
    assert (data["format"], data["version"]) == ("ruche-personal-data", 1)
    assert data["profile"]["email"] == "alice@example.org"
    assert [t["label"] for t in data["tokens"]] == ["tests"]
    spaces = data["spaces"]
    assert set(spaces) == {
        "memberships",
        "spaces_created",
        "invitations_sent",
        "invitations_received",
        "audit_entries",
        "activities",
    }
    assert {(m["space_name"], m["role"]) for m in spaces["memberships"]} == {
        ("SSE in VET", "facilitator"),
        ("Paris", "participant"),
    }
    assert [s["name"] for s in spaces["spaces_created"]] == ["SSE in VET"]
    assert [i["email"] for i in spaces["invitations_sent"]] == ["prof@example.org"]
    assert [i["space_name"] for i in spaces["invitations_received"]] == ["Paris"]
    as_target = {e["action"] for e in spaces["audit_entries"] if e["as_target"]}
    as_actor = {e["action"] for e in spaces["audit_entries"] if e["as_actor"]}
    assert as_target == {"member_added"}
    assert as_actor == {"space_created", "invitation_created"}
    assert {a["verb"] for a in spaces["activities"]} == {"space_created", "member_joined"}


def test_export_holds_nothing_about_others(history):
    data = history["api"].get("/me/export").json_body
    text = str(data)
    assert history["bob"].email not in text
    assert "Bob" not in text


def _delete(api, **body):
    return api.delete("/me", body)


def test_deletion_needs_a_confirmation(history):
    api = history["api"]
    assert _delete(api).status_code == 422
    assert _delete(api, confirm="someone@example.org").status_code == 422
    assert _delete(api, password="wrong password").status_code == 422
    assert _delete(api, confirm="alice@example.org", extra=1).status_code == 422
    assert User.objects.get(pk=history["alice"].pk).deleted_at is None


@pytest.mark.parametrize(
    "confirmation", [{"confirm": " Alice@Example.org "}, {"password": PASSWORD}]
)
def test_deleted_account_keeps_joint_work_under_a_pseudonym(history, api_as, confirmation):
    alice, bob = history["alice"], history["bob"]
    activities_before = Activity.objects.filter(actor=alice).count()
    audit_before = AuditEntry.objects.filter(actor=alice).count()
    assert _delete(history["api"], **confirmation).status_code == 204
    alice.refresh_from_db()
    pseudonym = f"former member {alice.pseudonym_number}"
    assert (alice.email, alice.display_name, alice.is_active) == (None, "", False)
    assert alice.public_name == pseudonym
    assert Activity.objects.filter(actor=alice).count() == activities_before
    # Leaving each space is recorded too, so facilitators see what happened.
    assert AuditEntry.objects.filter(actor=alice).count() == audit_before + 2
    assert not Membership.objects.filter(user=alice).exists()
    bob_api = api_as(bob)
    cohort = history["cohort"]
    audit = bob_api.get(f"/spaces/{cohort.id}/audit").json_body
    assert audit[0]["action"] == "member_removed"
    assert audit[0]["details"]["reason"] == "account_deleted"
    assert {e["target"] for e in audit if e["action"] == "member_added"} == {pseudonym}
    feed = bob_api.get(f"/spaces/{cohort.id}/activity").json_body
    assert [a["actor"] for a in feed] == [pseudonym]
    assert "alice" not in str(audit).lower() and "alice" not in str(feed).lower()


def test_deleted_accounts_tokens_and_session_stop_working(history, make_user):
    alice = history["alice"]
    client = Client()
    client.force_login(alice)
    assert client.get("/api/v1/me").status_code == 200
    assert _delete(history["api"], confirm=alice.email).status_code == 204
    assert history["api"].get("/me").status_code == 401
    assert client.get("/api/v1/me").status_code == 401


def test_session_deletion_logs_out(make_user):
    person = make_user(email="session@example.org")
    client = Client()
    client.force_login(person)
    response = client.delete(
        "/api/v1/me", data='{"confirm": "session@example.org"}', content_type="application/json"
    )
    assert response.status_code == 204
    assert "_auth_user_id" not in client.session


def test_the_address_can_make_a_new_account(history):
    assert _delete(history["api"], confirm="alice@example.org").status_code == 204
    again = user_create(email="alice@example.org", display_name="Alice", password=PASSWORD)
    assert again.pk != history["alice"].pk
    token = history["api"].post("/me/tokens", {"label": "x"})
    assert token.status_code == 401
    _token, raw = token_create(user=again)
    data = ApiClient(raw).get("/me/export").json_body
    assert data["spaces"]["memberships"] == []
    assert data["spaces"]["invitations_received"] == []


def test_invitations_to_the_deleted_address_are_revoked_and_forget_it(history):
    assert Invitation.objects.filter(email="alice@example.org").exists()
    assert _delete(history["api"], confirm="alice@example.org").status_code == 204
    assert not Invitation.objects.filter(email="alice@example.org").exists()
    assert not AuditEntry.objects.filter(details__email="alice@example.org").exists()
    cohort_invitation = Invitation.objects.get(space=history["cohort"])
    assert cohort_invitation.revoked_at is not None


def test_pseudonyms_are_numbered_and_never_reused(make_user, api_as):
    first, second = make_user(), make_user()
    assert _delete(api_as(first), confirm=first.email).status_code == 204
    assert _delete(api_as(second), confirm=second.email).status_code == 204
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.pseudonym_number == first.pseudonym_number + 1
