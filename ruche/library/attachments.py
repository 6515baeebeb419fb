"""Files attached to library items: add (checked, named safely, PDF text extracted for
search) and delete. The bytes go to the `library` storage; rows and search text change in
one transaction, and each change stamps the item with a new version (sync sees it)."""

import hashlib
import uuid
from typing import IO

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Length

from ruche.accounts.models import User
from ruche.core.errors import Invalid, TooLarge
from ruche.library.doctext import document_text
from ruche.library.files import library_storage, storage_delete, storage_delete_on_commit
from ruche.library.filetypes import PDF, kind_check, name_sanitise
from ruche.library.models import Attachment, Item
from ruche.library.pdftext import PdfText, pdf_text
from ruche.library.services import item_touch

CHUNK = 1 << 16


def attachment_max_bytes() -> int:
    return int(settings.RUCHE_LIBRARY_MAX_ATTACHMENT_MB) * 1024 * 1024


def attachment_add(*, actor: User, item: Item, file: IO[bytes], name: str) -> Attachment:
    """Attach a file to an item. Refused: too large (TooLarge), a type outside the
    allow-list or bytes that do not match the name (Invalid), an item in the trash."""
    if item.trashed_at is not None:
        raise Invalid("The item is in the trash: restore it before attaching files.")
    size, digest = _measure(file)
    safe_name = name_sanitise(name)
    kind = kind_check(file, safe_name)
    extracted = _pdf_text(file) if kind is PDF else document_text(kind, file)
    extension = safe_name.rsplit(".", 1)[-1].lower()
    key = f"library/{item.library_id}/{uuid.uuid4().hex}.{extension}"
    file.seek(0)
    stored = library_storage().save(key, File(file, name=key))
    try:
        with transaction.atomic():
            item = Item.objects.select_for_update().get(pk=item.pk)
            if item.trashed_at is not None:  # trashed while the file was being read
                raise Invalid("The item is in the trash: restore it before attaching files.")
            attachment = Attachment.objects.create(
                item=item, name=safe_name, storage_key=stored, content_type=kind.content_type,
                size=size, sha256=digest, text=extracted.text, text_warning=extracted.warning,
                added_by=actor,
            )  # fmt: skip
            item_touch(item)
    except BaseException:
        storage_delete([stored])
        raise
    return attachment


def _measure(file: IO[bytes]) -> tuple[int, str]:
    """Size and SHA-256, reading at most one chunk past the limit."""
    limit = attachment_max_bytes()
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    while chunk := file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"The file is larger than the limit ({limit // (1024 * 1024)} MB).")
        digest.update(chunk)
    if size == 0:
        raise Invalid("The file is empty.")
    file.seek(0)
    return size, digest.hexdigest()


def _pdf_text(file: IO[bytes]) -> PdfText:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return pdf_text(data)


def attachment_delete(*, actor: User, attachment: Attachment) -> None:
    """Remove an attachment; its file leaves the storage when this commits."""
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=attachment.item_id)
        key = attachment.storage_key
        attachment.delete()
        item_touch(item)
        storage_delete_on_commit([key])


def attachment_rows() -> QuerySet[Attachment]:
    """Attachments for listing: who added them, and the length of their text, not the text."""
    return (
        Attachment.objects.select_related("added_by")
        .defer("text")
        .annotate(text_chars=Length("text"))
    )


def attachment_open(attachment: Attachment) -> IO[bytes]:
    """The attachment's bytes, from the storage."""
    return library_storage().open(attachment.storage_key, "rb")
