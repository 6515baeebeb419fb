"""Run the real `ruche` console script, and a real served instance, in a temporary data dir.

Subprocesses always use SQLite in their own data directory and the in-memory channel
layer, whatever database the test run itself uses, so they never touch its data."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

RUCHE = str(Path(sys.executable).parent / "ruche")
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long enough passphrase"


def ruche_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RUCHE_", "DJANGO_"))}
    env.update({"RUCHE_DATA_DIR": str(data_dir), "RUCHE_HTTPS": "0", "RUCHE_LOG_LEVEL": "INFO"})
    env.update(extra)
    return {name: value for name, value in env.items() if value != ""}


def instance_env(data_dir: Path) -> dict[str, str]:
    """The environment of a real instance, with the test settings' fast password hasher."""
    return ruche_env(data_dir, DJANGO_SETTINGS_MODULE="tests.settings", PYTHONPATH=str(ROOT))


def ruche(data_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [RUCHE, *args], env=instance_env(data_dir), cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    if check and result.returncode != 0:
        raise AssertionError(f"ruche {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServedRuche:
    """`ruche serve` on a free port; `stop()` returns everything it logged."""

    def __init__(self, data_dir: Path, *extra_args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir / f"serve-{self.port}.log"
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [RUCHE, "serve", "--port", str(self.port), *extra_args],
            env=instance_env(data_dir),
            cwd=ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"ruche serve exited:\n{self.stop()}")
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=1).close()  # noqa: S310
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise AssertionError(f"ruche serve did not answer:\n{self.stop()}")

    def get(self, path: str, **headers: str) -> tuple[int, bytes]:
        request = urllib.request.Request(f"{self.url}{path}", headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        return self.log_path.read_text()
