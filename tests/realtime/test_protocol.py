"""The y-websocket framing helpers, checked against pycrdt's own encoders."""

import pytest
from pycrdt import Doc, Text, create_sync_message, create_update_message, get_state

from ruche.realtime.protocol import (
    MESSAGE_AWARENESS,
    MESSAGE_SYNC,
    SYNC_STEP1,
    SYNC_UPDATE,
    AwarenessEntry,
    ProtocolError,
    awareness_entries,
    awareness_message,
    parse_message,
    state_vector_clients,
)


def test_sync_messages_from_pycrdt_parse():
    doc = Doc()
    doc.get("t", type=Text).insert(0, "bonjour")
    step1 = parse_message(create_sync_message(doc))
    assert (step1.type, step1.step, step1.payload) == (MESSAGE_SYNC, SYNC_STEP1, doc.get_state())
    update = parse_message(create_update_message(doc.get_update()))
    assert (update.step, update.payload) == (SYNC_UPDATE, doc.get_update())
    assert state_vector_clients(get_state(doc.get_update())) == {doc.client_id: 7}


def test_awareness_round_trip():
    entries = [AwarenessEntry(1, 3, '{"user":{"name":"Amélie"}}'), AwarenessEntry(2**40, 1, "null")]
    message = parse_message(awareness_message(entries))
    assert message.type == MESSAGE_AWARENESS
    assert awareness_entries(message.payload) == entries


@pytest.mark.parametrize("frame", [b"", b"\x00", b"\x00\x02\x05ab", b"\x01\xff"])
def test_truncated_frames_are_refused(frame):
    with pytest.raises(ProtocolError):
        parse_message(frame)
