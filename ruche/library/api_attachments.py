"""/api/v1 library attachments: list, upload, read, delete, download (gated, never public)."""

from typing import Any

from ninja import File, Router, Status
from ninja.files import UploadedFile

from ruche.core.http import AuthedRequest
from ruche.library import attachments as service
from ruche.library.downloads import attachment_file_response
from ruche.library.models import Attachment
from ruche.library.permissions import access_attachment, access_library_item
from ruche.spaces.permissions import Need

router = Router(tags=["library"])


def attachment_out(attachment: Attachment) -> dict[str, Any]:
    user = attachment.added_by
    return {
        "id": str(attachment.id), "item_id": str(attachment.item_id), "name": attachment.name,
        "content_type": attachment.content_type, "size": attachment.size,
        "sha256": attachment.sha256, "text_chars": _text_chars(attachment),
        "text_warning": attachment.text_warning,
        "added_by": {"id": user.id, "name": user.public_name} if user is not None else None,
        "created_at": attachment.created_at.isoformat(),
        "file": f"/api/v1/library/attachments/{attachment.id}/file",
    }  # fmt: skip


def _text_chars(attachment: Attachment) -> int:
    counted = getattr(attachment, "text_chars", None)
    return int(counted) if counted is not None else len(attachment.text)


@router.get("/library/items/{item_id}/attachments", response=Any)
def attachments_list(request: AuthedRequest, item_id: str):
    item = access_library_item(request.user, item_id)
    rows = service.attachment_rows().filter(item=item)
    return [attachment_out(a) for a in rows]


@router.post("/library/items/{item_id}/attachments", response={200: Any, 201: Any})
def attachment_add(request: AuthedRequest, item_id: str, file: File[UploadedFile]):
    item = access_library_item(request.user, item_id, Need.CONTRIBUTE)
    attachment = service.attachment_add(
        actor=request.user, item=item, file=file, name=file.name or ""
    )
    return Status(201, attachment_out(attachment))


@router.get("/library/attachments/{attachment_id}", response=Any)
def attachment_get(request: AuthedRequest, attachment_id: str):
    return attachment_out(access_attachment(request.user, attachment_id))


@router.delete("/library/attachments/{attachment_id}", response={204: None})
def attachment_delete(request: AuthedRequest, attachment_id: str):
    attachment = access_attachment(request.user, attachment_id, Need.CONTRIBUTE)
    service.attachment_delete(actor=request.user, attachment=attachment)
    return Status(204, None)


@router.get("/library/attachments/{attachment_id}/file", response=Any)
def attachment_file(request: AuthedRequest, attachment_id: str, download: bool = False):
    attachment = access_attachment(request.user, attachment_id)
    return attachment_file_response(attachment, download=download)
