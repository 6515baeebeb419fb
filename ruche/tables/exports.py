"""Table content to files. CSV text cells that a spreadsheet would run as a formula are
prefixed with `'`; XLSX and ODS type them as text, which is never evaluated."""

from datetime import date
from typing import Any

from ruche.credits.office import office_add_credits
from ruche.credits.selectors import Credits
from ruche.tables.cells import cell_text, neutralise
from ruche.tables.csv_format import csv_write
from ruche.tables.document import TableContent
from ruche.tables.ods_format import ods_write
from ruche.tables.xlsx_format import xlsx_write

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def table_export(
    content: TableContent, fmt: str, title: str, credits: Credits | None = None
) -> bytes:
    """The table as `fmt`; XLSX and ODS also carry the credits (properties and an "About"
    sheet) when given. CSV stays pure data."""
    header = [column.name for column in content.columns]
    if fmt == "csv":
        return csv_write(header, [_csv_row(content, row.cells) for row in content.rows])
    rows = [_native_row(content, row.cells) for row in content.rows]
    write = xlsx_write if fmt == "xlsx" else ods_write
    data = write(header, rows, title)
    return office_add_credits(fmt, data, credits) if credits is not None else data


def _csv_row(content: TableContent, cells: dict[str, Any]) -> list[str]:
    out = []
    for column in content.columns:
        value = cells.get(column.id)
        safe_number = column.type == "number" and isinstance(value, int | float)
        text = cell_text(column.type, value)
        out.append(text if safe_number and not isinstance(value, bool) else neutralise(text))
    return out


def _native_row(content: TableContent, cells: dict[str, Any]) -> list[Any]:
    return [_native(column.type, cells.get(column.id)) for column in content.columns]


def _native(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if kind == "yes_no" and isinstance(value, bool):
        return value
    return cell_text(kind, value)
