"""Rich text in a Yjs document, as the editors store it, and back.

The editors (TipTap/ProseMirror through y-prosemirror) keep a document in the
`Y.XmlFragment` named `default`: each node is an `XmlElement` named after the node type
(`paragraph`, `heading`, `bulletList`, ...) with the node's attributes, and each run of text
is an `XmlText` whose formatting attributes are the marks (`{"bold": {}}`,
`{"link": {"href": ...}}`). Here that structure is read into, and written from, a small tree
of plain dicts shaped like ProseMirror's JSON:

    {"type": "heading", "attrs": {"level": 2}, "content": [
        {"type": "text", "text": "Field visit", "marks": [{"type": "bold"}]}]}

pycrdt indexes text in UTF-8 bytes where Yjs counts UTF-16 code units: every offset that
leaves this module is converted (see `utf16_length`).
"""

from collections.abc import Iterable, Iterator
from typing import Any

from pycrdt import Doc, XmlElement, XmlFragment, XmlText

FRAGMENT = "default"
Node = dict[str, Any]

# Attributes kept when writing a node back; anything else an import invents is dropped.
NODE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "heading": ("level",),
    "orderedList": ("start",),
    "tableCell": ("colspan", "rowspan"),
    "tableHeader": ("colspan", "rowspan"),
    "citation": ("items", "locator"),
}
BLOCK_TYPES = {
    "paragraph",
    "heading",
    "blockquote",
    "bulletList",
    "orderedList",
    "listItem",
    "codeBlock",
    "horizontalRule",
    "hardBreak",
    "table",
    "tableRow",
    "tableCell",
    "tableHeader",
}
MARK_TYPES = {"bold", "italic", "strike", "code", "underline", "link"}
# Inline atoms: nodes inside a text block that hold no text of the document. A citation
# (`{"type": "citation", "attrs": {"items": [library item ids], "locator": "12"}}`) is
# rendered from the space's library when shown or exported (ruche.library.cite).
INLINE_ATOMS = {"citation"}
MAX_CITED_ITEMS = 50


def utf16_length(text: str) -> int:
    """The length of `text` in UTF-16 code units, the unit of Yjs and of browsers."""
    return len(text.encode("utf-16-le")) // 2


def doc_load(state: bytes) -> tuple[Doc, XmlFragment]:
    """A pycrdt document holding `state` (a v1 update), and its rich-text fragment."""
    doc: Doc = Doc()
    fragment = doc.get(FRAGMENT, type=XmlFragment)
    if state:
        doc.apply_update(state)
    return doc, fragment


# ---------- reading ----------


def fragment_read(fragment: XmlFragment | XmlElement) -> list[Node]:
    """The children of a fragment or element as a tree of nodes."""
    nodes: list[Node] = []
    for child in fragment.children:
        if isinstance(child, XmlText):
            nodes.extend(_text_read(child))
        elif isinstance(child, XmlElement):
            nodes.append(_element_read(child))
    return nodes


def _element_read(element: XmlElement) -> Node:
    node: Node = {"type": element.tag or "paragraph"}
    pairs: Iterable[tuple[str, Any]] = element.attributes  # type: ignore[assignment]
    attrs = {key: _plain(value) for key, value in pairs}
    if attrs:
        node["attrs"] = attrs
    content = fragment_read(element)
    if content:
        node["content"] = content
    return node


def _text_read(text: XmlText) -> list[Node]:
    nodes: list[Node] = []
    for chunk, attrs in text.diff():
        if not isinstance(chunk, str) or not chunk:
            continue
        node: Node = {"type": "text", "text": chunk}
        marks = [_mark(name, value) for name, value in (attrs or {}).items()]
        if marks:
            node["marks"] = marks
        nodes.append(node)
    return nodes


def _mark(name: str, value: Any) -> Node:
    mark: Node = {"type": name}
    if isinstance(value, dict):
        attrs = {key: val for key, val in value.items() if val is not None}
        if attrs:
            mark["attrs"] = attrs
    return mark


def _plain(value: Any) -> Any:
    # Yjs numbers arrive as floats; a heading level is an integer.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def state_read(state: bytes) -> list[Node]:
    """The rich-text tree of a document state."""
    _doc, fragment = doc_load(state)
    return fragment_read(fragment)


# ---------- writing ----------


def fragment_write(parent: XmlFragment | XmlElement, nodes: list[Node], index: int = -1) -> None:
    """Insert `nodes` into `parent` (at `index`, default at the end) as the editor would."""
    position = len(parent.children) if index < 0 else index
    for node in _grouped_inline(nodes):
        if isinstance(node, list):
            text = parent.children.insert(position, XmlText())
            _text_write(text, node)
        else:
            element = parent.children.insert(position, XmlElement(node["type"]))
            for key, value in (node.get("attrs") or {}).items():
                if value is not None and key in NODE_ATTRIBUTES.get(node["type"], ()):
                    element.attributes[key] = value
            fragment_write(element, node.get("content") or [])
        position += 1


def _grouped_inline(nodes: list[Node]) -> Iterator[Node | list[Node]]:
    """Consecutive text nodes become one XmlText, as y-prosemirror stores them."""
    run: list[Node] = []
    for node in nodes:
        if node.get("type") == "text":
            run.append(node)
            continue
        if run:
            yield run
            run = []
        yield node
    if run:
        yield run


def _text_write(text: XmlText, nodes: list[Node]) -> None:
    for node in nodes:
        if not node.get("text"):
            continue
        attrs = {mark["type"]: dict(mark.get("attrs") or {}) for mark in node.get("marks") or []}
        text.insert(len(text), node["text"], attrs or None)


# ---------- plain text ----------


def node_text(node: Node) -> str:
    """The text of a node and its descendants, without separators. An inline atom (a
    citation) counts for nothing: its text is not in the document, and authorship and
    diffs count only the document's own characters."""
    if node.get("type") == "text":
        return str(node.get("text", ""))
    if node.get("type") in INLINE_ATOMS:
        return ""
    return "".join(node_text(child) for child in node.get("content") or [])


def textblocks(nodes: list[Node]) -> Iterator[Node]:
    """Every node that directly holds text (paragraphs, headings, ...), in document order."""
    for node in nodes:
        content = node.get("content") or []
        if any(child.get("type") == "text" for child in content) or (
            node.get("type") in {"paragraph", "heading", "codeBlock"}
        ):
            yield node
        else:
            yield from textblocks(content)


def tree_text(nodes: list[Node]) -> str:
    """Plain text: one line per text block."""
    return "\n".join(node_text(block) for block in textblocks(nodes))


def citation_items(node: Node) -> list[str]:
    """The library item ids a citation node points at, in order, without repeats.

    The editor stores a list; a string of ids separated by spaces or commas (an older or
    hand-written document) is read too. Anything else counts as no item."""
    raw = (node.get("attrs") or {}).get("items")
    if isinstance(raw, str):
        raw = raw.replace(",", " ").split()
    if not isinstance(raw, list):
        return []
    ids = [
        str(value).strip() for value in raw if isinstance(value, str | int) and str(value).strip()
    ]
    return list(dict.fromkeys(ids))[:MAX_CITED_ITEMS]


def citation_locator(node: Node) -> str:
    """A citation's locator (a page, "12" or "12-15"), as text, at most 40 characters."""
    value = (node.get("attrs") or {}).get("locator")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()[:40] if isinstance(value, str | int) else ""


def citations(nodes: list[Node]) -> Iterator[Node]:
    """Every citation node of a tree, in document order."""
    for node in nodes:
        if node.get("type") == "citation":
            yield node
        else:
            yield from citations(node.get("content") or [])


def safe_href(mark: Node) -> str:
    """A link's address if it is web or mail, else "" (no javascript: in any export)."""
    href = str((mark.get("attrs") or {}).get("href", "")).strip()
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    return href if scheme in {"http", "https", "mailto"} else ""
