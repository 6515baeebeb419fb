"""Where attachments' bytes live: the `library` storage alias (settings.STORAGES).

Files leave the storage only after the transaction that removed their rows commits, so a
rolled-back delete never loses a file.
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.core.files.storage import Storage, storages
from django.db import transaction

from ruche.library.models import Attachment

log = logging.getLogger(__name__)
ALIAS = "library"


def library_storage() -> Storage:
    return storages[ALIAS]


def storage_delete_on_commit(keys: Iterable[str]) -> None:
    """Remove these files from the storage once the current transaction commits."""
    chosen = [k for k in keys if k]
    if chosen:
        transaction.on_commit(lambda: storage_delete(chosen))


def storage_delete(keys: list[str]) -> None:
    storage = library_storage()
    for key in keys:
        try:
            storage.delete(key)
        except Exception:  # a storage outage must not fail the user's delete
            log.warning("Could not delete library file %s", key, exc_info=True)


def attachment_files_forget(item_ids: Iterable[Any]) -> None:
    """The files of these items' attachments go when the items' deletion commits."""
    keys = Attachment.objects.filter(item_id__in=list(item_ids)).values_list(
        "storage_key", flat=True
    )
    storage_delete_on_commit(list(keys))
