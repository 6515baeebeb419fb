"""The y-websocket wire protocol: one message per binary frame.

    frame      = varuint(type) payload
    type 0     sync:  varuint(step) varbytes(data)   step 0 state vector, 1 and 2 an update
    type 1     awareness: varbytes(awareness update)
    type 3     query awareness (no payload)
    awareness  = varuint(n) n * (varuint(client id) varuint(clock) varstring(JSON state))

pycrdt builds sync messages (`create_sync_message`, `create_update_message`); this module
only adds what the engine needs on the hot path: parsing without copying twice, and the
awareness entries, so that a leaving client's cursor can be removed for the others.
"""

from dataclasses import dataclass

from pycrdt import YSyncMessageType, create_update_message, write_var_uint

MESSAGE_SYNC = 0
MESSAGE_AWARENESS = 1
MESSAGE_AUTH = 2
MESSAGE_QUERY_AWARENESS = 3

SYNC_STEP1 = int(YSyncMessageType.SYNC_STEP1)
SYNC_STEP2 = int(YSyncMessageType.SYNC_STEP2)
SYNC_UPDATE = int(YSyncMessageType.SYNC_UPDATE)

EMPTY_UPDATE = b"\x00\x00"


class ProtocolError(ValueError):
    """A frame that does not follow the y-websocket protocol."""


@dataclass(frozen=True, slots=True)
class Message:
    type: int
    step: int  # sync step for type 0, else -1
    payload: bytes


@dataclass(frozen=True, slots=True)
class AwarenessEntry:
    client_id: int
    clock: int
    state: str  # JSON text; "null" means the client left


def read_var_uint(data: bytes, pos: int) -> tuple[int, int]:
    """Decode a variable-length unsigned integer at `pos`; return it and the next position."""
    value = shift = 0
    while True:
        if pos >= len(data):
            raise ProtocolError("truncated varuint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7
        if shift > 63:
            raise ProtocolError("varuint too long")


def read_var_bytes(data: bytes, pos: int) -> tuple[bytes, int]:
    length, pos = read_var_uint(data, pos)
    end = pos + length
    if end > len(data):
        raise ProtocolError("truncated payload")
    return data[pos:end], end


def parse_message(frame: bytes) -> Message:
    """Split a frame into its type, sync step and payload."""
    msg_type, pos = read_var_uint(frame, 0)
    if msg_type == MESSAGE_SYNC:
        step, pos = read_var_uint(frame, pos)
        payload, _ = read_var_bytes(frame, pos)
        return Message(MESSAGE_SYNC, step, payload)
    if msg_type == MESSAGE_AWARENESS:
        payload, _ = read_var_bytes(frame, pos)
        return Message(MESSAGE_AWARENESS, -1, payload)
    return Message(msg_type, -1, b"")


def sync_step1_message(state_vector: bytes) -> bytes:
    return bytes((MESSAGE_SYNC, SYNC_STEP1)) + write_var_uint(len(state_vector)) + state_vector


def sync_step2_message(update: bytes) -> bytes:
    return bytes((MESSAGE_SYNC, SYNC_STEP2)) + write_var_uint(len(update)) + update


def update_message(update: bytes) -> bytes:
    return create_update_message(update)


def state_vector_clients(state_vector: bytes) -> dict[int, int]:
    """Decode a Yjs state vector into {client id: clock}."""
    count, pos = read_var_uint(state_vector, 0)
    clients: dict[int, int] = {}
    for _ in range(count):
        client, pos = read_var_uint(state_vector, pos)
        clock, pos = read_var_uint(state_vector, pos)
        clients[client] = clock
    return clients


def awareness_entries(payload: bytes) -> list[AwarenessEntry]:
    count, pos = read_var_uint(payload, 0)
    entries = []
    for _ in range(count):
        client, pos = read_var_uint(payload, pos)
        clock, pos = read_var_uint(payload, pos)
        raw, pos = read_var_bytes(payload, pos)
        entries.append(AwarenessEntry(client, clock, raw.decode("utf-8", "replace")))
    return entries


def awareness_message(entries: list[AwarenessEntry]) -> bytes:
    parts = [write_var_uint(len(entries))]
    for entry in entries:
        state = entry.state.encode()
        parts += [write_var_uint(entry.client_id), write_var_uint(entry.clock)]
        parts += [write_var_uint(len(state)), state]
    body = b"".join(parts)
    return bytes((MESSAGE_AWARENESS,)) + write_var_uint(len(body)) + body
