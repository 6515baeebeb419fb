"""Formatted bibliographies with CSL styles (citeproc-py).

Six styles ship in ruche/library/csl/ (from the Citation Style Language project, CC BY-SA
3.0, licence headers kept); facilitators may upload more per library. Locales come with
citeproc-py.

citeproc-py formats an entry from its item alone (and, in numbered styles, its place in
the list), so `bibliography_format_reusing` takes what an earlier run made of each item
(its sort keys and entry, `EntryCache`) and runs citeproc-py only for the others, then
sorts exactly as citeproc-py does. `ruche.library.entry_cache` keeps these in the database.
"""

import contextlib
import hashlib
import html
import io
import json
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cmp_to_key
from pathlib import Path
from typing import Any

import citeproc
import nh3
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from lxml import etree

from ruche.core.errors import Invalid, TooLarge
from ruche.library import citeproc_speed  # noqa: F401 - citeproc-py's look-ups, memoised
from ruche.library import csl as cslmodel

STYLE_DIR = Path(__file__).parent / "csl"
BUILTIN_STYLES = {
    "apa": ("apa.csl", "APA 7th edition"),
    "chicago-author-date": ("chicago-author-date.csl", "Chicago author-date"),
    "harvard": ("harvard-cite-them-right.csl", "Harvard (Cite Them Right)"),
    "mla": ("modern-language-association.csl", "MLA 9th edition"),
    "ieee": ("ieee.csl", "IEEE"),
    "iso690-author-date-fr": ("iso690-author-date-fr.csl", "ISO 690 auteur-date (français)"),
}
LOCALES = {"en-US": "English (US)", "fr-FR": "Français"}
CSL_NS = "http://purl.org/net/xbiblio/csl"
MAX_STYLE_BYTES = 512 * 1024
_KEEP = cslmodel.TEXT_VARIABLES | cslmodel.NAME_VARIABLES | cslmodel.DATE_VARIABLES


@dataclass
class Bibliography:
    style: str
    locale: str
    entries_html: list[str]
    entries_text: list[str]

    @property
    def html(self) -> str:
        return "".join(f'<div class="csl-entry">{e}</div>\n' for e in self.entries_html)

    @property
    def text(self) -> str:
        return "\n".join(self.entries_text)


def style_load(xml: bytes, locale: str) -> CitationStylesStyle:
    """A parsed style; refuses DTDs (no entity tricks), the network and non-CSL roots."""
    if locale not in LOCALES:
        raise Invalid(f"Unknown locale {locale!r}: use one of {', '.join(LOCALES)}.")
    if len(xml) > MAX_STYLE_BYTES:
        raise TooLarge("The style file is larger than 512 KB.")
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise Invalid("A CSL style may not contain a DOCTYPE or entities.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise Invalid(f"Not well-formed XML: {exc}") from exc
    if root.tag != f"{{{CSL_NS}}}style":
        raise Invalid("Not a CSL style: the root element must be <style> in the CSL namespace.")
    if root.find(f"{{{CSL_NS}}}bibliography") is None:
        raise Invalid("This style has no <bibliography> (a dependent style is not supported).")
    try:
        return CitationStylesStyle(io.BytesIO(xml), locale=locale, validate=False)
    except Exception as exc:  # noqa: BLE001 - citeproc raises many kinds on bad styles
        raise Invalid(f"This CSL style cannot be used: {exc}") from exc


def style_title(xml: bytes) -> str:
    found = re.search(rb"<title>(.*?)</title>", xml, re.S)
    return found.group(1).decode("utf-8", "replace").strip()[:300] if found else "CSL style"


def builtin_style_xml(slug: str) -> bytes:
    return (STYLE_DIR / BUILTIN_STYLES[slug][0]).read_bytes()


def bibliography_format(
    *, style_xml: bytes, style: str, locale: str, items: list[dict[str, Any]]
) -> Bibliography:
    """Format CSL items (each with an `id`) as a bibliography, in HTML and plain text."""
    entries_html = [entry_clean(e) for e in _format(style_xml, locale, items, formatter.html)]
    return Bibliography(style, locale, entries_html, [entry_text(e) for e in entries_html])


# citeproc-py does not escape the item's own text in HTML: a title may hold "<a>", "<form>"
# or worse. Every entry leaves cleaned down to the emphasis a style itself produces.
ENTRY_TAGS = {"i", "b", "em", "strong", "sup", "sub", "span"}


def entry_clean(entry_html: str) -> str:
    """A formatted entry with only the style's own emphasis left, no attributes."""
    return nh3.clean(entry_html, tags=ENTRY_TAGS, attributes={})


def entry_text(entry_html: str) -> str:
    """The text of one formatted entry (formatting once, not twice, halves the time)."""
    return html.unescape(re.sub(r"<[^>]+>", "", entry_html))


def _format(style_xml: bytes, locale: str, items: list[dict[str, Any]], out: Any) -> list[str]:
    if not items:
        return []
    citeable = [_citeable(item) for item in items]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about variables it ignores
        style = style_load(style_xml, locale)
        # Sort on plain text: with HTML, "<i>Title</i>" would sort before every name.
        bibliography = CitationStylesBibliography(style, CiteProcJSON(citeable), formatter.plain)
        for item in citeable:
            bibliography.register(Citation([CitationItem(item["id"])]))
        bibliography.sort()
        bibliography.formatter = style.root.formatter = out
        return [str(entry) for entry in bibliography.bibliography()]


def _citeable(item: dict[str, Any]) -> dict[str, Any]:
    """Only the variables citeproc-py knows, with dates it can read."""
    data = {k: v for k, v in item.items() if k in _KEEP or k in ("id", "type")}
    for key in cslmodel.DATE_VARIABLES & set(data):
        if not data[key].get("date-parts"):
            year = cslmodel.date_year(data.pop(key))
            if year:
                data[key] = {"date-parts": [[year]]}
    return data


# Part of every style fingerprint: change it when entries are made differently.
ENTRY_FORMAT = b"ruche-entry-1"
NS = {"cs": CSL_NS}


@dataclass
class EntryCache:
    """What citeproc-py made of one item in one style and locale.

    `sort_keys` are what its sort compares (None: not storable). A numbered style's keys
    and entry depend on the item's place, kept in `registered_at` and `position`."""

    digest: str
    sort_keys: list[Any] | None
    registered_at: int
    html: str | None
    position: int


def style_fingerprint(style_xml: bytes) -> str:
    """Changes with the style's XML and with citeproc-py's release."""
    seed = ENTRY_FORMAT + b"/" + citeproc.__version__.encode() + b"/"
    return hashlib.sha256(seed + style_xml).hexdigest()


def bibliography_format_reusing(
    *,
    style_xml: bytes,
    style: str,
    locale: str,
    items: list[dict[str, Any]],
    known: Mapping[str, EntryCache],
) -> tuple[Bibliography, dict[str, EntryCache]]:
    """`bibliography_format`, byte for byte, reusing the `known` entries still valid.

    Returns the bibliography and what was formatted anew (by item id), to keep."""
    if locale not in LOCALES:
        raise Invalid(f"Unknown locale {locale!r}: use one of {', '.join(LOCALES)}.")
    run = _Reuse(style_xml, locale, [_citeable(item) for item in items], known)
    if len(set(run.keys)) != len(run.keys):  # citeproc-py would list a repeated id once
        return bibliography_format(style_xml=style_xml, style=style, locale=locale,
                                   items=items), {}  # fmt: skip
    entries_html = [entry_clean(e) for e in run.entries()]
    plain = [entry_text(e) for e in entries_html]
    return Bibliography(style, locale, entries_html, plain), run.fresh


class _Reuse:
    """One bibliography: citeproc-py runs only for the items without a valid entry."""

    def __init__(self, xml: bytes, locale: str, citeable: list[dict[str, Any]],
                 known: Mapping[str, EntryCache]) -> None:  # fmt: skip
        self.xml, self.locale, self.citeable = xml, locale, citeable
        self.ids = [str(item["id"]) for item in citeable]
        self.keys = [i.lower() for i in self.ids]  # citeproc-py's own keys
        self.digests = [_digest(item) for item in citeable]
        self.known = [_valid(known.get(i), d) for i, d in zip(self.ids, self.digests, strict=True)]
        self.numbered = b"citation-number" in xml
        self.sort_keys: list[list[Any] | None] = [None] * len(citeable)
        self.fresh: dict[str, EntryCache] = {}
        self._style: CitationStylesStyle | None = None

    def style(self) -> CitationStylesStyle:
        if self._style is None:
            self._style = style_load(self.xml, self.locale)
        return self._style

    def entries(self) -> list[str]:
        if not self.citeable:
            return []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # citeproc-py warns about variables it ignores
            order = self.order()
            return [e for e in self.render(order) if e is not None]

    def order(self) -> list[int]:
        """The items' places in the bibliography, sorted as citeproc-py's `Sort.sort`."""
        descending = _sort_directions(self.xml)
        indices = list(range(len(self.citeable)))
        if descending is None:
            return indices
        for i, cached in enumerate(self.known):
            if cached and cached.sort_keys is not None and self._same_place(cached, i, True):
                self.sort_keys[i] = cached.sort_keys
        missing = [i for i in indices if self.sort_keys[i] is None]
        if missing:
            self._compute_sort_keys(missing)
        keys = self.sort_keys

        def compare(left: int, right: int) -> int:
            return _compare(keys[left] or [], keys[right] or [], descending)

        return sorted(indices, key=cmp_to_key(compare))

    def _compute_sort_keys(self, missing: list[int]) -> None:
        # Sorting is done on plain text: with HTML, "<i>Title</i>" sorts before every name.
        bibliography = self._bibliography(missing, formatter.plain, self.keys)
        root = self.style().root
        layout = root.bibliography.layout
        sort = root.bibliography.find("cs:sort", NS)
        columns = [key.sort_keys(bibliography.items, layout) for key in sort.findall("cs:key", NS)]
        for row, i in enumerate(missing):
            self.sort_keys[i] = [_lowered(column[row]) for column in columns]
            self._keep(i, sort_keys=self.sort_keys[i], registered_at=i)

    def render(self, order: list[int]) -> list[str | None]:
        entries: dict[int, str | None] = {}
        missing: dict[int, int] = {}  # item -> place
        for place, i in enumerate(order):
            cached = self.known[i]
            if cached is not None and self._same_place(cached, place, False):
                entries[i] = cached.html
            else:
                missing[i] = place
        if missing:
            keys = [self.keys[i] for i in order]
            bibliography = self._bibliography(list(missing), formatter.html, keys)
            layout = self.style().root.bibliography.layout
            for (i, place), item in zip(missing.items(), bibliography.items, strict=True):
                rendered = layout.render_bibliography([item])
                entries[i] = str(rendered[0]) if rendered else None
                self._keep(i, html=entries[i], position=place)
        return [entries[i] for i in order]

    def _bibliography(self, indices: list[int], out: Any, keys: list[str]) -> Any:
        source = CiteProcJSON([self.citeable[i] for i in indices])
        bibliography = CitationStylesBibliography(self.style(), source, out)
        for i in indices:
            bibliography.register(Citation([CitationItem(self.ids[i])]))
        bibliography.keys = keys  # the whole list: an item's number is its place in it
        return bibliography

    def _same_place(self, cached: EntryCache, place: int, sorting: bool) -> bool:
        if not self.numbered:
            return True
        return (cached.registered_at if sorting else cached.position) == place

    def _keep(self, i: int, **made: Any) -> None:
        entry = self.fresh.get(self.ids[i])
        if entry is None:
            cached = self.known[i]
            entry = EntryCache(self.digests[i], None, i, None, 0)
            if cached is not None:
                entry.sort_keys, entry.registered_at = cached.sort_keys, cached.registered_at
                entry.html, entry.position = cached.html, cached.position
            self.fresh[self.ids[i]] = entry
        for name, value in made.items():
            setattr(entry, name, value)
        if not _storable(entry.sort_keys):
            entry.sort_keys = None


def _digest(citeable: dict[str, Any]) -> str:
    data = json.dumps(citeable, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _valid(cached: EntryCache | None, digest: str) -> EntryCache | None:
    return cached if cached is not None and cached.digest == digest else None


def _sort_directions(xml: bytes) -> list[bool] | None:
    """Whether each key of the bibliography's sort is descending; None without a sort."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    root = etree.fromstring(xml, parser)
    bibliography = root.find("cs:bibliography", NS)
    sort = bibliography.find("cs:sort", NS) if bibliography is not None else None
    if sort is None:
        return None
    return [k.get("sort", "ascending").lower() == "descending" for k in sort.findall("cs:key", NS)]


def _lowered(key: Any) -> Any:
    """A sort key as citeproc-py's comparison first turns it (lower case, when it can)."""
    if key is None:
        return None
    try:
        return str(key.lower())
    except AttributeError:
        return key


def _compare(left_keys: list[Any], right_keys: list[Any], descending: list[bool]) -> int:
    """citeproc-py's comparison: numbers as numbers, missing keys last, key by key."""
    for left, right, desc in zip(left_keys, right_keys, descending, strict=False):
        if left is not None and right is not None:
            with contextlib.suppress(ValueError):
                left, right = int(str(left)), int(str(right))
            result = (left > right) - (left < right)
            if result:
                return -result if desc else result
        elif left is not None:
            return -1
        elif right is not None:
            return 1
    return 0


def _storable(keys: list[Any] | None) -> bool:
    """JSON gives these back as they were (PostgreSQL refuses NUL characters)."""
    if keys is None:
        return False
    for key in keys:
        if isinstance(key, str) and "\x00" in key:
            return False
        if key is not None and type(key) not in (str, int, float):
            return False
    return True
