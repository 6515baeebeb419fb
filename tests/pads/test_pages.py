"""The pad pages: list, create, import, rename, archive, move, delete, the editor page."""

import pytest
from django.test import Client

from ruche.pads.models import Pad
from tests.conftest import PASSWORD


@pytest.fixture
def people(make_user, make_space):
    ana, bo, obs, eve = (make_user(n) for n in ("Ana", "Bo", "Obs", "Eve"))
    community = make_space("community", members={ana: "facilitator", obs: "observer"})
    group = make_space("group", parent=community, members={bo: "participant"})
    make_space("community", members={eve: "facilitator"})
    return {"ana": ana, "bo": bo, "obs": obs, "eve": eve, "community": community, "group": group}


def browser(user):
    client = Client()
    assert client.login(username=user.email, password=PASSWORD)
    return client


def test_create_open_rename_archive_move_delete(people):
    ana, community, group = people["ana"], people["community"], people["group"]
    client = browser(ana)
    response = client.post(f"/spaces/{community.id}/pads/", {"title": "Field visit"})
    pad = Pad.objects.get(title="Field visit")
    assert response.status_code == 302 and response["Location"] == f"/pads/{pad.id}/"
    page = client.get(f"/pads/{pad.id}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-ws-path="/ws/pads/{pad.id}"' in html
    assert 'data-readonly="false"' in html and "pad-editor.js" in html
    assert 'data-user-name="Ana"' in html and 'role="toolbar"' in html
    assert "<style" not in html and "style=" not in html  # the CSP allows no inline style
    listing = client.get(f"/spaces/{community.id}/pads/").content.decode()
    assert "Field visit" in listing
    client.post(f"/pads/{pad.id}/rename/", {"title": "Visit notes"})
    client.post(f"/pads/{pad.id}/move/", {"space_id": str(group.id)})
    client.post(f"/pads/{pad.id}/archive/")
    pad.refresh_from_db()
    assert (pad.title, pad.space_id, pad.archived_at is not None) == ("Visit notes", group.id, True)
    assert 'data-readonly="true"' in client.get(f"/pads/{pad.id}/").content.decode()
    client.post(f"/pads/{pad.id}/delete/")
    assert not Pad.objects.filter(pk=pad.pk).exists()


def test_import_from_the_page(people):
    client = browser(people["ana"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("minutes.md", b"# Minutes\n\n- one\n- two\n")
    response = client.post(f"/spaces/{people['community'].id}/pads/import/", {"file": upload})
    pad = Pad.objects.get(title="minutes")
    assert response["Location"] == f"/pads/{pad.id}/"
    bad = SimpleUploadedFile("evil.exe", b"MZ")
    response = client.post(f"/spaces/{people['community'].id}/pads/import/", {"file": bad})
    assert response.status_code == 302 and Pad.objects.count() == 1


def test_pages_in_french(people):
    client = browser(people["ana"])
    client.cookies["django_language"] = "fr"
    pad_id = Pad.objects.create(space=people["community"], title="Notes").id
    html = client.get(f"/pads/{pad_id}/", headers={"accept-language": "fr"}).content.decode()
    assert "Historique" in html and "Couleurs des auteurs" in html


def test_refusals(people):
    pad = Pad.objects.create(space=people["community"], title="Notes", created_by=people["ana"])
    observer, outsider = browser(people["obs"]), browser(people["eve"])
    assert 'data-readonly="true"' in observer.get(f"/pads/{pad.id}/").content.decode()
    assert observer.post(f"/pads/{pad.id}/delete/").status_code == 403
    community = people["community"].id
    assert observer.post(f"/spaces/{community}/pads/", {"title": "x"}).status_code == 302
    assert Pad.objects.count() == 1
    assert outsider.get(f"/pads/{pad.id}/").status_code == 404
    assert outsider.get(f"/spaces/{people['community'].id}/pads/").status_code == 404
    assert outsider.post(f"/pads/{pad.id}/rename/", {"title": "x"}).status_code == 404
    assert browser(people["ana"]).post(f"/pads/{pad.id}/explode/").status_code == 404
    anonymous = Client().get(f"/pads/{pad.id}/")
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_the_space_page_links_to_its_pads(people):
    html = browser(people["ana"]).get(f"/spaces/{people['community'].id}/").content.decode()
    assert f'href="/spaces/{people["community"].id}/pads/"' in html
