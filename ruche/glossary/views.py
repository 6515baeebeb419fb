"""Glossary pages: a space's glossary (letter index, search, proposals), an entry with its
versions, translations and provenance, and one version. Forms post plainly and come back
to the entry page. Thin: parse, gate, call a service or selector, render."""

import re
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruche.accounts.models import User
from ruche.core.errors import Conflict, Invalid
from ruche.core.pages import actor_of, page
from ruche.glossary import selectors, services
from ruche.glossary.models import EntryStatus, GlossaryEntry
from ruche.glossary.permissions import is_own_proposal
from ruche.glossary.texts import plain_text
from ruche.spaces.permissions import Need, access_space, can

PROBLEMS = (Invalid, Conflict)
LETTERS = [chr(c) for c in range(ord("A"), ord("Z") + 1)] + ["#"]


def _entry_url(entry_id: object) -> str:
    return reverse("glossary:entry", args=[entry_id])


@page
def entry_list(request: HttpRequest, space_id: object) -> HttpResponse:
    actor = actor_of(request)
    space = access_space(actor, space_id)
    form = {"term": "", "definition": "", "language": _language(), "variants": ""}
    if request.method == "POST":
        form = {k: request.POST.get(k, v) for k, v in form.items()}
        try:
            entry = services.glossary_entry_propose(
                actor=actor, space_id=space.pk, term=form["term"],
                definition_html=_paragraphs(form["definition"]), language=form["language"],
                variants=_variants(form["variants"]),
            )  # fmt: skip
        except PROBLEMS as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, _("Your entry was proposed: a facilitator will review it."))
            return redirect(_entry_url(entry.pk))
    query = request.GET.get("q", "")
    entries = list(selectors.glossary_entry_list(actor=actor, space_id=space.pk, q=query))
    settled = [e for e in entries if e.status != EntryStatus.PROPOSED]
    groups = selectors.glossary_by_letter(settled)
    present = {group.letter for group in groups}
    context = {
        "space": space, "query": query, "form": form,
        "groups": groups, "letters": [(letter, letter in present) for letter in LETTERS],
        "proposed": [e for e in entries if e.status == EntryStatus.PROPOSED],
        "can_propose": can(actor, space, Need.CONTRIBUTE),
    }  # fmt: skip
    return render(request, "glossary/entry_list.html", context)


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _paragraphs(text: str) -> str:
    """Plain text from a form: one paragraph per blank-line-separated block."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "".join("<p>" + escape(b).replace("\n", "<br>") + "</p>" for b in blocks)


def _variants(text: str) -> list[str]:
    return [v.strip() for v in text.split(",") if v.strip()]


@page
def entry_detail(request: HttpRequest, entry_id: object) -> HttpResponse:
    actor = actor_of(request)
    entry = selectors.glossary_entry_get(actor=actor, entry_id=entry_id)
    return render(request, "glossary/entry_detail.html", _entry_context(actor, entry))


def _entry_context(actor: User, entry: GlossaryEntry) -> dict[str, Any]:
    space = entry.space
    manages = can(actor, space, Need.MANAGE)
    contributes = can(actor, space, Need.CONTRIBUTE)
    draft = selectors.glossary_draft(entry)
    current = entry.current
    return {
        "entry": entry, "space": space, "current": current, "draft": draft,
        "provenance": selectors.glossary_provenance(actor=actor, version=current)
        if current else None,
        "translations": selectors.glossary_translations(entry),
        "versions": selectors.glossary_versions(actor=actor, entry_id=entry.pk),
        "manages": manages, "contributes": contributes,
        "edits_draft": (entry.status == EntryStatus.REVISING and contributes)
        or (entry.status == EntryStatus.PROPOSED and (manages or is_own_proposal(actor, entry))),
        "deletes": manages or is_own_proposal(actor, entry),
        "draft_text": _text_of(draft.definition_html if draft else (
            current.definition_html if current else "")),
        "language": _language(), "credits": _credits_available(),
    }  # fmt: skip


def _text_of(definition_html: str) -> str:
    """A definition as editable plain text: paragraphs separated by blank lines."""
    blocks = re.split(r"</p>|<br\s*/?>", definition_html)
    return "\n\n".join(t for t in (plain_text(b) for b in blocks) if t)


def _credits_available() -> bool:
    """The credits app's `{% credits_block entry %}`, when it is installed (ruche.credits)."""
    return apps.is_installed("ruche.credits")


@page
def version_detail(request: HttpRequest, entry_id: object, version_id: object) -> HttpResponse:
    actor = actor_of(request)
    version = selectors.glossary_version_get(actor=actor, entry_id=entry_id, version_id=version_id)
    context = {
        "entry": version.entry, "space": version.entry.space, "version": version,
        "provenance": selectors.glossary_provenance(actor=actor, version=version),
    }  # fmt: skip
    return render(request, "glossary/version_detail.html", context)


def _approve(actor: User, entry_id: object, post: Any) -> str:
    services.glossary_entry_approve(actor=actor, entry_id=entry_id)
    return _("The definition is adopted.")


def _reopen(actor: User, entry_id: object, post: Any) -> str:
    services.glossary_entry_reopen(actor=actor, entry_id=entry_id, reason=post.get("reason", ""))
    return _("The entry is re-opened for revision.")


def _close_revision(actor: User, entry_id: object, post: Any) -> str:
    services.glossary_entry_revision_close(actor=actor, entry_id=entry_id)
    return _("The revision is closed; the adopted version stays.")


def _edit(actor: User, entry_id: object, post: Any) -> str:
    services.glossary_entry_update(
        actor=actor, entry_id=entry_id, term=post.get("term", ""),
        definition_html=_paragraphs(post.get("definition", "")),
    )  # fmt: skip
    return _("The draft is saved.")


def _variants_set(actor: User, entry_id: object, post: Any) -> str:
    services.glossary_entry_update(
        actor=actor, entry_id=entry_id, variants=_variants(post.get("variants", ""))
    )
    return _("The variants are saved.")


def _translate(actor: User, entry_id: object, post: Any) -> str:
    services.glossary_entry_translate(
        actor=actor, entry_id=entry_id, language=post.get("language", ""),
        term=post.get("term", ""), definition_html=_paragraphs(post.get("definition", "")),
    )  # fmt: skip
    return _("The translation is added.")


ACTIONS: dict[str, Callable[[User, object, Any], str]] = {
    "approve": _approve, "reopen": _reopen, "close-revision": _close_revision, "edit": _edit,
    "variants": _variants_set, "translate": _translate,
}  # fmt: skip


@page
@require_POST
def entry_change(request: HttpRequest, entry_id: object, action: str) -> HttpResponse:
    actor = actor_of(request)
    if action == "delete":
        entry = selectors.glossary_entry_get(actor=actor, entry_id=entry_id)
        services.glossary_entry_delete(actor=actor, entry_id=entry_id)
        messages.success(request, _("The entry was deleted."))
        return redirect("glossary:list", space_id=entry.space_id)
    if action not in ACTIONS:
        raise Http404()
    try:
        messages.success(request, ACTIONS[action](actor, entry_id, request.POST))
    except PROBLEMS as exc:
        messages.error(request, exc.detail)
    return redirect(_entry_url(entry_id))
