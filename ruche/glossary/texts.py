"""Cleaning what people type into the glossary: terms, definitions (sanitised HTML with
nh3), language codes, variants; and the folded keys terms compare by."""

import html
import re

import nh3
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from ruche.core.errors import Invalid
from ruche.library.csl import fold

TERM_MAX = 200
DEFINITION_MAX = 20_000
VARIANTS_MAX = 20
DEFINITION_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "ul", "ol", "li", "a", "blockquote",
    "code", "sub", "sup",
}  # fmt: skip
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


def term_key(term: str) -> str:
    """How terms compare: no case, accents or punctuation ("Économie" == "economie")."""
    return fold(term)[:TERM_MAX]


def term_clean(term: str) -> str:
    term = " ".join((term or "").split())
    if not term or not term_key(term):
        raise Invalid(_("A glossary entry needs a term."))
    if len(term) > TERM_MAX:
        raise Invalid(_("A term has at most %(max)d characters.") % {"max": TERM_MAX})
    return term


def definition_clean(definition_html: str) -> str:
    if len(definition_html or "") > DEFINITION_MAX:
        raise Invalid(_("A definition has at most %(max)d characters.") % {"max": DEFINITION_MAX})
    clean = nh3.clean(
        definition_html or "", tags=DEFINITION_TAGS, attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
    ).strip()  # fmt: skip
    if not plain_text(clean):
        raise Invalid(_("A glossary entry needs a definition."))
    if "<" not in clean:  # plain text: keep its paragraphs
        clean = "".join(f"<p>{line}</p>" for line in clean.split("\n") if line.strip())
    return clean


def plain_text(definition_html: str) -> str:
    return " ".join(html.unescape(strip_tags(definition_html or "")).split())


def short_text(definition_html: str, limit: int = 300) -> str:
    text = plain_text(definition_html)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def language_clean(language: str) -> str:
    code = (language or "").strip().lower().replace("_", "-")
    if not LANGUAGE_RE.match(code):
        raise Invalid(_("Give the language as a code such as en or fr."))
    return code


def variants_clean(variants: list[str] | tuple[str, ...] | None) -> list[str]:
    if variants is None:
        return []
    if not isinstance(variants, list | tuple) or not all(isinstance(v, str) for v in variants):
        raise Invalid(_("Variants are a list of words."))
    kept: dict[str, str] = {}
    for variant in variants:
        text = " ".join(variant.split())[:TERM_MAX]
        if term_key(text):
            kept.setdefault(term_key(text), text)
    if len(kept) > VARIANTS_MAX:
        raise Invalid(_("At most %(max)d variants.") % {"max": VARIANTS_MAX})
    return list(kept.values())
