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
from functools import lru_cache
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
LEADING_ZERO = re.compile(r"^-?0\d")
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


@lru_cache(maxsize=4096)
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


def column_convert(values: list[Any], *, decimal_comma: bool) -> tuple[str, list[Any]]:
    """The narrowest type every non-empty value fits (native values from XLSX/ODS count as
    their own type), with the values converted to it; text when nothing else fits. Each
    candidate stops at its first misfit, so a text column costs little."""
    for kind in ("number", "date", "yes_no", "url"):
        converted = _convert_all(kind, values, decimal_comma)
        if converted is not None:
            return kind, converted
    texts = [None if v is None or v == "" else value_text(v) for v in values]
    has_newline = any(t is not None and "\n" in t for t in texts)
    return ("long_text" if has_newline else "text"), texts


def column_infer(values: Iterable[Any], *, decimal_comma: bool) -> str:
    return column_convert(list(values), decimal_comma=decimal_comma)[0]


def _convert_all(kind: str, values: list[Any], decimal_comma: bool) -> list[Any] | None:
    convert = _CONVERTERS[kind]
    out: list[Any] = []
    present = False
    for value in values:
        if value is None or value == "":
            out.append(None)
            continue
        converted = convert(value, decimal_comma)
        if converted is None:
            return None
        out.append(converted)
        present = True
    return out if present else None


def _to_number(value: Any, decimal_comma: bool) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    # "007" or "01234" are codes, not numbers: keep them exact as text.
    if not isinstance(value, str) or LEADING_ZERO.match(value.strip()):
        return None
    return number_parse(value, decimal_comma=decimal_comma)


def _to_date(value: Any, _decimal_comma: bool) -> str | None:
    if isinstance(value, date):
        return _date_value(value)
    return date_parse(value) if isinstance(value, str) else None


def _to_yes_no(value: Any, _decimal_comma: bool) -> bool | None:
    if isinstance(value, bool):
        return value
    return yes_no_parse(value) if isinstance(value, str) else None


def _to_url(value: Any, _decimal_comma: bool) -> str | None:
    return value.strip() if isinstance(value, str) and URL.match(value.strip()) else None


_CONVERTERS: dict[str, Any] = {
    "number": _to_number, "date": _to_date, "yes_no": _to_yes_no, "url": _to_url,
}  # fmt: skip


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
