"""Markdown files into wiki pages: one `.md` file, or a zip of them whose folders become
the page tree (`a.md` and `a/b.md`: b under a). Bounded: archive size, number of entries,
unpacked size and compression ratio are checked before anything is read."""

import posixpath
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.db import transaction
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.errors import Invalid, TooLarge
from ruche.credits.texts import credits_strip
from ruche.pads.imports import markdown_read, text_decode, tree_update
from ruche.realtime.services import document_apply_update
from ruche.spaces.permissions import Need, access_space
from ruche.wiki.models import WikiPage
from ruche.wiki.services import wiki_page_create, wiki_page_refresh

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 500
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_RATIO = 100
MD_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s:]+\.md)\)")
HEADING = re.compile(r"\A\s*#\s+(.+?)\s*(?:\n|\Z)")


@dataclass
class MarkdownFile:
    path: str
    text: str
    title: str


def _title_of(path: str, text: str) -> tuple[str, str]:
    found = HEADING.match(text)
    if found:
        return found[1].replace("\\", "").strip()[:200], text[found.end() :]
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return (stem.replace("-", " ").replace("_", " ").strip() or _("Imported page"))[:200], text


def _markdown_file(path: str, data: bytes) -> MarkdownFile:
    title, body = _title_of(path, text_decode(data))
    return MarkdownFile(path=path, text=body, title=title)


def archive_read(data: bytes) -> list[MarkdownFile]:
    """The Markdown files of a zip, after checking it is no bomb."""
    if len(data) > MAX_FILE_BYTES:
        raise TooLarge(_("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES >> 20})
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise Invalid(_("This is not a zip archive.")) from exc
    entries = [i for i in archive.infolist() if not i.is_dir()]
    _check_bounds(entries)
    files = []
    for info in entries:
        path = posixpath.normpath(info.filename.replace("\\", "/")).lstrip("/")
        if path.startswith("..") or not path.lower().endswith((".md", ".markdown")):
            continue
        with archive.open(info) as stream:
            content = stream.read(info.file_size + 1)
        if len(content) > info.file_size:
            raise TooLarge(_("An entry of the archive is larger than it says."))
        files.append(_markdown_file(path, content))
    return files


def _check_bounds(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ENTRIES:
        raise TooLarge(_("The archive has more than %(n)d files.") % {"n": MAX_ENTRIES})
    unpacked = sum(i.file_size for i in entries)
    packed = sum(i.compress_size for i in entries) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise TooLarge(_("The archive unpacks to too much data."))


@transaction.atomic
def wiki_import(*, actor: User, space_id: object, filename: str, data: bytes) -> list[WikiPage]:
    """Create pages from a `.md` file or a zip of them; returns the new pages."""
    space = access_space(actor, space_id, Need.CONTRIBUTE)
    if filename.lower().endswith(".zip"):
        files = archive_read(data)
    elif filename.lower().endswith((".md", ".markdown")):
        if len(data) > MAX_FILE_BYTES:
            raise TooLarge(_("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES >> 20})
        files = [_markdown_file(filename, data)]
    else:
        raise Invalid(_("Ruche imports .md files, or a .zip of them."))
    if not files:
        raise Invalid(_("The archive holds no Markdown file."))
    files += _folder_pages(files)
    titles = {f.path: f.title for f in files}
    pages: dict[str, WikiPage] = {}
    for file in sorted(files, key=lambda f: (f.path.count("/"), f.path)):
        parent = pages.get(posixpath.dirname(file.path) + ".md")
        page = wiki_page_create(
            actor=actor,
            space_id=space.pk,
            title=file.title,
            parent_id=parent.pk if parent else None,
        )
        # a Ruche export's credits are not the page's text
        tree = credits_strip(markdown_read(_links_as_titles(file, titles).encode()))
        if tree:
            document_apply_update(room=page.room, update=tree_update(tree), author=actor)
        pages[file.path] = page
    for page in pages.values():
        wiki_page_refresh(page=page)
    return list(pages.values())


def _folder_pages(files: list[MarkdownFile]) -> list[MarkdownFile]:
    """An empty page for each folder that has no Markdown file of its own."""
    have = {f.path for f in files}
    missing: dict[str, MarkdownFile] = {}
    for file in files:
        folder = posixpath.dirname(file.path)
        while folder and folder + ".md" not in have and folder + ".md" not in missing:
            name = posixpath.basename(folder).replace("-", " ").replace("_", " ")
            missing[folder + ".md"] = MarkdownFile(folder + ".md", "", name[:200] or "page")
            folder = posixpath.dirname(folder)
    return list(missing.values())


def _links_as_titles(file: MarkdownFile, titles: dict[str, str]) -> str:
    """Links to other files of the archive become `[[Title]]`, resolved once all exist."""
    here = posixpath.dirname(file.path)

    def replace(found: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(here, found[2]))
        return f"[[{titles[target]}]]" if target in titles else found[0]

    return MD_LINK.sub(replace, file.text)
