"""The grid's views, pickers and widths in a real Chromium: link cells are chosen in a
search picker and show titles (dangling ones marked), a column is widened by dragging its
edge (and with the keyboard) for everyone, rows are grouped with counts and totals, a view
saved as shared is offered to the others; the first rows paint from the page."""

import uuid

import pytest

from ruche.library.services import items_create
from ruche.realtime.services import document_state
from ruche.tables.document import content_read
from ruche.tables.services import table_create, table_update
from ruche.wiki.services import wiki_page_create
from tests.tables.test_browser import cell, open_table

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous"),
]


@pytest.fixture
def people(make_user, make_space):
    ana, bo = make_user("Ana Lima"), make_user("Bruno Sá")
    space = make_space("community", members={ana: "facilitator", bo: "participant"})
    return space, ana, bo


def columns_of(table):
    return content_read(document_state(room=table.room)).columns


def test_link_pickers_show_titles_and_mark_dangling_links(new_page, login, people):
    space, ana, _bo = people
    [item] = items_create(actor=ana, space=space, items=[
        {"type": "book", "title": "Économie sociale et solidaire",
         "author": [{"family": "Draperi", "given": "J.-F."}], "issued": {"date-parts": [[2014]]}},
    ])  # fmt: skip
    page_ = wiki_page_create(actor=ana, space_id=space.id, title="Visite de la coopérative")
    table = table_create(actor=ana, space_id=space.id, title="Sources", columns=[
        {"name": "Book", "type": "library_item"},
        {"name": "Report", "type": "wiki_page"}])  # fmt: skip
    book, report = (c.id for c in columns_of(table))
    rows = content_read(document_state(room=table.room)).rows
    dangling = {"row": rows[2].id, "column": report, "value": str(uuid.uuid4())}
    table_update(actor=ana, table_id=table.id, cells=[dangling])
    page, problems = open_table(new_page, login, ana, table)
    # The library picker: typed text becomes the search, arrows and Enter choose.
    cell(page, 0, 0).click()
    page.keyboard.type("solid")
    picker = page.get_by_role("dialog", name="Choose a library item: Book")
    picker.get_by_role("option", name="Économie sociale et solidaire — Draperi, 2014").wait_for()
    page.keyboard.press("Enter")
    link = cell(page, 0, 0).get_by_role("link", name="Économie sociale et solidaire")
    link.wait_for()
    assert link.get_attribute("href") == f"/library/items/{item.id}/"
    # The wiki picker, with the pointer.
    cell(page, 0, 1).click()
    page.keyboard.press("Enter")
    picker = page.get_by_role("dialog", name="Choose a wiki page: Report")
    picker.get_by_role("combobox").fill("coop")
    picker.get_by_role("option", name="Visite de la coopérative").click()
    link = cell(page, 0, 1).get_by_role("link", name="Visite de la coopérative")
    link.wait_for()
    assert link.get_attribute("href") == f"/wiki/pages/{page_.id}/"
    cells = content_read(document_state(room=table.room)).rows[0].cells
    assert cells == {book: str(item.id), report: str(page_.id)}
    # A link to nothing is marked; after a reload titles come from the server.
    assert "Missing" in cell(page, 2, 1).inner_text()
    page.reload()
    page.locator("#table-grid[data-synced=true]").wait_for()
    cell(page, 0, 0).get_by_role("link", name="Économie sociale et solidaire").wait_for()
    # Emptying a link cell from the picker.
    cell(page, 0, 1).click()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Empty the cell").click()
    cell(page, 0, 1).get_by_role("link").wait_for(state="detached")
    assert problems == []


def test_widths_dragged_and_keyed_are_seen_by_everyone(new_page, login, people):
    space, ana, bo = people
    table = table_create(actor=ana, space_id=space.id, title="Widths", columns=[
        {"name": "Name", "type": "text", "width": 160},
        {"name": "Notes", "type": "text"}])  # fmt: skip
    name = columns_of(table)[0].id
    page_a, problems_a = open_table(new_page, login, ana, table)
    page_b, _problems_b = open_table(new_page, login, bo, table)
    handle = page_a.get_by_role("separator", name="Width (pixels): Name")
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page_a.mouse.move(x, y)
    page_a.mouse.down()
    page_a.mouse.move(x + 60, y, steps=4)
    page_a.mouse.move(x + 120, y, steps=4)
    page_a.mouse.up()
    expect_width(page_b, 280)
    assert columns_of(table)[0].width == 280
    handle = page_a.get_by_role("separator", name="Width (pixels): Name")
    handle.focus()
    page_a.keyboard.press("ArrowRight")
    page_a.keyboard.press("Shift+ArrowLeft")
    expect_width(page_b, 240)
    assert columns_of(table)[0].width == 240
    assert (
        page_a.get_by_role("separator", name="Width (pixels): Name").get_attribute("aria-valuenow")
        == "240"
    )
    assert {c.id: c.width for c in columns_of(table)}[name] == 240
    assert problems_a == []


def expect_width(page, width):
    from playwright.sync_api import expect

    expect(page.locator("#tg-c-0-0")).to_have_css("width", f"{width}px")


def test_grouping_and_a_shared_view(new_page, login, people):
    space, ana, bo = people
    table = table_create(actor=ana, space_id=space.id, title="Visits", columns=[
        {"name": "Place", "type": "text"},
        {"name": "Theme", "type": "choice", "options": ["Food", "Housing"]},
        {"name": "Budget", "type": "number"}])  # fmt: skip
    place, theme, budget = (c.id for c in columns_of(table))
    content = content_read(document_state(room=table.room))
    table_update(actor=ana, table_id=table.id, remove_rows=[r.id for r in content.rows], rows=[
        {place: "Épicerie", theme: "Food", budget: 1200},
        {place: "Habitat", theme: "Housing", budget: 300},
        {place: "Café", theme: "Food", budget: 800},
        {place: "Atelier", budget: 50},
    ])  # fmt: skip
    page_a, problems = open_table(new_page, login, ana, table)
    page_a.get_by_label("Group by").select_option(label="Theme")
    groups = page_a.locator(".tg-row--group")
    groups.first.wait_for()
    assert [g.inner_text().split("\n")[0] for g in groups.all()] == [
        "Theme: Food · 2 rows", "Theme: Housing · 1 row", "Theme: (empty) · 1 row"]  # fmt: skip
    assert "2,000" in groups.nth(0).inner_text()
    assert "2,350" in page_a.locator(".tg-row--totals").inner_text()
    # A filter: budgets over 500 (the header counts shown rows).
    page_a.get_by_text("Filters").click()
    page_a.get_by_role("button", name="Add a filter").click()
    page_a.get_by_role("combobox", name="Column", exact=True).select_option(label="Budget")
    page_a.get_by_label("Condition").select_option(label="is more than")
    page_a.get_by_label("Value", exact=True).fill("500")
    page_a.locator(".table-count", has_text="2 of 4 rows").wait_for()
    assert page_a.locator(".tg-row--group").count() == 1
    page_a.get_by_role("button", name="Remove this filter").click()
    page_a.locator(".table-count", has_text="4 of 4 rows").wait_for()
    page_a.get_by_text("Filters").click()
    page_a.get_by_role("button", name="Save as a new view…").click()
    dialog = page_a.get_by_role("dialog", name="Save the view")
    dialog.get_by_label("Name of the view").fill("By theme")
    dialog.get_by_label("Shared: everyone in the space sees it").check()
    dialog.get_by_role("button", name="Save").click()
    page_a.get_by_role("status").filter(has_text="The view “By theme” was saved.").wait_for()
    page_b, _ = open_table(new_page, login, bo, table)
    assert page_b.locator(".tg-row--group").count() == 0
    page_b.get_by_label("View", exact=True).select_option(label="By theme")
    page_b.locator(".tg-row--group").first.wait_for()
    assert page_b.locator(".tg-row--group").count() == 3
    # Editing a cell inside a group moves the row to its new group, live.
    page_b.locator(".tg-row", has_text="Atelier").locator(".tg-cell").nth(1).click()
    page_b.keyboard.press("Enter")
    page_b.locator(".tg-editor").select_option("Housing")
    page_b.keyboard.press("Enter")
    page_a.locator(".tg-row--group", has_text="Theme: Housing · 2 rows").wait_for()
    page_b.get_by_label("View", exact=True).select_option(label="All rows, shared order")
    page_b.locator(".tg-row--group").first.wait_for(state="detached")
    assert problems == []


def test_first_rows_paint_from_the_page_before_the_document(new_page, login, people):
    space, ana, _bo = people
    table = table_create(actor=ana, space_id=space.id, title="Quick", columns=[
        {"name": "Name", "type": "text"}])  # fmt: skip
    name = columns_of(table)[0].id
    rows = content_read(document_state(room=table.room)).rows
    table_update(actor=ana, table_id=table.id, cells=[
        {"row": rows[0].id, "column": name, "value": "Première"}])  # fmt: skip
    page = new_page("en")
    login(page, ana)
    # Hold the websocket back: the rows must show anyway, read-only until it connects.
    page.route_web_socket("**/ws/tables/**", lambda ws: None)
    page.goto(f"/tables/{table.id}/")
    page.locator("#tg-c-0-0", has_text="Première").wait_for()
    assert page.locator("#table-grid").get_attribute("data-synced") is None
    assert page.locator("[role=grid]").get_attribute("aria-busy") == "true"
