"""The draft pad's text, read and changed on the server.

An accepted amendment replaces its passage in the pad's Yjs document with a new update
written by the amendment's author, so it reaches open editors live and its characters are
credited to them. A passage lies within one paragraph (one Y.XmlText); its formatting is
kept for the replacement. pycrdt counts text positions in UTF-8 bytes.
"""

from collections.abc import Iterator

import nh3
from django.utils import timezone
from pycrdt import XmlElement, XmlFragment, XmlText

from ruche.pads.exports import ExportContext, html_body
from ruche.realtime.richtext import doc_load, state_read, tree_text
from ruche.realtime.text import utf8_length


def _texts(parent: XmlFragment | XmlElement) -> Iterator[XmlText]:
    for child in parent.children:
        if isinstance(child, XmlText):
            yield child
        elif isinstance(child, XmlElement):
            yield from _texts(child)


def _plain(text: XmlText) -> str:
    return "".join(chunk for chunk, _attrs in text.diff() if isinstance(chunk, str))


def passage_count(state: bytes, passage: str) -> int:
    """How many times the passage occurs within the draft's paragraphs."""
    _doc, fragment = doc_load(state)
    return sum(_plain(text).count(passage) for text in _texts(fragment)) if passage else 0


def passage_replace_update(state: bytes, passage: str, replacement: str) -> bytes | None:
    """The Yjs update replacing the first occurrence of `passage` by `replacement`, or None
    if the passage is not in the draft."""
    doc, fragment = doc_load(state)
    before = doc.get_state()
    for text in _texts(fragment):
        content = _plain(text)
        index = content.find(passage)
        if index < 0:
            continue
        start = utf8_length(content[:index])
        attrs = _attrs_at(text, index)
        with doc.transaction():
            del text[start : start + utf8_length(passage)]
            if replacement:
                text.insert(start, replacement, attrs or None)
        return doc.get_update(before)
    return None


def _attrs_at(text: XmlText, index: int) -> dict[str, object]:
    seen = 0
    for chunk, attrs in text.diff():
        if isinstance(chunk, str):
            if seen + len(chunk) > index:
                return dict(attrs or {})
            seen += len(chunk)
    return {}


def draft_text(state: bytes) -> str:
    return tree_text(state_read(state))


def draft_html(state: bytes, *, title: str) -> str:
    """The draft as HTML, sanitised again (it is shown as is on pages and in the glossary)."""
    context = ExportContext(title=title, space="", authors=[], date=timezone.now())
    return nh3.clean(html_body(state_read(state), context))
