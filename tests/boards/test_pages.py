"""Board pages: the space's list (facilitators open boards there), one board, refusals."""

import pytest
from django.test import Client

from ruche.boards.models import Board


@pytest.fixture
def browser(world):
    def login(person):
        client = Client()
        client.force_login(person)
        return client

    return login


def test_facilitators_open_a_board_from_the_list_and_participants_see_it(world, browser):
    lead = browser(world.lead)
    listed = lead.get(f"/spaces/{world.paris.id}/boards/")
    assert listed.status_code == 200 and "Open a board" in listed.content.decode()

    made = lead.post(f"/spaces/{world.paris.id}/boards/", {"title": "Key ideas", "hidden": "on"})
    board = Board.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/boards/{board.id}/"
    assert board.hidden is True
    page = browser(world.ana).get(f"/boards/{board.id}/").content.decode()
    assert "Key ideas" in page and "boards/boards.js" in page
    assert (
        "Open a board"
        not in browser(world.ana).get(f"/spaces/{world.paris.id}/boards/").content.decode()
    )


def test_the_boards_tab_shows_in_the_space(world, browser):
    page = browser(world.ana).get(f"/spaces/{world.paris.id}/").content.decode()
    assert f"/spaces/{world.paris.id}/boards/" in page


def test_other_cohorts_get_404_and_anonymous_visitors_are_sent_to_log_in(world, browser):
    board = Board.objects.create(space=world.paris, title="Secret", columns=["Ideas"])
    assert browser(world.tom).get(f"/boards/{board.id}/").status_code == 404
    assert browser(world.tom).get(f"/spaces/{world.paris.id}/boards/").status_code == 404
    assert Client().get(f"/boards/{board.id}/").status_code == 302


def test_the_board_page_speaks_french(world, browser):
    board = Board.objects.create(space=world.paris, title="Idées", columns=["Idées"])
    client = browser(world.ana)
    page = client.get(f"/boards/{board.id}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Ajouter une carte" in page


def test_the_personal_data_export_holds_a_persons_cards_and_dots(world, api_as, board, add_card):
    b = board(anonymity="full")
    card = add_card(world.ana, b, "My anonymous idea")
    api_as(world.lead).post(f"/boards/{b['id']}/phase", {"phase": "vote"})
    api_as(world.ana).post(f"/cards/{card['id']}/dots")
    from ruche.accounts.selectors import personal_data_export

    data = personal_data_export(actor=world.ana)["boards"]
    assert [c["text"] for c in data["cards"]] == ["My anonymous idea"]
    assert [d["card_id"] for d in data["dots"]] == [card["id"]]
