"""ODS in and out, written by hand from the OpenDocument 1.3 format: content.xml parsed
with defusedxml (no DTD, no entities), repeated rows and cells expanded only when they
hold something and only within the sheet bounds."""

import io
import re
import zipfile
from datetime import date
from typing import Any
from xml.etree.ElementTree import (  # noqa: S405
    Element,  # noqa: S405 (building, not parsing)
    SubElement,
    tostring,
)

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext as _

from ruche.core.errors import Invalid, TooLarge
from ruche.tables.archives import archive_open, member_read
from ruche.tables.cells import date_parse
from ruche.tables.sheets import MAX_COLUMNS, MAX_ROWS, Sheet, SheetBounds, sheet_from_rows

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


# ---------- reading ----------


def ods_read(data: bytes) -> Sheet:
    with archive_open(data) as archive:
        content = member_read(archive, "content.xml")
    try:
        root = fromstring(content, forbid_dtd=True)
    except (ParseError, DefusedXmlException) as exc:
        raise Invalid(_("This ODS file cannot be read.")) from exc
    tables = root.findall(f".//{q('table:table')}")
    if not tables:
        raise Invalid(_("This ODS file has no sheet."))
    others = [t for t in tables[1:] if t.get(q("table:name")) != "About"]  # About: the credits
    warnings = [_("Only the first sheet was imported.")] if others else []
    return sheet_from_rows(_rows(tables[0]), warnings)


def _rows(table: Element) -> list[list[Any]]:
    bounds = SheetBounds()
    rows: list[list[Any]] = []
    pending_empty = 0  # blank rows are only materialised when something follows them
    for element in table.iter(q("table:table-row")):
        row = _cells(element)
        repeat = _repeat(element, "table:number-rows-repeated", MAX_ROWS + 2)
        if not row:
            pending_empty += repeat
            continue
        for _blank in range(pending_empty + repeat):
            bounds.row(len(row))
        rows.extend([] for _blank in range(pending_empty))
        rows.extend(list(row) for _copy in range(repeat))
        pending_empty = 0
    return rows


def _cells(row: Element) -> list[Any]:
    cells: list[Any] = []
    pending_empty = 0
    for cell in row:
        if cell.tag not in (q("table:table-cell"), q("table:covered-table-cell")):
            continue
        value = _value(cell)
        repeat = _repeat(cell, "table:number-columns-repeated", MAX_COLUMNS + 2)
        if value is None:
            pending_empty += repeat
            continue
        if len(cells) + pending_empty + repeat > MAX_COLUMNS:
            raise TooLarge(_("A table has at most %(n)d columns.") % {"n": MAX_COLUMNS})
        cells.extend([None] * pending_empty + [value] * repeat)
        pending_empty = 0
    return cells


def _repeat(element: Element, attribute: str, cap: int) -> int:
    try:
        return max(1, min(int(element.get(q(attribute), "1")), cap))
    except ValueError:
        return 1


def _value(cell: Element) -> Any:
    kind = cell.get(q("office:value-type"))
    if kind in ("float", "percentage", "currency"):
        try:
            return float(cell.get(q("office:value"), ""))
        except ValueError:
            return _text(cell) or None
    if kind == "date":
        return _date(cell.get(q("office:date-value"), ""))
    if kind == "boolean":
        return cell.get(q("office:boolean-value")) == "true"
    return _text(cell) or None


def _date(value: str) -> Any:
    parsed = date_parse(value[:10])
    return date.fromisoformat(parsed) if parsed else value or None


def _text(cell: Element) -> str:
    return "\n".join(_paragraph(p) for p in cell.findall(q("text:p")))


def _paragraph(element: Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == q("text:s"):
            parts.append(" " * _repeat(child, "text:c", 1000))
        elif child.tag == q("text:tab"):
            parts.append("\t")
        elif child.tag == q("text:line-break"):
            parts.append("\n")
        else:
            parts.append(_paragraph(child))
        parts.append(child.tail or "")
    return "".join(parts)


# ---------- writing ----------


def ods_write(header: list[str], rows: list[list[Any]], title: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", MIMETYPE, compress_type=zipfile.ZIP_STORED)
        deflated = zipfile.ZIP_DEFLATED
        archive.writestr("META-INF/manifest.xml", _manifest(), compress_type=deflated)
        archive.writestr("content.xml", _content(header, rows, title), compress_type=deflated)
    return out.getvalue()


def _manifest() -> bytes:
    root = Element(q("manifest:manifest"), {q("manifest:version"): "1.3"})
    for path, media in (("/", MIMETYPE), ("content.xml", "text/xml")):
        SubElement(root, q("manifest:file-entry"), {
            q("manifest:full-path"): path, q("manifest:media-type"): media,
        })  # fmt: skip
    return tostring(root, encoding="utf-8", xml_declaration=True)


def _content(header: list[str], rows: list[list[Any]], title: str) -> bytes:
    root = Element(q("office:document-content"), {q("office:version"): "1.3"})
    body = SubElement(SubElement(root, q("office:body")), q("office:spreadsheet"))
    table = SubElement(body, q("table:table"), {q("table:name"): title[:100] or "Table"})
    SubElement(table, q("table:table-column"), {
        q("table:number-columns-repeated"): str(max(len(header), 1)),
    })  # fmt: skip
    for values in [header, *rows]:
        row = SubElement(table, q("table:table-row"))
        for value in values:
            _write_cell(row, value)
    return tostring(root, encoding="utf-8", xml_declaration=True)


def _write_cell(row: Element, value: Any) -> None:
    cell = SubElement(row, q("table:table-cell"))
    if value is None or value == "":
        return
    if isinstance(value, bool):
        cell.set(q("office:value-type"), "boolean")
        cell.set(q("office:boolean-value"), "true" if value else "false")
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, int | float):
        cell.set(q("office:value-type"), "float")
        cell.set(q("office:value"), repr(float(value)))
        text = repr(value)
    elif isinstance(value, date):
        cell.set(q("office:value-type"), "date")
        cell.set(q("office:date-value"), value.isoformat())
        text = value.isoformat()
    else:
        cell.set(q("office:value-type"), "string")  # never a formula: no table:formula
        text = XML_ILLEGAL.sub("", str(value))
    for line in text.split("\n"):
        paragraph = SubElement(cell, q("text:p"))
        paragraph.text = line
