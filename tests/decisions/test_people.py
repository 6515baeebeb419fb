"""Decisions and people: the space's tab, the personal data export, and deleted accounts."""

from django.test import Client

from ruche.accounts.services import account_delete


def test_the_space_shows_a_decisions_tab(world):
    client = Client()
    client.force_login(world.ana)

    page = client.get(f"/spaces/{world.paris.id}/").content.decode()

    assert f'href="/spaces/{world.paris.id}/decisions/"' in page


def test_the_personal_data_export_holds_my_positions_even_anonymous_ones(world, api_as, consent):
    decision = consent(anonymous=True)
    url = f"/decisions/{decision['id']}/positions"
    api_as(world.ana).post(url, {"position": "disagree", "reason": "First thought"})
    api_as(world.ana).post(url, {"position": "agree", "reason": "Second thought"})

    data = api_as(world.ana).get("/me/export").json_body["decisions"]

    assert [(p["position"], p["current"]) for p in data["positions"]] == [
        ("disagree", False), ("agree", True),
    ]  # fmt: skip
    assert data["proposed"] == [] and data["votes"] == []


def test_a_deleted_account_leaves_the_record_intact_under_a_pseudonym(world, api_as, consent):
    decision = consent()
    api_as(world.ana).post(
        f"/decisions/{decision['id']}/positions", {"position": "block", "reason": "Not yet"}
    )

    account_delete(actor=world.ana)
    body = api_as(world.lead).get(f"/decisions/{decision['id']}").json_body

    (position,) = body["positions"]
    assert position["position"] == "block" and position["reason"] == "Not yet"
    assert "Ana" not in position["name"] and position["name"]
    assert body["results"]["status"] == "blocked"
