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
from collections.abc import Iterable, Mapping

from ruche.accounts.models import User
from ruche.credits.sources import Contributor, Record
from ruche.realtime.attribution import integrate_all
from ruche.realtime.history import authorship
from ruche.realtime.models import DocumentClient, DocumentUpdate, DocumentVersion, VersionKind
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


def document_record(room: str) -> Record:
    """Characters per person in the current text, and the versions they named."""
    characters: Counter[int | None] = Counter()
    for block in authorship(room=room, state=document_state(room=room)).blocks:
        for segment in block:
            characters[segment.author] += len(segment.text)
    named = DocumentVersion.objects.filter(room=room, kind=VersionKind.NAMED)
    versions = count(named.values_list("created_by_id", flat=True))
    return record_from_counts({"characters": characters, "versions": versions})


def table_record(room: str) -> Record:
    """Cells whose current value each person wrote, and their edits in the update log."""
    people = dict(DocumentClient.objects.filter(room=room).values_list("client_id", "user_id"))
    cells: Counter[int | None] = Counter()
    for client, number in table_cell_clients(document_state(room=room)).items():
        cells[people.get(client)] += number
    updates = DocumentUpdate.objects.filter(room=room)
    edits = count(updates.values_list("author_id", flat=True))
    return record_from_counts({"cells": cells, "edits": edits})


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
