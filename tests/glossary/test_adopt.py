"""The adoption interface other processes call: entries, versions, translations, history."""

import pytest

from ruche.core.errors import Forbidden, Invalid, NotFound
from ruche.decisions.models import Decision
from ruche.glossary.models import EntryStatus, GlossaryEntry
from ruche.glossary.origins import OriginLink, origin_describe, register_origin
from ruche.glossary.services import glossary_entry_adopt

from .conftest import SSE_EN, SSE_FR

pytestmark = pytest.mark.django_db


def _adopt(world, **kwargs):
    args = {
        "actor": world.facilitator, "space": world.space,
        "term": "Social and Solidarity Economy", "definition_html": SSE_EN, "language": "en",
    } | kwargs  # fmt: skip
    return glossary_entry_adopt(**args)


def test_adopting_twice_makes_two_versions_of_one_entry(world):
    first = _adopt(world, contributors=[world.participant, world.other])
    second = _adopt(world, term="social and solidarity ECONOMY", definition_html="<p>v2</p>")
    entry = GlossaryEntry.objects.get()
    assert first.entry_id == second.entry_id == entry.pk
    assert (first.number, second.number) == (1, 2)
    assert entry.current == second and entry.status == EntryStatus.ADOPTED
    assert {u.pk for u in first.contributors.all()} == {world.participant.pk, world.other.pk}
    first.refresh_from_db()
    assert first.definition_html == SSE_EN  # the earlier version is kept as it was


def test_terms_compare_without_accents_or_case(world):
    _adopt(world, term="Économie sociale", language="fr", definition_html=SSE_FR)
    again = _adopt(world, term="economie SOCIALE", language="fr", definition_html="<p>v2</p>")
    assert again.number == 2 and GlossaryEntry.objects.count() == 1


def test_another_language_is_a_translation(world):
    entry = _adopt(world).entry
    fr = _adopt(world, term="Économie sociale et solidaire", language="fr",
                definition_html=SSE_FR, entry=entry)  # fmt: skip
    entry.refresh_from_db()
    assert fr.language == "fr" and fr.number == 1
    assert entry.language == "en" and entry.current.language == "en"
    # the French term leads to the same entry later
    fr2 = _adopt(world, term="economie sociale et solidaire", language="fr",
                 definition_html="<p>v2</p>")  # fmt: skip
    assert fr2.entry_id == entry.pk and fr2.number == 2
    # so does the entry's own term, keeping the translated term
    fr3 = _adopt(world, language="fr", definition_html="<p>v3</p>")
    assert fr3.term == fr2.term and fr3.number == 3
    assert GlossaryEntry.objects.count() == 1


def test_html_is_sanitised_and_links_kept(world):
    version = _adopt(
        world,
        definition_html='<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:x">a</a>'
        ' <a href="https://example.org">b</a></p>',
    )
    assert "script" not in version.definition_html and "onclick" not in version.definition_html
    assert "javascript" not in version.definition_html
    assert 'href="https://example.org"' in version.definition_html


def test_decision_and_origin_are_recorded(world):
    decision = Decision.objects.create(space=world.space, question="Adopt?", process="consent")
    register_origin("test-origin", lambda oid, actor: OriginLink(f"Workshop {oid}", "/w/"))
    version = _adopt(world, actor=world.participant, decision=decision,
                     origin=("test-origin", "42"))  # fmt: skip
    assert version.decision == decision
    assert (version.origin_kind, version.origin_id) == ("test-origin", "42")
    assert origin_describe("test-origin", "42", world.participant).title == "Workshop 42"
    assert origin_describe("unknown", "42", world.participant) is None


def test_refusals(world):
    with pytest.raises(Invalid):
        _adopt(world, term="  ")
    with pytest.raises(Invalid):
        _adopt(world, definition_html="<p> </p>")
    with pytest.raises(Invalid):
        _adopt(world, language="French!")
    with pytest.raises(Invalid):
        _adopt(world, origin=("x",))
    with pytest.raises(Forbidden):  # without a decision, adopting is a facilitator's act
        _adopt(world, actor=world.participant)
    with pytest.raises(NotFound):
        _adopt(world, actor=world.outsider)
    assert GlossaryEntry.objects.count() == 0


def test_the_system_may_adopt(world):
    assert _adopt(world, actor=None).adopted_by is None


def test_personal_data_export_holds_what_a_person_wrote(world, api_as):
    _adopt(world, contributors=[world.participant])
    api_as(world.participant).post(
        f"/spaces/{world.space.id}/glossary",
        {"term": "Commons", "definition_html": "<p>Shared.</p>", "language": "en"},
    )
    data = api_as(world.participant).get("/me/export").json_body["glossary"]
    assert [p["term"] for p in data["proposed"]] == ["Commons"]
    assert [w["term"] for w in data["written"]] == ["Commons"]
    assert {c["term"] for c in data["credited"]} == {"Social and Solidarity Economy", "Commons"}
    assert api_as(world.other).get("/me/export").json_body["glossary"]["proposed"] == []
