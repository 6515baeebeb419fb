"""Consumers hold no domain rules: authenticate, call the gate, hand bytes to the room.

Close codes: 4401 not authenticated, 4403 access lost, 4404 unknown or hidden object,
4400 malformed frame, 4410 document deleted, 1011 the room failed (reconnect to resync).
"""

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from ruche.core.errors import NotFound
from ruche.realtime.engine import get_engine
from ruche.realtime.kinds import RoomAccess, resolve_room_access
from ruche.realtime.peers import Peer
from ruche.realtime.rooms import CLOSE_ROOM_FAILED, Room, RoomUnavailable

log = logging.getLogger("ruche.realtime")
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

CLOSE_UNAUTHENTICATED = 4401
CLOSE_ACCESS_LOST = 4403
CLOSE_NOT_FOUND = 4404


class WhoAmIConsumer(AsyncWebsocketConsumer):
    """Tells a client who the server thinks it is: a probe for websocket authentication."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        await self.accept()
        await self.send(text_data=json.dumps({"id": user.pk, "display_name": user.public_name}))


class DocumentConsumer:
    """`/ws/<kind>s/<uuid>`: the y-websocket protocol for one room.

    A plain ASGI application rather than a Channels consumer: Channels dispatches each
    frame through new tasks and a thread hop (close_old_connections), which costs more
    than the rest of the engine per update. Access changes arrive through the engine's
    per-process watch of `rt.user.<id>` groups instead of a channel per connection."""

    @classmethod
    def as_asgi(cls) -> "DocumentConsumer":
        return cls()

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await _Connection(scope, receive, send).run()


class _Connection:
    def __init__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        self.scope, self.receive, self.send = scope, receive, send
        self.user: Any = scope.get("user")
        self.peer: Peer | None = None

    async def run(self) -> None:
        if (await self.receive())["type"] != "websocket.connect":
            return
        if self.user is None or not self.user.is_authenticated:
            await self._refuse(CLOSE_UNAUTHENTICATED)
            return
        try:
            access = await self._resolve()
        except NotFound:
            await self._refuse(CLOSE_NOT_FOUND)
            return
        await self.send({"type": "websocket.accept"})
        await self._serve(access)

    async def _serve(self, access: RoomAccess) -> None:
        engine = get_engine()
        self.peer = peer = Peer(
            user_id=self.user.pk, can_write=access.can_write, send=self._send_bytes,
            close=self._close,
        )  # fmt: skip
        await engine.watch_user(self.user.pk, self._access_changed)
        try:
            room = await engine.join(access.room, peer)
        except RoomUnavailable:
            peer.stop()
            await engine.unwatch_user(self.user.pk, self._access_changed)
            await self._close(CLOSE_ROOM_FAILED)
            return
        try:
            await self._pump(room, peer)
        finally:
            room.leave(peer)
            await engine.unwatch_user(self.user.pk, self._access_changed)

    async def _pump(self, room: Room, peer: Peer) -> None:
        while True:
            message = await self.receive()
            if message["type"] == "websocket.receive":
                data = message.get("bytes")
                if data:
                    room.receive(peer, data)
            elif message["type"] == "websocket.disconnect":
                return

    async def _refuse(self, code: int) -> None:
        # Accept first: a close before accepting becomes an HTTP 403 and loses the code.
        await self.send({"type": "websocket.accept"})
        await self._close(code)

    async def _resolve(self) -> RoomAccess:
        kwargs = self.scope["url_route"]["kwargs"]
        access: RoomAccess = await database_sync_to_async(resolve_room_access)(
            kwargs["kind"], self.user, str(kwargs["object_id"])
        )
        return access

    async def _access_changed(self) -> None:
        """Someone's membership changed: ask the gate again; close or adjust the right."""
        if self.peer is None or self.peer.closed:
            return
        try:
            access = await self._resolve()
        except NotFound:
            self.peer.kick(CLOSE_ACCESS_LOST)
            return
        self.peer.can_write = access.can_write

    async def _send_bytes(self, data: bytes) -> None:
        await self.send({"type": "websocket.send", "bytes": data})

    async def _close(self, code: int) -> None:
        try:
            await self.send({"type": "websocket.close", "code": code})
        except Exception:  # already closed by the client
            log.debug("close after disconnect", exc_info=True)
