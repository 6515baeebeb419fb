"""/api/v1 library: items, notes, collections, tags, import, export, bibliographies.

Modelled on the Zotero Web API v3: every write raises the library version, which answers in
`Last-Modified-Version`; `?since=` lists what changed and what was deleted; a stale
`If-Unmodified-Since-Version` answers 412; a write token makes a repeated create idempotent.
"""

import json
import uuid
from typing import Any

from django.http import HttpResponse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from ruche.core.errors import Invalid, TooLarge
from ruche.core.http import AuthedRequest
from ruche.library import bibtex_export, csljson, ris, selectors, services
from ruche.library import cite as cite_module
from ruche.library.api_attachments import attachment_out
from ruche.library.citations import LOCALES
from ruche.library.formats import MAX_FILE_BYTES
from ruche.library.models import Collection, Item, Note
from ruche.library.permissions import (
    access_collection,
    access_library,
    access_library_item,
    access_note,
)
from ruche.spaces.permissions import Need

router = Router(tags=["library"])
VERSION_HEADER = "Last-Modified-Version"
EXPORTS = {
    "bibtex": (bibtex_export.write, "application/x-bibtex; charset=utf-8", "bib"),
    "ris": (ris.write, "application/x-research-info-systems; charset=utf-8", "ris"),
    "csljson": (csljson.write, "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}
MAX_PAGE = 1000


class ItemQuery(Schema):
    q: str = ""
    type: str = ""
    tag: str = ""
    collection: str = ""
    year_from: int | None = None
    year_to: int | None = None
    creator: str = ""
    added_by: int | None = None
    trashed: bool = False
    sort: str = "title"
    since: int | None = None
    format: str = ""
    start: int = 0
    limit: int = 50

    def filters(self) -> selectors.ItemFilters:
        return selectors.ItemFilters(
            q=self.q, item_type=self.type, tag=self.tag, collection=self.collection,
            year_from=self.year_from, year_to=self.year_to, creator=self.creator,
            added_by=self.added_by, trashed=self.trashed, sort=self.sort,
        )  # fmt: skip


class NoteIn(Schema):
    html: str


class CollectionIn(Schema):
    name: str
    parent_id: uuid.UUID | None = None


class CollectionPatch(Schema):
    name: str | None = None
    parent_id: uuid.UUID | None = None
    move: bool = False


def item_out(item: Item) -> dict[str, Any]:
    return {
        "id": str(item.id),
        "version": item.version,
        "key": item.citation_key,
        "csl": item.csl,
        "tags": [t.name for t in item.tags.all()],
        "collections": [str(c.id) for c in item.collections.all()],
        "notes": [note_out(n) for n in item.notes.all()],
        "attachments": [attachment_out(a) for a in item.attachments.all()],
        "added_by": _person(item.added_by),
        "created_at": item.created_at.isoformat(),
        "updated_at": item.updated_at.isoformat(),
        "trashed": item.trashed_at is not None,
    }


def note_out(note: Note) -> dict[str, Any]:
    return {"id": note.id, "html": note.html, "added_by": _person(note.added_by),
            "created_at": note.created_at.isoformat()}  # fmt: skip


def collection_out(collection: Collection, depth: int = 0) -> dict[str, Any]:
    return {"id": str(collection.id), "name": collection.name, "version": collection.version,
            "parent_id": str(collection.parent_id) if collection.parent_id else None,
            "depth": depth}  # fmt: skip


def _person(user: Any) -> dict[str, Any] | None:
    return {"id": user.id, "name": user.public_name} if user is not None else None


def _json_body(request: AuthedRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except ValueError as exc:
        raise Invalid("The body must be JSON.") from exc


def _expected_version(request: AuthedRequest) -> int | None:
    value = request.headers.get("If-Unmodified-Since-Version")
    if value is None:
        return None
    if not value.strip().isdigit():
        raise Invalid("If-Unmodified-Since-Version must be a version number.")
    return int(value)


@router.get("/spaces/{space_id}/library/items", response=Any)
def items_list(request: AuthedRequest, space_id: str, response: HttpResponse,
               query: Query[ItemQuery]):  # fmt: skip
    space = access_library(request.user, space_id)
    version = selectors.library_version(space=space)
    response[VERSION_HEADER] = str(version)
    if query.format:
        return _export(space_id, query, selectors.item_list(space=space, filters=query.filters()))
    if query.since is not None:
        changed, deleted = selectors.items_since(space=space, since=query.since)
        rows = selectors.with_details(changed)
        return {"version": version, "items": [item_out(i) for i in rows], "deleted": deleted}
    limit = max(1, min(query.limit, MAX_PAGE))
    found = selectors.item_search(space=space, filters=query.filters(),
                                  start=max(0, query.start), limit=limit)  # fmt: skip
    return {"version": version, "total": found.total, "items": [item_out(i) for i in found.items]}


def _export(space_id: str, query: ItemQuery, items: Any) -> HttpResponse:
    if query.format not in EXPORTS:
        raise Invalid(f"Unknown format {query.format!r}: use bibtex, ris or csljson.")
    write, content_type, extension = EXPORTS[query.format]
    body = write(selectors.export_items(items))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="library-{space_id}.{extension}"'
    return response


@router.post("/spaces/{space_id}/library/items", response={200: Any, 201: Any})
def items_create(request: AuthedRequest, space_id: str):
    space = access_library(request.user, space_id, Need.CONTRIBUTE)
    body = _json_body(request)
    items = body if isinstance(body, list) else [body]
    token = request.headers.get("Ruche-Write-Token") or request.headers.get("Zotero-Write-Token")
    created = services.items_create(
        actor=request.user, space=space, items=items, write_token=token or ""
    )
    rows = selectors.with_details(Item.objects.filter(pk__in=[i.pk for i in created]))
    version = selectors.library_version(space=space)
    return Status(201, {"version": version, "items": [item_out(i) for i in rows]})


@router.get("/library/items/{item_id}", response=Any)
def item_get(request: AuthedRequest, item_id: str, response: HttpResponse):
    item = access_library_item(request.user, item_id)
    response[VERSION_HEADER] = str(item.version)
    return item_out(selectors.with_details(Item.objects.filter(pk=item.pk)).get())


@router.patch("/library/items/{item_id}", response=Any)
def item_patch(request: AuthedRequest, item_id: str, response: HttpResponse):
    return _item_write(request, item_id, response, replace=False)


@router.put("/library/items/{item_id}", response=Any)
def item_put(request: AuthedRequest, item_id: str, response: HttpResponse):
    return _item_write(request, item_id, response, replace=True)


def _item_write(request: AuthedRequest, item_id: str, response: HttpResponse, *,
                replace: bool) -> dict[str, Any]:  # fmt: skip
    item = access_library_item(request.user, item_id, Need.CONTRIBUTE)
    changes = _json_body(request)
    if not isinstance(changes, dict):
        raise Invalid("The body must be a JSON object.")
    if replace:
        changes.setdefault("type", item.csl.get("type"))
    item = services.item_update(
        actor=request.user, item=item, changes=changes, replace=replace,
        expected_version=_expected_version(request),
    )  # fmt: skip
    response[VERSION_HEADER] = str(item.version)
    return item_out(selectors.with_details(Item.objects.filter(pk=item.pk)).get())


@router.delete("/library/items/{item_id}", response={204: None})
def item_delete(request: AuthedRequest, item_id: str, permanent: bool = False):
    item = access_library_item(request.user, item_id, Need.CONTRIBUTE)
    expected = _expected_version(request)
    if expected is not None and expected != item.version:
        services.item_update(actor=request.user, item=item, changes={}, expected_version=expected)
    if permanent:
        services.item_purge(actor=request.user, item=item)
    else:
        services.item_trash(actor=request.user, item=item)
    return Status(204, None)


@router.post("/library/items/{item_id}/restore", response=Any)
def item_restore(request: AuthedRequest, item_id: str):
    item = access_library_item(request.user, item_id, Need.CONTRIBUTE)
    item = services.item_restore(actor=request.user, item=item)
    return item_out(selectors.with_details(Item.objects.filter(pk=item.pk)).get())


@router.delete("/spaces/{space_id}/library/trash", response=Any)
def trash_empty(request: AuthedRequest, space_id: str):
    space = access_library(request.user, space_id, Need.CONTRIBUTE)
    return {"deleted": services.trash_empty(actor=request.user, space=space)}


@router.post("/library/items/{item_id}/notes", response={200: Any, 201: Any})
def note_add(request: AuthedRequest, item_id: str, payload: NoteIn):
    item = access_library_item(request.user, item_id, Need.CONTRIBUTE)
    return Status(
        201, note_out(services.note_add(actor=request.user, item=item, html=payload.html))
    )


@router.patch("/library/notes/{note_id}", response=Any)
def note_update(request: AuthedRequest, note_id: int, payload: NoteIn):
    note = access_note(request.user, note_id, Need.CONTRIBUTE)
    return note_out(services.note_update(actor=request.user, note=note, html=payload.html))


@router.delete("/library/notes/{note_id}", response={204: None})
def note_delete(request: AuthedRequest, note_id: int):
    note = access_note(request.user, note_id, Need.CONTRIBUTE)
    services.note_delete(actor=request.user, note=note)
    return Status(204, None)


@router.get("/spaces/{space_id}/library/collections", response=Any)
def collections_list(request: AuthedRequest, space_id: str):
    space = access_library(request.user, space_id)
    return [collection_out(row["collection"], row["depth"])
            for row in selectors.collection_list(space=space)]  # fmt: skip


@router.post("/spaces/{space_id}/library/collections", response={200: Any, 201: Any})
def collection_create(request: AuthedRequest, space_id: str, payload: CollectionIn):
    space = access_library(request.user, space_id, Need.CONTRIBUTE)
    parent = access_collection(request.user, payload.parent_id) if payload.parent_id else None
    collection = services.collection_create(
        actor=request.user, space=space, name=payload.name, parent=parent
    )
    return Status(201, collection_out(collection))


@router.patch("/library/collections/{collection_id}", response=Any)
def collection_update(request: AuthedRequest, collection_id: str, payload: CollectionPatch):
    collection = access_collection(request.user, collection_id, Need.CONTRIBUTE)
    parent: Collection | None | bool = False
    if payload.move:
        parent = access_collection(request.user, payload.parent_id) if payload.parent_id else None
    collection = services.collection_update(
        actor=request.user, collection=collection, name=payload.name, parent=parent
    )
    return collection_out(collection)


@router.delete("/library/collections/{collection_id}", response={204: None})
def collection_delete(request: AuthedRequest, collection_id: str):
    collection = access_collection(request.user, collection_id, Need.CONTRIBUTE)
    services.collection_delete(actor=request.user, collection=collection)
    return Status(204, None)


@router.get("/spaces/{space_id}/library/tags", response=Any)
def tags_list(request: AuthedRequest, space_id: str):
    space = access_library(request.user, space_id)
    return [tag.name for tag in selectors.tag_list(space=space)]


@router.post("/spaces/{space_id}/library/import", response=Any)
def items_import(request: AuthedRequest, space_id: str, file: File[UploadedFile],
                 format: Form[str] = "auto", keep_duplicates: Form[bool] = False):  # fmt: skip
    space = access_library(request.user, space_id, Need.CONTRIBUTE)
    if file.size is not None and file.size > MAX_FILE_BYTES:
        raise TooLarge(f"The file is larger than the limit ({MAX_FILE_BYTES:,} bytes).")
    result = services.items_import(
        actor=request.user, space=space, data=file.read(MAX_FILE_BYTES + 1), file_format=format,
        keep_duplicates=keep_duplicates,
    )  # fmt: skip
    return {"imported": result.imported, "skipped": result.skipped,
            "duplicates": result.duplicates, "items": result.items}  # fmt: skip


@router.get("/spaces/{space_id}/library/bibliography", response=Any)
def bibliography(request: AuthedRequest, space_id: str, style: str = "", locale: str = "en-US",
                 collection: str = "", tag: str = "", q: str = ""):  # fmt: skip
    space = access_library(request.user, space_id)
    filters = selectors.ItemFilters(collection=collection, tag=tag, q=q)
    chosen = style or selectors.library_style(space=space)
    result = selectors.bibliography_get(space=space, style=chosen, locale=locale, filters=filters)
    return {"style": result.style, "locale": result.locale, "html": result.html,
            "text": result.text, "entries": result.entries_html}  # fmt: skip


@router.post("/spaces/{space_id}/library/cite", response=Any)
def cite(request: AuthedRequest, space_id: str):
    """In-text citations from this space's library (ruche.library.cite): one citation
    `{"items", "locator"}` or a document's `{"citations": [...]}`; `style`, `locale`."""
    space = access_library(request.user, space_id)
    body = _json_body(request)
    cites, single = cite_module.cites_parse(body)
    result = cite_module.citations_format(
        space=space, cites=cites, style=str(body.get("style") or ""),
        locale=str(body.get("locale") or "en-US"),
    )  # fmt: skip
    references = [{"id": r.id, "text": r.text, "html": r.html} for r in result.references]
    formatted = [{"text": f.text, "html": f.html, "missing": f.missing} for f in result.citations]
    out = {"style": result.style, "locale": result.locale, "references": references,
           "missing": result.missing,
           "missing_label": cite_module.MISSING[result.locale]}  # fmt: skip
    return {**formatted[0], **out} if single else {"citations": formatted, **out}


@router.get("/spaces/{space_id}/library/styles", response=Any)
def styles_list(request: AuthedRequest, space_id: str):
    space = access_library(request.user, space_id)
    return {"styles": selectors.style_list(space=space), "locales": list(LOCALES),
            "default": selectors.library_style(space=space)}  # fmt: skip


@router.post("/spaces/{space_id}/library/styles", response={200: Any, 201: Any})
def style_upload(request: AuthedRequest, space_id: str, file: File[UploadedFile]):
    space = access_library(request.user, space_id, Need.MANAGE)
    style = services.style_upload(actor=request.user, space=space, xml=file.read(600_000))
    return Status(201, {"slug": style.slug, "title": style.title})


class LibrarySettings(Schema):
    citation_style: str


@router.patch("/spaces/{space_id}/library", response=Any)
def library_update(request: AuthedRequest, space_id: str, payload: LibrarySettings):
    space = access_library(request.user, space_id, Need.MANAGE)
    library = services.library_style_set(actor=request.user, space=space,
                                         style=payload.citation_style)  # fmt: skip
    return {"citation_style": library.citation_style, "version": library.version}
