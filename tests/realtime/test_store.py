"""The store: compaction keeps every character (pitfall 2), services read and write it."""

import random

import pytest
from pycrdt import Doc, Text, XmlElement, XmlFragment, XmlText

from ruche.core.errors import Invalid
from ruche.realtime import store
from ruche.realtime.models import DocumentClient, DocumentSnapshot, DocumentUpdate, DocumentVersion
from ruche.realtime.services import (
    document_apply_update,
    document_authors,
    document_checkpoint,
    document_delete,
    document_state,
    document_updates,
)

ROOM = "pad:6f1c2a8e-0000-4000-8000-000000000001"


def edits(doc: Doc, count: int, seed: int = 1) -> list[bytes]:
    """Random inserts and deletes with accents, emoji and CJK; returns each update."""
    updates: list[bytes] = []
    sub = doc.observe(lambda event: updates.append(event.update))
    text = doc.get("text", type=Text)
    rng = random.Random(seed)
    for _ in range(count):
        current = str(text)
        if len(current) > 5 and rng.random() < 0.3:
            index = rng.randrange(len(current))  # pycrdt positions are UTF-8 bytes
            start = len(current[:index].encode())
            del text[start : start + len(current[index].encode())]
        else:
            text.insert(len(text), rng.choice(["a", "é", "😀", "中", " "]))
    fragment = doc.get("default", type=XmlFragment)
    fragment.children.append(XmlElement("paragraph", {}, [XmlText("Réunion 🐝 会议")]))
    doc.unobserve(sub)
    return updates


def fresh(update: bytes) -> Doc:
    doc = Doc()
    doc.apply_update(update)
    return doc


def content(doc: Doc) -> tuple[str, str]:
    return str(doc.get("text", type=Text)), str(doc.get("default", type=XmlFragment))


@pytest.mark.django_db
def test_compaction_keeps_the_document_byte_for_byte(make_user):
    author = make_user()
    source = Doc()
    updates = edits(source, 400)
    store.append_updates([store.UpdateRow(ROOM, u, author.pk) for u in updates[:250]])
    assert store.compact_room(ROOM) is not None
    store.append_updates([store.UpdateRow(ROOM, u, author.pk) for u in updates[250:]])
    assert store.compact_room(ROOM) is not None

    assert DocumentUpdate.objects.filter(room=ROOM).count() == 0
    assert DocumentSnapshot.objects.get(room=ROOM).state != b"\x00\x00"
    state = document_state(room=ROOM)
    assert content(fresh(state)) == content(source)
    # A client that already has part of the document gets exactly the rest.
    partial = fresh(updates[0])
    partial.apply_update(fresh(state).get_update(partial.get_state()))
    assert content(partial) == content(source)


@pytest.mark.django_db
def test_compaction_bounds_storage():
    source = Doc()
    updates = edits(source, 1500, seed=7)
    store.append_updates([store.UpdateRow(ROOM, u, None) for u in updates])
    logged = sum(len(u) for u in updates)
    store.compact_room(ROOM)
    snapshot = bytes(DocumentSnapshot.objects.get(room=ROOM).state)
    assert len(snapshot) <= len(source.get_update()) * 1.1
    assert len(snapshot) < logged


@pytest.mark.django_db
def test_a_row_committed_after_the_snapshot_is_still_loaded():
    source = Doc()
    updates = edits(source, 30)
    store.append_updates([store.UpdateRow(ROOM, u, None) for u in updates[:-1]])
    store.compact_room(ROOM)
    # A slower transaction commits later with a lower id than the snapshot's last one.
    DocumentUpdate.objects.create(room=ROOM, data=updates[-1], size=len(updates[-1]), id=1)
    assert content(fresh(document_state(room=ROOM))) == content(source)
    loaded = Doc()
    for part in store.load_room(ROOM).parts:
        loaded.apply_update(part)
    assert content(loaded) == content(source)


@pytest.mark.django_db
def test_compaction_keeps_updates_waiting_for_a_missing_one():
    source = Doc()
    updates = edits(source, 60, seed=3)
    missing = updates[20]
    store.append_updates([store.UpdateRow(ROOM, u, None) for u in updates if u is not missing])
    store.compact_room(ROOM)
    assert content(fresh(document_state(room=ROOM)))[0] != content(source)[0]
    document_apply_update(room=ROOM, update=missing, author=None)  # it arrives at last
    store.compact_room(ROOM)
    assert content(fresh(document_state(room=ROOM))) == content(source)


@pytest.mark.django_db
def test_apply_update_records_authors_and_refuses_garbage(make_user):
    alice, bob = make_user("Alice"), make_user("Bob")
    a, b = Doc(), Doc()
    a.get("text", type=Text).insert(0, "Alice ")
    b.get("text", type=Text).insert(0, "Bob")
    first = document_apply_update(room=ROOM, update=a.get_update(), author=alice)
    second = document_apply_update(room=ROOM, update=b.get_update(), author=bob)
    assert second > first
    assert [u.id for u in document_updates(room=ROOM, after_id=first)] == [second]
    assert document_authors(room=ROOM) == {a.client_id: alice, b.client_id: bob}
    with pytest.raises(Invalid):
        document_apply_update(room=ROOM, update=b"not yjs", author=alice)
    with pytest.raises(ValueError):
        document_state(room="pad;drop table")


@pytest.mark.django_db
def test_checkpoint_and_delete(make_user):
    author = make_user()
    doc = Doc()
    doc.get("text", type=Text).insert(0, "version one")
    document_apply_update(room=ROOM, update=doc.get_update(), author=author)
    version = document_checkpoint(room=ROOM, kind="named", label="before", created_by=author)
    assert str(fresh(bytes(version.state)).get("text", type=Text)) == "version one"
    assert version.label == "before" and version.created_by == author
    document_delete(room=ROOM)
    for model in (DocumentUpdate, DocumentSnapshot, DocumentClient, DocumentVersion):
        assert not model.objects.filter(room=ROOM).exists()
