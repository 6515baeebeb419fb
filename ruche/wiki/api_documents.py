"""/api/v1 wiki pages as documents: the pads' versions, diff, restore and authorship, on
the room `wiki:<id>` (ruche.realtime.history). Same shapes as the pads' endpoints, so the
editor's history panel works unchanged."""

import uuid
from typing import cast

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from ruche.accounts.models import User
from ruche.core.errors import Invalid
from ruche.pads.api_documents import VersionIn, VersionOut, _version
from ruche.pads.exports import ExportContext, html_body
from ruche.realtime import history
from ruche.realtime.richtext import tree_text
from ruche.realtime.services import document_state
from ruche.spaces.permissions import Need
from ruche.wiki.models import WikiPage
from ruche.wiki.permissions import access_wiki_page

router = Router(tags=["wiki"])


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _readable(request: HttpRequest, page_id: str) -> WikiPage:
    return access_wiki_page(_actor(request), page_id, Need.VIEW)


def _writable(request: HttpRequest, page_id: str) -> WikiPage:
    return access_wiki_page(_actor(request), page_id, Need.CONTRIBUTE)


@router.get("/wiki/pages/{page_id}/versions", response=list[VersionOut])
def version_list(request: HttpRequest, page_id: str):
    page = _readable(request, page_id)
    return [_version(v) for v in history.version_list(room=page.room)]


@router.post("/wiki/pages/{page_id}/versions", response={201: VersionOut})
def version_create(request: HttpRequest, page_id: str, payload: VersionIn):
    page = _writable(request, page_id)
    if not payload.label.strip():
        raise Invalid("A named version needs a name.")
    version = history.version_create(room=page.room, label=payload.label, actor=_actor(request))
    return Status(201, _version(version))


@router.get("/wiki/pages/{page_id}/versions/{version_id}")
def version_get(request: HttpRequest, page_id: str, version_id: uuid.UUID):
    page = _readable(request, page_id)
    version = history.version_get(room=page.room, version_id=str(version_id))
    tree = history.version_content(version=version)
    context = ExportContext(title=page.title, space=page.space.name, authors=[],
                            date=timezone.localtime())  # fmt: skip
    return {**_version(version), "text": tree_text(tree), "html": html_body(tree, context)}


@router.post("/wiki/pages/{page_id}/versions/{version_id}/restore", response={201: VersionOut})
def version_restore(request: HttpRequest, page_id: str, version_id: uuid.UUID):
    page = _writable(request, page_id)
    version = history.version_get(room=page.room, version_id=str(version_id))
    before = history.restore(room=page.room, version=version, actor=_actor(request))
    return Status(201, _version(before))


@router.get("/wiki/pages/{page_id}/diff")
def version_diff(request: HttpRequest, page_id: str, to: str = "current"):
    page = _readable(request, page_id)
    old = history.version_get(room=page.room, version_id=request.GET.get("from", ""))
    new = None if to == "current" else history.version_get(room=page.room, version_id=to)
    return history.diff(room=page.room, old=old, new=new)


@router.get("/wiki/pages/{page_id}/authorship")
def authorship(request: HttpRequest, page_id: str):
    page = _readable(request, page_id)
    return history.authorship_summary(room=page.room, state=document_state(room=page.room))
