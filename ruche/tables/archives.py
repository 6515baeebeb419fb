"""Bounded reading of ZIP-based spreadsheets (XLSX, ODS): a zip bomb or an XML bomb is
refused with a clear error before it can exhaust memory or time."""

import io
import re
import zipfile

from django.utils.translation import gettext as _

from ruche.core.errors import Invalid, TooLarge

MAX_MEMBERS = 5_000
MAX_TOTAL_UNZIPPED = 300 * 1024 * 1024
MAX_MEMBER_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 200  # real spreadsheets compress 5-30x; bombs compress 1000x and more
RATIO_FLOOR = 1024 * 1024  # small members may compress as they like
DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
PROLOG_BYTES = 64 * 1024


def archive_open(data: bytes) -> zipfile.ZipFile:
    """Open the archive after checking what its directory declares; ZipFile never
    inflates a member past its declared size, so these checks bound what can be read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise Invalid(_("This file is not a valid spreadsheet archive.")) from exc
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise TooLarge(_("This spreadsheet has too many parts."))
    if sum(m.file_size for m in members) > MAX_TOTAL_UNZIPPED:
        raise TooLarge(_("This spreadsheet would be too large once uncompressed."))
    for member in members:
        _check_member(member)
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            _check_no_dtd(archive, member)
    return archive


def _check_member(member: zipfile.ZipInfo) -> None:
    if member.file_size > MAX_MEMBER_UNZIPPED:
        raise TooLarge(_("A part of this spreadsheet is too large once uncompressed."))
    ratio_ok = member.file_size <= max(RATIO_FLOOR, MAX_RATIO * max(member.compress_size, 1))
    if not ratio_ok:
        raise TooLarge(_("This spreadsheet is compressed suspiciously well (a zip bomb?)."))


def _check_no_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Spreadsheet XML never needs a DTD; entity expansion ("billion laughs") needs one."""
    try:
        with archive.open(member) as stream:
            prolog = stream.read(PROLOG_BYTES)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        raise Invalid(_("This spreadsheet archive is damaged.")) from exc
    if DTD.search(prolog):
        raise Invalid(_("This spreadsheet contains XML declarations that are not allowed."))


def member_read(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        with archive.open(name) as stream:
            return stream.read(MAX_MEMBER_UNZIPPED + 1)
    except KeyError as exc:
        raise Invalid(_("This spreadsheet has no %(part)s.") % {"part": name}) from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise Invalid(_("This spreadsheet archive is damaged.")) from exc
