"""/api/v1 tables: create, list, read (columns and rows), change, delete, import, export,
and the history of one cell. Content is edited live over the websocket at `ws_path`
(docs/tables.md); changes sent here become Yjs updates relayed to open grids."""

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
from ruche.tables.document import Column, TableContent
from ruche.tables.exports import MEDIA_TYPES, table_export
from ruche.tables.models import Table
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
