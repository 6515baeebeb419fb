"""The compact term list editors auto-link with: settled entries of the space and of the
parent spaces the reader may see, with translations and accepted forms."""

import pytest

from ruche.glossary.selectors import plural_forms
from ruche.glossary.services import glossary_entry_adopt, glossary_entry_translate

pytestmark = pytest.mark.django_db


def _adopt(space, actor, term, text, language="en"):
    return glossary_entry_adopt(actor=actor, space=space, term=term,
                                definition_html=f"<p>{text}</p>", language=language)  # fmt: skip


def test_terms_of_the_space_with_translations_and_forms(world, api_as):
    version = _adopt(world.space, world.facilitator, "Cooperative", "Owned by <b>members</b>.")
    glossary_entry_translate(actor=world.participant, entry_id=version.entry_id, language="fr",
                             term="Coopérative", definition_html="<p>Détenue.</p>")  # fmt: skip
    api_as(world.participant).post(
        f"/spaces/{world.space.id}/glossary",
        {"term": "Draft only", "definition_html": "<p>x</p>", "language": "en"},
    )
    terms = api_as(world.observer).get(f"/spaces/{world.space.id}/glossary/terms").json_body
    # the French term folds like the English one: one item, with both definitions
    assert [(t["term"], t["language"]) for t in terms] == [("Cooperative", "en")]
    english = terms[0]
    assert english["definition"] == "Owned by members."
    assert english["definitions"] == {"en": "Owned by members.", "fr": "Détenue."}
    assert english["variants"] == ["Cooperatives"]
    assert english["url"] == f"/glossary/{version.entry_id}/"
    glossary_entry_translate(actor=world.participant, entry_id=version.entry_id, language="it",
                             term="Cooperativa", definition_html="<p>Posseduta.</p>")  # fmt: skip
    terms = api_as(world.observer).get(f"/spaces/{world.space.id}/glossary/terms").json_body
    assert [(t["term"], t["language"], t["variants"]) for t in terms] == [
        ("Cooperativa", "it", []), ("Cooperative", "en", ["Cooperatives"])]  # fmt: skip


def test_longest_terms_first_and_revising_entries_stay(world, api_as):
    _adopt(world.space, world.facilitator, "Economy", "e")
    entry = _adopt(world.space, world.facilitator, "Social economy", "s").entry
    api_as(world.facilitator).post(f"/glossary/{entry.pk}/reopen", {})
    terms = api_as(world.participant).get(f"/spaces/{world.space.id}/glossary/terms").json_body
    assert [(t["term"], t["under_revision"]) for t in terms] == [
        ("Social economy", True), ("Economy", False)]  # fmt: skip


def test_parent_spaces_terms_when_visible_and_nearest_wins(world, api_as, make_space, make_user):
    member_of_both = world.participant
    newcomer = make_user("Newcomer")
    cohort = make_space(
        "cohort",
        parent=world.space,
        members={member_of_both: "participant", newcomer: "participant"},
    )
    _adopt(world.space, world.facilitator, "Commons", "community meaning")
    _adopt(world.space, world.facilitator, "Mutual aid", "from the community")
    _adopt(cohort, world.facilitator, "commons", "cohort meaning")
    terms = api_as(member_of_both).get(f"/spaces/{cohort.id}/glossary/terms").json_body
    assert sorted((t["term"], t["definition"]) for t in terms) == [
        ("Mutual aid", "from the community"), ("commons", "cohort meaning")]  # fmt: skip
    # someone who may not see the community gets only the cohort's terms
    terms = api_as(newcomer).get(f"/spaces/{cohort.id}/glossary/terms").json_body
    assert [t["term"] for t in terms] == ["commons"]


def test_plural_forms():
    assert plural_forms("cooperative") == ["cooperatives"]
    assert plural_forms("Social economy") == ["Social economies"]
    assert plural_forms("bureau") == ["bureaux"]
    assert plural_forms("process") == []
    assert plural_forms("SSE") == []
    assert plural_forms("day") == ["days"]
    assert plural_forms("coopérative", "fr") == ["coopératives"]
    assert plural_forms("cooperativa", "it") == []


def test_the_term_list_takes_few_queries(world, api_as, django_assert_max_num_queries):
    for n in range(12):
        version = _adopt(world.space, world.facilitator, f"Term {n}", f"text {n}")
        glossary_entry_translate(actor=world.participant, entry_id=version.entry_id,
                                 language="fr", definition_html=f"<p>texte {n}</p>")  # fmt: skip
    api = api_as(world.participant)
    with django_assert_max_num_queries(12):
        terms = api.get(f"/spaces/{world.space.id}/glossary/terms").json_body
    assert len(terms) == 12 and terms[0]["definitions"]["fr"].startswith("texte")
