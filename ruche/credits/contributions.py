"""Contribution records, computed from what each app already keeps, never typed by hand.

- real-time documents (pads, wiki pages): characters of the current text per person, from
  the attributed history (ruche.realtime.history), and the versions each person named;
- tables: the cells whose current value each person wrote (read from the Yjs state, so it
  survives compaction) and their edits still in the update log;
- boards: cards and dots, unless the anonymity setting keeps people unnamed;
- decisions: the proposal, revisions, positions and votes (anonymous: nobody named for them).

A deleted account keeps its row under the pseudonym the accounts app gives it.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from django.core.cache import cache

from ruche.accounts.models import User
from ruche.credits.sources import Contributor, Record
from ruche.realtime.attribution import integrate_all
from ruche.realtime.history import authorship
from ruche.realtime.models import (
    DocumentClient,
    DocumentSnapshot,
    DocumentUpdate,
    DocumentVersion,
    VersionKind,
)
from ruche.realtime.services import document_state

Metrics = Mapping[str, Counter[int | None]]


def record_from_counts(metrics: Metrics, *, anonymous: int = 0) -> Record:
    """Named contributors from per-person counts (None, an unknown author, is left out),
    the most active first."""
    ids = {pk for counts in metrics.values() for pk, n in counts.items() if pk is not None and n}
    users = {user.pk: user for user in User.objects.filter(pk__in=ids)}
    people = [
        Contributor(
            name=users[pk].public_name,
            contributions={name: counts[pk] for name, counts in metrics.items() if counts[pk]},
            user_id=pk,
        )
        for pk in ids
        if pk in users
    ]
    people.sort(key=lambda person: (-person.weight, person.name.casefold()))
    return Record(people=people, anonymous=anonymous)


def count(values: Iterable[int | None]) -> Counter[int | None]:
    return Counter(values)


# Decoding a whole document's authorship takes a while on long pads: the counts per person
# are kept per state (the room's last update id; compaction keeps it), names are not.
COUNTS_TTL = 24 * 3600


def counts_per_state(
    room: str, what: str, compute: Callable[[], Counter[int | None]]
) -> Counter[int | None]:
    last = DocumentUpdate.objects.filter(room=room).order_by("-id").values_list("id", flat=True)
    last_id = last.first()
    if last_id is None:
        snapshot = DocumentSnapshot.objects.filter(room=room).values_list(
            "last_update_id", flat=True
        )
        last_id = snapshot.first() or 0
    key = f"ruche:credits:{what}:{room}:{last_id}"
    cached = cache.get(key)
    if cached is not None:
        return Counter(cached)
    counts = compute()
    cache.set(key, dict(counts), COUNTS_TTL)
    return counts


def document_record(room: str) -> Record:
    """Characters per person in the current text, and the versions they named."""
    characters = counts_per_state(room, "characters", lambda: document_characters(room))
    named = DocumentVersion.objects.filter(room=room, kind=VersionKind.NAMED)
    versions = count(named.values_list("created_by_id", flat=True))
    return record_from_counts({"characters": characters, "versions": versions})


def document_characters(room: str) -> Counter[int | None]:
    characters: Counter[int | None] = Counter()
    for block in authorship(room=room, state=document_state(room=room)).blocks:
        for segment in block:
            characters[segment.author] += len(segment.text)
    return characters


def table_record(room: str) -> Record:
    """Cells whose current value each person wrote, and their edits in the update log."""
    cells = counts_per_state(room, "cells", lambda: table_cells(room))
    updates = DocumentUpdate.objects.filter(room=room)
    edits = count(updates.values_list("author_id", flat=True))
    return record_from_counts({"cells": cells, "edits": edits})


def table_cells(room: str) -> Counter[int | None]:
    people = dict(DocumentClient.objects.filter(room=room).values_list("client_id", "user_id"))
    cells: Counter[int | None] = Counter()
    for client, number in table_cell_clients(document_state(room=room)).items():
        cells[people.get(client)] += number
    return cells


def table_cell_clients(state: bytes) -> Counter[int]:
    """Yjs client id -> how many non-empty cells of live rows it wrote (rows/<row>/<column>)."""
    try:
        units = integrate_all(state).units.values()
    except (ValueError, IndexError, KeyError):
        return Counter()  # an encoding this decoder does not know: credit nobody rather than guess
    rows = {
        unit.id
        for unit in units
        if unit.parent == ("root", "rows") and unit.kind == "type" and not unit.deleted
    }
    return Counter(
        unit.id[0]
        for unit in units
        if unit.parent is not None
        and unit.parent[0] == "item"
        and unit.parent[1] in rows
        and unit.parent_sub is not None
        and unit.kind == "other"
        and not unit.deleted
        and unit.value not in (None, "")
    )
