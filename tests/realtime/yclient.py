"""A small y-websocket client on pycrdt + websockets, for tests: the Python side of the
protocol, written from the protocol description (docs/realtime.md)."""

import asyncio
import contextlib
from typing import Any

import websockets
from pycrdt import (
    Doc,
    Text,
    XmlFragment,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)

from ruche.realtime.protocol import MESSAGE_AWARENESS, MESSAGE_SYNC, SYNC_STEP2, parse_message


class YClient:
    def __init__(self, url: str, doc: Doc | None = None) -> None:
        self.url = url
        self.doc = doc or Doc()
        self.synced = asyncio.Event()
        self.closed = asyncio.Event()
        self.close_code: int | None = None
        self.awareness_frames: list[bytes] = []
        self.ws: Any = None
        self._task: asyncio.Task[None] | None = None
        self._sub: Any = None
        self.offline = False

    async def connect(self) -> "YClient":
        self.ws = await websockets.connect(self.url, max_size=None)
        self.synced.clear()
        self.closed.clear()
        self._task = asyncio.create_task(self._read())
        with contextlib.suppress(websockets.ConnectionClosed):
            await self.ws.send(create_sync_message(self.doc))
        if self._sub is None:
            self._sub = self.doc.observe(self._on_local_update)
        self.offline = False
        return self

    def _on_local_update(self, event: Any) -> None:
        if self.offline or self.ws is None or getattr(self, "_applying", False):
            return
        asyncio.get_running_loop().create_task(self._send(create_update_message(event.update)))

    async def _send(self, frame: bytes) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            await self.ws.send(frame)

    async def send_raw(self, frame: bytes) -> None:
        await self.ws.send(frame)

    async def _read(self) -> None:
        try:
            async for frame in self.ws:
                if isinstance(frame, str):
                    continue
                message = parse_message(frame)
                if message.type == MESSAGE_AWARENESS:
                    self.awareness_frames.append(frame)
                    continue
                if message.type != MESSAGE_SYNC:
                    continue
                self._applying = True
                try:
                    reply = handle_sync_message(frame[1:], self.doc)
                finally:
                    self._applying = False
                if reply is not None:
                    await self.ws.send(reply)
                if message.step == SYNC_STEP2:
                    self.synced.set()
        except websockets.ConnectionClosed:
            pass
        finally:
            self.close_code = self.ws.close_code
            self.closed.set()

    async def go_offline(self) -> None:
        self.offline = True
        await self.ws.close()
        await self.closed.wait()

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            await self.closed.wait()

    def text(self, name: str = "text") -> Text:
        return self.doc.get(name, type=Text)

    def fragment(self, name: str = "default") -> XmlFragment:
        return self.doc.get(name, type=XmlFragment)


async def wait_until(predicate: Any, within: float = 10.0, interval: float = 0.02) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + within
    while not predicate():
        if loop.time() > end:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(interval)
