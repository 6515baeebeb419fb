"""Library attachments and merge in a real Chromium: attach a PDF from the item page (the
script's upload with progress), find the item by a word of the PDF, delete the attachment,
then merge two duplicates from the Duplicates tab; no CSP violation on the way."""

import re

import pytest
from weasyprint import HTML

from ruche.library.services import items_create

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous"),
]


def watch(page):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_attach_a_pdf_search_it_delete_it_and_merge_duplicates(new_page, login, make_user,
                                                                make_space):  # fmt: skip
    from playwright.sync_api import expect

    ana = make_user("Ana Lima")
    space = make_space("cohort", name="SSE", members={ana: "participant"})
    book = {"type": "book", "title": "Les communs", "DOI": "10.1/communs"}
    item, twin = items_create(actor=ana, space=space, items=[book, {**book, "publisher": "PUF"}])
    pdf = HTML(string="<p>Le glossaire des tiers-lieux xylophage</p>").write_pdf()

    page = new_page("en")
    problems = watch(page)
    login(page, ana)
    page.goto(f"/library/items/{item.id}/")
    page.get_by_label("Attach a file").set_input_files(
        files=[{"name": "../../Étude.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("“Étude.pdf” attached.")).to_be_visible()
    expect(page.get_by_role("link", name="Étude.pdf", exact=True)).to_be_visible()

    page.goto(f"/spaces/{space.id}/library/?q=xylophage")
    expect(page.get_by_role("link", name="Les communs")).to_have_count(1)

    page.goto(f"/library/items/{item.id}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete Étude.pdf").click()
    expect(page.get_by_text("Attachment deleted.")).to_be_visible()
    expect(page.get_by_text("No attachment yet.")).to_be_visible()

    page.get_by_role("link", name="Duplicates").click()
    expect(page.get_by_role("heading", name="Same DOI")).to_be_visible()
    page.get_by_label(f"Keep “{book['title']}” as the master").first.check()
    page.get_by_role("button", name="Merge into the chosen master").click()
    page.wait_for_url(re.compile(r"/library/duplicates/"))
    expect(page.get_by_text("1 items merged")).to_be_visible()
    expect(page.get_by_text("No likely duplicates in this library.")).to_be_visible()
    assert problems == []
