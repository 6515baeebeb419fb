"""How the API authenticates and fails: statuses and JSON bodies, never an HTML page."""

from types import SimpleNamespace

import pytest
from django.test import Client

from ruche.accounts.services import token_create, token_revoke
from ruche.core import api as core_api
from ruche.spaces.models import Space


def test_anonymous_is_401_with_a_bearer_challenge(api_as):
    anonymous = api_as(None)
    for response in [
        anonymous.get("/me"),
        anonymous.get("/spaces"),
        anonymous.post("/spaces", {"name": "x", "kind": "community"}),
        anonymous.delete("/me/tokens/1"),
    ]:
        assert response.status_code == 401
        assert response.json_body == {"detail": "Authentication required."}
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_wrong_or_revoked_token_is_401_even_with_a_session(make_user):
    person = make_user()
    token, raw = token_create(user=person)
    client = Client()
    client.force_login(person)
    for bad in ["ruche_not-a-real-token", "", raw]:
        if bad == raw:
            token_revoke(actor=person, token_id=token.pk)
        response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {bad}"})
        assert response.status_code == 401, bad
        assert response.json() == {"detail": "Authentication required."}


def test_token_of_a_deactivated_person_is_401(make_user, api_as):
    person = make_user()
    api = api_as(person)
    person.is_active = False
    person.save()
    assert api.get("/me").status_code == 401


def test_malformed_json_is_400_json(make_user):
    _token, raw = token_create(user=make_user())
    response = Client().post(
        "/api/v1/spaces",
        data="{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}


@pytest.mark.parametrize("body", ['["a list"]', '"a string"', "42", "null"])
def test_json_that_is_not_an_object_is_refused(make_user, body):
    _token, raw = token_create(user=make_user())
    response = Client().post(
        "/api/v1/spaces",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code in (400, 422)
    assert "detail" in response.json()
    assert not Space.objects.exists()


def test_body_over_the_upload_limit_is_413_json(make_user, api_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api_as(make_user()).post("/spaces", {"name": "x" * 2000, "kind": "community"})
    assert response.status_code == 413
    assert response.json_body == {"detail": "Request body too large."}
    assert not Space.objects.exists()


def test_writes_are_rate_limited_per_person_with_retry_after(
    make_user, api_as, settings, monkeypatch
):
    settings.RUCHE_API_WRITES_PER_MINUTE = 3
    # A fixed clock, 30 s into a minute, so the test never straddles two windows.
    monkeypatch.setattr(core_api, "time", SimpleNamespace(time=lambda: 60 * 100_000 + 30.0))
    person = make_user()
    api, second_token = api_as(person), api_as(person)
    for n in range(3):
        assert api.post("/spaces", {"name": f"S{n}", "kind": "community"}).status_code == 201
    limited = second_token.post("/spaces", {"name": "S4", "kind": "community"})
    assert limited.status_code == 429
    assert limited["Retry-After"] == "30"
    assert "detail" in limited.json_body
    assert api.get("/spaces").status_code == 200, "reads are not limited"
    assert (
        api_as(make_user()).post("/spaces", {"name": "x", "kind": "community"}).status_code == 201
    )


def _session_client(person) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    client.get("/api/v1/docs")  # the docs page hands out the CSRF cookie
    return client, client.cookies["csrftoken"].value


def test_session_writes_need_the_csrf_token(make_user):
    client, csrf = _session_client(make_user())
    body = '{"name": "Made in a browser", "kind": "community"}'
    refused = client.post("/api/v1/spaces", data=body, content_type="application/json")
    assert refused.status_code == 403
    assert "detail" in refused.json()
    accepted = client.post(
        "/api/v1/spaces", data=body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 201
    assert client.get("/api/v1/me").status_code == 200, "reads need no CSRF token"


def test_bearer_tokens_need_no_csrf_token(make_user):
    person = make_user()
    _token, raw = token_create(user=person)
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)  # a session too: the token still wins, without CSRF
    response = client.post(
        "/api/v1/spaces",
        data='{"name": "Scripted", "kind": "community"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201


def test_anonymous_unsafe_call_is_401_not_a_csrf_failure(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/spaces", data="{}", content_type="application/json")
    assert response.status_code == 401
