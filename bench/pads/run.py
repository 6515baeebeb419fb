"""`make bench-pads`: Ruche side by side with Hocuspocus and the y-websocket reference server.

Starts each server in turn on a fresh data directory, drives the same Node client harness
(bench/pads/harness.mjs) through the scenarios, stops it, then prints one side-by-side table
and writes the figures as JSON under bench/results/. Not a test: nothing here asserts.

    python bench/pads/run.py [--servers ruche,hocuspocus,y-websocket]
                             [--scenarios trace,authors,memory] [--trace PATH] [--quick] [--pg]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_TRACE = REPO.parent / "shared" / "data" / "editing-traces" / "automerge-paper.json.gz"
RESULTS = REPO / "bench" / "results"
ALL_SERVERS = ("ruche", "hocuspocus", "y-websocket")
ALL_SCENARIOS = ("trace", "authors", "memory")
AUTHOR_STEPS = (10, 25, 50, 100, 200)


def say(message: str) -> None:
    print(f"[bench-pads {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port} after {seconds} s")


def process_tree(pid: int) -> list[int]:
    """The server's pid and its descendants (uvicorn workers, if any)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


@dataclass
class Server:
    """One server under test: how to start it, reach it and read what it stored."""

    name: str
    workdir: Path
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None
    docs: dict[str, object] = field(default_factory=dict)
    log: Path | None = None
    framing: ClassVar[str] = "yws"

    def command(self) -> tuple[list[str], dict[str, str]]:
        raise NotImplementedError

    def url_template(self) -> str:
        raise NotImplementedError

    def prepare(self, pads: int) -> None:
        """Create what the scenarios need (documents are created on first join by default)."""
        self.docs = {"trace": "trace", "authors": [f"authors-{n}" for n in AUTHOR_STEPS]}
        self.docs["memory"] = [f"memory-{i:04d}" for i in range(pads)]

    def start(self) -> None:
        self.port = self.port or free_port()
        cmd, env = self.command()
        self.log = self.workdir / f"{self.name}.log"
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=HERE
            )
        wait_for_port(self.port, self.proc)
        time.sleep(0.5)

    def stop(self) -> None:
        if not self.proc or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def pids(self) -> list[int]:
        return process_tree(self.proc.pid) if self.proc else []

    def target(self) -> dict[str, str]:
        return {"framing": self.framing, "urlTemplate": self.url_template()}

    def stored_bytes(self) -> dict[str, int] | None:
        return None

    def log_tail(self, lines: int = 15) -> str:
        if not self.log or not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


class YWebsocket(Server):
    """The y-websocket 1.5.4 reference server (bin/server.js), documents in memory."""

    def command(self) -> tuple[list[str], dict[str, str]]:
        env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(self.port)}
        env.pop("YPERSISTENCE", None)
        return ["node", str(HERE / "node_modules/y-websocket/bin/server.js")], env

    def url_template(self) -> str:
        return f"ws://127.0.0.1:{self.port}/{{doc}}"


class Hocuspocus(Server):
    """@hocuspocus/server 4 with @hocuspocus/extension-sqlite (debounced stores, 2 s)."""

    framing: ClassVar[str] = "hocuspocus"

    @property
    def database(self) -> Path:
        return self.workdir / "hocuspocus.sqlite"

    def command(self) -> tuple[list[str], dict[str, str]]:
        script = str(HERE / "servers/hocuspocus.mjs")
        return ["node", script, str(self.port), str(self.database)], dict(os.environ)

    def url_template(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    def stored_bytes(self) -> dict[str, int] | None:
        files = [self.database, Path(f"{self.database}-wal")]
        on_disk = sum(f.stat().st_size for f in files if f.exists())
        with sqlite3.connect(self.database) as db:
            row = db.execute(
                "SELECT length(data) FROM documents WHERE name = ?", (self.docs["trace"],)
            ).fetchone()
        return {"stored": on_disk, "documentRow": int(row[0]) if row else 0}


class Ruche(Server):
    """`ruche serve` on a temporary RUCHE_DATA_DIR (embedded SQLite, or PostgreSQL with --pg)."""

    def __init__(self, *args: object, pg: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.pg = pg
        self.token = ""
        self.database_url = ""
        if pg:
            self.database_url = (
                f"postgres://postgres@127.0.0.1:5432/ruche_bench_{secrets.token_hex(4)}"
            )

    @property
    def ruche(self) -> str:
        venv = REPO / ".venv" / "bin" / "ruche"
        return str(venv) if venv.exists() else "ruche"

    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "RUCHE_DATA_DIR": str(self.workdir / "data"),
            "RUCHE_SECRET_KEY": "bench-" + secrets.token_hex(16),
            "RUCHE_DEBUG": "0",
            "RUCHE_HTTPS": "0",
            "RUCHE_LOG_LEVEL": "WARNING",
            # The set-up creates a thousand pads through the API in a few seconds.
            "RUCHE_API_WRITES_PER_MINUTE": "1000000",
        }
        if self.database_url:
            env["RUCHE_DATABASE_URL"] = self.database_url
        return env

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [self.ruche, *args], env=self.env(), capture_output=True, text=True, cwd=REPO
        )
        if done.returncode != 0:
            raise RuntimeError(f"ruche {' '.join(args)} failed: {done.stderr.strip()[-2000:]}")
        return done.stdout

    def setup(self) -> None:
        if self.pg:
            create_pg_database(self.database_url)
        (self.workdir / "data").mkdir(exist_ok=True)
        self.manage("migrate", "--no-input")
        password = self.workdir / "password"
        password.write_text(secrets.token_urlsafe(24) + "\n")
        self.manage(
            "createuser", "bench@example.org", "--name", "Bench", "--password-file", str(password)
        )
        self.token = self.manage("token", "create", "bench@example.org").strip().splitlines()[-1]

    def command(self) -> tuple[list[str], dict[str, str]]:
        return [self.ruche, "serve", "--port", str(self.port)], self.env()

    def url_template(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/pads/{{doc}}?token={self.token}"

    def api(self, method: str, path: str, body: dict[str, object]) -> dict[str, object]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/v1{path}",
            data=json.dumps(body).encode(),
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (http only)
            return json.loads(response.read())  # type: ignore[no-any-return]

    def prepare(self, pads: int) -> None:
        space = self.api("POST", "/spaces", {"name": "Bench", "kind": "community"})
        new_pad = lambda title: str(  # noqa: E731
            self.api("POST", f"/spaces/{space['id']}/pads", {"title": title})["id"]
        )
        self.docs = {
            "trace": new_pad("trace"),
            "authors": [new_pad(f"authors {n}") for n in AUTHOR_STEPS],
            "memory": [new_pad(f"memory {i}") for i in range(pads)],
        }

    def stored_bytes(self) -> dict[str, int] | None:
        room = f"pad:{self.docs['trace']}"
        queries = {
            "updates": "SELECT COALESCE(SUM(size), 0), COUNT(*) FROM realtime_documentupdate "
            "WHERE room = %s",
            "snapshot": "SELECT COALESCE(SUM(length(state)), 0), COUNT(*) "
            "FROM realtime_documentsnapshot WHERE room = %s",
            "versions": "SELECT COALESCE(SUM(length(state)), 0), COUNT(*) "
            "FROM realtime_documentversion WHERE room = %s",
        }
        found = {k: run_sql(self, q, room) for k, q in queries.items()}
        return {
            "stored": found["updates"][0] + found["snapshot"][0],
            "updateRows": found["updates"][1],
            "updateBytes": found["updates"][0],
            "snapshotBytes": found["snapshot"][0],
            "versionBytes": found["versions"][0],
            "versions": found["versions"][1],
        }

    def cleanup(self) -> None:
        if self.pg:
            drop_pg_database(self.database_url)


def run_sql(server: Ruche, query: str, param: str) -> tuple[int, int]:
    if server.pg:
        sql = query.replace("%s", "'" + param.replace("'", "''") + "'")
        out = subprocess.run(
            [
                "psql",
                server.database_url,
                "-At",
                "-F",
                ",",
                "-c",
                sql.replace("length(", "octet_length("),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        a, b = out.split(",")
        return int(a), int(b)
    with sqlite3.connect(server.workdir / "data" / "ruche.sqlite3") as db:
        a, b = db.execute(query.replace("%s", "?"), (param,)).fetchone()
        return int(a), int(b)


def create_pg_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    subprocess.run(
        ["psql", url.rsplit("/", 1)[0] + "/postgres", "-c", f"CREATE DATABASE {name}"],
        check=True,
        capture_output=True,
    )


def drop_pg_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    subprocess.run(
        ["psql", url.rsplit("/", 1)[0] + "/postgres", "-c", f"DROP DATABASE IF EXISTS {name}"],
        capture_output=True,
    )


def harness(scenario: str, options: dict[str, object], timeout: float) -> dict[str, object]:
    try:
        done = subprocess.run(
            ["node", str(HERE / "harness.mjs"), scenario, json.dumps(options)],
            stdout=subprocess.PIPE,
            stderr=None,
            text=True,
            timeout=timeout,
            cwd=HERE,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"harness {scenario} timed out after {timeout:.0f} s"}
    lines = done.stdout.strip().splitlines()
    if not lines:
        return {"error": f"harness {scenario} printed nothing (exit {done.returncode})"}
    return json.loads(lines[-1])  # type: ignore[no-any-return]


@dataclass
class Plan:
    scenarios: tuple[str, ...]
    trace: str | None
    quick: bool

    @property
    def pads(self) -> int:
        return 100 if self.quick else 1000

    @property
    def author_steps(self) -> list[int]:
        return [10, 50] if self.quick else list(AUTHOR_STEPS)


def bench_server(server: Server, plan: Plan) -> dict[str, object]:
    result: dict[str, object] = {}
    say(f"{server.name}: starting")
    if isinstance(server, Ruche):
        server.setup()
    server.start()
    prepared = time.monotonic()
    server.prepare(plan.pads)
    result["prepareSeconds"] = round(time.monotonic() - prepared, 1)
    say(f"{server.name}: listening on {server.port} (pids {server.pids()})")
    if "trace" in plan.scenarios:
        options: dict[str, object] = {
            "target": server.target(),
            "doc": server.docs["trace"],
            "trace": plan.trace,
            "observers": 10,
            "window": int(os.environ.get("WINDOW") or 100),
            "serverPids": server.pids(),
        }
        if plan.quick:
            options["edits"] = 20000
        say(f"{server.name}: scenario 1, trace replay to 10 observers")
        trace = harness("trace", options, timeout=900)
        result["trace"] = trace
        time.sleep(3)  # let the clients' departure reach the server
        server.stop()  # at rest: what the server keeps on disk
        result["stored"] = server.stored_bytes()
        server.start()
        if isinstance(server, YWebsocket):
            result["cold"] = {"skipped": "in memory: nothing survives a restart"}
        else:
            # First connection after a restart, then the pad alone once the process is warm.
            cold_options = {**options, "expectChars": trace.get("endContentChars")}
            result["coldFirst"] = harness("cold", cold_options, timeout=120)
            server.restart()
            warm_up = {**options, "doc": server.docs["memory"][0], "expectChars": 0}
            harness("cold", warm_up, timeout=120)
            result["cold"] = harness("cold", cold_options, timeout=120)
        say(f"{server.name}: trace {json.dumps(trace)}")
        say(
            f"{server.name}: stored {result['stored']}, cold {result.get('cold')}, "
            f"first connection after restart {result.get('coldFirst')}"
        )
    if "memory" in plan.scenarios:
        server.restart()
        say(f"{server.name}: scenario 3, {plan.pads} pads x 3 clients")
        memory = harness(
            "memory",
            {
                "target": server.target(),
                "docs": server.docs["memory"][: plan.pads],
                "serverPids": server.pids(),
            },
            timeout=600,
        )
        result["memory"] = memory
        say(f"{server.name}: memory {json.dumps(memory)}")
    if "authors" in plan.scenarios:
        server.restart()
        say(
            f"{server.name}: scenario 2, authors {plan.author_steps} at 5 edits/s + as many readers"
        )
        authors_options = {
            "target": server.target(),
            "docs": server.docs["authors"],
            "authors": plan.author_steps,
            "seconds": 3 if plan.quick else 8,
            "serverPids": server.pids(),
        }
        result["authors"] = harness("authors", authors_options, timeout=600)
    alive = server.proc is not None and server.proc.poll() is None
    if not alive:
        result["serverDied"] = server.log_tail()
    server.stop()
    errors = server.log_tail(30)
    if "Traceback" in errors or "Error" in errors:
        result["serverLogTail"] = errors
    return result


# ---------- the table ----------


def dig(data: dict[str, object], *path: str) -> object:
    current: object = data
    for key in path:
        if not isinstance(current, dict) or key not in current:
            return None
        current = current[key]
    return current


def step(data: dict[str, object], authors: int, key: str) -> object:
    for s in dig(data, "authors", "steps") or []:  # type: ignore[union-attr]
        if s.get("authors") == authors:
            return s.get(key, "skip" if s.get("skipped") else "err" if s.get("error") else None)
    return None


def rows(
    results: dict[str, dict[str, object]], plan: Plan
) -> list[tuple[str, str, dict[str, object]]]:
    """(label, unit kind, value per server). Unit kind: 'hi' (higher is better), 'lo', 'info'."""
    out: list[tuple[str, str, dict[str, object]]] = []

    def add(label: str, kind: str, get: object) -> None:
        out.append((label, kind, {name: get(r) for name, r in results.items()}))  # type: ignore[operator]

    if "trace" in plan.scenarios:
        add("1. trace updates/s", "hi", lambda r: dig(r, "trace", "updatesPerSecond"))
        add("1. updates/s, first / last tenth", "info", tenths)
        add("1. delivery p50 (ms)", "lo", lambda r: dig(r, "trace", "latencyMs", "p50"))
        add("1. delivery p99 (ms)", "lo", lambda r: dig(r, "trace", "latencyMs", "p99"))
        add(
            "1. server CPU during replay (%)", "info", lambda r: dig(r, "trace", "serverCpuPercent")
        )
        add("1. observers with endContent", "info", lambda r: dig(r, "trace", "observersMatching"))
        add("3. stored bytes after trace", "lo", lambda r: dig(r, "stored", "stored"))
        add("3. compacted document bytes", "info", lambda r: dig(r, "trace", "compactedBytes"))
        add(
            "3. stored / compacted",
            "lo",
            lambda r: ratio(dig(r, "stored", "stored"), dig(r, "trace", "compactedBytes")),
        )
        add("3. cold load of the pad (ms)", "lo", lambda r: dig(r, "cold", "coldLoadMs"))
        add("3. cold load has the whole text", "info", lambda r: dig(r, "cold", "matchesTrace"))
        add(
            "3. same, first connection after restart",
            "lo",
            lambda r: dig(r, "coldFirst", "coldLoadMs"),
        )
    if "authors" in plan.scenarios:
        for n in plan.author_steps:
            add(f"2. {n} authors p50/p95/p99 (ms)", "info", lambda r, n=n: triple(r, n))
            add(f"2. {n} authors p95 (ms)", "lo", lambda r, n=n: step(r, n, "p95"))
        add("2. knee: authors where p95 > 250 ms", "hi", knee)
        add("2. server CPU % per step", "info", lambda r: per_step(r, "serverCpuPercent"))
        add("2. harness CPU % per step", "info", lambda r: per_step(r, "harnessCpuPercent"))
    if "memory" in plan.scenarios:
        add(
            f"3. RSS, {plan.pads} pads x 3 clients (MiB)",
            "lo",
            lambda r: dig(r, "memory", "rssThreePerPadMiB"),
        )
        add("3. RSS before (MiB)", "info", lambda r: dig(r, "memory", "rssBeforeMiB"))
        add("3. memory per open pad (KiB)", "lo", lambda r: dig(r, "memory", "perPadKiB"))
        add("3. memory per connection (KiB)", "lo", lambda r: dig(r, "memory", "perConnectionKiB"))
    return out


def triple(r: dict[str, object], n: int) -> str | None:
    values = [step(r, n, k) for k in ("p50", "p95", "p99")]
    return None if all(v is None for v in values) else "/".join(fmt(v) for v in values)


def tenths(r: dict[str, object]) -> str | None:
    values = dig(r, "trace", "updatesPerSecondByTenth")
    if not isinstance(values, list) or len(values) < 10:
        return None
    return f"{fmt(values[0])} / {fmt(values[-1])}"


def per_step(r: dict[str, object], key: str) -> str | None:
    steps = dig(r, "authors", "steps")
    if not isinstance(steps, list):
        return None
    return "/".join(fmt(s.get(key)) for s in steps)


def knee(r: dict[str, object]) -> object:
    if dig(r, "authors", "kneeAuthors"):
        return dig(r, "authors", "kneeAuthors")
    beyond = dig(r, "authors", "kneeBeyond")
    return f">{beyond}" if beyond else None


def ratio(a: object, b: object) -> float | None:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b:
        return round(a / b, 2)
    return None


def fmt(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(results: dict[str, dict[str, object]], plan: Plan) -> str:
    names = list(results)
    peers = [n for n in names if n != "ruche"]
    header = ["metric", *names] + ([f"ruche/{p}" for p in peers] if "ruche" in names else [])
    lines = [header]
    for label, kind, values in rows(results, plan):
        line = [label, *(fmt(values[n]) for n in names)]
        if "ruche" in names:
            line += [
                fmt(ratio(values["ruche"], values[p])) if kind != "info" else "" for p in peers
            ]
        lines.append(line)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = []
    for i, line in enumerate(lines):
        text.append(
            "  ".join(
                cell.ljust(widths[c]) if c == 0 else cell.rjust(widths[c])
                for c, cell in enumerate(line)
            )
        )
        if i == 0:
            text.append("  ".join("-" * w for w in widths))
    return "\n".join(text)


def machine() -> dict[str, object]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "node": node,
        "kernel": platform.release(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--servers", default=os.environ.get("SERVERS") or ",".join(ALL_SERVERS))
    parser.add_argument(
        "--scenarios", default=os.environ.get("SCENARIOS") or ",".join(ALL_SCENARIOS)
    )
    parser.add_argument(
        "--trace",
        default=os.environ.get("TRACE") or str(DEFAULT_TRACE),
        help="an editing trace in josephg's format (.json or .json.gz); synthetic if absent",
    )
    parser.add_argument("--quick", action="store_true", default=os.environ.get("QUICK") == "1")
    parser.add_argument(
        "--pg",
        action="store_true",
        default=os.environ.get("PG") == "1",
        help="run Ruche on the local PostgreSQL instead of SQLite",
    )
    args = parser.parse_args(argv)
    servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    scenarios = tuple(s.strip() for s in args.scenarios.split(",") if s.strip())
    unknown = (set(servers) - set(ALL_SERVERS)) | (set(scenarios) - set(ALL_SCENARIOS))
    if unknown:
        parser.error(f"unknown server or scenario: {', '.join(sorted(unknown))}")
    if not (HERE / "node_modules").exists():
        parser.error("run `npm ci` in bench/pads first (make bench-pads does it)")
    trace = args.trace if Path(args.trace).exists() else None
    if trace is None:
        say(f"no trace at {args.trace}: using the synthetic trace")
    plan = Plan(scenarios=scenarios, trace=trace, quick=args.quick)
    started = time.monotonic()
    load_at_start = Path("/proc/loadavg").read_text().split()[:3]
    results: dict[str, dict[str, object]] = {}
    for name in servers:
        workdir = Path(tempfile.mkdtemp(prefix=f"bench-pads-{name}-"))
        kinds = {"ruche": Ruche, "hocuspocus": Hocuspocus, "y-websocket": YWebsocket}
        server = Ruche(name, workdir, pg=args.pg) if name == "ruche" else kinds[name](name, workdir)
        try:
            results[name] = bench_server(server, plan)
        except Exception as err:  # one server failing must not lose the others' figures
            results[name] = {
                "error": f"{type(err).__name__}: {err}",
                "serverLogTail": server.log_tail(30),
            }
            say(f"{name}: FAILED {results[name]['error']}")
        finally:
            server.stop()
            if isinstance(server, Ruche):
                server.cleanup()
            shutil.rmtree(workdir, ignore_errors=True)
    report = {
        "loadAverage": {
            "start": load_at_start,
            "end": Path("/proc/loadavg").read_text().split()[:3],
        },
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "plan": {"scenarios": scenarios, "trace": trace, "quick": args.quick, "pg": args.pg},
        "seconds": round(time.monotonic() - started),
        "results": results,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"pads-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2))
    print()
    print(table(results, plan))
    for name, r in results.items():
        for key in ("error", "serverDied"):
            if r.get(key):
                print(f"\n{name}: {key}: {r[key]}")
        for scenario in ("trace", "cold", "coldFirst", "memory", "authors"):
            error = dig(r, scenario, "error")
            if error:
                print(f"\n{name}: {scenario} failed: {str(error)[:1500]}")
    box = report["machine"]
    print(f"\n{box['cpu']}, {box['cores']} cores, node {box['node']}; load {report['loadAverage']}")
    print(f"{report['seconds']} s; JSON: {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
