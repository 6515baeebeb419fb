"""Websocket authentication against a real `ruche serve` (uvicorn) and a real client."""

import json
import shutil

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.core.ruche_process import PASSWORD, ServedRuche, ruche
from tests.realtime.fixtures import migrated_data  # noqa: F401

SESSION_FOR = (
    "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY;"
    "from django.contrib.sessions.backends.db import SessionStore;"
    "from ruche.accounts.models import User;"
    "u = User.objects.get(email='ws@example.org'); s = SessionStore();"
    "s[SESSION_KEY] = str(u.pk); s[HASH_SESSION_KEY] = u.get_session_auth_hash();"
    "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend';"
    "s.create(); print(s.session_key)"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory, migrated_data):  # noqa: F811
    data_dir = tmp_path_factory.mktemp("ruche-ws") / "data"
    shutil.copytree(migrated_data, data_dir)
    ruche(
        data_dir, "createuser", "ws@example.org", "--name", "Wanda Socket", "--password", PASSWORD
    )
    served = ServedRuche(data_dir)
    served.token = ruche(data_dir, "token", "create", "ws@example.org").stdout.strip()
    served.session = ruche(data_dir, "shell", "--no-imports", "-c", SESSION_FOR).stdout.strip()
    served.revoked = ruche(data_dir, "token", "create", "ws@example.org").stdout.strip()
    token_id = ruche(data_dir, "token", "list", "ws@example.org").stdout.split("\t")[0]
    ruche(data_dir, "token", "revoke", "ws@example.org", token_id)
    yield served
    served.stop()


def ws_url(server, query=""):
    return f"ws://127.0.0.1:{server.port}/ws/whoami{query}"


def whoami(server, query="", **headers):
    with connect(ws_url(server, query), additional_headers=headers, open_timeout=10) as ws:
        return json.loads(ws.recv(timeout=10))


def refused_status(server, query="", **headers):
    with pytest.raises(InvalidStatus) as refusal:
        whoami(server, query, **headers)
    return refusal.value.response.status_code


def test_a_token_is_accepted_and_whoami_answers(server):
    answer = whoami(server, f"?token={server.token}")

    assert answer["display_name"] == "Wanda Socket"


def test_a_session_cookie_from_this_site_is_accepted(server):
    origin = f"http://127.0.0.1:{server.port}"
    cookie = f"sessionid={server.session}"

    answer = whoami(server, Cookie=cookie, Origin=origin)

    assert answer["display_name"] == "Wanda Socket"


def test_a_session_cookie_without_an_origin_is_not_enough(server):
    # Only browsers authenticate by cookie, and browsers always send an Origin.
    assert refused_status(server, Cookie=f"sessionid={server.session}") == 403


@pytest.mark.parametrize("token", ["ruche_not-a-real-token-at-all-xxxxxxxxxxxxxxx", "x"])
def test_a_bad_token_is_refused(server, token):
    assert refused_status(server, f"?token={token}") == 403


def test_a_revoked_token_is_refused(server):
    assert refused_status(server, f"?token={server.revoked}") == 403


def test_no_credentials_is_refused(server):
    assert refused_status(server) == 403


@pytest.mark.parametrize("origin", ["https://evil.example.com", "null", "file://x"])
def test_another_origin_is_refused_even_with_valid_credentials(server, origin):
    cookie = f"sessionid={server.session}"

    status = refused_status(server, f"?token={server.token}", Origin=origin, Cookie=cookie)

    assert status == 403


def test_the_server_log_never_shows_the_raw_token(server):
    whoami(server, f"?token={server.token}")
    refused_status(server, f"?token={server.revoked}")

    log = server.stop()

    assert "/ws/whoami?token=[redacted]" in log
    assert server.token not in log
    assert server.revoked not in log
