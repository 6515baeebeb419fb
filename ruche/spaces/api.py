"""/api/v1/spaces and /api/v1/invitations: spaces, members, invitations, audit log, activity.

Parse, gate (inside the service or selector), call, serialise. Lists take `limit` (at most
500) and `offset`, and give the full count in the `X-Total-Count` header.
"""

import uuid
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import AwareDatetime, ConfigDict, Field

from ruche.accounts.models import User
from ruche.core.errors import NotFound
from ruche.spaces import selectors, services
from ruche.spaces.activity import verb_label
from ruche.spaces.models import Activity, AuditEntry, Invitation, Membership, Space

router = Router(tags=["spaces"])

MAX_PAGE = 500


class StrictSchema(Schema):
    model_config = ConfigDict(extra="forbid")


class SpaceIn(StrictSchema):
    name: str
    kind: str
    parent_id: uuid.UUID | None = None
    description: str = Field("", max_length=5000)
    starts_on: date | None = None
    ends_on: date | None = None


class SpacePatch(StrictSchema):
    name: str | None = None
    description: str | None = Field(None, max_length=5000)
    guests_can_edit: bool | None = None
    starts_on: date | None = None
    ends_on: date | None = None


class SpaceOut(Schema):
    id: uuid.UUID
    name: str
    kind: str
    parent_id: uuid.UUID | None
    description: str
    guests_can_edit: bool
    starts_on: date | None
    ends_on: date | None
    created_at: datetime
    my_role: str | None


class MemberIn(StrictSchema):
    email: str
    role: str
    expires_at: AwareDatetime | None = None


class MemberPatch(StrictSchema):
    role: str | None = None
    expires_at: AwareDatetime | None = None


class MemberOut(Schema):
    id: int
    user_id: int
    display_name: str
    email: str | None
    role: str
    expires_at: datetime | None
    created_at: datetime


class InvitationIn(StrictSchema):
    role: str
    email: str = ""
    expires_at: AwareDatetime | None = None
    access_until: AwareDatetime | None = None
    max_uses: int | None = None
    message: str = Field("", max_length=2000)


class InvitationOut(Schema):
    id: uuid.UUID
    space_id: uuid.UUID
    role: str
    email: str
    url: str
    expires_at: datetime | None
    access_until: datetime | None
    max_uses: int | None
    use_count: int
    usable: bool
    revoked: bool
    created_at: datetime


class InvitationPreviewOut(Schema):
    space_id: uuid.UUID
    space_name: str
    space_kind: str
    role: str
    invited_by: str | None
    message: str
    expires_at: datetime | None
    usable: bool


class AcceptedOut(Schema):
    space_id: uuid.UUID
    space_name: str
    role: str
    expires_at: datetime | None


class AuditOut(Schema):
    id: int
    action: str
    actor_id: int | None
    actor: str | None
    target_id: int | None
    target: str | None
    details: dict[str, Any]
    created_at: datetime


class ActivityOut(Schema):
    id: int
    verb: str
    label: str
    actor: str | None
    object_name: str
    url: str
    created_at: datetime


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # the API's auth guarantees a User


def _page(response: HttpResponse, items: QuerySet[Any], limit: int, offset: int) -> list[Any]:
    response["X-Total-Count"] = str(items.count())
    start = max(offset, 0)
    return list(items[start : start + min(max(limit, 0), MAX_PAGE)])


def _membership_id(value: str) -> int:
    if not value.isdigit():
        raise NotFound()
    return int(value)


def _space(space: Space, role: str | None) -> dict[str, Any]:
    fields = ("id", "name", "kind", "parent_id", "description", "guests_can_edit")
    return {
        **{f: getattr(space, f) for f in fields},
        **{f: getattr(space, f) for f in ("starts_on", "ends_on", "created_at")},
        "my_role": role,
    }


def _spaces(request: HttpRequest, spaces: list[Space]) -> list[dict[str, Any]]:
    roles = selectors.space_roles(actor=_actor(request), spaces=spaces)
    return [_space(s, roles.get(s.id)) for s in spaces]


def _one_space(request: HttpRequest, space: Space) -> dict[str, Any]:
    return _spaces(request, [space])[0]


def _member(m: Membership, *, show_email: bool) -> dict[str, Any]:
    return {
        "id": m.pk, "user_id": m.user_id, "display_name": m.user.public_name,
        "email": m.user.email if show_email else None, "role": m.role,
        "expires_at": m.expires_at, "created_at": m.created_at,
    }  # fmt: skip


def _invitation(i: Invitation) -> dict[str, Any]:
    return {
        "id": i.id, "space_id": i.space_id, "role": i.role, "email": i.email, "url": i.url,
        "expires_at": i.expires_at, "access_until": i.access_until, "max_uses": i.max_uses,
        "use_count": i.use_count, "usable": i.is_usable, "revoked": i.revoked_at is not None,
        "created_at": i.created_at,
    }  # fmt: skip


def _audit(e: AuditEntry) -> dict[str, Any]:
    return {
        "id": e.pk, "action": e.action, "details": e.details, "created_at": e.created_at,
        "actor_id": e.actor_id, "actor": e.actor.public_name if e.actor else None,
        "target_id": e.target_id, "target": e.target.public_name if e.target else None,
    }  # fmt: skip


def _activity(a: Activity) -> dict[str, Any]:
    return {
        "id": a.pk, "verb": a.verb, "label": verb_label(a.verb), "object_name": a.object_name,
        "actor": a.actor.public_name if a.actor else None, "url": a.url,
        "created_at": a.created_at,
    }  # fmt: skip


# Spaces


@router.get("/spaces", response=list[SpaceOut])
def space_list(
    request: HttpRequest, response: HttpResponse, kind: str | None = None,
    parent_id: uuid.UUID | None = None, limit: int = 100, offset: int = 0,
) -> list[dict[str, Any]]:  # fmt: skip
    spaces = selectors.space_list(actor=_actor(request), kind=kind, parent_id=parent_id)
    return _spaces(request, _page(response, spaces, limit, offset))


@router.post("/spaces", response={201: SpaceOut})
def space_create(request: HttpRequest, payload: SpaceIn) -> Status:
    space = services.space_create(actor=_actor(request), **payload.dict())
    return Status(201, _one_space(request, space))


@router.get("/spaces/{space_id}", response=SpaceOut)
def space_get(request: HttpRequest, space_id: str) -> dict[str, Any]:
    return _one_space(request, selectors.space_get(actor=_actor(request), space_id=space_id))


@router.patch("/spaces/{space_id}", response=SpaceOut)
def space_update(request: HttpRequest, space_id: str, payload: SpacePatch) -> dict[str, Any]:
    changes = payload.dict(exclude_unset=True)
    space = services.space_update(actor=_actor(request), space_id=space_id, **changes)
    return _one_space(request, space)


@router.delete("/spaces/{space_id}", response={204: None})
def space_delete(request: HttpRequest, space_id: str) -> Status:
    services.space_delete(actor=_actor(request), space_id=space_id)
    return Status(204, None)


@router.get("/spaces/{space_id}/children", response=list[SpaceOut])
def space_children(
    request: HttpRequest, response: HttpResponse, space_id: str, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    spaces = selectors.space_children_list(actor=_actor(request), space_id=space_id)
    return _spaces(request, _page(response, spaces, limit, offset))


# Members


@router.get("/spaces/{space_id}/members", response=list[MemberOut])
def member_list(
    request: HttpRequest, response: HttpResponse, space_id: str, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    members = selectors.membership_list(actor=_actor(request), space_id=space_id)
    page = _page(response, members, limit, offset)
    space = page[0].space if page else None
    show = space is not None and selectors.member_emails_visible(actor=_actor(request), space=space)
    return [_member(m, show_email=show or m.user_id == request.user.pk) for m in page]


@router.post("/spaces/{space_id}/members", response={201: MemberOut})
def member_add(request: HttpRequest, space_id: str, payload: MemberIn) -> Status:
    membership = services.membership_add(actor=_actor(request), space_id=space_id, **payload.dict())
    return Status(201, _member(membership, show_email=True))


@router.patch("/spaces/{space_id}/members/{membership_id}", response=MemberOut)
def member_update(
    request: HttpRequest, space_id: str, membership_id: str, payload: MemberPatch
) -> dict[str, Any]:
    changes = payload.dict(exclude_unset=True)
    clear_expiry = "expires_at" in changes and changes["expires_at"] is None
    membership = services.membership_update(
        actor=_actor(request), space_id=space_id, membership_id=_membership_id(membership_id),
        clear_expiry=clear_expiry, **changes,
    )  # fmt: skip
    return _member(membership, show_email=True)


@router.delete("/spaces/{space_id}/members/{membership_id}", response={204: None})
def member_remove(request: HttpRequest, space_id: str, membership_id: str) -> Status:
    services.membership_remove(
        actor=_actor(request), space_id=space_id, membership_id=_membership_id(membership_id)
    )
    return Status(204, None)


# Invitations


@router.get("/spaces/{space_id}/invitations", response=list[InvitationOut])
def invitation_list(
    request: HttpRequest, response: HttpResponse, space_id: str, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    invitations = selectors.invitation_list(actor=_actor(request), space_id=space_id)
    return [_invitation(i) for i in _page(response, invitations, limit, offset)]


@router.post("/spaces/{space_id}/invitations", response={201: InvitationOut})
def invitation_create(request: HttpRequest, space_id: str, payload: InvitationIn) -> Status:
    invitation = services.invitation_create(
        actor=_actor(request), space_id=space_id, **payload.dict()
    )
    return Status(201, _invitation(invitation))


@router.delete("/spaces/{space_id}/invitations/{invitation_id}", response={204: None})
def invitation_revoke(request: HttpRequest, space_id: str, invitation_id: str) -> Status:
    services.invitation_revoke(
        actor=_actor(request), space_id=space_id, invitation_id=invitation_id
    )
    return Status(204, None)


@router.get("/invitations/{token}", response=InvitationPreviewOut, tags=["invitations"])
def invitation_preview(request: HttpRequest, token: str) -> dict[str, Any]:
    i = selectors.invitation_get(token=token)
    return {
        "space_id": i.space_id, "space_name": i.space.name, "space_kind": i.space.kind,
        "role": i.role, "message": i.message, "expires_at": i.expires_at, "usable": i.is_usable,
        "invited_by": i.created_by.public_name if i.created_by else None,
    }  # fmt: skip


@router.post("/invitations/{token}/accept", response=AcceptedOut, tags=["invitations"])
def invitation_accept(request: HttpRequest, token: str) -> dict[str, Any]:
    m = services.invitation_accept(user=_actor(request), token=token)
    return {
        "space_id": m.space_id, "space_name": m.space.name, "role": m.role,
        "expires_at": m.expires_at,
    }  # fmt: skip


# Audit log and activity


@router.get("/spaces/{space_id}/audit", response=list[AuditOut])
def audit_list(
    request: HttpRequest, response: HttpResponse, space_id: str, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    entries = selectors.audit_list(actor=_actor(request), space_id=space_id)
    return [_audit(e) for e in _page(response, entries, limit, offset)]


@router.get("/spaces/{space_id}/activity", response=list[ActivityOut])
def activity_list(request: HttpRequest, space_id: str, limit: int = 50) -> list[dict[str, Any]]:
    activities = selectors.activity_list(
        actor=_actor(request), space_id=space_id, limit=min(max(limit, 0), MAX_PAGE)
    )
    return [_activity(a) for a in activities]
