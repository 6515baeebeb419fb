"""/api/v1 decisions: consent proposals, polls and time polls (docs/decisions.md).

Every answer is `selectors.decision_document`, so anonymity and hidden results hold here
exactly as on the pages and in the exports.
"""

from datetime import datetime
from typing import Any

from ninja import Body, Router, Schema, Status

from ruche.core.http import AuthedRequest
from ruche.decisions import exports, selectors, services

router = Router(tags=["decisions"])


class SlotIn(Schema):
    starts_at: datetime
    ends_at: datetime


class DecisionIn(Schema):
    question: str
    process: str
    closes_at: datetime | None = None
    context: str = ""
    anonymous: bool = False
    results_hidden: bool = False
    quorum: int | None = None
    participants: str = "members"
    guests_may_take_part: bool = False
    poll_kind: str = ""
    options: list[str] = []
    dots_per_person: int = 0
    slots: list[SlotIn] = []


class PositionIn(Schema):
    position: str
    reason: str = ""


class RevisionIn(Schema):
    question: str | None = None
    context: str | None = None
    note: str = ""


class CloseIn(Schema):
    outcome: str


class SessionIn(Schema):
    option_id: str | None = None
    title: str = ""


def _document(request: AuthedRequest, decision_id: object) -> dict[str, Any]:
    decision = selectors.decision_get(actor=request.user, decision_id=decision_id)
    return selectors.decision_document(actor=request.user, decision=decision)


@router.get("/spaces/{space_id}/decisions")
def decision_list(request: AuthedRequest, space_id: str):
    decisions = selectors.decision_list(actor=request.user, space_id=space_id)
    return [selectors.decision_summary(d) for d in decisions]


@router.post("/spaces/{space_id}/decisions", response={201: dict})
def decision_create(request: AuthedRequest, space_id: str, payload: DecisionIn):
    data = payload.dict()
    data["slots"] = [(s["starts_at"], s["ends_at"]) for s in data["slots"]]
    decision = services.decision_create(actor=request.user, space_id=space_id, **data)
    return Status(201, _document(request, decision.pk))


@router.get("/decisions/{decision_id}")
def decision_get(request: AuthedRequest, decision_id: str):
    return _document(request, decision_id)


@router.post("/decisions/{decision_id}/positions", response={201: dict})
def position_take(request: AuthedRequest, decision_id: str, payload: PositionIn):
    services.position_take(
        actor=request.user, decision_id=decision_id, position=payload.position,
        reason=payload.reason,
    )  # fmt: skip
    return Status(201, _document(request, decision_id))


@router.post("/decisions/{decision_id}/votes", response={201: dict})
def vote_cast(request: AuthedRequest, decision_id: str, payload: Body[dict[str, Any]]):
    services.vote_cast(actor=request.user, decision_id=decision_id, ballot=payload)
    return Status(201, _document(request, decision_id))


@router.post("/decisions/{decision_id}/revisions", response={201: dict})
def decision_revise(request: AuthedRequest, decision_id: str, payload: RevisionIn):
    services.decision_revise(actor=request.user, decision_id=decision_id, **payload.dict())
    return Status(201, _document(request, decision_id))


@router.post("/decisions/{decision_id}/close")
def decision_close(request: AuthedRequest, decision_id: str, payload: CloseIn):
    services.decision_close(actor=request.user, decision_id=decision_id, outcome=payload.outcome)
    return _document(request, decision_id)


@router.post("/decisions/{decision_id}/remind")
def decision_remind(request: AuthedRequest, decision_id: str):
    reminded = services.decision_remind(actor=request.user, decision_id=decision_id)
    return {"reminded": len(reminded)}


@router.post("/decisions/{decision_id}/session", response={201: dict})
def decision_session_create(request: AuthedRequest, decision_id: str, payload: SessionIn):
    session = services.decision_session_create(
        actor=request.user, decision_id=decision_id, option_id=payload.option_id,
        title=payload.title,
    )  # fmt: skip
    return Status(201, {
        "id": str(session.pk), "title": session.title, "starts_at": session.starts_at,
        "ends_at": session.ends_at,
    })  # fmt: skip


@router.get("/decisions/{decision_id}/export")
def decision_export(request: AuthedRequest, decision_id: str, format: str = "md"):
    return exports.decision_export_response(
        actor=request.user, decision_id=decision_id, format=format
    )
