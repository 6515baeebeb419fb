"""The engine's interface for Django code (services, views, commands): synchronous.

The database is authoritative: these functions read and write it, then tell the open
rooms of every process through the channel layer (after the transaction commits), so
that an update applied here reaches every connected client live.
"""

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import QuerySet
from pycrdt import get_state

from ruche.accounts.models import User
from ruche.core.errors import Invalid
from ruche.realtime import store
from ruche.realtime.kinds import check_room_name, room_group
from ruche.realtime.models import DocumentClient, DocumentUpdate, DocumentVersion
from ruche.realtime.protocol import EMPTY_UPDATE

log = logging.getLogger("ruche.realtime")


def document_state(*, room: str) -> bytes:
    """The whole document as one Yjs v1 update (snapshot and later updates merged)."""
    return store.content_state(store.read_content(check_room_name(room)))


@transaction.atomic
def document_apply_update(*, room: str, update: bytes, author: User | None) -> int:
    """Store a Yjs v1 update as written by `author`, then (after commit) send it to every
    process's open room, which applies it and relays it to its clients. Returns its id."""
    check_room_name(room)
    try:
        get_state(update)
    except ValueError as exc:
        raise Invalid("Not a Yjs update.") from exc
    author_id = author.pk if author is not None else None
    row = DocumentUpdate.objects.create(
        room=room, data=update, author_id=author_id, size=len(update)
    )
    store.claim_clients(room, update, author_id)
    if update != EMPTY_UPDATE:
        transaction.on_commit(lambda: _broadcast(room, {"type": "rt.update", "update": update}))
    return row.pk


def document_updates(*, room: str, after_id: int = 0) -> QuerySet[DocumentUpdate]:
    """The stored log of the room after `after_id`, oldest first (compaction removes rows)."""
    return DocumentUpdate.objects.filter(room=check_room_name(room), id__gt=after_id).order_by("id")


def document_authors(*, room: str) -> dict[int, User | None]:
    """Yjs client id -> the person who wrote with it (None: unknown or deleted account)."""
    rows = DocumentClient.objects.filter(room=check_room_name(room)).select_related("user")
    return {row.client_id: row.user for row in rows}


def document_checkpoint(
    *, room: str, kind: str, label: str = "", created_by: User | None = None
) -> DocumentVersion:
    """Freeze the current state of the room as a version (its own copy of the state)."""
    return store.checkpoint_room(
        check_room_name(room), kind=kind, label=label,
        created_by_id=created_by.pk if created_by is not None else None,
    )  # fmt: skip


def document_delete(*, room: str) -> None:
    """Delete everything stored for the room and close its open connections."""
    store.delete_room(check_room_name(room))
    transaction.on_commit(lambda: _broadcast(room, {"type": "rt.deleted"}))


def _broadcast(room: str, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(room_group(room), {"origin": "", **message})
    except Exception:  # the database has it; rooms opened later will load it
        log.warning("could not broadcast to room %s", room, exc_info=True)
