"""The credits block on every detail page: the statement, the licence (linked), the record,
the citation with its copy button, and "Add to the library" for contributors only."""

import re
from html import unescape

from django.test import Client
from django.utils import translation

from ruche.library.models import Item
from tests.conftest import PASSWORD
from tests.credits.test_api import board_with_cards


def login(user):
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def block_of(html, client):
    """The page's credits block, loaded as the browser does (htmx GETs the placeholder's
    hx-get once the page is shown)."""
    found = re.search(r'<section class="credits-block[^"]*".*?</section>', html, re.S)
    assert found, "no credits block"
    lazy = re.search(r'hx-get="([^"]+)"', found.group(0))
    if lazy is None:
        return found.group(0)
    response = client.get(unescape(lazy.group(1)))
    assert response.status_code == 200
    assert 'class="credits-block"' in response.content.decode()
    return block_of(response.content.decode(), client)


def test_pad_page_shows_the_credits_block(world, pad):
    louise = login(world.louise)
    block = block_of(louise.get(f"/pads/{pad.id}/").content.decode(), louise)
    assert "Written together by the Paris 2026 cohort: Karim Benali and Louise Martin." in block
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/"' in block
    assert "Who contributed what" in block and "characters" in block
    assert f'data-copy="#credits-pad-{pad.id}-cite"' in block
    assert "Add to the library" in block
    olga = login(world.olga)
    observer = block_of(olga.get(f"/pads/{pad.id}/").content.decode(), olga)
    assert "Add to the library" not in observer


def test_the_block_is_in_french_too(world, pad):
    client = login(world.louise)
    client.post("/i18n/setlang/", {"language": "fr"})
    with translation.override("fr"):
        html = client.get(f"/pads/{pad.id}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        block = block_of(html, client)
    assert "Écrit ensemble par la cohorte Paris 2026" in block
    assert "Copier la référence" in block


def test_add_to_the_library_button(world, pad):
    page = f"/pads/{pad.id}/"
    response = login(world.karim).post(f"/credits/pad/{pad.id}/library/", {"next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert Item.objects.filter(library__space=world.paris, title="What is SSE?").exists()
    outside = login(world.karim).post(
        f"/credits/pad/{pad.id}/library/", {"next": "https://evil.example/"}
    )
    assert outside["Location"].startswith(f"/spaces/{world.paris.id}/library/")
    assert login(world.olga).post(f"/credits/pad/{pad.id}/library/").status_code == 403
    assert login(world.tom).post(f"/credits/pad/{pad.id}/library/").status_code == 404
    assert login(world.karim).get(f"/credits/pad/{pad.id}/library/").status_code == 405


def test_every_detail_page_has_the_block(world, api_as):
    client = login(world.louise)
    lead = api_as(world.lead)
    page = lead.post(f"/spaces/{world.paris.id}/wiki/pages", {"title": "VET"}).json_body
    table = lead.post(f"/spaces/{world.paris.id}/tables", {"title": "Initiatives"}).json_body
    board = board_with_cards(world, api_as, anonymity="full")
    decision = lead.post(f"/spaces/{world.paris.id}/decisions", {
        "question": "Adopt?", "process": "consent", "anonymous": True,
    }).json_body  # fmt: skip
    for url in (f"/wiki/pages/{page['id']}/", f"/tables/{table['id']}/",
                f"/boards/{board['id']}/", f"/decisions/{decision['id']}/"):  # fmt: skip
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        block = block_of(response.content.decode(), client)
        assert "Written together by the Paris 2026 cohort" in block, url
    board_block = block_of(client.get(f"/boards/{board['id']}/").content.decode(), client)
    assert "Louise" not in board_block and "2 contributors, not named" in board_block


def test_hostile_titles_stay_text(world, api_as):
    made = (
        api_as(world.louise)
        .post(f"/spaces/{world.paris.id}/pads", {"title": "<script>alert(1)</script>"})
        .json_body
    )
    louise = login(world.louise)
    block = block_of(louise.get(f"/pads/{made['id']}/").content.decode(), louise)
    assert "<script>" not in block and "&lt;script&gt;" in block


def test_module_page_shows_typed_and_computed_credits(world, api_as):
    from ruche.modules.models import Module

    made = api_as(world.lead).post(f"/spaces/{world.paris.id}/modules", {"title": "SSE in VET"})
    Module.objects.filter(pk=made.json_body["id"]).update(credits="Built in Bergamo")
    louise = login(world.louise)
    block = block_of(louise.get(f"/modules/{made.json_body['id']}/").content.decode(), louise)
    assert "Built in Bergamo" in block and "Lea Facilitator" in block


def test_the_block_loads_after_the_page_through_the_objects_gate(world, pad):
    page = login(world.louise).get(f"/pads/{pad.id}/").content.decode()
    placeholder = re.search(r'<section class="credits-block[^"]*".*?</section>', page, re.S)
    assert "Karim" not in placeholder.group(0)  # nothing computed while the page is served
    assert login(world.tom).get(f"/credits/pad/{pad.id}/block/").status_code == 404
    assert login(world.louise).get(f"/credits/nope/{pad.id}/block/").status_code == 404
    hostile = login(world.louise).get(f"/credits/pad/{pad.id}/block/?next=https://evil.example/")
    assert "evil.example" not in hostile.content.decode()
