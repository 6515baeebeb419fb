"""Two people in one wiki page, in a real Chromium: each sees the other's text live, and
`[[Title]]` typed in the editor becomes a red link, then a link to the page once created
from that red link's form."""

import os

import pytest
from django.utils import translation
from playwright.sync_api import expect

from ruche.wiki.services import wiki_page_create

SHOTS = os.environ.get("RUCHE_SCREENSHOTS")  # a folder: save pictures of the wiki page there
pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous"),
]


@pytest.fixture
def wiki_and_people(make_user, make_space):
    ana, bo = make_user("Ana Lima"), make_user("Bruno Sá")
    space = make_space(
        "community", name="SSE trainers", members={ana: "facilitator", bo: "participant"}
    )
    with translation.override("en"):  # the template is written in the creator's language
        page = wiki_page_create(
            actor=ana, space_id=space.id, title="Field visits", template="field_visit_report"
        )
    return page, ana, bo


def open_wiki_page(new_page, login, user, wiki_page):
    page = new_page("en")
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    login(page, user)
    page.goto(f"/spaces/{wiki_page.space_id}/wiki/{wiki_page.slug}/")
    expect(page.locator(".pad-status")).to_have_attribute("data-state", "connected")
    return page, problems


def test_two_people_edit_one_wiki_page(new_page, login, wiki_and_people):
    wiki_page, ana, bo = wiki_and_people
    a, a_problems = open_wiki_page(new_page, login, ana, wiki_page)
    b, b_problems = open_wiki_page(new_page, login, bo, wiki_page)
    content_a, content_b = a.locator(".pad-editor__content"), b.locator(".pad-editor__content")
    expect(content_a.locator("h2").first).to_have_text("Organisation visited")

    content_a.locator("p").last.click()
    a.keyboard.press("End")
    a.keyboard.type(" Ana: la coopérative de Gers.")
    expect(content_b).to_contain_text("Ana: la coopérative de Gers.")
    content_b.locator("p").first.click()
    b.keyboard.press("End")
    b.keyboard.type(" Bruno was here.")
    expect(content_a).to_contain_text("Bruno was here.")

    # a wiki link typed by Bruno turns into a red link for both, after a pause
    b.keyboard.type(" See [[Solidarity finance]]")
    red = content_a.locator('a[href*="/wiki/new/"]', has_text="Solidarity finance")
    expect(red).to_be_visible(timeout=15_000)
    expect(content_a).not_to_contain_text("[[Solidarity finance]]")
    # Bruno follows the red link to its form and creates the page: Ana's link turns blue
    b.goto(red.get_attribute("href"))
    expect(b.get_by_label("Title")).to_have_value("Solidarity finance")
    b.get_by_role("button", name="Create the page").click()
    expect(b.locator("h1")).to_have_text("Solidarity finance")
    linked = content_a.locator('a[href^="/wiki/pages/"]', has_text="Solidarity finance")
    expect(linked).to_be_visible(timeout=15_000)
    expect(b.locator(".wiki-links")).to_contain_text("Field visits")  # backlink
    if SHOTS:
        a.screenshot(path=os.path.join(SHOTS, "wiki-en.png"), full_page=True)
    assert not [p for p in a_problems + b_problems if "Content Security Policy" in p]
