"""The glossary API: proposals and approval, versions, re-opening, translations, search,
the terms list, and bad input answered 422 with nothing written."""

import pytest

from ruche.glossary.models import GlossaryEntry, GlossaryEntryVersion
from ruche.glossary.services import glossary_entry_adopt

from .conftest import SSE_EN, SSE_FR

pytestmark = pytest.mark.django_db

PROPOSAL = {"term": "Coopérative", "definition_html": "<p>Owned by its members.</p>",
            "language": "fr", "variants": ["coop"]}  # fmt: skip


def _adopt(world, term="Social and Solidarity Economy", html=SSE_EN, language="en"):
    return glossary_entry_adopt(actor=world.facilitator, space=world.space, term=term,
                                definition_html=html, language=language)  # fmt: skip


def test_proposal_then_approval(world, api_as):
    api = api_as(world.participant)
    created = api.post(f"/spaces/{world.space.id}/glossary", PROPOSAL)
    assert created.status_code == 201, created.json_body
    entry = created.json_body
    assert entry["status"] == "proposed" and entry["current"] is None
    assert entry["draft"]["term"] == "Coopérative" and entry["variants"] == ["coop"]
    # the proposer may still change it; approving is the facilitator's
    changed = api.patch(f"/glossary/{entry['id']}", {"definition_html": "<p>Members own it.</p>"})
    assert changed.status_code == 200
    assert api.post(f"/glossary/{entry['id']}/approve").status_code == 403
    approved = api_as(world.facilitator).post(f"/glossary/{entry['id']}/approve")
    assert approved.status_code == 200
    body = approved.json_body
    assert body["status"] == "adopted" and body["version"] == 1 and body["draft"] is None
    assert body["current"]["definition_html"] == "<p>Members own it.</p>"
    assert body["current"]["contributors"] == ["Pierre"]
    assert body["current"]["adopted_by"] == "Fatou"
    assert api.post(f"/glossary/{entry['id']}/approve").status_code == 403
    again = api_as(world.facilitator).post(f"/glossary/{entry['id']}/approve")
    assert again.status_code == 409  # nothing left to approve


def test_term_is_unique_in_the_space_whatever_the_case_or_accents(world, api_as):
    api = api_as(world.participant)
    assert api.post(f"/spaces/{world.space.id}/glossary", PROPOSAL).status_code == 201
    twin = api.post(f"/spaces/{world.space.id}/glossary", PROPOSAL | {"term": "COOPERATIVE"})
    assert twin.status_code == 409
    assert GlossaryEntry.objects.count() == 1


def test_adopting_twice_gives_two_versions(world, api_as):
    first = _adopt(world)
    _adopt(world, html="<p>Second text.</p>")
    versions = api_as(world.observer).get(f"/glossary/{first.entry_id}/versions").json_body
    assert [(v["number"], v["adopted"]) for v in versions] == [(2, True), (1, True)]
    assert versions[1]["definition_html"] == SSE_EN
    entry = api_as(world.observer).get(f"/glossary/{first.entry_id}").json_body
    assert entry["version"] == 2 and entry["current"]["definition_html"] == "<p>Second text.</p>"


def test_reopen_keeps_the_adopted_text_until_a_new_version(world, api_as):
    entry_id = _adopt(world).entry_id
    facilitator, participant = api_as(world.facilitator), api_as(world.participant)
    # an adopted text does not change quietly
    quiet = facilitator.patch(f"/glossary/{entry_id}", {"definition_html": "<p>Changed</p>"})
    assert quiet.status_code == 409
    assert participant.post(f"/glossary/{entry_id}/reopen", {}).status_code == 403
    reopened = facilitator.post(f"/glossary/{entry_id}/reopen", {"reason": "Too vague"})
    assert reopened.status_code == 200
    body = reopened.json_body
    assert body["status"] == "revising" and body["under_revision"] is True
    assert body["current"]["definition_html"] == SSE_EN and body["reopen_reason"] == "Too vague"
    assert facilitator.post(f"/glossary/{entry_id}/reopen", {}).status_code == 409
    # participants write the next text; a facilitator approves it
    draft = participant.patch(f"/glossary/{entry_id}", {"definition_html": "<p>Sharper.</p>"})
    assert draft.status_code == 200 and draft.json_body["draft"]["adopted"] is False
    assert draft.json_body["current"]["definition_html"] == SSE_EN
    approved = facilitator.post(f"/glossary/{entry_id}/approve").json_body
    assert approved["status"] == "adopted" and approved["version"] == 2
    assert approved["current"]["definition_html"] == "<p>Sharper.</p>"


def test_adoption_ends_a_revision(world, api_as):
    entry_id = _adopt(world).entry_id
    api_as(world.facilitator).post(f"/glossary/{entry_id}/reopen", {})
    _adopt(world, html="<p>From the workshop.</p>")
    body = api_as(world.participant).get(f"/glossary/{entry_id}").json_body
    assert body["status"] == "adopted" and body["version"] == 2


def test_translations(world, api_as):
    entry_id = _adopt(world).entry_id
    api = api_as(world.participant)
    added = api.post(f"/glossary/{entry_id}/translations",
                     {"language": "fr", "term": "Économie sociale et solidaire",
                      "definition_html": SSE_FR})  # fmt: skip
    assert added.status_code == 201, added.json_body
    assert added.json_body["written_by"] == "Pierre" and added.json_body["number"] == 1
    entry = api.get(f"/glossary/{entry_id}").json_body
    assert [(t["language"], t["term"]) for t in entry["translations"]] == [
        ("fr", "Économie sociale et solidaire")
    ]
    same = api.post(f"/glossary/{entry_id}/translations",
                    {"language": "en", "definition_html": "<p>x</p>"})  # fmt: skip
    assert same.status_code == 422
    renewed = api.post(f"/glossary/{entry_id}/translations",
                       {"language": "fr", "definition_html": "<p>Nouvelle</p>"})  # fmt: skip
    assert renewed.json_body["number"] == 2
    assert renewed.json_body["term"] == "Économie sociale et solidaire"  # kept
    listed = api.get(f"/spaces/{world.space.id}/glossary?language=fr").json_body
    assert [e["id"] for e in listed] == [str(entry_id)]
    assert api.get(f"/spaces/{world.space.id}/glossary?language=it").json_body == []


def test_a_proposal_cannot_be_translated(world, api_as):
    api = api_as(world.participant)
    entry = api.post(f"/spaces/{world.space.id}/glossary", PROPOSAL).json_body
    answer = api.post(f"/glossary/{entry['id']}/translations",
                      {"language": "en", "definition_html": "<p>x</p>"})  # fmt: skip
    assert answer.status_code == 409


def test_search_ignores_case_and_accents(world, api_as):
    _adopt(world)
    _adopt(world, term="Coopérative", html="<p>Entreprise détenue par ses membres.</p>",
           language="fr")  # fmt: skip
    api = api_as(world.participant)
    path = f"/spaces/{world.space.id}/glossary"
    assert [e["term"] for e in api.get(path).json_body] == [
        "Coopérative", "Social and Solidarity Economy"]  # fmt: skip
    assert [e["term"] for e in api.get(f"{path}?q=cooperative").json_body] == ["Coopérative"]
    assert [e["term"] for e in api.get(f"{path}?q=DETENUE").json_body] == ["Coopérative"]
    assert api.get(f"{path}?q=nothing").json_body == []


@pytest.mark.parametrize(
    "payload",
    [
        {"term": "", "definition_html": "<p>x</p>", "language": "en"},
        {"term": "x" * 201, "definition_html": "<p>x</p>", "language": "en"},
        {"term": "Ok", "definition_html": "<script>alert(1)</script>", "language": "en"},
        {"term": "Ok", "definition_html": "<p>x</p>", "language": "english please"},
        {"term": "Ok", "definition_html": "<p>x</p>", "language": "en", "variants": "coop"},
        {"term": "Ok", "language": "en"},
        {
            "term": "Ok",
            "definition_html": "<p>x</p>",
            "language": "en",
            "variants": [f"v{n}" for n in range(30)],
        },
    ],
)
def test_bad_input_is_422_and_writes_nothing(world, api_as, payload):
    answer = api_as(world.participant).post(f"/spaces/{world.space.id}/glossary", payload)
    assert answer.status_code == 422, answer.json_body
    assert "detail" in answer.json_body
    assert GlossaryEntry.objects.count() == 0 and GlossaryEntryVersion.objects.count() == 0


def test_bad_patch_is_422_and_changes_nothing(world, api_as):
    api = api_as(world.participant)
    entry = api.post(f"/spaces/{world.space.id}/glossary", PROPOSAL).json_body
    answer = api.patch(f"/glossary/{entry['id']}", {"term": "New", "definition_html": "  "})
    assert answer.status_code == 422
    after = api.get(f"/glossary/{entry['id']}").json_body
    assert after["term"] == "Coopérative" and after["draft"]["definition_html"] == (
        "<p>Owned by its members.</p>")  # fmt: skip


def test_delete(world, api_as):
    entry_id = _adopt(world).entry_id
    assert api_as(world.participant).delete(f"/glossary/{entry_id}").status_code == 403
    assert api_as(world.facilitator).delete(f"/glossary/{entry_id}").status_code == 204
    assert api_as(world.facilitator).get(f"/glossary/{entry_id}").status_code == 404


def test_a_proposer_may_withdraw_their_proposal(world, api_as):
    entry = api_as(world.participant).post(f"/spaces/{world.space.id}/glossary", PROPOSAL)
    entry_id = entry.json_body["id"]
    assert api_as(world.other).delete(f"/glossary/{entry_id}").status_code == 403
    assert api_as(world.other).patch(f"/glossary/{entry_id}", {"term": "X"}).status_code == 403
    assert api_as(world.participant).delete(f"/glossary/{entry_id}").status_code == 204


def test_variants_of_an_adopted_entry_are_for_facilitators(world, api_as):
    entry_id = _adopt(world).entry_id
    path = f"/glossary/{entry_id}"
    assert api_as(world.participant).patch(path, {"variants": ["SSE"]}).status_code == 403
    answer = api_as(world.facilitator).patch(path, {"variants": ["SSE", "sse", " "]})
    assert answer.status_code == 200 and answer.json_body["variants"] == ["SSE"]


def test_closing_a_revision_keeps_the_adopted_version(world, api_as):
    entry_id = _adopt(world).entry_id
    facilitator = api_as(world.facilitator)
    path = f"/glossary/{entry_id}"
    assert facilitator.post(f"{path}/close-revision").status_code == 409  # not re-opened
    facilitator.post(f"{path}/reopen", {"reason": "Maybe"})
    api_as(world.participant).patch(path, {"definition_html": "<p>Draft.</p>"})
    assert api_as(world.participant).post(f"{path}/close-revision").status_code == 403
    closed = facilitator.post(f"{path}/close-revision").json_body
    assert closed["status"] == "adopted" and closed["draft"] is None and closed["version"] == 1
    assert closed["reopen_reason"] == "" and closed["current"]["definition_html"] == SSE_EN
