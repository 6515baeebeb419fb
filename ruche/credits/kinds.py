"""The credit sources of Ruche's own apps: pads, wiki pages, tables, boards, decisions and
modules. Each goes through its app's access gate and the app's own history."""

from collections import Counter
from datetime import datetime
from typing import Any

from django.urls import reverse

from ruche.boards.models import Anonymity, Board, Dot, Phase
from ruche.boards.permissions import access_board
from ruche.credits.contributions import count, document_record, record_from_counts, table_record
from ruche.credits.sources import Record, Work, register_credit_source
from ruche.decisions.models import Decision
from ruche.decisions.permissions import access_decision
from ruche.decisions.selectors import results_visible
from ruche.modules.models import Module
from ruche.modules.permissions import access_module
from ruche.pads.models import Pad
from ruche.pads.permissions import access_pad
from ruche.realtime.models import DocumentSnapshot, DocumentUpdate
from ruche.tables.models import Table
from ruche.tables.permissions import access_table
from ruche.wiki.models import WikiPage
from ruche.wiki.permissions import access_wiki_page


def last_change(room: str, fallback: datetime) -> datetime:
    """When the document last changed: its newest update, else its snapshot."""
    update = DocumentUpdate.objects.filter(room=room).order_by("-id").first()
    if update is not None:
        return update.created_at
    snapshot = DocumentSnapshot.objects.filter(room=room).first()
    return snapshot.updated_at if snapshot is not None else fallback


def board_record(board: Board) -> Record:
    """Cards and dots per person. Full anonymity names nobody; anonymous collection names
    nobody while cards are being collected (authors are kept for the credits after); hidden
    mode names nobody before the reveal."""
    cards = count(board.cards.values_list("author_id", flat=True))
    dots = count(Dot.objects.filter(card__board=board).values_list("user_id", flat=True))
    unnamed = (
        board.anonymity == Anonymity.FULL
        or (board.anonymity == Anonymity.COLLECTION and board.phase == Phase.COLLECT)
        or (board.hidden and board.revealed_at is None)  # not even who wrote, before the reveal
    )
    if unnamed:
        return Record(anonymous=len({pk for pk in [*cards, *dots] if pk is not None}))
    return record_from_counts({"cards": cards, "dots": dots})


def decision_record(decision: Decision) -> Record:
    """The proposal and its revisions are named; positions and votes unless anonymous, and
    not while results are hidden (who has taken part is part of the results then)."""
    proposal: Counter[int | None] = Counter([decision.created_by_id])
    revisions = count(decision.revisions.filter(number__gt=1).values_list("author_id", flat=True))
    positions = count(decision.positions.filter(current=True).values_list("user_id", flat=True))
    votes = count(decision.votes.filter(current=True).values_list("user_id", flat=True))
    if decision.anonymous or not results_visible(decision):
        voters = {pk for pk in [*positions, *votes] if pk is not None}
        return record_from_counts(
            {"proposal": proposal, "revisions": revisions}, anonymous=len(voters)
        )
    metrics = {"proposal": proposal, "revisions": revisions, "positions": positions}
    return record_from_counts({**metrics, "votes": votes})


def module_record(module: Module) -> Record:
    """Who created it, changed it, released versions of it and commented on it."""
    return record_from_counts({
        "created": Counter([module.created_by_id]),
        "changes": count(module.changes.values_list("actor_id", flat=True)),
        "releases": count(module.releases.values_list("created_by_id", flat=True)),
        "comments": count(module.comments.values_list("author_id", flat=True)),
    })  # fmt: skip


def _work(obj: Any, title: str, url_name: str, issued: datetime, **extra: Any) -> Work:
    path = reverse(url_name, args=[obj.pk])
    return Work(title=title, space=obj.space, path=path, issued=issued, **extra)


def register_builtin_sources() -> None:
    register_credit_source(
        "pad", model=Pad, access=access_pad, record=lambda pad: document_record(pad.room),
        work=lambda pad: _work(pad, pad.title, "pads:pad", last_change(pad.room, pad.updated_at)),
    )  # fmt: skip
    register_credit_source(
        "wiki", model=WikiPage, access=access_wiki_page,
        record=lambda page: document_record(page.room),
        work=lambda page: _work(
            page, page.title, "wiki:page_id", last_change(page.room, page.updated_at)
        ),
    )  # fmt: skip
    register_credit_source(
        "table", model=Table, access=access_table, record=lambda t: table_record(t.room),
        work=lambda t: _work(t, t.title, "tables:table", last_change(t.room, t.updated_at)),
    )  # fmt: skip
    register_credit_source(
        "board", model=Board, access=access_board, record=board_record,
        work=lambda board: _work(board, board.title, "boards:board", board.updated_at),
    )  # fmt: skip
    register_credit_source(
        "decision", model=Decision, access=access_decision, record=decision_record,
        work=lambda d: _work(
            d, d.question, "decisions:decision", d.outcome_recorded_at or d.updated_at
        ),
    )  # fmt: skip
    register_credit_source(
        "module", model=Module, access=access_module, record=module_record,
        work=lambda m: _work(
            m, m.title, "modules:module", m.updated_at,
            typed_credits=m.credits, licence_id=m.licence,
        ),
    )  # fmt: skip
