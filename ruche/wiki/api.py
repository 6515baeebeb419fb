"""/api/v1 wiki: pages of a space (tree, titles, slugs), links, search, changes, export
and import. The text is edited over the websocket at `ws_path` (docs/wiki.md)."""

import uuid
from datetime import datetime
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from ruche.accounts.models import User
from ruche.core.errors import Invalid
from ruche.pads.api_documents import _disposition
from ruche.spaces.permissions import Need, access_space
from ruche.wiki import exports, imports, selectors, services
from ruche.wiki.models import WikiPage
from ruche.wiki.permissions import access_wiki_page

router = Router(tags=["wiki"])


class PageIn(Schema):
    title: str
    parent_id: uuid.UUID | None = None
    template: str = ""


class PagePatch(Schema):
    title: str | None = None
    parent_id: uuid.UUID | None = None


class PageOut(Schema):
    id: uuid.UUID
    space_id: uuid.UUID
    parent_id: uuid.UUID | None
    title: str
    slug: str
    is_home: bool
    ws_path: str
    url: str
    created_at: datetime
    updated_at: datetime
    edited_at: datetime | None


class PageLink(Schema):
    id: uuid.UUID | None
    title: str
    exists: bool


class ResolvedLink(PageLink):
    kind: str
    kind_label: str
    href: str
    available: bool


class LinkTarget(Schema):
    kind: str
    kind_label: str
    id: uuid.UUID | None
    title: str
    href: str


class TableLink(Schema):
    id: uuid.UUID
    title: str
    url: str


class PageDetail(PageOut):
    links: list[ResolvedLink]
    backlinks: list[PageLink]
    tables_linking_here: list[TableLink]


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)  # the API's authentication refuses anonymous callers


def _page(page: WikiPage) -> dict[str, Any]:
    return {
        "id": page.id, "space_id": page.space_id, "parent_id": page.parent_id,
        "title": page.title, "slug": page.slug, "is_home": page.is_home,
        "ws_path": page.ws_path, "url": f"/spaces/{page.space_id}/wiki/{page.slug}/",
        "created_at": page.created_at, "updated_at": page.updated_at,
        "edited_at": page.edited_at,
    }  # fmt: skip


def _detail(actor: User, page: WikiPage) -> dict[str, Any]:
    links = selectors.wiki_links_resolved(actor=actor, page=page)
    backlinks = [
        {"id": p.id, "title": p.title, "exists": True}
        for p in selectors.wiki_backlinks(actor=actor, page_id=page.id)
    ]
    tables = [
        {"id": t.id, "title": t.title, "url": f"/tables/{t.id}/"}
        for t in selectors.wiki_tables_linking_here(actor=actor, page_id=page.id)
    ]
    return {**_page(page), "links": links, "backlinks": backlinks, "tables_linking_here": tables}


@router.get("/spaces/{space_id}/wiki/pages", response=list[PageOut])
def page_list(request: HttpRequest, space_id: str):
    return [_page(p) for p in selectors.wiki_page_list(actor=_actor(request), space_id=space_id)]


@router.post("/spaces/{space_id}/wiki/pages", response={201: PageOut})
def page_create(request: HttpRequest, space_id: str, payload: PageIn):
    page = services.wiki_page_create(
        actor=_actor(request), space_id=space_id, title=payload.title,
        parent_id=payload.parent_id, template=payload.template,
    )  # fmt: skip
    return Status(201, _page(page))


@router.get("/wiki/pages/{page_id}", response=PageDetail)
def page_get(request: HttpRequest, page_id: str):
    page = services.wiki_page_get_fresh(actor=_actor(request), page_id=page_id)
    return _detail(_actor(request), page)


@router.patch("/wiki/pages/{page_id}", response=PageOut)
def page_update(request: HttpRequest, page_id: str, payload: PagePatch):
    changes = payload.dict(exclude_unset=True)
    page = services.wiki_page_update(actor=_actor(request), page_id=page_id, **changes)
    return _page(page)


@router.delete("/wiki/pages/{page_id}", response={204: None})
def page_delete(request: HttpRequest, page_id: str):
    services.wiki_page_delete(actor=_actor(request), page_id=page_id)
    return Status(204, None)


@router.post("/wiki/pages/{page_id}/refresh", response=PageDetail)
def page_refresh(request: HttpRequest, page_id: str):
    page = services.wiki_page_refresh_as(actor=_actor(request), page_id=page_id)
    return _detail(_actor(request), page)


@router.get("/wiki/pages/{page_id}/export")
def page_export(request: HttpRequest, page_id: str, format: str = "html"):
    page = services.wiki_page_get_fresh(actor=_actor(request), page_id=page_id)
    if format not in exports.PAGE_FORMATS:
        raise Invalid("Unknown format: use md, html or pdf.")
    origin = f"{request.scheme}://{request.get_host()}"
    body, content_type, extension = exports.page_export(
        actor=_actor(request), page=page, fmt=format, origin=origin
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = _disposition(page.title, extension)
    return response


@router.get("/spaces/{space_id}/wiki/export")
def wiki_export(request: HttpRequest, space_id: str, format: str = "html"):
    if format not in ("html", "md"):
        raise Invalid("Unknown format: use html or md.")
    space = access_space(_actor(request), space_id, Need.VIEW)
    services.wiki_space_refresh(space=space)
    pages = list(selectors.wiki_page_list(actor=_actor(request), space_id=space_id))
    origin = f"{request.scheme}://{request.get_host()}"
    body = exports.wiki_export_zip(
        actor=_actor(request), space=space, pages=pages, fmt=format, origin=origin
    )
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = _disposition(f"wiki {space.name} {format}", "zip")
    return response


@router.post("/spaces/{space_id}/wiki/import", response={201: list[PageOut]})
def wiki_import(request: HttpRequest, space_id: str, file: File[UploadedFile]):
    access_space(_actor(request), space_id, Need.CONTRIBUTE)
    data = file.read(imports.MAX_FILE_BYTES + 1)
    pages = imports.wiki_import(
        actor=_actor(request), space_id=space_id, filename=file.name or "", data=data
    )
    return Status(201, [_page(p) for p in pages])


@router.get("/spaces/{space_id}/wiki/search", response=list[PageOut])
def wiki_search(request: HttpRequest, space_id: str, q: str = ""):
    return [
        _page(p) for p in selectors.wiki_search(actor=_actor(request), space_id=space_id, query=q)
    ]


@router.get("/spaces/{space_id}/wiki/changes", response=list[PageOut])
def wiki_changes(request: HttpRequest, space_id: str, unseen: bool = False):
    actor = _actor(request)
    if unseen:
        pages = selectors.wiki_changed_since_visit(actor=actor, space_id=space_id)
    else:
        pages = selectors.wiki_recent_changes(actor=actor, space_id=space_id)
    return [_page(p) for p in pages]


@router.get("/spaces/{space_id}/wiki/link-targets", response=list[LinkTarget])
def link_targets(request: HttpRequest, space_id: str, q: str = ""):
    return selectors.wiki_link_targets(actor=_actor(request), space_id=space_id, query=q)


@router.get("/wiki/linking-to/{kind}/{object_id}", response=list[PageOut])
def pages_linking_to(request: HttpRequest, kind: str, object_id: uuid.UUID):
    actor = _actor(request)
    return [
        _page(p)
        for p in selectors.wiki_pages_linking_to(actor=actor, kind=kind, object_id=object_id)
    ]


@router.get("/wiki/pages/{page_id}/backlinks", response=list[PageOut])
def page_backlinks(request: HttpRequest, page_id: str):
    access_wiki_page(_actor(request), page_id, Need.VIEW)
    return [_page(p) for p in selectors.wiki_backlinks(actor=_actor(request), page_id=page_id)]
