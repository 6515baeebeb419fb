"""`make bench-library`: import, search and bibliography figures for a space's library.

Runs in-process against a fresh database (SQLite in a temporary data directory, or
PostgreSQL with --pg), through the same services the API calls. Prints figures and writes
them as JSON under bench/results/. Not a test: nothing here asserts.

    python bench/library/run.py [--import-entries 10000] [--library-size 50000]
                                [--queries 200] [--bibliography 1000] [--pg] [--analyze]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
RESULTS = REPO / "bench" / "results"
WORDS_TEXT = (
    "économie sociale solidaire formation professionnelle coopérative mutuelle association "
    "territoire emploi insertion gouvernance démocratie travail apprentissage pédagogie "
    "compétences évaluation réseau europe transition écologique commun entreprise"
)
WORDS = WORDS_TEXT.split()
FAMILIES = ("Caire", "Rosbapé", "Laville", "Müller", "Núñez", "O'Brien", "van der Berg", "Łukasz")
TYPES = ("article", "book", "incollection", "inproceedings", "techreport", "phdthesis", "misc")


def say(message: str) -> None:
    print(f"[bench-library {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def bibtex_entries(count: int, seed: int, offset: int = 0) -> str:
    """Varied synthetic entries: macros, accents in LaTeX, months, crossrefs, keywords."""
    rng = random.Random(seed)
    out = ['@string{jss = "Journal of Solidarity Studies"}\n']
    for n in range(offset, offset + count):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))
        family = rng.choice(FAMILIES).replace("é", "{\\'e}").replace("ü", '{\\"u}')
        entry_type = rng.choice(TYPES)
        out.append(
            f"@{entry_type}{{key{n},\n  author = {{{family}, Ann and Other, B.}},\n"
            f"  title = {{{title.capitalize()} {n}}},\n  journal = jss,\n"
            f"  year = {rng.randint(1970, 2026)}, month = {rng.choice(['jan', 'jun', 'dec'])},\n"
            f"  pages = {{{n % 300}--{n % 300 + 20}}}, doi = {{10.9999/bench.{n}}},\n"
            f"  keywords = {{{rng.choice(WORDS)}, {rng.choice(WORDS)}}}\n}}\n"
        )
    return "".join(out)


def setup_django(pg: bool) -> str | None:
    data_dir = tempfile.mkdtemp(prefix="ruche-bench-library-")
    os.environ["RUCHE_DATA_DIR"] = data_dir
    os.environ.setdefault("RUCHE_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "ruche.settings"
    database = None
    if pg:
        database = f"ruche_bench_library_{os.getpid()}"
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc",
                        f"CREATE DATABASE {database}"], check=True)  # fmt: skip
        os.environ["RUCHE_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    sys.path.insert(0, str(REPO))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return database


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def bench_import(actor, space, entries: int) -> dict:
    from ruche.library.services import items_import

    data = bibtex_entries(entries, seed=1).encode()
    result, seconds = timed(items_import, actor=actor, space=space, data=data,
                            file_format="bibtex")  # fmt: skip
    say(f"import {entries} BibTeX entries ({len(data) / 1e6:.1f} MB): {seconds:.2f} s, "
        f"{result.imported} imported, {len(result.skipped)} skipped")  # fmt: skip
    return {"entries": entries, "seconds": round(seconds, 3), "imported": result.imported}


def fill(actor, space, total: int, already: int) -> None:
    from ruche.library.services import items_import

    chunk = 10_000
    for start in range(already, total, chunk):
        data = bibtex_entries(min(chunk, total - start), seed=start, offset=start).encode()
        items_import(actor=actor, space=space, data=data, file_format="bibtex",
                     keep_duplicates=True)  # fmt: skip
        say(f"library filled to {min(start + chunk, total)} items")


def bench_search(space, queries: int) -> dict:
    from ruche.library.models import Tag
    from ruche.library.selectors import ItemFilters, item_search

    rng = random.Random(7)
    tags = list(Tag.objects.filter(library__space=space).values_list("name", flat=True))
    timings: list[float] = []
    cpu: list[float] = []
    for n in range(queries):
        filters = ItemFilters(q=" ".join(rng.sample(WORDS, rng.randint(1, 2))))
        if n % 2:
            filters.year_from, filters.year_to = 1990, 2015
        if n % 3 == 0:
            filters.tag = rng.choice(tags)
        if n % 5 == 0:
            filters.item_type, filters.sort = "article-journal", "-year"
        if n % 7 == 0:
            filters.creator = rng.choice(FAMILIES)[:4]
        started, cpu_started = time.perf_counter(), time.process_time()
        # What GET /spaces/{id}/library/items does: the total and the first page, with details.
        item_search(space=space, filters=filters, start=0, limit=50)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    wall, own = _percentiles(timings), _percentiles(cpu)
    say(f"search over the library, {queries} queries with filters (total + first page): "
        f"wall clock p50 {wall['p50_ms']} ms, p95 {wall['p95_ms']} ms; "
        f"CPU time of this process p50 {own['p50_ms']} ms, p95 {own['p95_ms']} ms; "
        f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    return {"queries": queries, "wall": wall, "cpu": own, "load_average": os.getloadavg()}


def _percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return {"p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1),
            "max_ms": round(ordered[-1], 1)}  # fmt: skip


def bench_bibliography(actor, space, count: int) -> dict:
    """What GET .../bibliography does for `count` items: read them, format them (reusing the
    entries kept in the database), in three states of the kept entries."""
    from ruche.library.citations import builtin_style_xml
    from ruche.library.entry_cache import bibliography_format_cached
    from ruche.library.models import FormattedEntry, Item
    from ruche.library.services import item_update

    def formatted(style: str):
        rows = Item.objects.filter(library__space=space).order_by("title_key", "id")
        items = [{"id": str(pk), **csl} for pk, csl in rows.values_list("id", "csl")[:count]]
        return bibliography_format_cached(style_xml=builtin_style_xml(style), style=style,
                                          locale="fr-FR", items=items)  # fmt: skip

    figures: dict = {"items": count}
    for style in ("apa", "iso690-author-date-fr"):
        FormattedEntry.objects.all().delete()
        result, cold = timed(formatted, style)
        _again, warm = timed(formatted, style)
        first = Item.objects.filter(library__space=space).order_by("title_key", "id")[:count]
        for item in first[: count // 100]:  # 1% of the items edited since
            item_update(actor=actor, item=item, changes={"page": "1-99"})
        _edited, after_edits = timed(formatted, style)
        say(f"bibliography of {len(result.entries_html)} items in {style} (HTML and text): "
            f"nothing kept {cold:.2f} s, all kept {warm:.3f} s, "
            f"after {count // 100} items edited {after_edits:.2f} s")  # fmt: skip
        figures[style] = {"nothing_kept_s": round(cold, 3), "all_kept_s": round(warm, 3),
                          "after_edits_s": round(after_edits, 3)}  # fmt: skip
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--import-entries", type=int, default=10_000)
    parser.add_argument("--library-size", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--bibliography", type=int, default=1000)
    parser.add_argument("--pg", action="store_true", help="PostgreSQL at 127.0.0.1 instead")
    parser.add_argument("--analyze", action="store_true",
                        help="ANALYZE after filling, as autovacuum soon would")  # fmt: skip
    args = parser.parse_args()
    database = setup_django(args.pg)
    try:
        run(args)
    finally:
        if database:
            from django.db import connections

            connections.close_all()
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc",
                            f"DROP DATABASE IF EXISTS {database}"], check=False)  # fmt: skip


def run(args: argparse.Namespace) -> None:
    from django.db import connection

    from ruche.accounts.services import user_create
    from ruche.spaces.models import Membership, Space

    actor = user_create(email="bench@example.org", display_name="Bench", password="x" * 20,
                        check_password=False)  # fmt: skip
    space = Space.objects.create(name="Bench cohort", kind="cohort")
    Membership.objects.create(space=space, user=actor, role="facilitator")
    figures = {"machine": platform.platform(), "python": platform.python_version(),
               "cpus": os.cpu_count(), "database": connection.vendor,
               "date": datetime.now(UTC).isoformat(timespec="seconds"),
               "load_average": os.getloadavg()}  # fmt: skip
    say(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    figures["import"] = bench_import(actor, space, args.import_entries)
    fill(actor, space, args.library_size, args.import_entries)
    if args.analyze:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        figures["analyzed"] = True
    figures["search"] = bench_search(space, args.queries)
    figures["bibliography"] = bench_bibliography(actor, space, args.bibliography)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    out = RESULTS / f"library-{connection.vendor}-{stamp}.json"
    out.write_text(json.dumps(figures, indent=2))
    say(f"figures written to {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
