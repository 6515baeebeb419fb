"""The text of plain-text and zipped XML documents (ODF, OOXML, EPUB) for the search index.

Bounded like the PDF extraction: only the entries that hold the body are read, each at
most its declared size (zipfile never inflates past it) and all together at most
`MAX_INFLATED` bytes; tags are stripped by a pattern, not parsed, so no entity or DTD is
ever expanded. Text beyond `MAX_CHARS` is left out, with a warning.
"""

import html
import re
import zipfile
from typing import IO

from ruche.library.filetypes import EPUB, MARKDOWN, ODF, OOXML, TEXT, FileKind
from ruche.library.pdftext import MAX_CHARS, PdfText

MAX_INFLATED = 50 * 1024 * 1024
# "<" excluded inside a tag: a run of unclosed "<" is matched in linear time, not quadratic.
TAG = re.compile(r"<[^<>]*>")
BREAKS = re.compile(r"</(?:w:p|text:p|text:h|p|h[1-6]|li|a:p)>", re.IGNORECASE)
TOO_LONG = "Only the beginning of this long document is searchable."


def document_text(kind: FileKind, file: IO[bytes]) -> PdfText:
    """The searchable text of a text or zipped XML document ('' for other kinds)."""
    file.seek(0)
    try:
        if kind in (TEXT, MARKDOWN):
            return _bounded(file.read(MAX_CHARS * 4).decode("utf-8", "replace"))
        entries = _body_entries(kind)
        return _zip_text(file, entries) if entries else PdfText("")
    finally:
        file.seek(0)


def _body_entries(kind: FileKind) -> re.Pattern[str] | None:
    if kind.content_type in ODF:
        return re.compile(r"^content\.xml$")
    if kind is OOXML["word/"]:
        return re.compile(r"^word/(document|footnotes|endnotes)\.xml$")
    if kind is OOXML["ppt/"]:
        return re.compile(r"^ppt/slides/slide\d+\.xml$")
    if kind is OOXML["xl/"]:
        return re.compile(r"^xl/sharedStrings\.xml$")
    if kind is EPUB:
        return re.compile(r"\.(x?html?|xml)$", re.IGNORECASE)
    return None


def _zip_text(file: IO[bytes], entries: re.Pattern[str]) -> PdfText:
    chunks: list[str] = []
    budget = MAX_INFLATED
    try:
        with zipfile.ZipFile(file) as archive:
            for info in archive.infolist():
                if not entries.search(info.filename) or info.filename.startswith("META-INF"):
                    continue
                if info.file_size > budget:
                    return PdfText(_plain("".join(chunks))[:MAX_CHARS], TOO_LONG)
                budget -= info.file_size
                chunks.append(archive.read(info).decode("utf-8", "replace"))
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return PdfText("", "The document's text could not be read (it may be damaged).")
    return _bounded(_plain("\n".join(chunks)))


def _plain(xml: str) -> str:
    return html.unescape(TAG.sub(" ", BREAKS.sub("\n", xml)))


def _bounded(text: str) -> PdfText:
    if len(text) > MAX_CHARS:
        return PdfText(text[:MAX_CHARS], TOO_LONG)
    return PdfText(text)
