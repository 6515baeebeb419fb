"""Anonymous positions and hidden results: nothing names anyone, nothing counts too early."""

import io

from pypdf import PdfReader

from ruche.decisions.models import Decision

VOTERS = ("ana", "ben", "cleo")


def _names_and_emails(world):
    people = [getattr(world, who) for who in VOTERS]
    return [p.display_name for p in people] + [p.email for p in people] + ["Ana", "Ben", "Cléo"]


def _pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _take_positions(world, api_as, decision_id, *, anonymous=True):
    stances = [("agree", "Fine"), ("disagree", "Too long"), ("block", "Not our words")]
    for who, (stance, reason) in zip(VOTERS, stances, strict=True):
        response = api_as(getattr(world, who)).post(
            f"/decisions/{decision_id}/positions", {"position": stance, "reason": reason}
        )
        assert response.status_code == 201
        if not anonymous:
            continue
        body = response.content.decode()
        for other in VOTERS:
            if other != who:
                assert getattr(world, other).display_name not in body


def test_anonymous_positions_name_nobody_in_the_api_or_the_exports(world, api_as, consent):
    decision = consent(anonymous=True)
    did = decision["id"]
    _take_positions(world, api_as, did)
    api = api_as(world.lead)

    open_json = api.get(f"/decisions/{did}").content.decode()
    closed_json = api.post(f"/decisions/{did}/close", {"outcome": "Blocked; we rewrite."})
    markdown = api.get(f"/decisions/{did}/export?format=md").content.decode()
    pdf = api.get(f"/decisions/{did}/export?format=pdf")

    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    pdf_text = _pdf_text(pdf.content)
    for text in (open_json, closed_json.content.decode(), markdown, pdf_text):
        for secret in _names_and_emails(world):
            assert secret not in text
    body = closed_json.json_body
    assert body["results"]["counts"] == {"agree": 1, "abstain": 0, "disagree": 1, "block": 1}
    assert {p["reason"] for p in body["positions"]} == {"Fine", "Too long", "Not our words"}
    assert all(set(p) == {"position", "reason", "revision"} for p in body["positions"])
    assert body["history"] is None and "not_taken_part" not in body
    assert "Not our words" in markdown and "Not our words" in pdf_text


def test_named_positions_appear_in_the_exports(world, api_as, consent):
    decision = consent()
    _take_positions(world, api_as, decision["id"], anonymous=False)
    api_as(world.lead).post(
        f"/decisions/{decision['id']}/revisions", {"question": "Adopt the revised definition?"}
    )

    markdown = api_as(world.ben).get(f"/decisions/{decision['id']}/export?format=md")
    pdf = api_as(world.ben).get(f"/decisions/{decision['id']}/export?format=pdf")

    text = markdown.content.decode()
    assert markdown["Content-Type"].startswith("text/markdown")
    assert "# Adopt the revised definition?" in text
    assert "**Cléo Participant**: Block (on revision 1) — Not our words" in text
    assert "Revision 1" in text and "Revision 2" in text
    assert "Cléo Participant" in _pdf_text(pdf.content)


def test_unknown_export_format_is_refused(world, api_as, consent):
    decision = consent()

    assert (
        api_as(world.ana).get(f"/decisions/{decision['id']}/export?format=docx").status_code == 422
    )


def test_hidden_results_show_no_counts_before_closing_not_even_to_facilitators(
    world, api_as, consent
):
    decision = consent(results_hidden=True)
    did = decision["id"]
    _take_positions(world, api_as, did, anonymous=False)

    for person in (world.lead, world.ana):
        body = api_as(person).get(f"/decisions/{did}").json_body
        assert body["results_visible"] is False
        assert body["results"] is None and body["positions"] is None and body["history"] is None
        assert body["quorum_met"] is None
    markdown = api_as(world.lead).get(f"/decisions/{did}/export?format=md").content.decode()
    assert "Not our words" not in markdown and "hidden until the decision closes" in markdown
    # Her own position, though, she can always see.
    mine = api_as(world.cleo).get(f"/decisions/{did}").json_body["mine"]
    assert mine["position"] == "block"

    closed = api_as(world.lead).post(f"/decisions/{did}/close", {"outcome": "Blocked."}).json_body
    assert closed["results"]["status"] == "blocked" and len(closed["positions"]) == 3


def test_facilitators_see_who_has_not_taken_part_unless_anonymous(world, api_as, consent):
    named, anonymous = consent(), consent(anonymous=True)
    for decision in (named, anonymous):
        api_as(world.ana).post(f"/decisions/{decision['id']}/positions", {"position": "agree"})

    seen = api_as(world.lead).get(f"/decisions/{named['id']}").json_body
    hidden = api_as(world.lead).get(f"/decisions/{anonymous['id']}").json_body
    participant_view = api_as(world.ben).get(f"/decisions/{named['id']}").json_body

    # Ben, Cléo and the guest (guests may edit in Paris) are awaited; the observer is not.
    assert seen["not_taken_part"] == ["Ben Participant", "Cléo Participant", "Gus Guest"]
    assert hidden["not_taken_part_count"] == 3 and "not_taken_part" not in hidden
    assert "not_taken_part" not in participant_view


def test_anonymous_votes_on_a_poll_name_nobody(world, api_as, poll):
    ballot_box = poll("single", anonymous=True)
    first = ballot_box["options"][0]["id"]
    for who in VOTERS:
        api_as(getattr(world, who)).post(f"/decisions/{ballot_box['id']}/votes", {"choice": first})

    text = api_as(world.lead).get(f"/decisions/{ballot_box['id']}").content.decode()

    for secret in _names_and_emails(world):
        assert secret not in text
    assert Decision.objects.get(pk=ballot_box["id"]).votes.count() == 3
