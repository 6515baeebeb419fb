"""Polls (single, multiple, score, ranked, dots) and time polls, through the API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ruche.cohorts.models import Adaptation, CohortSession
from ruche.decisions.models import Vote

from .test_counting import tennessee


def _ids(decision):
    return {o["label"]: o["id"] for o in decision["options"]}


def _vote(api_as, person, decision, ballot):
    return api_as(person).post(f"/decisions/{decision['id']}/votes", ballot)


def test_single_choice_counts_and_a_new_vote_replaces_the_old_one(world, api_as, poll):
    decision = poll("single", options=["Paris", "Lyon"])
    ids = _ids(decision)
    _vote(api_as, world.ana, decision, {"choice": ids["Paris"]})
    _vote(api_as, world.ben, decision, {"choice": ids["Lyon"]})
    body = _vote(api_as, world.ana, decision, {"choice": ids["Lyon"]}).json_body

    assert body["results"]["counts"] == {ids["Paris"]: 0, ids["Lyon"]: 2}
    assert body["results"]["winners"] == [ids["Lyon"]]
    assert body["mine"] == {"ballot": {"choices": [ids["Lyon"]]}}
    assert Vote.objects.filter(user=world.ana).count() == 2
    assert [h["current"] for h in body["history"] if h["name"] == "Ana Participant"] == [
        False,
        True,
    ]


def test_single_choice_refuses_two_choices_or_strangers(world, api_as, poll):
    decision = poll("single", options=["Paris", "Lyon"])
    ids = list(_ids(decision).values())

    assert _vote(api_as, world.ana, decision, {"choices": ids}).status_code == 422
    assert _vote(api_as, world.ana, decision, {"choice": "somewhere"}).status_code == 422
    assert _vote(api_as, world.ana, decision, {}).status_code == 422


def test_multiple_choice(world, api_as, poll):
    decision = poll("multiple", options=["Pad", "Wiki", "Board"])
    ids = _ids(decision)
    _vote(api_as, world.ana, decision, {"choices": [ids["Pad"], ids["Wiki"]]})
    body = _vote(api_as, world.ben, decision, {"choices": [ids["Wiki"]]}).json_body

    assert body["results"]["counts"] == {ids["Pad"]: 1, ids["Wiki"]: 2, ids["Board"]: 0}
    twice = _vote(api_as, world.cleo, decision, {"choices": [ids["Pad"], ids["Pad"]]})
    assert twice.status_code == 422


def test_scores_from_zero_to_five(world, api_as, poll):
    decision = poll("score", options=["Visits", "Talks"])
    ids = _ids(decision)
    _vote(api_as, world.ana, decision, {"scores": {ids["Visits"]: 5, ids["Talks"]: 2}})
    body = _vote(api_as, world.ben, decision, {"scores": {ids["Visits"]: 3}}).json_body

    assert body["results"]["counts"] == {ids["Visits"]: 8, ids["Talks"]: 2}
    assert body["results"]["averages"] == {ids["Visits"]: 4.0, ids["Talks"]: 2.0}
    for bad in (6, -1, 2.5, True, "4"):
        assert (
            _vote(api_as, world.cleo, decision, {"scores": {ids["Talks"]: bad}}).status_code == 422
        )


def test_ranked_choice_through_the_api_follows_the_tennessee_example(
    world, api_as, poll, make_user
):
    from ruche.spaces.models import Membership

    decision = poll("ranked")
    ids = _ids(decision)
    # The Tennessee example at half scale (21, 13, 7.5, 8.5 rounded to 7 and 9: no tie).
    rankings = [
        tennessee()[i] for i in [*range(21), *range(42, 55), *range(68, 75), *range(83, 92)]
    ]
    for n, ranking in enumerate(rankings):
        voter = make_user(f"Voter {n}")
        Membership.objects.create(space=world.paris, user=voter, role="participant")
        response = _vote(api_as, voter, decision, {"ranking": [ids[city] for city in ranking]})
        assert response.status_code == 201

    results = api_as(world.lead).get(f"/decisions/{decision['id']}").json_body["results"]

    assert results["winner"] == ids["Knoxville"]
    assert results["rounds"][0]["counts"][ids["Memphis"]] == 21
    assert results["rounds"][0]["eliminated"] == ids["Chattanooga"]


def test_dot_votes_cannot_exceed_the_dots_given(world, api_as, poll):
    decision = poll("dots", options=["Idea A", "Idea B", "Idea C"], dots_per_person=3)
    ids = _ids(decision)

    too_many = _vote(api_as, world.ana, decision, {"dots": {ids["Idea A"]: 2, ids["Idea B"]: 2}})
    fine = _vote(api_as, world.ana, decision, {"dots": {ids["Idea A"]: 2, ids["Idea B"]: 1}})
    _vote(api_as, world.ben, decision, {"dots": {ids["Idea B"]: 3}})

    assert too_many.status_code == 422 and "3 dots" in too_many.json_body["detail"]
    assert fine.status_code == 201
    results = api_as(world.lead).get(f"/decisions/{decision['id']}").json_body["results"]
    assert results["counts"] == {ids["Idea A"]: 2, ids["Idea B"]: 4, ids["Idea C"]: 0}
    assert _vote(api_as, world.cleo, decision, {"dots": {ids["Idea A"]: 0}}).status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        {"poll_kind": "lottery", "options": ["a", "b"]},
        {"poll_kind": "single", "options": ["only one"]},
        {"poll_kind": "single", "options": ["same", "same"]},
        {"poll_kind": "dots", "options": ["a", "b"], "dots_per_person": 0},
    ],
)
def test_malformed_polls_are_refused(world, api_as, body):
    response = api_as(world.lead).post(
        f"/spaces/{world.paris.id}/decisions", {"question": "Q?", "process": "poll", **body}
    )

    assert response.status_code == 422


def _slots(days=10):
    base = (timezone.now() + timedelta(days=days)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    return [
        {"starts_at": base.isoformat(), "ends_at": (base + timedelta(hours=3)).isoformat()},
        {"starts_at": (base + timedelta(days=1)).isoformat(),
         "ends_at": (base + timedelta(days=1, hours=3)).isoformat()},
    ]  # fmt: skip


def test_a_time_poll_picks_a_slot_and_creates_the_cohort_session(world, api_as):
    created = api_as(world.lead).post(
        f"/spaces/{world.paris.id}/decisions",
        {"question": "When do we visit the cooperative?", "process": "time_poll",
         "slots": _slots()},
    )  # fmt: skip
    decision = created.json_body
    first, second = (o["id"] for o in decision["options"])
    _vote(api_as, world.ana, decision, {"answers": {first: "no", second: "yes"}})
    _vote(api_as, world.ben, decision, {"answers": {first: "yes", second: "if_need_be"}})
    bad = _vote(api_as, world.cleo, decision, {"answers": {first: "perhaps"}})
    early = api_as(world.lead).post(f"/decisions/{decision['id']}/session", {})
    api_as(world.lead).post(f"/decisions/{decision['id']}/close", {"outcome": "The second day."})

    refused = api_as(world.ana).post(f"/decisions/{decision['id']}/session", {})
    session = api_as(world.lead).post(f"/decisions/{decision['id']}/session", {})
    again = api_as(world.lead).post(f"/decisions/{decision['id']}/session", {})

    assert created.status_code == 201 and bad.status_code == 422
    assert early.status_code == 409 and refused.status_code == 403
    assert session.status_code == 201 and again.status_code == 409
    stored = CohortSession.objects.get(pk=session.json_body["id"])
    assert stored.title == "When do we visit the cooperative?"
    assert stored.starts_at.isoformat() == _slots()[1]["starts_at"]
    assert Adaptation.objects.filter(session=stored, kind="added").exists()
    body = api_as(world.ana).get(f"/decisions/{decision['id']}").json_body
    assert body["results"]["best"] == second and body["cohort_session_id"] == str(stored.pk)


def test_a_time_poll_outside_a_cohort_cannot_schedule(world, api_as):
    decision = (
        api_as(world.lead)
        .post(
            f"/spaces/{world.community.id}/decisions",
            {"question": "When?", "process": "time_poll", "slots": _slots()},
        )
        .json_body
    )
    api_as(world.lead).post(f"/decisions/{decision['id']}/close", {"outcome": "Monday."})

    response = api_as(world.lead).post(f"/decisions/{decision['id']}/session", {})

    assert response.status_code == 422


def test_slots_must_end_after_they_start(world, api_as):
    slot = _slots()[0]
    response = api_as(world.lead).post(
        f"/spaces/{world.paris.id}/decisions",
        {"question": "When?", "process": "time_poll",
         "slots": [{"starts_at": slot["ends_at"], "ends_at": slot["starts_at"]}]},
    )  # fmt: skip

    assert response.status_code == 422
