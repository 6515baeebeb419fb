"""The grid (frontend/tables/arrange.js, run in Node) and the API (arrangement.py) arrange
rows the same way for the same view: filters, sort keys (accents, case, numbers inside
texts, empty cells last), groups with their counts and totals."""

import json
import subprocess
from pathlib import Path

import pytest

from ruche.tables.arrangement import arrange
from ruche.tables.document import Column, Row, TableContent
from tests.realtime.servers import node_available

pytestmark = pytest.mark.skipif(not node_available(), reason="needs node")
ROOT = Path(__file__).resolve().parents[2]
COLUMNS = [
    Column(id="name", name="Name"), Column(id="theme", name="Theme", type="choice"),
    Column(id="budget", name="Budget", type="number"),
    Column(id="seen", name="Seen", type="yes_no"), Column(id="day", name="Day", type="date"),
    Column(id="who", name="Who", type="person"),
]  # fmt: skip
ROWS = [
    Row("r1", {"name": "Épicerie", "theme": "Food", "budget": 1200, "seen": True,
               "day": "2026-03-15", "who": "7"}),
    Row("r2", {"name": "habitat", "theme": "Housing", "budget": 300.5, "day": "2026-01-02"}),
    Row("r3", {"name": "Café", "theme": "Food", "budget": 800, "seen": False, "who": "12"}),
    Row("r4", {"name": "atelier 10", "budget": 50}),
    Row("r5", {"name": "atelier 9", "theme": "Housing", "seen": True, "day": "2025-12-31"}),
    Row("r6", {"name": "Zoo", "theme": "Food", "budget": -20, "who": "3"}),
    Row("r7", {}),
]  # fmt: skip
VIEWS = [
    {"sort": [{"column": "name", "direction": "asc"}]},
    {"sort": [{"column": "name", "direction": "desc"}]},
    {"sort": [{"column": "budget", "direction": "desc"}, {"column": "name", "direction": "asc"}]},
    {"sort": [{"column": "day", "direction": "asc"}]},
    {"group_by": "theme", "sort": [{"column": "budget", "direction": "asc"}]},
    {"group_by": "seen"},
    {"group_by": "budget", "hidden": ["day"]},
    {"filters": [{"column": "budget", "op": "gt", "value": 100}]},
    {"filters": [{"column": "budget", "op": "lt", "value": "100"}]},
    {"filters": [{"column": "", "op": "contains", "value": "ATELIER"}]},
    {"filters": [{"column": "theme", "op": "empty", "value": ""}]},
    {"filters": [{"column": "theme", "op": "not_empty", "value": ""},
                 {"column": "seen", "op": "equals", "value": True}]},
    {"filters": [{"column": "theme", "op": "not_equals", "value": "food"}]},
    {"filters": [{"column": "day", "op": "gt", "value": "2026-01-01"}], "group_by": "theme"},
    {"filters": [{"column": "gone", "op": "equals", "value": "x"}], "group_by": "gone"},
    {"sort": [{"column": "who", "direction": "asc"}]},
    {"group_by": "who"},
]  # fmt: skip

# People sort by name (Bruno, élodie, Zoé), not by id (3, 7, 12).
LABELS = {"who": {"7": "élodie", "12": "Bruno", "3": "Zoé"}}


def in_node(view):
    body = {
        "columns": [{"id": c.id, "name": c.name, "type": c.type} for c in COLUMNS],
        "rows": [{"id": r.id, "cells": r.cells} for r in ROWS], "view": view,
        "labels": LABELS,
    }  # fmt: skip
    done = subprocess.run(
        ["node", str(ROOT / "tests/tables/js/arrange-cli.mjs")], input=json.dumps(body),
        capture_output=True, text=True, check=True, cwd=ROOT, timeout=30,
    )  # fmt: skip
    return json.loads(done.stdout)


@pytest.mark.parametrize("view", VIEWS, ids=[json.dumps(v)[:60] for v in VIEWS])
def test_grid_and_api_arrange_alike(view):
    ours = arrange(
        TableContent(columns=COLUMNS, rows=ROWS), sort=view.get("sort", []),
        filters=view.get("filters", []), group_by=view.get("group_by", ""),
        hidden=view.get("hidden", []), labels=LABELS,
    )  # fmt: skip
    theirs = in_node(view)
    assert theirs["rows"] == [r.id for r in ours.rows]
    assert theirs["totals"] == pytest.approx(ours.totals)
    if ours.groups is None:
        assert theirs["groups"] is None
        return
    assert [(g["value"], g["count"], g["rows"]) for g in theirs["groups"]] == [
        (g.value, len(g.rows), g.rows) for g in ours.groups
    ]
    assert [g["totals"] for g in theirs["groups"]] == [g.totals for g in ours.groups]
