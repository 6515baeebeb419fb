"""Wiki pages in a real Chromium: two people see each other's text live; the link picker
(opened by "[[" or the "Link to…" button) inserts red links, links to other pages and to
library items, which readers follow; a red link's form creates the page and links turn
into links to it."""

import os

import pytest
from django.utils import translation
from playwright.sync_api import expect
from pycrdt import XmlElement, XmlText

from ruche.realtime.richtext import doc_load
from ruche.realtime.services import document_apply_update, document_state
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

    # "[[" typed by Bruno opens the link picker; a title without a page makes a red link
    b.keyboard.type(" See [[")
    picker = b.get_by_role("dialog", name="Link to a page or an object")
    expect(picker).to_be_visible()
    b.keyboard.type("Solidarity finance")
    create = picker.get_by_role("option", name="Create the page “Solidarity finance” (red link)")
    expect(create).to_have_attribute("aria-selected", "true")
    b.keyboard.type("]]")  # closing brackets out of habit choose it, as Enter would
    expect(picker).to_be_hidden()
    red = content_a.locator('a[href*="/wiki/new/"]', has_text="Solidarity finance")
    expect(red).to_be_visible(timeout=15_000)
    expect(content_a).not_to_contain_text("[[")
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


def test_link_picker_links_a_page_and_a_library_item(new_page, login, wiki_and_people, api_as):
    wiki_page, ana, bo = wiki_and_people
    space_id = wiki_page.space_id
    with translation.override("en"):
        glossary = wiki_page_create(actor=ana, space_id=space_id, title="Glossary of the SSE")
    item = (
        api_as(ana)
        .post(
            f"/spaces/{space_id}/library/items", {"type": "book", "title": "Cooperatives at work"}
        )
        .json_body["items"][0]
    )
    b, problems = open_wiki_page(new_page, login, bo, wiki_page)
    content = b.locator(".pad-editor__content")
    content.locator("p").first.click()
    b.keyboard.press("End")
    b.keyboard.type(" Read ")

    # the toolbar button: search as you type, arrows choose, Enter inserts
    b.get_by_role("button", name="Link to…").click()
    picker = b.get_by_role("dialog", name="Link to a page or an object")
    search = picker.get_by_role("combobox")
    expect(search).to_be_focused()
    search.fill("glos")
    option = picker.get_by_role("option", name="Glossary of the SSE")
    expect(option).to_have_attribute("aria-selected", "true")
    b.keyboard.press("Enter")
    page_link = content.locator(f'a[href="/wiki/pages/{glossary.id}/"]')
    expect(page_link).to_have_text("Glossary of the SSE")

    # "[[" in the text: a library item, found by a word of its title
    b.keyboard.type("and [[")
    expect(picker).to_be_visible()
    b.keyboard.type("work")
    expect(picker.get_by_role("option", name="Cooperatives at work")).to_be_visible()
    if SHOTS:
        b.screenshot(path=os.path.join(SHOTS, "wiki-picker-en.png"))
    picker.get_by_role("option", name="Cooperatives at work").click()
    item_link = content.locator(f'a[href="/library/items/{item["id"]}/"]')
    expect(item_link).to_have_text("Cooperatives at work")
    expect(content).not_to_contain_text("[[")
    # Escape closes without inserting anything
    b.get_by_role("button", name="Link to…").click()
    b.keyboard.press("Escape")
    expect(picker).to_be_hidden()

    # once resolved for the reader, the item's link says what it is; then follow both
    expect(item_link.locator(".wiki-link--object")).to_have_attribute(
        "title", "Library item: Cooperatives at work", timeout=15_000
    )
    if SHOTS:
        b.screenshot(path=os.path.join(SHOTS, "wiki-links-en.png"), full_page=True)
    origin = b.url.split("/spaces/")[0]
    item_link.click(modifiers=["ControlOrMeta"])
    expect(b).to_have_url(f"{origin}/library/items/{item['id']}/")
    b.go_back()
    expect(b.locator(".pad-status")).to_have_attribute("data-state", "connected")
    b.locator(f'.pad-editor__content a[href="/wiki/pages/{glossary.id}/"]').click(
        modifiers=["ControlOrMeta"]
    )
    expect(b.locator("h1")).to_have_text("Glossary of the SSE")
    expect(b.locator(".wiki-links").first).to_contain_text("Field visits")  # backlink
    assert not [p for p in problems if "Content Security Policy" in p]


def test_links_to_hidden_objects_are_unavailable(new_page, login, make_user, make_space, api_as):
    ana, bo = make_user("Ana Lima"), make_user("Bruno Sá")
    ours = make_space(
        "community", name="SSE trainers", members={ana: "facilitator", bo: "participant"}
    )
    theirs = make_space("community", name="Elsewhere", members={ana: "facilitator"})
    secret = api_as(ana).post(f"/spaces/{theirs.id}/pads", {"title": "Secret plans"}).json_body
    table = api_as(ana).post(f"/spaces/{ours.id}/tables", {"title": "Visits"}).json_body
    with translation.override("en"):
        page = wiki_page_create(actor=ana, space_id=ours.id, title="Links")
    doc, fragment = doc_load(document_state(room=page.room))
    before = doc.get_state()
    paragraph = fragment.children.append(XmlElement("paragraph"))
    text = paragraph.children.append(XmlText())
    text.insert(0, "Secret plans", {"link": {"href": f"/pads/{secret['id']}/"}})
    text.insert(len(b"Secret plans"), " and ")
    text.insert(len(b"Secret plans and "), "Visits", {"link": {"href": f"/tables/{table['id']}/"}})
    document_apply_update(room=page.room, update=doc.get_update(before), author=ana)

    b, problems = open_wiki_page(new_page, login, bo, page)
    content = b.locator(".pad-editor__content")
    hidden = content.locator(".wiki-link--unavailable")
    expect(hidden).to_have_attribute("title", "Unavailable link: hidden from you, or deleted")
    expect(content.locator(".wiki-link--object")).to_have_attribute("title", "Table: Visits")
    side = b.locator("#wiki-links-title + ul")
    expect(side).to_contain_text("Unavailable link")
    expect(side).not_to_contain_text("Secret")
    hidden.click(modifiers=["ControlOrMeta"])  # nowhere to go
    expect(b.locator("h1")).to_have_text("Links")
    b.goto(f"/spaces/{ours.id}/wiki/changes/")
    expect(b.get_by_role("heading", name="All pages", exact=True)).to_be_visible()
    if SHOTS:
        b.screenshot(path=os.path.join(SHOTS, "wiki-changes-en.png"), full_page=True)
    assert not [p for p in problems if "Content Security Policy" in p]
