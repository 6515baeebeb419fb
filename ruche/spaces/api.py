"""/api/v1/spaces: spaces, members, invitations, audit log. Parse, gate, call, serialise."""

import uuid
from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from ruche.spaces import selectors, services
from ruche.spaces.models import Invitation, Membership, Space
from ruche.spaces.permissions import space_role

router = Router(tags=["spaces"])


class SpaceIn(Schema):
    name: str
    kind: str
    parent_id: uuid.UUID | None = None
    description: str = ""
    starts_on: date | None = None
    ends_on: date | None = None


class SpacePatch(Schema):
    name: str | None = None
    description: str | None = None
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


class MemberIn(Schema):
    email: str
    role: str
    expires_at: datetime | None = None


class MemberPatch(Schema):
    role: str | None = None
    expires_at: datetime | None = None


class MemberOut(Schema):
    id: int
    user_id: int
    display_name: str
    email: str | None
    role: str
    expires_at: datetime | None
    created_at: datetime


class InvitationIn(Schema):
    role: str
    email: str = ""
    expires_at: datetime | None = None
    access_until: datetime | None = None
    max_uses: int | None = None
    message: str = ""


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
    created_at: datetime


class AuditOut(Schema):
    id: int
    action: str
    actor: str | None
    target: str | None
    details: dict[str, object]
    created_at: datetime


def _space(space: Space, request: HttpRequest) -> dict[str, object]:
    return {
        **{f: getattr(space, f) for f in ("id", "name", "kind", "parent_id", "description")},
        **{f: getattr(space, f) for f in ("guests_can_edit", "starts_on", "ends_on")},
        "created_at": space.created_at,
        "my_role": space_role(request.user, space),  # type: ignore[arg-type]
    }


def _member(m: Membership) -> dict[str, object]:
    return {
        "id": m.pk, "user_id": m.user_id, "display_name": m.user.public_name,
        "email": m.user.email, "role": m.role, "expires_at": m.expires_at,
        "created_at": m.created_at,
    }  # fmt: skip


def _invitation(i: Invitation) -> dict[str, object]:
    return {
        "id": i.id, "space_id": i.space_id, "role": i.role, "email": i.email, "url": i.url,
        "expires_at": i.expires_at, "access_until": i.access_until, "max_uses": i.max_uses,
        "use_count": i.use_count, "usable": i.is_usable, "created_at": i.created_at,
    }  # fmt: skip


@router.get("/spaces", response=list[SpaceOut])
def space_list(request: HttpRequest, kind: str | None = None, parent_id: uuid.UUID | None = None):
    spaces = selectors.space_list(actor=request.user, kind=kind, parent_id=parent_id)
    return [_space(s, request) for s in spaces]


@router.post("/spaces", response={201: SpaceOut})
def space_create(request: HttpRequest, payload: SpaceIn):
    space = services.space_create(actor=request.user, **payload.dict())
    return Status(201, _space(space, request))


@router.get("/spaces/{space_id}", response=SpaceOut)
def space_get(request: HttpRequest, space_id: str):
    return _space(selectors.space_get(actor=request.user, space_id=space_id), request)


@router.patch("/spaces/{space_id}", response=SpaceOut)
def space_update(request: HttpRequest, space_id: str, payload: SpacePatch):
    changes = payload.dict(exclude_unset=True)
    space = services.space_update(actor=request.user, space_id=space_id, **changes)
    return _space(space, request)


@router.delete("/spaces/{space_id}", response={204: None})
def space_delete(request: HttpRequest, space_id: str):
    services.space_delete(actor=request.user, space_id=space_id)
    return Status(204, None)


@router.get("/spaces/{space_id}/members", response=list[MemberOut])
def member_list(request: HttpRequest, space_id: str):
    return [_member(m) for m in selectors.membership_list(actor=request.user, space_id=space_id)]


@router.post("/spaces/{space_id}/members", response={201: MemberOut})
def member_add(request: HttpRequest, space_id: str, payload: MemberIn):
    membership = services.membership_add(actor=request.user, space_id=space_id, **payload.dict())
    return Status(201, _member(membership))


@router.patch("/spaces/{space_id}/members/{membership_id}", response=MemberOut)
def member_update(request: HttpRequest, space_id: str, membership_id: int, payload: MemberPatch):
    changes = payload.dict(exclude_unset=True)
    clear_expiry = "expires_at" in changes and changes["expires_at"] is None
    membership = services.membership_update(
        actor=request.user, space_id=space_id, membership_id=membership_id,
        clear_expiry=clear_expiry, **changes,
    )  # fmt: skip
    return _member(membership)


@router.delete("/spaces/{space_id}/members/{membership_id}", response={204: None})
def member_remove(request: HttpRequest, space_id: str, membership_id: int):
    services.membership_remove(actor=request.user, space_id=space_id, membership_id=membership_id)
    return Status(204, None)


@router.get("/spaces/{space_id}/invitations", response=list[InvitationOut])
def invitation_list(request: HttpRequest, space_id: str):
    invitations = selectors.invitation_list(actor=request.user, space_id=space_id)
    return [_invitation(i) for i in invitations]


@router.post("/spaces/{space_id}/invitations", response={201: InvitationOut})
def invitation_create(request: HttpRequest, space_id: str, payload: InvitationIn):
    invitation = services.invitation_create(
        actor=request.user, space_id=space_id, **payload.dict()
    )
    return Status(201, _invitation(invitation))


@router.delete("/spaces/{space_id}/invitations/{invitation_id}", response={204: None})
def invitation_revoke(request: HttpRequest, space_id: str, invitation_id: uuid.UUID):
    services.invitation_revoke(actor=request.user, space_id=space_id, invitation_id=invitation_id)
    return Status(204, None)


@router.get("/spaces/{space_id}/audit", response=list[AuditOut])
def audit_list(request: HttpRequest, space_id: str, limit: int = 100):
    entries = selectors.audit_list(actor=request.user, space_id=space_id)[: min(limit, 500)]
    return [
        {
            "id": e.pk, "action": e.action, "details": e.details, "created_at": e.created_at,
            "actor": e.actor.public_name if e.actor else None,
            "target": e.target.public_name if e.target else None,
        }  # fmt: skip
        for e in entries
    ]
