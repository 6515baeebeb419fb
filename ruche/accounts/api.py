"""/api/v1/me: the caller's profile, personal access tokens, data export and account deletion."""

from datetime import datetime
from typing import Any

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from ruche.accounts import selectors, services
from ruche.accounts.models import PersonalAccessToken, User
from ruche.core.errors import NotFound

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    email: str | None
    display_name: str
    languages: str
    bio: str
    avatar_colour: str
    initials: str
    ui_language: str
    time_zone: str
    is_site_admin: bool


class ProfileIn(Schema):
    model_config = ConfigDict(extra="forbid")

    display_name: str | None = None
    languages: str | None = None
    bio: str | None = None
    avatar_colour: str | None = None
    ui_language: str | None = None
    time_zone: str | None = None


class DeleteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    confirm: str = ""
    password: str = ""


class TokenIn(Schema):
    model_config = ConfigDict(extra="forbid")

    label: str = ""


class TokenOut(Schema):
    id: int
    label: str
    hint: str
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool


class TokenCreatedOut(TokenOut):
    token: str


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # the API's auth guarantees a User


def _me(user: User) -> dict[str, Any]:
    fields = ("email", "display_name", "languages", "bio", "ui_language", "time_zone")
    return {
        "id": user.pk,
        **{f: getattr(user, f) for f in fields},
        "avatar_colour": user.colour,
        "initials": user.initials,
        "is_site_admin": user.is_site_admin,
    }


def _token(token: PersonalAccessToken) -> dict[str, Any]:
    return {
        "id": token.pk, "label": token.label, "hint": token.hint,
        "created_at": token.created_at, "last_used_at": token.last_used_at,
        "revoked": token.revoked_at is not None,
    }  # fmt: skip


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, Any]:
    return _me(_actor(request))


@router.patch("/me", response=MeOut)
def me_update(request: HttpRequest, payload: ProfileIn) -> dict[str, Any]:
    changes = payload.dict(exclude_none=True)
    return _me(services.profile_update(actor=_actor(request), **changes))


@router.delete("/me", response={204: None})
def me_delete(request: HttpRequest, payload: DeleteIn) -> Status:
    """Delete your account. Send `{"confirm": "<your email>"}` or `{"password": "..."}`."""
    services.account_delete_confirmed(actor=_actor(request), **payload.dict())
    if not getattr(request, "auth_via_token", False):
        logout(request)
    return Status(204, None)


@router.get("/me/export", response=dict[str, Any])
def me_export(request: HttpRequest, response: HttpResponse) -> dict[str, Any]:
    """Everything Ruche holds about you, as JSON (keys listed in docs/api.md)."""
    response["Content-Disposition"] = 'attachment; filename="ruche-personal-data.json"'
    return selectors.personal_data_export(actor=_actor(request))


@router.get("/me/tokens", response=list[TokenOut])
def token_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_token(t) for t in selectors.token_list(actor=_actor(request))]


@router.post("/me/tokens", response={201: TokenCreatedOut})
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    """Make a token. Its value is in this answer only: it is stored hashed."""
    token, raw = services.token_create(user=_actor(request), label=payload.label)
    return Status(201, {**_token(token), "token": raw})


@router.delete("/me/tokens/{token_id}", response={204: None})
def token_revoke(request: HttpRequest, token_id: str) -> Status:
    if not token_id.isdigit():
        raise NotFound()
    services.token_revoke(actor=_actor(request), token_id=int(token_id))
    return Status(204, None)
