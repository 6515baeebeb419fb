"""Module pages: who sees what, the programme editor's moves and merges, in both languages."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.modules.test_api import build_module

HTMX = {"HX-Request": "true"}


@pytest.fixture
def setting(make_user, make_space, api_as):
    fac, part, stranger = make_user("Fatou"), make_user("Pia"), make_user("Sam")
    space = make_space(members={fac: "facilitator", part: "participant"})
    module, units, sessions, acts = build_module(api_as(fac), space.id)
    return {
        "fac": fac,
        "part": part,
        "stranger": stranger,
        "space": space,
        "module": module,
        "acts": acts,
    }


def browser(user) -> Client:
    client = Client()
    assert client.login(username=user.email, password=PASSWORD)
    return client


def test_facilitator_gets_the_editor_participant_reads_stranger_gets_404(setting):
    url = f"/modules/{setting['module']['id']}/"
    editor = browser(setting["fac"]).get(url)
    assert editor.status_code == 200
    assert b"activity__handle" in editor.content and b"Add a day" in editor.content
    reader = browser(setting["part"]).get(url)
    assert reader.status_code == 200
    assert b"What is SSE?" in reader.content and b"activity__handle" not in reader.content
    assert browser(setting["stranger"]).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page
    space_url = f"/spaces/{setting['space'].id}/modules/"
    assert browser(setting["stranger"]).get(space_url).status_code == 404
    assert b"SSE in VET" in browser(setting["part"]).get(space_url).content


def test_moving_with_the_keyboard_endpoint_rerenders_the_programme(setting):
    module_id, acts = setting["module"]["id"], setting["acts"]
    client = browser(setting["fac"])
    response = client.post(
        f"/modules/{module_id}/activities/{acts[1]['id']}/move/", {"direction": "up"}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="programme"')
    assert html.index("What is SSE?") < html.index("Welcome")
    assert f'data-focus="move-{acts[1]["id"]}"' in html
    refused = browser(setting["part"]).post(
        f"/modules/{module_id}/activities/{acts[1]['id']}/move/", {"direction": "up"}, headers=HTMX
    )
    assert refused.status_code == 403


def test_a_stale_edit_opens_the_merge_with_their_version(setting, api_as):
    module_id, welcome = setting["module"]["id"], setting["acts"][0]
    api_as(setting["fac"]).patch(
        f"/activities/{welcome['id']}", {"version": welcome["version"], "title": "Their title"}
    )
    form = {
        "version": welcome["version"],
        "title": "My title",
        "kind": "collective",
        "duration_minutes": 40,
    }
    response = browser(setting["fac"]).post(
        f"/modules/{module_id}/activities/{welcome['id']}/edit/", form, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone saved this activity while you were editing it." in html
    assert "Their title" in html and 'value="My title"' in html
    assert f'name="version" value="{welcome["version"] + 1}"' in html
    form["version"] = welcome["version"] + 1
    saved = browser(setting["fac"]).post(
        f"/modules/{module_id}/activities/{welcome['id']}/edit/", form, headers=HTMX
    )
    assert "My title" in saved.content.decode() and "Someone saved" not in saved.content.decode()


def test_versions_page_shows_a_readable_diff_and_pages_speak_french(setting, api_as):
    module_id = setting["module"]["id"]
    api = api_as(setting["fac"])
    api.post(f"/modules/{module_id}/versions", {"notes": "v1"})
    api.delete(f"/activities/{setting['acts'][2]['id']}")
    client = browser(setting["fac"])
    page = client.get(f"/modules/{module_id}/versions/?from=1&to=current").content.decode()
    assert "Changes from v1 to current" in page and "<del>Break</del>" in page
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    french = client.get(f"/modules/{module_id}/").content.decode()
    assert "Ajouter un jour" in french and "Exporter" in french


def test_moving_an_activity_to_another_day_without_a_mouse(setting, api_as):
    module_id, acts = setting["module"]["id"], setting["acts"]
    tree = api_as(setting["fac"]).get(f"/modules/{module_id}").json_body
    afternoon = tree["units"][1]["sessions"][0]
    client = browser(setting["fac"])
    page = client.get(f"/modules/{module_id}/").content.decode()
    assert f'for="move-to-{acts[0]["id"]}"' in page
    url = f"/modules/{module_id}/activities/{acts[0]['id']}/move/"
    response = client.post(url, {"session": afternoon["id"], "position": "999"}, headers=HTMX)
    assert response.status_code == 200
    tree = api_as(setting["fac"]).get(f"/modules/{module_id}").json_body
    assert [a["title"] for a in tree["units"][1]["sessions"][0]["activities"]] == ["Welcome"]


def test_comments_on_an_activity_say_what_they_are_about(setting):
    module_id, welcome = setting["module"]["id"], setting["acts"][0]
    client = browser(setting["part"])
    form = client.get(f"/modules/{module_id}/comments/?entity=activity&entity_id={welcome['id']}")
    assert "About: Welcome" in form.content.decode()
    client.post(
        f"/modules/{module_id}/comments/",
        {"body": "Shorter?", "entity": "activity", "entity_id": welcome["id"]},
    )
    page = client.get(f"/modules/{module_id}/comments/").content.decode()
    assert "Shorter?" in page and "About: Welcome" in page
