"""Files to table content: the format recognised, read within bounds, each column's type
inferred from its values (and editable afterwards)."""

import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ruche.core.errors import Invalid, TooLarge
from ruche.tables.cells import column_convert
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
    columns: list[Column] = []
    converted: list[list[Any]] = []
    for index, name in enumerate(sheet.header):
        values = [row[index] for row in sheet.rows]
        kind, stored = column_convert(values, decimal_comma=sheet.decimal_comma)
        columns.append(Column(id=new_column_id(), name=name, type=kind))
        converted.append(stored)
    ids = [c.id for c in columns]
    rows = [
        Row(id=new_row_id(), cells={
            k: v for k, v in zip(ids, values, strict=True) if v is not None})
        for values in zip(*converted, strict=True)
    ] if converted else [Row(id=new_row_id(), cells={}) for _row in sheet.rows]  # fmt: skip
    return ImportedTable(columns=columns, rows=rows, warnings=sheet.warnings)
