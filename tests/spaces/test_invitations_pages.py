"""Invitations through the pages: creating and revoking them, and following a link."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from ruche.accounts.models import User
from ruche.spaces.models import Invitation, Membership

from ..conftest import PASSWORD
from .test_pages import client_as

SIGN_UP = {
    "display_name": "Nadia",
    "email": "nadia@example.org",
    "password": "bees make honey 2026",
    "password_again": "bees make honey 2026",
}


@pytest.fixture
def cohort(make_user, make_space):
    fac = make_user("Fatou")
    community = make_space("community", name="SSE in VET", members={fac: "facilitator"})
    return make_space("cohort", parent=community, name="Paris")


@pytest.fixture
def fac(cohort):
    return Membership.objects.get(space=cohort.parent).user


def invite(space, **fields) -> Invitation:
    fields.setdefault("role", "participant")
    return Invitation.objects.create(space=space, **fields)


def link(invitation: Invitation) -> str:
    return f"/invitations/{invitation.token}/"


# Managing invitations


def test_facilitator_invites_by_email(cohort, fac, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(fac).post(
            f"/spaces/{cohort.id}/invitations/",
            {"by": "email", "email-email": "Nadia@Example.org", "email-role": "guest",
             "email-message": "Welcome!"},
        )  # fmt: skip
    assert response.status_code == 302
    invitation = Invitation.objects.get(space=cohort)
    assert invitation.email == "nadia@example.org" and invitation.max_uses == 1
    assert len(mail.outbox) == 1 and invitation.url in mail.outbox[0].body


def test_facilitator_creates_a_shareable_link(cohort, fac):
    response = client_as(fac).post(
        f"/spaces/{cohort.id}/invitations/",
        {"by": "link", "link-role": "participant", "link-max_uses": "12",
         "link-expires_on": "2099-06-30"},
    )  # fmt: skip
    assert response.status_code == 302
    invitation = Invitation.objects.get(space=cohort)
    assert invitation.email == "" and invitation.max_uses == 12
    assert timezone.localtime(invitation.expires_at).date() == dt.date(2099, 6, 30)
    page = client_as(fac).get(f"/spaces/{cohort.id}/invitations/").content.decode()
    assert invitation.url in page and "data-copy" in page and "usable" in page
    assert not mail.outbox


def test_invitation_in_the_past_is_refused_on_the_form(cohort, fac):
    response = client_as(fac).post(
        f"/spaces/{cohort.id}/invitations/",
        {"by": "link", "link-role": "participant", "link-expires_on": "2001-01-01"},
    )
    assert response.status_code == 200
    assert "already past" in response.content.decode()
    assert not Invitation.objects.exists()


def test_email_invitation_needs_an_address(cohort, fac):
    response = client_as(fac).post(
        f"/spaces/{cohort.id}/invitations/", {"by": "email", "email-role": "participant"}
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_list_shows_statuses(cohort, fac):
    invite(cohort, revoked_at=timezone.now())
    invite(cohort, max_uses=1, use_count=1)
    invite(cohort, expires_at=timezone.now() - dt.timedelta(days=1))
    body = client_as(fac).get(f"/spaces/{cohort.id}/invitations/").content.decode()
    assert "revoked" in body and "used up" in body and "expired" in body


def test_revoke(cohort, fac):
    invitation = invite(cohort)
    response = client_as(fac).post(f"/spaces/{cohort.id}/invitations/{invitation.id}/revoke/")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_participants_cannot_invite_or_revoke(cohort, make_user):
    participant = make_user()
    Membership.objects.create(space=cohort, user=participant, role="participant")
    invitation = invite(cohort)
    client = client_as(participant)
    response = client.post(
        f"/spaces/{cohort.id}/invitations/", {"by": "link", "link-role": "facilitator"}
    )
    assert response.status_code == 403
    response = client.post(f"/spaces/{cohort.id}/invitations/{invitation.id}/revoke/")
    assert response.status_code == 403
    assert Invitation.objects.count() == 1


def test_revoke_of_another_space_invitation_is_404(cohort, fac, make_space, make_user):
    elsewhere = make_space("community", members={make_user(): "facilitator"})
    foreign = invite(elsewhere)
    response = client_as(fac).post(f"/spaces/{cohort.id}/invitations/{foreign.id}/revoke/")
    assert response.status_code == 404


# Following a link


def test_page_shows_space_role_and_inviter(cohort, fac):
    invitation = invite(cohort, role="guest", created_by=fac, message="See you Monday")
    body = Client().get(link(invitation)).content.decode()
    assert "Paris" in body and "Fatou" in body and "badge--guest" in body
    assert "See you Monday" in body
    assert "I already have an account" in body and f"?next=/invitations/{invitation.token}/" in body


def test_unknown_token_is_404(db):
    assert Client().get("/invitations/not-a-real-token/").status_code == 404


def test_logged_in_person_joins(cohort, make_user):
    invitation = invite(cohort, role="participant")
    person = make_user()
    client = client_as(person)
    assert "Join Paris" in client.get(link(invitation)).content.decode()
    response = client.post(link(invitation))
    assert response.status_code == 302 and response["Location"] == f"/spaces/{cohort.id}/"
    assert Membership.objects.get(space=cohort, user=person).role == "participant"
    assert client.get(response["Location"]).status_code == 200


def test_anonymous_signs_up_and_joins_in_one_step(cohort):
    invitation = invite(cohort, role="guest", access_until=timezone.now() + dt.timedelta(days=30))
    client = Client()
    response = client.post(link(invitation), SIGN_UP)
    assert response.status_code == 302 and response["Location"] == f"/spaces/{cohort.id}/"
    nadia = User.objects.get(email="nadia@example.org")
    membership = Membership.objects.get(space=cohort, user=nadia)
    assert membership.role == "guest" and membership.expires_at is not None
    assert client.get(f"/spaces/{cohort.id}/").status_code == 200  # logged in


def test_sign_up_refuses_a_weak_password_and_creates_nothing(cohort):
    invitation = invite(cohort)
    data = {**SIGN_UP, "password": "short", "password_again": "short"}
    response = Client().post(link(invitation), data)
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert not User.objects.filter(email="nadia@example.org").exists()


def test_sign_up_refuses_different_passwords(cohort):
    data = {**SIGN_UP, "password_again": "something else entirely"}
    response = Client().post(link(invite(cohort)), data)
    assert "The two passwords differ." in response.content.decode()
    assert not User.objects.filter(email="nadia@example.org").exists()


def test_sign_up_with_an_address_already_in_use(cohort, make_user):
    make_user(email="nadia@example.org")
    response = Client().post(link(invite(cohort)), SIGN_UP)
    assert response.status_code == 200
    assert "already uses this email" in response.content.decode()
    assert Invitation.objects.get().use_count == 0


def test_email_invitation_locks_the_address(cohort):
    invitation = invite(cohort, email="nadia@example.org", max_uses=1)
    page = Client().get(link(invitation)).content.decode()
    assert 'value="nadia@example.org"' in page and "disabled" in page
    Client().post(link(invitation), {**SIGN_UP, "email": "intruder@example.org"})
    assert User.objects.filter(email="nadia@example.org").exists()
    assert not User.objects.filter(email="intruder@example.org").exists()


def test_email_invitation_refuses_another_account(cohort, make_user):
    invitation = invite(cohort, email="nadia@example.org", max_uses=1)
    other = make_user(email="someone@example.org")
    client = client_as(other)
    assert (
        "This invitation was sent to nadia@example.org"
        in client.get(link(invitation)).content.decode()
    )
    response = client.post(link(invitation))
    assert response.status_code == 403
    assert "another email address" in response.content.decode()
    assert not Membership.objects.filter(space=cohort, user=other).exists()


def test_expired_link_gives_a_clear_410_page(cohort, fac):
    invitation = invite(cohort, created_by=fac, expires_at=timezone.now() - dt.timedelta(hours=1))
    response = Client().get(link(invitation))
    assert response.status_code == 410
    body = response.content.decode()
    assert "This invitation no longer works" in body and "expired" in body
    assert "Ask Fatou for a new link." in body


def test_revoked_link_gives_410(cohort, make_user):
    invitation = invite(cohort, revoked_at=timezone.now())
    client = client_as(make_user())
    assert client.get(link(invitation)).status_code == 410
    assert client.post(link(invitation)).status_code == 410
    assert not Membership.objects.filter(space=cohort).exists()


def test_max_uses_are_counted_then_used_up(cohort, make_user):
    invitation = invite(cohort, max_uses=2)
    for _ in range(2):
        assert client_as(make_user()).post(link(invitation)).status_code == 302
    invitation.refresh_from_db()
    assert invitation.use_count == 2
    late = make_user()
    response = client_as(late).post(link(invitation))
    assert response.status_code == 410
    assert "already been used as many times as allowed" in response.content.decode()
    assert not Membership.objects.filter(space=cohort, user=late).exists()
    assert Client().post(link(invitation), SIGN_UP).status_code == 410
    assert not User.objects.filter(email="nadia@example.org").exists()


def test_pages_in_french(cohort, fac):
    invitation = invite(cohort, created_by=fac)
    client = Client(headers={"accept-language": "fr"})
    assert "Je suis nouveau ou nouvelle ici" in client.get(link(invitation)).content.decode()
    invitation.revoked_at = timezone.now()
    invitation.save()
    assert "Cette invitation ne fonctionne plus" in client.get(link(invitation)).content.decode()


def test_logging_in_comes_back_to_the_invitation(cohort, make_user):
    invitation = invite(cohort)
    person = make_user(email="pat@example.org")
    client = Client()
    login_url = f"/accounts/login/?next={link(invitation)}"
    assert login_url in client.get(link(invitation)).content.decode()
    response = client.post(
        login_url, {"username": "pat@example.org", "password": PASSWORD, "next": link(invitation)}
    )
    assert response.status_code == 302 and response["Location"] == link(invitation)
    assert client.post(link(invitation)).status_code == 302
    assert Membership.objects.filter(space=cohort, user=person).exists()


def test_used_link_offers_the_space_to_those_already_in(cohort, make_user):
    person = make_user()
    invitation = invite(cohort, max_uses=1)
    client = client_as(person)
    client.post(link(invitation))
    response = client.get(link(invitation))
    assert response.status_code == 410
    assert f'href="/spaces/{cohort.id}/"' in response.content.decode()
