"""Reads about boards. `board_document` is the one view of a board that every interface
(API, pages, exports, the websocket) shows, so hidden mode and anonymity hold everywhere:
it is computed per viewer, and only from what that viewer may see."""

from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ruche.accounts.models import User
from ruche.boards.models import Anonymity, Board, Card, Dot, DotCounts, Phase
from ruche.boards.permissions import (
    access_board,
    access_card,
    cards_hidden_from_others,
    may_manage,
)
from ruche.spaces.permissions import Need, access_space, can


def board_list(*, actor: User, space_id: object) -> QuerySet[Board]:
    space = access_space(actor, space_id)
    return Board.objects.filter(space=space)


def board_get(*, actor: User, board_id: object) -> Board:
    return access_board(actor, board_id)


def board_summary(board: Board) -> dict[str, Any]:
    return {"id": str(board.pk), "title": board.title, "phase": board.phase,
            "locked": board.locked, "created_at": board.created_at}  # fmt: skip


def visible_cards(*, actor: User, board: Board) -> list[Card]:
    """The cards this viewer may see: before a hidden board's reveal, only their own."""
    cards = board.cards.select_related("author").order_by("created_at")
    if cards_hidden_from_others(board):
        return list(cards.filter(author_id=actor.pk)) if actor.is_authenticated else []
    return list(cards)


def authors_shown(*, actor: User, board: Board) -> bool:
    if board.anonymity == Anonymity.FULL:
        return False
    return board.anonymity == Anonymity.NONE or may_manage(actor, board)


def dot_counts_shown(board: Board) -> bool:
    return board.dot_counts == DotCounts.LIVE or board.phase == Phase.CLOSED


def _card(card: Card, *, actor: User, authors: bool, counts: Counter[Any] | None,
          mine: Counter[Any]) -> dict[str, Any]:  # fmt: skip
    return {
        "id": str(card.pk), "text": card.text, "colour": card.colour, "link": card.link,
        "column": card.column, "x": card.x, "y": card.y,
        "cluster_id": str(card.cluster_id) if card.cluster_id else None,
        "author": card.author.public_name if authors and card.author else None,
        "mine": card.author_id is not None and card.author_id == actor.pk,
        "dots": counts[card.pk] if counts is not None else None,
        "my_dots": mine[card.pk],
    }  # fmt: skip


def board_document(*, actor: User, board: Board) -> dict[str, Any]:
    """The board as this viewer may see it."""
    cards = visible_cards(actor=actor, board=board)
    ids = [c.pk for c in cards]
    dots = list(board.cards.filter(pk__in=ids).values_list("pk", "dots__user_id"))
    counts = Counter(pk for pk, user in dots if user is not None)
    mine = Counter(pk for pk, user in dots if user is not None and user == actor.pk)
    authors = authors_shown(actor=actor, board=board)
    shown = counts if dot_counts_shown(board) else None
    return {
        **board_summary(board),
        "space_id": str(board.space_id), "layout": board.layout, "columns": board.columns,
        "hidden": board.hidden, "revealed": board.revealed_at is not None,
        "anonymity": board.anonymity, "dots_per_participant": board.dots_per_participant,
        "dot_counts": board.dot_counts, "timer": _timer(board),
        "hidden_cards": board.cards.count() - len(cards),
        "dots_left": max(0, board.dots_per_participant - sum(mine.values())),
        "can_contribute": can(actor, board.space, Need.CONTRIBUTE),
        "can_manage": may_manage(actor, board),
        "credits": board_credits(board) if board.phase == Phase.CLOSED else [],
        "clusters": [{"id": str(c.pk), "title": c.title} for c in board.clusters.all()],
        "cards": [_card(c, actor=actor, authors=authors, counts=shown, mine=mine) for c in cards],
    }  # fmt: skip


def _timer(board: Board) -> dict[str, Any] | None:
    if board.timer_ends_at is None:
        return None
    remaining = (board.timer_ends_at - timezone.now()).total_seconds()
    return {"ends_at": board.timer_ends_at.isoformat(), "remaining": max(0, round(remaining))}


def board_credits(board: Board) -> list[str]:
    """Who wrote the board's cards, for "written together by": nobody under full anonymity."""
    if board.anonymity == Anonymity.FULL:
        return []
    names = {c.author.public_name for c in board.cards.select_related("author") if c.author}
    return sorted(names)


def card_get(*, actor: User, card_id: object) -> Card:
    return access_card(actor, card_id)


def personal_data(user: User) -> dict[str, Any]:
    """What boards hold about a person: their cards (anonymous ones too: they are the
    person's own) and their dots."""
    return {
        "cards": [
            {"board_id": str(c.board_id), "text": c.text, "created_at": c.created_at.isoformat()}
            for c in Card.objects.filter(author=user)
        ],
        "dots": [
            {"card_id": str(d.card_id), "created_at": d.created_at.isoformat()}
            for d in Dot.objects.filter(user=user)
        ],
    }
