"""The decisions API: consent proposals, their positions, revisions, closing and refusals."""

from ruche.decisions.models import Decision, Position

from .conftest import soon


def test_a_consent_proposal_is_opened_with_the_documented_shape(world, api_as, consent):
    body = consent(context='<p>See <a href="https://ripess.eu">RIPESS</a></p><script>x()</script>')

    assert body["process"] == "consent" and body["status"] == "open" and body["revision"] == 1
    assert body["anonymous"] is False and body["created_by"] == "Lea Facilitator"
    assert "<script>" not in body["context"] and "RIPESS</a>" in body["context"]
    assert body["results"]["status"] == "no_positions"
    listed = api_as(world.ana).get(f"/spaces/{world.paris.id}/decisions").json_body
    assert [d["id"] for d in listed] == [body["id"]]


def test_positions_count_and_a_second_position_replaces_the_first_with_history(
    world, api_as, consent
):
    decision = consent()
    url = f"/decisions/{decision['id']}/positions"
    api_as(world.ana).post(url, {"position": "disagree", "reason": "Too narrow"})
    api_as(world.ben).post(url, {"position": "agree", "reason": ""})

    again = api_as(world.ana).post(url, {"position": "agree", "reason": "Convinced by Ben"})

    assert again.status_code == 201
    body = again.json_body
    assert body["results"]["counts"] == {"agree": 2, "abstain": 0, "disagree": 0, "block": 0}
    assert body["results"]["status"] == "consent"
    assert body["mine"] == {"position": "agree", "reason": "Convinced by Ben", "revision": 1}
    assert [(p["name"], p["position"]) for p in body["positions"]] == [
        ("Ben Participant", "agree"), ("Ana Participant", "agree"),
    ]  # fmt: skip
    history = [(h["name"], h["position"], h["current"]) for h in body["history"]]
    assert ("Ana Participant", "disagree", False) in history
    assert Position.objects.filter(user=world.ana).count() == 2


def test_a_block_needs_a_reason_and_prevents_consent(world, api_as, consent):
    decision = consent()
    url = f"/decisions/{decision['id']}/positions"
    api_as(world.ben).post(url, {"position": "agree"})

    bare = api_as(world.ana).post(url, {"position": "block", "reason": "   "})
    blocked = api_as(world.ana).post(url, {"position": "block", "reason": "It erases the VET side"})

    assert bare.status_code == 422 and "reason" in bare.json_body["detail"]
    assert blocked.status_code == 201
    assert blocked.json_body["results"]["status"] == "blocked"
    assert blocked.json_body["results"]["counts"]["block"] == 1


def test_unknown_positions_and_votes_on_a_proposal_are_refused(world, api_as, consent):
    decision = consent()
    api = api_as(world.ana)

    assert (
        api.post(f"/decisions/{decision['id']}/positions", {"position": "maybe"}).status_code == 422
    )
    assert api.post(f"/decisions/{decision['id']}/votes", {"choice": "x"}).status_code == 422


def test_revisions_keep_earlier_positions_marked_as_such(world, api_as, consent):
    decision = consent()
    url = f"/decisions/{decision['id']}/positions"
    api_as(world.ana).post(url, {"position": "block", "reason": "Mention the VET trainees"})
    api_as(world.ben).post(url, {"position": "agree"})

    revised = api_as(world.lead).post(
        f"/decisions/{decision['id']}/revisions",
        {"question": "Adopt the definition, with VET trainees named?", "note": "After Ana's block"},
    )
    api_as(world.ana).post(url, {"position": "agree", "reason": "Now it names them"})
    body = api_as(world.lead).get(f"/decisions/{decision['id']}").json_body

    assert revised.status_code == 201 and revised.json_body["revision"] == 2
    assert [r["number"] for r in body["revisions"]] == [1, 2]
    assert body["revisions"][0]["question"] == "Adopt the shared definition of SSE?"
    assert body["revisions"][1]["note"] == "After Ana's block"
    ben = next(p for p in body["positions"] if p["name"] == "Ben Participant")
    ana = next(p for p in body["positions"] if p["name"] == "Ana Participant")
    assert ben["revision"] == 1 and ben["on_earlier_revision"] is True
    assert ana["revision"] == 2 and ana["on_earlier_revision"] is False
    # Only positions on the current revision count; Ben's is listed apart.
    assert body["results"]["counts"]["agree"] == 1 and body["results"]["status"] == "consent"
    assert body["results"]["on_earlier_revisions"] == 1


def test_only_the_proposer_and_facilitators_revise(world, api_as, make_space):
    opened = (
        api_as(world.ana)
        .post(
            f"/spaces/{world.paris.id}/decisions",
            {"question": "Meet on Fridays?", "process": "consent", "closes_at": soon()},
        )
        .json_body
    )
    url = f"/decisions/{opened['id']}/revisions"

    assert api_as(world.ben).post(url, {"question": "Meet on Mondays?"}).status_code == 403
    assert api_as(world.ana).post(url, {"question": "Meet on Friday mornings?"}).status_code == 201
    assert api_as(world.lead).post(url, {"note": "Typo"}).status_code == 201
    assert api_as(world.tom).post(url, {"note": "x"}).status_code == 404


def test_closing_records_the_outcome_and_nothing_changes_afterwards(world, api_as, consent):
    decision = consent()
    did = decision["id"]
    api_as(world.ana).post(f"/decisions/{did}/positions", {"position": "agree", "reason": "Yes"})

    assert api_as(world.ana).post(f"/decisions/{did}/close", {"outcome": "x"}).status_code == 403
    assert api_as(world.lead).post(f"/decisions/{did}/close", {"outcome": " "}).status_code == 422
    closed = api_as(world.lead).post(f"/decisions/{did}/close", {"outcome": "Adopted by consent."})

    assert closed.status_code == 200
    body = closed.json_body
    assert body["status"] == "closed" and body["outcome"] == "Adopted by consent."
    assert body["closed_by"] == "Lea Facilitator" and body["results"]["status"] == "consent"
    refused = [
        api_as(world.ben).post(f"/decisions/{did}/positions", {"position": "agree"}),
        api_as(world.ana).post(f"/decisions/{did}/positions", {"position": "block", "reason": "r"}),
        api_as(world.lead).post(f"/decisions/{did}/revisions", {"question": "Changed?"}),
        api_as(world.lead).post(f"/decisions/{did}/close", {"outcome": "Rewritten"}),
        api_as(world.lead).post(f"/decisions/{did}/remind"),
    ]
    assert [r.status_code for r in refused] == [409, 409, 409, 409, 409]
    after = api_as(world.ben).get(f"/decisions/{did}").json_body
    assert after["outcome"] == "Adopted by consent." and after["question"] == decision["question"]
    assert [(p["name"], p["position"]) for p in after["positions"]] == [
        ("Ana Participant", "agree")
    ]
    assert after["may"] == {"take_part": False, "revise": False, "close": False, "remind": False}


def test_the_result_is_frozen_at_closing(world, api_as, consent):
    decision = consent()
    api_as(world.ana).post(f"/decisions/{decision['id']}/positions", {"position": "agree"})
    api_as(world.lead).post(f"/decisions/{decision['id']}/close", {"outcome": "Adopted."})

    # Even a position slipped in behind the API's back does not change the recorded result.
    stored = Decision.objects.get(pk=decision["id"])
    Position.objects.create(decision=stored, user=world.ben, stance="block", revision=1)

    body = api_as(world.ana).get(f"/decisions/{decision['id']}").json_body
    assert body["results"]["status"] == "consent" and body["results"]["counts"]["block"] == 0


def test_quorum_not_met_is_recorded_on_close(world, api_as, consent):
    decision = consent(quorum=3)
    did = decision["id"]
    api_as(world.ana).post(f"/decisions/{did}/positions", {"position": "agree"})
    api_as(world.ben).post(f"/decisions/{did}/positions", {"position": "agree"})

    body = api_as(world.lead).post(f"/decisions/{did}/close", {"outcome": "Postponed."}).json_body

    assert body["quorum"] == 3 and body["quorum_met"] is False
    assert body["results"]["taking_part"] == 2
    assert Decision.objects.get(pk=did).quorum_met is False


def test_quorum_met(world, api_as, consent):
    decision = consent(quorum=2)
    for person in (world.ana, world.ben):
        api_as(person).post(f"/decisions/{decision['id']}/positions", {"position": "agree"})

    body = (
        api_as(world.lead)
        .post(f"/decisions/{decision['id']}/close", {"outcome": "Adopted."})
        .json_body
    )

    assert body["quorum_met"] is True


def test_invalid_proposals_are_refused(world, api_as):
    url = f"/spaces/{world.paris.id}/decisions"
    api = api_as(world.lead)
    past = "2020-01-01T10:00:00+00:00"

    assert api.post(url, {"question": "", "process": "consent"}).status_code == 422
    assert api.post(url, {"question": "Q?", "process": "lottery"}).status_code == 422
    assert (
        api.post(url, {"question": "Q?", "process": "consent", "closes_at": past}).status_code
        == 422
    )
    assert api.post(url, {"question": "Q?", "process": "consent", "quorum": 0}).status_code == 422
    assert api.post(url, {"question": "Q" * 301, "process": "consent"}).status_code == 422
    assert (
        api.post(url, {"question": "Q?", "process": "consent", "participants": "x"}).status_code
        == 422
    )


def test_positions_are_for_proposals_and_revisions_for_proposals_only(world, api_as, poll):
    decision = poll("single", options=["A", "B"])
    did = decision["id"]

    position = api_as(world.ana).post(f"/decisions/{did}/positions", {"position": "agree"})
    revision = api_as(world.lead).post(f"/decisions/{did}/revisions", {"question": "New?"})

    assert position.status_code == 422 and revision.status_code == 422
