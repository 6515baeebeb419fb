"""The foundation's end-to-end path in a real browser: a facilitator logs in, creates a
cohort, makes an invitation link; a newcomer opens it in another browser, creates an
account and lands in the cohort."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from ruche.spaces.models import Membership

pytestmark = pytest.mark.browser


def test_log_in_create_a_cohort_invite_and_accept_in_another_browser(
    new_page, login, make_user, make_space
):
    camille = make_user("Camille Roussel")
    community = make_space(members={camille: "facilitator"}, name="SSE in VET")

    facilitator = new_page()
    login(facilitator, camille)
    facilitator.goto(f"/spaces/new/?parent={community.id}")
    facilitator.get_by_label("Name").fill("Lyon 2027")
    facilitator.get_by_role("button", name="Create", exact=True).click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("Lyon 2027")

    facilitator.get_by_role("link", name="Invitations").click()
    facilitator.get_by_role("button", name="Create the link").click()
    link = facilitator.locator("code[id^=invitation-link-]").first
    expect(link).to_contain_text("/invitations/")
    invitation_path = urlsplit(link.inner_text().strip()).path

    newcomer = new_page()
    newcomer.goto(invitation_path)
    expect(newcomer.get_by_role("heading", level=1)).to_contain_text("Lyon 2027")
    newcomer.get_by_label("Your name").fill("Louise Martin")
    newcomer.get_by_label("Email").fill("louise@example.org")
    newcomer.get_by_label("Password", exact=True).fill("a long enough passphrase")
    newcomer.get_by_label("Password, again").fill("a long enough passphrase")
    newcomer.get_by_role("button", name="Create my account and join").click()
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Lyon 2027")

    membership = Membership.objects.get(user__email="louise@example.org")
    assert (membership.space.name, membership.role) == ("Lyon 2027", "participant")
    facilitator.get_by_role("link", name="Members").click()
    expect(facilitator.get_by_text("Louise Martin").first).to_be_visible()
