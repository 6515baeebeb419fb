"""/api/v1 boards: cards, clusters, dots, phases, reveal and export (docs/boards.md).

Every answer about a board is `selectors.board_document` for the caller, so hidden mode and
anonymity hold here exactly as on the page, in exports and on the websocket.
"""

from typing import Any

from ninja import Router, Schema, Status

from ruche.boards import exports, selectors, services, suggestions
from ruche.core.http import AuthedRequest

router = Router(tags=["boards"])


class BoardIn(Schema):
    title: str
    layout: str = "columns"
    columns: list[str] | None = None
    hidden: bool = False
    anonymity: str = "none"
    locked: bool = False
    dots_per_participant: int = 3
    dot_counts: str = "live"


class BoardPatch(Schema):
    title: str | None = None
    layout: str | None = None
    columns: list[str] | None = None
    hidden: bool | None = None
    anonymity: str | None = None
    locked: bool | None = None
    dots_per_participant: int | None = None
    dot_counts: str | None = None


class CardIn(Schema):
    text: str
    colour: str = ""
    link: str = ""
    column: str | None = None
    x: float = 0
    y: float = 0


class CardPatch(Schema):
    text: str | None = None
    colour: str | None = None
    link: str | None = None
    column: str | None = None
    x: float | None = None
    y: float | None = None
    cluster_id: str | None = None
    unclustered: bool = False


class ClusterIn(Schema):
    title: str
    card_ids: list[str] = []


class ClusterPatch(Schema):
    title: str | None = None
    card_ids: list[str] | None = None


class PhaseIn(Schema):
    phase: str


class TimerIn(Schema):
    seconds: int


def _document(request: AuthedRequest, board_id: object) -> dict[str, Any]:
    board = selectors.board_get(actor=request.user, board_id=board_id)
    return selectors.board_document(actor=request.user, board=board)


@router.get("/spaces/{space_id}/boards")
def board_list(request: AuthedRequest, space_id: str):
    boards = selectors.board_list(actor=request.user, space_id=space_id)
    return [selectors.board_summary(b) for b in boards]


@router.post("/spaces/{space_id}/boards", response={201: dict})
def board_create(request: AuthedRequest, space_id: str, payload: BoardIn):
    board = services.board_create(actor=request.user, space_id=space_id, **payload.dict())
    return Status(201, _document(request, board.pk))


@router.get("/boards/{board_id}")
def board_get(request: AuthedRequest, board_id: str):
    return _document(request, board_id)


@router.patch("/boards/{board_id}")
def board_update(request: AuthedRequest, board_id: str, payload: BoardPatch):
    services.board_update(actor=request.user, board_id=board_id, **payload.dict())
    return _document(request, board_id)


@router.delete("/boards/{board_id}", response={204: None})
def board_delete(request: AuthedRequest, board_id: str):
    services.board_delete(actor=request.user, board_id=board_id)
    return Status(204, None)


@router.post("/boards/{board_id}/reveal")
def board_reveal(request: AuthedRequest, board_id: str):
    services.board_reveal(actor=request.user, board_id=board_id)
    return _document(request, board_id)


@router.post("/boards/{board_id}/phase")
def board_phase_set(request: AuthedRequest, board_id: str, payload: PhaseIn):
    services.board_phase_set(actor=request.user, board_id=board_id, phase=payload.phase)
    return _document(request, board_id)


@router.post("/boards/{board_id}/timer")
def board_timer_set(request: AuthedRequest, board_id: str, payload: TimerIn):
    services.board_timer_set(actor=request.user, board_id=board_id, seconds=payload.seconds)
    return _document(request, board_id)


@router.post("/boards/{board_id}/cards", response={201: dict})
def card_create(request: AuthedRequest, board_id: str, payload: CardIn):
    card = services.card_create(actor=request.user, board_id=board_id, **payload.dict())
    return Status(201, _card(request, card.board_id, str(card.pk)))


def _card(request: AuthedRequest, board_id: object, card_id: str) -> dict[str, Any]:
    cards = _document(request, board_id)["cards"]
    return next(c for c in cards if c["id"] == card_id)


@router.patch("/cards/{card_id}")
def card_update(request: AuthedRequest, card_id: str, payload: CardPatch):
    card = services.card_update(actor=request.user, card_id=card_id, **payload.dict())
    return _card(request, card.board_id, str(card.pk))


@router.delete("/cards/{card_id}", response={204: None})
def card_delete(request: AuthedRequest, card_id: str):
    services.card_delete(actor=request.user, card_id=card_id)
    return Status(204, None)


@router.post("/cards/{card_id}/dots", response={201: dict})
def dot_add(request: AuthedRequest, card_id: str):
    dot = services.dot_add(actor=request.user, card_id=card_id)
    return Status(201, _card(request, dot.card.board_id, card_id))


@router.delete("/cards/{card_id}/dots")
def dot_remove(request: AuthedRequest, card_id: str):
    services.dot_remove(actor=request.user, card_id=card_id)
    card = selectors.card_get(actor=request.user, card_id=card_id)
    return _card(request, card.board_id, card_id)


@router.post("/boards/{board_id}/clusters", response={201: dict})
def cluster_create(request: AuthedRequest, board_id: str, payload: ClusterIn):
    cluster = services.cluster_create(actor=request.user, board_id=board_id, **payload.dict())
    return Status(201, _document(request, cluster.board_id))


@router.patch("/clusters/{cluster_id}")
def cluster_update(request: AuthedRequest, cluster_id: str, payload: ClusterPatch):
    cluster = services.cluster_update(actor=request.user, cluster_id=cluster_id, **payload.dict())
    return _document(request, cluster.board_id)


@router.delete("/clusters/{cluster_id}", response={204: None})
def cluster_delete(request: AuthedRequest, cluster_id: str):
    services.cluster_delete(actor=request.user, cluster_id=cluster_id)
    return Status(204, None)


@router.post("/boards/{board_id}/suggest-clusters")
def clusters_suggest(request: AuthedRequest, board_id: str):
    return {"proposals": suggestions.clusters_suggest(actor=request.user, board_id=board_id)}


@router.post("/boards/{board_id}/pad", response={201: dict})
def board_pad_create(request: AuthedRequest, board_id: str):
    pad = services.board_pad_create(actor=request.user, board_id=board_id)
    return Status(201, {"id": str(pad.pk), "title": pad.title, "url": f"/pads/{pad.pk}/"})


@router.get("/boards/{board_id}/export")
def board_export(request: AuthedRequest, board_id: str, format: str = "md"):
    return exports.board_export_response(actor=request.user, board_id=board_id, format=format)
