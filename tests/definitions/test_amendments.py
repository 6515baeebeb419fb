"""Amendments: proposed on an exact passage, supported or objected to, settled by the
facilitator or from a consent decision, applied to the pad; a stale passage is a 409."""

from django.test import Client

from ruche.definitions.models import DefinitionProcess
from tests.definitions.conftest import ok, pad_text, pad_write


def _amend(api, pid, passage, replacement, rationale="Clearer."):
    body = {"passage": passage, "replacement": replacement, "rationale": rationale}
    return api.post(f"/definitions/{pid}/amendments", body)


def test_a_stale_passage_answers_409_and_nothing_changes(world, api_as, process, walk):
    lead, ana, ben = api_as(world.lead), api_as(world.ana), api_as(world.ben)
    pid = process()["id"]
    pad_id = walk({"id": pid}, "amendments")["pad_id"]
    first = ok(_amend(ana, pid, "governed democratically", "run by its members"), 201)
    second = ok(_amend(ben, pid, "democratically", "democratically and openly"), 201)
    ok(lead.post(f"/amendments/{first['id']}/settle", {"accept": True}))
    text = pad_text(ana, pad_id)
    assert "It is run by its members." in text
    refused = lead.post(f"/amendments/{second['id']}/settle", {"accept": True})
    assert refused.status_code == 409 and "no longer in the draft" in refused.json_body["detail"]
    assert ok(ana.get(f"/amendments/{second['id']}"))["status"] == "open"
    assert pad_text(ana, pad_id) == text
    ok(lead.post(f"/amendments/{second['id']}/settle", {"accept": False}))
    assert ok(ana.get(f"/amendments/{second['id']}"))["status"] == "rejected"
    again = lead.post(f"/amendments/{second['id']}/settle", {"accept": True})
    assert again.status_code == 409


def test_proposals_are_checked_against_the_draft(world, api_as, process, walk):
    ana = api_as(world.ana)
    pid = process()["id"]
    walk({"id": pid}, "amendments")
    assert _amend(ana, pid, "not in the text", "x").status_code == 422
    assert _amend(ana, pid, "is", "x").status_code == 422  # appears several times
    assert _amend(ana, pid, "people", "people", "Same.").status_code == 422
    assert _amend(ana, pid, "people", "persons", "").status_code == 422
    assert ok(ana.get(f"/definitions/{pid}/amendments")) == []


def test_support_objection_and_a_consent_decision(world, api_as, process, walk):
    lead, ana, ben = api_as(world.lead), api_as(world.ana), api_as(world.ben)
    pid = process()["id"]
    pad_id = walk({"id": pid}, "amendments")["pad_id"]
    amendment = ok(_amend(ana, pid, "of people", "of people and communities"), 201)
    aid = amendment["id"]
    assert ana.post(f"/amendments/{aid}/support", {"stance": "support"}).status_code == 422
    assert ben.post(f"/amendments/{aid}/support", {"stance": "object"}).status_code == 422
    assert ben.post(f"/amendments/{aid}/support", {"stance": "maybe"}).status_code == 422
    ok(ben.post(f"/amendments/{aid}/support", {"stance": "object", "reason": "Too vague."}))
    shown = ok(ben.post(f"/amendments/{aid}/support", {"stance": "support"}))
    assert (shown["support"], shown["object"]) == (1, 0)
    assert ok(lead.post(f"/amendments/{aid}/decision", {}), 201)["decision"]["closed"] is False
    assert lead.post(f"/amendments/{aid}/decision", {}).status_code == 409
    assert lead.post(f"/amendments/{aid}/settle", {"accept": True}).status_code == 409
    decision_id = ok(ana.get(f"/amendments/{aid}"))["decision"]["id"]
    ok(ben.post(f"/decisions/{decision_id}/positions", {"position": "agree"}), 201)
    ok(lead.post(f"/decisions/{decision_id}/close", {"outcome": "Consent."}))
    settled = ok(lead.post(f"/amendments/{aid}/settle", {"accept": False}))  # outcome rules
    assert settled["status"] == "accepted"
    assert "economy of people and communities" in pad_text(ben, pad_id)
    process_row = DefinitionProcess.objects.get(pk=pid)
    assert process_row.pad is not None and process_row.pad.archived_at is not None


def test_a_blocked_amendment_decision_rejects_it(world, api_as, process, walk):
    lead, ana, ben = api_as(world.lead), api_as(world.ana), api_as(world.ben)
    pid = process()["id"]
    pad_id = walk({"id": pid}, "amendments")["pad_id"]
    aid = ok(_amend(ana, pid, "of people", "of persons"), 201)["id"]
    decision_id = ok(lead.post(f"/amendments/{aid}/decision", {}), 201)["decision"]["id"]
    ok(ben.post(f"/decisions/{decision_id}/positions",
                {"position": "block", "reason": "People."}), 201)  # fmt: skip
    ok(lead.post(f"/decisions/{decision_id}/close", {"outcome": "Blocked."}))
    assert ok(lead.post(f"/amendments/{aid}/settle", {}))["status"] == "rejected"
    assert "of persons" not in pad_text(ben, pad_id)


def test_open_amendments_hold_the_adoption(world, api_as, process, walk):
    lead, ana = api_as(world.lead), api_as(world.ana)
    pid = process()["id"]
    walk({"id": pid}, "amendments")
    ok(_amend(ana, pid, "of people", "of persons"), 201)
    assert lead.post(f"/definitions/{pid}/advance").status_code == 409
    assert lead.post(f"/definitions/{pid}/adoption", {}).status_code == 409


def test_hostile_text_in_the_draft_stays_text(world, api_as, process, walk):
    lead = api_as(world.lead)
    pid = process()["id"]
    document = walk({"id": pid}, "draft")
    pad_write(document["pad_id"], world.ana, '<script>alert("x")</script><img src=x onerror=y>')
    ok(lead.post(f"/definitions/{pid}/advance"))
    final = ok(lead.post(f"/definitions/{pid}/adoption", {}), 201)["final_html"]
    assert "<script" not in final and "<img" not in final and "&lt;script&gt;" in final
    page = Client()
    page.force_login(world.olga)
    html = page.get(f"/definitions/{pid}/").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html


def test_under_anonymity_an_applied_amendment_does_not_name_its_author_in_the_pad(
    world, api_as, process, walk
):
    lead, ana = api_as(world.lead), api_as(world.ana)
    pid = process(anonymity="collection")["id"]
    pad_id = walk({"id": pid}, "amendments")["pad_id"]
    amendment = ok(_amend(api_as(world.ben), pid, "governed democratically", "run by all"), 201)
    ok(lead.post(f"/amendments/{amendment['id']}/settle", {"accept": True}))

    assert "It is run by all." in pad_text(ana, pad_id)
    authorship = ok(ana.get(f"/pads/{pad_id}/authorship"))
    runs = {
        block["text"][r["start"] : r["end"]]: r["author"]
        for block in authorship["blocks"]
        for r in block["ranges"]
    }
    # the replacement counts for nobody in the pad; Ben's own words around it still do
    assert runs["run by all"] is None
    assert runs["It is "] == world.ben.pk
