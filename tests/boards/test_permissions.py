"""Who may do what on a board: other cohorts see nothing, observers only read, anonymous
callers are asked to log in, participants do not manage."""

import pytest


@pytest.fixture
def setup(world, board, add_card):
    b = board()
    card = add_card(world.ana, b, "An idea")
    return b, card


def test_another_cohort_gets_404_everywhere(world, api_as, setup):
    b, card = setup
    tom = api_as(world.tom)
    assert tom.get(f"/boards/{b['id']}").status_code == 404
    assert tom.get(f"/spaces/{world.paris.id}/boards").status_code == 404
    assert tom.post(f"/boards/{b['id']}/cards", {"text": "x"}).status_code == 404
    assert tom.patch(f"/cards/{card['id']}", {"text": "x"}).status_code == 404
    assert tom.get(f"/boards/{b['id']}/export?format=md").status_code == 404
    assert tom.get("/boards/not-a-uuid").status_code == 404


def test_observers_read_but_every_write_is_403(world, api_as, setup):
    b, card = setup
    olga = api_as(world.olga)
    assert olga.get(f"/boards/{b['id']}").status_code == 200
    assert olga.post(f"/boards/{b['id']}/cards", {"text": "x"}).status_code == 403
    assert olga.patch(f"/cards/{card['id']}", {"text": "x"}).status_code == 403
    assert olga.delete(f"/cards/{card['id']}").status_code == 403
    assert olga.post(f"/boards/{b['id']}/reveal").status_code == 403
    assert olga.post(f"/spaces/{world.paris.id}/boards", {"title": "x"}).status_code == 403


def test_participants_do_not_manage_the_board(world, api_as, setup):
    b, _card = setup
    ana = api_as(world.ana)
    assert ana.post(f"/spaces/{world.paris.id}/boards", {"title": "x"}).status_code == 403
    assert ana.patch(f"/boards/{b['id']}", {"locked": True}).status_code == 403
    assert ana.delete(f"/boards/{b['id']}").status_code == 403
    assert ana.post(f"/boards/{b['id']}/clusters", {"title": "x"}).status_code == 403
    assert ana.post(f"/boards/{b['id']}/suggest-clusters").status_code == 403
    assert api_as(world.lead).delete(f"/boards/{b['id']}").status_code == 204


def test_anonymous_callers_get_401(client, setup):
    b, _card = setup
    assert client.get(f"/api/v1/boards/{b['id']}").status_code == 401
    assert client.post(f"/api/v1/boards/{b['id']}/cards").status_code == 401
