"""The per-process engine: the registry of open rooms, the store writer, the executors
that run blocking database work, and the bridge to other processes (channel layer).

One engine per event loop (uvicorn runs one loop per process). Rooms subscribe to their
channel-layer group `rt.<kind>.<uuid>`: other processes (and services called from HTTP
requests) publish committed updates there; a process ignores what it published itself.
"""

import asyncio
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.db import connection

from ruche.realtime import store
from ruche.realtime.kinds import user_group
from ruche.realtime.models import VersionKind
from ruche.realtime.peers import Peer
from ruche.realtime.rooms import PendingUpdate, Room, RoomUnavailable

log = logging.getLogger("ruche.realtime")
T = TypeVar("T")
AccessCallback = Callable[[], Coroutine[Any, Any, None]]
GROUP_REFRESH_SECONDS = 3600  # channels_redis forgets group members after a day


def _in_thread(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return fn(*args, **kwargs)
    except Exception:
        connection.close_if_unusable_or_obsolete()
        raise


class StoreWriter:
    """Group commit: everything that arrived while the previous transaction ran is written
    in the next one, then released to its rooms."""

    def __init__(self, engine: "Engine") -> None:
        self.engine = engine
        self.pending: list[PendingUpdate] = []
        self._wake = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._run())

    def submit(self, item: PendingUpdate) -> None:
        self.pending.append(item)
        self._wake.set()

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            batch, self.pending = self.pending, []
            if batch:
                try:
                    await self._commit(batch)
                except Exception:  # never let the writer die
                    log.exception("store writer: batch failed")

    async def _commit(self, batch: list[PendingUpdate]) -> None:
        try:
            await self.engine.run_store(store.append_updates, [item.row for item in batch])
        except Exception:
            log.exception("store writer: group commit failed, retrying room by room")
            await self._commit_room_by_room(batch)
            return
        for room, items in _by_room(batch).items():
            _release(room, items)

    async def _commit_room_by_room(self, batch: list[PendingUpdate]) -> None:
        for room, items in _by_room(batch).items():
            try:
                await self.engine.run_store(store.append_updates, [i.row for i in items])
            except Exception:
                log.exception("store writer: room %s refused", room.name)
                room.reject(items)
                continue
            _release(room, items)


def _by_room(batch: list[PendingUpdate]) -> dict[Room, list[PendingUpdate]]:
    rooms: dict[Room, list[PendingUpdate]] = defaultdict(list)
    for item in batch:
        rooms[item.room].append(item)
    return rooms


def _release(room: Room, items: list[PendingUpdate]) -> None:
    try:
        room.release(items)
    except Exception as exc:
        room.fail(exc)


class Engine:
    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.process_id = uuid.uuid4().hex
        self.rooms: dict[str, Room] = {}
        self.layer = get_channel_layer()
        self.cross_process = not isinstance(self.layer, InMemoryChannelLayer)
        self._store = ThreadPoolExecutor(1, thread_name_prefix="ruche-rt-store")
        self._reads = ThreadPoolExecutor(2, thread_name_prefix="ruche-rt-read")
        self._channels: dict[Room, tuple[str, asyncio.Task[None]]] = {}
        self._user_watchers: dict[int, set[AccessCallback]] = {}
        self._own_channel: str | None = None
        self._outgoing: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
        self._publisher = self.loop.create_task(self._publish_loop())
        self._refresher = self.loop.create_task(self._refresh_groups())
        self.writer = StoreWriter(self)

    async def run_store(self, fn: Callable[..., T], *args: Any) -> T:
        return await self.loop.run_in_executor(self._store, _in_thread, fn, *args)

    async def run_read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await self.loop.run_in_executor(self._reads, lambda: _in_thread(fn, *args, **kwargs))

    # Rooms

    async def join(self, name: str, peer: Peer) -> Room:
        """Add the peer to the room, opening it first if needed. Concurrent first joins
        share the same room object and all wait for the same load."""
        room = self.rooms.get(name)
        if room is None:
            room = Room(self, name)
            self.rooms[name] = room
            self.loop.create_task(self._open(room))
        room.cancel_eviction()
        await room.ready.wait()
        if room.failed:
            raise RoomUnavailable(name)
        room.welcome(peer)
        return room

    async def _open(self, room: Room) -> None:
        try:
            await self._subscribe(room)  # first: nothing published during the load is missed
            room.apply_stored(await self.run_read(store.load_room, room.name))
        except Exception as exc:
            room.fail(exc)
            return
        room.ready.set()
        if not room.peers:
            room.schedule_eviction()

    def evict(self, room: Room) -> None:
        self.forget(room)
        if room.edited_since_checkpoint:
            self.loop.create_task(self._checkpoint(room))

    def forget(self, room: Room) -> None:
        if self.rooms.get(room.name) is room:
            del self.rooms[room.name]
        room.cancel_eviction()
        self.loop.create_task(self._unsubscribe(room))

    # Compaction and automatic checkpoints, off the hot path

    def maintain(self, room: Room, *, compact: bool) -> None:
        room.maintaining = True
        self.loop.create_task(self._maintain(room, compact))

    async def _maintain(self, room: Room, compact: bool) -> None:
        try:
            if room.edited_since_checkpoint and room._needs_checkpoint():
                await self._checkpoint(room)
            if compact:
                result = await self.run_read(store.compact_room, room.name)
                if result is not None:
                    room.snapshot_bytes = result.snapshot_bytes
                    room.log_count = max(room.log_count - result.merged_rows, 0)
                    room.log_bytes = max(room.log_bytes - result.merged_bytes, 0)
        except Exception:
            log.exception("room %s: maintenance failed (the log is intact)", room.name)
        finally:
            room.maintaining = False

    async def _checkpoint(self, room: Room) -> None:
        room.edited_since_checkpoint = False
        room.last_checkpoint = time.monotonic()
        try:
            await self.run_read(store.checkpoint_room, room.name, kind=VersionKind.AUTO)
        except Exception:
            log.exception("room %s: automatic checkpoint failed", room.name)

    # People's access changes: one process channel in every `rt.user.<id>` group watched

    async def watch_user(self, user_id: int, callback: AccessCallback) -> None:
        watchers = self._user_watchers.setdefault(user_id, set())
        watchers.add(callback)
        if len(watchers) == 1:
            await self.layer.group_add(user_group(user_id), await self._process_channel())

    async def unwatch_user(self, user_id: int, callback: AccessCallback) -> None:
        watchers = self._user_watchers.get(user_id, set())
        watchers.discard(callback)
        if not watchers and self._user_watchers.pop(user_id, None) is not None:
            channel = await self._process_channel()
            await self.layer.group_discard(user_group(user_id), channel)

    async def _process_channel(self) -> str:
        if self._own_channel is None:
            self._own_channel = await self.layer.new_channel()
            self.loop.create_task(self._read_process_channel(self._own_channel))
        return self._own_channel

    async def _read_process_channel(self, channel: str) -> None:
        while True:
            try:
                message = await self.layer.receive(channel)
            except Exception:
                log.warning("access watch: channel layer receive failed", exc_info=True)
                await asyncio.sleep(1)
                continue
            if message.get("type") == "rt.access":
                for callback in list(self._user_watchers.get(message.get("user_id", 0), ())):
                    self.loop.create_task(callback())

    # Channel layer

    async def _subscribe(self, room: Room) -> None:
        # Default prefix on purpose: channels_redis reads all of a process's channels of one
        # prefix from one Redis list; channels under several prefixes starve each other.
        channel = await self.layer.new_channel()
        await self.layer.group_add(room.group, channel)
        self._channels[room] = (channel, self.loop.create_task(self._read_group(room, channel)))

    async def _unsubscribe(self, room: Room) -> None:
        channel, task = self._channels.pop(room, (None, None))
        if channel is None or task is None:
            return
        task.cancel()
        try:
            await self.layer.group_discard(room.group, channel)
        except Exception:
            log.warning("room %s: could not leave its group", room.name, exc_info=True)

    async def _read_group(self, room: Room, channel: str) -> None:
        await room.ready.wait()
        while not room.failed:
            try:
                message = await self.layer.receive(channel)
            except Exception:  # Redis unreachable: retry; local editing goes on meanwhile
                log.warning("room %s: channel layer receive failed", room.name, exc_info=True)
                await asyncio.sleep(1)
                continue
            try:
                room.receive_group(message)
            except Exception as exc:
                room.fail(exc)

    async def _refresh_groups(self) -> None:
        while True:
            await asyncio.sleep(GROUP_REFRESH_SECONDS)
            groups = [(room.group, channel) for room, (channel, _t) in self._channels.items()]
            if self._own_channel is not None:
                groups += [(user_group(u), self._own_channel) for u in self._user_watchers]
            for group, channel in groups:
                try:
                    await self.layer.group_add(group, channel)
                except Exception:
                    log.warning("could not refresh group %s", group, exc_info=True)

    def publish_update(self, room: Room, update: bytes) -> None:
        if self.cross_process:
            message = {"type": "rt.update", "origin": self.process_id, "update": update}
            self._outgoing.put_nowait((room.group, message))

    def publish_awareness(self, room: Room, frame: bytes) -> None:
        if self.cross_process:
            message = {"type": "rt.awareness", "origin": self.process_id, "frame": frame}
            self._outgoing.put_nowait((room.group, message))

    async def _publish_loop(self) -> None:
        while True:
            group, message = await self._outgoing.get()
            try:
                await self.layer.group_send(group, message)
            except Exception:
                log.exception("could not publish to %s", group)


_engines: dict[asyncio.AbstractEventLoop, Engine] = {}


def get_engine() -> Engine:
    """The engine of the running event loop (created on first use)."""
    loop = asyncio.get_running_loop()
    engine = _engines.get(loop)
    if engine is None:
        for old in [lp for lp in _engines if lp.is_closed()]:
            del _engines[old]
        engine = _engines[loop] = Engine()
    return engine
