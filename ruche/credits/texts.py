"""The credits as they travel into exports: plain lines, Markdown, an HTML footer and
document properties (XLSX/ODS), all from one `Credits`."""

from html import escape
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from ruche.credits.selectors import Credits
from ruche.realtime.richtext import node_text

# metric -> (singular, plural) "%(count)s …"; other sources add theirs with register_metric.
METRICS: dict[str, Promise] = {
    "characters": ngettext_lazy("%(count)s character", "%(count)s characters", "count"),
    "versions": ngettext_lazy("%(count)s named version", "%(count)s named versions", "count"),
    "cells": ngettext_lazy("%(count)s cell", "%(count)s cells", "count"),
    "edits": ngettext_lazy("%(count)s edit", "%(count)s edits", "count"),
    "cards": ngettext_lazy("%(count)s card", "%(count)s cards", "count"),
    "dots": ngettext_lazy("%(count)s dot", "%(count)s dots", "count"),
    "proposal": ngettext_lazy("proposed it", "proposed it", "count"),
    "revisions": ngettext_lazy("%(count)s revision", "%(count)s revisions", "count"),
    "positions": ngettext_lazy("took a position", "took a position", "count"),
    "votes": ngettext_lazy("voted", "voted", "count"),
    "created": ngettext_lazy("created it", "created it", "count"),
    "changes": ngettext_lazy("%(count)s change", "%(count)s changes", "count"),
    "releases": ngettext_lazy("%(count)s release", "%(count)s releases", "count"),
    "comments": ngettext_lazy("%(count)s comment", "%(count)s comments", "count"),
}
OTHER = gettext_lazy("%(metric)s: %(count)s")


def register_metric(metric: str, label: Promise) -> None:
    """A label for a contribution counted by another app's credit source (ngettext_lazy
    with a `count` placeholder)."""
    METRICS[metric] = label


def contribution_text(metric: str, number: int) -> str:
    label = METRICS.get(metric)
    if label is None:
        return str(OTHER) % {"metric": metric, "count": number}
    return label % {"count": number}  # type: ignore[operator]


def contributions_text(contributions: dict[str, int]) -> str:
    return ", ".join(contribution_text(metric, n) for metric, n in contributions.items())


def licence_text(credits: Credits) -> str:
    licence = credits.licence
    name = str(licence.name)
    return _("Licence: %(licence)s") % {
        "licence": f"{name} ({licence.url})" if licence.url else name
    }


def credits_lines(credits: Credits) -> list[str]:
    """The statement, typed credits (modules), the licence and the citation, as text."""
    lines = [credits.statement]
    if credits.work.typed_credits.strip():
        lines.append(_("Credits: %(text)s") % {"text": credits.work.typed_credits.strip()})
    lines.append(licence_text(credits))
    lines.append(_("Cite as: %(citation)s") % {"citation": credits.citation.text})
    return lines


def record_lines(credits: Credits) -> list[str]:
    return [f"{p.name}: {contributions_text(p.contributions)}" for p in credits.record.people]


def credits_markdown(credits: Credits) -> str:
    """A closing section: the credit, the contribution record, the licence, the citation."""
    lines = ["---", "", "## " + _("Credits"), "", credits.statement, ""]
    if credits.work.typed_credits.strip():
        lines += [_("Credits: %(text)s") % {"text": credits.work.typed_credits.strip()}, ""]
    lines += [f"- {line}" for line in record_lines(credits)]
    if credits.record.people:
        lines.append("")
    licence = credits.licence
    name = str(licence.name)
    shown = f"[{name}]({licence.url})" if licence.url else name
    lines += [_("Licence: %(licence)s") % {"licence": shown}, ""]
    lines += [_("Cite as: %(citation)s") % {"citation": credits.citation.text}]
    return "\n".join(lines) + "\n"


def credits_html(credits: Credits) -> str:
    """The same as an HTML fragment (every value escaped), for HTML and PDF exports."""
    licence = credits.licence
    name = escape(str(licence.name))
    shown = f'<a href="{escape(licence.url, quote=True)}">{name}</a>' if licence.url else name
    parts = [f'<p class="credits-statement">{escape(credits.statement)}</p>']
    if credits.work.typed_credits.strip():
        typed = escape(credits.work.typed_credits.strip())
        parts.append(f"<p>{escape(_('Credits: %(text)s') % {'text': ''})}{typed}</p>")
    if credits.record.people:
        parts.append(
            "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in record_lines(credits)) + "</ul>"
        )
    parts.append(f"<p>{escape(_('Licence: %(licence)s') % {'licence': ''})}{shown}</p>")
    cite = escape(_("Cite as: %(citation)s") % {"citation": ""})
    parts.append(f'<p class="credits-citation">{cite}{credits.citation.html}</p>')
    return '<section class="credits">' + "".join(parts) + "</section>"


def credits_properties(credits: Credits) -> dict[str, str]:
    """Document properties for office files: title, creator, description, rights."""
    licence = credits.licence
    rights = str(licence.name) + (f" ({licence.url})" if licence.url else "")
    return {
        "title": credits.work.title,
        "creator": ", ".join([credits.group, *(p.name for p in credits.record.people)]),
        "description": credits.statement,
        "rights": rights,
        "citation": credits.citation.text,
    }


# ---------- rich text (pads' and wiki pages' exporters) ----------


def _text(text: str, href: str = "") -> dict[str, object]:
    node: dict[str, object] = {"type": "text", "text": text}
    if href:
        node["marks"] = [{"type": "link", "attrs": {"href": href}}]
    return node


def _paragraph(*parts: dict[str, object]) -> dict[str, object]:
    return {"type": "paragraph", "content": [p for p in parts if p.get("text")]}


def credits_nodes(credits: Credits) -> list[dict[str, object]]:
    """The credits as rich-text nodes, appended to a document by every exporter
    (Markdown, HTML, PDF, ODT, text) after the document's own content."""
    licence = credits.licence
    nodes: list[dict[str, object]] = [
        {"type": "horizontalRule"},
        {"type": "heading", "attrs": {"level": 1}, "content": [_text(_("Credits"))]},
        _paragraph(_text(credits.statement)),
    ]
    if credits.work.typed_credits.strip():
        typed = _("Credits: %(text)s") % {"text": " ".join(credits.work.typed_credits.split())}
        nodes.append(_paragraph(_text(typed)))
    if credits.record.people:
        items = [{"type": "listItem", "content": [_paragraph(_text(line))]}
                 for line in record_lines(credits)]  # fmt: skip
        nodes.append({"type": "bulletList", "content": items})
    nodes.append(
        _paragraph(
            _text(_("Licence: %(licence)s") % {"licence": ""}),
            _text(str(licence.name), licence.url),
        )  # fmt: skip
    )
    nodes.append(
        _paragraph(_text(_("Cite as: %(citation)s") % {"citation": credits.citation.text}))
    )
    for node in nodes:  # the ODT exporter groups them in a section its importer skips
        node["attrs"] = {**dict(node.get("attrs") or {}), "credits": True}  # type: ignore[call-overload]
    return nodes


def export_fields(credits: Credits) -> dict[str, Any]:
    """What a pad or wiki ExportContext takes: `**export_fields(credits_for(pad))`."""
    return {"licence": (str(credits.licence.name), credits.licence.url),
            "closing": credits_nodes(credits)}  # fmt: skip


def credits_file(entries: list[tuple[str, Credits]]) -> str:
    """CREDITS.txt of an archive of several works (the wiki zip): one section per file.
    Kept out of the files themselves so re-importing the archive imports no credits."""
    sections = []
    for path, credits in entries:
        lines = [path, "=" * len(path), *credits_lines(credits)[:1]]
        lines += [f"- {line}" for line in record_lines(credits)]
        lines += credits_lines(credits)[1:]
        sections.append("\n".join(lines))
    return "\n\n".join(sections) + "\n"


def credits_strip(tree: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tree without the credits section a Ruche export ends with (a rule, the "Credits"
    heading, then "Written together by…" in any of the site's languages), so importing an
    export again imports the document, not its old credits."""
    titles, openings = set(), []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles.add(_("Credits"))
            openings.append(_("Written together by %(group)s.").split("%(group)s")[0])
    for index in range(len(tree) - 3, -1, -1):
        rule, heading, statement = tree[index : index + 3]
        if (
            rule.get("type") == "horizontalRule"
            and heading.get("type") == "heading"
            and node_text(heading).strip() in titles
            and node_text(statement).startswith(tuple(openings))
        ):
            return tree[:index]
    return tree
