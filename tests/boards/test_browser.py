"""In a real Chromium, two participants and their facilitator on one hidden board: a card
added with the keyboard stays with its author until the facilitator reveals it, then shows
on the other participant's page live, and dots are placed in the vote phase."""

import pytest
from playwright.sync_api import expect

from ruche.boards import services
from tests.browser.conftest import asgi_server, browser, login, new_page  # noqa: F401

pytestmark = pytest.mark.browser
SECRET = "Solidarity before profit"


def test_a_hidden_card_shows_live_after_the_reveal_and_gets_dots(world, new_page, login):  # noqa: F811
    board = services.board_create(
        actor=world.lead, space_id=world.paris.id, title="Key ideas", hidden=True,
        columns=["Ideas", "Questions"],
    )  # fmt: skip
    pages = {}
    for name in ("ana", "ben", "lead"):
        pages[name] = new_page()
        login(pages[name], getattr(world, name))
        pages[name].goto(f"/boards/{board.pk}/")
    ana, ben, lead = pages["ana"], pages["ben"], pages["lead"]
    expect(ana.locator("[data-board-presence]")).to_contain_text("Ben Participant")

    ana.get_by_label("Text").fill(SECRET)
    ana.get_by_label("Text").press("Tab")
    ana.keyboard.press("Tab")
    ana.keyboard.press("Tab")
    ana.keyboard.press("Enter")
    expect(ana.locator(".board__card")).to_contain_text(SECRET)
    expect(ben.locator("[data-board-phase]")).to_contain_text("cards hidden until the reveal: 1")
    expect(ben.locator(".board__card")).to_have_count(0)

    lead.get_by_role("button", name="Reveal the cards").click()
    expect(ben.locator(".board__card")).to_contain_text(SECRET)

    lead.get_by_role("button", name="Vote", exact=True).click()
    expect(lead.get_by_role("button", name="Vote", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    ben.get_by_role("button", name="+ Add a dot").click()
    expect(ben.locator(".board__card")).to_contain_text("dots: 1")
    expect(ana.locator(".board__card")).to_contain_text("dots: 1")
