"""Formatted bibliography entries kept in the database (`FormattedEntry`).

citeproc-py takes about 10 ms an entry; a bibliography is mostly the same items formatted
again. A row is keyed by the style's fingerprint (its XML and citeproc-py's release) and
locale, and holds the digest of the item's CSL data: an edited item, a re-uploaded style or
a new citeproc-py release make it unused, and it is overwritten the next time. Deleting an
item deletes its rows.
"""

import logging
import uuid
from typing import Any

from django.db import DatabaseError, transaction

from ruche.library.citations import (
    Bibliography,
    EntryCache,
    bibliography_format_reusing,
    style_fingerprint,
)
from ruche.library.models import FormattedEntry

logger = logging.getLogger(__name__)
CHUNK = 500
FIELDS = ["digest", "sort_keys", "registered_at", "html", "position"]


def bibliography_format_cached(
    *, style_xml: bytes, style: str, locale: str, items: list[dict[str, Any]]
) -> Bibliography:
    """A bibliography of library items (each with its item `id`), reusing kept entries."""
    fingerprint = style_fingerprint(style_xml)
    known = _kept(fingerprint, locale, [str(item["id"]) for item in items])
    bibliography, fresh = bibliography_format_reusing(
        style_xml=style_xml, style=style, locale=locale, items=items, known=known
    )
    if fresh:
        _keep(fingerprint, locale, fresh)
    return bibliography


def _kept(fingerprint: str, locale: str, ids: list[str]) -> dict[str, EntryCache]:
    kept: dict[str, EntryCache] = {}
    for start in range(0, len(ids), CHUNK):
        rows = FormattedEntry.objects.filter(
            style_hash=fingerprint, locale=locale, item_id__in=ids[start : start + CHUNK]
        ).values_list("item_id", *FIELDS)
        for item_id, *values in rows:
            kept[str(item_id)] = EntryCache(*values)
    return kept


def _keep(fingerprint: str, locale: str, fresh: dict[str, EntryCache]) -> None:
    rows = [
        FormattedEntry(
            item_id=uuid.UUID(item_id),
            style_hash=fingerprint,
            locale=locale,
            **{name: getattr(entry, name) for name in FIELDS},
        )  # fmt: skip
        for item_id, entry in fresh.items()
        if "\x00" not in (entry.html or "")
    ]
    try:
        with transaction.atomic():
            FormattedEntry.objects.bulk_create(
                rows, batch_size=CHUNK, update_conflicts=True,
                unique_fields=["style_hash", "locale", "item"], update_fields=FIELDS,
            )  # fmt: skip
    except DatabaseError as exc:  # e.g. an item deleted meanwhile: the answer still stands
        logger.info("formatted entries not kept: %s", exc)
