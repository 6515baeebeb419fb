"""In a real Chromium: a participant blocks a proposal, and the page insists on a reason
before anything is sent; the results then show the block."""

import os

import pytest
from playwright.sync_api import expect

from ruche.decisions.models import Position
from tests.browser.conftest import asgi_server, browser, login, new_page  # noqa: F401

pytestmark = pytest.mark.browser


def test_a_block_needs_a_reason_before_the_form_is_sent(new_page, login, make_user, make_space):  # noqa: F811
    from ruche.decisions import services

    lea, ana = make_user("Léa"), make_user("Ana")
    space = make_space(
        "community", name="SSE in VET", members={lea: "facilitator", ana: "participant"}
    )
    decision = services.decision_create(
        actor=lea, space_id=space.id, question="Adopt the shared definition?", process="consent"
    )
    page = new_page()
    login(page, ana)
    page.goto(f"/decisions/{decision.pk}/")

    page.get_by_role("group", name="Your position").get_by_text("Block", exact=True).click()
    page.get_by_role("button", name="Record my position").click()

    reason = page.get_by_label("Reason")
    assert reason.evaluate("el => el.validity.valueMissing") is True
    assert not Position.objects.exists()

    page.get_by_role("group", name="Your position").get_by_text("Agree", exact=True).click()
    assert reason.evaluate("el => el.required") is False
    page.get_by_role("group", name="Your position").get_by_text("Block", exact=True).click()
    reason.fill("It leaves out the VET trainees.")
    page.get_by_role("button", name="Record my position").click()

    expect(page.get_by_text("Your position is recorded.")).to_be_visible()
    expect(page.locator("#results")).to_contain_text("Blocked")
    expect(page.locator("#results")).to_contain_text("It leaves out the VET trainees.")
    if os.environ.get("RUCHE_SCREENSHOTS"):
        page.screenshot(path=os.environ["RUCHE_SCREENSHOTS"] + "/decision.png", full_page=True)
