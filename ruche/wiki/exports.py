"""A wiki page, or a whole wiki, as files. Pages render with the pads' exporters
(ruche.pads.exports); only the wiki links are rewritten: to absolute addresses for a single
page, to relative paths between the files of a zip (`parent/child.md`, as the tree). Links
to other Ruche objects become absolute addresses when the exporter may see the object; for
anyone else only their text remains (ruche.wiki.objects)."""

import io
import posixpath
import zipfile
from collections.abc import Callable
from functools import cache
from html import escape

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.credits.selectors import credits_for
from ruche.credits.texts import credits_file, export_fields
from ruche.pads.exports import FORMATS, ExportContext, export_render
from ruche.realtime.richtext import state_read
from ruche.realtime.services import document_state
from ruche.spaces.models import Space
from ruche.wiki.links import href_target, tree_map_links
from ruche.wiki.models import WikiPage
from ruche.wiki.objects import object_resolve

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


def _objects_visible(actor: User) -> Callable[[str, str], bool]:
    @cache
    def visible(kind: str, object_id: str) -> bool:
        return object_resolve(actor, kind, object_id) is not None

    return visible


def page_export(*, actor: User, page: WikiPage, fmt: str, origin: str) -> tuple[bytes, str, str]:
    """The page as `fmt` (md, html, pdf): bytes, content type, file extension."""
    visible = _objects_visible(actor)

    def absolute(href: str) -> str:
        target = href_target(href)
        if target is None or target[0] in ("page", "title"):
            return origin + href if target else href
        return origin + href if visible(*target) else ""

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


def wiki_export_zip(
    *, actor: User, space: Space, pages: list[WikiPage], fmt: str, origin: str
) -> bytes:
    """Every page as Markdown or HTML in a zip, links between them relative, links to
    other objects absolute."""
    paths = _paths(pages, fmt)
    visible = _objects_visible(actor)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for page in pages:
            own = paths[str(page.pk)]
            rewrite = _relative_rewriter(paths, posixpath.dirname(own), origin, visible)
            tree = tree_map_links(state_read(document_state(room=page.room)), rewrite)
            context = _context(page)
            context.closing = []  # in CREDITS.txt: a re-import must not take them for text
            body = export_render(fmt, tree, context).decode()
            archive.writestr(own, _unprefix(body, fmt))
        if fmt == "html":
            archive.writestr("index.html", _index(space, pages, paths))
        credits = [(paths[str(p.pk)], credits_for(p)) for p in pages]
        archive.writestr("CREDITS.txt", credits_file(credits))
    return buffer.getvalue()


def _relative_rewriter(
    paths: dict[str, str], here: str, origin: str, visible: Callable[[str, str], bool]
) -> Callable[[str], str]:
    def rewrite(href: str) -> str:
        target = href_target(href)
        if target is None:
            return href
        if target[0] == "page" and target[1] in paths:
            return RELATIVE + posixpath.relpath(paths[target[1]], here or ".")
        if target[0] == "page":  # a page of another wiki
            return origin + href if visible("wiki_page", target[1]) else ""
        if target[0] != "title" and visible(*target):
            return origin + href
        return ""  # a red link, a deleted or hidden object: its text stays, without a link

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
