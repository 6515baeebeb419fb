"""Cite from a pad, in a real Chromium: import a .bib file through the library's import page,
open a pad, cite an item with the dialog (search as you type, a page), see the in-text
citation with its reference on hover, export the pad and find the bibliography; a reader
sees the citation but no Cite button; no CSP violation."""

import re
from pathlib import Path

import pytest

from ruche.pads.imports import pad_import

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous"),
]
BIB = r"""@string{hach = {Hachette}}
@book{laville2010,
  author = {Laville, Jean-Louis},
  title = {L'{\'e}conomie solidaire},
  publisher = hach,
  address = {Paris},
  year = {2010},
}
@article{draperi2012,
  author = {Draperi, Jean-Fran{\c c}ois},
  title = {Coop{\'e}ratives et communs},
  journal = {RECMA},
  year = {2012},
}
"""


def watch(page):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_import_a_bib_file_and_cite_it_in_a_pad(new_page, login, make_user, make_space):
    from playwright.sync_api import expect

    ana, olga = make_user("Ana Lima"), make_user("Olga Reader")
    space = make_space("cohort", name="SSE", members={ana: "facilitator", olga: "observer"})
    pad = pad_import(actor=ana, space_id=space.id, filename="notes.md",
                     data=b"The social economy grows.\n", title="Reading notes")  # fmt: skip

    page = new_page("en")
    problems = watch(page)
    login(page, ana)
    # the library's import page: a preview, then the import
    page.goto(f"/spaces/{space.id}/library/import/")
    page.get_by_label("File").set_input_files(
        files=[{"name": "refs.bib", "mimeType": "application/x-bibtex", "buffer": BIB.encode()}]
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("L'économie solidaire").first).to_be_visible()
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url(re.compile(r"/library/"))

    # the pad: cite Laville, p. 12, through the dialog
    page.goto(f"/pads/{pad.id}/")
    page.locator('.pad-status[data-state="connected"]').wait_for()
    page.locator(".pad-editor__content p").first.click()
    page.keyboard.press("End")
    page.keyboard.type(" As shown ")
    page.get_by_role("button", name="Cite").click()
    dialog = page.get_by_role("dialog", name="Cite from the library")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Search the space's library")).to_be_focused()
    dialog.get_by_label("Search the space's library").fill("lavil")
    expect(dialog.locator(".cite-results li")).to_have_count(1)
    dialog.get_by_label(re.compile("Laville \\(2010\\)")).check()
    dialog.get_by_label("Page (optional)").fill("12")
    dialog.get_by_role("button", name="Insert the citation").click()
    expect(dialog).to_be_hidden()
    citation = page.locator(".pad-editor__content .pad-citation")
    expect(citation).to_have_text("(Laville, 2010, p. 12)")
    expect(citation.first).to_have_attribute("title", re.compile(r"^Laville, J\.-L\. \(2010\)\. L"))

    # the keyboard: the shortcut opens the dialog, Enter in the page field inserts, Escape
    # closes; the focus comes back to the text
    page.keyboard.type(" and ")
    page.keyboard.press("Control+Alt+c")
    expect(dialog).to_be_visible()
    page.keyboard.type("coop")
    expect(dialog.locator(".cite-results li")).to_have_count(1)
    dialog.get_by_label(re.compile("Draperi \\(2012\\)")).first.check()
    dialog.get_by_label("Page (optional)").press("Enter")
    expect(dialog).to_be_hidden()
    expect(citation.nth(1)).to_have_text("(Draperi, 2012)")
    page.keyboard.type(".")
    page.keyboard.press("Control+Alt+c")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # the export carries the citation and the bibliography (once the server has the edit)
    expected = "The social economy grows. As shown (Laville, 2010, p. 12) and (Draperi, 2012)."
    expect(page.locator(".pad-editor__content p").first).to_contain_text(expected)
    markdown = ""
    for _attempt in range(50):
        with page.expect_download() as download:
            page.get_by_role("link", name="Markdown", exact=True).click()
        markdown = Path(download.value.path()).read_text(encoding="utf-8")
        if expected in markdown:
            break
        page.wait_for_timeout(200)
    assert expected in markdown
    assert "## References" in markdown
    references = markdown[markdown.index("## References") :]
    assert references.index("Draperi, J.-F. (2012). Coopératives et communs. *RECMA*.") < (
        references.index("Laville, J.-L. (2010). *L'économie solidaire*. Hachette.")
    )

    # a reader sees the citation, and no Cite button
    reader = new_page("en")
    reader_problems = watch(reader)
    login(reader, olga)
    reader.goto(f"/pads/{pad.id}/")
    expect(reader.locator(".pad-editor__content .pad-citation")).to_have_text(
        ["(Laville, 2010, p. 12)", "(Draperi, 2012)"]
    )
    expect(reader.locator("[data-cite-open]")).to_have_count(0)
    assert problems == [] and reader_problems == []


def test_cite_in_a_wiki_page(new_page, login, make_user, make_space):
    from playwright.sync_api import expect

    from ruche.library.services import items_create
    from ruche.wiki.services import wiki_page_create

    ana = make_user("Ana Lima")
    space = make_space("cohort", name="SSE", members={ana: "facilitator"})
    book = {"type": "book", "title": "Économie sociale", "issued": {"date-parts": [[1999]]},
            "author": [{"family": "Vienney", "given": "Claude"}]}  # fmt: skip
    items_create(actor=ana, space=space, items=[book])
    wiki = wiki_page_create(actor=ana, space_id=space.id, title="Sources")

    page = new_page("en")
    problems = watch(page)
    login(page, ana)
    page.goto(f"/wiki/pages/{wiki.id}/")
    page.locator('.pad-status[data-state="connected"]').wait_for()
    page.locator(".pad-editor__content").click()
    page.keyboard.type("Voir ")
    page.get_by_role("button", name="Cite").click()
    dialog = page.get_by_role("dialog", name="Cite from the library")
    dialog.get_by_label("Search the space's library").fill("vien")
    dialog.get_by_label(re.compile("Vienney \\(1999\\)")).check()
    dialog.get_by_role("button", name="Insert the citation").click()
    citation = page.locator(".pad-editor__content .pad-citation")
    expect(citation).to_have_text("(Vienney, 1999)")
    expect(citation).to_have_attribute("title", re.compile("^Vienney, C. \\(1999\\)"))
    assert problems == []
