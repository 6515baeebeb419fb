"""CSV in and out: encodings and dialects detected, quoted newlines kept, ragged rows
reported; exported text neutralised against formula execution (docs/tables.md)."""

import csv
import io
from collections import Counter
from typing import Any

from django.utils.translation import gettext as _

from ruche.core.errors import Invalid
from ruche.tables.cells import neutralise, unneutralise
from ruche.tables.sheets import Sheet, SheetBounds, sheet_from_rows

DELIMITERS = [",", ";", "\t", "|"]
SAMPLE_LINES = 200


def csv_decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def csv_delimiter(text: str) -> str:
    """The delimiter giving the most rows with the same number (>1) of fields."""
    sample = "\n".join(text.splitlines()[:SAMPLE_LINES])
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        score = (count if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def csv_read(data: bytes) -> Sheet:
    text, encoding = csv_decode(data)
    if "\x00" in text:
        raise Invalid(_("This file is not a CSV text file."))
    delimiter = csv_delimiter(text)
    warnings = []
    if encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(_("The file was read as %(enc)s (not UTF-8).") % {"enc": encoding})
    bounds = SheetBounds()
    rows: list[list[Any]] = []
    # Only a cell starting with ' can need unneutralising: most files have none at all.
    restore = "'" in text
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False):
            bounds.row(len(row))
            rows.append([unneutralise(value) for value in row] if restore else row)
    except csv.Error as exc:
        raise Invalid(_("This CSV file cannot be read: %(e)s") % {"e": exc}) from exc
    sheet = sheet_from_rows(rows, warnings)
    sheet.decimal_comma = delimiter in (";", "\t")
    return sheet


def csv_write(header: list[str], rows: list[list[str]]) -> bytes:
    """UTF-8 with a BOM (so spreadsheet apps pick the encoding), comma, CRLF. The caller
    passes cells already neutralised (ruche.tables.exports)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(name) for name in header])
    for row in rows:
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
