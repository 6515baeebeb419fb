"""A facilitator builds a small module in a real browser and reorders it with the keyboard."""

import pytest
from playwright.sync_api import expect

from ruche.modules.models import Module

pytestmark = pytest.mark.browser


def titles(page):
    return page.locator("li.activity .activity__title").all_inner_texts()


def test_build_a_module_and_reorder_activities_with_the_keyboard(
    new_page, login, make_user, make_space
):
    fatou = make_user("Fatou")
    space = make_space(members={fatou: "facilitator"}, name="SSE in VET")
    page = new_page()
    login(page, fatou)
    page.goto(f"/spaces/{space.id}/modules/")
    page.get_by_label("Title").fill("A small module")
    page.get_by_role("button", name="Create").click()
    page.wait_for_url("**/modules/*/")
    page.get_by_label("New day title").fill("Day 1")
    page.get_by_role("button", name="Add a day").click()
    page.get_by_label("New session title").fill("Morning")
    page.get_by_role("button", name="Add session").click()
    for title, minutes in (("Welcome", "30"), ("Input", "90"), ("Break", "15")):
        page.get_by_label("New activity title").fill(title)
        page.get_by_label("Duration (minutes)").last.fill(minutes)
        page.get_by_role("button", name="Add activity").click()
        page.locator("li.activity .activity__title", has_text=title).wait_for()
    assert titles(page) == ["Welcome", "Input", "Break"]
    assert "2 h 15" in page.locator(".unit__total").inner_text()

    page.get_by_role("button", name="Move “Break” (arrow keys)").focus()
    page.keyboard.press("ArrowUp")
    expect(page.locator("li.activity .activity__title")).to_have_text(["Welcome", "Break", "Input"])
    # The focus stays on the moved activity's handle, so a second press moves it again.
    page.keyboard.press("ArrowUp")
    expect(page.locator("li.activity .activity__title")).to_have_text(["Break", "Welcome", "Input"])
    assert titles(page) == ["Break", "Welcome", "Input"]
    expect(page.get_by_role("button", name="Move “Break” (arrow keys)")).to_be_focused()

    module = Module.objects.get(title="A small module")
    stored = [a.title for a in module.units.get().sessions.get().activities.all()]
    assert stored == ["Break", "Welcome", "Input"]
    page.reload()
    assert titles(page) == ["Break", "Welcome", "Input"]
