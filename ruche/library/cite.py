"""Citations in documents (pads, wiki pages): in-text citations and their bibliography,
formatted from the space's own library in its CSL style (citeproc-py).

A document cites with inline `citation` nodes (ruche.realtime.richtext): a list of item ids
and an optional locator (a page). Only items of the document's own space library are ever
read: an id of another space's item, of a deleted or trashed item, or no id at all, renders
as "[missing reference]", never as an error. Callers pass the space through its gate first
(the library's, or the document's own, which follows the same space).
"""

import copy
import html
import re
import uuid
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON

from ruche.core.errors import Invalid
from ruche.library import selectors
from ruche.library.citations import LOCALES, _citeable, entry_clean, entry_text, style_load
from ruche.library.models import Item
from ruche.realtime.richtext import (
    MAX_CITED_ITEMS,
    Node,
    citation_items,
    citation_locator,
    citations,
)
from ruche.spaces.models import Space

# citeproc-py formats a citation in milliseconds to tens of them: bound one request (and
# one document's export) so that nobody can make a worker format for minutes.
MAX_CITATIONS = 300
MAX_CITED_REFERENCES = 600
# The words around citations follow the citation locale (the language of the bibliography).
MISSING = {"en-US": "[missing reference]", "fr-FR": "[référence manquante]"}
HEADING = {"en-US": "References", "fr-FR": "Bibliographie"}
# A numeric style's label ("[1]") sits in its own column in HTML: as text, add a space.
# citeproc-py does not escape the item's own text in HTML (a title may hold "<b>" or worse):
# every formatted string is cleaned down to the style's own emphasis before it leaves
# (citations.entry_clean, as for bibliographies).
NUMBER_LABEL = re.compile(r"^(\[\d+\]|\d+\.)(?=\S)")


@dataclass
class Cite:
    """One citation as a document holds it: item ids, and a locator for the last item."""

    items: list[str]
    locator: str = ""


@dataclass
class Formatted:
    text: str
    html: str
    missing: list[str] = field(default_factory=list)


@dataclass
class Reference:
    id: str
    text: str
    html: str


@dataclass
class CiteResult:
    style: str
    locale: str
    citations: list[Formatted]
    references: list[Reference]
    missing: list[str]

    def titles(self, cite: Cite) -> str:
        """The full references of one citation's items (for a tooltip)."""
        by_id = {r.id: r.text for r in self.references}
        return "\n".join(by_id.get(i, MISSING[self.locale]) for i in cite.items)


def locale_for(language: str) -> str:
    """The CSL locale for a language code: `fr`, `fr-fr`, `fr_FR` → `fr-FR`."""
    value = (language or "").replace("_", "-").strip()
    if value in LOCALES:
        return value
    base = value.split("-")[0].lower()
    for locale in LOCALES:
        if locale.split("-")[0] == base:
            return locale
    if not value:
        return "en-US"
    raise Invalid(f"Unknown locale {language!r}: use one of {', '.join(LOCALES)}.")


def citations_format(
    *, space: Space | None, cites: list[Cite], style: str = "", locale: str = "en-US"
) -> CiteResult:
    """Format the citations of one document, in order (numeric styles count them), and the
    bibliography of every item they cite, sorted as the style wants."""
    if len(cites) > MAX_CITATIONS:
        raise Invalid(f"At most {MAX_CITATIONS} citations at once.")
    if sum(len(cite.items) for cite in cites) > MAX_CITED_REFERENCES:
        raise Invalid(f"At most {MAX_CITED_REFERENCES} cited references at once.")
    locale = locale_for(locale)
    found = _items(space, [i for cite in cites for i in cite.items])
    if space is not None:
        style = style or selectors.library_style(space=space)
        xml = selectors.style_xml(space=space, slug=style)
    else:
        style, xml = "", b""
    missing_word = MISSING[locale]
    if not found:
        formatted = [_all_missing(c, missing_word) for c in cites]
        return CiteResult(
            style, locale, formatted, [], sorted({m for f in formatted for m in f.missing})
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about variables it ignores
        csl = style_load(xml, locale)
        bibliography = CitationStylesBibliography(
            csl, CiteProcJSON(list(found.values())), formatter.html
        )
        prepared = [_citation(cite, found) for cite in cites]
        for citation in prepared:
            if citation is not None:
                bibliography.register(citation)
        bibliography.sort()
        # The same items with the same locator read the same wherever they are cited.
        done: dict[tuple[tuple[str, ...], str], Formatted] = {}
        formatted = []
        for cite, citation in zip(cites, prepared, strict=True):
            key = (tuple(cite.items), cite.locator)
            if key not in done:
                done[key] = _formatted(cite, citation, bibliography, missing_word)
            formatted.append(done[key])
        entries = [entry_clean(str(entry)) for entry in bibliography.bibliography()]
    references = [
        Reference(key, NUMBER_LABEL.sub(r"\1 ", _plain(entry)), entry)
        for key, entry in zip(bibliography.keys, entries, strict=False)
    ]
    missing = sorted({m for f in formatted for m in f.missing})
    return CiteResult(style, locale, formatted, references, missing)


def _items(space: Space | None, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The citeable CSL data of the live items of this space's library, by lower-case id."""
    wanted = {found for found in map(_uuid, ids) if found is not None}
    if space is None or not wanted:
        return {}
    rows = Item.objects.filter(library__space=space, trashed_at__isnull=True, pk__in=wanted)
    return {str(pk): _citeable({**csl, "id": str(pk)}) for pk, csl in rows.values_list("id", "csl")}


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _key(item_id: str) -> str:
    found = _uuid(item_id)
    return str(found) if found else ""


def _citation(cite: Cite, found: dict[str, Any]) -> Citation | None:
    present = [_key(i) for i in cite.items if _key(i) in found]
    if not present:
        return None
    items = [CitationItem(key) for key in present]
    if cite.locator:
        items[-1] = CitationItem(present[-1], locator=Locator("page", cite.locator))
    return Citation(items)


def _formatted(
    cite: Cite, citation: Citation | None, bibliography: Any, missing_word: str
) -> Formatted:
    missing = [i for i in cite.items if citation is None or _key(i) not in
               {item.key for item in citation.cites}]  # fmt: skip
    if citation is None:
        return _all_missing(cite, missing_word)
    try:
        entry = entry_clean(str(bibliography.cite(citation, lambda _item: None)))
    except Exception:  # noqa: BLE001 - citeproc-py fails in many ways on odd data
        entry = html.escape(", ".join(c.key for c in citation.cites))
    if missing:
        entry = f"{entry} {html.escape(missing_word)}"
    return Formatted(_plain(entry), entry, missing)


def _all_missing(cite: Cite, missing_word: str) -> Formatted:
    return Formatted(missing_word, html.escape(missing_word), list(cite.items) or ["?"])


def _plain(entry_html: str) -> str:
    return entry_text(entry_html).strip()


# ---------- documents ----------


def tree_resolve(
    tree: list[Node], *, space: Space | None, language: str, bibliography: bool = True
) -> list[Node]:
    """A copy of `tree` whose citation nodes carry their formatted text (`rendered`: text,
    title) and, when asked and something is cited, the bibliography appended as a heading
    and one paragraph per reference. Unchanged (not copied) when nothing is cited."""
    nodes = list(citations(tree))
    if not nodes:
        return tree
    tree = copy.deepcopy(tree)
    nodes = list(citations(tree))
    cites = [Cite(citation_items(node), citation_locator(node)) for node in nodes]
    try:
        locale = locale_for(language)
    except Invalid:
        locale = "en-US"
    try:
        result = citations_format(space=space, cites=cites, locale=locale)
    except Invalid:  # the library's style is gone or unusable: an export still works, in APA
        result = citations_format(space=space, cites=cites, locale=locale, style="apa")
    for node, cite, formatted in zip(nodes, cites, result.citations, strict=True):
        node["rendered"] = {"text": formatted.text, "title": result.titles(cite)}
    if bibliography and result.references:
        tree.extend(bibliography_nodes(result))
    return tree


def bibliography_nodes(result: CiteResult) -> list[Node]:
    """The bibliography as rich-text nodes: a heading, then a paragraph per reference with
    the style's italics and bold kept as marks."""
    heading: Node = {"type": "heading", "attrs": {"level": 1},
                     "content": [{"type": "text", "text": HEADING[result.locale]}]}  # fmt: skip
    paragraphs: list[Node] = []
    for reference in result.references:
        content = _inline_nodes(reference.html)
        if content:
            content[0]["text"] = NUMBER_LABEL.sub(r"\1 ", content[0]["text"])
            paragraphs.append({"type": "paragraph", "content": content})
    return [heading, *paragraphs]


class _InlineParser(HTMLParser):
    MARKS = {"i": "italic", "em": "italic", "b": "bold", "strong": "bold"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[Node] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag)]

    def handle_data(self, data: str) -> None:
        if not data:
            return
        marks = sorted({self.MARKS[t] for t in self.open if t in self.MARKS})
        node: Node = {"type": "text", "text": data}
        if marks:
            node["marks"] = [{"type": m} for m in marks]
        previous = self.nodes[-1] if self.nodes else None
        if previous is not None and previous.get("marks") == node.get("marks"):
            previous["text"] += data
        else:
            self.nodes.append(node)


def _inline_nodes(entry_html: str) -> list[Node]:
    parser = _InlineParser()
    parser.feed(entry_html)
    parser.close()
    nodes = parser.nodes
    if nodes:
        nodes[0]["text"] = nodes[0]["text"].lstrip()
        nodes[-1]["text"] = nodes[-1]["text"].rstrip()
    return [n for n in nodes if n["text"]]


def cites_parse(body: Any) -> tuple[list[Cite], bool]:
    """The citations of an API body: `{"items": [...], "locator"}` (one citation) or
    `{"citations": [{"items", "locator"}, ...]}` (a document's, in order). Returns them and
    whether the body held one citation."""
    if not isinstance(body, dict):
        raise Invalid("The body must be a JSON object.")
    if "citations" in body:
        raw = body["citations"]
        if not isinstance(raw, list):
            raise Invalid("`citations` must be a list of {items, locator}.")
        if len(raw) > MAX_CITATIONS:
            raise Invalid(f"At most {MAX_CITATIONS} citations at once.")
        return [_cite_parse(entry) for entry in raw], False
    return [_cite_parse(body)], True


def _cite_parse(entry: Any) -> Cite:
    if not isinstance(entry, dict):
        raise Invalid("A citation must be an object {items, locator}.")
    items = entry.get("items")
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        raise Invalid("`items` must be a non-empty list of item ids.")
    if len(items) > MAX_CITED_ITEMS:
        raise Invalid(f"At most {MAX_CITED_ITEMS} items in one citation.")
    locator = entry.get("locator") or ""
    if not isinstance(locator, str | int) or isinstance(locator, bool):
        raise Invalid("`locator` must be text, e.g. a page: 12 or 12-15.")
    locator = str(locator).strip()
    if len(locator) > 40:
        raise Invalid("`locator` is at most 40 characters.")
    return Cite(list(dict.fromkeys(i.strip() for i in items)), locator)
