"""`make bench-tables`: import a 50,000-row CSV; open and scroll a 10,000 x 12 table in
Chromium (time to first render, to editable, browser memory, server memory).

Runs against a fresh SQLite data directory: imports go through the same service the API
calls, in this process; the grid is served by a real `ruche serve` subprocess and opened
in Debian's Chromium with Playwright. Prints figures and writes them as JSON under
bench/results/. Not a test: nothing here asserts.

    python bench/tables/run.py [--import-rows 50000] [--grid-rows 10000] [--columns 12]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
RESULTS = REPO / "bench" / "results"
RUCHE = str(Path(sys.executable).parent / "ruche")
CHROMIUM = os.environ.get("RUCHE_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "bench password " + "x" * 8
WORDS = ("coopérative", "insertion", "formation", "territoire", "Zoé", "学习", "mutuelle",
         "économie", "solidaire", "évaluation")  # fmt: skip


def say(message: str) -> None:
    print(f"[bench-tables {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def csv_bytes(rows: int, columns: int, seed: int = 7) -> bytes:
    """French-spreadsheet CSV: `;`, decimal commas, dd/mm/yyyy dates, yes/no, text."""
    rng = random.Random(seed)
    kinds = ["text", "number", "date", "yes_no"]
    header = ";".join(f"{kinds[c % 4]} {c}" for c in range(columns))
    lines = [header]
    for r in range(rows):
        cells = []
        for c in range(columns):
            kind = kinds[c % 4]
            if kind == "text":
                cells.append(f"{rng.choice(WORDS)} {r}")
            elif kind == "number":
                cells.append(f"{rng.randint(0, 99999)},{rng.randint(0, 99):02d}")
            elif kind == "date":
                cells.append(f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2026")
            else:
                cells.append(rng.choice(("oui", "non")))
        lines.append(";".join(cells))
    return ("\r\n".join(lines) + "\r\n").encode()


def setup_django(data_dir: str) -> None:
    os.environ.update(
        RUCHE_DATA_DIR=data_dir, RUCHE_HTTPS="0", RUCHE_LOG_LEVEL="WARNING",
        RUCHE_SECRET_KEY="bench-" + "k" * 40, DJANGO_SETTINGS_MODULE="ruche.settings",
    )  # fmt: skip
    sys.path.insert(0, str(REPO))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def people_and_space():
    from ruche.accounts.services import user_create
    from ruche.spaces.models import Membership, Space

    user = user_create(email="bench@example.org", display_name="Bench", password=PASSWORD,
                       check_password=False)  # fmt: skip
    space = Space.objects.create(name="Bench", kind="community")
    Membership.objects.create(space=space, user=user, role="facilitator")
    return user, space


def bench_import(user, space, rows: int, columns: int) -> dict[str, float]:
    from ruche.tables.services import table_import

    data = csv_bytes(rows, columns)
    started = time.perf_counter()
    table, imported = table_import(actor=user, space_id=space.id, data=data, filename="b.csv")
    seconds = time.perf_counter() - started
    say(f"import {rows} rows x {columns} columns ({len(data) / 1e6:.1f} MB): {seconds:.2f} s")
    return {"rows": rows, "columns": columns, "bytes": len(data), "seconds": round(seconds, 2),
            "types": sorted({c.type for c in imported.columns})}  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(port: int, log: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([RUCHE, "serve", "--port", str(port)], cwd=REPO,
                               env=dict(os.environ), stdout=log.open("ab"),
                               stderr=subprocess.STDOUT)  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start: " + log.read_text()[-2000:])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


SCROLL = """async () => {
  const body = document.querySelector(".tg-body");
  const frames = [];
  let last = performance.now();
  const steps = 60;
  for (let i = 1; i <= steps; i += 1) {
    body.scrollTop = (body.scrollHeight - body.clientHeight) * i / steps;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const now = performance.now();
    frames.push(now - last);
    last = now;
  }
  frames.sort((a, b) => a - b);
  const cells = document.querySelectorAll("[role=gridcell]").length;
  const lastRow = document.querySelector(".tg-rows [role=row]:last-child");
  return { p50: frames[Math.floor(frames.length / 2)], max: frames[frames.length - 1], cells,
           lastRow: lastRow?.getAttribute("aria-rowindex") };
}"""
MARKS = """() => {
  const at = (name) => Math.round(performance.getEntriesByName(name)[0]?.startTime ?? -1);
  const nav = performance.getEntriesByType("navigation")[0];
  const script = performance.getEntriesByType("resource")
    .find((r) => r.name.includes("table-grid"));
  return { html_ms: Math.round(nav.responseEnd), script_ms: Math.round(script?.responseEnd ?? -1),
           dom_ready_ms: Math.round(nav.domContentLoadedEventEnd),
           first_paint_mark_ms: at("ruche-table-first-paint"),
           synced_ms: at("ruche-table-synced"), rows_drawn_ms: at("ruche-table-first-rows") };
}"""
# First render: the first cell drawn with its text (from the rows served with the page, or
# from the document if it came first). Editable: the same once the Yjs document is synced.
FIRST_CELL = """() => new Promise((resolve) => {
  const ready = () => document.querySelector("#tg-c-0-0")?.textContent;
  const check = () => (ready() ? resolve(performance.now()) : requestAnimationFrame(check));
  check();
})"""
EDITABLE = """() => new Promise((resolve) => {
  const ready = () => document.querySelector("#tg-c-0-0")?.textContent
    && document.querySelector("#table-grid[data-synced=true]");
  const check = () => (ready() ? resolve(performance.now()) : requestAnimationFrame(check));
  check();
})"""


def bench_grid(user, space, rows: int, columns: int, data_dir: str) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    from ruche.tables.services import table_import

    data = csv_bytes(rows, columns, seed=11)
    table, _imported = table_import(actor=user, space_id=space.id, data=data, filename="g.csv")
    port = free_port()
    server = serve(port, Path(data_dir) / "server.log")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        rss_idle = rss_mb(server.pid)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--enable-precise-memory-info"]
            )
            context = browser.new_context(
                base_url=f"http://127.0.0.1:{port}", viewport={"width": 1280, "height": 900}
            )
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.on("pageerror", lambda error: say(f"page error: {error}"))
            page.on("console", lambda m: say(f"console: {m.text}") if m.type == "error" else None)
            page.goto("/accounts/login/")
            page.get_by_label("Email").fill(user.email)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url("**/")
            figures = []
            for attempt in ("cold", "warm"):
                started = time.perf_counter()
                page.goto(f"/tables/{table.id}/")
                first_render_ms = page.evaluate(FIRST_CELL)
                wall = time.perf_counter() - started
                editable_ms = page.evaluate(EDITABLE)
                marks = page.evaluate(MARKS)
                figures.append({"run": attempt, "first_render_ms": round(first_render_ms),
                                "editable_ms": round(editable_ms), "wall_s": round(wall, 2),
                                **marks})  # fmt: skip
                say(f"{attempt}: first render {first_render_ms:.0f} ms after navigation start "
                    f"(wall {wall:.2f} s), editable at {editable_ms:.0f} ms; {marks}")  # fmt: skip
            scroll = page.evaluate(SCROLL)
            cdp = page.context.new_cdp_session(page)
            cdp.send("HeapProfiler.collectGarbage")
            heap = page.evaluate("() => performance.memory.usedJSHeapSize") / 1e6
            rss_open = rss_mb(server.pid)
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    say(f"scroll 60 steps: frame p50 {scroll['p50']:.0f} ms, max {scroll['max']:.0f} ms, "
        f"{scroll['cells']} cells in the DOM")  # fmt: skip
    say(f"browser JS heap {heap:.1f} MB; server RSS {rss_idle} MB idle, {rss_open} MB with the "
        f"table open")  # fmt: skip
    return {"rows": rows, "columns": columns, "loads": figures, "scroll": scroll,
            "js_heap_mb": round(heap, 1), "server_rss_idle_mb": rss_idle,
            "server_rss_open_mb": rss_open}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--grid-rows", type=int, default=10_000)
    parser.add_argument("--columns", type=int, default=12)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="ruche-bench-tables-")
    setup_django(data_dir)
    user, space = people_and_space()
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },  # fmt: skip
        "load_average": os.getloadavg(),
        "import": bench_import(user, space, args.import_rows, args.columns),
        "grid": bench_grid(user, space, args.grid_rows, args.columns, data_dir),
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"tables-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    say(f"written {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
