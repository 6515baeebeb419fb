"""UTF-16 (Yjs) <-> UTF-8 (pycrdt) positions: server-side edits land where Yjs means."""

import pytest
from pycrdt import Doc, Text

from ruche.realtime.text import utf8_to_utf16_offset, utf16_length, utf16_to_utf8_offset

SAMPLES = ["plain", "héllo wörld", "😀 emoji 🐝x", "中文字符 and 日本語", "é😀中a"]


@pytest.mark.parametrize("text", SAMPLES)
def test_round_trip_at_every_boundary(text):
    units = 0
    for char in text:
        byte = utf16_to_utf8_offset(text, units)
        assert (
            text.encode()[:byte].decode()
            == text[: text.index(char, len(text.encode()[:byte].decode()))]
        )
        assert utf8_to_utf16_offset(text, byte) == units
        units += 2 if ord(char) > 0xFFFF else 1
    assert utf16_to_utf8_offset(text, units) == len(text.encode())
    assert utf16_length(text) == units


def test_pycrdt_counts_bytes_and_the_conversion_fixes_inserts():
    text = "héllo😀x中"
    doc = Doc()
    ytext = doc.get("t", type=Text)
    ytext += text
    assert len(ytext) == len(text.encode())  # the pitfall: pycrdt counts UTF-8 bytes
    # A Yjs client asks to insert after "héllo😀" (UTF-16 position 7).
    ytext.insert(utf16_to_utf8_offset(text, 7), "|")
    assert str(ytext) == "héllo😀|x中"


def test_known_offsets():
    assert utf16_to_utf8_offset("é", 1) == 2
    assert utf16_to_utf8_offset("😀a", 2) == 4
    assert utf16_to_utf8_offset("中a", 1) == 3
    assert utf8_to_utf16_offset("😀a", 4) == 2
    assert utf16_to_utf8_offset("abc", 99) == 3
