"""`/ws/boards/<uuid>`: a board's live view, presence list and timer, per viewer.

The server never broadcasts card content: a change reaches each connection as "the board
changed", and each connection re-reads its own viewer's `board_document`, so hidden cards
and anonymity hold on the socket as in the API. Clients write through the API.

Close codes: 4401 not authenticated, 4404 unknown or hidden board, 4403 access lost.
"""

import json
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.serializers.json import DjangoJSONEncoder

from ruche.accounts.models import User
from ruche.boards import selectors
from ruche.boards.live import board_group
from ruche.core.errors import NotFound
from ruche.realtime.kinds import user_group

CLOSE_UNAUTHENTICATED = 4401
CLOSE_ACCESS_LOST = 4403
CLOSE_NOT_FOUND = 4404


def _viewer_document(actor: User, board_id: str) -> dict[str, Any]:
    board = selectors.board_get(actor=actor, board_id=board_id)
    return selectors.board_document(actor=actor, board=board)


class BoardConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    @classmethod
    async def encode_json(cls, content: Any) -> str:
        return json.dumps(content, cls=DjangoJSONEncoder)

    async def connect(self) -> None:
        self.user = self.scope.get("user")
        self.board_id = str(self.scope["url_route"]["kwargs"]["board_id"])
        self.group = board_group(self.board_id)
        self.present: dict[str, str] = {}
        self.joined = False
        if self.user is None or not self.user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        try:
            document = await database_sync_to_async(_viewer_document)(self.user, self.board_id)
        except NotFound:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.channel_layer.group_add(user_group(self.user.pk), self.channel_name)
        self.joined = True
        await self.accept()
        await self.send_json({"type": "board", "board": document})
        await self._announce("presence.join")

    async def disconnect(self, code: int) -> None:
        if getattr(self, "joined", False):
            await self._announce("presence.leave")
            await self.channel_layer.group_discard(self.group, self.channel_name)
            await self.channel_layer.group_discard(user_group(self.user.pk), self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "refresh":
            await self.board_changed({})

    async def board_changed(self, message: dict[str, Any]) -> None:
        try:
            document = await database_sync_to_async(_viewer_document)(self.user, self.board_id)
        except NotFound:
            await self.close(code=CLOSE_ACCESS_LOST)
            return
        await self.send_json({"type": "board", "board": document})

    async def rt_access(self, message: dict[str, Any]) -> None:
        """The person's memberships changed: ask the gate again (closes with 4403 if lost)."""
        await self.board_changed(message)

    async def _announce(self, kind: str) -> None:
        await self.channel_layer.group_send(self.group, {
            "type": kind, "channel": self.channel_name, "name": self.user.public_name,
        })  # fmt: skip

    async def presence_join(self, message: dict[str, Any]) -> None:
        self.present[message["channel"]] = message["name"]
        if message["channel"] != self.channel_name:
            await self.channel_layer.send(message["channel"], {
                "type": "presence.here", "channel": self.channel_name,
                "name": self.user.public_name,
            })  # fmt: skip
        await self._send_presence()

    async def presence_here(self, message: dict[str, Any]) -> None:
        self.present[message["channel"]] = message["name"]
        await self._send_presence()

    async def presence_leave(self, message: dict[str, Any]) -> None:
        self.present.pop(message["channel"], None)
        await self._send_presence()

    async def _send_presence(self) -> None:
        await self.send_json({"type": "presence", "names": sorted(set(self.present.values()))})
