"""Text positions across runtimes.

Yjs (JavaScript) counts text positions in UTF-16 code units; pycrdt's Text and XmlText
count UTF-8 bytes (`len(Text("héllo😀x")) == 11`). Convert every position that crosses
the boundary, or server-side edits land in the wrong place on accents, emoji and CJK.
"""


def utf16_to_utf8_offset(text: str, index: int) -> int:
    """The UTF-8 byte offset in `text` of the position `index` counted in UTF-16 units."""
    units = 0
    offset = 0
    for char in text:
        if units >= index:
            break
        units += 2 if ord(char) > 0xFFFF else 1
        offset += len(char.encode("utf-8"))
    return offset


def utf8_to_utf16_offset(text: str, offset: int) -> int:
    """The UTF-16 position in `text` of the UTF-8 byte offset `offset`."""
    return len(text.encode("utf-8")[:offset].decode("utf-8", "ignore").encode("utf-16-le")) // 2


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def utf8_length(text: str) -> int:
    return len(text.encode("utf-8"))
