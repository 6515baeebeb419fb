"""Wiki pages in the browser's HTTP: home on first visit, slugs and old addresses, new
pages from red links and templates, rename, move, delete, search, changes, import."""

import io
import zipfile

from ruche.wiki.models import WikiPage
from ruche.wiki.services import wiki_page_create

from .conftest import write


def test_home_is_created_on_first_visit_and_shown(world, client):
    client.force_login(world["participant"])
    response = client.get(f"/spaces/{world['cohort'].id}/wiki/", follow=True)
    assert response.status_code == 200
    home = WikiPage.objects.get(space=world["cohort"], is_home=True)
    assert response.redirect_chain[-1][0] == f"/spaces/{world['cohort'].id}/wiki/{home.slug}/"
    assert f'data-ws-path="/ws/wikis/{home.id}"' in response.content.decode()
    # a second visit finds the same home
    client.get(f"/spaces/{world['cohort'].id}/wiki/")
    assert WikiPage.objects.filter(space=world["cohort"], is_home=True).count() == 1


def test_space_shows_a_wiki_tab(world, client):
    client.force_login(world["observer"])
    response = client.get(f"/spaces/{world['cohort'].id}/")
    assert f"/spaces/{world['cohort'].id}/wiki/" in response.content.decode()


def test_old_slug_redirects_after_rename(world, client):
    page = wiki_page_create(actor=world["participant"], space_id=world["cohort"].id, title="Old")
    client.force_login(world["participant"])
    response = client.post(f"/wiki/pages/{page.id}/rename/", {"title": "New name"})
    assert response.status_code == 302
    old = client.get(f"/spaces/{world['cohort'].id}/wiki/old/")
    assert old.status_code == 301
    assert old["Location"] == f"/spaces/{world['cohort'].id}/wiki/new-name/"
    assert client.get(f"/wiki/pages/{page.id}/")["Location"].endswith("/wiki/new-name/")
    # renaming back frees the alias
    client.post(f"/wiki/pages/{page.id}/rename/", {"title": "Old"})
    assert client.get(f"/spaces/{world['cohort'].id}/wiki/old/").status_code == 200


def test_red_link_leads_to_a_prefilled_form(world, client):
    source = wiki_page_create(actor=world["participant"], space_id=world["cohort"].id, title="S")
    write(source.room, "Read [[Solidarity finance]].", world["participant"])
    client.force_login(world["participant"])
    page = client.get(f"/spaces/{world['cohort'].id}/wiki/s/").content.decode()
    assert "wiki-red" in page and "title=Solidarity%20finance" in page
    form = client.get(f"/spaces/{world['cohort'].id}/wiki/new/?title=Solidarity%20finance")
    assert 'value="Solidarity finance"' in form.content.decode()
    created = client.post(
        f"/spaces/{world['cohort'].id}/wiki/new/",
        {"title": "Solidarity finance", "template": "glossary_entry", "parent": str(source.id)},
    )
    assert created["Location"] == f"/spaces/{world['cohort'].id}/wiki/solidarity-finance/"
    target = WikiPage.objects.get(slug="solidarity-finance")
    assert target.parent_id == source.id
    backlinks = client.get(created["Location"]).content.decode()
    assert f"/spaces/{world['cohort'].id}/wiki/s/" in backlinks


def test_refusals_in_pages(world, client):
    page = wiki_page_create(actor=world["participant"], space_id=world["cohort"].id, title="P")
    client.force_login(world["observer"])
    assert client.get(f"/spaces/{world['cohort'].id}/wiki/p/").status_code == 200
    assert client.get(f"/spaces/{world['cohort'].id}/wiki/new/").status_code == 403
    assert client.post(f"/wiki/pages/{page.id}/delete/").status_code == 403
    assert client.post(f"/wiki/pages/{page.id}/explode/").status_code == 404
    client.force_login(world["outsider"])
    assert client.get(f"/spaces/{world['cohort'].id}/wiki/p/").status_code == 404
    assert client.get(f"/wiki/pages/{page.id}/").status_code == 404
    client.logout()
    assert client.get(f"/spaces/{world['cohort'].id}/wiki/p/").status_code == 302


def test_move_and_delete(world, client):
    space = world["cohort"].id
    parent = wiki_page_create(actor=world["participant"], space_id=space, title="Parent")
    child = wiki_page_create(actor=world["participant"], space_id=space, title="Child")
    client.force_login(world["participant"])
    client.post(f"/wiki/pages/{child.id}/move/", {"parent": str(parent.id)})
    assert WikiPage.objects.get(pk=child.pk).parent_id == parent.id
    crumbs = client.get(f"/spaces/{space}/wiki/child/").content.decode()
    assert f'<li><a href="/spaces/{space}/wiki/parent/">Parent</a></li>' in crumbs
    client.post(f"/wiki/pages/{parent.id}/delete/")
    assert WikiPage.objects.get(pk=child.pk).parent_id is None


def test_search_and_changes_pages_in_french(world, client):
    page = wiki_page_create(actor=world["participant"], space_id=world["cohort"].id, title="Gers")
    write(page.room, "Coopérative laitière", world["facilitator"])
    client.force_login(world["participant"])
    found = client.get(
        f"/spaces/{world['cohort'].id}/wiki/search/?q=laitiere", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "/wiki/gers/" in found
    changes = client.get(f"/spaces/{world['cohort'].id}/wiki/changes/").content.decode()
    assert "/wiki/gers/" in changes
    client.get(f"/spaces/{world['cohort'].id}/wiki/gers/")  # seen now
    changes = client.get(f"/spaces/{world['cohort'].id}/wiki/changes/")
    assert [p.pk for p in changes.context["unseen"]] == []


def test_import_a_zip_from_the_page(world, client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("guide/intro.md", "# Intro\n\nHello [home](../guide.md).\n")
    buffer.seek(0)
    buffer.name = "wiki.zip"
    client.force_login(world["participant"])
    response = client.post(f"/spaces/{world['cohort'].id}/wiki/import/", {"file": buffer})
    assert response.status_code == 302
    intro = WikiPage.objects.get(space=world["cohort"], title="Intro")
    assert intro.parent.title == "guide"


def test_pages_in_french(world, client):
    world["participant"].ui_language = "fr"
    world["participant"].save()
    client.force_login(world["participant"])
    page = client.get(f"/spaces/{world['cohort'].id}/wiki/", follow=True).content.decode()
    assert "Pages qui pointent ici" in page and "Chercher dans le wiki" in page
    home = WikiPage.objects.get(space=world["cohort"], is_home=True)
    assert home.title == "Accueil"
    form = client.get(f"/spaces/{world['cohort'].id}/wiki/new/").content.decode()
    assert "Compte rendu de visite de terrain" in form


def test_hostile_titles_stay_text(world, client):
    page = wiki_page_create(actor=world["participant"], space_id=world["cohort"].id, title="H")
    write(page.room, 'See [[<script>alert("x")</script> & "q"]].', world["participant"])
    client.force_login(world["participant"])
    html = client.get(f"/spaces/{world['cohort'].id}/wiki/h/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    form = client.get(f"/spaces/{world['cohort'].id}/wiki/new/?title=%3Cb%3Ex%22").content.decode()
    assert 'value="&lt;b&gt;x&quot;"' in form
