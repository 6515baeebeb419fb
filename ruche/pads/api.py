"""/api/v1 pads: create, list, read, rename, move, archive, delete. Content is edited
over the websocket at `ws_path` (docs/realtime.md)."""

import uuid
from datetime import datetime
from typing import cast

from django.http import HttpRequest
from ninja import Router, Schema, Status

from ruche.accounts.models import User
from ruche.pads import selectors, services
from ruche.pads.models import Pad

router = Router(tags=["pads"])


class PadIn(Schema):
    title: str


class PadPatch(Schema):
    title: str | None = None
    space_id: uuid.UUID | None = None
    archived: bool | None = None


class PadOut(Schema):
    id: uuid.UUID
    title: str
    space_id: uuid.UUID
    ws_path: str
    created_at: datetime
    updated_at: datetime
    archived: bool


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)  # the API's authentication refuses anonymous callers


def _pad(pad: Pad) -> dict[str, object]:
    return {
        "id": pad.id, "title": pad.title, "space_id": pad.space_id, "ws_path": pad.ws_path,
        "created_at": pad.created_at, "updated_at": pad.updated_at,
        "archived": pad.archived_at is not None,
    }  # fmt: skip


@router.post("/spaces/{space_id}/pads", response={201: PadOut})
def pad_create(request: HttpRequest, space_id: str, payload: PadIn):
    pad = services.pad_create(actor=_actor(request), space_id=space_id, title=payload.title)
    return Status(201, _pad(pad))


@router.get("/spaces/{space_id}/pads", response=list[PadOut])
def pad_list(request: HttpRequest, space_id: str, archived: bool = False):
    return [
        _pad(p)
        for p in selectors.pad_list(actor=_actor(request), space_id=space_id, archived=archived)
    ]


@router.get("/pads/{pad_id}", response=PadOut)
def pad_get(request: HttpRequest, pad_id: str):
    return _pad(selectors.pad_get(actor=_actor(request), pad_id=pad_id))


@router.patch("/pads/{pad_id}", response=PadOut)
def pad_update(request: HttpRequest, pad_id: str, payload: PadPatch):
    pad = services.pad_update(
        actor=_actor(request), pad_id=pad_id, **payload.dict(exclude_unset=True)
    )
    return _pad(pad)


@router.delete("/pads/{pad_id}", response={204: None})
def pad_delete(request: HttpRequest, pad_id: str):
    services.pad_delete(actor=_actor(request), pad_id=pad_id)
    return Status(204, None)
