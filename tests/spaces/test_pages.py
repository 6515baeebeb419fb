"""The space pages, through the Django test client: who sees what, and what each form does."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from ruche.spaces.models import AuditAction, AuditEntry, Invitation, Membership, Space
from ruche.spaces.services import activity_record


@pytest.fixture
def world(make_user, make_space):
    """A community with two cohorts; a participant in one of them; a stranger elsewhere."""
    fac, part, guest, other = (make_user(n) for n in ("Fatou", "Pierre", "Gina", "Oscar"))
    community = make_space("community", name="SSE in VET", members={fac: "facilitator"})
    paris = make_space("cohort", parent=community, name="Paris", members={part: "participant"})
    toulouse = make_space(
        "cohort", parent=community, name="Toulouse", members={other: "participant"}
    )
    Membership.objects.create(space=paris, user=guest, role="guest")
    foreign = make_space("community", name="Elsewhere", members={other: "facilitator"})
    return {
        "fac": fac, "part": part, "guest": guest, "other": other,
        "community": community, "paris": paris, "toulouse": toulouse, "foreign": foreign,
    }  # fmt: skip


def client_as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(space: Space, page: str = "") -> str:
    return f"/spaces/{space.id}/{page + '/' if page else ''}"


MANAGE_PAGES = ["invitations", "audit", "settings", "delete"]


# Home and list


def test_home_shows_my_tree_feed_and_next_dates(world):
    paris = world["paris"]
    paris.starts_on = timezone.localdate() + dt.timedelta(days=10)
    paris.save()
    activity_record(space=paris, actor=world["part"], verb="member_joined", object_name="Paris")
    response = client_as(world["fac"]).get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "SSE in VET" in body and "Paris" in body and "Toulouse" in body
    assert "badge--facilitator" in body
    assert "Pierre" in body and "joined" in body
    assert "What comes next" in body and "starts" in body
    assert "Elsewhere" not in body


def test_home_of_participant_shows_only_their_cohort(world):
    body = client_as(world["part"]).get("/").content.decode()
    assert "Paris" in body
    assert "Toulouse" not in body and "SSE in VET" not in body


def test_home_empty_state_invites_to_create(make_user):
    body = client_as(make_user()).get("/").content.decode()
    assert "Create a community" in body


def test_home_lists_pending_invitations(world, make_user):
    newcomer = make_user(email="new@example.org")
    Invitation.objects.create(space=world["paris"], role="participant", email="new@example.org")
    body = client_as(newcomer).get("/").content.decode()
    assert "Invitations waiting for you" in body and "Paris" in body


def test_anonymous_home_redirects_to_login():
    response = Client().get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_space_list(world):
    response = client_as(world["fac"]).get("/spaces/")
    assert response.status_code == 200
    assert "Toulouse" in response.content.decode()


# Create


def test_create_community_then_cohort(make_user):
    alice = make_user()
    client = client_as(alice)
    response = client.post("/spaces/new/", {"kind": "community", "name": "Bergamo"})
    community = Space.objects.get(name="Bergamo")
    assert response.status_code == 302 and response["Location"] == url(community)
    form = client.get(f"/spaces/new/?parent={community.id}").content.decode()
    assert f'value="{community.id}" selected' in form
    response = client.post(
        "/spaces/new/", {"kind": "cohort", "parent": str(community.id), "name": "Lyon"}
    )
    assert Space.objects.get(name="Lyon").parent == community


def test_create_offers_only_parents_i_facilitate(world):
    body = client_as(world["part"]).get("/spaces/new/").content.decode()
    assert "Paris" not in body and "SSE in VET" not in body
    body = client_as(world["fac"]).get("/spaces/new/").content.decode()
    assert "SSE in VET" in body and "Paris" in body


def test_create_refuses_a_parent_i_do_not_facilitate(world):
    response = client_as(world["part"]).post(
        "/spaces/new/", {"kind": "group", "parent": str(world["paris"].id), "name": "Sneaky"}
    )
    assert response.status_code == 200
    assert not Space.objects.filter(name="Sneaky").exists()


def test_create_shows_service_refusal_as_form_error(world):
    response = client_as(world["fac"]).post("/spaces/new/", {"kind": "cohort", "name": "Orphan"})
    assert response.status_code == 200
    assert "belongs to a parent space" in response.content.decode()


# Space page and visibility


@pytest.mark.parametrize("page", ["", "members"])
def test_member_pages_render_for_members(world, page):
    for who in ("fac", "part", "guest"):
        response = client_as(world[who]).get(url(world["paris"], page))
        assert response.status_code == 200, (who, page)


@pytest.mark.parametrize("page", ["", "members", *MANAGE_PAGES])
def test_strangers_get_404(world, page):
    # A participant of a sibling cohort, and a facilitator of another community.
    assert client_as(world["other"]).get(url(world["paris"], page)).status_code == 404
    assert client_as(world["part"]).get(url(world["community"], page)).status_code == 404
    assert client_as(world["part"]).get(url(world["toulouse"], page)).status_code == 404


def test_unknown_space_is_404(world):
    assert (
        client_as(world["fac"]).get("/spaces/7d4c1b8e-0000-4000-8000-000000000000/").status_code
        == 404
    )


@pytest.mark.parametrize("page", MANAGE_PAGES)
def test_participants_are_refused_manage_pages(world, page):
    assert client_as(world["part"]).get(url(world["paris"], page)).status_code == 403


@pytest.mark.parametrize("page", MANAGE_PAGES)
def test_facilitator_of_the_parent_manages_the_cohort(world, page):
    assert client_as(world["fac"]).get(url(world["paris"], page)).status_code == 200


def test_space_page_shows_tabs_by_role(world):
    facilitator = client_as(world["fac"]).get(url(world["paris"])).content.decode()
    participant = client_as(world["part"]).get(url(world["paris"])).content.decode()
    for tab in ("/invitations/", "/audit/", "/settings/"):
        assert tab in facilitator
        assert tab not in participant
    assert "SSE in VET" in facilitator  # breadcrumbs up the tree
    assert "SSE in VET" not in participant  # a community they cannot see is not named


def test_space_page_shows_children_members_and_activity(world):
    activity_record(space=world["community"], actor=world["fac"], verb="space_created")
    body = client_as(world["fac"]).get(url(world["community"])).content.decode()
    assert "Paris" in body and "Toulouse" in body
    assert "1 member" in body
    assert "created the space" in body


# Members


def test_members_page_hides_controls_from_participants(world):
    body = client_as(world["part"]).get(url(world["paris"], "members")).content.decode()
    assert "Pierre" in body and "Gina" in body
    assert 'name="role"' not in body and "Remove" not in body
    assert "Leave" in body  # on their own row
    facilitator = client_as(world["fac"]).get(url(world["paris"], "members")).content.decode()
    assert 'name="role"' in facilitator and "Remove" in facilitator


def _membership(world, who, space="paris"):
    return Membership.objects.get(user=world[who], space=world[space])


def test_role_change_with_htmx_returns_the_row(world):
    m = _membership(world, "guest")
    response = client_as(world["fac"]).post(
        url(world["paris"], f"members/{m.pk}"),
        {"role": "participant", "access_until": "2030-05-01"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.strip().startswith(f'<tr id="member-{m.pk}"')
    assert "Saved." in body and 'value="participant" selected' in body
    m.refresh_from_db()
    assert m.role == "participant" and m.expires_at.date() == dt.date(2030, 5, 1)
    assert AuditEntry.objects.filter(
        action=AuditAction.ROLE_CHANGED, target=world["guest"]
    ).exists()


def test_role_change_without_htmx_redirects(world):
    m = _membership(world, "guest")
    response = client_as(world["fac"]).post(
        url(world["paris"], f"members/{m.pk}"), {"role": "observer", "access_until": ""}
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.role == "observer" and m.expires_at is None


def test_last_facilitator_cannot_step_down_error_in_row(world):
    m = _membership(world, "fac", "community")
    response = client_as(world["fac"]).post(
        url(world["community"], f"members/{m.pk}"),
        {"role": "participant"},
        headers={"HX-Request": "true"},
    )
    assert "at least one facilitator" in response.content.decode()
    m.refresh_from_db()
    assert m.role == "facilitator"


def test_participant_cannot_change_roles(world):
    m = _membership(world, "guest")
    response = client_as(world["part"]).post(
        url(world["paris"], f"members/{m.pk}"), {"role": "facilitator"}
    )
    assert response.status_code == 403
    assert _membership(world, "guest").role == "guest"


def test_stranger_cannot_change_roles(world):
    m = _membership(world, "guest")
    response = client_as(world["other"]).post(
        url(world["paris"], f"members/{m.pk}"), {"role": "facilitator"}
    )
    assert response.status_code == 404


def test_add_existing_account_by_email(world, make_user):
    newcomer = make_user("Nadia", email="nadia@example.org")
    response = client_as(world["fac"]).post(
        url(world["paris"], "members"), {"email": "NADIA@example.org", "role": "participant"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(space=world["paris"], user=newcomer).exists()


def test_add_unknown_email_suggests_an_invitation(world):
    response = client_as(world["fac"]).post(
        url(world["paris"], "members"), {"email": "nobody@example.org", "role": "participant"}
    )
    assert response.status_code == 200
    assert "Send an invitation" in response.content.decode()


def test_remove_and_leave(world):
    guest = _membership(world, "guest")
    fac = client_as(world["fac"])
    assert fac.post(url(world["paris"], f"members/{guest.pk}/remove")).status_code == 302
    assert not Membership.objects.filter(pk=guest.pk).exists()
    part = _membership(world, "part")
    response = client_as(world["part"]).post(url(world["paris"], f"members/{part.pk}/remove"))
    assert response.status_code == 302 and response["Location"] == "/"
    assert not Membership.objects.filter(pk=part.pk).exists()


def test_participant_cannot_remove_others(world):
    guest = _membership(world, "guest")
    response = client_as(world["part"]).post(url(world["paris"], f"members/{guest.pk}/remove"))
    assert response.status_code == 403
    assert Membership.objects.filter(pk=guest.pk).exists()


def test_get_is_not_allowed_on_member_actions(world):
    guest = _membership(world, "guest")
    assert (
        client_as(world["fac"]).get(url(world["paris"], f"members/{guest.pk}")).status_code == 405
    )


# Audit log, settings, delete


def test_audit_log_lists_entries_paginated(world):
    for _ in range(55):
        AuditEntry.objects.create(
            space=world["paris"], space_name="Paris", actor=world["fac"], target=world["part"],
            action=AuditAction.ROLE_CHANGED, details={"before": "guest", "after": "participant"},
        )  # fmt: skip
    client = client_as(world["fac"])
    first = client.get(url(world["paris"], "audit")).content.decode()
    assert "Role changed" in first and "Pierre: guest → participant" in first
    assert "Page 1 of 2" in first
    assert client.get(url(world["paris"], "audit") + "?page=2").status_code == 200


def test_settings_update(world):
    response = client_as(world["fac"]).post(
        url(world["paris"], "settings"),
        {"name": "Paris 2026", "description": "Spring", "starts_on": "2026-03-02",
         "ends_on": "2026-04-30"},
    )  # fmt: skip
    assert response.status_code == 302
    paris = Space.objects.get(pk=world["paris"].pk)
    assert paris.name == "Paris 2026" and paris.guests_can_edit is False
    assert paris.starts_on == dt.date(2026, 3, 2)


def test_settings_refuses_end_before_start(world):
    response = client_as(world["fac"]).post(
        url(world["paris"], "settings"),
        {"name": "Paris", "starts_on": "2026-04-02", "ends_on": "2026-03-01"},
    )
    assert response.status_code == 200
    assert "The end comes before the start." in response.content.decode()


def test_participant_cannot_post_settings(world):
    response = client_as(world["part"]).post(url(world["paris"], "settings"), {"name": "Hacked"})
    assert response.status_code == 403
    assert Space.objects.get(pk=world["paris"].pk).name == "Paris"


def test_delete_refused_when_it_holds_spaces(world):
    client = client_as(world["fac"])
    page = client.get(url(world["community"], "delete")).content.decode()
    assert "holds other spaces" in page
    response = client.post(url(world["community"], "delete"), follow=True)
    assert "holds other spaces" in response.content.decode()
    assert Space.objects.filter(pk=world["community"].pk).exists()


def test_delete_a_cohort(world):
    response = client_as(world["fac"]).post(url(world["toulouse"], "delete"))
    assert response.status_code == 302 and response["Location"] == url(world["community"])
    assert not Space.objects.filter(pk=world["toulouse"].pk).exists()


def test_participant_cannot_delete(world):
    assert client_as(world["part"]).post(url(world["paris"], "delete")).status_code == 403
    assert Space.objects.filter(pk=world["paris"].pk).exists()


# French


def test_pages_in_french(world):
    world["fac"].ui_language = "fr"
    world["fac"].save()
    client = client_as(world["fac"])
    home = client.get("/").content.decode()
    assert "Mes espaces" in home and "Récemment" in home and "À venir" in home
    members = client.get(url(world["paris"], "members")).content.decode()
    assert "Membres" in members and "Retirer" in members
    invitations = client.get(url(world["paris"], "invitations")).content.decode()
    assert "Inviter par e-mail" in invitations and "Créer un lien à partager" in invitations


def test_site_admin_sees_any_space_and_is_audited(world, make_user):
    admin = make_user("Ada", admin=True)
    client = client_as(admin)
    assert client.get(url(world["foreign"])).status_code == 200
    assert "site administrator" in client.get(url(world["foreign"], "members")).content.decode()
    assert AuditEntry.objects.filter(
        space=world["foreign"], actor=admin, action=AuditAction.ADMIN_ACCESS
    ).exists()


def test_last_facilitator_cannot_leave_a_community(world):
    m = _membership(world, "fac", "community")
    response = client_as(world["fac"]).post(
        url(world["community"], f"members/{m.pk}/remove"), follow=True
    )
    assert "at least one facilitator" in response.content.decode()
    assert Membership.objects.filter(pk=m.pk).exists()


def test_expired_membership_sees_nothing(world):
    m = _membership(world, "guest")
    m.expires_at = timezone.now() - dt.timedelta(minutes=1)
    m.save()
    client = client_as(world["guest"])
    assert client.get(url(world["paris"])).status_code == 404
    assert "Paris" not in client.get("/").content.decode()


# In a real browser: htmx, the CSRF header and the CSP together.

from tests.browser.conftest import asgi_server, browser, login, new_page  # noqa: E402,F401


@pytest.mark.browser
def test_role_change_updates_the_row_in_place_in_a_browser(
    transactional_db, make_user, make_space, request
):
    open_page, log_in = (request.getfixturevalue(name) for name in ("new_page", "login"))
    fac, guest = make_user("Fatou"), make_user("Gina")
    cohort = make_space("community", name="Bergamo", members={fac: "facilitator"})
    m = Membership.objects.create(space=cohort, user=guest, role="guest")
    page = open_page()
    log_in(page, fac)
    page.goto(url(cohort, "members"))
    page.evaluate("window.notReloaded = true")
    row = page.locator(f"#member-{m.pk}")
    row.get_by_label("Role of Gina").select_option("participant")
    page.locator(f"#member-save-{m.pk}").press("Enter")
    page.locator(f"#member-{m.pk} .row-saved").wait_for()
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("document.activeElement.id") == f"member-save-{m.pk}"
    m.refresh_from_db()
    assert m.role == "participant"
