"""What changed since my last visit: the changes page and the page's own notice, with the
words added and removed since the text I saw, and who wrote them."""

from django.utils import translation

from ruche.wiki.services import wiki_page_create

from .conftest import write


def test_changed_since_my_visit_shows_what_and_who(world, client):
    cohort, participant, facilitator = world["cohort"], world["participant"], world["facilitator"]
    with translation.override("en"):
        notes = wiki_page_create(actor=participant, space_id=cohort.id, title="Notes")
        plan = wiki_page_create(actor=facilitator, space_id=cohort.id, title="Plan")
    write(notes.room, "We met the bakery cooperative.", author=participant)
    write(plan.room, "Visit the school canteen.", author=facilitator)
    client.force_login(participant)
    page_url = f"/spaces/{cohort.id}/wiki/notes/"
    first = client.get(page_url).content.decode()
    assert "changed since your last visit" not in first

    write(notes.room, "They sell bread to the school.", author=facilitator)
    changes = client.get(f"/spaces/{cohort.id}/wiki/changes/").content.decode()
    unseen = changes.split('id="wiki-unseen-title"')[1].split('id="wiki-recent-title"')[0]
    assert "Notes" in unseen and "changed" in unseen and "your last visit" in unseen
    assert "Plan" in unseen and "not opened yet" in unseen  # written by someone else
    assert 'id="wiki-all-title"' in changes and f"/spaces/{cohort.id}/wiki/plan/" in changes

    again = client.get(page_url).content.decode()
    assert "This page changed since your last visit" in again
    assert '<ins title="F">' in again
    assert "They sell bread to the school." in again.split('class="wiki-diff"')[1]
    assert "Written by: F." in again
    # seen now: nothing new any more
    assert "This page changed" not in client.get(page_url).content.decode()
    changes = client.get(f"/spaces/{cohort.id}/wiki/changes/").content.decode()
    unseen = changes.split('id="wiki-unseen-title"')[1].split('id="wiki-recent-title"')[0]
    assert "Notes" not in unseen


def test_changes_api_lists_unseen_pages(world, api_as, client):
    cohort = world["cohort"]
    with translation.override("en"):
        page = wiki_page_create(actor=world["facilitator"], space_id=cohort.id, title="Agenda")
    write(page.room, "Day one.", author=world["facilitator"])
    api = api_as(world["participant"])
    unseen = api.get(f"/spaces/{cohort.id}/wiki/changes?unseen=1").json_body
    assert [p["title"] for p in unseen] == ["Agenda"]
    client.force_login(world["participant"])
    client.get(f"/spaces/{cohort.id}/wiki/agenda/")
    assert api.get(f"/spaces/{cohort.id}/wiki/changes?unseen=1").json_body == []
    recent = api.get(f"/spaces/{cohort.id}/wiki/changes").json_body
    assert [p["title"] for p in recent] == ["Agenda"]
