"""Three people run a short definition workshop in Chromium: individual writing, the reveal,
key ideas on the board with a dot vote, a draft typed in the pad, an amendment supported and
accepted, then adoption by consent into the glossary."""

import os

import pytest
from playwright.sync_api import expect

from ruche.decisions.services import decision_close
from ruche.definitions.models import DefinitionProcess
from tests.browser.conftest import asgi_server, browser, login, new_page  # noqa: F401

SHOTS = os.environ.get("RUCHE_SCREENSHOTS")  # a folder: save pictures of the steps there
pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous"),
]


@pytest.fixture
def people(make_user, make_space):
    lead, ana = make_user("Lea Facilitator"), make_user("Ana Participant")
    ben = make_user("Ben Participant")
    space = make_space(
        "cohort", name="Paris 2026",
        members={lead: "facilitator", ana: "participant", ben: "participant"},
    )  # fmt: skip
    return space, lead, ana, ben


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"definitions-{name}.png"), full_page=True)


def click(page, name):
    page.get_by_role("button", name=name, exact=True).first.click()


def test_three_people_run_a_definition_workshop(people, new_page, login):  # noqa: F811
    space, lead_user, ana_user, ben_user = people
    lead, ana, ben = new_page(), new_page(), new_page()
    problems: list[str] = []
    for page, user in ((lead, lead_user), (ana, ana_user), (ben, ben_user)):
        # (SQLite in memory may refuse a concurrent read in tests: only CSP and JS errors count)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        login(page, user)

    # the facilitator starts the process from the space's Definitions tab
    lead.goto(f"/spaces/{space.id}/")
    lead.get_by_role("link", name="Definitions").first.click()
    lead.get_by_label("Term").fill("Social and Solidarity Economy")
    lead.get_by_label("Prompt").fill("<p>What is SSE for you?</p>")
    click(lead, "Start")
    expect(lead.get_by_role("heading", level=1)).to_have_text("Social and Solidarity Economy")
    shot(lead, "start")
    url = lead.url
    process = DefinitionProcess.objects.get()

    # 1. individual writing, private until the reveal
    for page, text in ((ana, "SSE puts people before capital. It is governed democratically."),
                       (ben, "Une économie solidaire du territoire.")):  # fmt: skip
        page.goto(url)
        page.get_by_label("Your definition").fill(text)
        click(page, "Save my definition")
        expect(page.locator(".messages")).to_contain_text("Done.")
    ana.reload()
    expect(ana.locator("main")).not_to_contain_text("Une économie solidaire")
    # the facilitator's page, open all along, says the process moved on
    expect(lead.locator("[data-definition-changed]")).to_be_visible()
    click(lead, "Show the latest")
    expect(lead.locator("#step")).to_contain_text("2 definitions written")
    click(lead, "Reveal all definitions")
    ana.reload()
    expect(ana.locator("main")).to_contain_text("Une économie solidaire du territoire.")

    # 2. key ideas on the board, and a dot vote
    click(lead, "Move on to the key ideas")
    click(lead, "Open the dot vote")
    expect(lead.locator(".messages")).to_contain_text("Done.")
    ana.goto(f"/boards/{DefinitionProcess.objects.get().board_id}/")
    card = ana.locator(".board__card", has_text="It is governed democratically")
    card.get_by_role("button", name="+ Add a dot").click()
    expect(card).to_contain_text("dots: 1")

    # 3. the draft, typed in the pad; the voted idea is marked as included
    click(lead, "Close the vote and open the draft")
    pad_id = DefinitionProcess.objects.get().pad_id
    ana.goto(f"/pads/{pad_id}/")
    ana.locator('.pad-status[data-state="connected"]').wait_for()
    ana.locator(".pad-editor__content").click()
    ana.keyboard.type("SSE is an economy of people, governed democratically.")
    lead.goto(f"/pads/{pad_id}/")
    expect(lead.locator(".pad-editor__content")).to_contain_text("governed democratically.")
    ben.goto(url)
    shot(ben, "draft")
    idea = ben.locator(".definition-idea", has_text="It is governed democratically")
    expect(idea).to_contain_text("1 dot")
    idea.get_by_role("button", name="Mark as included in the draft").click()
    expect(ben.locator(".definition-idea--included")).to_contain_text("governed democratically")

    # 4. an amendment, supported and accepted, lands in the draft
    lead.goto(url)
    expect(lead.locator(".definition-draft")).to_contain_text("economy of people")
    click(lead, "Freeze the draft and open the amendments")
    ben.goto(url)
    ben.get_by_label("Passage of the draft (quoted exactly)").fill("economy of people")
    ben.get_by_label("Replace it by").fill("economy of people and territories")
    ben.get_by_label("Rationale").fill("Territories matter to us.")
    click(ben, "Propose")
    ana.goto(url)
    click(ana, "Support")
    expect(ana.locator(".definition-amendment")).to_contain_text("1 support")
    lead.reload()
    shot(lead, "amendments")
    click(lead, "Accept and apply")
    expect(lead.locator(".definition-draft")).to_contain_text(
        "economy of people and territories, governed democratically."
    )

    # 5. adoption by consent, into the glossary
    click(lead, "Put the draft to a consent decision")
    decision = DefinitionProcess.objects.get().adoption_decision
    for page in (ana, ben):
        page.goto(f"/decisions/{decision.pk}/")
        page.locator("label[for=stance-agree]").click()
        click(page, "Record my position")
        expect(page.locator("main")).to_contain_text("Your position")
    lead.goto(f"/decisions/{decision.pk}/")  # no page polls while the test writes
    expect(lead.locator("main")).to_contain_text("Adopt this definition")
    decision_close(actor=lead_user, decision_id=decision.pk, outcome="Adopted by consent.")
    lead.goto(url)
    click(lead, "Adopt into the glossary")
    expect(lead.locator("#step")).to_contain_text("Adopted by consent")
    shot(lead, "adopted")
    lead.get_by_role("link", name="See how the group got there").click()
    expect(lead.locator("main")).to_contain_text("Territories matter to us.")
    expect(lead.locator("main")).to_contain_text("SSE puts people before capital.")
    shot(lead, "provenance")
    assert process.pk == DefinitionProcess.objects.get().pk
    assert [p for p in problems if "Failed to load resource" not in p] == []
