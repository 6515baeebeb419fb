"""What an uploaded attachment really is, judged by its bytes, and a safe name for it.

The allow-list is by content (magic bytes, or the structure of a zip container); the
name's extension must agree with what the bytes say. Anything else is refused.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from ruche.core.errors import Invalid

HEAD_BYTES = 2048
MAX_NAME = 150
TEXT_SAMPLE = 1 << 20


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("PDF", "application/pdf", ("pdf",))
PNG = FileKind("PNG image", "image/png", ("png",))
JPEG = FileKind("JPEG image", "image/jpeg", ("jpg", "jpeg"))
GIF = FileKind("GIF image", "image/gif", ("gif",))
WEBP = FileKind("WebP image", "image/webp", ("webp",))
RTF = FileKind("RTF document", "application/rtf", ("rtf",))
TEXT = FileKind("text", "text/plain; charset=utf-8", ("txt", "text"))
MARKDOWN = FileKind("Markdown text", "text/markdown; charset=utf-8", ("md", "markdown"))
EPUB = FileKind("EPUB book", "application/epub+zip", ("epub",))
ODF = {
    "application/vnd.oasis.opendocument.text": ("OpenDocument text", ("odt",)),
    "application/vnd.oasis.opendocument.spreadsheet": ("OpenDocument spreadsheet", ("ods",)),
    "application/vnd.oasis.opendocument.presentation": ("OpenDocument presentation", ("odp",)),
}
OOXML = {
    "word/": FileKind(
        "Word document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
    ),
    "xl/": FileKind(
        "Excel workbook",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ("xlsx",),
    ),
    "ppt/": FileKind(
        "PowerPoint presentation",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ("pptx",),
    ),
}
# Shown in the browser rather than downloaded.
INLINE_TYPES = {kind.content_type for kind in (PDF, PNG, JPEG, GIF, WEBP)}
ALLOWED_EXTENSIONS = sorted(
    {"pdf", "png", "jpg", "jpeg", "gif", "webp", "rtf", "txt", "text", "md", "markdown", "epub",
     "odt", "ods", "odp", "docx", "xlsx", "pptx"}
)  # fmt: skip


def kind_of(file: IO[bytes]) -> FileKind | None:
    """The allowed kind these bytes are, or None. Reads the head (and a zip's directory)."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if b"%PDF-" in head[:1024]:
        return PDF
    for magic, kind in ((b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG),
                        (b"GIF87a", GIF), (b"GIF89a", GIF), (b"{\\rtf", RTF)):  # fmt: skip
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    return _text_kind(file)


def _zip_kind(file: IO[bytes]) -> FileKind | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            mimetype = ""
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None
    finally:
        file.seek(0)
    if mimetype == EPUB.content_type:
        return EPUB
    if mimetype in ODF:
        label, extensions = ODF[mimetype]
        return FileKind(label, mimetype, extensions)
    if "[Content_Types].xml" in names:
        for prefix, kind in OOXML.items():
            if any(name.startswith(prefix) for name in names):
                return kind
    return None


def _text_kind(file: IO[bytes]) -> FileKind | None:
    """UTF-8 text without NUL bytes (a sample: the first megabyte)."""
    sample = file.read(TEXT_SAMPLE)
    file.seek(0)
    if not sample or b"\x00" in sample:
        return None
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A sample cut inside a multi-byte character is still text.
        if exc.start < len(sample) - 4:
            return None
    return TEXT


def kind_check(file: IO[bytes], name: str) -> FileKind:
    """The file's kind, refusing what is not allowed or does not match its name."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        allowed = ", ".join(ALLOWED_EXTENSIONS)
        raise Invalid(f"Files named .{extension or '?'} are not accepted (allowed: {allowed}).")
    kind = kind_of(file)
    if kind is TEXT and extension in MARKDOWN.extensions:
        kind = MARKDOWN
    if kind is None:
        raise Invalid("The file's content is not of an accepted type.")
    if extension not in kind.extensions:
        raise Invalid(f"The file's content is a {kind.label}, which does not match .{extension}.")
    return kind


def name_sanitise(name: str) -> str:
    """A display name with no path, control or odd characters, at most 150 characters."""
    base = re.split(r"[/\\]", unicodedata.normalize("NFC", name or ""))[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    base = re.sub(r"[^\w.\- ()+,'&]", "_", base).strip(" .")
    base = re.sub(r"\.{2,}", ".", base)
    if "." in base:
        stem, extension = base.rsplit(".", 1)
        extension = extension[:10]
        base = f"{stem[: MAX_NAME - len(extension) - 1].strip(' .')}.{extension}"
    return base[:MAX_NAME] or "file"
