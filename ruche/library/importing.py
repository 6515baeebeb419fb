"""From an uploaded file to parsed entries: limits, decoding, format detection, parsing."""

import re

from ruche.core.errors import Invalid, TooLarge
from ruche.library import bibtex, csljson, ris
from ruche.library.formats import MAX_FILE_BYTES, ParsedEntry, decode_upload

PARSERS = {"bibtex": bibtex.parse, "ris": ris.parse, "csljson": csljson.parse}
FORMATS = ("auto", *PARSERS)
_RIS_START = re.compile(r"^\s*TY\s{1,2}-", re.MULTILINE)


def file_parse(*, data: bytes, file_format: str) -> list[ParsedEntry]:
    """Parse an uploaded bibliography file; refuse what is too big or not that format."""
    if len(data) > MAX_FILE_BYTES:
        raise TooLarge(f"The file is larger than the limit ({MAX_FILE_BYTES:,} bytes).")
    if file_format not in FORMATS:
        raise Invalid(f"Unknown format {file_format!r}: use one of {', '.join(FORMATS)}.")
    text = decode_upload(data)
    if not text.strip():
        raise Invalid("The file is empty.")
    if file_format == "auto":
        file_format = format_detect(text)
    return PARSERS[file_format](text)


def format_detect(text: str) -> str:
    head = text.lstrip()[:1]
    if head in "[{":
        return "csljson"
    if _RIS_START.search(text[:20_000]):
        return "ris"
    if "@" in text:
        return "bibtex"
    raise Invalid("Could not recognise the format: expected BibTeX, RIS or CSL-JSON.")
