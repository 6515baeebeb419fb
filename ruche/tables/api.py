"""/api/v1 tables: create, list, read (columns and rows), change, delete, import, export,
the history of one cell, saved views and the titles behind link cells. Content is edited
live over the websocket at `ws_path` (docs/tables.md); changes sent here become Yjs
updates relayed to open grids."""

import uuid
from datetime import datetime
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from ruche.core.errors import Invalid, TooLarge
from ruche.core.http import AuthedRequest
from ruche.credits.selectors import credits_for
from ruche.tables import selectors, services
from ruche.tables.arrangement import Arranged
from ruche.tables.document import Column, TableContent
from ruche.tables.exports import MEDIA_TYPES, table_export
from ruche.tables.models import Table, TableView
from ruche.tables.sheets import MAX_UPLOAD_BYTES

router = Router(tags=["tables"])


class ColumnIn(Schema):
    name: str
    type: str = "text"
    width: float = 160
    options: list[str] = []


class TableIn(Schema):
    title: str
    columns: list[ColumnIn] = []


class TablePatch(Schema):
    title: str | None = None
    description: str | None = None
    columns: list[dict[str, Any]] | None = None
    rows: list[dict[str, Any]] | None = None
    cells: list[dict[str, Any]] | None = None
    remove_rows: list[str] | None = None


class TableOut(Schema):
    id: uuid.UUID
    title: str
    description: str
    space_id: uuid.UUID
    ws_path: str
    created_at: datetime
    updated_at: datetime


def _table(table: Table) -> dict[str, Any]:
    return {
        "id": table.id, "title": table.title, "description": table.description,
        "space_id": table.space_id, "ws_path": table.ws_path,
        "created_at": table.created_at, "updated_at": table.updated_at,
    }  # fmt: skip


def _column(column: Column) -> dict[str, Any]:
    return {
        "id": column.id, "name": column.name, "type": column.type, "width": column.width,
        "options": column.options,
    }  # fmt: skip


def _full(table: Table, content: TableContent) -> dict[str, Any]:
    return {
        **_table(table),
        "columns": [_column(c) for c in content.columns],
        "rows": [{"id": row.id, "cells": row.cells} for row in content.rows],
    }


@router.post("/spaces/{space_id}/tables", response={201: TableOut})
def table_create(request: AuthedRequest, space_id: str, payload: TableIn):
    table = services.table_create(
        actor=request.user, space_id=space_id, title=payload.title,
        columns=[c.dict() for c in payload.columns],
    )  # fmt: skip
    return Status(201, _table(table))


@router.get("/spaces/{space_id}/tables", response=list[TableOut])
def table_list(request: AuthedRequest, space_id: str):
    return [_table(t) for t in selectors.table_list(actor=request.user, space_id=space_id)]


@router.post("/spaces/{space_id}/tables/import", response={201: dict})
def table_import(
    request: AuthedRequest, space_id: str, file: File[UploadedFile],
    format: Form[str] = "auto", title: Form[str] = "",
):  # fmt: skip
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise TooLarge(f"A file to import has at most {MAX_UPLOAD_BYTES >> 20} MB.")
    data = file.read(MAX_UPLOAD_BYTES + 1)
    table, imported = services.table_import(
        actor=request.user, space_id=space_id, data=data, fmt=format,
        filename=file.name or "", title=title,
    )  # fmt: skip
    body = {
        "id": str(table.id), "title": table.title, "ws_path": table.ws_path,
        "rows": len(imported.rows), "columns": [_column(c) for c in imported.columns],
        "warnings": imported.warnings,
    }  # fmt: skip
    return Status(201, body)


@router.get("/tables/{table_id}", response=dict)
def table_get(request: AuthedRequest, table_id: str):
    table, content = selectors.table_content(actor=request.user, table_id=table_id)
    return _full(table, content)


@router.patch("/tables/{table_id}", response=dict)
def table_update(request: AuthedRequest, table_id: str, payload: TablePatch):
    services.table_update(actor=request.user, table_id=table_id, **payload.dict(exclude_unset=True))
    table, content = selectors.table_content(actor=request.user, table_id=table_id)
    return _full(table, content)


@router.delete("/tables/{table_id}", response={204: None})
def table_delete(request: AuthedRequest, table_id: str):
    services.table_delete(actor=request.user, table_id=table_id)
    return Status(204, None)


@router.get("/tables/{table_id}/export")
def table_export_file(request: AuthedRequest, table_id: str, format: str = "csv"):
    if format not in MEDIA_TYPES:
        raise Invalid("Unknown format: use csv, xlsx or ods.")
    table, content = selectors.table_content(actor=request.user, table_id=table_id)
    body = table_export(content, format, table.title, credits=credits_for(table))
    response = HttpResponse(body, content_type=MEDIA_TYPES[format])
    name = "".join(c for c in table.title if c not in '"\\/\r\n') or "table"
    response["Content-Disposition"] = (
        f"attachment; filename=\"table.{format}\"; filename*=UTF-8''{quote(name)}.{format}"
    )
    return response


@router.get("/tables/{table_id}/cells/{row_id}/{column_id}/history", response=list[dict])
def cell_history(request: AuthedRequest, table_id: str, row_id: str, column_id: str):
    changes = selectors.cell_history(
        actor=request.user, table_id=table_id, row_id=row_id, column_id=column_id
    )
    return [{"at": c.at, "author": c.author, "from": c.before, "to": c.after} for c in changes]


# ---------- saved views ----------


class ViewIn(Schema):
    name: str
    shared: bool = False
    sort: list[dict[str, Any]] = []
    filters: list[dict[str, Any]] = []
    group_by: str = ""
    hidden: list[str] = []


class ViewPatch(Schema):
    name: str | None = None
    shared: bool | None = None
    sort: list[dict[str, Any]] | None = None
    filters: list[dict[str, Any]] | None = None
    group_by: str | None = None
    hidden: list[str] | None = None


def _view(view: TableView) -> dict[str, Any]:
    return {
        "id": view.id, "table_id": view.table_id, "name": view.name, "shared": view.shared,
        "owner_id": view.owner_id, "sort": view.sort, "filters": view.filters,
        "group_by": view.group_by, "hidden": view.hidden, "updated_at": view.updated_at,
    }  # fmt: skip


def _arranged(arranged: Arranged) -> dict[str, Any]:
    groups = None
    if arranged.groups is not None:
        groups = [
            {"value": g.value, "count": len(g.rows), "rows": g.rows, "totals": g.totals}
            for g in arranged.groups
        ]
    return {
        "columns": [_column(c) for c in arranged.columns],
        "rows": [{"id": r.id, "cells": r.cells} for r in arranged.rows],
        "count": len(arranged.rows), "groups": groups, "totals": arranged.totals,
    }  # fmt: skip


@router.get("/tables/{table_id}/views", response=list[dict])
def table_view_list(request: AuthedRequest, table_id: str):
    return [_view(v) for v in selectors.table_view_list(actor=request.user, table_id=table_id)]


@router.post("/tables/{table_id}/views", response={201: dict})
def table_view_create(request: AuthedRequest, table_id: str, payload: ViewIn):
    view = services.table_view_create(actor=request.user, table_id=table_id, **payload.dict())
    return Status(201, _view(view))


@router.get("/tables/views/{view_id}", response=dict)
def table_view_get(request: AuthedRequest, view_id: str):
    return _view(selectors.table_view_get(actor=request.user, view_id=view_id))


@router.patch("/tables/views/{view_id}", response=dict)
def table_view_update(request: AuthedRequest, view_id: str, payload: ViewPatch):
    changes = payload.dict(exclude_unset=True)
    return _view(services.table_view_update(actor=request.user, view_id=view_id, **changes))


@router.delete("/tables/views/{view_id}", response={204: None})
def table_view_delete(request: AuthedRequest, view_id: str):
    services.table_view_delete(actor=request.user, view_id=view_id)
    return Status(204, None)


@router.get("/tables/views/{view_id}/rows", response=dict)
def table_view_rows(request: AuthedRequest, view_id: str):
    view, arranged = selectors.table_view_rows(actor=request.user, view_id=view_id)
    return {"view": _view(view), **_arranged(arranged)}


@router.get("/tables/{table_id}/links", response=dict)
def table_links(request: AuthedRequest, table_id: str):
    return selectors.table_links(actor=request.user, table_id=table_id)
