"""Column types and cell values: what each type stores, how text becomes a value on import
and a value becomes text on export, and how a column's type is guessed from its texts.

Values are plain JSON (no Yjs text), so one cell is one Y.Map entry:
text, long_text, url, choice, person (user id as text), library_item, wiki_page (ids as
text) and date ("YYYY-MM-DD") are strings; number is a float; yes_no a bool; choices a
list of strings; an empty cell is absent or None.
"""

import math
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruche.core.errors import Invalid

COLUMN_TYPES = {
    "text": gettext_lazy("Text"),
    "long_text": gettext_lazy("Long text"),
    "number": gettext_lazy("Number"),
    "date": gettext_lazy("Date"),
    "yes_no": gettext_lazy("Yes/no"),
    "choice": gettext_lazy("Single choice"),
    "choices": gettext_lazy("Multiple choice"),
    "person": gettext_lazy("Person"),
    "library_item": gettext_lazy("Library item"),
    "wiki_page": gettext_lazy("Wiki page"),
    "url": gettext_lazy("Link (URL)"),
}
STRING_TYPES = {"text", "long_text", "choice", "person", "library_item", "wiki_page", "url"}
TRUE_WORDS = {"true", "yes", "oui", "vrai", "y"}
FALSE_WORDS = {"false", "no", "non", "faux", "n"}
NUMBER_DOT = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$")
NUMBER_COMMA = re.compile(r"^-?(0|[1-9]\d{0,2}([ \u00a0\u202f]\d{3})*|[1-9]\d*)(,\d+)?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DMY_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
MAX_TEXT = 100_000
# What a spreadsheet application would run as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def number_parse(text: str, *, decimal_comma: bool) -> float | None:
    text = text.strip()
    if NUMBER_DOT.match(text):
        return float(text)
    if decimal_comma and NUMBER_COMMA.match(text):
        return float(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))
    return None


def date_parse(text: str) -> str | None:
    text = text.strip()
    try:
        if ISO_DATE.match(text):
            return date.fromisoformat(text).isoformat()
        found = DMY_DATE.match(text)
        if found:
            day, month, year = (int(part) for part in found.groups())
            return date(year, month, day).isoformat()
    except ValueError:
        return None
    return None


def yes_no_parse(text: str) -> bool | None:
    word = text.strip().lower()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


def column_infer(values: Iterable[Any], *, decimal_comma: bool) -> str:
    """The narrowest type every non-empty value fits (native values from XLSX/ODS count
    as their own type); text when nothing else fits or the column is empty."""
    present = [v for v in values if v is not None and v != ""]
    if not present:
        return "text"
    for kind in ("number", "date", "yes_no", "url"):
        if all(_fits(kind, v, decimal_comma) for v in present):
            return kind
    has_newline = any(isinstance(v, str) and "\n" in v for v in present)
    return "long_text" if has_newline else "text"


def _fits(kind: str, value: Any, decimal_comma: bool) -> bool:
    if kind == "number":
        if isinstance(value, bool):
            return False
        if isinstance(value, int | float):
            return True
        # "007" or "01234" are codes, not numbers: keep them exact as text.
        if isinstance(value, str) and re.match(r"^-?0\d", value.strip()):
            return False
        return (
            isinstance(value, str) and number_parse(value, decimal_comma=decimal_comma) is not None
        )
    if kind == "date":
        return isinstance(value, date) or (isinstance(value, str) and date_parse(value) is not None)
    if kind == "yes_no":
        return isinstance(value, bool) or (
            isinstance(value, str) and yes_no_parse(value) is not None
        )
    return isinstance(value, str) and bool(URL.match(value.strip()))


def cell_from_import(kind: str, value: Any, *, decimal_comma: bool) -> Any:
    """The stored value of an imported value in a column of `kind` (inferred to fit)."""
    if value is None or value == "":
        return None
    if kind == "number":
        return (
            float(value)
            if not isinstance(value, str)
            else number_parse(value, decimal_comma=decimal_comma)
        )
    if kind == "date":
        return _date_value(value)
    if kind == "yes_no":
        return value if isinstance(value, bool) else yes_no_parse(value)
    return value_text(value)


def _date_value(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return date_parse(str(value))


def value_text(value: Any) -> str:
    """Plain text of a native value, numbers without a useless `.0`."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def number_text(value: float) -> str:
    if math.isfinite(value) and value == int(value) and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def cell_text(kind: str, value: Any) -> str:
    """The text of a stored value, as exported to CSV (before neutralisation)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value_text(value)


def neutralise(text: str) -> str:
    """Prefix text a spreadsheet would run as a formula with `'` (docs/tables.md)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def unneutralise(text: str) -> str:
    """Undo `neutralise` on import, so our own exports come back exactly."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def cell_clean(kind: str, value: Any, options: list[str] | None = None) -> Any:
    """Check a value sent by a client for a column of `kind`; raise Invalid if it is not one."""
    if value is None or value == "":
        return None
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value):
            return float(value)
    elif kind == "yes_no" and isinstance(value, bool):
        return value
    elif kind == "date" and isinstance(value, str) and ISO_DATE.match(value):
        return _date_value(value) or _refuse(kind)
    elif kind == "choices" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v[:200] for v in value][:100]
    elif kind == "url" and isinstance(value, str) and URL.match(value.strip()):
        return value.strip()[:2000]
    elif (
        kind in STRING_TYPES - {"url"}
        and isinstance(value, str | int)
        and not isinstance(value, bool)
    ):
        return str(value)[:MAX_TEXT]
    return _refuse(kind)


def _refuse(kind: str) -> Any:
    raise Invalid(_("This value does not fit a column of type %(t)s.") % {"t": COLUMN_TYPES[kind]})
