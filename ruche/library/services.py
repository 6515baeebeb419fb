"""Writes to a space's library. The only place that saves items, notes, tags, collections.

Every write raises the library version by one and stamps what it touched with the new
value, so `?since=` readers see it (the Zotero Web API's model).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import nh3
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from ruche.accounts.models import User
from ruche.core.errors import Invalid, PreconditionFailed
from ruche.core.events import send_event_on_commit
from ruche.library import csl as cslmodel
from ruche.library.citations import (
    BUILTIN_STYLES,
    bibliography_format,
    style_load,
    style_title,
)
from ruche.library.duplicates import duplicates_find
from ruche.library.files import attachment_files_forget
from ruche.library.formats import ParsedEntry
from ruche.library.importing import file_parse
from ruche.library.models import (
    CitationStyle,
    Collection,
    Deletion,
    Item,
    ItemSearch,
    Library,
    Note,
    Tag,
    WriteToken,
)
from ruche.spaces.models import Space

BATCH = 500
NOTE_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "s", "a", "ul", "ol", "li", "blockquote",
             "h1", "h2", "h3", "h4", "code", "pre", "sup", "sub"}  # fmt: skip
MAX_NOTE = 200_000


@dataclass(frozen=True)
class LibraryChanged:
    """Sent after commit when a library's content changes."""

    space_id: str
    version: int


@dataclass
class ImportResult:
    imported: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


def library_of(space: Space) -> Library:
    library, _created = Library.objects.get_or_create(space=space)
    return library


def _bump(library: Library) -> int:
    Library.objects.filter(pk=library.pk).update(version=F("version") + 1)
    library.refresh_from_db(fields=["version"])
    send_event_on_commit(LibraryChanged(str(library.space_id), library.version))
    return library.version


def note_sanitise(html: str) -> str:
    if len(html) > MAX_NOTE:
        raise Invalid("The note is too long.")
    return nh3.clean(html, tags=NOTE_TAGS, attributes={"a": {"href", "title"}})


# Items


def items_create(
    *, actor: User, space: Space, items: list[dict[str, Any]], write_token: str = ""
) -> list[Item]:
    """Create items from CSL-JSON objects (each may carry `tags`, `collections`, `notes`).

    A write token seen before returns the items it created then, creating nothing new."""
    with transaction.atomic():
        library = Library.objects.select_for_update().get(pk=library_of(space).pk)
        if write_token:
            done = WriteToken.objects.filter(library=library, token=write_token[:64]).first()
            if done is not None:
                return list(Item.objects.filter(pk__in=done.item_ids))
        entries = [_entry_from_json(i, raw) for i, raw in enumerate(items)]
        version = _bump(library)
        created = _items_insert(actor=actor, library=library, entries=entries, version=version)
        if write_token:
            ids = [str(i.id) for i in created]
            WriteToken.objects.create(library=library, token=write_token[:64], item_ids=ids)
        _collections_attach(library, created, [raw.get("collections") for raw in items])
    return created


def _entry_from_json(index: int, raw: Any) -> ParsedEntry:
    if not isinstance(raw, dict):
        raise Invalid(f"Item {index}: must be an object.")
    csl = {k: v for k, v in raw.items() if k not in ("tags", "collections", "notes")}
    try:
        clean = cslmodel.item_clean(csl)
    except Invalid as exc:
        raise Invalid(f"Item {index}: {exc.detail}") from exc
    tags = _str_list(raw.get("tags"), "tags")
    notes = [note_sanitise(n) for n in _str_list(raw.get("notes"), "notes")]
    return ParsedEntry(index, str(raw.get("id", ""))[:200], clean, tags=tags, notes=notes)


def _str_list(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid(f"`{name}` must be a list of strings.")
    return value


def _items_insert(
    *, actor: User, library: Library, entries: list[ParsedEntry], version: int
) -> list[Item]:
    items = [
        Item(
            library=library, csl=e.csl, citation_key=e.key, added_by=actor, version=version,
            **cslmodel.item_columns(e.csl or {}),
        )
        for e in entries
    ]  # fmt: skip
    Item.objects.bulk_create(items, batch_size=BATCH)
    _tags_attach(library, items, [e.tags for e in entries])
    Note.objects.bulk_create(
        [
            Note(item=i, html=n, added_by=actor)
            for i, e in zip(items, entries, strict=True)
            for n in e.notes
        ],
        batch_size=BATCH,
    )
    ItemSearch.objects.bulk_create(
        [ItemSearch(item=i, library=library, body=cslmodel.item_search_text(i.csl, e.notes))
         for i, e in zip(items, entries, strict=True)],
        batch_size=BATCH,
    )  # fmt: skip
    return items


def _tags_attach(library: Library, items: list[Item], tag_lists: list[list[str]]) -> None:
    names = {t.strip()[:200] for tags in tag_lists for t in tags if t.strip()}
    if not names:
        return
    existing = set(
        Tag.objects.filter(library=library, name__in=names).values_list("name", flat=True)
    )
    Tag.objects.bulk_create([Tag(library=library, name=n) for n in names - existing])
    by_name = dict(Tag.objects.filter(library=library, name__in=names).values_list("name", "id"))
    links = {
        (item.id, by_name[t.strip()[:200]])
        for item, tags in zip(items, tag_lists, strict=True)
        for t in tags
        if t.strip()
    }
    Through = Item.tags.through
    Through.objects.bulk_create(
        [Through(item_id=i, tag_id=t) for i, t in links], batch_size=BATCH, ignore_conflicts=True
    )


def _collections_attach(library: Library, items: list[Item], lists: list[Any]) -> None:
    for item, ids in zip(items, lists, strict=True):
        if ids:
            item.collections.set(_collections_of(library, ids))


def _collections_of(library: Library, ids: Any) -> list[Collection]:
    if not isinstance(ids, list):
        raise Invalid("`collections` must be a list of collection ids.")
    try:
        found = list(Collection.objects.filter(library=library, pk__in=[str(i) for i in ids]))
    except Exception as exc:  # noqa: BLE001 - a malformed UUID
        raise Invalid("`collections` holds an invalid id.") from exc
    if len(found) != len(set(map(str, ids))):
        raise Invalid("`collections` names a collection that is not in this library.")
    return found


def item_update(
    *,
    actor: User,
    item: Item,
    changes: dict[str, Any],
    replace: bool = False,
    expected_version: int | None = None,
) -> Item:
    """Change an item's CSL fields (PATCH merges, `replace` rewrites), tags and collections.

    With `expected_version`, a stale write raises PreconditionFailed and changes nothing."""
    with transaction.atomic():
        item = Item.objects.select_for_update().select_related("library").get(pk=item.pk)
        if expected_version is not None and item.version != expected_version:
            raise PreconditionFailed(
                f"Item changed since version {expected_version}.",
                current={"version": item.version},
            )
        tags = changes.pop("tags", None)
        collections = changes.pop("collections", None)
        changes.pop("notes", None)
        csl = changes if replace else _merged(item.csl, changes)
        item.csl = cslmodel.item_clean(csl)
        if "id" in changes:
            item.citation_key = str(changes["id"])[:200]
        for name, value in cslmodel.item_columns(item.csl).items():
            setattr(item, name, value)
        _stamp(item)
        if tags is not None:
            item.tags.clear()
            _tags_attach(item.library, [item], [_str_list(tags, "tags")])
        if collections is not None:
            item.collections.set(_collections_of(item.library, collections))
        _reindex(item)
    return item


def _merged(csl: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = {**csl, **changes}
    return {k: v for k, v in merged.items() if v is not None}


def _stamp(item: Item) -> None:
    item.version = _bump(item.library)
    item.save()


def _reindex(item: Item) -> None:
    notes = list(item.notes.values_list("html", flat=True))
    body = cslmodel.item_search_text(item.csl, notes)
    texts = [t for t in item.attachments.values_list("text", flat=True) if t]
    if texts:  # the text of attached PDFs
        body = f"{body}\n{cslmodel.fold(chr(10).join(texts))}"
    ItemSearch.objects.update_or_create(
        item=item, defaults={"body": body, "library_id": item.library_id}
    )


def item_touch(item: Item) -> None:
    """Stamp an item with a new version and rebuild its search text (after its notes or
    attachments changed)."""
    _stamp(item)
    _reindex(item)


def item_trash(*, actor: User, item: Item) -> Item:
    """Move an item to the trash (restorable)."""
    with transaction.atomic():
        item.trashed_at = timezone.now()
        _stamp(item)
    return item


def item_restore(*, actor: User, item: Item) -> Item:
    with transaction.atomic():
        item.trashed_at = None
        _stamp(item)
    return item


def item_purge(*, actor: User, item: Item) -> None:
    """Delete an item for good, leaving a tombstone for sync clients."""
    with transaction.atomic():
        version = _bump(item.library)
        Deletion.objects.create(library=item.library, item_id=item.id, version=version)
        attachment_files_forget([item.pk])
        item.delete()


def trash_empty(*, actor: User, space: Space) -> int:
    """Delete for good every trashed item of the library; returns how many."""
    with transaction.atomic():
        library = library_of(space)
        trashed = list(Item.objects.filter(library=library, trashed_at__isnull=False))
        if not trashed:
            return 0
        version = _bump(library)
        Deletion.objects.bulk_create(
            [Deletion(library=library, item_id=i.id, version=version) for i in trashed]
        )
        attachment_files_forget([i.pk for i in trashed])
        Item.objects.filter(pk__in=[i.pk for i in trashed]).delete()
    return len(trashed)


# Notes


def note_add(*, actor: User, item: Item, html: str) -> Note:
    """Add a rich-text note to an item (sanitised)."""
    with transaction.atomic():
        note = Note.objects.create(item=item, html=note_sanitise(html), added_by=actor)
        _stamp(item)
        _reindex(item)
    return note


def note_update(*, actor: User, note: Note, html: str) -> Note:
    with transaction.atomic():
        note.html = note_sanitise(html)
        note.save()
        _stamp(note.item)
        _reindex(note.item)
    return note


def note_delete(*, actor: User, note: Note) -> None:
    with transaction.atomic():
        item = note.item
        note.delete()
        _stamp(item)
        _reindex(item)


# Collections


def collection_create(
    *, actor: User, space: Space, name: str, parent: Collection | None = None
) -> Collection:
    """A collection in the space's library, possibly inside another."""
    name = name.strip()[:200]
    if not name:
        raise Invalid("A collection needs a name.")
    with transaction.atomic():
        library = library_of(space)
        if parent is not None and parent.library_id != library.pk:
            raise Invalid("The parent collection is in another library.")
        return Collection.objects.create(
            library=library, parent=parent, name=name, version=_bump(library)
        )


def collection_update(
    *, actor: User, collection: Collection, name: str | None, parent: Collection | None | bool
) -> Collection:
    """Rename or move a collection (`parent=False` leaves it where it is)."""
    with transaction.atomic():
        if name is not None:
            collection.name = name.strip()[:200] or collection.name
        if parent is not False:
            _check_parent(collection, parent if isinstance(parent, Collection) else None)
            collection.parent = parent if isinstance(parent, Collection) else None
        collection.version = _bump(collection.library)
        collection.save()
    return collection


def _check_parent(collection: Collection, parent: Collection | None) -> None:
    node = parent
    while node is not None:
        if node.pk == collection.pk:
            raise Invalid("A collection cannot be moved inside itself.")
        if node.library_id != collection.library_id:
            raise Invalid("The parent collection is in another library.")
        node = node.parent


def collection_delete(*, actor: User, collection: Collection) -> None:
    """Delete a collection and its sub-collections; the items stay in the library."""
    with transaction.atomic():
        _bump(collection.library)
        collection.delete()


# Import


def items_import(
    *, actor: User, space: Space, data: bytes, file_format: str, keep_duplicates: bool = False
) -> ImportResult:
    """Import a BibTeX, RIS or CSL-JSON file in one transaction: all good entries or nothing.

    Entries that cannot be read are listed in `skipped`; duplicates (of the library or of
    an earlier entry of the file) in `duplicates`, and not imported unless asked."""
    entries = file_parse(data=data, file_format=file_format)
    result = ImportResult()
    good = []
    for entry in entries:
        if entry.csl is None:
            result.skipped.append({"index": entry.index, "key": entry.key, "reason": entry.reason})
        else:
            good.append(entry)
    with transaction.atomic():
        library = Library.objects.select_for_update().get(pk=library_of(space).pk)
        found = duplicates_find(library=library, entries=good)
        result.duplicates = list(found.values())
        if not keep_duplicates:
            good = [e for e in good if e.index not in found]
        if good:
            items = _items_insert(
                actor=actor, library=library, entries=good, version=_bump(library)
            )
            result.items = [str(i.id) for i in items]
    result.imported = len(result.items)
    return result


def items_tag(*, actor: User, space: Space, items: Iterable[Item], tag: str) -> None:
    """Add one tag to several items."""
    with transaction.atomic():
        library = library_of(space)
        chosen = list(items)
        version = _bump(library)
        _tags_attach(library, chosen, [[tag]] * len(chosen))
        Item.objects.filter(pk__in=[i.pk for i in chosen]).update(version=version)


def library_style_set(*, actor: User, space: Space, style: str) -> Library:
    """Choose the library's default citation style (built in or uploaded)."""
    library = library_of(space)
    if style not in BUILTIN_STYLES and not library.styles.filter(slug=style).exists():
        raise Invalid(f"Unknown style {style!r}.")
    with transaction.atomic():
        library.citation_style = style[:100]
        library.save(update_fields=["citation_style"])
    return library


SAMPLE_ITEM = {
    "id": "sample", "type": "book", "title": "Sample", "issued": {"date-parts": [[2020]]},
    "author": [{"family": "Sample", "given": "Ann"}],
}  # fmt: skip


def style_upload(*, actor: User, space: Space, xml: bytes) -> CitationStyle:
    """Add (or replace, by title) a CSL style for this library, once it has formatted a
    sample reference without error."""
    style_load(xml, "en-US")
    try:
        bibliography_format(style_xml=xml, style="upload", locale="en-US", items=[SAMPLE_ITEM])
    except Invalid:
        raise
    except Exception as exc:  # noqa: BLE001 - citeproc fails in many ways on odd styles
        raise Invalid(f"This CSL style cannot format a reference: {exc}") from exc
    title = style_title(xml)
    slug = slugify(title)[:90] or "style"
    if slug in BUILTIN_STYLES:
        slug = f"{slug}-custom"
    library = library_of(space)
    style, _created = CitationStyle.objects.update_or_create(
        library=library, slug=slug,
        defaults={"title": title, "xml": xml.decode("utf-8"), "uploaded_by": actor},
    )  # fmt: skip
    return style
