"""A connection's side of a room: who it is, whether it may write, and its outbox.

Everything sent to a client goes through its outbox, in order, from one task: a slow
client never holds up the room, and updates queued while it was slow leave as ONE merged
update (Yjs updates merge losslessly).
"""

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from pycrdt import merge_updates

from ruche.realtime.protocol import update_message

log = logging.getLogger("ruche.realtime")

SendBytes = Callable[[bytes], Awaitable[None]]
CloseWith = Callable[[int], Coroutine[Any, Any, None]]
COALESCE_BYTES = 4096  # Yrs merges slowly past a few hundred structs


class Peer:
    def __init__(
        self, *, user_id: int | None, can_write: bool, send: SendBytes, close: CloseWith
    ) -> None:
        self.user_id = user_id
        self.can_write = can_write
        self.awareness_clients: set[int] = set()
        self._send = send
        self._close = close
        self._outbox: deque[tuple[bool, bytes]] = deque()
        self._wake = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._run())
        self.closed = False

    def push_update(self, update: bytes) -> None:
        self._outbox.append((True, update))
        self._wake.set()

    def push_frame(self, frame: bytes) -> None:
        self._outbox.append((False, frame))
        self._wake.set()

    def kick(self, code: int) -> None:
        """Close the connection (from any task); the consumer's disconnect cleans up."""
        if self.closed:
            return
        self.closed = True
        self._task.cancel()
        asyncio.get_running_loop().create_task(self._close(code))

    def stop(self) -> None:
        self.closed = True
        self._task.cancel()

    async def _run(self) -> None:
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                while self._outbox:
                    await self._send(self._next_frame())
        except asyncio.CancelledError:
            raise
        except Exception:  # the socket went away: the consumer's disconnect will follow
            log.debug("send to a peer failed", exc_info=True)

    def _next_frame(self) -> bytes:
        is_update, data = self._outbox.popleft()
        if not is_update:
            return data
        run, size = [data], len(data)
        while self._outbox and self._outbox[0][0] and size < COALESCE_BYTES:
            run.append(self._outbox.popleft()[1])
            size += len(run[-1])
        return update_message(run[0] if len(run) == 1 else merge_updates(*run))
