"""A pad as an OpenDocument Text file (ODF 1.3), written by hand: a zip holding the
`mimetype` (first, uncompressed), a manifest, `meta.xml`, `styles.xml` and `content.xml`.
Authorship is kept as spans whose automatic style gives each person's background colour."""

import io
import zipfile
from typing import TYPE_CHECKING, Any

from lxml import etree

from ruche.realtime.richtext import Node, node_text, safe_href

if TYPE_CHECKING:
    from ruche.pads.exports import ExportContext, Piece

MIMETYPE = "application/vnd.oasis.opendocument.text"
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
}
MARK_STYLES = {
    "bold": {"fo:font-weight": "bold"},
    "italic": {"fo:font-style": "italic"},
    "strike": {"style:text-line-through-style": "solid"},
    "underline": {"style:text-underline-style": "solid"},
    "code": {"style:font-name": "Monospace"},
}
MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3"
  manifest:media-type="{MIMETYPE}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def tint(colour: str, keep: float = 0.25) -> str:
    """A light version of `colour` (ODF wants an opaque #rrggbb background)."""
    try:
        channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    except ValueError:
        channels = [107, 93, 79]
    mixed = [round(255 - (255 - c) * keep) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def el(parent: Any, name: str, attrs: dict[str, str] | None = None, text: str = "") -> Any:
    element = etree.SubElement(parent, q(name), {q(k): v for k, v in (attrs or {}).items()})
    if text:
        element.text = text
    return element


def odt_render(
    tree: list[Node], context: "ExportContext", split: dict[int, list["Piece"]]
) -> bytes:
    """The .odt file's bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        for name, body in (
            ("META-INF/manifest.xml", MANIFEST.encode()),
            ("meta.xml", _meta(context)),
            ("styles.xml", _styles()),
            ("content.xml", _content(tree, context, split)),
        ):
            archive.writestr(name, body, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _document(root_name: str) -> Any:
    root = etree.Element(q(f"office:{root_name}"), nsmap=NS)
    root.set(q("office:version"), "1.3")
    return root


def _serialise(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _meta(context: "ExportContext") -> bytes:
    root = _document("document-meta")
    meta = el(root, "office:meta")
    el(meta, "meta:generator", text="Ruche")
    el(meta, "dc:title", text=context.title)
    el(meta, "dc:creator", text=", ".join(a["name"] for a in context.authors))
    el(meta, "dc:date", text=context.date.strftime("%Y-%m-%dT%H:%M:%S"))
    el(meta, "meta:user-defined", {"meta:name": "Licence"}, text=context.licence[0])
    return _serialise(root)


def _styles() -> bytes:
    root = _document("document-styles")
    styles = el(root, "office:styles")
    default = el(styles, "style:default-style", {"style:family": "paragraph"})
    el(default, "style:text-properties", {"fo:font-size": "11pt"})
    for level, size in enumerate(["20pt", "16pt", "14pt", "12pt", "11pt", "11pt"], start=1):
        style = el(
            styles,
            "style:style",
            {
                "style:name": f"Heading_20_{level}",
                "style:display-name": f"Heading {level}",
                "style:family": "paragraph",
                "style:default-outline-level": str(level),
            },
        )
        el(style, "style:paragraph-properties", {"fo:margin-top": "0.4cm"})
        el(style, "style:text-properties", {"fo:font-size": size, "fo:font-weight": "bold"})
    quote = el(styles, "style:style", {"style:name": "Quotations", "style:family": "paragraph"})
    el(quote, "style:paragraph-properties", {"fo:margin-left": "1cm"})
    el(quote, "style:text-properties", {"fo:font-style": "italic"})
    return _serialise(root)


def _content(tree: list[Node], context: "ExportContext", split: dict[int, list["Piece"]]) -> bytes:
    root = _document("document-content")
    automatic = el(root, "office:automatic-styles")
    for mark, props in MARK_STYLES.items():
        style = el(automatic, "style:style", {"style:name": f"M_{mark}", "style:family": "text"})
        el(style, "style:text-properties", props)
    for person in context.people.values():
        name = f"A_{person['slot']}"
        style = el(automatic, "style:style", {"style:name": name, "style:family": "text"})
        el(style, "style:text-properties", {"fo:background-color": tint(person["colour"])})
    _list_styles(automatic)
    text = el(el(root, "office:body"), "office:text")
    el(text, "text:h", {"text:outline-level": "1"}, text=context.title)
    section = None
    for node in tree:
        parent = text
        if (node.get("attrs") or {}).get("credits"):  # ruche.credits: kept apart, not re-imported
            if section is None:
                section = el(text, "text:section", {"text:name": "RucheCredits"})
            parent = section
        _block(parent, node, context, split)
    return _serialise(root)


def _list_styles(automatic: Any) -> None:
    for name, numbered in (("L_bullet", False), ("L_number", True)):
        style = el(automatic, "text:list-style", {"style:name": name})
        for level in range(1, 6):
            attrs = {"text:level": str(level)}
            if numbered:
                attrs |= {"style:num-format": "1", "style:num-suffix": "."}
                item = el(style, "text:list-level-style-number", attrs)
            else:
                item = el(style, "text:list-level-style-bullet", attrs | {"text:bullet-char": "•"})
            props = el(item, "style:list-level-properties")
            props.set(q("text:space-before"), f"{0.6 * (level - 1):.1f}cm")
            props.set(q("text:min-label-width"), "0.6cm")


def _block(
    parent: Any, node: Node, context: "ExportContext", split: dict[int, list["Piece"]]
) -> None:
    kind, content = node.get("type"), node.get("content") or []
    if kind == "heading":
        level = int((node.get("attrs") or {}).get("level", 1)) + 1
        target = el(parent, "text:h", {"text:outline-level": str(min(level, 6))})
        target.set(q("text:style-name"), f"Heading_20_{min(level, 6)}")
        _inline(target, split.get(id(node), []), context)
    elif kind in {"bulletList", "orderedList"}:
        style = "L_number" if kind == "orderedList" else "L_bullet"
        listing = el(parent, "text:list", {"text:style-name": style})
        for item in content:
            entry = el(listing, "text:list-item")
            for child in item.get("content") or []:
                _block(entry, child, context, split)
    elif kind == "blockquote":
        for child in content:
            _quoted(parent, child, context, split)
    elif kind == "table":
        _table(parent, node, context, split)
    elif kind == "codeBlock":
        el(parent, "text:p", {"text:style-name": "Quotations"}, text=node_text(node))
    elif kind == "horizontalRule":
        el(parent, "text:p", text="—")
    elif id(node) in split:
        _inline(el(parent, "text:p"), split[id(node)], context)
    else:
        for child in content:
            _block(parent, child, context, split)


def _quoted(
    parent: Any, node: Node, context: "ExportContext", split: dict[int, list["Piece"]]
) -> None:
    if id(node) in split and node.get("type") == "paragraph":
        paragraph = el(parent, "text:p", {"text:style-name": "Quotations"})
        _inline(paragraph, split[id(node)], context)
    else:
        _block(parent, node, context, split)


def _table(
    parent: Any, node: Node, context: "ExportContext", split: dict[int, list["Piece"]]
) -> None:
    rows = node.get("content") or []
    width = max((len(row.get("content") or []) for row in rows), default=1)
    table = el(parent, "table:table", {"table:name": f"Table{id(node) % 10000}"})
    el(table, "table:table-column", {"table:number-columns-repeated": str(width)})
    for row in rows:
        line = el(table, "table:table-row")
        for cell in row.get("content") or []:
            box = el(line, "table:table-cell", {"office:value-type": "string"})
            for child in cell.get("content") or []:
                _block(box, child, context, split)


def _inline(target: Any, parts: list["Piece"], context: "ExportContext") -> None:
    for piece in parts:
        holder = target
        person = context.people.get(piece.author) if context.attributed is not None else None
        if person is not None:
            holder = el(holder, "text:span", {"text:style-name": f"A_{person['slot']}"})
        for mark in piece.marks:
            kind = mark.get("type")
            if kind == "link":
                if href := safe_href(mark):
                    holder = el(holder, "text:a", {"xlink:type": "simple", "xlink:href": href})
            elif kind in MARK_STYLES:
                holder = el(holder, "text:span", {"text:style-name": f"M_{kind}"})
        if piece.text == "\n" and not piece.marks:
            el(holder, "text:line-break")
        else:
            _append_text(holder, piece.text)


def _append_text(holder: Any, text: str) -> None:
    if len(holder):
        last = holder[-1]
        last.tail = (last.tail or "") + text
    else:
        holder.text = (holder.text or "") + text
