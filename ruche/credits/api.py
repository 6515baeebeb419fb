"""/api/v1 credits and licences (docs/credits.md)."""

from typing import Any

from ninja import Router, Schema, Status

from ruche.core.http import AuthedRequest
from ruche.credits import selectors, services
from ruche.credits.licences import LICENCES
from ruche.credits.selectors import SpaceLicenceState
from ruche.spaces.models import Space

router = Router(tags=["credits"])


class LicenceIn(Schema):
    licence: str | None = None  # null or "": inherit the parent space's licence


def _licence(space: Space, state: SpaceLicenceState) -> dict[str, Any]:
    source = state.inherited_from
    return {
        "space": str(space.pk),
        "licence": state.licence.as_dict(),
        "chosen_here": state.chosen_here,
        "inherited_from": {"id": str(source.pk), "name": source.name} if source else None,
        "choices": [licence.as_dict() for licence in LICENCES.values()],
    }


@router.get("/credits/{kind}/{object_id}")
def credits_get(request: AuthedRequest, kind: str, object_id: str):
    credits = selectors.credits_get(actor=request.user, kind=kind, object_id=object_id)
    return credits.as_dict()


@router.post("/credits/{kind}/{object_id}/library", response={201: dict})
def credits_add_to_library(request: AuthedRequest, kind: str, object_id: str):
    item = services.credits_add_to_library(actor=request.user, kind=kind, object_id=object_id)
    return Status(201, {"id": str(item.pk), "csl": item.csl})


@router.get("/spaces/{space_id}/licence")
def licence_get(request: AuthedRequest, space_id: str):
    space, state = selectors.space_licence_get(actor=request.user, space_id=space_id)
    return _licence(space, state)


@router.put("/spaces/{space_id}/licence")
def licence_set(request: AuthedRequest, space_id: str, payload: LicenceIn):
    services.space_licence_set(actor=request.user, space_id=space_id, licence=payload.licence)
    space, state = selectors.space_licence_get(actor=request.user, space_id=space_id)
    return _licence(space, state)
