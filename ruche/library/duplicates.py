"""Duplicate detection: same DOI, else same ISBN, else same folded title + year + first
creator's family name, against the library's live items and earlier entries of a file."""

from typing import Any

from ruche.library import csl as cslmodel
from ruche.library.formats import ParsedEntry
from ruche.library.models import Item, Library

CHUNK = 500


def identity_keys(columns: dict[str, Any]) -> list[tuple[str, str]]:
    keys = []
    if columns["doi"]:
        keys.append(("DOI", columns["doi"]))
    if columns["isbn"]:
        keys.append(("ISBN", columns["isbn"]))
    if columns["title_key"]:
        creator = cslmodel.title_key(columns["first_creator"].split(",")[0])
        keys.append(("title", f"{columns['title_key']}|{columns['year']}|{creator}"))
    return keys


def duplicates_find(*, library: Library, entries: list[ParsedEntry]) -> dict[int, dict[str, Any]]:
    """For each duplicate entry (by index): what it duplicates and why."""
    columns = {e.index: cslmodel.item_columns(e.csl or {}) for e in entries}
    existing = _existing_keys(library, list(columns.values()))
    seen: dict[tuple[str, str], str] = {}
    found: dict[int, dict[str, Any]] = {}
    for entry in entries:
        for kind, value in identity_keys(columns[entry.index]):
            match = existing.get((kind, value)) or seen.get((kind, value))
            if match:
                found[entry.index] = {"index": entry.index, "key": entry.key, "reason": kind,
                                      "duplicate_of": match}  # fmt: skip
                break
        for key in identity_keys(columns[entry.index]):
            seen.setdefault(key, f"entry {entry.index}")
    return found


def _existing_keys(library: Library, columns: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    live = Item.objects.filter(library=library, trashed_at__isnull=True)
    keys: dict[tuple[str, str], str] = {}
    for field in ("doi", "isbn", "title_key"):
        values = sorted({c[field] for c in columns if c[field]})
        for start in range(0, len(values), CHUNK):
            chunk = values[start : start + CHUNK]
            rows = live.filter(**{f"{field}__in": chunk}).values(
                "id", "doi", "isbn", "title_key", "year", "first_creator"
            )
            for row in rows:
                for key in identity_keys(dict(row)):
                    keys.setdefault(key, str(row["id"]))
    return keys
