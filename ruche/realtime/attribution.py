"""Which Yjs client wrote each character of a document, read from its state alone.

A Yjs state keeps, for every item, the id `(client, clock)` of the client that created it;
pycrdt does not expose those ids for XML text, so this module decodes the v1 update format
(lib0 encoding) and re-runs the YATA ordering rule on one-unit items to recover, for every
`XmlText` in document order, the client of each UTF-16 code unit. Because it needs only the
state, authorship survives compaction of the update log: the room's DocumentClient rows
map client ids to people.

The ordering must agree with Yjs: callers compare the recovered text with what pycrdt
reads and treat any disagreement as "unknown author" rather than guess.
"""

import struct
from collections import deque
from dataclasses import dataclass, field
from typing import Any

ID = tuple[int, int]
ParentKey = tuple[str, Any]
TYPE_XML_ELEMENT, TYPE_XML_HOOK, TYPE_XML_TEXT = 3, 5, 6


class Decoder:
    """lib0's binary decoding, just what a v1 update needs."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def byte(self) -> int:
        value = self.data[self.pos]
        self.pos += 1
        return value

    def uint(self) -> int:
        result, shift = 0, 0
        while True:
            byte = self.byte()
            result |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return result

    def signed(self) -> int:
        byte = self.byte()
        result, negative, shift = byte & 0x3F, byte & 0x40, 6
        while byte & 0x80:
            byte = self.byte()
            result |= (byte & 0x7F) << shift
            shift += 7
        return -result if negative else result

    def raw(self, size: int) -> bytes:
        chunk = self.data[self.pos : self.pos + size]
        if len(chunk) != size:
            raise ValueError("truncated update")
        self.pos += size
        return chunk

    def string(self) -> str:
        return self.raw(self.uint()).decode("utf-8", "surrogatepass")

    def any(self) -> Any:
        kind = self.byte()
        if kind in (127, 126):
            return None
        if kind == 125:
            return self.signed()
        if kind == 124:
            return struct.unpack(">f", self.raw(4))[0]
        if kind == 123:
            return struct.unpack(">d", self.raw(8))[0]
        if kind == 122:
            return struct.unpack(">q", self.raw(8))[0]
        if kind in (121, 120):
            return kind == 120
        if kind == 119:
            return self.string()
        if kind == 118:
            return {self.string(): self.any() for _ in range(self.uint())}
        if kind == 117:
            return [self.any() for _ in range(self.uint())]
        if kind == 116:
            return self.raw(self.uint())
        raise ValueError(f"unknown value type {kind}")


@dataclass(eq=False)
class Unit:
    """One clock unit of an item: a UTF-16 code unit, a format marker, an embed or a type."""

    id: ID
    origin: ID | None
    right_origin: ID | None
    parent: ParentKey | None
    parent_sub: str | None
    kind: str  # "char", "format", "embed", "type", "deleted", "other"
    value: Any = None
    left: "Unit | None" = None
    right: "Unit | None" = None
    deleted: bool = False


@dataclass
class Sequences:
    units: dict[ID, Unit] = field(default_factory=dict)
    starts: dict[ParentKey, Unit | None] = field(default_factory=dict)


def decode_units(update: bytes) -> tuple[list[list[Unit]], set[ID]]:
    """Every unit of every struct, grouped by client in clock order, and the deleted ids."""
    decoder = Decoder(update)
    per_client: list[list[Unit]] = []
    for _ in range(decoder.uint()):
        count, client, clock = decoder.uint(), decoder.uint(), decoder.uint()
        units: list[Unit] = []
        for _ in range(count):
            clock += _read_struct(decoder, client, clock, units)
        per_client.append(units)
    deleted: set[ID] = set()
    for _ in range(decoder.uint()):
        client = decoder.uint()
        for _ in range(decoder.uint()):
            start, length = decoder.uint(), decoder.uint()
            deleted.update((client, c) for c in range(start, start + length))
    return per_client, deleted


def _read_struct(decoder: Decoder, client: int, clock: int, units: list[Unit]) -> int:
    info = decoder.byte()
    if info & 0x1F in (0, 10):  # GC or Skip: ranges with nothing to place
        return decoder.uint()
    origin = (decoder.uint(), decoder.uint()) if info & 0x80 else None
    right = (decoder.uint(), decoder.uint()) if info & 0x40 else None
    parent: ParentKey | None = None
    parent_sub = None
    if not info & 0xC0:
        parent = ("root", decoder.string()) if decoder.uint() == 1 else ("item", _id(decoder))
        parent_sub = decoder.string() if info & 0x20 else None
    pieces = _read_content(decoder, info & 0x1F)
    for offset, (kind, value) in enumerate(pieces):
        units.append(
            Unit(
                id=(client, clock + offset),
                origin=(client, clock + offset - 1) if offset else origin,
                right_origin=right,
                parent=parent,
                parent_sub=parent_sub,
                kind=kind,
                value=value,
            )
        )
    return len(pieces)


def _id(decoder: Decoder) -> ID:
    return decoder.uint(), decoder.uint()


def _read_content(decoder: Decoder, ref: int) -> list[tuple[str, Any]]:
    if ref == 1:
        return [("deleted", None)] * decoder.uint()
    if ref == 2:
        return [("other", decoder.string()) for _ in range(decoder.uint())]
    if ref == 3:
        return [("other", decoder.raw(decoder.uint()))]
    if ref == 4:
        text = decoder.string().encode("utf-16-le", "surrogatepass")
        return [("char", text[i : i + 2]) for i in range(0, len(text), 2)]
    if ref == 5:
        return [("embed", decoder.string())]
    if ref == 6:
        return [("format", (decoder.string(), decoder.string()))]
    if ref == 7:
        type_ref = decoder.uint()
        name = decoder.string() if type_ref in (TYPE_XML_ELEMENT, TYPE_XML_HOOK) else None
        return [("type", (type_ref, name))]
    if ref == 8:
        return [("other", decoder.any()) for _ in range(decoder.uint())]
    if ref == 9:
        return [("other", (decoder.string(), decoder.any()))]
    raise ValueError(f"unknown content type {ref}")


def integrate_all(update: bytes) -> Sequences:
    """Place every unit in its parent's sequence, in an order that respects dependencies."""
    per_client, deleted = decode_units(update)
    seqs = Sequences()
    queues = [deque(units) for units in per_client]
    progress = True
    while progress:
        progress = False
        for queue in queues:
            while queue and _ready(queue[0], seqs):
                unit = queue.popleft()
                unit.deleted = unit.id in deleted or unit.kind == "deleted"
                _integrate(unit, seqs)
                progress = True
    return seqs


def _ready(unit: Unit, seqs: Sequences) -> bool:
    for dependency in (unit.origin, unit.right_origin):
        if dependency is not None and dependency not in seqs.units:
            return False
    parent = unit.parent
    return not (parent and parent[0] == "item" and parent[1] not in seqs.units)


def _integrate(unit: Unit, seqs: Sequences) -> None:
    seqs.units[unit.id] = unit
    left = seqs.units.get(unit.origin) if unit.origin else None
    right = seqs.units.get(unit.right_origin) if unit.right_origin else None
    if unit.parent is None:
        neighbour = left or right
        if neighbour is None or neighbour.parent is None:
            return
        unit.parent, unit.parent_sub = neighbour.parent, neighbour.parent_sub
    if unit.parent_sub is not None:
        return  # a map entry (an attribute), not part of any sequence
    unit.left = _find_left(unit, unit.parent, left, right, seqs)
    if unit.left is not None:
        unit.right = unit.left.right
        unit.left.right = unit
    else:
        unit.right = seqs.starts.get(unit.parent)
        seqs.starts[unit.parent] = unit
    if unit.right is not None:
        unit.right.left = unit


def _find_left(
    unit: Unit, parent: ParentKey, left: Unit | None, right: Unit | None, seqs: Sequences
) -> Unit | None:
    """YATA: among concurrent insertions at the same place, order by origin then client."""
    o = left.right if left is not None else seqs.starts.get(parent)
    conflicting: set[int] = set()
    before_origin: set[int] = set()
    while o is not None and o is not right:
        before_origin.add(id(o))
        conflicting.add(id(o))
        if unit.origin == o.origin:
            if o.id[0] < unit.id[0]:
                left = o
                conflicting.clear()
            elif unit.right_origin == o.right_origin:
                break
        elif o.origin is not None and id(seqs.units.get(o.origin)) in before_origin:
            if id(seqs.units.get(o.origin)) not in conflicting:
                left = o
                conflicting.clear()
        else:
            break
        o = o.right
    return left


def text_clients(update: bytes, root: str = "default") -> list[list[tuple[str, int]]]:
    """For every XmlText under the root fragment, in document order, its characters with
    the client that wrote each."""
    seqs = integrate_all(update)
    texts: list[list[tuple[str, int]]] = []
    _walk(seqs, ("root", root), texts)
    return texts


def _walk(seqs: Sequences, parent: ParentKey, texts: list[list[tuple[str, int]]]) -> None:
    unit = seqs.starts.get(parent)
    while unit is not None:
        if not unit.deleted and unit.kind == "type":
            type_ref, _name = unit.value
            if type_ref == TYPE_XML_TEXT:
                texts.append(_characters(seqs, ("item", unit.id)))
            else:
                _walk(seqs, ("item", unit.id), texts)
        unit = unit.right


def _characters(seqs: Sequences, parent: ParentKey) -> list[tuple[str, int]]:
    units: list[tuple[bytes, int]] = []
    unit = seqs.starts.get(parent)
    while unit is not None:
        if not unit.deleted and unit.kind == "char":
            units.append((unit.value, unit.id[0]))
        unit = unit.right
    chars: list[tuple[str, int]] = []
    index = 0
    while index < len(units):
        code, client = units[index]
        width = 2 if 0xD800 <= int.from_bytes(code, "little") < 0xDC00 else 1
        raw = b"".join(c for c, _ in units[index : index + width])
        chars.append((raw.decode("utf-16-le", "replace"), client))
        index += width
    return chars
