"""Files into new pads: .txt, .md, .html, .odt and .docx, read into the rich-text tree the
editor uses (ruche.realtime.richtext) and written as the pad's first Yjs update.

Every file is untrusted: its size is bounded before anything is read (413), archives are
refused when their members would inflate past a bound (zip bombs), XML is parsed without
entities, DTDs or network, HTML is sanitised with nh3, and anything unreadable is a 422.
"""

import re
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath

import nh3
from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from pycrdt import Doc, XmlFragment

from ruche.accounts.models import User
from ruche.core.errors import Invalid, TooLarge
from ruche.credits.texts import credits_strip
from ruche.pads.import_office import docx_read, odt_read
from ruche.pads.models import Pad
from ruche.pads.services import pad_create
from ruche.realtime.richtext import FRAGMENT, Node, fragment_write
from ruche.realtime.services import document_apply_update

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_BLOCKS = 20_000
EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".odt", ".docx")


@transaction.atomic
def pad_import(
    *, actor: User, space_id: object, filename: str, data: bytes, title: str = ""
) -> Pad:
    """Create a pad in the space from an uploaded file; its content is the actor's."""
    tree = file_read(filename=filename, data=data)
    if tree and tree[-1].get("type") != "paragraph":
        tree.append({"type": "paragraph"})  # somewhere to write after a final list or table
    pad = pad_create(actor=actor, space_id=space_id, title=title or _title_from(filename))
    if tree:
        document_apply_update(room=pad.room, update=tree_update(tree), author=actor)
    return pad


def tree_update(tree: list[Node]) -> bytes:
    """The Yjs update that writes `tree` into an empty document."""
    doc: Doc = Doc()
    fragment = doc.get(FRAGMENT, type=XmlFragment)
    fragment_write(fragment, tree)
    return doc.get_update()


def _title_from(filename: str) -> str:
    stem = PurePosixPath(filename.replace("\\", "/")).stem.replace("_", " ").strip()
    return stem[:200] or _("Imported pad")


def file_read(*, filename: str, data: bytes) -> list[Node]:
    """The rich-text tree of an uploaded file, or TooLarge / Invalid."""
    if len(data) > MAX_FILE_BYTES:
        raise TooLarge(_("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES >> 20})
    suffix = PurePosixPath(filename.lower()).suffix
    readers: dict[str, Callable[[bytes], list[Node]]] = {
        ".txt": txt_read,
        ".md": markdown_read,
        ".markdown": markdown_read,
        ".html": html_read,
        ".htm": html_read,
        ".odt": odt_read,
        ".docx": docx_read,
    }
    if suffix not in readers:
        raise Invalid(_("Ruche imports .txt, .md, .html, .odt and .docx files."))
    try:
        tree = readers[suffix](data)
    except (ValueError, KeyError, etree.LxmlError, zipfile.BadZipFile, UnicodeError) as exc:
        raise Invalid(_("This file could not be read: %(error)s") % {"error": exc}) from exc
    if len(tree) > MAX_BLOCKS:
        raise TooLarge(_("This file has too many paragraphs for one pad."))
    return credits_strip(tree)  # a Ruche export's credits are not the document's text


def text_decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def txt_read(data: bytes) -> list[Node]:
    """One paragraph per line; blank lines are kept as empty paragraphs."""
    text = text_decode(data).replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return [_paragraph(line) for line in text.split("\n")] if text else []


def _paragraph(text: str) -> Node:
    return (
        {"type": "paragraph", "content": [{"type": "text", "text": text}]}
        if text
        else {"type": "paragraph"}
    )


def markdown_read(data: bytes) -> list[Node]:
    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    return html_read(parser.render(text_decode(data)).encode())


# ---------- HTML ----------

HTML_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
    "hr", "br", "table", "thead", "tbody", "tr", "td", "th", "strong", "b", "em", "i", "s",
    "del", "strike", "u", "a", "div", "span", "section", "article", "main",
}  # fmt: skip
INLINE_MARKS = {
    "strong": "bold", "b": "bold", "em": "italic", "i": "italic", "s": "strike",
    "del": "strike", "strike": "strike", "code": "code", "u": "underline",
}  # fmt: skip


def html_read(data: bytes) -> list[Node]:
    clean = nh3.clean(
        text_decode(data),
        tags=HTML_TAGS,
        attributes={"a": {"href"}, "ol": {"start"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )
    if not clean.strip():
        return []
    root = lxml_html.fragment_fromstring(clean, create_parent="div")
    return TreeBuilder().blocks(root)


class TreeBuilder:
    """Walks sanitised HTML, gathering inline runs into paragraphs between blocks."""

    def blocks(self, element: etree._Element) -> list[Node]:
        out: list[Node] = []
        inline: list[Node] = []
        self._text(inline, element.text, [])
        for child in element:
            tag = str(child.tag).lower()
            if tag in INLINE_MARKS or tag in {"a", "span", "br"}:
                inline.extend(self.inline(child, []))
            else:
                self._flush(out, inline)
                out.extend(self.block(child, tag))
            self._text(inline, child.tail, [])
        self._flush(out, inline)
        return out

    def block(self, element: etree._Element, tag: str) -> list[Node]:
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            return [
                {"type": "heading", "attrs": {"level": int(tag[1])}, **self._inline_of(element)}
            ]
        if tag == "p":
            return [{"type": "paragraph", **self._inline_of(element)}]
        if tag in {"ul", "ol"}:
            items = [self._item(li) for li in element if str(li.tag).lower() == "li"]
            kind = "orderedList" if tag == "ol" else "bulletList"
            node: Node = {"type": kind, "content": items}
            if tag == "ol" and str(element.get("start", "1")).isdigit():
                node["attrs"] = {"start": int(element.get("start", "1"))}
            return [node] if items else []
        if tag == "blockquote":
            return [{"type": "blockquote", "content": self.blocks(element) or [_paragraph("")]}]
        if tag == "pre":
            text = "".join(element.itertext())
            return [{"type": "codeBlock", "content": [{"type": "text", "text": text}]}]
        if tag == "hr":
            return [{"type": "horizontalRule"}]
        if tag == "table":
            return self._table(element)
        return self.blocks(element)  # div, section, li content, unknown containers

    def _item(self, li: etree._Element) -> Node:
        blocks = self.blocks(li)
        if not blocks or blocks[0].get("type") != "paragraph":
            blocks.insert(0, {"type": "paragraph"})  # the editor's schema starts items so
        return {"type": "listItem", "content": blocks}

    def _table(self, table: etree._Element) -> list[Node]:
        rows = []
        for tr in table.iter("tr"):
            cells = [
                {
                    "type": "tableHeader" if str(cell.tag).lower() == "th" else "tableCell",
                    "content": self.blocks(cell) or [_paragraph("")],
                }
                for cell in tr
                if str(cell.tag).lower() in {"td", "th"}
            ]
            if cells:
                rows.append({"type": "tableRow", "content": cells})
        return [{"type": "table", "content": rows}] if rows else []

    def _inline_of(self, element: etree._Element) -> Node:
        content: list[Node] = []
        self._text(content, element.text, [])
        for child in element:
            content.extend(self.inline(child, []))
            self._text(content, child.tail, [])
        _trim(content)
        return {"content": content} if content else {}

    def inline(self, element: etree._Element, marks: list[Node]) -> list[Node]:
        tag = str(element.tag).lower()
        if tag == "br":
            return [{"type": "hardBreak"}]
        marks = marks + _marks_of(element, tag)
        out: list[Node] = []
        self._text(out, element.text, marks)
        for child in element:
            out.extend(self.inline(child, marks))
            self._text(out, child.tail, marks)
        return out

    @staticmethod
    def _text(out: list[Node], text: str | None, marks: list[Node]) -> None:
        text = re.sub(r"\s+", " ", text or "")
        if text:
            node: Node = {"type": "text", "text": text}
            if marks:
                node["marks"] = marks
            out.append(node)

    @staticmethod
    def _flush(out: list[Node], inline: list[Node]) -> None:
        if any(node.get("type") == "text" and node["text"].strip() for node in inline):
            content = list(inline)
            _trim(content)
            out.append({"type": "paragraph", "content": content})
        inline.clear()


def _trim(content: list[Node]) -> None:
    """HTML's insignificant spaces at the edges of a block go."""
    if content and content[0].get("type") == "text":
        content[0]["text"] = content[0]["text"].lstrip()
    if content and content[-1].get("type") == "text":
        content[-1]["text"] = content[-1]["text"].rstrip()
    content[:] = [n for n in content if n.get("type") != "text" or n["text"]]


def _marks_of(element: etree._Element, tag: str) -> list[Node]:
    if tag in INLINE_MARKS:
        return [{"type": INLINE_MARKS[tag]}]
    if tag == "a" and element.get("href"):
        return [{"type": "link", "attrs": {"href": element.get("href")}}]
    return []
