"""The board's websocket against a real server (uvicorn on the test database) with real
clients: each viewer receives only what they may see, so a hidden card's text reaches no
other participant's socket before the reveal, and does after. Presence and the timer travel
on it too. Writes go through the HTTP API, as the page's script does."""

import json
import urllib.request

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from ruche.accounts.services import token_create
from tests.browser.conftest import asgi_server  # noqa: F401  (the live server fixture)

SECRET = "Ana's private thought on solidarity"


@pytest.fixture
def live(asgi_server, world):  # noqa: F811
    tokens = {}

    def token(user):
        if user.pk not in tokens:
            tokens[user.pk] = token_create(user=user)[1]
        return tokens[user.pk]

    def api(user, method, path, body=None):
        request = urllib.request.Request(  # noqa: S310
            f"{asgi_server.url}/api/v1{path}", method=method,
            data=json.dumps(body or {}).encode(),
            headers={"Authorization": f"Bearer {token(user)}", "Content-Type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return json.loads(response.read() or b"null") if response.status != 204 else None

    def socket(user, board_id):
        return connect(f"{asgi_server.ws_url}/ws/boards/{board_id}?token={token(user)}",
                       open_timeout=10)  # fmt: skip

    board = api(world.lead, "POST", f"/spaces/{world.paris.id}/boards",
                {"title": "Hidden", "hidden": True})  # fmt: skip
    return api, socket, board["id"], asgi_server


def frames(ws, wait=0.7):
    """Every frame received until the socket stays quiet for `wait` seconds."""
    received = []
    while True:
        try:
            received.append(ws.recv(timeout=wait))
        except TimeoutError:
            return received


def latest(received, kind):
    return [json.loads(f) for f in received if json.loads(f)["type"] == kind][-1]


def test_a_hidden_card_reaches_other_sockets_only_after_the_reveal(world, live):
    api, socket, board_id, _server = live
    with socket(world.ben, board_id) as ben, socket(world.lead, board_id) as lead:
        frames(ben), frames(lead)

        api(world.ana, "POST", f"/boards/{board_id}/cards", {"text": SECRET})
        ben_frames, lead_frames = frames(ben), frames(lead)
        assert ben_frames and lead_frames  # they are told the board changed...
        assert not any(SECRET in f for f in ben_frames + lead_frames)  # ...but not what
        assert latest(ben_frames, "board")["board"]["hidden_cards"] == 1

        api(world.lead, "POST", f"/boards/{board_id}/reveal")
        cards = latest(frames(ben), "board")["board"]["cards"]
        assert [c["text"] for c in cards] == [SECRET]


def test_presence_lists_who_is_connected_and_the_timer_is_seen_by_all(world, live):
    api, socket, board_id, _server = live
    with socket(world.ana, board_id) as ana:
        frames(ana)
        with socket(world.ben, board_id) as ben:
            assert latest(frames(ana), "presence")["names"] == [
                "Ana Participant",
                "Ben Participant",
            ]
            api(world.lead, "POST", f"/boards/{board_id}/timer", {"seconds": 90})
            assert 85 <= latest(frames(ben), "board")["board"]["timer"]["remaining"] <= 90
        assert latest(frames(ana), "presence")["names"] == ["Ana Participant"]


def test_strangers_and_anonymous_sockets_are_refused(world, live):
    _api, socket, board_id, server = live
    # A handshake closed before it is accepted answers HTTP 403.
    with pytest.raises(InvalidStatus), socket(world.tom, board_id):
        pass
    with pytest.raises(InvalidStatus), connect(f"{server.ws_url}/ws/boards/{board_id}"):
        pass
    with pytest.raises(InvalidStatus), socket(world.ana, "0" * 8 + "-0000-0000-0000-" + "0" * 12):
        pass


def test_a_participant_removed_from_the_cohort_is_disconnected(world, live):
    from ruche.spaces.models import Membership

    api, socket, board_id, _server = live
    membership = Membership.objects.get(user=world.ben, space=world.paris)
    with socket(world.ben, board_id) as ben:
        frames(ben)
        api(world.lead, "DELETE", f"/spaces/{world.paris.id}/members/{membership.pk}")
        with pytest.raises(ConnectionClosed) as closed:
            for _ in range(20):
                ben.recv(timeout=5)
        assert closed.value.rcvd.code == 4403
