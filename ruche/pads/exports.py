"""A pad's text as a file: plain text, Markdown, HTML, PDF and OpenDocument.

Every format is rendered from the rich-text tree (ruche.realtime.richtext). HTML and ODT
can keep authorship: each run of text written by one person becomes a coloured span that
names them. The HTML is sanitised with nh3 before it leaves, whatever the pad holds.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Any

import nh3

from ruche.core.pdf import html_to_pdf
from ruche.pads.odt import odt_render
from ruche.realtime.history import AttributedDoc, Segment
from ruche.realtime.richtext import Node, citations, node_text, safe_href, textblocks

LICENCE = "CC BY-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
FORMATS = {
    "txt": ("text/plain; charset=utf-8", "txt"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
    "odt": ("application/vnd.oasis.opendocument.text", "odt"),
}


@dataclass
class ExportContext:
    """What the credits say, and who wrote what when authorship is asked for."""

    title: str
    space: str
    authors: list[dict[str, Any]]
    date: datetime
    attributed: AttributedDoc | None = None
    language: str = "en"
    people: dict[Any, dict[str, Any]] = field(default_factory=dict)
    # The work's licence (name, address) and its credits (ruche.credits), which every
    # format renders after the content.
    licence: tuple[str, str] = (LICENCE, LICENCE_URL)
    closing: list[Node] = field(default_factory=list)
    # The space whose library the document's citations come from (None: every citation
    # renders as missing). Only that library is read (ruche.library.cite).
    library_space: Any = None


@dataclass
class Piece:
    text: str
    marks: list[Node]
    author: Any = None


def export_render(fmt: str, tree: list[Node], context: ExportContext) -> bytes:
    """The file's bytes in format `fmt` (one of FORMATS)."""
    tree = with_citations(tree, context, bibliography=True)  # references before the credits
    tree = [*tree, *context.closing]
    renderers = {
        "txt": lambda: (context.title + "\n\n" + _plain_text(tree) + "\n").encode(),
        "md": lambda: markdown_render(tree, context).encode(),
        "html": lambda: html_render(tree, context).encode(),
        "pdf": lambda: pdf_render(tree, context),
        "odt": lambda: odt_render(tree, context, pieces(tree, context)),
    }
    return renderers[fmt]()


# ---------- citations ----------


def with_citations(tree: list[Node], context: ExportContext, *, bibliography: bool) -> list[Node]:
    """The tree with its citations formatted in the space's style and, if asked, the
    bibliography appended (ruche.library.cite); the same tree when nothing is cited or
    the citations are formatted already."""
    if all("rendered" in node for node in citations(tree)):
        return tree
    from ruche.library.cite import tree_resolve  # the library depends on realtime, not pads

    return tree_resolve(
        tree, space=context.library_space, language=context.language, bibliography=bibliography
    )


def _citation_text(node: Node) -> str:
    return str((node.get("rendered") or {}).get("text", ""))


def _plain_text(tree: list[Node]) -> str:
    """Plain text, one line per text block, citations as formatted."""

    def inline(node: Node) -> str:
        if node.get("type") == "citation":
            return _citation_text(node)
        return node_text(node) if node.get("type") == "text" else "".join(
            inline(child) for child in node.get("content") or []
        )  # fmt: skip

    return "\n".join(inline(block) for block in textblocks(tree))


def pieces(tree: list[Node], context: ExportContext) -> dict[int, list[Piece]]:
    """For each text block (by id of its node), its text split by marks and by author."""
    blocks = list(textblocks(tree))
    attributed = context.attributed.blocks if context.attributed else []
    result: dict[int, list[Piece]] = {}
    for index, block in enumerate(blocks):
        segments = attributed[index] if index < len(attributed) else []
        if segments and "".join(s.text for s in segments) != node_text(block):
            segments = []  # the log and the state disagree: better no authorship than wrong
        result[id(block)] = list(_split(block.get("content") or [], segments))
    return result


def _split(inline: list[Node], segments: list[Segment]) -> Iterator[Piece]:
    owners = [s.author for s in segments for _ in s.text]
    offset = 0
    for node in inline:
        if node.get("type") == "citation":
            title = (node.get("rendered") or {}).get("title", "")
            yield Piece(_citation_text(node), [{"type": "citation", "attrs": {"title": title}}])
            continue
        if node.get("type") != "text":
            yield Piece("\n" if node.get("type") == "hardBreak" else "", [])
            continue
        text, marks = node["text"], node.get("marks") or []
        start = 0
        for i in range(1, len(text) + 1):
            here = owners[offset + start] if owners else None
            if i == len(text) or (owners and owners[offset + i] != here):
                yield Piece(text[start:i], marks, here)
                start = i
        offset += len(text)


# ---------- Markdown ----------


def markdown_render(tree: list[Node], context: ExportContext) -> str:
    body = "\n\n".join(_md_block(node, context) for node in tree).strip()
    return f"# {_md_escape(context.title)}\n\n{body}\n"


def _md_block(node: Node, context: ExportContext, depth: int = 0) -> str:
    kind, content = node.get("type"), node.get("content") or []
    if kind == "heading":
        level = int((node.get("attrs") or {}).get("level", 1))
        return "#" * min(level + 1, 6) + " " + _md_inline(content)
    if kind in {"bulletList", "orderedList"}:
        return "\n".join(_md_list_item(item, kind, n, context, depth) for n, item in _items(node))
    if kind == "blockquote":
        inner = "\n\n".join(_md_block(child, context) for child in content)
        return "\n".join("> " + line if line else ">" for line in inner.splitlines())
    if kind == "codeBlock":
        return "```\n" + node_text(node) + "\n```"
    if kind == "horizontalRule":
        return "---"
    if kind == "table":
        return _md_table(node)
    return _md_inline(content)


def _items(node: Node) -> Iterator[tuple[int, Node]]:
    start = int((node.get("attrs") or {}).get("start", 1) or 1)
    for n, item in enumerate(node.get("content") or []):
        yield start + n, item


def _md_list_item(item: Node, kind: Any, n: int, context: ExportContext, depth: int) -> str:
    bullet = f"{n}. " if kind == "orderedList" else "- "
    pad = "  " * depth
    lines = []
    for i, child in enumerate(item.get("content") or []):
        if child.get("type") in {"bulletList", "orderedList"}:
            lines.append(_md_block(child, context, depth + 1))
        else:
            prefix = pad + bullet if i == 0 else pad + " " * len(bullet)
            lines.append(prefix + _md_block(child, context, depth))
    return "\n".join(lines)


def _md_table(node: Node) -> str:
    rows = [
        [_md_inline_cell(cell).replace("|", "\\|") for cell in row.get("content") or []]
        for row in node.get("content") or []
    ]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def _md_inline_cell(cell: Node) -> str:
    return " ".join(_md_inline(block.get("content") or []) for block in cell.get("content") or [])


def _md_inline(content: list[Node]) -> str:
    out = []
    for node in content:
        if node.get("type") == "hardBreak":
            out.append("  \n")
            continue
        if node.get("type") == "citation":
            out.append(_md_escape(_citation_text(node)))
            continue
        raw = node.get("text", "")
        core = raw.strip()
        if not core:
            out.append(raw)
            continue
        text = _md_escape(core)
        for mark in node.get("marks") or []:
            text = _md_mark(text, mark)
        # emphasis may not start or end with a space in Markdown: keep spaces outside
        out.append(raw[: len(raw) - len(raw.lstrip())] + text + raw[len(raw.rstrip()) :])
    return "".join(out)


def _md_mark(text: str, mark: Node) -> str:
    wrappers = {"bold": "**", "italic": "*", "strike": "~~", "code": "`"}
    kind = mark.get("type")
    if kind in wrappers:
        return f"{wrappers[kind]}{text}{wrappers[kind]}"
    if kind == "link":
        href = safe_href(mark)
        return f"[{text}]({href.replace(')', '%29')})" if href else text
    return text


def _html_href(mark: Node) -> str:
    """A web or mail address, or a path on this site; never javascript: or data:."""
    href = str((mark.get("attrs") or {}).get("href", "")).strip()
    if href.startswith(("/", "#")):
        return href
    return safe_href(mark)


def _md_escape(text: str) -> str:
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


# ---------- HTML ----------

HTML_TAGS = {"bold": "strong", "italic": "em", "strike": "s", "code": "code", "underline": "u"}
ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "blockquote", "pre", "code",
    "hr", "br", "table", "tbody", "tr", "td", "th", "strong", "em", "s", "u", "a", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "span": {"class", "data-author", "title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}


def html_body(tree: list[Node], context: ExportContext) -> str:
    """The pad's content as sanitised HTML (no document shell)."""
    tree = with_citations(tree, context, bibliography=False)
    split = pieces(tree, context)
    raw = "".join(_html_block(node, split, context) for node in tree)
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _html_block(node: Node, split: dict[int, list[Piece]], context: ExportContext) -> str:
    kind, content = node.get("type"), node.get("content") or []
    inner = "".join(_html_block(child, split, context) for child in content)
    if id(node) in split:
        inner = "".join(_html_piece(piece, context) for piece in split[id(node)])
    attrs = node.get("attrs") or {}
    simple = {
        "paragraph": "p", "blockquote": "blockquote", "bulletList": "ul", "listItem": "li",
        "table": "table", "tableRow": "tr", "tableCell": "td", "tableHeader": "th",
    }  # fmt: skip
    if kind == "heading":
        level = min(int(attrs.get("level", 1)) + 1, 6)
        return f"<h{level}>{inner}</h{level}>"
    if kind == "orderedList":
        return f'<ol start="{int(attrs.get("start", 1) or 1)}">{inner}</ol>'
    if kind == "codeBlock":
        return f"<pre><code>{escape(node_text(node))}</code></pre>"
    if kind == "horizontalRule":
        return "<hr>"
    if kind == "table":
        return f"<table><tbody>{inner}</tbody></table>"
    tag = simple.get(str(kind), "div")
    return f"<{tag}>{inner}</{tag}>"


def _html_piece(piece: Piece, context: ExportContext) -> str:
    if piece.text == "\n" and not piece.marks:
        return "<br>"
    html = escape(piece.text)
    for mark in piece.marks:
        kind = mark.get("type")
        if kind == "link":
            href = _html_href(mark)
            html = f'<a href="{escape(href, quote=True)}">{html}</a>' if href else html
        elif kind in HTML_TAGS:
            html = f"<{HTML_TAGS[kind]}>{html}</{HTML_TAGS[kind]}>"
        elif kind == "citation":
            title = escape(str((mark.get("attrs") or {}).get("title", "")), quote=True)
            html = f'<span class="citation" title="{title}">{html}</span>'
    if context.attributed is None:
        return html
    person = context.people.get(piece.author)
    if person is None:
        return html
    name = escape(person["name"], quote=True)
    return (
        f'<span class="author author-{person["slot"]}" data-author="{person["id"] or ""}" '
        f'title="{name}">{html}</span>'
    )


def html_render(tree: list[Node], context: ExportContext) -> str:
    """A standalone HTML document with credits (title, space, authors, date, licence)."""
    body = html_body(tree, context)
    names = ", ".join(escape(a["name"]) for a in context.authors)
    author_css = "".join(
        f".author-{p['slot']}{{background:{p['colour']}26;border-bottom:2px solid {p['colour']}}}"
        for p in context.people.values()
    )
    legend = ""
    if context.attributed is not None:
        legend = "<ul class='legend'>" + "".join(
            f'<li><span class="author author-{p["slot"]}">{escape(p["name"])}</span></li>'
            for p in context.people.values()
        ) + "</ul>"  # fmt: skip
    return f"""<!doctype html>
<html lang="{escape(context.language)}"><head><meta charset="utf-8">
<title>{escape(context.title)}</title>
<meta name="generator" content="Ruche">
<style>
body{{font-family:"DejaVu Serif",Georgia,serif;max-width:42rem;margin:2rem auto;padding:0 1rem;
line-height:1.55;color:#2b2118}}
h1{{font-size:1.9rem;margin-bottom:.2rem}}
table{{border-collapse:collapse}}td,th{{border:1px solid #c9b99f;padding:.3rem .5rem;
vertical-align:top;text-align:left}}td p,th p{{margin:0}}th{{background:#f4eee3}}
blockquote{{border-left:3px solid #f2b33d;margin-left:0;padding-left:1rem;color:#5c4a3a}}
.credits{{color:#6b5d4f;font-size:.9rem;border-bottom:1px solid #e3d8c6;padding-bottom:.8rem}}
.legend{{list-style:none;padding:0;display:flex;gap:.6rem;flex-wrap:wrap}}
a{{color:#8a4b00}}
footer{{margin-top:2rem;border-top:1px solid #e3d8c6;color:#6b5d4f;font-size:.85rem}}
{author_css}
</style></head>
<body>
<header><h1>{escape(context.title)}</h1>
<p class="credits">{escape(context.space)} · {names} · {context.date:%Y-%m-%d}</p>{legend}
</header>
<main>{body}</main>
<footer><p>{names}, <cite>{escape(context.title)}</cite>, {context.date:%Y}.
Licence {_licence_html(context)}.</p></footer>
</body></html>
"""


def _licence_html(context: ExportContext) -> str:
    name, url = context.licence
    if not url:
        return escape(name)
    return f'<a href="{escape(url, quote=True)}" rel="license">{escape(name)}</a>'


def pdf_render(tree: list[Node], context: ExportContext) -> bytes:
    return html_to_pdf(html_render(tree, context))
