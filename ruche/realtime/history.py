"""History of a real-time document: versions, authorship, diffs and restores.

Engine-level: works on a room name (`pad:<uuid>`, `wiki:<uuid>`, ...) and knows nothing of
what owns it; callers pass through their access gate first. History is never rewritten:
a restore is a new change, applied and relayed like any other.

Authorship: every Yjs item carries the id of the client that created it
(ruche.realtime.attribution recovers them from a state), and the store records which person
each client id wrote as (DocumentClient). Offsets leave in UTF-16 code units, the unit of
Yjs and browsers.
"""

import difflib
import json
import re
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone
from pycrdt import XmlElement, XmlFragment, XmlText

from ruche.accounts.models import User
from ruche.core.errors import NotFound
from ruche.realtime import services as store
from ruche.realtime.attribution import text_clients
from ruche.realtime.models import DocumentClient, DocumentUpdate, DocumentVersion, VersionKind
from ruche.realtime.richtext import (
    Node,
    doc_load,
    fragment_read,
    fragment_write,
    state_read,
    utf16_length,
)

AUTO_CHECKPOINT_EVERY = timedelta(minutes=10)
TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
AuthorId = int | None


@dataclass
class Segment:
    """A run of text in one text block written by one person (None: unknown)."""

    text: str
    author: AuthorId


@dataclass
class AttributedDoc:
    blocks: list[list[Segment]] = field(default_factory=list)


# ---------- versions ----------


def version_list(*, room: str, limit: int = 200) -> list[DocumentVersion]:
    """The newest versions of a room (taking an automatic checkpoint if one is due)."""
    checkpoint_if_due(room=room)
    versions = DocumentVersion.objects.filter(room=room).select_related("created_by")
    return list(versions.defer("state")[:limit])


def version_get(*, room: str, version_id: str) -> DocumentVersion:
    try:
        key = uuid.UUID(str(version_id))
    except ValueError as exc:
        raise NotFound("No such version.") from exc
    version = DocumentVersion.objects.filter(room=room, id=key).first()
    if version is None:
        raise NotFound("No such version.")
    return version


def version_create(*, room: str, label: str, actor: User) -> DocumentVersion:
    """Name the current state ("before the field visit")."""
    return store.document_checkpoint(
        room=room, kind=VersionKind.NAMED, label=label.strip()[:200], created_by=actor
    )


def checkpoint_if_due(*, room: str) -> DocumentVersion | None:
    """An automatic checkpoint when the document changed since the last version and that
    version is older than AUTO_CHECKPOINT_EVERY (or there is none)."""
    last_update = DocumentUpdate.objects.filter(room=room).order_by("-id").first()
    if last_update is None:
        return None
    latest = DocumentVersion.objects.filter(room=room).order_by("-last_update_id").first()
    if latest is not None and latest.last_update_id >= last_update.id:
        return None
    if latest is not None and timezone.now() - latest.created_at < AUTO_CHECKPOINT_EVERY:
        return None
    return store.document_checkpoint(room=room, kind=VersionKind.AUTO, label="", created_by=None)


def version_content(*, version: DocumentVersion) -> list[Node]:
    return state_read(bytes(version.state))


# ---------- authorship ----------


def authorship(*, room: str, state: bytes) -> AttributedDoc:
    """Who wrote each part of `state`: the Yjs client of every character (recovered from
    the state itself, so compaction loses nothing), mapped to people by DocumentClient."""
    _doc, fragment = doc_load(state)
    try:
        texts = text_clients(state)
    except (ValueError, IndexError, KeyError):
        texts = []  # an encoding this decoder does not know: say "unknown", never guess
    people = dict(DocumentClient.objects.filter(room=room).values_list("client_id", "user_id"))
    owners = iter(texts)
    return AttributedDoc(blocks=list(_attributed_blocks(fragment, owners, people)))


def authorship_summary(*, room: str, state: bytes) -> dict[str, Any]:
    """Ranges per text block (UTF-16 offsets) and characters per person, for the API."""
    attributed = authorship(room=room, state=state)
    blocks = []
    counts: Counter[AuthorId] = Counter()
    for index, segments in enumerate(attributed.blocks):
        ranges, offset = [], 0
        for segment in segments:
            length = utf16_length(segment.text)
            ranges.append({"start": offset, "end": offset + length, "author": segment.author})
            offset += length
            counts[segment.author] += len(segment.text)
        blocks.append({"index": index, "text": "".join(s.text for s in segments), "ranges": ranges})
    people = authors_describe(set(counts))
    summary = [
        {**people[author_id], "characters": count} for author_id, count in counts.most_common()
    ]
    return {"blocks": blocks, "authors": summary}


UNKNOWN: dict[str, Any] = {"id": None, "name": "Unknown", "colour": "#6b5d4f"}


def authors_describe(ids: set[AuthorId]) -> dict[AuthorId, dict[str, Any]]:
    """Public name and colour of each author id (pseudonyms for deleted accounts)."""
    users = User.objects.filter(pk__in=[i for i in ids if i is not None])
    found: dict[AuthorId, dict[str, Any]] = {
        user.pk: {"id": user.pk, "name": user.public_name, "colour": user.colour} for user in users
    }
    return {i: found.get(i, UNKNOWN) for i in ids}


def _attributed_blocks(
    parent: XmlFragment | XmlElement,
    owners: Iterator[list[tuple[str, int]]],
    people: Mapping[int, int | None],
) -> Iterator[list[Segment]]:
    for child in parent.children:
        if not isinstance(child, XmlElement):
            continue
        texts = [c for c in child.children if isinstance(c, XmlText)]
        if texts or child.tag in {"paragraph", "heading", "codeBlock"}:
            segments = [s for text in texts for s in _text_segments(text, owners, people)]
            yield _merge(segments)
        else:
            yield from _attributed_blocks(child, owners, people)


def _text_segments(
    text: XmlText, owners: Iterator[list[tuple[str, int]]], people: Mapping[int, int | None]
) -> list[Segment]:
    content = "".join(chunk for chunk, _attrs in text.diff() if isinstance(chunk, str))
    clients = next(owners, [])
    if "".join(char for char, _client in clients) != content:
        return [Segment(content, None)]
    return [Segment(char, people.get(client)) for char, client in clients]


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if merged and merged[-1].author == segment.author:
            merged[-1].text += segment.text
        elif segment.text:
            merged.append(Segment(segment.text, segment.author))
    return merged


# ---------- diff ----------


def diff(*, room: str, old: DocumentVersion, new: DocumentVersion | None) -> dict[str, Any]:
    """What changed from `old` to `new` (None: the current text), word by word, with the
    authors of inserted and deleted runs."""
    before = _tokens(_version_authorship(room=room, version=old))
    after = _tokens(_version_authorship(room=room, version=new))
    matcher = difflib.SequenceMatcher(
        a=[t for t, _ in before], b=[t for t, _ in after], autojunk=False
    )
    changes: list[dict[str, Any]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in {"delete", "replace"}:
            _append_runs(changes, "delete", before[i1:i2])
        if tag in {"insert", "replace"}:
            _append_runs(changes, "insert", after[j1:j2])
        if tag == "equal":
            _append_runs(changes, "equal", [(t, None) for t, _ in before[i1:i2]])
    people = authors_describe({c["author"] for c in changes if c["op"] != "equal"})
    for change in changes:
        change["author"] = people[change["author"]] if change["op"] != "equal" else None
    return {
        "changes": changes,
        "inserted": sum(len(c["text"]) for c in changes if c["op"] == "insert"),
        "deleted": sum(len(c["text"]) for c in changes if c["op"] == "delete"),
    }


def _version_authorship(*, room: str, version: DocumentVersion | None) -> AttributedDoc:
    state = store.document_state(room=room) if version is None else bytes(version.state)
    return authorship(room=room, state=state)


def _tokens(attributed: AttributedDoc) -> list[tuple[str, AuthorId]]:
    tokens: list[tuple[str, AuthorId]] = []
    for index, block in enumerate(attributed.blocks):
        if index:  # a block break belongs to whoever wrote the block it opens
            tokens.append(("\n", block[0].author if block else None))
        for segment in block:
            tokens.extend((m.group(), segment.author) for m in TOKEN.finditer(segment.text))
    return tokens


def _append_runs(changes: list[dict[str, Any]], op: str, tokens: list[tuple[str, Any]]) -> None:
    for text, author in tokens:
        last = changes[-1] if changes else None
        if last and last["op"] == op and last["author"] == author:
            last["text"] += text
        else:
            changes.append({"op": op, "text": text, "author": author})


# ---------- restore ----------


def restore(*, room: str, version: DocumentVersion, actor: User) -> DocumentVersion:
    """Make the document read like `version` again, as a new change by `actor` that every
    client receives live. The state before is kept as a version of kind `restore`."""
    before = store.document_checkpoint(
        room=room, kind=VersionKind.RESTORE, label=version.label, created_by=actor
    )
    update = restore_update(current=store.document_state(room=room), target=bytes(version.state))
    if update:
        store.document_apply_update(room=room, update=update, author=actor)
    return before


def restore_update(*, current: bytes, target: bytes) -> bytes:
    """The Yjs update that turns `current` into the content of `target`, touching only
    the top-level blocks that differ (so unchanged blocks keep their authors)."""
    doc, fragment = doc_load(current)
    wanted = state_read(target)
    have = fragment_read(fragment)
    state_before = doc.get_state()
    keys = _block_keys
    matcher = difflib.SequenceMatcher(a=keys(have), b=keys(wanted), autojunk=False)
    with doc.transaction():
        for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
            if tag == "equal":
                continue
            if i2 > i1:
                del fragment.children[i1:i2]
            fragment_write(fragment, wanted[j1:j2], index=i1)
    return doc.get_update(state_before) if have != wanted else b""


def _block_keys(blocks: list[Node]) -> list[str]:
    return [json.dumps(block, sort_keys=True) for block in blocks]
