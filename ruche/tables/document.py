"""The live content of a table: a Yjs document in the room `table:<uuid>` (docs/tables.md).

    columns   Y.Map  column id -> Y.Map {name, type, width, options, pos}
    rows      Y.Map  row id    -> Y.Map {column id -> plain value}
    row_pos   Y.Map  row id    -> position key

Every cell is its own map entry, so edits to different cells never touch the same key;
two writes to the same cell resolve as Yjs resolves concurrent map writes (the higher
client id wins, on every replica). Order is a fractional position key per row and per
column (compared as strings, ties broken by id): moving a row rewrites one entry and
concurrent moves cannot duplicate it, as they could in a Y.Array.
"""

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pycrdt import Doc, Map

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
DEFAULT_WIDTH = 160.0


@dataclass
class Column:
    id: str
    name: str
    type: str = "text"
    width: float = DEFAULT_WIDTH
    options: list[str] = field(default_factory=list)


@dataclass
class Row:
    id: str
    cells: dict[str, Any]


@dataclass
class TableContent:
    columns: list[Column]
    rows: list[Row]


def new_column_id() -> str:
    # Short: the column id is repeated in every cell of the document.
    return "c" + "".join(secrets.choice(DIGITS) for _ in range(5))


def new_row_id() -> str:
    return "r" + secrets.token_hex(6)


# ---------- positions ----------


def position_between(before: str, after: str | None) -> str:
    """A key sorting strictly between `before` ("" = start) and `after` (None = end).
    Keys never end in the smallest digit, so there is always room below them."""
    if after is not None:
        common = 0
        while (before[common] if common < len(before) else "0") == after[common]:
            common += 1
        if common:
            return after[:common] + position_between(before[common:], after[common:])
    low = DIGITS.index(before[0]) if before else 0
    high = DIGITS.index(after[0]) if after is not None else len(DIGITS)
    if high - low > 1:
        return DIGITS[(low + high + 1) // 2]
    if after is not None and len(after) > 1:
        return after[:1]
    return DIGITS[low] + position_between(before[1:], None)


def positions(count: int) -> list[str]:
    """`count` increasing keys for a fresh table (fixed width, then the middle digit)."""
    width, capacity = 1, len(DIGITS)
    while capacity < count:
        width, capacity = width + 1, capacity * len(DIGITS)
    return [_base62(index, width) + "V" for index in range(count)]


def _base62(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, digit = divmod(number, len(DIGITS))
        digits.append(DIGITS[digit])
    return "".join(reversed(digits))


# ---------- reading ----------


def doc_load(*parts: bytes | None) -> Doc:
    """A document from a state, or from a snapshot and the updates after it, in order."""
    doc: Doc = Doc()
    for part in parts:
        if part:
            doc.apply_update(part)
    return doc


def _maps(doc: Doc) -> tuple[Map, Map, Map]:
    return (
        doc.get("columns", type=Map),
        doc.get("rows", type=Map),
        doc.get("row_pos", type=Map),
    )


def content_read(state: bytes) -> TableContent:
    """The columns and rows of a state, in order; tolerant of whatever clients wrote."""
    columns_map, rows_map, row_pos = _maps(doc_load(state))
    specs = {
        cid: spec for cid, spec in (columns_map.to_py() or {}).items() if isinstance(spec, dict)
    }
    column_ids = sorted(specs, key=lambda cid: (str(specs[cid].get("pos", "")), cid))
    rows = rows_map.to_py() or {}
    order = row_pos.to_py() or {}
    row_ids = sorted(rows, key=lambda rid: (str(order.get(rid, "~")), rid))
    return TableContent(
        columns=[_column(cid, specs[cid]) for cid in column_ids],
        rows=[Row(id=rid, cells=_cells(rows[rid])) for rid in row_ids],
    )


@dataclass
class FirstRows:
    """The start of a table, cheap to read from a large document: the grid paints it while
    its Yjs document loads (docs/tables.md, "Speed")."""

    columns: list[Column]
    rows: list[Row]
    count: int


def content_first_rows(doc: Doc, limit: int) -> FirstRows:
    """The columns, the first `limit` rows in order and the row count, reading only those
    rows' cells into Python (all of them would take seconds for 10,000 rows; totals too)."""
    columns_map, rows_map, row_pos = _maps(doc)
    specs = {
        cid: spec for cid, spec in (columns_map.to_py() or {}).items() if isinstance(spec, dict)
    }
    columns = [_column(cid, specs[cid]) for cid in sorted(
        specs, key=lambda cid: (str(specs[cid].get("pos", "")), cid))]  # fmt: skip
    order = {str(k): str(v) for k, v in (row_pos.to_py() or {}).items()}
    row_ids = sorted(rows_map.keys(), key=lambda rid: (order.get(rid, "~"), rid))
    rows = []
    for rid in row_ids[:limit]:
        row = rows_map.get(rid)
        rows.append(Row(id=rid, cells=_cells(row.to_py() if isinstance(row, Map) else None)))
    return FirstRows(columns=columns, rows=rows, count=len(row_ids))


def _column(cid: str, spec: dict[str, Any]) -> Column:
    width = spec.get("width")
    options = spec.get("options")
    return Column(
        id=cid,
        name=str(spec.get("name", "")),
        type=str(spec.get("type", "text")),
        width=float(width) if isinstance(width, int | float) else DEFAULT_WIDTH,
        options=[str(o) for o in options] if isinstance(options, list) else [],
    )


def _cells(row: Any) -> dict[str, Any]:
    if not isinstance(row, dict):
        return {}
    return {key: _plain(value) for key, value in row.items() if value is not None}


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


# ---------- writing ----------


def update_make(state: bytes, change: Callable[[Doc], None]) -> bytes:
    """Apply `change` to a copy of the state and return just the resulting update."""
    doc = doc_load(state) if state else Doc()
    before = doc.get_state()
    with doc.transaction():
        change(doc)
    return doc.get_update(before)


def columns_put(doc: Doc, columns: Iterable[Column], *, after: str = "") -> None:
    """Add columns after position `after`, in the order given."""
    columns_map = doc.get("columns", type=Map)
    position = after
    for column in columns:
        position = position_between(position, None)
        columns_map[column.id] = Map(_column_spec(column, position))


def _column_spec(column: Column, position: str) -> dict[str, Any]:
    return {
        "name": column.name, "type": column.type, "width": float(column.width),
        "options": list(column.options), "pos": position,
    }  # fmt: skip


def column_change(doc: Doc, column_id: str, changes: dict[str, Any]) -> bool:
    """Set some properties of a column (each its own entry: no lost concurrent edits)."""
    spec = doc.get("columns", type=Map).get(column_id)
    if not isinstance(spec, Map):
        return False
    for key, value in changes.items():
        spec[key] = value
    return True


def column_remove(doc: Doc, column_id: str) -> None:
    doc.get("columns", type=Map).pop(column_id, None)


def rows_put(doc: Doc, rows: list[Row], keys: list[str]) -> None:
    """Add rows (plain cell values) at these position keys.

    Writes through pycrdt's integrated (Rust) maps: its Python wrapper spends about twice
    the insert itself on each cell (a transaction context, type checks), which made
    building a 50,000-row import take 4 to 6 s instead of about 2. Same document either
    way (`tests/tables/test_imports.py` reads imports back); pycrdt is held to 0.14.x
    in pyproject.toml, and `txn._txn` / `.integrated` are what its own `Map._set` uses."""
    _columns, rows_map, row_pos = _maps(doc)
    with doc.transaction() as txn:
        raw_txn, raw_rows, raw_pos = txn._txn, rows_map.integrated, row_pos.integrated
        for row, key in zip(rows, keys, strict=True):
            cells = raw_rows.insert_map_prelim(raw_txn, row.id)
            for column_id, value in row.cells.items():
                cells.insert(raw_txn, column_id, value)
            raw_pos.insert(raw_txn, row.id, key)


def rows_remove(doc: Doc, row_ids: Iterable[str]) -> None:
    _columns, rows_map, row_pos = _maps(doc)
    for rid in row_ids:
        rows_map.pop(rid, None)
        row_pos.pop(rid, None)


def cell_set(doc: Doc, row_id: str, column_id: str, value: Any) -> bool:
    row = doc.get("rows", type=Map).get(row_id)
    if not isinstance(row, Map):
        return False
    row[column_id] = value
    return True


def last_row_position(doc: Doc) -> str:
    keys = [str(k) for k in doc.get("row_pos", type=Map).to_py().values()]
    return max(keys, default="")


def last_column_position(doc: Doc) -> str:
    specs = doc.get("columns", type=Map).to_py().values()
    return max((str(s.get("pos", "")) for s in specs if isinstance(s, dict)), default="")


def content_state(columns: list[Column], rows: list[Row]) -> bytes:
    """A fresh document holding these columns and rows (imports, copies)."""

    def fill(doc: Doc) -> None:
        columns_put(doc, columns)
        rows_put(doc, rows, positions(len(rows)))

    return update_make(b"", fill)
