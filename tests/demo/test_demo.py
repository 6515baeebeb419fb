"""The demo community: made through the services, so its audit log and feed look real."""

import pytest
from django.utils import timezone

from ruche.demo.people import DEMO_PASSWORD, FACILITATORS, GUEST, OBSERVER, PEOPLE
from ruche.demo.services import DEMO_LOADERS, DemoWorld, demo_load, demo_loader_register
from ruche.spaces.models import Activity, AuditAction, AuditEntry, Membership, Role, Space

COMMUNITY = "SSE in VET — European trainers"


@pytest.fixture
def demo(db):
    return demo_load()


def members(space_name, role):
    space = Space.objects.get(name=space_name)
    return set(
        Membership.objects.filter(space=space, role=role).values_list("user__email", flat=True)
    )


def test_the_community_has_facilitators_from_several_countries(demo):
    facilitators = members(COMMUNITY, Role.FACILITATOR)

    assert facilitators == {person.email for person in FACILITATORS}
    assert {"fr", "it", "es", "el"} <= {
        language.strip() for person in FACILITATORS for language in person.languages.split(",")
    }


@pytest.mark.parametrize("cohort", ["Paris 2026", "Toulouse 2026"])
def test_each_pilot_cohort_has_five_participants_who_also_belong_to_the_community(demo, cohort):
    space = Space.objects.get(name=cohort)
    participants = members(cohort, Role.PARTICIPANT)

    assert space.kind == "cohort"
    assert space.parent.name == COMMUNITY
    assert space.starts_on.year == 2026
    assert len(participants) == 5
    assert participants <= members(COMMUNITY, Role.PARTICIPANT)


def test_the_guest_expert_came_through_an_invitation_and_her_access_expires(demo):
    guest = Membership.objects.get(user__email=GUEST.email)
    accepted = AuditEntry.objects.filter(
        action=AuditAction.INVITATION_ACCEPTED, target__email=GUEST.email
    )

    assert guest.role == Role.GUEST
    assert guest.space.name == "Paris 2026"
    assert guest.expires_at > timezone.now()
    assert accepted.count() == 1


def test_the_observer_and_the_activity_feed(demo):
    assert OBSERVER.email in members(COMMUNITY, Role.OBSERVER)
    assert Activity.objects.filter(verb="space_created").count() == 3
    assert Activity.objects.filter(verb="invitation_accepted").count() == 1


def test_every_login_works_with_the_demo_password(demo):
    from ruche.accounts.models import User

    assert len(demo) == len(PEOPLE)
    for login in demo:
        assert User.objects.get(email=login.email).check_password(DEMO_PASSWORD)


def test_loading_again_changes_nothing(demo):
    counts = [model.objects.count() for model in (Space, Membership, AuditEntry, Activity)]

    again = demo_load()

    assert again == demo
    assert [model.objects.count() for model in (Space, Membership, AuditEntry, Activity)] == counts


def test_other_apps_extend_the_demo_with_a_loader(db):
    seen: list[DemoWorld] = []
    loader = demo_loader_register(seen.append)
    try:
        demo_load()
    finally:
        DEMO_LOADERS.remove(loader)

    assert seen[0].space("paris").name == "Paris 2026"
    assert seen[0].person("camille.roussel").display_name == "Camille Roussel"
