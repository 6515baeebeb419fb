"""GET/PUT /api/v1/spaces/{id}/licence and the licence page: CC BY-SA 4.0 by default,
inherited down the tree unless a space chooses its own, chosen by facilitators only."""

from django.test import Client

from tests.conftest import PASSWORD


def test_default_then_inherited_then_own_then_inherited_again(world, api_as):
    lead = api_as(world.lead)
    body = lead.get(f"/spaces/{world.paris.id}/licence").json_body
    assert body["licence"]["id"] == "CC-BY-SA-4.0"
    assert body["chosen_here"] is False and body["inherited_from"] is None
    assert {c["id"] for c in body["choices"]} == {
        "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-SA-4.0", "CC0-1.0", "all-rights-reserved",
    }  # fmt: skip

    set_parent = lead.put(f"/spaces/{world.community.id}/licence", {"licence": "CC-BY-4.0"})
    assert set_parent.status_code == 200 and set_parent.json_body["chosen_here"] is True
    child = api_as(world.louise).get(f"/spaces/{world.paris.id}/licence").json_body
    assert child["licence"]["id"] == "CC-BY-4.0"
    assert child["inherited_from"] == {"id": str(world.community.id), "name": "SSE in VET"}

    own = lead.put(f"/spaces/{world.paris.id}/licence", {"licence": "CC0-1.0"})
    assert own.json_body["licence"]["name"] == "CC0 1.0" and own.json_body["chosen_here"]
    again = lead.put(f"/spaces/{world.paris.id}/licence", {"licence": None})
    assert again.json_body["licence"]["id"] == "CC-BY-4.0" and not again.json_body["chosen_here"]


def test_only_facilitators_choose_and_outsiders_see_nothing(world, api_as):
    url = f"/spaces/{world.paris.id}/licence"
    assert api_as(world.louise).put(url, {"licence": "CC0-1.0"}).status_code == 403
    assert api_as(world.olga).put(url, {"licence": "CC0-1.0"}).status_code == 403
    assert api_as(world.tom).get(url).status_code == 404
    assert api_as(world.tom).put(url, {"licence": "CC0-1.0"}).status_code == 404
    assert api_as(None).get(url).status_code == 401
    bad = api_as(world.lead).put(url, {"licence": "WTFPL"})
    assert bad.status_code == 422 and "Unknown licence" in bad.json_body["detail"]
    assert api_as(world.lead).get(url).json_body["chosen_here"] is False  # nothing written


def test_the_licence_travels_into_the_credits(world, pad, api_as):
    api_as(world.lead).put(f"/spaces/{world.paris.id}/licence", {"licence": "all-rights-reserved"})
    body = api_as(world.louise).get(f"/credits/pad/{pad.id}").json_body
    assert body["licence"] == {
        "id": "all-rights-reserved",
        "name": "All rights reserved",
        "url": "",
    }


def login(user):
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_licence_page_for_facilitators(world):
    url = f"/spaces/{world.paris.id}/licence/"
    page = login(world.lead).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="CC-BY-NC-SA-4.0"' in html and "Same as the parent space (CC BY-SA 4.0)" in html
    saved = login(world.lead).post(url, {"licence": "CC-BY-NC-SA-4.0"})
    assert saved.status_code == 302
    assert "CC BY-NC-SA 4.0" in login(world.lead).get(url).content.decode()
    refused = login(world.lead).post(url, {"licence": "nonsense"}, follow=True)
    assert "Unknown licence" in refused.content.decode()
    assert login(world.louise).get(url).status_code == 403
    assert login(world.louise).post(url, {"licence": "CC0-1.0"}).status_code == 403
    assert login(world.tom).get(url).status_code == 404
    settings = login(world.lead).get(f"/spaces/{world.paris.id}/settings/").content.decode()
    assert url in settings
