"""A board as a picture: an SVG image and a PDF, drawn from the viewer's `board_document`
so that hidden cards, anonymity and dot counts hold exactly as on the page.

Cards are drawn in sections: the board's columns in column layout, its clusters otherwise
(free placement has no positions worth keeping on paper). The SVG lays itself out (fixed
card width, text wrapped by an estimate of the glyph width); the PDF is the same sections as
HTML through WeasyPrint, which wraps text properly.
"""

import re
import textwrap
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ruche.core.pdf import html_to_pdf

CARD_WIDTH, CARD_GAP, MARGIN, LINE_HEIGHT = 220, 14, 24, 17
CHARS_PER_LINE, MAX_LINES = 27, 10
TITLE_HEIGHT, SECTION_HEADING, CARD_PADDING = 56, 34, 10
DEFAULT_COLOUR = "#fff8c4"
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass
class Section:
    title: str
    cards: list[dict[str, Any]] = field(default_factory=list)


def board_sections(document: dict[str, Any]) -> list[Section]:
    """The cards grouped as the board shows them; empty sections are left out."""
    clusters = {c["id"]: c["title"] for c in document["clusters"]}
    if document["layout"] == "columns" and document["columns"]:
        sections = {name: Section(name) for name in document["columns"]}
        other = Section(_("Other cards"))
        for card in document["cards"]:
            sections.get(card["column"], other).cards.append(card)
        ordered = [*sections.values(), other]
    else:
        by_cluster = {cid: Section(title) for cid, title in clusters.items()}
        loose = Section(_("Not clustered"))
        for card in document["cards"]:
            by_cluster.get(card["cluster_id"] or "", loose).cards.append(card)
        ordered = [*by_cluster.values(), loose]
    return [s for s in ordered if s.cards]


def card_lines(text: str) -> list[str]:
    """The card's text wrapped for the SVG, cut with an ellipsis past MAX_LINES."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, CHARS_PER_LINE, break_long_words=True) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: CHARS_PER_LINE - 1] + "…"
    return lines


def _card_footer(card: dict[str, Any], clusters: dict[str, str]) -> str:
    parts = []
    if card.get("author"):
        parts.append(card["author"])
    if card.get("dots") is not None:
        count = card["dots"]
        parts.append(ngettext("%(count)s dot", "%(count)s dots", count) % {"count": count})
    if card.get("cluster_id") and clusters.get(card["cluster_id"]):
        parts.append(clusters[card["cluster_id"]])
    return " · ".join(parts)


def _colour(card: dict[str, Any]) -> str:
    colour = card.get("colour") or ""
    # The model keeps "#rrggbb" only; anything else falls back rather than reach the SVG.
    return colour if HEX_COLOUR.fullmatch(colour) else DEFAULT_COLOUR


def _svg_card(card: dict[str, Any], x: int, y: int, clusters: dict[str, str]) -> tuple[str, int]:
    lines = card_lines(card["text"])
    footer = _card_footer(card, clusters)
    height = CARD_PADDING * 2 + LINE_HEIGHT * (len(lines) + (1 if footer else 0))
    text = "".join(
        f'<tspan x="{x + CARD_PADDING}" dy="{LINE_HEIGHT if i else 0}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    parts = [
        f'<rect x="{x}" y="{y}" width="{CARD_WIDTH}" height="{height}" rx="6" '
        f'fill="{_colour(card)}" stroke="#8a8a80"/>',
        f'<text x="{x + CARD_PADDING}" y="{y + CARD_PADDING + 13}" class="card">{text}</text>',
    ]
    if footer:
        footer_y = y + height - CARD_PADDING - 4
        parts.append(
            f'<text x="{x + CARD_PADDING}" y="{footer_y}" class="meta">'
            f"{escape(footer[: CHARS_PER_LINE + 8])}</text>"
        )
    return "".join(parts), height


def board_svg(document: dict[str, Any], credits: list[str] | None = None) -> str:
    """The board as a standalone SVG image, one column of cards per section, then the
    credit lines (`ruche.credits`: statement, licence, citation) under the cards."""
    clusters = {c["id"]: c["title"] for c in document["clusters"]}
    sections = board_sections(document)
    body: list[str] = []
    bottom = TITLE_HEIGHT
    for index, section in enumerate(sections):
        x = MARGIN + index * (CARD_WIDTH + CARD_GAP)
        body.append(
            f'<text x="{x}" y="{TITLE_HEIGHT + 20}" class="section">'
            f"{escape(section.title[:CHARS_PER_LINE])}</text>"
        )
        y = TITLE_HEIGHT + SECTION_HEADING
        for card in section.cards:
            drawn, height = _svg_card(card, x, y, clusters)
            body.append(drawn)
            y += height + CARD_GAP
        bottom = max(bottom, y)
    if not sections:
        empty = escape(_("No cards."))
        body.append(f'<text x="{MARGIN}" y="{TITLE_HEIGHT + 20}" class="meta">{empty}</text>')
        bottom += 40
    width = max(MARGIN * 2 + max(len(sections), 1) * (CARD_WIDTH + CARD_GAP), 480)
    wrap_at = max(60, (width - 2 * MARGIN) // 6)
    for line in _credit_lines(document, credits):
        for part in textwrap.wrap(line, wrap_at) or [""]:
            bottom += 16
            body.append(f'<text x="{MARGIN}" y="{bottom}" class="meta">{escape(part)}</text>')
    if credits or document.get("credits"):
        bottom += 14
    height = bottom + MARGIN
    style = (
        "text{font-family:'DejaVu Sans',Arial,sans-serif;fill:#1a1a1a}"
        ".title{font-size:22px;font-weight:bold}.section{font-size:15px;font-weight:bold}"
        ".card{font-size:13px}.meta{font-size:11px;fill:#3a3a3a}"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(document["title"])}">'
        f"<title>{escape(document['title'])}</title><style>{style}</style>"
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
        f'<text x="{MARGIN}" y="36" class="title">{escape(document["title"][:80])}</text>'
        + "".join(body)
        + "</svg>"
    )


def _credit_lines(document: dict[str, Any], credits: list[str] | None) -> list[str]:
    if credits:
        return credits
    if not document.get("credits"):
        return []
    return [_("Written together by: %(names)s") % {"names": ", ".join(document["credits"])}]


def board_pdf(document: dict[str, Any], credits: list[str] | None = None) -> bytes:
    """The board on A4 landscape pages: sections side by side, cards wrapped properly."""
    clusters = {c["id"]: c["title"] for c in document["clusters"]}
    sections = [
        {
            "title": section.title,
            "cards": [
                {**card, "colour": _colour(card), "footer": _card_footer(card, clusters)}
                for card in section.cards
            ],
        }
        for section in board_sections(document)
    ]
    html = render_to_string(
        "boards/board_print.html",
        {"board": document, "sections": sections, "credits": _credit_lines(document, credits)},
    )
    return html_to_pdf(html)
