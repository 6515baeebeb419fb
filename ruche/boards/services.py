"""Writes about boards: the board and its settings, cards, clusters, dots, reveal, phases
and the timer.

Refusals are domain errors: a locked or closed board, or a write outside its phase, is a
Conflict (409); a malformed value or a dot beyond the allowance is Invalid (422). Every
change sends one `BoardChanged` after commit; live connections re-read their own view.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.boards.models import Anonymity, Board, Card, Cluster, Dot, DotCounts, Layout, Phase
from ruche.boards.permissions import (
    access_board,
    access_card,
    access_cluster,
    may_manage,
)
from ruche.core.errors import Conflict, Invalid
from ruche.core.events import send_event_on_commit
from ruche.pads.imports import pad_import
from ruche.pads.models import Pad
from ruche.spaces.permissions import Need, access_space

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_DOTS = 50
MAX_COLUMNS = 20
MAX_TIMER_SECONDS = 4 * 3600
PHASE_ORDER = [Phase.COLLECT, Phase.CLUSTER, Phase.VOTE, Phase.CLOSED]
BOARD_FIELDS = {"title", "layout", "columns", "hidden", "anonymity", "locked",
                "dots_per_participant", "dot_counts"}  # fmt: skip


@dataclass(frozen=True)
class BoardChanged:
    board_id: str


def _changed(board: Board) -> None:
    send_event_on_commit(BoardChanged(board_id=str(board.pk)))


def _clean_settings(values: dict[str, Any]) -> dict[str, Any]:
    clean = {k: v for k, v in values.items() if k in BOARD_FIELDS and v is not None}
    if "title" in clean:
        clean["title"] = str(clean["title"]).strip()[:200]
        if not clean["title"]:
            raise Invalid(_("A board needs a title."))
    _check_choice(clean, "layout", Layout.values)
    _check_choice(clean, "anonymity", Anonymity.values)
    _check_choice(clean, "dot_counts", DotCounts.values)
    if "columns" in clean:
        columns = [str(c).strip()[:100] for c in clean["columns"] if str(c).strip()]
        if len(columns) > MAX_COLUMNS or len(set(columns)) != len(columns):
            raise Invalid(_("Columns must be distinct, at most %(n)s.") % {"n": MAX_COLUMNS})
        clean["columns"] = columns
    if not 0 <= int(clean.get("dots_per_participant", 0)) <= MAX_DOTS:
        raise Invalid(_("Dots per participant must be between 0 and %(n)s.") % {"n": MAX_DOTS})
    return clean


def _check_choice(values: dict[str, Any], key: str, allowed: list[str]) -> None:
    if key in values and values[key] not in allowed:
        raise Invalid(_("Unknown value for %(field)s.") % {"field": key})


def board_create(*, actor: User, space_id: object, title: str, **options: Any) -> Board:
    """Open a board in a space; facilitators only."""
    space = access_space(actor, space_id, Need.MANAGE)
    values = _clean_settings({"title": title, **options})
    values.setdefault("columns", [_("Ideas")])
    board = Board.objects.create(space=space, created_by=actor, **values)
    _changed(board)
    return board


def board_update(*, actor: User, board_id: object, **changes: Any) -> Board:
    """Change a board's settings, including (un)locking it; facilitators only."""
    board = access_board(actor, board_id, Need.MANAGE)
    for key, value in _clean_settings(changes).items():
        setattr(board, key, value)
    board.save()
    _changed(board)
    return board


def board_delete(*, actor: User, board_id: object) -> None:
    board = access_board(actor, board_id, Need.MANAGE)
    _changed(board)
    board.delete()


def board_reveal(*, actor: User, board_id: object) -> Board:
    """Show every card of a hidden board to everyone who may see the board."""
    board = access_board(actor, board_id, Need.MANAGE)
    if board.revealed_at is None:
        board.revealed_at = timezone.now()
        board.save(update_fields=["revealed_at", "updated_at"])
        _changed(board)
    return board


def board_phase_set(*, actor: User, board_id: object, phase: str) -> Board:
    """Move the board to a phase; leaving collection reveals hidden cards."""
    board = access_board(actor, board_id, Need.MANAGE)
    if phase not in Phase.values:
        raise Invalid(_("Unknown phase."))
    board.phase = phase
    if phase != Phase.COLLECT and board.revealed_at is None:
        board.revealed_at = timezone.now()
    board.save(update_fields=["phase", "revealed_at", "updated_at"])
    _changed(board)
    return board


def board_timer_set(*, actor: User, board_id: object, seconds: int) -> Board:
    """Start the facilitator's timer for `seconds`, or stop it with 0."""
    board = access_board(actor, board_id, Need.MANAGE)
    if not 0 <= seconds <= MAX_TIMER_SECONDS:
        raise Invalid(_("The timer runs for at most four hours."))
    board.timer_ends_at = timezone.now() + timedelta(seconds=seconds) if seconds else None
    board.save(update_fields=["timer_ends_at", "updated_at"])
    _changed(board)
    return board


def _check_writable(board: Board) -> None:
    if board.locked:
        raise Conflict(_("The board is locked."))
    if board.phase == Phase.CLOSED:
        raise Conflict(_("The board is closed."))


def _check_card_changeable(actor: User, card: Card) -> None:
    """Authors change their cards while collecting; later only facilitators do, so dots and
    clusters keep meaning what they meant."""
    _check_writable(card.board)
    if card.board.phase != Phase.COLLECT and not may_manage(actor, card.board):
        raise Conflict(_("Cards are changed by their authors during collection."))


def _card_values(board: Board, values: dict[str, Any]) -> dict[str, Any]:
    clean = {k: v for k, v in values.items() if v is not None}
    if "text" in clean:
        clean["text"] = str(clean["text"]).strip()
        if not clean["text"] or len(clean["text"]) > 2000:
            raise Invalid(_("A card holds between 1 and 2000 characters."))
    if clean.get("colour") and not COLOUR.match(clean["colour"]):
        raise Invalid(_("A colour is written #rrggbb."))
    if clean.get("link") and not re.match(r"^https?://\S+$", clean["link"]):
        raise Invalid(_("A link starts with http:// or https://."))
    if clean.get("column") and clean["column"] not in board.columns:
        raise Invalid(_("Unknown column."))
    return clean


def card_create(*, actor: User, board_id: object, text: str, **values: Any) -> Card:
    """Add a card; after collection only facilitators may add cards."""
    board = access_board(actor, board_id, Need.CONTRIBUTE)
    _check_writable(board)
    if board.phase != Phase.COLLECT and not may_manage(actor, board):
        raise Conflict(_("Cards are added during collection."))
    clean = _card_values(board, {"text": text, **values})
    clean.setdefault("column", board.columns[0] if board.columns else "")
    card = Card.objects.create(board=board, author=actor, **clean)
    _changed(board)
    return card


def card_update(*, actor: User, card_id: object, cluster_id: object = None,
                unclustered: bool = False, **values: Any) -> Card:  # fmt: skip
    """Edit or move a card (its author or a facilitator); facilitators also cluster it."""
    card = access_card(actor, card_id, Need.CONTRIBUTE)
    _check_card_changeable(actor, card)
    for key, value in _card_values(card.board, values).items():
        setattr(card, key, value)
    if cluster_id is not None or unclustered:
        card.cluster = _cluster_for(actor, card.board, cluster_id)
    card.save()
    _changed(card.board)
    return card


def _cluster_for(actor: User, board: Board, cluster_id: object) -> Cluster | None:
    if cluster_id is None:
        access_board(actor, board.pk, Need.MANAGE)
        return None
    cluster = access_cluster(actor, cluster_id, Need.MANAGE)
    if cluster.board_id != board.pk:
        raise Invalid(_("That cluster belongs to another board."))
    return cluster


def card_delete(*, actor: User, card_id: object) -> None:
    card = access_card(actor, card_id, Need.CONTRIBUTE)
    _check_card_changeable(actor, card)
    card.delete()
    _changed(card.board)


def cluster_create(*, actor: User, board_id: object, title: str,
                   card_ids: list[str] | None = None) -> Cluster:  # fmt: skip
    """Group cards under a title; facilitators only. Cards must belong to the board."""
    board = access_board(actor, board_id, Need.MANAGE)
    _check_writable(board)
    title = title.strip()[:200]
    if not title:
        raise Invalid(_("A cluster needs a title."))
    with transaction.atomic():
        cluster = Cluster.objects.create(board=board, title=title)
        _cards_into(actor, board, cluster, card_ids or [])
    _changed(board)
    return cluster


def _cards_into(actor: User, board: Board, cluster: Cluster, card_ids: list[str]) -> None:
    for card_id in card_ids:
        card = access_card(actor, card_id)
        if card.board_id != board.pk:
            raise Invalid(_("That card belongs to another board."))
        card.cluster = cluster
        card.save(update_fields=["cluster", "updated_at"])


def cluster_update(*, actor: User, cluster_id: object, title: str | None = None,
                   card_ids: list[str] | None = None) -> Cluster:  # fmt: skip
    """Rename a cluster, or replace its cards."""
    cluster = access_cluster(actor, cluster_id, Need.MANAGE)
    _check_writable(cluster.board)
    with transaction.atomic():
        if title is not None and title.strip():
            cluster.title = title.strip()[:200]
            cluster.save()
        if card_ids is not None:
            cluster.cards.update(cluster=None)
            _cards_into(actor, cluster.board, cluster, card_ids)
    _changed(cluster.board)
    return cluster


def cluster_delete(*, actor: User, cluster_id: object) -> None:
    """Remove a cluster; its cards stay on the board, unclustered."""
    cluster = access_cluster(actor, cluster_id, Need.MANAGE)
    _check_writable(cluster.board)
    cluster.delete()
    _changed(cluster.board)


def dot_add(*, actor: User, card_id: object) -> Dot:
    """Spend one of the actor's dots on a card, during the vote phase."""
    card = access_card(actor, card_id)
    board = access_board(actor, card.board_id, Need.CONTRIBUTE)
    _check_writable(board)
    if board.phase != Phase.VOTE:
        raise Conflict(_("Dots are placed during the vote phase."))
    with transaction.atomic():
        Board.objects.select_for_update().get(pk=board.pk)  # one dot at a time per board
        spent = Dot.objects.filter(card__board=board, user=actor).count()
        if spent >= board.dots_per_participant:
            raise Invalid(_("You have no dots left."))
        dot = Dot.objects.create(card=card, user=actor)
    _changed(board)
    return dot


def dot_remove(*, actor: User, card_id: object) -> None:
    """Take back one of the actor's dots from a card."""
    card = access_card(actor, card_id)
    board = access_board(actor, card.board_id, Need.CONTRIBUTE)
    _check_writable(board)
    if board.phase != Phase.VOTE:
        raise Conflict(_("Dots are placed during the vote phase."))
    dot = Dot.objects.filter(card=card, user=actor).first()
    if dot is None:
        raise Invalid(_("You have no dot on this card."))
    dot.delete()
    _changed(board)


def board_pad_create(*, actor: User, board_id: object) -> Pad:
    """A new pad in the board's space holding its clusters and cards as the facilitator sees
    them (so hidden cards and anonymity hold), for the group to write from."""
    from ruche.boards import exports, selectors

    board = access_board(actor, board_id, Need.MANAGE)
    document = selectors.board_document(actor=actor, board=board)
    markdown = exports.board_markdown(document)
    return pad_import(
        actor=actor, space_id=board.space_id, filename="board.md",
        data=markdown.encode(), title=board.title,
    )  # fmt: skip
