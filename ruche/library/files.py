"""Where attachments' bytes live: the `library` storage alias (settings.STORAGES).

Files leave the storage only after the transaction that removed their rows commits, so a
rolled-back delete never loses a file.
"""

import logging
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils import timezone

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


def storage_orphans(*, older_than: timedelta) -> list[str]:
    """Files under `library/` that no attachment names (a deleted space's, or an upload
    cut short), last changed more than `older_than` ago (an upload may be under way).
    Files whose age the storage cannot tell are kept."""
    storage = library_storage()
    known = set(Attachment.objects.values_list("storage_key", flat=True))
    now = timezone.now()
    orphans = []
    for key in _walk(storage, "library"):
        if key in known:
            continue
        try:
            changed = storage.get_modified_time(key)
        except (NotImplementedError, OSError):
            changed = None
        # A storage that cannot tell a file's age may be holding an upload under way.
        if changed is not None and now - changed >= older_than:
            orphans.append(key)
    return orphans


def _walk(storage: Storage, path: str) -> Iterator[str]:
    try:
        directories, files = storage.listdir(path)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        yield f"{path}/{name}"
    for name in directories:
        yield from _walk(storage, f"{path}/{name}")
