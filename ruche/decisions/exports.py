"""Markdown and PDF exports of a decision, made from `decision_document`: an anonymous
decision's export names nobody's position, and hidden results stay hidden until closing."""

import html
import re
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.errors import Invalid
from ruche.core.pdf import html_to_pdf
from ruche.credits.selectors import Credits, credits_for
from ruche.credits.texts import credits_html, credits_markdown
from ruche.decisions import selectors
from ruche.decisions.models import Process, Stance
from ruche.decisions.presentation import option_label, result_view

STANCE_LABELS = dict(Stance.choices)


def html_to_text(fragment: str) -> str:
    text = re.sub(r"<br\s*/?>", "\n", fragment or "")
    text = re.sub(r"<li[^>]*>", "\n- ", text)
    text = re.sub(r"</(p|h\d|blockquote|ul|ol)>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\n{3,}", "\n\n", html.unescape(text)).strip()


def _when(value: Any) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def export_context(document: dict[str, Any]) -> dict[str, Any]:
    return {
        "d": document, "view": result_view(document),
        "options": [option_label(o) for o in document["options"]],
        "positions": [
            {**p, "label": str(STANCE_LABELS[p["position"]])} for p in document["positions"] or []
        ],
    }  # fmt: skip


def markdown_render(document: dict[str, Any]) -> str:
    lines = [f"# {document['question']}", ""]
    lines += _meta_lines(document)
    if document["context"]:
        lines += ["", "## " + _("Context"), "", html_to_text(document["context"])]
    if len(document["revisions"]) > 1:
        lines += ["", "## " + _("Revisions"), ""]
        lines += [_revision_line(r) for r in document["revisions"]]
    if document["options"]:
        lines += ["", "## " + _("Options"), ""]
        lines += [f"- {label}" for label in export_context(document)["options"]]
    lines += _result_lines(document)
    lines += _position_lines(document)
    if document["outcome"]:
        lines += ["", "## " + _("Outcome"), "", document["outcome"]]
    return "\n".join(lines).rstrip() + "\n"


def _revision_line(revision: dict[str, Any]) -> str:
    label = _("Revision %(n)s") % {"n": revision["number"]}
    note = f" — {revision['note']}" if revision["note"] else ""
    who = revision["author"] or "—"
    return f"- {label} ({_when(revision['created_at'])}, {who}): {revision['question']}{note}"


def _meta_lines(document: dict[str, Any]) -> list[str]:
    status = _("closed") if document["status"] == "closed" else _("open")
    facts = [(_("Status"), status)]
    if document["created_by"]:
        facts.append((_("Proposed by"), document["created_by"]))
    if document["closes_at"]:
        facts.append((_("Closes at"), _when(document["closes_at"])))
    if document["closed_at"]:
        facts.append((_("Closed at"), _when(document["closed_at"])))
    if document["quorum"]:
        met = {True: _("met"), False: _("not met"), None: _("unknown until closing")}
        facts.append((_("Quorum"), f"{document['quorum']} ({met[document['quorum_met']]})"))
    lines = [f"- {label}: {value}" for label, value in facts]
    if document["anonymous"]:
        lines.append("- " + _("Anonymous: positions are not attributed to anyone."))
    return lines


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _result_lines(document: dict[str, Any]) -> list[str]:
    view = result_view(document)
    lines = ["", "## " + _("Results"), ""]
    if view is None:
        return [*lines, _("Results are hidden until the decision closes.")]
    lines += [view["headline"], "", "| " + " | ".join(map(_cell, view["headers"])) + " |"]
    lines.append("|" + "---|" * len(view["headers"]))
    lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in view["rows"]]
    return lines


def _position_lines(document: dict[str, Any]) -> list[str]:
    if document["process"] != Process.CONSENT or not document["positions"]:
        return []
    lines = ["", "## " + _("Positions"), ""]
    for p in export_context(document)["positions"]:
        who = "" if document["anonymous"] else f"**{p['name']}**: "
        earlier = ""
        if p["revision"] != document["revision"]:
            earlier = " (" + _("on revision %(n)s") % {"n": p["revision"]} + ")"
        reason = f" — {p['reason']}" if p["reason"] else ""
        lines.append(f"- {who}{p['label']}{earlier}{reason}")
    return lines


def pdf_render(document: dict[str, Any], credits: Credits | None = None) -> bytes:
    context = export_context(document)
    if credits is not None:  # credits_html escapes every value it holds
        context["credits_html"] = mark_safe(credits_html(credits))  # noqa: S308
    page = render_to_string("decisions/export.html", context)
    return html_to_pdf(page)


def decision_export_response(*, actor: User, decision_id: object, format: str) -> HttpResponse:
    if format not in ("md", "pdf"):
        raise Invalid(_("Unknown export format: %(f)s. Use md or pdf.") % {"f": format})
    decision = selectors.decision_get(actor=actor, decision_id=decision_id)
    document = selectors.decision_document(actor=actor, decision=decision)
    credits = credits_for(decision)
    if format == "md":
        body = markdown_render(document) + "\n" + credits_markdown(credits)
        response = HttpResponse(body, content_type="text/markdown; charset=utf-8")
    else:
        response = HttpResponse(pdf_render(document, credits), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="decision-{decision.pk}.{format}"'
    return response
