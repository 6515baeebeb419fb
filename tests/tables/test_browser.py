"""Two people in one table, in a real Chromium: cells typed by one appear for the other,
totals follow, undo takes back only my own change, ranges paste from a spreadsheet, the
personal sort leaves the shared order alone, and no CSP violation."""

import pytest

from ruche.realtime.services import document_state
from ruche.tables.document import content_read
from ruche.tables.services import table_create

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous"),
]


@pytest.fixture
def table_and_people(make_user, make_space):
    from ruche.accounts.models import User

    ana, bo = make_user("Ana Lima"), make_user("Bruno Sá")
    User.objects.filter(pk=bo.pk).update(ui_language="fr")  # Bruno reads the grid in French
    bo.refresh_from_db()
    space = make_space("community", members={ana: "facilitator", bo: "participant"})
    table = table_create(
        actor=ana, space_id=space.id, title="Initiatives",
        columns=[{"name": "Initiative", "type": "text"}, {"name": "Budget", "type": "number"}],
    )  # fmt: skip
    return table, ana, bo


def open_table(new_page, login, user, table, locale="en"):
    page = new_page(locale)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    login(page, user)
    page.goto(f"/tables/{table.id}/")
    page.locator("#table-grid[data-synced=true]").wait_for()
    return page, problems


def cell(page, row, col):
    return page.locator(f"#tg-c-{row}-{col}")


def type_into(page, row, col, text):
    cell(page, row, col).click()
    page.keyboard.press("Enter")  # typing a letter also starts editing; accents need the editor
    page.keyboard.type(text)
    page.keyboard.press("Enter")


PASTE = """(text) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  document.querySelector("[role=grid]").dispatchEvent(
    new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
}"""


def test_two_people_edit_cells_at_once(new_page, login, table_and_people):
    table, ana, bo = table_and_people
    page_a, problems_a = open_table(new_page, login, ana, table)
    page_b, problems_b = open_table(new_page, login, bo, table)
    type_into(page_a, 0, 0, "Café solidaire")
    type_into(page_b, 1, 1, "1250,5")
    type_into(page_b, 1, 0, "Épicerie")
    for page in (page_a, page_b):
        page.locator("#tg-c-0-0", has_text="Café solidaire").wait_for()
        page.locator("#tg-c-1-0", has_text="Épicerie").wait_for()
    assert "1,250.5" in page_a.locator(".tg-row--totals").inner_text()
    assert "1\u202f250,5" in page_b.locator(".tg-row--totals").inner_text()
    # presence: Ana sees where Bruno is
    page_a.locator(".tg-cell--other[data-who='Bruno Sá']").wait_for()
    # undo takes back my change only
    cell(page_a, 0, 0).click()
    page_a.keyboard.press("Control+z")
    page_b.locator("#tg-c-0-0", has_text="Café solidaire").wait_for(state="detached")
    assert cell(page_b, 1, 0).inner_text() == "Épicerie"
    # a range pasted from a spreadsheet: two rows, two columns, one new row made
    cell(page_a, 1, 0).click()
    page_a.evaluate(PASTE, "Ferme\t12\r\nRessourcerie\t3,5\r\n")
    page_b.locator("#tg-c-2-0", has_text="Ressourcerie").wait_for()
    page_b.locator("#tg-c-3-0", has_text="Ressourcerie").wait_for(state="detached")
    # Bruno is typing when Ana's change arrives: his editor keeps his text
    cell(page_b, 0, 1).click()
    page_b.keyboard.press("Enter")
    page_b.keyboard.type("7")
    cell(page_a, 2, 1).click()
    page_a.keyboard.type("4")  # typing replaces the value (Enter would edit it)
    page_a.keyboard.press("Enter")
    page_b.wait_for_timeout(300)
    assert page_b.locator(".tg-editor").input_value() == "7"
    page_b.keyboard.press("Enter")
    page_a.locator("#tg-c-0-1", has_text="7").wait_for()
    page_b.locator("#tg-c-2-1", has_text="4").wait_for()
    cell(page_b, 0, 1).click()
    page_b.keyboard.press("Delete")  # and clears it again
    page_a.locator("#tg-c-0-1", has_text="7").wait_for(state="detached")
    # Escape cancels an edit
    cell(page_b, 0, 0).click()
    page_b.keyboard.type("oops")
    page_b.keyboard.press("Escape")
    assert cell(page_b, 0, 0).inner_text() == ""
    # a personal sort changes my view, not the shared order
    page_b.locator(".tg-headname", has_text="Budget").click()
    page_b.locator("#tg-c-0-1", has_text="4").wait_for()
    assert cell(page_a, 1, 0).inner_text() == "Ferme"
    content = content_read(document_state(room=table.room))
    names = [row.cells.get(content.columns[0].id) for row in content.rows]
    assert names == [None, "Ferme", "Ressourcerie"]
    assert [row.cells.get(content.columns[1].id) for row in content.rows] == [None, 12, 4]
    grid = page_a.locator("[role=grid]")
    assert grid.get_attribute("aria-rowcount") == "5"
    assert page_a.locator("[role=columnheader]").count() == 3
    assert problems_a == [] and problems_b == []


def test_observer_reads_but_cannot_edit(new_page, login, table_and_people, make_user):
    from ruche.spaces.models import Membership

    table, ana, _bo = table_and_people
    olga = make_user("Olga")
    Membership.objects.create(space=table.space, user=olga, role="observer")
    page, problems = open_table(new_page, login, olga, table)
    assert page.locator("[data-command=add-row]").count() == 0
    cell(page, 0, 0).click()
    page.keyboard.type("x")
    page.keyboard.press("Enter")
    assert page.locator(".tg-editor").count() == 0
    assert cell(page, 0, 0).inner_text() == ""
    assert problems == []
