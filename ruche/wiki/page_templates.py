"""Page templates: prefilled content for pages people write again and again. Their words
are translated when the page is created, in the creator's language."""

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruche.realtime.richtext import Node

LABELS = {
    "session_report": gettext_lazy("Session report"),
    "glossary_entry": gettext_lazy("Glossary entry"),
    "field_visit_report": gettext_lazy("Field-visit report"),
}


def _heading(text: str) -> Node:
    return {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": text}]}


def _paragraph(text: str = "") -> Node:
    return (
        {"type": "paragraph", "content": [{"type": "text", "text": text}]}
        if text
        else {"type": "paragraph"}
    )


def _sections(*pairs: tuple[str, str]) -> list[Node]:
    nodes: list[Node] = []
    for title, hint in pairs:
        nodes += [_heading(title), _paragraph(hint)]
    return nodes


def _session_report() -> list[Node]:
    return _sections(
        (_("Date and place"), _("When and where the session took place.")),
        (_("Participants"), _("Who took part.")),
        (_("What we did"), _("The activities, in order.")),
        (_("What we learned"), _("Observations, questions, surprises.")),
        (_("Next steps"), _("Who does what, by when.")),
    )


def _glossary_entry() -> list[Node]:
    return _sections(
        (_("Definition"), _("A short definition, in plain words.")),
        (_("Example"), _("An example from the field.")),
        (_("In other languages"), _("The term in the partners' languages.")),
        (_("See also"), _("Related terms, e.g. [[Social economy]].")),
    )


def _field_visit_report() -> list[Node]:
    return _sections(
        (_("Organisation visited"), _("Name, place, what it does.")),
        (_("Who we met"), _("People and their roles.")),
        (_("What we saw"), _("Practices worth sharing.")),
        (_("Links with our modules"), _("Which activities this visit feeds.")),
        (_("Follow-up"), _("Contacts, documents, next visit.")),
    )


BUILDERS: dict[str, Callable[[], list[Node]]] = {
    "session_report": _session_report,
    "glossary_entry": _glossary_entry,
    "field_visit_report": _field_visit_report,
}


def template_content(key: str) -> list[Node]:
    """The prefilled tree of a template (an empty page for an unknown or empty key)."""
    builder = BUILDERS.get(key)
    return builder() if builder else []
