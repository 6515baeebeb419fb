"""Real Ruche servers for websocket tests: `ruche serve` subprocesses on free ports, each
on a throwaway data directory (SQLite) or a shared PostgreSQL database."""

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RUCHE = str(Path(sys.executable).parent / "ruche")
NODE_CLIENT = ROOT / "tests" / "js" / "client.mjs"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def node_available() -> bool:
    return shutil.which("node") is not None and (ROOT / "node_modules" / "y-websocket").exists()


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RUCHE_", "DJANGO_"))}
    env.update(
        RUCHE_DATA_DIR=str(data_dir), RUCHE_HTTPS="0", RUCHE_SECRET_KEY="tests-" + "k" * 40,
        RUCHE_LOG_LEVEL="WARNING", RUCHE_REALTIME_EVICT_SECONDS="1",
        DJANGO_SETTINGS_MODULE="ruche.settings", PYTHONPATH=str(ROOT),
    )  # fmt: skip
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([RUCHE, *args], env=env, cwd=ROOT, check=True, capture_output=True)


def seed(env: dict[str, str], *args: str) -> Any:
    result = subprocess.run(
        [sys.executable, "-m", "tests.realtime.seed", *args],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


class RucheServer:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.port = free_port()
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def ws(self, path: str, token: str) -> str:
        return f"ws://127.0.0.1:{self.port}{path}?token={token}"

    def start(self) -> "RucheServer":
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [RUCHE, "serve", "--port", str(self.port)],
                env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while not reachable("127.0.0.1", self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("server did not start:\n" + self.log.read_text()[-3000:])
            time.sleep(0.05)
        return self

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


class NodeClient:
    """tests/js/client.mjs in a subprocess: unmodified yjs + y-websocket over `ws`."""

    def __init__(self, server: RucheServer, pad: str, token: str) -> None:
        self.args = [str(NODE_CLIENT), f"ws://127.0.0.1:{server.port}/ws/pads", pad, token]
        self.events: list[dict[str, Any]] = []
        self._changed = asyncio.Event()

    async def start(self) -> "NodeClient":
        self.process = await asyncio.create_subprocess_exec(
            "node", *self.args, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for line in self.process.stdout:
            self.events.append(json.loads(line))
            self._changed.set()

    async def wait_for(self, event: str, within: float = 15.0) -> dict[str, Any]:
        async with asyncio.timeout(within):
            while True:
                for item in self.events:
                    if item.get("event") == event:
                        self.events.remove(item)
                        return item
                self._changed.clear()
                await self._changed.wait()

    async def send(self, **command: Any) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(command) + "\n").encode())
        await self.process.stdin.drain()
        if command["cmd"] != "exit":
            await self.wait_for("state" if command["cmd"] == "state" else "done")

    async def state(self) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(b'{"cmd": "state"}\n')
        await self.process.stdin.drain()
        return await self.wait_for("state")

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


async def eventually(check: Any, within: float = 15.0, interval: float = 0.05) -> Any:
    """Await `check()` until it returns something truthy (or fail after `within` seconds)."""
    async with asyncio.timeout(within):
        while True:
            result = await check()
            if result:
                return result
            await asyncio.sleep(interval)
