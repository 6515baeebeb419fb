"""Who may see, open, take part in, revise and close a decision."""

import pytest

from ruche.spaces.models import AuditEntry

from .conftest import soon


def test_observers_follow_but_cannot_take_part(world, api_as, consent, poll):
    decision, ballot_box = consent(), poll("single")
    api = api_as(world.olga)

    assert api.get(f"/decisions/{decision['id']}").status_code == 200
    assert (
        api.post(f"/decisions/{decision['id']}/positions", {"position": "agree"}).status_code == 403
    )
    choice = ballot_box["options"][0]["id"]
    assert api.post(f"/decisions/{ballot_box['id']}/votes", {"choice": choice}).status_code == 403
    assert api.get(f"/decisions/{decision['id']}").json_body["may"]["take_part"] is False


def test_another_cohort_sees_nothing(world, api_as, consent):
    decision = consent()
    api = api_as(world.tom)

    assert api.get(f"/decisions/{decision['id']}").status_code == 404
    assert api.get(f"/spaces/{world.paris.id}/decisions").status_code == 404
    assert (
        api.post(f"/decisions/{decision['id']}/positions", {"position": "agree"}).status_code == 404
    )
    assert api.get(f"/decisions/{decision['id']}/export?format=md").status_code == 404
    assert api.post(f"/decisions/{decision['id']}/close", {"outcome": "x"}).status_code == 404


def test_malformed_and_unknown_ids_are_not_found(world, api_as):
    api = api_as(world.ana)

    assert api.get("/decisions/not-a-uuid").status_code == 404
    assert api.get("/decisions/00000000-0000-0000-0000-000000000000").status_code == 404


def test_guests_take_part_only_where_allowed(world, api_as, consent):
    api = api_as(world.gus)
    world.paris.guests_can_edit = False
    world.paris.save()
    closed_door = consent()
    invited = consent(guests_may_take_part=True)

    assert (
        api.post(f"/decisions/{closed_door['id']}/positions", {"position": "agree"}).status_code
        == 403
    )
    assert (
        api.post(f"/decisions/{invited['id']}/positions", {"position": "agree"}).status_code == 201
    )

    world.paris.guests_can_edit = True
    world.paris.save()
    assert (
        api.post(f"/decisions/{closed_door['id']}/positions", {"position": "agree"}).status_code
        == 201
    )


def test_guests_and_observers_do_not_open_decisions(world, api_as):
    url = f"/spaces/{world.paris.id}/decisions"
    body = {"question": "Q?", "process": "consent", "closes_at": soon()}

    assert api_as(world.gus).post(url, body).status_code == 403
    assert api_as(world.olga).post(url, body).status_code == 403
    assert api_as(world.tom).post(url, body).status_code == 404
    assert api_as(world.ana).post(url, body).status_code == 201


def test_a_decision_for_facilitators_only(world, api_as, consent):
    decision = consent(participants="facilitators")
    url = f"/decisions/{decision['id']}/positions"

    assert api_as(world.ana).post(url, {"position": "agree"}).status_code == 403
    assert api_as(world.lead).post(url, {"position": "agree"}).status_code == 201


@pytest.mark.parametrize("who", ["ana", "gus", "olga"])
def test_only_facilitators_close_and_remind(world, api_as, consent, who):
    decision = consent()
    api = api_as(getattr(world, who))

    assert api.post(f"/decisions/{decision['id']}/close", {"outcome": "x"}).status_code == 403
    assert api.post(f"/decisions/{decision['id']}/remind").status_code == 403


def test_site_admins_pass_and_are_audited(world, api_as, consent, make_user):
    admin = make_user("Site Admin", admin=True)
    decision = consent()

    api = api_as(admin)

    assert api.get(f"/decisions/{decision['id']}").status_code == 200
    assert AuditEntry.objects.filter(space=world.paris, actor=admin).exists()
    # They manage (close, remind) but do not vote in a group they do not belong to.
    assert (
        api.post(f"/decisions/{decision['id']}/positions", {"position": "agree"}).status_code == 403
    )
    assert (
        api.post(f"/decisions/{decision['id']}/close", {"outcome": "Closed by admin"}).status_code
        == 200
    )


def test_anonymous_callers_are_refused(api_as, consent):
    decision = consent()

    assert api_as(None).get(f"/decisions/{decision['id']}").status_code == 401
