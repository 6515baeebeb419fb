"""Files to table content: the format recognised, read within bounds, each column's type
inferred from its values (and editable afterwards)."""

import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ruche.core.errors import Invalid, TooLarge
from ruche.tables.cells import cell_from_import, column_infer
from ruche.tables.csv_format import csv_read
from ruche.tables.document import Column, Row, new_column_id, new_row_id
from ruche.tables.ods_format import MIMETYPE, ods_read
from ruche.tables.sheets import MAX_UPLOAD_BYTES, Sheet
from ruche.tables.xlsx_format import xlsx_read

FORMATS = ("csv", "xlsx", "ods")
EXTENSIONS = (".csv", ".tsv", ".txt", ".xlsx", ".ods")


@dataclass
class ImportedTable:
    columns: list[Column]
    rows: list[Row]
    warnings: list[str]


def import_format(data: bytes, requested: str, filename: str = "") -> str:
    """The format to read: the one asked for, else guessed from the bytes and the name."""
    if requested in FORMATS:
        return requested
    if requested not in ("", "auto"):
        raise Invalid(_("Unknown format %(f)s: use csv, xlsx, ods or auto.") % {"f": requested})
    if not data.startswith(b"PK"):
        return "csv"
    if data[30:38] == b"mimetype" and MIMETYPE.encode() in data[38:120]:
        return "ods"
    if filename.lower().endswith(".ods"):
        return "ods"
    return "xlsx"


def table_file_read(data: bytes, requested: str = "auto", filename: str = "") -> ImportedTable:
    if len(data) > MAX_UPLOAD_BYTES:
        raise TooLarge(_("A file to import has at most %(n)d MB.") % {"n": MAX_UPLOAD_BYTES >> 20})
    if not data.strip():
        raise Invalid(_("The file is empty."))
    kind = import_format(data, requested, filename)
    try:
        sheet = {"csv": csv_read, "xlsx": xlsx_read, "ods": ods_read}[kind](data)
    except zipfile.LargeZipFile as exc:
        raise TooLarge(_("This spreadsheet is too large.")) from exc
    if not sheet.header:
        raise Invalid(_("The file holds no table."))
    return sheet_to_table(sheet)


def sheet_to_table(sheet: Sheet) -> ImportedTable:
    columns = []
    values_by_column: list[list[Any]] = [[] for _name in sheet.header]
    for row in sheet.rows:
        for index, value in enumerate(row):
            values_by_column[index].append(value)
    for name, values in zip(sheet.header, values_by_column, strict=True):
        kind = column_infer(values, decimal_comma=sheet.decimal_comma)
        columns.append(Column(id=new_column_id(), name=name, type=kind))
    rows = [
        Row(id=new_row_id(), cells=_cells(columns, values, sheet.decimal_comma))
        for values in sheet.rows
    ]
    return ImportedTable(columns=columns, rows=rows, warnings=sheet.warnings)


def _cells(columns: list[Column], values: list[Any], decimal_comma: bool) -> dict[str, Any]:
    cells = {}
    for column, value in zip(columns, values, strict=True):
        stored = cell_from_import(column.type, value, decimal_comma=decimal_comma)
        if stored is not None:
            cells[column.id] = stored
    return cells
