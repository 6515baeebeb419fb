"""Glossary terms in a pad, in a real Chromium: recognised whole-word, in any case or
accents, longest first; the definition shows on hover, on keyboard focus (read-only) and
when the caret enters a term; Escape dismisses it; the document itself is unchanged."""

import pytest
from playwright.sync_api import expect

from ruche.glossary.services import glossary_entry_adopt
from ruche.pads.imports import pad_import
from ruche.wiki.imports import wiki_import

pytestmark = [
    pytest.mark.browser,
    # static files are served by a sync iterator under ASGI in tests (no collectstatic)
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous"),
]

TEXT = (
    "Our **Économie sociale et solidaire** network meets cooperatives.\n\n"
    "The economie sociale is broad; a cooperativeness test does not count.\n"
)


@pytest.fixture
def pad_with_terms(make_user, make_space):
    ana, olga = make_user("Ana Lima"), make_user("Olga Observer")
    space = make_space("community", name="SSE trainers",
                       members={ana: "facilitator", olga: "observer"})  # fmt: skip
    for term, text in [
        ("Économie sociale et solidaire", "An economy of cooperation, not of profit."),
        ("Économie sociale", "The older, narrower family: cooperatives, mutuals."),
        ("Cooperative", "An enterprise owned and run by its members."),
    ]:
        glossary_entry_adopt(actor=ana, space=space, term=term, definition_html=f"<p>{text}</p>",
                             language="fr" if "É" in term else "en")  # fmt: skip
    pad = pad_import(actor=ana, space_id=space.id, filename="notes.md", data=TEXT.encode(),
                     title="Notes")  # fmt: skip
    return pad, ana, olga


def _open(new_page, login, user, pad, path=None):
    page = new_page("en")
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    login(page, user)
    page.goto(path or f"/pads/{pad.id}/")
    page.locator('.pad-status[data-state="connected"]').wait_for()
    page.locator('#pad-editor[data-glossary-ready="true"]').wait_for()
    return page, problems


def test_a_term_in_a_pad_shows_its_definition_on_hover(new_page, login, pad_with_terms):
    pad, ana, _ = pad_with_terms
    page, problems = _open(new_page, login, ana, pad)
    terms = page.locator(".pad-editor__content .glossary-term")
    # longest first, across marks and accents; "cooperativeness" is not a whole word match
    expect(terms).to_have_count(3)
    assert terms.all_inner_texts() == [
        "Économie sociale et solidaire", "cooperatives", "economie sociale"]  # fmt: skip
    before = page.evaluate("window.rucheEditor.editor.getHTML()")
    assert "glossary" not in before  # decorations only: the document is unchanged

    tooltip = page.get_by_role("tooltip")
    terms.nth(1).hover()
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("An enterprise owned and run by its members.")
    expect(tooltip.get_by_role("link", name="Cooperative")).to_have_attribute(
        "href", f"/glossary/{pad_with_terms[0].space.glossary_entries.get(term='Cooperative').pk}/"
    )
    assert terms.nth(1).get_attribute("aria-describedby") == tooltip.get_attribute("id")
    page.keyboard.press("Escape")
    expect(tooltip).to_be_hidden()

    # the caret reaching a term shows (and announces) its definition
    terms.nth(2).click()
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("The older, narrower family")
    announced = page.locator("#pad-editor [role=status]").last
    expect(announced).to_contain_text("Économie sociale: The older")
    page.keyboard.press("End")
    expect(tooltip).to_be_hidden()

    # typing a term links it as it is written; breaking it unlinks it
    page.keyboard.type(" One more Cooperative")
    expect(terms).to_have_count(4)
    page.keyboard.press("Backspace")
    expect(terms).to_have_count(3)
    assert not problems, problems


def test_read_only_readers_reach_terms_with_the_keyboard(new_page, login, pad_with_terms):
    pad, _, olga = pad_with_terms
    page, problems = _open(new_page, login, olga, pad)
    first = page.locator(".pad-editor__content .glossary-term").first
    expect(first).to_have_attribute("tabindex", "0")
    first.focus()
    tooltip = page.get_by_role("tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("An economy of cooperation")
    assert not problems, problems


def test_terms_in_a_wiki_page(new_page, login, pad_with_terms):
    pad, ana, _ = pad_with_terms
    [wiki_page] = wiki_import(actor=ana, space_id=pad.space_id, filename="sse.md",
                              data=b"# SSE\n\nEvery cooperative is welcome.\n")  # fmt: skip
    page, problems = _open(new_page, login, ana, pad,
                           path=f"/spaces/{pad.space_id}/wiki/{wiki_page.slug}/")  # fmt: skip
    term = page.locator(".pad-editor__content .glossary-term")
    expect(term).to_have_text(["cooperative"])
    term.hover()
    expect(page.get_by_role("tooltip")).to_contain_text("owned and run by its members")
    assert not problems, problems
