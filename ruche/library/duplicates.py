"""Duplicate detection: same DOI, else same ISBN, else same folded title + year + first
creator's family name, against the library's live items and earlier entries of a file."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from ruche.library import csl as cslmodel
from ruche.library.formats import ParsedEntry
from ruche.library.models import Item, Library
from ruche.spaces.models import Space

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


STRENGTH = {"DOI": 0, "ISBN": 1, "title": 2}
MAX_GROUPS = 300


def duplicate_groups(*, library_id: int) -> list[tuple[str, list[str]]]:
    """The library's live items that look alike, as groups of ids with the strongest reason
    (DOI, then ISBN, then title + year + first creator) that joined them."""
    rows = Item.objects.filter(library_id=library_id, trashed_at__isnull=True).values(
        "id", "doi", "isbn", "title_key", "year", "first_creator"
    )
    parent: dict[str, str] = {}
    reason: dict[str, str] = {}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    first: dict[tuple[str, str], str] = {}
    for row in rows.order_by("created_at", "id"):
        node = parent.setdefault(str(row["id"]), str(row["id"]))
        for kind, value in identity_keys(dict(row)):
            other = first.setdefault((kind, value), node)
            a, b = root(node), root(other)
            if a != b:
                parent[b] = a
                reason[a] = min(
                    reason.get(a, kind), reason.get(b, kind), kind, key=STRENGTH.__getitem__
                )
    members: dict[str, list[str]] = {}
    for node in parent:
        members.setdefault(root(node), []).append(node)
    groups = [(reason[r], ids) for r, ids in members.items() if len(ids) > 1]
    return sorted(groups, key=lambda g: STRENGTH[g[0]])[:MAX_GROUPS]


@dataclass
class DuplicateGroup:
    reason: str
    items: list[Item]  # the richest first: the suggested master


def duplicates_list(*, space: Space) -> list[DuplicateGroup]:
    """The space's groups of likely duplicates, their items with note and attachment counts."""
    library_id = Library.objects.filter(space=space).values_list("id", flat=True).first()
    groups = duplicate_groups(library_id=library_id) if library_id else []
    ids = [i for _reason, members in groups for i in members]
    rows = (
        Item.objects.filter(pk__in=ids)
        .select_related("added_by")
        .annotate(
            note_count=Count("notes", distinct=True),
            attachment_count=Count("attachments", distinct=True),
        )
    )
    items = {str(i.id): i for i in rows}
    return [
        DuplicateGroup(reason, sorted((items[i] for i in members), key=_richness, reverse=True))
        for reason, members in groups
    ]


def _richness(item: Any) -> tuple[int, int]:
    filled = sum(1 for value in item.csl.values() if value not in (None, "", [], {}))
    return filled + item.note_count + item.attachment_count, -int(item.created_at.timestamp())
