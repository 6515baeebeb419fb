"""OpenDocument (.odt) and Word (.docx) files into the rich-text tree.

Only the structure a pad can hold is kept: headings, paragraphs, lists, quotes, tables,
bold/italic/strike/underline and links. XML is parsed without DTDs, entities or network.
"""

import io
import zipfile
from typing import Any

from django.utils.translation import gettext as _
from lxml import etree

from ruche.core.errors import TooLarge
from ruche.realtime.richtext import Node

MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 2000
ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
}
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def zip_member(data: bytes, name: str, *, required: bool = True) -> bytes:
    """One member of an office archive, refusing archives that would inflate too far."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise TooLarge(_("This archive holds too many files."))
        if sum(member.file_size for member in members) > MAX_UNZIPPED_BYTES:
            raise TooLarge(_("This file would be too large once uncompressed."))
        if not required and name not in archive.namelist():
            return b""
        with archive.open(archive.getinfo(name)) as member:
            content = member.read(MAX_UNZIPPED_BYTES + 1)  # the header could lie
        if len(content) > MAX_UNZIPPED_BYTES:
            raise TooLarge(_("This file would be too large once uncompressed."))
        return content


def xml_parse(data: bytes) -> Any:
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise ValueError("XML with a DTD is not accepted")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    return etree.fromstring(data, parser)


def _text_node(text: str, marks: list[Node]) -> Node:
    node: Node = {"type": "text", "text": text}
    if marks:
        node["marks"] = [dict(m) for m in marks]
    return node


def _block(kind: str, content: list[Node], attrs: dict[str, Any] | None = None) -> Node:
    node: Node = {"type": kind}
    if attrs:
        node["attrs"] = attrs
    if content:
        node["content"] = content
    return node


def _item_content(blocks: list[Node]) -> list[Node]:
    """A list item starts with a paragraph (the editor's schema)."""
    if not blocks or blocks[0].get("type") != "paragraph":
        return [{"type": "paragraph"}, *blocks]
    return blocks


# ---------- OpenDocument ----------


def odt_read(data: bytes) -> list[Node]:
    root = xml_parse(zip_member(data, "content.xml"))
    reader = OdtReader(root)
    body = root.find("office:body/office:text", ODF)
    return reader.blocks(body) if body is not None else []


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{ODF[prefix]}}}{local}"


class OdtReader:
    def __init__(self, root: Any) -> None:
        self.text_styles: dict[str, list[Node]] = {}
        self.ordered_lists: set[str] = set()
        self.quote_styles: set[str] = set()
        for style in root.iterfind(".//style:style", ODF):
            name = style.get(q("style:name"), "")
            self.text_styles[name] = _odf_marks(style.find("style:text-properties", ODF))
            parent = style.get(q("style:parent-style-name"), "")
            if "Quot" in name or "Quot" in parent:
                self.quote_styles.add(name)
        for list_style in root.iterfind(".//text:list-style", ODF):
            first = next(iter(list_style), None)
            if first is not None and first.tag == q("text:list-level-style-number"):
                self.ordered_lists.add(list_style.get(q("style:name"), ""))

    def blocks(self, parent: Any) -> list[Node]:
        out: list[Node] = []
        for child in parent:
            out.extend(self.block(child))
        return out

    def block(self, element: Any) -> list[Node]:
        tag = element.tag
        if tag == q("text:h"):
            level = int(element.get(q("text:outline-level"), "1") or 1)
            return [_block("heading", self.inline(element, []), {"level": min(max(level, 1), 6)})]
        if tag == q("text:p"):
            paragraph = _block("paragraph", self.inline(element, []))
            if element.get(q("text:style-name"), "") in self.quote_styles:
                return [_block("blockquote", [paragraph])]
            return [paragraph]
        if tag == q("text:list"):
            return self._list(element)
        if tag == q("table:table"):
            return self._table(element)
        if tag == q("text:section") and element.get(q("text:name")) == "RucheCredits":
            return []  # the credits of a Ruche export are not the document's text
        if tag in {q("text:section"), q("text:list-item"), q("table:table-row-group")}:
            return self.blocks(element)
        return []

    def _list(self, element: Any) -> list[Node]:
        items = [
            {"type": "listItem", "content": _item_content(self.blocks(item))}
            for item in element.iterfind("text:list-item", ODF)
        ]
        style = element.get(q("text:style-name"), "")
        kind = "orderedList" if style in self.ordered_lists else "bulletList"
        return [_block(kind, items)] if items else []

    def _table(self, element: Any) -> list[Node]:
        rows = []
        for row in element.iter(q("table:table-row")):
            cells = [
                _block("tableCell", self.blocks(cell) or [{"type": "paragraph"}])
                for cell in row.iterfind("table:table-cell", ODF)
            ]
            if cells:
                rows.append(_block("tableRow", cells))
        return [_block("table", rows)] if rows else []

    def inline(self, element: Any, marks: list[Node]) -> list[Node]:
        out: list[Node] = []
        if element.text:
            out.append(_text_node(element.text, marks))
        for child in element:
            out.extend(self._inline_child(child, marks))
            if child.tail:
                out.append(_text_node(child.tail, marks))
        return out

    def _inline_child(self, child: Any, marks: list[Node]) -> list[Node]:
        tag = child.tag
        if tag == q("text:span"):
            extra = self.text_styles.get(child.get(q("text:style-name"), ""), [])
            return self.inline(child, marks + extra)
        if tag == q("text:a"):
            href = child.get(q("xlink:href"), "")
            link = [{"type": "link", "attrs": {"href": href}}] if href else []
            return self.inline(child, marks + link)
        if tag == q("text:s"):
            return [_text_node(" " * int(child.get(q("text:c"), "1") or 1), marks)]
        if tag == q("text:tab"):
            return [_text_node("\t", marks)]
        if tag == q("text:line-break"):
            return [{"type": "hardBreak"}]
        return []


def _odf_marks(props: Any) -> list[Node]:
    if props is None:
        return []
    marks = []
    if props.get(q("fo:font-weight")) == "bold":
        marks.append({"type": "bold"})
    if props.get(q("fo:font-style")) == "italic":
        marks.append({"type": "italic"})
    if props.get(q("style:text-line-through-style"), "none") != "none":
        marks.append({"type": "strike"})
    if props.get(q("style:text-underline-style"), "none") != "none":
        marks.append({"type": "underline"})
    return marks


# ---------- Word ----------


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def docx_read(data: bytes) -> list[Node]:
    root = xml_parse(zip_member(data, "word/document.xml"))
    rels_xml = zip_member(data, "word/_rels/document.xml.rels", required=False)
    links = {}
    if rels_xml:
        for rel in xml_parse(rels_xml).iterfind(f"{{{PKG_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                links[rel.get("Id")] = rel.get("Target", "")
    body = root.find(w("body"))
    blocks = DocxReader(links).blocks(body) if body is not None else []
    for block in blocks:
        block.pop("_docx", None)
    return blocks


class DocxReader:
    def __init__(self, links: dict[str, str]) -> None:
        self.links = links

    def blocks(self, parent: Any) -> list[Node]:
        out: list[Node] = []
        for child in parent:
            if child.tag == w("p"):
                self._paragraph(out, child)
            elif child.tag == w("tbl"):
                out.append(self._table(child))
        return out

    def _paragraph(self, out: list[Node], p: Any) -> None:
        found = p.find(f"{w('pPr')}/{w('pStyle')}")
        style = (found.get(w("val"), "") if found is not None else "") or ""
        content = self.inline(p)
        lowered = style.lower()
        if lowered.startswith("heading") and lowered[7:].isdigit():
            level = min(max(int(lowered[7:]), 1), 6)
            out.append(_block("heading", content, {"level": level}))
        elif lowered == "title":
            out.append(_block("heading", content, {"level": 1}))
        elif "quote" in lowered:
            out.append(_block("blockquote", [_block("paragraph", content)]))
        elif p.find(f"{w('pPr')}/{w('numPr')}") is not None or lowered.startswith("list"):
            kind = "orderedList" if "number" in lowered else "bulletList"
            item = {"type": "listItem", "content": [_block("paragraph", content)]}
            if out and out[-1].get("type") == kind and out[-1].get("_docx"):
                out[-1]["content"].append(item)
            else:
                out.append({"type": kind, "content": [item], "_docx": True})
        else:
            out.append(_block("paragraph", content))

    def _table(self, tbl: Any) -> Node:
        rows = []
        for tr in tbl.iterfind(w("tr")):
            cells = [
                _block("tableCell", self.blocks(tc) or [{"type": "paragraph"}])
                for tc in tr.iterfind(w("tc"))
            ]
            if cells:
                rows.append(_block("tableRow", cells))
        return _block("table", rows)

    def inline(self, p: Any) -> list[Node]:
        out: list[Node] = []
        for child in p:
            if child.tag == w("r"):
                out.extend(self._run(child, []))
            elif child.tag == w("hyperlink"):
                href = self.links.get(child.get(f"{{{R}}}id", ""), "")
                link = [{"type": "link", "attrs": {"href": href}}] if href else []
                for run in child.iterfind(w("r")):
                    out.extend(self._run(run, link))
        return out

    def _run(self, run: Any, marks: list[Node]) -> list[Node]:
        marks = marks + _docx_marks(run.find(w("rPr")))
        out: list[Node] = []
        for part in run:
            if part.tag == w("t") and part.text:
                out.append(_text_node(part.text, marks))
            elif part.tag == w("tab"):
                out.append(_text_node("\t", marks))
            elif part.tag in {w("br"), w("cr")}:
                out.append({"type": "hardBreak"})
        return out


def _docx_marks(props: Any) -> list[Node]:
    if props is None:
        return []
    marks = []
    for tag, mark in (("b", "bold"), ("i", "italic"), ("strike", "strike"), ("u", "underline")):
        element = props.find(w(tag))
        if element is not None and element.get(w("val"), "true") not in {"0", "false", "none"}:
            marks.append({"type": mark})
    return marks
