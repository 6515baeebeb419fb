"""Reads of a space's library. The space has passed its gate before these are called."""

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Window

from ruche.accounts.models import User
from ruche.core.errors import Invalid
from ruche.library.attachments import attachment_rows
from ruche.library.citations import BUILTIN_STYLES, Bibliography, builtin_style_xml
from ruche.library.duplicates import duplicates_find
from ruche.library.entry_cache import bibliography_format_cached
from ruche.library.formats import ExportItem
from ruche.library.importing import file_parse
from ruche.library.models import CitationStyle, Collection, Deletion, Item, Library, Note, Tag
from ruche.library.search import matching_items
from ruche.spaces.models import Space

SORTS = {
    "title": ("title_key", "id"),
    "-title": ("-title_key", "id"),
    "year": ("year", "title_key", "id"),
    "-year": ("-year", "title_key", "id"),
    "creator": ("first_creator", "title_key", "id"),
    "added": ("created_at", "id"),
    "-added": ("-created_at", "id"),
    "modified": ("-version", "id"),
}


@dataclass
class ItemFilters:
    q: str = ""
    item_type: str = ""
    tag: str = ""
    collection: str = ""
    year_from: int | None = None
    year_to: int | None = None
    creator: str = ""
    added_by: int | None = None
    trashed: bool = False
    sort: str = "title"


def library_version(*, space: Space) -> int:
    version = Library.objects.filter(space=space).values_list("version", flat=True).first()
    return int(version or 0)


def library_style(*, space: Space) -> str:
    style = Library.objects.filter(space=space).values_list("citation_style", flat=True).first()
    return str(style or "apa")


def item_list(*, space: Space, filters: ItemFilters | None = None) -> QuerySet[Item]:
    """The space's items matching the filters, sorted; trashed ones only when asked."""
    f = filters or ItemFilters()
    matching = _matching(space, f.q) if f.q.strip() else None
    if matching is not None:
        items = Item.objects.filter(matching)
    else:
        items = Item.objects.filter(library__space=space)
    items = items.filter(_conditions(f), trashed_at__isnull=not f.trashed)
    if f.tag:
        items = items.filter(tags__name=f.tag)
    if f.collection:
        items = items.filter(collections__id=_uuid_or_invalid(f.collection))
    if f.sort not in SORTS:
        raise Invalid(f"Unknown sort {f.sort!r}.")
    return items.order_by(*SORTS[f.sort])


def item_page(items: QuerySet[Item], *, start: int, limit: int) -> list[Item]:
    """One page of a sorted item list, with tags, notes and collections.

    The sort runs over ids only, then the page's rows are read: sorting whole rows (with
    their CSL JSON) of thousands of matches is what would make a search slow."""
    return _with_details_in_order(list(items.values_list("id", flat=True)[start : start + limit]))


@dataclass
class ItemPage:
    total: int
    items: list[Item]


def item_search(
    *, space: Space, filters: ItemFilters | None = None, start: int = 0, limit: int = 50
) -> ItemPage:
    """One page of the matching items and how many match, from one pass over the matches
    (the count rides along the sorted ids as a window function)."""
    items = item_list(space=space, filters=filters)
    rows = list(
        items.annotate(matches=Window(Count("id"))).values_list("id", "matches")[
            start : start + limit
        ]
    )
    total = rows[0][1] if rows else (items.count() if start else 0)
    return ItemPage(total, _with_details_in_order([pk for pk, _matches in rows]))


def _with_details_in_order(ids: list[Any]) -> list[Item]:
    rows = {item.id: item for item in with_details(Item.objects.filter(id__in=ids))}
    return [rows[i] for i in ids if i in rows]


def _matching(space: Space, query: str) -> Q | None:
    library_id = Library.objects.filter(space=space).values_list("id", flat=True).first()
    return matching_items(query, library_id or 0)


def _conditions(f: ItemFilters) -> Q:
    condition = Q()
    if f.item_type:
        condition &= Q(item_type=f.item_type)
    if f.year_from is not None:
        condition &= Q(year__gte=f.year_from)
    if f.year_to is not None:
        condition &= Q(year__lte=f.year_to)
    if f.creator:
        condition &= Q(creators_text__icontains=f.creator)
    if f.added_by is not None:
        condition &= Q(added_by_id=f.added_by)
    return condition


def _uuid_or_invalid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError as exc:
        raise Invalid("`collection` must be a collection id.") from exc


def items_since(*, space: Space, since: int) -> tuple[QuerySet[Item], list[str]]:
    """Items changed after library version `since` (trashed included) and ids deleted since."""
    items = Item.objects.filter(library__space=space, version__gt=since).order_by("version", "id")
    deleted = Deletion.objects.filter(library__space=space, version__gt=since)
    return items, [str(i) for i in deleted.values_list("item_id", flat=True)]


def with_details(items: QuerySet[Item]) -> QuerySet[Item]:
    return items.select_related("added_by").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
        Prefetch("notes", queryset=Note.objects.select_related("added_by")),
        Prefetch("collections", queryset=Collection.objects.only("id", "name")),
        Prefetch("attachments", queryset=attachment_rows()),
    )


def export_items(items: QuerySet[Item]) -> list[ExportItem]:
    rows = with_details(items)
    return [
        ExportItem(
            key=item.citation_key or _generated_key(item),
            csl=item.csl,
            tags=[t.name for t in item.tags.all()],
            notes=[n.html for n in item.notes.all()],
        )
        for item in rows
    ]


def _generated_key(item: Item) -> str:
    family = item.first_creator.split(",")[0].split(" ")[0].lower() or "item"
    return f"{family}{item.year or ''}"


def tag_list(*, space: Space) -> QuerySet[Tag]:
    return Tag.objects.filter(library__space=space).order_by("name")


def collection_list(*, space: Space) -> list[dict[str, Any]]:
    """The library's collections as a tree, each with its depth, in display order."""
    rows = list(Collection.objects.filter(library__space=space).order_by("name"))
    children: dict[Any, list[Collection]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    tree: list[dict[str, Any]] = []

    def walk(parent_id: Any, depth: int) -> None:
        for node in children.get(parent_id, []):
            tree.append({"collection": node, "depth": depth})
            walk(node.id, depth + 1)

    walk(None, 0)
    return tree


MAX_BIBLIOGRAPHY = 5000


def style_list(*, space: Space) -> list[dict[str, str]]:
    """The built-in styles, then the ones uploaded to this library."""
    styles = [{"slug": slug, "title": title} for slug, (_f, title) in BUILTIN_STYLES.items()]
    uploaded = CitationStyle.objects.filter(library__space=space).order_by("title")
    return styles + [{"slug": s.slug, "title": s.title} for s in uploaded]


def style_xml(*, space: Space, slug: str) -> bytes:
    uploaded = CitationStyle.objects.filter(library__space=space, slug=slug).first()
    if uploaded is not None:
        return uploaded.xml.encode()
    if slug in BUILTIN_STYLES:
        return builtin_style_xml(slug)
    raise Invalid(f"Unknown style {slug!r}.")


def bibliography_get(
    *, space: Space, style: str, locale: str, filters: ItemFilters | None = None
) -> Bibliography:
    """The library (or the filtered part of it) formatted in a CSL style and locale.

    Entries formatted before (same style XML, locale and item data) are reused."""
    xml = style_xml(space=space, slug=style)
    items = item_list(space=space, filters=filters)[:MAX_BIBLIOGRAPHY]
    data = [{"id": str(pk), **csl} for pk, csl in items.values_list("id", "csl")]
    return bibliography_format_cached(style_xml=xml, style=style, locale=locale, items=data)


@dataclass
class ImportPreview:
    entries: list[Any]
    skipped: list[Any]
    duplicates: dict[int, dict[str, Any]]


def import_preview(*, space: Space, data: bytes, file_format: str) -> ImportPreview:
    """What an import of this file would do, without saving anything."""
    entries = file_parse(data=data, file_format=file_format)
    good = [e for e in entries if e.csl is not None]
    library = Library.objects.filter(space=space).first() or Library(pk=-1, space=space)
    duplicates = duplicates_find(library=library, entries=good)
    return ImportPreview(good, [e for e in entries if e.csl is None], duplicates)


def library_personal_data(user: User) -> dict[str, Any]:
    """What libraries hold about a person: the items they added and the notes they wrote."""
    items = Item.objects.filter(added_by=user).order_by("created_at")
    notes = Note.objects.filter(added_by=user).order_by("created_at")
    return {
        "items_added": [{"id": str(i.id), "title": i.title, "added_at": i.created_at.isoformat()}
                        for i in items],
        "notes": [{"id": n.id, "item_id": str(n.item_id), "html": n.html,
                   "created_at": n.created_at.isoformat()} for n in notes],
    }  # fmt: skip
