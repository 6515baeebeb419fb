"""Links between wiki pages, inside a page's real-time document.

Typing `[[Page title]]` in the editor writes plain text; the server turns it into a link
mark when it refreshes the page (ruche.wiki.services.wiki_page_refresh). A link is stored
by the target's id, `/wiki/pages/<uuid>/`, so renames never break it; a title without a
page becomes a red link, `/spaces/<space>/wiki/new/?title=…`, which a later refresh
upgrades to the id form once the page exists.

Links to other Ruche objects are stored by their address too (`OBJECT_HREFS`): a library
item `/library/items/<uuid>/`, a table `/tables/<uuid>/`, a pad `/pads/<uuid>/`, a module
`/modules/<uuid>/`, a module activity `/modules/<module>/#activity-<uuid>`.
"""

import re
import uuid
from collections.abc import Callable, Iterator
from urllib.parse import parse_qs, quote

from pycrdt import XmlElement, XmlFragment, XmlText

from ruche.realtime.richtext import Node

WIKILINK = re.compile(r"\[\[([^\[\]\n]{1,200})\]\]")
PAGE_HREF = re.compile(r"^/wiki/pages/(?P<id>[0-9a-f-]{36})/$")
MISSING_HREF = re.compile(r"^/spaces/(?P<space>[0-9a-f-]{36})/wiki/new/\?(?P<query>.*)$")
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
OBJECT_HREFS = {
    "library_item": re.compile(rf"^/library/items/(?P<id>{_UUID})/$"),
    "table": re.compile(rf"^/tables/(?P<id>{_UUID})/$"),
    "pad": re.compile(rf"^/pads/(?P<id>{_UUID})/$"),
    "module": re.compile(rf"^/modules/(?P<id>{_UUID})/$"),
    "activity": re.compile(rf"^/modules/{_UUID}/#activity-(?P<id>{_UUID})$"),
}
Resolver = Callable[[str], uuid.UUID | None]
Target = tuple[str, str]
Retitles = dict[Target, tuple[str, str]]


def page_href(page_id: object) -> str:
    return f"/wiki/pages/{page_id}/"


def missing_href(space_id: object, title: str) -> str:
    return f"/spaces/{space_id}/wiki/new/?title={quote(title)}"


def href_target(href: str) -> Target | None:
    """("page", id) or ("title", title) for a wiki link, (kind, id) for a link to another
    Ruche object (`OBJECT_HREFS`), None for any other address."""
    found = PAGE_HREF.match(href)
    if found:
        return "page", found["id"]
    found = MISSING_HREF.match(href)
    if found:
        titles = parse_qs(found["query"]).get("title") or [""]
        return ("title", titles[0].strip()) if titles[0].strip() else None
    for kind, pattern in OBJECT_HREFS.items():
        found = pattern.match(href)
        if found:
            return kind, found["id"]
    return None


def _link_target(attrs: dict[str, object]) -> Target | None:
    link = attrs.get("link")
    return href_target(str(link.get("href", ""))) if isinstance(link, dict) else None


def links_convert(
    fragment: XmlFragment, *, space_id: object, resolve: Resolver, exists: Callable[[str], bool]
) -> bool:
    """Turn `[[Title]]` into links, red links whose page now exists into page links, and
    links to deleted pages into red links. Returns whether the document changed."""
    changed = False
    for text in _texts(fragment):
        changed |= _retarget_links(text, space_id, resolve, exists)
        changed |= _convert_brackets(text, space_id, resolve)
    return changed


def _texts(parent: XmlFragment | XmlElement) -> Iterator[XmlText]:
    for child in parent.children:
        if isinstance(child, XmlText):
            yield child
        elif isinstance(child, XmlElement):
            yield from _texts(child)


def _chunks(text: XmlText) -> list[tuple[int, str, dict[str, object]]]:
    """(UTF-8 byte offset, chunk, attributes): pycrdt indexes text in bytes."""
    out, offset = [], 0
    for chunk, attrs in text.diff():
        if isinstance(chunk, str):
            out.append((offset, chunk, dict(attrs or {})))
            offset += len(chunk.encode())
    return out


def _retarget_links(
    text: XmlText, space_id: object, resolve: Resolver, exists: Callable[[str], bool]
) -> bool:
    changed = False
    for offset, chunk, attrs in _chunks(text):
        target = _link_target(attrs)
        href = None
        if target is not None and target[0] == "title":
            page_id = resolve(target[1])
            href = page_href(page_id) if page_id is not None else None
        elif target is not None and target[0] == "page" and not exists(target[1]):
            href = missing_href(space_id, chunk.strip()[:200]) if chunk.strip() else None
        if href is not None:
            text.format(offset, offset + len(chunk.encode()), {"link": {"href": href}})
            changed = True
    return changed


def _convert_brackets(text: XmlText, space_id: object, resolve: Resolver) -> bool:
    matches = []
    for offset, chunk, attrs in _chunks(text):
        if "link" in attrs or "code" in attrs:
            continue
        for found in WIKILINK.finditer(chunk):
            title = " ".join(found[1].split())
            if title:
                start = offset + len(chunk[: found.start()].encode())
                matches.append((start, found[1], title))
    for start, inner, title in reversed(matches):  # from the end: offsets stay valid
        page_id = resolve(title)
        href = page_href(page_id) if page_id else missing_href(space_id, title)
        size = len(inner.encode())
        del text[start + 2 + size : start + 4 + size]
        text.format(start + 2, start + 2 + size, {"link": {"href": href}})
        del text[start : start + 2]
    return bool(matches)


def links_retitle(fragment: XmlFragment, retitles: Retitles) -> bool:
    """Replace the text of links whose target is in `retitles` and whose text is still the
    old title (any case, spaces around ignored) by the new title, keeping the link and its
    other marks. Text someone wrote in their own words is left alone."""
    changed = False
    for text in _texts(fragment):
        for offset, chunk, attrs in reversed(_chunks(text)):  # from the end: offsets hold
            target = _link_target(attrs)
            old_new = retitles.get(target) if target is not None else None
            if old_new is None or chunk.strip().casefold() != old_new[0].casefold():
                continue
            lead, trail = chunk[: len(chunk) - len(chunk.lstrip())], chunk[len(chunk.rstrip()) :]
            del text[offset : offset + len(chunk.encode())]
            text.insert(offset, lead + old_new[1] + trail, attrs)
            changed = True
    return changed


def link_texts(nodes: list[Node]) -> Iterator[tuple[Target, str]]:
    """Every link target of a rich-text tree with the text it shows, in order."""
    for node in nodes:
        for mark in node.get("marks") or []:
            if mark.get("type") == "link":
                target = href_target(str((mark.get("attrs") or {}).get("href", "")))
                if target is not None:
                    yield target, str(node.get("text") or "")
        yield from link_texts(node.get("content") or [])


def tree_targets(nodes: list[Node]) -> Iterator[tuple[str, str]]:
    """Every wiki link target in a rich-text tree, in order."""
    for node in nodes:
        for mark in node.get("marks") or []:
            if mark.get("type") == "link":
                target = href_target(str((mark.get("attrs") or {}).get("href", "")))
                if target is not None:
                    yield target
        yield from tree_targets(node.get("content") or [])


def tree_map_links(nodes: list[Node], rewrite: Callable[[str], str]) -> list[Node]:
    """A copy of the tree with every link's address passed through `rewrite`."""
    out = []
    for node in nodes:
        copy = dict(node)
        if node.get("marks"):
            copy["marks"] = [_rewritten(mark, rewrite) for mark in node["marks"]]
        if node.get("content"):
            copy["content"] = tree_map_links(node["content"], rewrite)
        out.append(copy)
    return out


def _rewritten(mark: Node, rewrite: Callable[[str], str]) -> Node:
    if mark.get("type") != "link":
        return mark
    href = str((mark.get("attrs") or {}).get("href", ""))
    return {**mark, "attrs": {**(mark.get("attrs") or {}), "href": rewrite(href)}}
