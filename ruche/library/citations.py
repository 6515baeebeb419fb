"""Formatted bibliographies with CSL styles (citeproc-py).

Six styles ship in ruche/library/csl/ (from the Citation Style Language project, CC BY-SA
3.0, licence headers kept); facilitators may upload more per library. Locales come with
citeproc-py.
"""

import html
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.model import CitationStylesElement
from citeproc.source.json import CiteProcJSON
from lxml import etree

from ruche.core.errors import Invalid, TooLarge
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
    entries_html = _format(style_xml, locale, items, formatter.html)
    return Bibliography(style, locale, entries_html, [_plain(e) for e in entries_html])


def _plain(entry_html: str) -> str:
    """The text of one formatted entry (formatting once, not twice, halves the time)."""
    return html.unescape(re.sub(r"<[^>]+>", "", entry_html))


def _cached_get_macro(self: Any, name: str) -> Any:
    """citeproc-py looks each macro up by XPath at every use; a style keeps them here."""
    root = self.get_root()
    cache = getattr(root, "_ruche_macros", None)
    if cache is None:
        cache = {}
        root._ruche_macros = cache
    if name not in cache:
        cache[name] = root.xpath_search(f"cs:macro[@name='{name}'][1]")[0]
    return cache[name]


CitationStylesElement.get_macro = _cached_get_macro


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
