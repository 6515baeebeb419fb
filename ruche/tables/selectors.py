"""Reads about tables, from the actor's point of view."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import F, Max, Q, QuerySet
from pycrdt import Doc, Map

from ruche.accounts.models import User
from ruche.library.models import Item
from ruche.realtime.history import authors_describe
from ruche.realtime.models import DocumentSnapshot, DocumentUpdate
from ruche.realtime.services import document_state
from ruche.realtime.store import read_content
from ruche.spaces.models import Membership
from ruche.spaces.permissions import Need, access_space
from ruche.tables.arrangement import Arranged, arrange
from ruche.tables.document import (
    Column,
    FirstRows,
    Row,
    TableContent,
    content_first_rows,
    content_read,
    doc_load,
)
from ruche.tables.models import Table, TableView
from ruche.tables.permissions import access_table, access_table_view
from ruche.wiki.models import WikiPage

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


FIRST_ROWS_CACHE_SECONDS = 3600
FIRST_ROWS = 80  # a screenful and some scrolling


def table_first_rows(*, actor: User, table_id: object, limit: int = FIRST_ROWS) -> FirstRows:
    """The start of the table in its shared order, for the grid to paint at once. Kept in
    the cache under the room's version (its last update and snapshot), so a table read
    more often than it changes is decoded once."""
    table = access_table(actor, table_id, Need.VIEW)
    key = f"tables:first:{table.room}:{limit}:{_room_version(table.room)}"
    first: FirstRows | None = cache.get(key)
    if first is None:
        # The stored parts go into one document (document_state would encode it once more).
        content = read_content(table.room)
        first = content_first_rows(doc_load(content.snapshot, *content.rows), limit)
        cache.set(key, first, FIRST_ROWS_CACHE_SECONDS)
    return first


def first_rows_remember(
    table: Table, *, version: str, columns: list[Column], rows: list[Row]
) -> None:
    """Cache the first rows of a table just written whole (its room at `version`)."""
    start = [
        Row(id=r.id, cells={k: v for k, v in r.cells.items() if v is not None})
        for r in rows[:FIRST_ROWS]
    ]
    first = FirstRows(columns=columns, rows=start, count=len(rows))
    cache.set(f"tables:first:{table.room}:{FIRST_ROWS}:{version}", first, FIRST_ROWS_CACHE_SECONDS)


def _room_version(room: str) -> str:
    last = DocumentUpdate.objects.filter(room=room).aggregate(last=Max("id"))["last"]
    snapshot = DocumentSnapshot.objects.filter(room=room).values_list("last_update_id", flat=True)
    return f"{last or 0}.{snapshot.first() or 0}"


def table_view_list(*, actor: User, table_id: object) -> QuerySet[TableView]:
    """The table's shared views and the actor's own, shared first."""
    table = access_table(actor, table_id, Need.VIEW)
    mine_or_shared = Q(owner__isnull=True) | Q(owner=actor)
    shared_first = F("owner").asc(nulls_first=True)
    return TableView.objects.filter(mine_or_shared, table=table).order_by(shared_first, "name")


def table_view_get(*, actor: User, view_id: object) -> TableView:
    return access_table_view(actor, view_id, Need.VIEW)


def table_view_rows(*, actor: User, view_id: object) -> tuple[TableView, Arranged]:
    """The rows a saved view shows: filtered, sorted, grouped, with number totals."""
    view = access_table_view(actor, view_id, Need.VIEW)
    content = content_read(document_state(room=view.table.room))
    arranged = arrange(
        content, sort=view.sort, filters=view.filters, group_by=view.group_by, hidden=view.hidden,
        labels=_labels(view.table, content),
    )  # fmt: skip
    return view, arranged


def _labels(table: Table, content: TableContent) -> dict[str, dict[str, str]]:
    """Names of people and titles of linked items and pages, per column, to sort by."""
    people = {
        str(m.user_id): m.user.public_name
        for m in Membership.objects.filter(space_id=table.space_id).select_related("user")
    }
    titles = _link_titles(table, content)
    labels: dict[str, dict[str, str]] = {}
    for column in content.columns:
        if column.type == "person":
            labels[column.id] = people
        elif column.type in titles:
            labels[column.id] = {key: t["title"] for key, t in titles[column.type].items()}
    return labels


LINK_TYPES = ("library_item", "wiki_page")


def table_links(*, actor: User, table_id: object) -> dict[str, dict[str, dict[str, str]]]:
    """Titles and addresses of the library items and wiki pages the table's link cells
    name, when they exist in the table's space; an id missing here is a dangling link."""
    table, content = table_content(actor=actor, table_id=table_id)
    return _link_titles(table, content)


def _link_titles(table: Table, content: TableContent) -> dict[str, dict[str, dict[str, str]]]:
    wanted: dict[str, set[str]] = {kind: set() for kind in LINK_TYPES}
    for column in content.columns:
        if column.type in wanted:
            wanted[column.type].update(
                str(r.cells[column.id]) for r in content.rows if column.id in r.cells
            )
    return {
        "library_item": _library_titles(table, wanted["library_item"]),
        "wiki_page": _wiki_titles(table, wanted["wiki_page"]),
    }


def _valid_uuids(ids: set[str]) -> list[uuid.UUID]:
    found = []
    for value in ids:
        try:
            found.append(uuid.UUID(value))
        except ValueError:
            continue
    return found


def _library_titles(table: Table, ids: set[str]) -> dict[str, dict[str, str]]:
    items = Item.objects.filter(
        library__space_id=table.space_id, pk__in=_valid_uuids(ids), trashed_at__isnull=True
    ).values_list("id", "title")
    return {str(i): {"title": t or str(i), "url": f"/library/items/{i}/"} for i, t in items}


def _wiki_titles(table: Table, ids: set[str]) -> dict[str, dict[str, str]]:
    pages = WikiPage.objects.filter(space_id=table.space_id, pk__in=_valid_uuids(ids))
    return {str(p.id): {"title": p.title, "url": f"/wiki/pages/{p.id}/"} for p in pages}


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
