"""A wiki page, or a whole wiki, as files. Pages render with the pads' exporters
(ruche.pads.exports); only the wiki links are rewritten: to absolute addresses for a single
page, to relative paths between the files of a zip (`parent/child.md`, as the tree)."""

import io
import posixpath
import zipfile
from collections.abc import Callable
from html import escape

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ruche.credits.selectors import credits_for
from ruche.credits.texts import export_fields
from ruche.pads.exports import FORMATS, ExportContext, export_render
from ruche.realtime.richtext import state_read
from ruche.realtime.services import document_state
from ruche.spaces.models import Space
from ruche.wiki.links import href_target, tree_map_links
from ruche.wiki.models import WikiPage

PAGE_FORMATS = ("md", "html", "pdf")
# The pads' exporters keep web addresses only; a relative path travels under this prefix
# and loses it once the file is rendered.
RELATIVE = "https://relative.ruche.invalid/"


def _context(page: WikiPage) -> ExportContext:
    author = page.created_by.public_name if page.created_by else ""
    return ExportContext(
        title=page.title, space=page.space.name, authors=[{"name": author}],
        **export_fields(credits_for(page)),
        date=timezone.localtime(), language=get_language() or "en", library_space=page.space,
    )  # fmt: skip


def page_export(*, page: WikiPage, fmt: str, origin: str) -> tuple[bytes, str, str]:
    """The page as `fmt` (md, html, pdf): bytes, content type, file extension."""

    def absolute(href: str) -> str:
        return origin + href if href_target(href) else href

    tree = tree_map_links(state_read(document_state(room=page.room)), absolute)
    content_type, extension = FORMATS[fmt]
    return export_render(fmt, tree, _context(page)), content_type, extension


def _paths(pages: list[WikiPage], extension: str) -> dict[str, str]:
    """Each page's file in the zip: its ancestors' slugs as folders."""
    by_id = {str(p.pk): p for p in pages}

    def folder(page: WikiPage) -> list[str]:
        parent = by_id.get(str(page.parent_id)) if page.parent_id else None
        return [*folder(parent), parent.slug] if parent else []

    return {str(p.pk): "/".join([*folder(p), f"{p.slug}.{extension}"]) for p in pages}


def wiki_export_zip(*, space: Space, pages: list[WikiPage], fmt: str) -> bytes:
    """Every page as Markdown or HTML in a zip, links between them relative."""
    paths = _paths(pages, fmt)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for page in pages:
            own = paths[str(page.pk)]
            rewrite = _relative_rewriter(paths, posixpath.dirname(own))
            tree = tree_map_links(state_read(document_state(room=page.room)), rewrite)
            body = export_render(fmt, tree, _context(page)).decode()
            archive.writestr(own, _unprefix(body, fmt))
        if fmt == "html":
            archive.writestr("index.html", _index(space, pages, paths))
    return buffer.getvalue()


def _relative_rewriter(paths: dict[str, str], here: str) -> Callable[[str], str]:
    def rewrite(href: str) -> str:
        target = href_target(href)
        if target is None:
            return href
        if target[0] == "page" and target[1] in paths:
            return RELATIVE + posixpath.relpath(paths[target[1]], here or ".")
        return ""  # a red link, or a deleted page: its text stays, without a link

    return rewrite


def _unprefix(body: str, fmt: str) -> str:
    marker = "](" if fmt == "md" else 'href="'
    return body.replace(marker + RELATIVE, marker)


def _index(space: Space, pages: list[WikiPage], paths: dict[str, str]) -> str:
    items = "".join(
        f'<li><a href="{escape(paths[str(p.pk)], quote=True)}">{escape(p.title)}</a></li>'
        for p in sorted(pages, key=lambda p: (not p.is_home, p.title.casefold()))
    )
    title = escape(_("Wiki of %(space)s") % {"space": space.name})
    return (
        f'<!doctype html><html lang="{escape(get_language() or "en")}"><head>'
        f'<meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1><ul>{items}</ul></body></html>\n"
    )
