"""Reads about tables, from the actor's point of view."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from pycrdt import Doc, Map

from ruche.accounts.models import User
from ruche.realtime.history import authors_describe
from ruche.realtime.models import DocumentSnapshot, DocumentUpdate
from ruche.realtime.services import document_state
from ruche.spaces.permissions import Need, access_space
from ruche.tables.document import TableContent, content_read
from ruche.tables.models import Table
from ruche.tables.permissions import access_table

HISTORY_MAX_UPDATES = 20_000


def table_get(*, actor: User, table_id: object) -> Table:
    return access_table(actor, table_id, Need.VIEW)


def table_list(*, actor: User, space_id: object) -> QuerySet[Table]:
    space = access_space(actor, space_id, Need.VIEW)
    return Table.objects.filter(space=space).order_by("title")


def table_content(*, actor: User, table_id: object) -> tuple[Table, TableContent]:
    """The table and its current columns and rows (from the live document)."""
    table = access_table(actor, table_id, Need.VIEW)
    return table, content_read(document_state(room=table.room))


@dataclass
class CellChange:
    at: datetime | None
    author: dict[str, Any]
    before: Any
    after: Any


def cell_history(*, actor: User, table_id: object, row_id: str, column_id: str) -> list[CellChange]:
    """Who changed this cell, when, from what: the room's update log replayed in order
    (from the latest snapshot: compaction folds older changes into it). Newest first."""
    table = access_table(actor, table_id, Need.VIEW)
    doc: Doc = Doc()
    snapshot = DocumentSnapshot.objects.filter(room=table.room).values_list("state", flat=True)
    for state in snapshot[:1]:
        doc.apply_update(bytes(state))
    value = _cell(doc, row_id, column_id)
    changes: list[tuple[Any, int | None, Any, Any]] = []
    updates = DocumentUpdate.objects.filter(room=table.room).order_by("id")
    for at, author_id, data in updates.values_list("created_at", "author_id", "data")[
        :HISTORY_MAX_UPDATES
    ]:
        doc.apply_update(bytes(data))
        after = _cell(doc, row_id, column_id)
        if after != value:
            changes.append((at, author_id, value, after))
            value = after
    people = authors_describe({author for _at, author, _b, _a in changes})
    return [
        CellChange(at=at, author=people[author], before=before, after=after)
        for at, author, before, after in reversed(changes)
    ]


def _cell(doc: Doc, row_id: str, column_id: str) -> Any:
    row = doc.get("rows", type=Map).get(row_id)
    if not isinstance(row, Map):
        return None
    return row.get(column_id)


def table_personal_data(user: User) -> dict[str, Any]:
    """What tables hold about a person: the tables they created and how many edits."""
    return {
        "created": [
            {"id": str(t.id), "title": t.title, "created_at": t.created_at.isoformat()}
            for t in Table.objects.filter(created_by=user).order_by("created_at")
        ],
        "updates_count": DocumentUpdate.objects.filter(
            author=user, room__startswith="table:"
        ).count(),
    }
