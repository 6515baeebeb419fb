"""How an attachment leaves Ruche: the same gated response for the API and the pages.

Inline only for types a browser shows safely (PDF and raster images); everything else is
a download. Never sniffed, never cached by a shared cache, never at a public URL."""

from django.http import FileResponse

from ruche.library.attachments import attachment_open
from ruche.library.filetypes import INLINE_TYPES
from ruche.library.models import Attachment


def attachment_file_response(attachment: Attachment, *, download: bool = False) -> FileResponse:
    inline = attachment.content_type in INLINE_TYPES and not download
    response = FileResponse(
        attachment_open(attachment), as_attachment=not inline,
        filename=attachment.name, content_type=attachment.content_type,
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response
