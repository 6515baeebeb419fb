"""XLSX in (openpyxl, read-only, cached values only: formulas are never evaluated) and out
(text cells typed as strings, so nothing exported runs as a formula)."""

import io
import zipfile
from datetime import date, datetime, time
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import InvalidFileException

from ruche.core.errors import Invalid
from ruche.tables.archives import archive_open
from ruche.tables.sheets import Sheet, SheetBounds, sheet_from_rows


def xlsx_read(data: bytes) -> Sheet:
    archive_open(data).close()
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise Invalid(_("This file is not a readable XLSX workbook.")) from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the declared size can lie; read what is there
        warnings = []
        if [name for name in book.sheetnames[1:] if name != "About"]:  # About: the credits
            warnings.append(_("Only the first sheet was imported."))
        return sheet_from_rows(_rows(sheet), warnings)
    finally:
        book.close()


def _rows(sheet: Any) -> list[list[Any]]:
    bounds = SheetBounds()
    rows = []
    for values in sheet.iter_rows(values_only=True):
        row = list(values)
        while row and row[-1] is None:
            row.pop()
        bounds.row(len(row))
        rows.append([_native(v) for v in row])
    return rows


def _native(value: Any) -> Any:
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date()
    if isinstance(value, time):
        return value.isoformat()
    return value


def xlsx_write(header: list[str], rows: list[list[Any]], title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    sheet.append([_cell(sheet, name) for name in header])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # openpyxl would make "=..." a formula
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def _sheet_title(title: str) -> str:
    cleaned = "".join(c for c in title if c not in "[]:*?/\\").strip()
    return cleaned[:31] or "Table"
