"""/api/v1/me and /api/v1/me/tokens."""

import pytest

from ruche.accounts.models import PersonalAccessToken, token_digest
from ruche.accounts.services import token_create
from tests.conftest import ApiClient


def test_me_describes_the_caller(make_user, api_as):
    alice = make_user("Alice Martin", email="alice@example.org")
    body = api_as(alice).get("/me").json_body
    assert body["id"] == alice.pk
    assert (body["email"], body["display_name"], body["initials"]) == (
        "alice@example.org",
        "Alice Martin",
        "AM",
    )
    assert body["is_site_admin"] is False
    assert api_as(make_user(admin=True)).get("/me").json_body["is_site_admin"] is True


def test_profile_update(make_user, api_as):
    api = api_as(make_user("Alice"))
    changed = api.patch(
        "/me",
        {
            "display_name": "Alice M.",
            "ui_language": "fr",
            "time_zone": "Europe/Rome",
            "avatar_colour": "#1D5E8C",
        },
    )
    assert changed.status_code == 200
    assert (changed.json_body["display_name"], changed.json_body["ui_language"]) == (
        "Alice M.",
        "fr",
    )
    assert api.get("/me").json_body["time_zone"] == "Europe/Rome"
    assert api.get("/me").json_body["avatar_colour"] == "#1D5E8C"


@pytest.mark.parametrize(
    "payload",
    [
        {"ui_language": "klingon"},
        {"time_zone": "Mars/Olympus"},
        {"display_name": "   "},
        {"display_name": "x" * 121},
        {"email": "new@example.org"},
        {"is_superuser": True},
        {"bio": "x" * 1001},
        {"avatar_colour": "red;x"},
        {"avatar_colour": "#12345"},
    ],
)
def test_profile_update_refusals(make_user, api_as, payload):
    person = make_user("Alice")
    response = api_as(person).patch("/me", payload)
    assert response.status_code == 422, response.json_body
    person.refresh_from_db()
    assert (person.display_name, person.is_superuser, person.ui_language) == ("Alice", False, "")


def test_token_created_once_then_listed_by_hint_only(make_user, api_as):
    person = make_user()
    api = api_as(person)
    created = api.post("/me/tokens", {"label": "my script"})
    assert created.status_code == 201
    raw = created.json_body["token"]
    assert raw.startswith("ruche_") and raw.startswith(created.json_body["hint"])
    stored = PersonalAccessToken.objects.get(pk=created.json_body["id"])
    assert stored.digest == token_digest(raw) and raw not in stored.digest
    listed = api.get("/me/tokens").json_body
    assert {t["label"] for t in listed} == {"tests", "my script"}
    assert all("token" not in t for t in listed)
    assert ApiClient(raw).get("/me").json_body["id"] == person.pk


def test_token_revoked_stops_working_at_once(make_user, api_as):
    api = api_as(make_user())
    created = api.post("/me/tokens", {"label": "short-lived"}).json_body
    scripted = ApiClient(created["token"])
    assert scripted.get("/me").status_code == 200
    assert api.delete(f"/me/tokens/{created['id']}").status_code == 204
    assert scripted.get("/me").status_code == 401
    listed = {t["id"]: t["revoked"] for t in api.get("/me/tokens").json_body}
    assert listed[created["id"]] is True


def test_nobody_can_revoke_someone_elses_token(make_user, api_as):
    owner, other = make_user(), make_user()
    token, _raw = token_create(user=owner)
    api = api_as(other)
    for token_id in [str(token.pk), "abc", "999999"]:
        assert api.delete(f"/me/tokens/{token_id}").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_label_and_fields_are_checked(make_user, api_as):
    api = api_as(make_user())
    assert api.post("/me/tokens", {"label": "x", "user_id": 1}).status_code == 422
    assert api.post("/me/tokens", {"label": "x" * 300}).json_body["label"] == "x" * 100


def test_active_tokens_are_capped(make_user, api_as):
    person = make_user()
    api = api_as(person)
    for n in range(49):
        PersonalAccessToken.objects.create(user=person, digest=f"d{n}", hint="h")
    assert api.post("/me/tokens", {"label": "one too many"}).status_code == 409
