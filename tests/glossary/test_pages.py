"""Glossary pages: the list with its letter index, search and proposal form; an entry with
its versions, translations and provenance; the facilitator's forms; refusals; French."""

import pytest
from django.test import Client
from django.utils import translation

from ruche.decisions.models import Decision
from ruche.glossary.models import EntryStatus, GlossaryEntry
from ruche.glossary.origins import OriginLink, register_origin
from ruche.glossary.services import glossary_entry_adopt

from .conftest import SSE_EN

pytestmark = pytest.mark.django_db


def _client(person):
    client = Client()
    client.force_login(person)
    return client


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _adopt(world, term="Social and Solidarity Economy", **kwargs):
    return glossary_entry_adopt(actor=world.facilitator, space=world.space, term=term,
                                definition_html=SSE_EN, language="en", **kwargs)  # fmt: skip


def test_list_letter_index_search_and_space_tab(world):
    _adopt(world)
    _adopt(world, term="Commons")
    client = _client(world.observer)
    html = _html(client, f"/spaces/{world.space.id}/glossary/")
    assert 'href="#letter-S"' in html and 'href="#letter-C"' in html
    assert 'href="#letter-B"' not in html
    assert "Social and Solidarity Economy" in html and "cooperation" in html
    assert "Propose an entry" not in html  # observers only read
    found = _html(client, f"/spaces/{world.space.id}/glossary/?q=commons")
    assert "Commons" in found and "Social and Solidarity" not in found
    space_page = _html(client, f"/spaces/{world.space.id}/")
    assert f"/spaces/{world.space.id}/glossary/" in space_page


def test_propose_from_the_page_then_approve(world):
    client = _client(world.participant)
    url = f"/spaces/{world.space.id}/glossary/"
    form = {"term": "Commons", "definition": "Shared <b>goods</b>.\n\nTwo.", "language": "en",
            "variants": "commoning, the commons"}  # fmt: skip
    response = client.post(url, form)
    entry = GlossaryEntry.objects.get()
    assert response.status_code == 302 and response.url == f"/glossary/{entry.pk}/"
    assert entry.status == EntryStatus.PROPOSED and entry.variants == ["commoning", "the commons"]
    html = _html(client, f"/glossary/{entry.pk}/")
    assert "Shared &lt;b&gt;goods&lt;/b&gt;." in html and "Approve and adopt" not in html
    assert "Proposed, awaiting approval" in _html(client, url)
    facilitator = _client(world.facilitator)
    assert "Approve and adopt" in _html(facilitator, f"/glossary/{entry.pk}/")
    facilitator.post(f"/glossary/{entry.pk}/approve/")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ADOPTED and entry.current.number == 1


def test_a_bad_proposal_shows_the_error_and_keeps_the_input(world):
    client = _client(world.participant)
    response = client.post(f"/spaces/{world.space.id}/glossary/",
                           {"term": "Commons", "definition": "", "language": "en"})  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert "needs a definition" in html and 'value="Commons"' in html
    assert GlossaryEntry.objects.count() == 0


def test_entry_page_with_versions_translations_and_provenance(world):
    decision = Decision.objects.create(space=world.space, question="Adopt the SSE text?",
                                       process="consent")  # fmt: skip
    register_origin("page-test", lambda oid, actor: OriginLink("Definition workshop", "/w/1/"))
    first = _adopt(world, decision=decision, origin=("page-test", "1"),
                   contributors=[world.participant])  # fmt: skip
    _adopt(world)
    client = _client(world.observer)
    world.facilitator.refresh_from_db()
    _client(world.participant).post(
        f"/glossary/{first.entry_id}/translate/",
        {"language": "fr", "term": "ESS", "definition": "Une économie de coopération."},
    )
    html = _html(client, f"/glossary/{first.entry_id}/")
    assert "Version 2" in html and "Version 1" in html and "ESS" in html
    assert "Translated by Pierre" in html
    old = _html(client, f"/glossary/{first.entry_id}/versions/{first.pk}/")
    assert "Adopt the SSE text?" in old and "Definition workshop" in old and "Pierre" in old
    assert f"/decisions/{decision.pk}/" in old


def test_reopen_shows_under_revision_with_the_adopted_text(world):
    entry_id = _adopt(world).entry_id
    facilitator = _client(world.facilitator)
    facilitator.post(f"/glossary/{entry_id}/reopen/", {"reason": "Needs the VET angle"})
    html = _html(_client(world.observer), f"/glossary/{entry_id}/")
    assert "under revision" in html and "Needs the VET angle" in html and "cooperation" in html
    participant = _client(world.participant)
    participant.post(f"/glossary/{entry_id}/edit/", {"term": "Social and Solidarity Economy",
                                                     "definition": "Sharper text."})  # fmt: skip
    assert "Proposed new version" in _html(participant, f"/glossary/{entry_id}/")
    facilitator.post(f"/glossary/{entry_id}/approve/")
    html = _html(participant, f"/glossary/{entry_id}/")
    assert "Sharper text." in html and "under revision" not in html
    facilitator.post(f"/glossary/{entry_id}/reopen/")
    assert "Close the revision and keep version 2" in _html(facilitator, f"/glossary/{entry_id}/")
    facilitator.post(f"/glossary/{entry_id}/close-revision/")
    assert "under revision" not in _html(participant, f"/glossary/{entry_id}/")


def test_refusals_on_pages(world):
    entry_id = _adopt(world).entry_id
    assert _client(world.outsider).get(f"/glossary/{entry_id}/").status_code == 404
    assert _client(world.outsider).get(f"/spaces/{world.space.id}/glossary/").status_code == 404
    observer = _client(world.observer)
    assert observer.post(f"/glossary/{entry_id}/reopen/").status_code == 403
    assert observer.post(f"/glossary/{entry_id}/delete/").status_code == 403
    assert observer.post(f"/spaces/{world.space.id}/glossary/", {"term": "x"}).status_code == 403
    assert _client(world.facilitator).post(f"/glossary/{entry_id}/nonsense/").status_code == 404
    assert observer.get(f"/glossary/{entry_id}/reopen/").status_code == 405
    assert Client().get(f"/glossary/{entry_id}/").status_code == 302  # log in first


def test_delete_from_the_page(world):
    entry_id = _adopt(world).entry_id
    response = _client(world.facilitator).post(f"/glossary/{entry_id}/delete/")
    assert response.status_code == 302 and response.url == f"/spaces/{world.space.id}/glossary/"
    assert not GlossaryEntry.objects.exists()


def test_pages_in_french(world):
    entry_id = _adopt(world).entry_id
    client = _client(world.facilitator)
    client.cookies["django_language"] = "fr"
    with translation.override("fr"):
        html = client.get(f"/glossary/{entry_id}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        listing = client.get(f"/spaces/{world.space.id}/glossary/",
                             HTTP_ACCEPT_LANGUAGE="fr").content.decode()  # fmt: skip
    assert "Glossaire" in listing and "Proposer une entrée" in listing
    assert "Traductions" in html and "Rouvrir pour révision" in html


def test_hostile_terms_and_definitions_stay_text(world):
    hostile = '<img src=x onerror="alert(1)">'
    entry_id = glossary_entry_adopt(
        actor=world.facilitator, space=world.space, term=f"Bad {hostile}",
        definition_html=f"<p>Text {hostile}<script>alert(2)</script></p>", language="en",
    ).entry_id  # fmt: skip
    for url in (f"/glossary/{entry_id}/", f"/spaces/{world.space.id}/glossary/"):
        html = _html(_client(world.observer), url)
        assert "<img" not in html and "<script>alert" not in html and "alert(2)" not in html
        assert "Bad &lt;img" in html
