"""The credits block in a real Chromium: shown on a pad's page under the strict CSP, its
record expands from the keyboard, and "Add to the library" adds the work and comes back."""

import os

import pytest
from playwright.sync_api import expect

from ruche.library.models import Item
from tests.browser.conftest import asgi_server, browser, login, new_page  # noqa: F401

SHOTS = os.environ.get("RUCHE_SCREENSHOTS")  # a folder: save a picture of the block there
pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous"),
]


def test_credits_block_on_a_pad(new_page, login, world, pad):  # noqa: F811
    page = new_page("en")
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    login(page, world.karim)
    page.goto(f"/pads/{pad.id}/")
    block = page.locator(".credits-block")
    expect(block).to_contain_text(
        "Written together by the Paris 2026 cohort: Karim Benali and Louise Martin."
    )
    expect(block.get_by_role("link", name="CC BY-SA 4.0")).to_have_attribute(
        "href", "https://creativecommons.org/licenses/by-sa/4.0/"
    )
    record = block.locator("details")
    record.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(record.get_by_text("Louise Martin")).to_be_visible()
    expect(block.get_by_role("button", name="Copy the citation")).to_be_visible()
    if SHOTS:
        block.screenshot(path=os.path.join(SHOTS, "credits-block-en.png"))
    block.get_by_role("button", name="Add to the library").click()
    expect(page.get_by_text("Added to the library: What is SSE?")).to_be_visible()
    assert page.url.endswith(f"/pads/{pad.id}/")
    assert Item.objects.filter(library__space=world.paris, title="What is SSE?").count() == 1
    assert not [p for p in problems if "Content Security Policy" in p], problems
