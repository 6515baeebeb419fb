"""The citation of a credited work: a CSL "document" item (the group as an institutional
author, then the people), formatted in the space library's CSL style."""

import html
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

from ruche.credits.sources import Record, Work
from ruche.library.citations import bibliography_format
from ruche.library.selectors import library_style, style_xml


@dataclass
class Citation:
    text: str
    html: str
    csl: dict[str, Any]
    style: str

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "html": self.html, "csl": self.csl, "style": self.style}


def citation_item(*, kind: str, object_id: str, work: Work, record: Record) -> dict[str, Any]:
    """The CSL-JSON item ("document"), ready for the library (`id` aside)."""
    authors = [{"literal": work.space.name}] + [{"literal": p.name} for p in record.people]
    issued = work.issued
    return {
        "id": f"ruche-{kind}-{object_id}",
        "type": "document",
        "title": work.title,
        "author": authors,
        "issued": {"date-parts": [[issued.year, issued.month, issued.day]]},
        "publisher": f"Ruche · {work.space.name}",
        "URL": settings.BASE_URL + work.path,
    }


def citation_locale() -> str:
    return "fr-FR" if (get_language() or "en").startswith("fr") else "en-US"


def citation_format(*, work: Work, item: dict[str, Any]) -> Citation:
    """The item formatted in the space's citation style, in the reader's language."""
    style = library_style(space=work.space)
    try:
        xml = style_xml(space=work.space, slug=style)
    except Exception:  # noqa: BLE001 - a style removed since it was chosen: fall back to APA
        style, xml = "apa", style_xml(space=work.space, slug="apa")
    # citeproc-py copies values into its HTML as they are: escape them first (its plain
    # text unescapes them again), so a title like "<script>" stays text.
    formatted = bibliography_format(
        style_xml=xml, style=style, locale=citation_locale(), items=[_escaped(item)]
    )
    text = formatted.entries_text[0] if formatted.entries_text else work.title
    entry = formatted.entries_html[0] if formatted.entries_html else ""
    return Citation(text=text.strip(), html=entry.strip(), csl=item, style=style)


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, dict):
        return {k: v if k in ("id", "type") else _escaped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    return value
