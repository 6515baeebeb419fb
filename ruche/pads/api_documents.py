"""/api/v1 pads as documents: versions, diff, restore, authorship, export and import."""

import uuid
from datetime import datetime
from typing import cast
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from ruche.accounts.models import User
from ruche.core.errors import Forbidden, Invalid
from ruche.credits.selectors import credits_for
from ruche.credits.texts import export_fields
from ruche.pads import imports
from ruche.pads.api import PadOut, _pad
from ruche.pads.exports import FORMATS, ExportContext, export_render, html_body
from ruche.pads.models import Pad
from ruche.pads.permissions import access_pad
from ruche.realtime import history
from ruche.realtime.models import DocumentVersion
from ruche.realtime.richtext import state_read, tree_text
from ruche.realtime.services import document_state
from ruche.spaces.permissions import Need

router = Router(tags=["pads"])


class VersionIn(Schema):
    label: str


class VersionOut(Schema):
    id: uuid.UUID
    kind: str
    label: str
    created_at: datetime
    created_by: str | None


def _version(version: DocumentVersion) -> dict[str, object]:
    author = version.created_by
    return {
        "id": version.id, "kind": version.kind, "label": version.label,
        "created_at": version.created_at,
        "created_by": author.public_name if author is not None else None,
    }  # fmt: skip


def _actor(request: HttpRequest) -> User:
    """Authenticated by the API (token or session): never anonymous here."""
    return cast(User, request.user)


def _writable(request: HttpRequest, pad_id: str) -> Pad:
    pad = access_pad(_actor(request), pad_id, Need.CONTRIBUTE)
    if pad.archived_at is not None:
        raise Forbidden("An archived pad is read-only.")
    return pad


@router.get("/pads/{pad_id}/versions", response=list[VersionOut])
def version_list(request: HttpRequest, pad_id: str):
    pad = access_pad(_actor(request), pad_id, Need.VIEW)
    return [_version(v) for v in history.version_list(room=pad.room)]


@router.post("/pads/{pad_id}/versions", response={201: VersionOut})
def version_create(request: HttpRequest, pad_id: str, payload: VersionIn):
    pad = _writable(request, pad_id)
    if not payload.label.strip():
        raise Invalid("A named version needs a name.")
    version = history.version_create(room=pad.room, label=payload.label, actor=_actor(request))
    return Status(201, _version(version))


@router.get("/pads/{pad_id}/versions/{version_id}")
def version_get(request: HttpRequest, pad_id: str, version_id: uuid.UUID):
    pad = access_pad(_actor(request), pad_id, Need.VIEW)
    version = history.version_get(room=pad.room, version_id=str(version_id))
    tree = history.version_content(version=version)
    context = _context(pad, authors=False)
    return {**_version(version), "text": tree_text(tree), "html": html_body(tree, context)}


@router.post("/pads/{pad_id}/versions/{version_id}/restore", response={201: VersionOut})
def version_restore(request: HttpRequest, pad_id: str, version_id: uuid.UUID):
    pad = _writable(request, pad_id)
    version = history.version_get(room=pad.room, version_id=str(version_id))
    before = history.restore(room=pad.room, version=version, actor=_actor(request))
    return Status(201, _version(before))


@router.get("/pads/{pad_id}/diff")
def version_diff(request: HttpRequest, pad_id: str, to: str = "current"):
    pad = access_pad(_actor(request), pad_id, Need.VIEW)
    old = history.version_get(room=pad.room, version_id=request.GET.get("from", ""))
    new = None if to == "current" else history.version_get(room=pad.room, version_id=to)
    return history.diff(room=pad.room, old=old, new=new)


@router.get("/pads/{pad_id}/authorship")
def authorship(request: HttpRequest, pad_id: str):
    pad = access_pad(_actor(request), pad_id, Need.VIEW)
    return history.authorship_summary(room=pad.room, state=document_state(room=pad.room))


@router.get("/pads/{pad_id}/export")
def export(request: HttpRequest, pad_id: str, format: str = "html", authors: bool = False):
    pad = access_pad(_actor(request), pad_id, Need.VIEW)
    if format not in FORMATS:
        raise Invalid("Unknown format: use txt, md, html, pdf or odt.")
    state = document_state(room=pad.room)
    context = _context(pad, authors=authors, state=state)
    body = export_render(format, state_read(state), context)
    content_type, extension = FORMATS[format]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = _disposition(pad.title, extension)
    return response


@router.post("/spaces/{space_id}/pads/import", response={201: PadOut})
def pad_import(
    request: HttpRequest, space_id: str, file: File[UploadedFile], title: Form[str] = ""
):
    if file.size is not None and file.size > imports.MAX_FILE_BYTES:
        imports.file_read(filename=file.name or "", data=b"\0" * (imports.MAX_FILE_BYTES + 1))
    data = file.read(imports.MAX_FILE_BYTES + 1)
    pad = imports.pad_import(
        actor=_actor(request), space_id=space_id, filename=file.name or "", data=data, title=title
    )
    return Status(201, _pad(pad))


def _disposition(title: str, extension: str) -> str:
    """An ASCII filename for old clients and the real one (RFC 6266) for the others."""
    name = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip()[:80] or "pad"
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    return (
        f'attachment; filename="{ascii_name}.{extension}"; '
        f"filename*=UTF-8''{quote(name)}.{extension}"
    )


def _context(pad: Pad, *, authors: bool, state: bytes = b"") -> ExportContext:
    attributed = history.authorship(room=pad.room, state=state) if state else None
    ids = {s.author for block in (attributed.blocks if attributed else []) for s in block}
    people = history.authors_describe(ids)
    ordered = [p for p in people.values() if p["id"] is not None]
    context = ExportContext(
        title=pad.title,
        space=pad.space.name,
        authors=ordered or [{"name": pad.created_by.public_name if pad.created_by else ""}],
        date=timezone.localtime(),
        language=get_language() or "en",
        attributed=attributed if authors else None,
        **export_fields(credits_for(pad)),
        library_space=pad.space,
    )
    for slot, (author_id, person) in enumerate(sorted(people.items(), key=lambda i: str(i[0]))):
        context.people[author_id] = {**person, "slot": slot}
    return context
