"""What every import format yields, and the limits every parser works within."""

from dataclasses import dataclass, field
from typing import Any

MAX_ENTRIES = 20_000
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class ParsedEntry:
    """One record of an imported file: a CSL item with its tags and notes, or a reason."""

    index: int
    key: str
    csl: dict[str, Any] | None = None
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reason: str = ""


@dataclass
class ExportItem:
    """What an export writer needs of an item."""

    key: str
    csl: dict[str, Any]
    tags: list[str]
    notes: list[str]


def decode_upload(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Latin-1; CRLF and CR become LF."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_keywords(value: str) -> list[str]:
    separator = ";" if ";" in value else ","
    return [k.strip() for k in value.split(separator) if k.strip()]


def keywords_join(tags: list[str]) -> str:
    """Tags as one keywords value; `;` separates them when a tag holds a comma."""
    return ("; " if any("," in t for t in tags) else ", ").join(tags)
