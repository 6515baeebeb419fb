"""A room: ONE in-memory Yjs document per open object per process, shared by its peers.

Life of an update from a peer:
  receive -> validated (decoding its state vector) -> queued for the store writer
  -> committed with others in one transaction -> `release`: applied once to the document,
  relayed (raw, merged per batch) to the other peers and published to other processes.
Nothing reaches another client before it is in the database.

A room never lets an exception escape into the engine: `fail` logs it, closes this room's
sockets (clients reconnect and resync from the database) and forgets the room.
"""

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from pycrdt import Doc, get_state, merge_updates

from ruche.realtime.kinds import room_group
from ruche.realtime.peers import Peer
from ruche.realtime.protocol import (
    EMPTY_UPDATE,
    MESSAGE_AWARENESS,
    MESSAGE_QUERY_AWARENESS,
    MESSAGE_SYNC,
    SYNC_STEP1,
    SYNC_STEP2,
    SYNC_UPDATE,
    AwarenessEntry,
    awareness_entries,
    awareness_message,
    parse_message,
    state_vector_clients,
    sync_step1_message,
    sync_step2_message,
)
from ruche.realtime.store import StoredRoom, UpdateRow

if TYPE_CHECKING:
    from ruche.realtime.engine import Engine

log = logging.getLogger("ruche.realtime")

CLOSE_PROTOCOL_ERROR = 4400
CLOSE_ROOM_FAILED = 1011
CLOSE_DELETED = 4410
MIN_COMPACT_BYTES = 256 * 1024
RELAY_CHUNK = 64


class RoomUnavailable(Exception):
    """The room could not be opened (its load failed)."""


class PendingUpdate:
    __slots__ = ("peer", "room", "row")

    def __init__(self, room: "Room", peer: Peer | None, row: UpdateRow) -> None:
        self.room = room
        self.peer = peer
        self.row = row


class Room:
    def __init__(self, engine: "Engine", name: str) -> None:
        self.engine = engine
        self.name = name
        self.group = room_group(name)
        self.doc: Doc = Doc()
        self.peers: set[Peer] = set()
        self.awareness: dict[int, AwarenessEntry] = {}
        self.clients: set[int] = set()
        self.ready = asyncio.Event()
        self.failed = False
        self.inflight = 0
        self.log_count = self.log_bytes = self.snapshot_bytes = 0
        self.edited_since_checkpoint = False
        self.last_checkpoint = time.monotonic()
        self.maintaining = False
        self._evict_at: asyncio.TimerHandle | None = None

    # Opening

    def apply_stored(self, stored: StoredRoom) -> None:
        for part in stored.parts:
            self.doc.apply_update(part)
        self.clients = stored.client_ids
        self.log_count, self.log_bytes = stored.log_count, stored.log_bytes
        self.snapshot_bytes = stored.snapshot_bytes
        # The periodic checkpoint counts from the last one, or from the opening (the
        # eviction checkpoint ends each editing session anyway).
        self.last_checkpoint = time.monotonic()
        if stored.last_checkpoint_at is not None:
            age = time.time() - stored.last_checkpoint_at.timestamp()
            self.last_checkpoint -= max(age, 0.0)

    def welcome(self, peer: Peer) -> None:
        """Greet a joined peer: our state vector (its step 2 brings its offline edits)."""
        self.cancel_eviction()
        self.peers.add(peer)
        peer.push_frame(sync_step1_message(self.doc.get_state()))
        if self.awareness:
            peer.push_frame(awareness_message(list(self.awareness.values())))

    # From local peers

    def receive(self, peer: Peer, frame: bytes) -> None:
        try:
            message = parse_message(frame)
            if message.type == MESSAGE_SYNC:
                self._receive_sync(peer, message.step, message.payload)
            elif message.type == MESSAGE_AWARENESS:
                self._receive_awareness(peer, message.payload, frame)
            elif message.type == MESSAGE_QUERY_AWARENESS and self.awareness:
                peer.push_frame(awareness_message(list(self.awareness.values())))
        except ValueError:  # ProtocolError, or pycrdt refusing a malformed payload
            log.info("room %s: malformed frame from user %s", self.name, peer.user_id)
            peer.kick(CLOSE_PROTOCOL_ERROR)

    def _receive_sync(self, peer: Peer, step: int, payload: bytes) -> None:
        if step == SYNC_STEP1:
            peer.push_frame(sync_step2_message(self.doc.get_update(payload)))
        elif step in (SYNC_STEP2, SYNC_UPDATE):
            self._accept_update(peer, payload)

    def _accept_update(self, peer: Peer, update: bytes) -> None:
        if not peer.can_write or update == EMPTY_UPDATE:
            return  # read-only peers' changes are dropped: never applied, stored or relayed
        clients = state_vector_clients(get_state(update))  # also rejects garbage
        new = tuple(c for c in clients if c not in self.clients)
        self.clients.update(new)
        self.inflight += 1
        self.engine.writer.submit(
            PendingUpdate(self, peer, UpdateRow(self.name, update, peer.user_id, new))
        )

    def _receive_awareness(self, peer: Peer, payload: bytes, frame: bytes) -> None:
        for entry in awareness_entries(payload):
            peer.awareness_clients.add(entry.client_id)
            self._remember_awareness(entry)
        self.relay_frame(frame, skip=peer)
        self.engine.publish_awareness(self, frame)

    def _remember_awareness(self, entry: AwarenessEntry) -> None:
        if entry.state == "null":
            self.awareness.pop(entry.client_id, None)
        else:
            self.awareness[entry.client_id] = entry

    def relay_frame(self, frame: bytes, *, skip: Peer | None = None) -> None:
        for other in self.peers:
            if other is not skip:
                other.push_frame(frame)

    # After the store committed

    def release(self, items: list[PendingUpdate]) -> None:
        """Apply a committed batch once, relay it, publish it to other processes."""
        self.inflight -= len(items)
        if self.failed:
            return
        for start in range(0, len(items), RELAY_CHUNK):
            self._relay_chunk(items[start : start + RELAY_CHUNK])
        self.log_count += len(items)
        self.log_bytes += sum(len(item.row.data) for item in items)
        self._after_edit()

    def _relay_chunk(self, items: list[PendingUpdate]) -> None:
        # Merged by small chunks: Yrs merges a few hundred structs fast, thousands slowly.
        updates = [item.row.data for item in items]
        merged = updates[0] if len(updates) == 1 else merge_updates(*updates)
        self.doc.apply_update(merged)
        origins = {item.peer for item in items}
        only_origin = next(iter(origins)) if len(origins) == 1 else None
        for peer in self.peers:
            if peer is not only_origin:
                peer.push_update(merged)
        self.engine.publish_update(self, merged)

    def reject(self, items: list[PendingUpdate]) -> None:
        """The store refused these updates: their senders must reconnect and resend."""
        self.inflight -= len(items)
        for item in items:
            if item.peer is not None:
                item.peer.kick(CLOSE_ROOM_FAILED)

    def _after_edit(self) -> None:
        self.edited_since_checkpoint = True
        if not self.peers:
            self.schedule_eviction()
        if self.maintaining:
            return
        if self._needs_compaction():
            self.engine.maintain(self, compact=True)
        elif self._needs_checkpoint():
            self.engine.maintain(self, compact=False)

    def _needs_compaction(self) -> bool:
        if self.log_count >= settings.RUCHE_REALTIME_COMPACT_UPDATES:
            return True
        return self.log_bytes >= max(2 * self.snapshot_bytes, MIN_COMPACT_BYTES)

    def _needs_checkpoint(self) -> bool:
        elapsed = time.monotonic() - self.last_checkpoint
        return elapsed >= settings.RUCHE_REALTIME_CHECKPOINT_SECONDS

    # From other processes (or from services in this one)

    def receive_group(self, message: dict[str, Any]) -> None:
        if message.get("origin") == self.engine.process_id:
            return
        kind = message.get("type")
        if kind == "rt.update":
            update = bytes(message["update"])
            self.doc.apply_update(update)
            for peer in self.peers:
                peer.push_update(update)
        elif kind == "rt.awareness":
            frame = bytes(message["frame"])
            for entry in awareness_entries(parse_message(frame).payload):
                self._remember_awareness(entry)
            self.relay_frame(frame)
        elif kind == "rt.deleted":
            self.close_all(CLOSE_DELETED)

    # Leaving, eviction, failure

    def leave(self, peer: Peer) -> None:
        peer.stop()
        self.peers.discard(peer)
        gone = [
            AwarenessEntry(c, self.awareness[c].clock + 1, "null")
            for c in peer.awareness_clients
            if c in self.awareness
        ]
        if gone:
            for entry in gone:
                self.awareness.pop(entry.client_id, None)
            frame = awareness_message(gone)
            self.relay_frame(frame)
            self.engine.publish_awareness(self, frame)
        if not self.peers:
            self.schedule_eviction()

    def schedule_eviction(self) -> None:
        self.cancel_eviction()
        loop = asyncio.get_running_loop()
        delay = settings.RUCHE_REALTIME_EVICT_SECONDS
        self._evict_at = loop.call_later(delay, self._evict_if_idle)

    def cancel_eviction(self) -> None:
        if self._evict_at is not None:
            self._evict_at.cancel()
            self._evict_at = None

    def _evict_if_idle(self) -> None:
        self._evict_at = None
        if self.peers:
            return
        if self.inflight or self.maintaining:
            self.schedule_eviction()
            return
        self.engine.evict(self)

    def close_all(self, code: int) -> None:
        for peer in list(self.peers):
            peer.kick(code)

    def fail(self, exc: BaseException) -> None:
        """Isolate a broken room: log, close its sockets, forget it. Other rooms go on."""
        log.error("room %s failed; closing its connections", self.name, exc_info=exc)
        self.failed = True
        self.ready.set()
        self.close_all(CLOSE_ROOM_FAILED)
        self.engine.forget(self)
