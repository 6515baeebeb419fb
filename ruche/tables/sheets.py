"""The neutral form every import format reads into and every export writes from: a header
and rows of native values (str, float, int, bool, date, datetime or None), with warnings."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ruche.core.errors import TooLarge

MAX_ROWS = 200_000
MAX_COLUMNS = 500
MAX_CELLS = 3_000_000
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@dataclass
class Sheet:
    header: list[str]
    rows: list[list[Any]]
    warnings: list[str] = field(default_factory=list)
    decimal_comma: bool = False


class SheetBounds:
    """Counts rows and cells as a reader produces them; refuses past the caps (413)."""

    def __init__(self) -> None:
        self.rows = 0
        self.cells = 0

    def row(self, width: int) -> None:
        self.rows += 1
        self.cells += width
        if width > MAX_COLUMNS:
            raise TooLarge(_("A table has at most %(n)d columns.") % {"n": MAX_COLUMNS})
        if self.rows > MAX_ROWS + 1:
            raise TooLarge(_("A table has at most %(n)d rows.") % {"n": MAX_ROWS})
        if self.cells > MAX_CELLS:
            raise TooLarge(_("A table has at most %(n)d cells.") % {"n": MAX_CELLS})


def sheet_from_rows(rows: list[list[Any]], warnings: list[str]) -> Sheet:
    """First row as header (blank names filled, duplicates numbered); ragged rows padded to
    the widest row and reported, never dropped."""
    while rows and all(v is None or v == "" for v in rows[-1]):
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    header_row = rows[0] if rows else []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header_row):
            warnings.append(
                _("Row %(row)d has %(got)d fields where the header has %(want)d; kept.")
                % {"row": number, "got": len(row), "want": len(header_row)}
            )
    header = _header([header_row[i] if i < len(header_row) else None for i in range(width)])
    body = [row + [None] * (width - len(row)) for row in rows[1:]]
    return Sheet(header=header, rows=body, warnings=warnings)


def _header(names: list[Any]) -> list[str]:
    seen: dict[str, int] = {}
    header = []
    for index, name in enumerate(names, start=1):
        text = " ".join(str(name).split()) if name not in (None, "") else ""
        text = text[:200] or _("Column %(n)d") % {"n": index}
        seen[text] = seen.get(text, 0) + 1
        header.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return header
