"""The durable store of rooms: blocking database functions, run off the event loop.

Layout (ruche/realtime/models.py): an append-only log of updates (DocumentUpdate), at most
one snapshot per room (DocumentSnapshot), the Yjs client ids of each author
(DocumentClient) and frozen versions (DocumentVersion).

A room's state is its snapshot merged with EVERY log row still present for it. Rows are
deleted only by compaction, by id, in the transaction that writes the snapshot containing
them; a row committed late (with an id below the snapshot's) is therefore never skipped.
Yjs updates are idempotent, so a row that is also inside the snapshot does no harm.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from pycrdt import Doc, get_state, get_update, merge_updates

from ruche.realtime.models import (
    DocumentClient,
    DocumentSnapshot,
    DocumentUpdate,
    DocumentVersion,
    VersionKind,
)
from ruche.realtime.protocol import EMPTY_UPDATE, state_vector_clients

SMALL_MERGE = 32


@dataclass(frozen=True, slots=True)
class UpdateRow:
    room: str
    data: bytes
    author_id: int | None
    new_clients: tuple[int, ...] = ()


@dataclass
class StoredRoom:
    parts: list[bytes]  # the snapshot and the rows, applied one by one (no merging)
    log_count: int
    log_bytes: int
    snapshot_bytes: int
    client_ids: set[int] = field(default_factory=set)
    last_checkpoint_at: datetime | None = None


@dataclass(frozen=True)
class RoomContent:
    snapshot: bytes | None
    rows: list[bytes]
    update_ids: list[int]
    snapshot_last_id: int | None  # None: no snapshot yet

    @property
    def log_bytes(self) -> int:
        return sum(len(row) for row in self.rows)


def merge(updates: list[bytes]) -> bytes:
    """Merge a few updates into one (Yrs' merge_updates slows down past a few hundred
    structs: for many, see `integrate`)."""
    updates = [u for u in updates if u and u != EMPTY_UPDATE]
    if not updates:
        return EMPTY_UPDATE
    return updates[0] if len(updates) == 1 else merge_updates(*updates)


@dataclass(frozen=True)
class Integrated:
    state: bytes  # the document's encoding: deleted content dropped, nothing pending
    pending: list[int]  # indexes of rows with structs the document could not integrate


def integrate(snapshot: bytes | None, rows: list[bytes]) -> Integrated:
    """Apply the snapshot and the rows to a fresh document and encode it, reporting the
    rows the document could not fully integrate (their structs wait for a dependency)."""
    doc: Doc = Doc()
    if snapshot and snapshot != EMPTY_UPDATE:
        doc.apply_update(snapshot)
    for row in rows:
        doc.apply_update(row)
    state = doc.get_state()
    # A diff against the document's state starts with its number of clients with structs.
    pending = [i for i, row in enumerate(rows) if get_update(row, state)[:1] != b"\x00"]
    return Integrated(doc.get_update(), pending)


def read_content(room: str) -> RoomContent:
    """The snapshot and every log row of the room."""
    snap = DocumentSnapshot.objects.filter(room=room).values_list("state", "last_update_id").first()
    rows = list(DocumentUpdate.objects.filter(room=room).order_by("id").values_list("id", "data"))
    return RoomContent(
        snapshot=bytes(snap[0]) if snap else None,
        rows=[bytes(data) for _id, data in rows],
        update_ids=[row_id for row_id, _data in rows],
        snapshot_last_id=snap[1] if snap else None,
    )


def content_state(content: RoomContent) -> bytes:
    """The whole content as one update: through a document (compact, deleted content
    dropped) when every row integrates; otherwise Yrs' plain merge, which keeps structs
    waiting for a dependency (a document would drop or, with garbage collection, misplace
    them)."""
    if not content.rows:
        return content.snapshot or EMPTY_UPDATE
    integrated = integrate(content.snapshot, content.rows)
    if not integrated.pending:
        return integrated.state
    return merge([content.snapshot or EMPTY_UPDATE, *content.rows])


def load_room(room: str) -> StoredRoom:
    content = read_content(room)
    clients = set(DocumentClient.objects.filter(room=room).values_list("client_id", flat=True))
    checkpoint = (
        DocumentVersion.objects.filter(room=room, kind=VersionKind.AUTO)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return StoredRoom(
        parts=([content.snapshot] if content.snapshot else []) + content.rows,
        log_count=len(content.update_ids),
        log_bytes=content.log_bytes,
        snapshot_bytes=len(content.snapshot or b""),
        client_ids=clients,
        last_checkpoint_at=checkpoint,
    )


def append_updates(rows: list[UpdateRow]) -> None:
    """Write a batch of updates in ONE transaction (group commit), with their new clients.

    Plain `executemany` rather than bulk_create: the engine needs no ids back and this is
    the hot path (thousands of rows a second)."""
    table = DocumentUpdate._meta.db_table
    sql = (
        f"INSERT INTO {table} (room, data, author_id, size, created_at) "  # noqa: S608
        "VALUES (%s, %s, %s, %s, %s)"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params = [(r.room, r.data, r.author_id, len(r.data), now) for r in rows]
    clients = [
        DocumentClient(room=r.room, client_id=c, user_id=r.author_id)
        for r in rows
        for c in r.new_clients
    ]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
        if clients:
            DocumentClient.objects.bulk_create(clients, ignore_conflicts=True)


def claim_clients(room: str, update: bytes, author_id: int | None) -> None:
    """Record the Yjs client ids first seen in `update` as written by `author_id`."""
    clients = state_vector_clients(get_state(update))
    if clients:
        DocumentClient.objects.bulk_create(
            [DocumentClient(room=room, client_id=c, user_id=author_id) for c in clients],
            ignore_conflicts=True,
        )


@dataclass(frozen=True)
class CompactionResult:
    snapshot_bytes: int
    merged_rows: int
    merged_bytes: int


def compact_room(room: str) -> CompactionResult | None:
    """Merge the log into the snapshot and delete exactly the rows merged, in one
    transaction. Optimistic: gives up (None) if another process changed the snapshot
    meanwhile; the next compaction will do it."""
    content = read_content(room)
    if not content.rows:
        return None
    state = content_state(content)
    last_id = max(content.update_ids)
    try:
        with transaction.atomic():
            if not _replace_snapshot(room, content, state, last_id):
                return None
            DocumentUpdate.objects.filter(id__in=content.update_ids).delete()
    except IntegrityError:
        return None
    return CompactionResult(len(state), len(content.rows), content.log_bytes)


def _replace_snapshot(room: str, content: RoomContent, state: bytes, last_id: int) -> bool:
    if content.snapshot_last_id is None:
        DocumentSnapshot.objects.create(room=room, state=state, last_update_id=last_id)
        return True
    changed = DocumentSnapshot.objects.filter(
        room=room, last_update_id=content.snapshot_last_id
    ).update(state=state, last_update_id=last_id, updated_at=timezone.now())
    return changed == 1


def checkpoint_room(
    room: str, *, kind: str, label: str = "", created_by_id: int | None = None
) -> DocumentVersion:
    content = read_content(room)
    return DocumentVersion.objects.create(
        room=room,
        state=content_state(content),
        last_update_id=max(content.update_ids, default=content.snapshot_last_id or 0),
        kind=kind,
        label=label,
        created_by_id=created_by_id,
    )


def delete_room(room: str) -> None:
    with transaction.atomic():
        for model in (DocumentUpdate, DocumentSnapshot, DocumentClient, DocumentVersion):
            model.objects.filter(room=room).delete()


def room_updates(room: str, after_id: int = 0) -> Iterable[DocumentUpdate]:
    return DocumentUpdate.objects.filter(room=room, id__gt=after_id).order_by("id")
