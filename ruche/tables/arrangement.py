"""Saved views of a table: checking what a view says (sort keys, filters, group-by column,
hidden columns) and arranging a table's rows accordingly.

The grid applies the same rules in the browser (`frontend/tables/arrange.js`): filters and
sort keys compare stored values (docs/tables.md, "Views"); empty cells sort last in both
directions; groups come in ascending order of their value, the empty group last.
"""

import re
from dataclasses import dataclass, field
from functools import cmp_to_key
from typing import Any

from django.utils.translation import gettext as _

from ruche.core.errors import Invalid
from ruche.core.text import without_accents
from ruche.tables.document import Column, Row, TableContent

FILTER_OPS = ("contains", "equals", "not_equals", "empty", "not_empty", "gt", "lt")
MAX_SORT_KEYS = 5
MAX_FILTERS = 20
COLUMN_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
DIGIT_RUNS = re.compile(r"(\d+)")


# ---------- checking a view ----------


def _column_id(value: Any, *, blank: bool = False) -> str:
    if blank and value in (None, ""):
        return ""
    if not isinstance(value, str) or not COLUMN_ID.match(value):
        raise Invalid(_("A view names columns by their id."))
    return value


def sort_clean(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list) or len(value) > MAX_SORT_KEYS:
        raise Invalid(_("A view sorts by at most %(n)d columns.") % {"n": MAX_SORT_KEYS})
    keys = []
    for key in value:
        if not isinstance(key, dict) or key.get("direction", "asc") not in ("asc", "desc"):
            raise Invalid(_('A sort key is {"column": id, "direction": "asc" or "desc"}.'))
        direction = key.get("direction", "asc")
        keys.append({"column": _column_id(key.get("column")), "direction": direction})
    return keys


def filters_clean(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or len(value) > MAX_FILTERS:
        raise Invalid(_("A view has at most %(n)d filters.") % {"n": MAX_FILTERS})
    cleaned = []
    for spec in value:
        if not isinstance(spec, dict) or spec.get("op", "contains") not in FILTER_OPS:
            raise Invalid(_("Unknown filter: use one of %(ops)s.") % {"ops": ", ".join(FILTER_OPS)})
        operand = spec.get("value", "")
        if not isinstance(operand, str | int | float | bool) or len(str(operand)) > 500:
            raise Invalid(_("A filter compares with a short text, a number or yes/no."))
        column = _column_id(spec.get("column"), blank=True)
        cleaned.append({"column": column, "op": spec.get("op", "contains"), "value": operand})
    return cleaned


def hidden_clean(value: Any) -> list[str]:
    if not isinstance(value, list) or len(value) > 500:
        raise Invalid(_("Hidden columns are a list of column ids."))
    return list(dict.fromkeys(_column_id(v) for v in value))


def group_by_clean(value: Any) -> str:
    return _column_id(value, blank=True)


# ---------- arranging rows ----------


@dataclass
class Group:
    value: Any
    rows: list[str] = field(default_factory=list)
    totals: dict[str, float] = field(default_factory=dict)


@dataclass
class Arranged:
    columns: list[Column]
    rows: list[Row]
    groups: list[Group] | None
    totals: dict[str, float]


def value_text(value: Any) -> str:
    """A stored value as the text filters compare (lists joined, booleans true/false)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "; ".join(value_text(v) for v in value)
    return str(value)


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        return None


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def compare_values(x: Any, y: Any) -> int:
    """Ascending order of two non-empty stored values: numbers numerically and before
    texts, texts without regard to case."""
    x_num = isinstance(x, int | float) and not isinstance(x, bool)
    y_num = isinstance(y, int | float) and not isinstance(y, bool)
    if x_num and y_num:
        return (x > y) - (x < y)
    if x_num != y_num:
        return -1 if x_num else 1
    a, b = text_key(value_text(x)), text_key(value_text(y))
    return (a > b) - (a < b)


def text_key(text: str) -> tuple[Any, ...]:
    """Sort texts as people expect (and as the grid's Intl.Collator does, roughly): accents
    and case aside first, numbers inside texts by value ("item 9" before "item 10")."""
    bare = without_accents(text).casefold()
    parts = tuple(
        (0, int(p), "") if p.isdecimal() else (1, 0, p) for p in DIGIT_RUNS.split(bare) if p
    )
    return parts, text.casefold()


def _matches(spec: dict[str, Any], cells: dict[str, Any], column_ids: list[str]) -> bool:
    op, operand = spec["op"], spec["value"]
    values = [cells.get(spec["column"])] if spec["column"] else [cells.get(c) for c in column_ids]
    if op == "empty":
        return all(_empty(v) for v in values)
    if op == "not_empty":
        return any(not _empty(v) for v in values)
    wanted = value_text(operand).casefold()
    if op == "not_equals":
        return all(value_text(v).casefold() != wanted for v in values)
    return any(_match_one(op, v, operand, wanted) for v in values if not _empty(v))


def _match_one(op: str, value: Any, operand: Any, wanted: str) -> bool:
    if op == "contains":
        return wanted in value_text(value).casefold()
    if op == "equals":
        return value_text(value).casefold() == wanted
    left, right = _number(value), _number(operand)
    if left is not None and right is not None:
        return left > right if op == "gt" else left < right
    text = value_text(value)
    return text > value_text(operand) if op == "gt" else text < value_text(operand)


Labels = dict[str, dict[str, str]]


def _labelled(labels: Labels, column_id: str, value: Any) -> Any:
    """What a value sorts as: the label shown for it (a person's name, a link's title)."""
    return labels.get(column_id, {}).get(value_text(value), value)


def _sorted(rows: list[Row], keys: list[dict[str, str]], labels: Labels) -> list[Row]:
    def compare(a: Row, b: Row) -> int:
        for key in keys:
            column = key["column"]
            x, y = a.cells.get(column), b.cells.get(column)
            if _empty(x) or _empty(y):
                result = _empty(x) - _empty(y)
            else:
                x, y = _labelled(labels, column, x), _labelled(labels, column, y)
                result = compare_values(x, y) * (-1 if key["direction"] == "desc" else 1)
            if result:
                return result
        return 0

    return sorted(rows, key=cmp_to_key(compare)) if keys else rows


def _totals(rows: list[Row], columns: list[Column]) -> dict[str, float]:
    totals = {}
    for column in columns:
        if column.type == "number":
            total = sum(
                v for r in rows if isinstance(v := r.cells.get(column.id), int | float)
                and not isinstance(v, bool)
            )  # fmt: skip
            totals[column.id] = round(total, 9)
    return totals


def _grouped(rows: list[Row], column_id: str, columns: list[Column], labels: Labels) -> list[Group]:
    members: dict[str, list[Row]] = {}
    values: dict[str, Any] = {}
    for row in rows:
        value = row.cells.get(column_id)
        key = "" if _empty(value) else value_text(value)
        members.setdefault(key, []).append(row)
        values.setdefault(key, None if key == "" else value)

    def order(a: str, b: str) -> int:
        if a == "" or b == "":
            return (a == "") - (b == "")
        return compare_values(
            _labelled(labels, column_id, values[a]), _labelled(labels, column_id, values[b])
        )

    return [
        Group(value=values[key], rows=[r.id for r in members[key]],
              totals=_totals(members[key], columns))
        for key in sorted(members, key=cmp_to_key(order))
    ]  # fmt: skip


def arrange(
    content: TableContent, *, sort: list[dict[str, str]], filters: list[dict[str, Any]],
    group_by: str = "", hidden: list[str] | None = None, labels: Labels | None = None,
) -> Arranged:  # fmt: skip
    """The rows a view shows, in its order, grouped if it says so, with number totals.
    `labels` (column id -> stored value -> label) makes people and links sort by the
    names and titles shown rather than by their ids."""
    known = {c.id for c in content.columns}
    column_ids = [c.id for c in content.columns]
    active = [f for f in filters if not f["column"] or f["column"] in known]
    rows = [r for r in content.rows if all(_matches(f, r.cells, column_ids) for f in active)]
    rows = _sorted(rows, [k for k in sort if k["column"] in known], labels or {})
    shown = [c for c in content.columns if c.id not in set(hidden or [])]
    groups = _grouped(rows, group_by, shown, labels or {}) if group_by in known else None
    if groups is not None:
        by_id = {r.id: r for r in rows}
        rows = [by_id[rid] for group in groups for rid in group.rows]
    return Arranged(columns=shown, rows=rows, groups=groups, totals=_totals(rows, shown))
