"""/api/v1 shared definitions (docs/definitions.md).

Every answer is a selector's document, computed for the caller, so the privacy of the
individual definitions and the anonymity setting hold here exactly as on the pages.
"""

from datetime import datetime
from typing import Any

from ninja import Router, Schema, Status

from ruche.core.http import AuthedRequest
from ruche.definitions import adoption, amendments, provenance, selectors, services

router = Router(tags=["definitions"])


class ReferenceIn(Schema):
    item_id: str | None = None
    url: str | None = None
    title: str | None = None


class ProcessIn(Schema):
    term: str
    prompt: str = ""
    language: str = "en"
    references: list[ReferenceIn] = []
    anonymity: str = "none"
    dots_per_participant: int = 3


class ProcessPatch(Schema):
    term: str | None = None
    prompt: str | None = None
    language: str | None = None
    references: list[ReferenceIn] | None = None
    anonymity: str | None = None
    dots_per_participant: int | None = None


class DefinitionIn(Schema):
    text: str


class IncludedIn(Schema):
    included: bool = True


class AmendmentIn(Schema):
    passage: str
    replacement: str = ""
    rationale: str


class StanceIn(Schema):
    stance: str
    reason: str = ""


class SettleIn(Schema):
    accept: bool | None = None


class DecisionIn(Schema):
    closes_at: datetime | None = None
    quorum: int | None = None


def _document(request: AuthedRequest, process_id: object) -> dict[str, Any]:
    process = selectors.process_get(actor=request.user, process_id=process_id)
    return selectors.process_document(actor=request.user, process=process)


def _amendment(request: AuthedRequest, amendment_id: object) -> dict[str, Any]:
    amendment = selectors.amendment_get(actor=request.user, amendment_id=amendment_id)
    return selectors.amendment_document(actor=request.user, amendment=amendment)


@router.get("/spaces/{space_id}/definitions")
def process_list(request: AuthedRequest, space_id: str):
    processes = selectors.process_list(actor=request.user, space_id=space_id)
    return [selectors.process_summary(p) for p in processes]


@router.post("/spaces/{space_id}/definitions", response={201: dict})
def process_create(request: AuthedRequest, space_id: str, payload: ProcessIn):
    data = payload.dict()
    data["references"] = [{k: v for k, v in r.items() if v} for r in data["references"]]
    process = services.process_create(actor=request.user, space_id=space_id, **data)
    return Status(201, _document(request, process.pk))


@router.get("/definitions/{process_id}")
def process_get(request: AuthedRequest, process_id: str):
    return _document(request, process_id)


@router.patch("/definitions/{process_id}")
def process_update(request: AuthedRequest, process_id: str, payload: ProcessPatch):
    data = payload.dict(exclude_unset=True)
    if data.get("references") is not None:
        data["references"] = [{k: v for k, v in r.items() if v} for r in data["references"]]
    services.process_update(actor=request.user, process_id=process_id, **data)
    return _document(request, process_id)


@router.post("/definitions/{process_id}/advance")
def process_advance(request: AuthedRequest, process_id: str):
    services.process_advance(actor=request.user, process_id=process_id)
    return _document(request, process_id)


@router.get("/definitions/{process_id}/mine")
def definition_mine(request: AuthedRequest, process_id: str):
    process = selectors.process_get(actor=request.user, process_id=process_id)
    mine = [d for d in selectors.individual_list(actor=request.user, process=process) if d["mine"]]
    return mine[0] if mine else {"text": None, "mine": True}


@router.put("/definitions/{process_id}/mine")
def definition_write(request: AuthedRequest, process_id: str, payload: DefinitionIn):
    services.definition_write(actor=request.user, process_id=process_id, text=payload.text)
    return definition_mine(request, process_id)


@router.post("/definitions/{process_id}/reveal")
def process_reveal(request: AuthedRequest, process_id: str):
    services.process_reveal(actor=request.user, process_id=process_id)
    return _document(request, process_id)


@router.get("/definitions/{process_id}/individual")
def individual_list(request: AuthedRequest, process_id: str):
    process = selectors.process_get(actor=request.user, process_id=process_id)
    return selectors.individual_list(actor=request.user, process=process)


@router.get("/definitions/{process_id}/ideas")
def ideas_list(request: AuthedRequest, process_id: str):
    process = selectors.process_get(actor=request.user, process_id=process_id)
    return selectors.ideas_list(actor=request.user, process=process)


@router.post("/definitions/{process_id}/ideas/group")
def ideas_group(request: AuthedRequest, process_id: str):
    groups = services.ideas_group(actor=request.user, process_id=process_id)
    return {"groups": groups}


@router.post("/definitions/{process_id}/ideas/vote")
def ideas_vote_open(request: AuthedRequest, process_id: str):
    services.ideas_vote_open(actor=request.user, process_id=process_id)
    return _document(request, process_id)


@router.post("/definitions/{process_id}/ideas/{card_id}/included")
def idea_include(request: AuthedRequest, process_id: str, card_id: str, payload: IncludedIn):
    services.idea_include(
        actor=request.user, process_id=process_id, card_id=card_id, included=payload.included
    )
    return ideas_list(request, process_id)


@router.get("/definitions/{process_id}/amendments")
def amendment_list(request: AuthedRequest, process_id: str):
    process = selectors.process_get(actor=request.user, process_id=process_id)
    return selectors.amendment_list(actor=request.user, process=process)


@router.post("/definitions/{process_id}/amendments", response={201: dict})
def amendment_propose(request: AuthedRequest, process_id: str, payload: AmendmentIn):
    amendment = amendments.amendment_propose(
        actor=request.user, process_id=process_id, **payload.dict()
    )
    return Status(201, _amendment(request, amendment.pk))


@router.get("/amendments/{amendment_id}")
def amendment_get(request: AuthedRequest, amendment_id: str):
    return _amendment(request, amendment_id)


@router.post("/amendments/{amendment_id}/support")
def amendment_stance_take(request: AuthedRequest, amendment_id: str, payload: StanceIn):
    amendments.amendment_stance_take(
        actor=request.user, amendment_id=amendment_id, stance=payload.stance,
        reason=payload.reason,
    )  # fmt: skip
    return _amendment(request, amendment_id)


@router.post("/amendments/{amendment_id}/settle")
def amendment_settle(request: AuthedRequest, amendment_id: str, payload: SettleIn):
    amendments.amendment_settle(
        actor=request.user, amendment_id=amendment_id, accept=payload.accept
    )
    return _amendment(request, amendment_id)


@router.post("/amendments/{amendment_id}/decision", response={201: dict})
def amendment_decision_open(request: AuthedRequest, amendment_id: str, payload: DecisionIn):
    amendments.amendment_decision_open(
        actor=request.user, amendment_id=amendment_id, **payload.dict()
    )
    return Status(201, _amendment(request, amendment_id))


@router.post("/definitions/{process_id}/adoption", response={201: dict})
def adoption_open(request: AuthedRequest, process_id: str, payload: DecisionIn):
    adoption.adoption_open(actor=request.user, process_id=process_id, **payload.dict())
    return Status(201, _document(request, process_id))


@router.post("/definitions/{process_id}/reopen")
def amendments_reopen(request: AuthedRequest, process_id: str):
    adoption.amendments_reopen(actor=request.user, process_id=process_id)
    return _document(request, process_id)


@router.post("/definitions/{process_id}/adopt")
def process_adopt(request: AuthedRequest, process_id: str):
    adoption.process_adopt(actor=request.user, process_id=process_id)
    return _document(request, process_id)


@router.get("/definitions/{process_id}/provenance")
def provenance_get(request: AuthedRequest, process_id: str):
    process = selectors.process_get(actor=request.user, process_id=process_id)
    return provenance.provenance_document(actor=request.user, process=process)
