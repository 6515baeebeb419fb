"""Writes about tables. The content lives in the realtime store under `table:<id>`;
changes made here are Yjs updates written as the actor, relayed live to open grids."""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from pycrdt import Doc

from ruche.accounts.models import User
from ruche.core.errors import Invalid
from ruche.realtime.services import document_apply_update, document_delete, document_state
from ruche.spaces.permissions import Need, access_space
from ruche.spaces.services import activity_record
from ruche.tables import arrangement, document
from ruche.tables.cells import COLUMN_TYPES, cell_clean
from ruche.tables.document import Column, Row, TableContent, content_read
from ruche.tables.imports import ImportedTable, table_file_read
from ruche.tables.models import Table, TableView
from ruche.tables.permissions import access_table, access_table_view
from ruche.tables.selectors import first_rows_remember

TITLE_MAX = 200
MAX_CHANGES = 10_000
COLUMN_KEYS = {"name", "type", "width", "options"}


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise Invalid(_("A table needs a title."))
    if len(title) > TITLE_MAX:
        raise Invalid(_("A title has at most %(max)d characters.") % {"max": TITLE_MAX})
    return title


def _create(
    *, actor: User, space_id: object, title: str, content: bytes, columns: list[Column],
    rows: list[Row],
) -> Table:  # fmt: skip
    space = access_space(actor, space_id, Need.CONTRIBUTE)
    table = Table.objects.create(space=space, title=_clean_title(title), created_by=actor)
    update_id = document_apply_update(room=table.room, update=content, author=actor)
    # A new table is usually opened at once: its first rows are known without decoding.
    first_rows_remember(table, version=f"{update_id}.0", columns=columns, rows=rows)
    activity_record(
        space=space, actor=actor, verb="table_created", object_name=table.title,
        url=f"/tables/{table.id}/",
    )  # fmt: skip
    return table


@transaction.atomic
def table_create(
    *, actor: User, space_id: object, title: str, columns: list[dict[str, Any]] | None = None
) -> Table:
    """Create a table (by default one text column and three empty rows) in a space."""
    specs = columns if columns else [{"name": _("Name"), "type": "text"}]
    cols = [_new_column(spec) for spec in specs]
    rows = [Row(id=document.new_row_id(), cells={}) for _index in range(3)]
    content = document.content_state(cols, rows)
    return _create(
        actor=actor, space_id=space_id, title=title, content=content, columns=cols, rows=rows
    )


@transaction.atomic
def table_import(
    *, actor: User, space_id: object, data: bytes, fmt: str = "auto", filename: str = "",
    title: str = "",
) -> tuple[Table, ImportedTable]:  # fmt: skip
    """Read a CSV, XLSX or ODS file into a new table; nothing is stored if it is refused."""
    access_space(actor, space_id, Need.CONTRIBUTE)
    imported = table_file_read(data, fmt, filename)
    name = title or filename.rsplit(".", 1)[0] or _("Imported table")
    content = document.content_state(imported.columns, imported.rows)
    table = _create(
        actor=actor, space_id=space_id, title=name[:TITLE_MAX], content=content,
        columns=imported.columns, rows=imported.rows,
    )  # fmt: skip
    return table, imported


@transaction.atomic
def table_update(
    *,
    actor: User,
    table_id: object,
    title: str | None = None,
    description: str | None = None,
    columns: list[dict[str, Any]] | None = None,
    rows: list[dict[str, Any]] | None = None,
    cells: list[dict[str, Any]] | None = None,
    remove_rows: list[str] | None = None,
) -> Table:
    """Rename, and change columns, rows and cells (all or nothing). Content changes become
    one Yjs update written as the actor, so they show in cell history and live grids."""
    table = access_table(actor, table_id, Need.CONTRIBUTE)
    if title is not None:
        table.title = _clean_title(title)
    if description is not None:
        table.description = description[:5000]
    table.save(update_fields=["title", "description", "updated_at"])
    if columns or rows or cells or remove_rows:
        changes = _content_changes(columns or [], rows or [], cells or [], remove_rows or [])
        _write(actor, table, changes)
    return table


def table_delete(*, actor: User, table_id: object) -> None:
    """Delete the table and everything stored for its document; open grids are closed."""
    with transaction.atomic():
        table = access_table(actor, table_id, Need.MANAGE)
        document_delete(room=table.room)
        table.delete()


# ---------- saved views ----------

VIEW_NAME_MAX = 100
VIEW_FIELDS = ("sort", "filters", "group_by", "hidden")


def _view_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise Invalid(_("A view needs a name."))
    return name[:VIEW_NAME_MAX]


def _view_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaners = {
        "sort": arrangement.sort_clean, "filters": arrangement.filters_clean,
        "group_by": arrangement.group_by_clean, "hidden": arrangement.hidden_clean,
    }  # fmt: skip
    return {key: cleaners[key](value) for key, value in values.items() if key in VIEW_FIELDS}


@transaction.atomic
def table_view_create(
    *, actor: User, table_id: object, name: str, shared: bool = False, **values: Any
) -> TableView:
    """Save a view of a table: personal (only its owner sees it) or shared (contributors)."""
    table = access_table(actor, table_id, Need.CONTRIBUTE if shared else Need.VIEW)
    return TableView.objects.create(
        table=table, name=_view_name(name), owner=None if shared else actor, created_by=actor,
        **_view_values(values),
    )  # fmt: skip


@transaction.atomic
def table_view_update(
    *, actor: User, view_id: object, name: str | None = None, shared: bool | None = None,
    **values: Any,
) -> TableView:  # fmt: skip
    """Change a saved view. Sharing a personal view needs CONTRIBUTE on the table; making a
    shared view personal makes it the actor's."""
    view = access_table_view(actor, view_id, Need.CONTRIBUTE)
    if shared is True and view.owner_id is not None:
        access_table(actor, view.table_id, Need.CONTRIBUTE)
        view.owner = None
    elif shared is False and view.owner_id is None:
        view.owner = actor
    if name is not None:
        view.name = _view_name(name)
    for key, value in _view_values(values).items():
        setattr(view, key, value)
    view.save()
    return view


def table_view_delete(*, actor: User, view_id: object) -> None:
    access_table_view(actor, view_id, Need.CONTRIBUTE).delete()


# ---------- content changes ----------

Change = Callable[[Doc, TableContent], None]


def _write(actor: User, table: Table, changes: list[Change]) -> None:
    state = document_state(room=table.room)
    current = content_read(state)

    def apply(doc: Doc) -> None:
        for change in changes:
            change(doc, current)

    update = document.update_make(state, apply)
    document_apply_update(room=table.room, update=update, author=actor)


def _content_changes(
    columns: list[dict[str, Any]], rows: list[dict[str, Any]], cells: list[dict[str, Any]],
    remove_rows: list[str],
) -> list[Change]:  # fmt: skip
    if len(columns) + len(rows) + len(cells) + len(remove_rows) > MAX_CHANGES:
        raise Invalid(_("At most %(n)d changes at once.") % {"n": MAX_CHANGES})
    changes: list[Change] = [_column_change(spec) for spec in columns]
    if rows:
        changes.append(_rows_add(rows))
    changes.extend(_cell_change(spec) for spec in cells)
    if remove_rows:
        changes.append(lambda doc, _current: document.rows_remove(doc, remove_rows))
    return changes


def _new_column(spec: dict[str, Any]) -> Column:
    kind = spec.get("type", "text")
    if kind not in COLUMN_TYPES:
        raise Invalid(_("Unknown column type: %(t)s.") % {"t": kind})
    name = " ".join(str(spec.get("name", "")).split())[:200]
    if not name:
        raise Invalid(_("A column needs a name."))
    return Column(
        id=document.new_column_id(), name=name, type=kind, width=_width(spec.get("width", 160)),
        options=_options(spec.get("options", [])),
    )  # fmt: skip


def _width(value: Any) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not 40 <= value <= 2000:
        raise Invalid(_("A column width is a number of pixels between 40 and 2000."))
    return float(value)


def _options(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid(_("Choice options are a list of texts."))
    return [v.strip()[:200] for v in value if v.strip()][:200]


def _column_change(spec: dict[str, Any]) -> Change:
    if "id" not in spec:
        column = _new_column(spec)

        def add(doc: Doc, _current: TableContent) -> None:
            document.columns_put(doc, [column], after=document.last_column_position(doc))

        return add
    column_id = str(spec["id"])
    if spec.get("remove"):
        return lambda doc, _current: document.column_remove(doc, column_id)
    values = _column_values(spec)

    def change(doc: Doc, _current: TableContent) -> None:
        if not document.column_change(doc, column_id, values):
            raise Invalid(_("No column %(id)s in this table.") % {"id": column_id})

    return change


def _column_values(spec: dict[str, Any]) -> dict[str, Any]:
    unknown = set(spec) - COLUMN_KEYS - {"id"}
    if unknown:
        raise Invalid(_("Unknown column fields: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    values: dict[str, Any] = {}
    if "name" in spec:
        values["name"] = _new_column({"name": spec["name"]}).name
    if "type" in spec:
        if spec["type"] not in COLUMN_TYPES:
            raise Invalid(_("Unknown column type: %(t)s.") % {"t": spec["type"]})
        values["type"] = spec["type"]
    if "width" in spec:
        values["width"] = _width(spec["width"])
    if "options" in spec:
        values["options"] = _options(spec["options"])
    return values


def _rows_add(rows: list[dict[str, Any]]) -> Change:
    def add(doc: Doc, current: TableContent) -> None:
        kinds = {c.id: c for c in current.columns}
        new_rows = [Row(id=document.new_row_id(), cells=_clean_cells(kinds, r)) for r in rows]
        key = document.last_row_position(doc)
        keys = []
        for _row in new_rows:
            key = document.position_between(key, None)
            keys.append(key)
        document.rows_put(doc, new_rows, keys)

    return add


def _clean_cells(columns: dict[str, Column], values: dict[str, Any]) -> dict[str, Any]:
    cells = {}
    for column_id, value in values.items():
        column = columns.get(column_id)
        if column is None:
            raise Invalid(_("No column %(id)s in this table.") % {"id": column_id})
        cleaned = cell_clean(column.type, value, column.options)
        if cleaned is not None:
            cells[column_id] = cleaned
    return cells


def _cell_change(spec: dict[str, Any]) -> Change:
    row_id, column_id = str(spec.get("row", "")), str(spec.get("column", ""))
    value = spec.get("value")

    def change(doc: Doc, current: TableContent) -> None:
        cleaned = _clean_cells({c.id: c for c in current.columns}, {column_id: value})
        if not document.cell_set(doc, row_id, column_id, cleaned.get(column_id)):
            raise Invalid(_("No row %(id)s in this table.") % {"id": row_id})

    return change
