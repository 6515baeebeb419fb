"""Merging duplicate items into one, losing nothing.

The master keeps the richest value of each CSL field: a value fills an empty field, a
longer abstract or a longer list of creators replaces a shorter one, and otherwise the
master wins. Every value that did not make it into the merged item is written into a note
on it, so nothing is lost. Notes, tags, collections and attachments all move to the
master; the others go to the trash (restorable); everything touched gets a new version.
"""

import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.errors import Invalid, NotFound
from ruche.library import csl as cslmodel
from ruche.library.models import Attachment, Item, Library, Note

# The library's own write helpers: versions, tags and the search index stay consistent.
from ruche.library.services import _bump, _reindex, _tags_attach, library_of
from ruche.spaces.models import Space

MAX_OTHERS = 50
LONGER_WINS = {"abstract", "note", "annote"}


@dataclass(frozen=True)
class Conflict:
    field: str
    value: Any
    source: str  # the id of the item it came from


@dataclass
class MergeResult:
    master: Item
    trashed: list[str]
    conflicts: list[Conflict]


def _empty(value: Any) -> bool:
    return value in (None, "", [], {})


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return cslmodel.fold(a) == cslmodel.fold(b)
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _covers(richer: Any, poorer: Any) -> bool:
    """Whether the richer value already holds all of the poorer one."""
    if isinstance(richer, list) and isinstance(poorer, list):
        return all(any(_same(p, r) for r in richer) for p in poorer)
    if isinstance(richer, str) and isinstance(poorer, str):
        return cslmodel.fold(poorer) in cslmodel.fold(richer)
    return _same(richer, poorer)


def _richer(key: str, candidate: Any, current: Any) -> bool:
    if key in cslmodel.NAME_VARIABLES and isinstance(candidate, list):
        return isinstance(current, list) and len(candidate) > len(current)
    if key in LONGER_WINS and isinstance(candidate, str):
        return isinstance(current, str) and len(candidate) > len(current)
    return False


def csl_merge(
    master: tuple[str, dict[str, Any]], others: list[tuple[str, dict[str, Any]]]
) -> tuple[dict[str, Any], list[Conflict]]:
    """The merged CSL item and the values left out of it (each with its source id)."""
    merged = {k: v for k, v in master[1].items() if k != "custom"}
    sources = dict.fromkeys(merged, master[0])
    custom = dict(master[1].get("custom") or {})
    conflicts: list[Conflict] = []
    for source, csl in others:
        for key, value in csl.items():
            if key in ("id", "custom") or _empty(value):
                continue
            current = merged.get(key)
            if _empty(current):
                merged[key], sources[key] = value, source
            elif _same(current, value):
                continue
            elif _richer(key, value, current):
                if not _covers(value, current):
                    conflicts.append(Conflict(key, current, sources[key]))
                merged[key], sources[key] = value, source
            elif not _covers(current, value):
                conflicts.append(Conflict(key, value, source))
        conflicts.extend(_custom_merge(custom, csl.get("custom"), source))
    if custom:
        merged["custom"] = custom
    return merged, conflicts


def _custom_merge(custom: dict[str, Any], other: Any, source: str) -> list[Conflict]:
    conflicts = []
    for key, value in (other or {}).items() if isinstance(other, dict) else []:
        if _empty(custom.get(key)):
            custom[key] = value
        elif not _same(custom[key], value):
            conflicts.append(Conflict(f"custom.{key}", value, source))
    return conflicts


def items_merge(*, actor: User, space: Space, master_id: str, other_ids: list[str]) -> MergeResult:
    """Merge `other_ids` into `master_id`, all items of this space's live library.

    An id that is not an item of this library raises NotFound; an item in the trash, the
    master among the others or no others at all raise Invalid."""
    master_id = _canonical(master_id)
    other_ids = list(dict.fromkeys(_canonical(i) for i in other_ids))
    if not other_ids or len(other_ids) > MAX_OTHERS:
        raise Invalid(f"Choose between 1 and {MAX_OTHERS} items to merge into the master.")
    if str(master_id) in other_ids:
        raise Invalid("The master cannot also be merged into itself.")
    with transaction.atomic():
        library = Library.objects.select_for_update().get(pk=library_of(space).pk)
        items = _items_of(library, [str(master_id), *other_ids])
        master, others = items[str(master_id)], [items[i] for i in other_ids]
        merged, conflicts = csl_merge(
            (str(master.id), master.csl), [(str(o.id), o.csl) for o in others]
        )
        version = _bump(library)
        _master_update(actor, master, others, merged, conflicts, version)
        Item.objects.filter(pk__in=[o.pk for o in others]).update(
            trashed_at=timezone.now(), version=version
        )
        for item in [master, *others]:
            _reindex(item)
    return MergeResult(master, other_ids, conflicts)


def _canonical(item_id: object) -> str:
    try:
        return str(uuid.UUID(str(item_id)))
    except ValueError as exc:  # a malformed id names no item
        raise NotFound() from exc


def _items_of(library: Library, ids: list[str]) -> dict[str, Item]:
    rows = Item.objects.select_for_update().filter(library=library, pk__in=ids)
    items = {str(i.id): i for i in rows}
    if len(items) != len(ids):
        raise NotFound()
    if any(i.trashed_at is not None for i in items.values()):
        raise Invalid("An item in the trash cannot be merged: restore it first.")
    return items


def _master_update(actor: User, master: Item, others: list[Item], merged: dict[str, Any],
                   conflicts: list[Conflict], version: int) -> None:  # fmt: skip
    master.csl = cslmodel.item_clean(merged)
    for name, value in cslmodel.item_columns(master.csl).items():
        setattr(master, name, value)
    master.citation_key = master.citation_key or next(
        (o.citation_key for o in others if o.citation_key), ""
    )
    master.version = version
    master.save()
    tags = [[t.name for t in o.tags.all()] for o in others]
    _tags_attach(master.library, [master] * len(others), tags)
    master.collections.add(*{c for o in others for c in o.collections.all()})
    Note.objects.filter(item__in=others).update(item=master)
    Attachment.objects.filter(item__in=others).update(item=master)
    Note.objects.create(item=master, html=merge_note(others, conflicts), added_by=actor)


def merge_note(others: list[Item], conflicts: list[Conflict]) -> str:
    """The note left on the merged item: what was merged, and every value left out."""
    titles = ", ".join(f"“{escape(o.title or str(o.id))}” ({o.id})" for o in others)
    html = "<p>" + _("Merged from %(items)s.") % {"items": titles} + "</p>"
    if conflicts:
        rows = "".join(
            f"<li><strong>{escape(c.field)}</strong>: {escape(_shown(c.value))} ({c.source})</li>"
            for c in conflicts
        )
        html += "<p>" + _("Values not kept in the fields:") + f"</p><ul>{rows}</ul>"
    return html


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        return "; ".join(cslmodel.name_text(v) for v in value)
    return json.dumps(value, ensure_ascii=False)
