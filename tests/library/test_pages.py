"""The library pages: list with search and filters, item form with the 412 path, notes,
import with a preview, bibliography with copy buttons; refusals; French."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

BIB = (
    "@book{caire2019, title={{\\'E}conomie solidaire}, author={Caire, Gilles}, year=2019,"
    " publisher={PUF}, keywords={ESS}}\n"
    "@article{rosbape2020, title={Former {\\`a} l'ESS}, author={Rosbap{\\'e}, Sandrine},"
    " journal={Revue}, year=2020}\n"
    "@book{broken, title = undefined}\n"
)


@pytest.fixture
def browser(cohort):
    space, people = cohort

    def as_(role: str) -> Client:
        client = Client()
        client.force_login(people[role])
        return client

    return space, people, as_


def _import(client, space, content=BIB):
    preview = client.post(f"/spaces/{space.id}/library/import/",
                          {"file": SimpleUploadedFile("refs.bib", content.encode()),
                           "format": "auto"})  # fmt: skip
    assert preview.status_code == 200
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode())
    return preview, token.group(1) if token else None


def test_import_with_a_preview_then_list_and_search(browser):
    space, _, as_ = browser
    client = as_("participant")
    preview, token = _import(client, space)
    html = preview.content.decode()
    assert "Économie solidaire" in html
    assert "Undefined @string macro" in html
    done = client.post(f"/spaces/{space.id}/library/import/",
                       {"confirm": "1", "token": token, "format": "auto"}, follow=True)  # fmt: skip
    assert "2 items imported." in done.content.decode()
    listing = client.get(f"/spaces/{space.id}/library/?q=economie").content.decode()
    assert "Économie solidaire" in listing
    assert "Former à l&#x27;ESS" not in listing
    assert "format=bibtex" in listing
    by_tag = client.get(f"/spaces/{space.id}/library/?tag=ESS&sort=-year").content.decode()
    assert "1 item" in by_tag


def test_a_replayed_or_foreign_preview_token_imports_nothing(browser):
    space, _, as_ = browser
    client = as_("participant")
    _preview, token = _import(client, space)
    forged = client.post(f"/spaces/{space.id}/library/import/",
                         {"confirm": "1", "token": "x" + token}, follow=True)  # fmt: skip
    assert "This preview has expired" in forged.content.decode()
    assert "0 items" in client.get(f"/spaces/{space.id}/library/").content.decode()


def test_malformed_upload_shows_the_reason(browser):
    space, _, as_ = browser
    preview, token = _import(as_("participant"), space, "@book{x, title={never closed")
    assert token is None
    assert "Not a valid BibTeX file" in preview.content.decode()


def test_add_edit_and_the_stale_edit(browser):
    space, _, as_ = browser
    client = as_("participant")
    created = client.post(f"/spaces/{space.id}/library/new/", {
        "type": "book", "title": "Guide", "creators": "Caire, Gilles\neditor: RIPESS Europe",
        "issued": "2019-05", "tags": "ESS, VET", "publisher": "PUF",
    })  # fmt: skip
    assert created.status_code == 302
    item_url = created["Location"]
    page = client.get(item_url).content.decode()
    assert "Guide" in page and "RIPESS Europe" in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    form = {"type": "book", "title": "Guide (2nd ed.)", "creators": "Caire, Gilles",
            "issued": "2019", "tags": "ESS", "version": version}  # fmt: skip
    assert client.post(item_url, form).status_code == 302
    stale = client.post(item_url, {**form, "title": "Lost edit"})
    assert stale.status_code == 409
    assert "Someone changed this item" in stale.content.decode()
    assert "Guide (2nd ed.)" in client.get(item_url).content.decode()


def test_notes_and_trash_from_the_item_page(browser):
    space, people, as_ = browser
    client = as_("participant")
    item_url = client.post(f"/spaces/{space.id}/library/new/",
                           {"type": "report", "title": "Rapport"})["Location"]  # fmt: skip
    client.post(item_url + "notes/", {"text": "<b>Lu</b> en atelier\n\nDeuxième paragraphe"})
    page = client.get(item_url).content.decode()
    assert "<p>&lt;b&gt;Lu&lt;/b&gt; en atelier</p><p>Deuxième paragraphe</p>" in page
    client.post(item_url + "trash/")
    assert "Rapport" in client.get(f"/spaces/{space.id}/library/trash/").content.decode()
    assert "Rapport" not in client.get(f"/spaces/{space.id}/library/").content.decode()
    client.post(item_url + "trash/")
    assert "Rapport" in client.get(f"/spaces/{space.id}/library/").content.decode()


def test_collections_from_the_sidebar(browser):
    space, _, as_ = browser
    client = as_("participant")
    client.post(f"/spaces/{space.id}/library/collections/", {"name": "Module"})
    page = client.get(f"/spaces/{space.id}/library/").content.decode()
    assert "Module" in page


def test_bibliography_page_with_copy_buttons(browser):
    space, _, as_ = browser
    client = as_("participant")
    _preview, token = _import(client, space)
    client.post(f"/spaces/{space.id}/library/import/", {"confirm": "1", "token": token})
    page = client.get(f"/spaces/{space.id}/library/bibliography/?style=apa&locale=en-US")
    html = page.content.decode()
    assert "Caire, G. (2019). <i>Économie solidaire</i>. PUF." in html
    assert 'data-copy="#bibliography-text"' in html
    assert 'data-copy="#ref-1"' in html
    assert "<script>" not in html.split("</footer>")[0].split("<body")[1]


def test_observer_reads_without_edit_controls_and_cannot_post(browser):
    space, _, as_ = browser
    writer, observer = as_("participant"), as_("observer")
    item_url = writer.post(f"/spaces/{space.id}/library/new/",
                           {"type": "report", "title": "Rapport"})["Location"]  # fmt: skip
    page = observer.get(item_url).content.decode()
    assert "Rapport" in page and 'name="version"' not in page
    assert "Add an item" not in observer.get(f"/spaces/{space.id}/library/").content.decode()
    assert observer.post(item_url, {"type": "report", "title": "x"}).status_code == 403
    assert observer.get(f"/spaces/{space.id}/library/new/").status_code == 403
    assert observer.get(f"/spaces/{space.id}/library/import/").status_code == 403
    assert observer.post(item_url + "trash/").status_code == 403


def test_strangers_get_404(browser, make_user):
    space, _, as_ = browser
    new = {"type": "report", "title": "Rapport"}
    item_url = as_("participant").post(f"/spaces/{space.id}/library/new/", new)["Location"]
    stranger = Client()
    stranger.force_login(make_user("Stranger"))
    assert stranger.get(f"/spaces/{space.id}/library/").status_code == 404
    assert stranger.get(item_url).status_code == 404
    assert stranger.get(f"/spaces/{space.id}/library/bibliography/").status_code == 404
    assert Client().get(f"/spaces/{space.id}/library/").status_code == 302


def test_pages_speak_french(browser):
    space, people, as_ = browser
    people["participant"].ui_language = "fr"
    people["participant"].save()
    client = as_("participant")
    page = client.get(f"/spaces/{space.id}/library/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Bibliothèque" in page
    assert "Ajouter une référence" in page
    bibliography = client.get(f"/spaces/{space.id}/library/bibliography/").content.decode()
    assert 'value="fr-FR" selected' in bibliography
