"""Definition pages: a space's processes (and the form to start one), one process at its
current step, and its provenance. Every form posts plainly (no JavaScript needed) to one
action endpoint and comes back to the process page with a message."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruche.core.errors import Conflict, Invalid
from ruche.core.pages import actor_of, page
from ruche.definitions import adoption, amendments, exports, provenance, selectors, services
from ruche.definitions.models import Anonymity
from ruche.definitions.permissions import amendment_of_process
from ruche.library.selectors import item_list
from ruche.spaces.permissions import Need, access_space, can

PROBLEMS = (Invalid, Conflict)
MAX_ITEMS_SHOWN = 100  # library items offered as references in the start form


@page
def process_list(request: HttpRequest, space_id: object) -> HttpResponse:
    actor = actor_of(request)
    space = access_space(actor, space_id)
    error = ""
    if request.method == "POST":
        try:
            process = services.process_create(
                actor=actor, space_id=space.pk, term=request.POST.get("term", ""),
                prompt=request.POST.get("prompt", ""),
                language=request.POST.get("language", "en"),
                anonymity=request.POST.get("anonymity", Anonymity.NONE),
                references=[{"item_id": i} for i in request.POST.getlist("items")]
                + _links(request.POST.get("links", "")),
            )  # fmt: skip
        except PROBLEMS as exc:
            error = exc.detail
        else:
            return redirect(reverse("definitions:process", args=[process.pk]))
    context = {"space": space, "error": error, "manages": can(actor, space, Need.MANAGE),
               "processes": selectors.process_list(actor=actor, space_id=space.pk),
               "anonymities": Anonymity.choices,
               "items": item_list(space=space)[:MAX_ITEMS_SHOWN]}  # fmt: skip
    return render(request, "definitions/process_list.html", context)


def _links(text: str) -> list[dict[str, str]]:
    """One reference a line: an address, optionally followed by a title."""
    links = []
    for line in text.splitlines():
        url, _sep, title = line.strip().partition(" ")
        if url:
            links.append({"url": url, "title": title.strip()})
    return links


@page
def process_detail(request: HttpRequest, process_id: object) -> HttpResponse:
    actor = actor_of(request)
    process = selectors.process_get(actor=actor, process_id=process_id)
    context = {
        "process": process, "space": process.space,
        "p": selectors.process_document(actor=actor, process=process),
        "individual": selectors.individual_list(actor=actor, process=process),
        "ideas": selectors.ideas_list(actor=actor, process=process),
        "amendments": selectors.amendment_list(actor=actor, process=process),
        "draft": selectors.draft_current_text(process),
    }  # fmt: skip
    return render(request, "definitions/process_detail.html", context)


@page
def provenance_page(request: HttpRequest, process_id: object) -> HttpResponse:
    actor = actor_of(request)
    process = selectors.process_get(actor=actor, process_id=process_id)
    document = provenance.provenance_document(actor=actor, process=process)
    context = {"process": process, "space": process.space, "prov": document}
    return render(request, "definitions/provenance.html", context)


@page
def provenance_export(request: HttpRequest, process_id: object) -> HttpResponse:
    actor = actor_of(request)
    process = selectors.process_get(actor=actor, process_id=process_id)
    return exports.provenance_response(actor=actor, process=process)


def _flag(value: str | None) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


ACTIONS: dict[str, Callable[[Any, str, Any], object]] = {
    "mine": lambda a, pid, f: services.definition_write(
        actor=a, process_id=pid, text=f.get("text", "")),
    "edit": lambda a, pid, f: services.process_update(
        actor=a, process_id=pid, term=f.get("term"), prompt=f.get("prompt"),
        language=f.get("language")),
    "reveal": lambda a, pid, f: services.process_reveal(actor=a, process_id=pid),
    "advance": lambda a, pid, f: services.process_advance(actor=a, process_id=pid),
    "group": lambda a, pid, f: services.ideas_group(actor=a, process_id=pid),
    "vote": lambda a, pid, f: services.ideas_vote_open(actor=a, process_id=pid),
    "include": lambda a, pid, f: services.idea_include(
        actor=a, process_id=pid, card_id=f.get("card_id"), included=f.get("included") == "1"),
    "amend": lambda a, pid, f: amendments.amendment_propose(
        actor=a, process_id=pid, passage=f.get("passage", ""),
        replacement=f.get("replacement", ""), rationale=f.get("rationale", "")),
    "stance": lambda a, pid, f: amendments.amendment_stance_take(
        actor=a, amendment_id=amendment_of_process(a, pid, f.get("amendment_id")),
        stance=f.get("stance", ""), reason=f.get("reason", "")),
    "settle": lambda a, pid, f: amendments.amendment_settle(
        actor=a, amendment_id=amendment_of_process(a, pid, f.get("amendment_id")),
        accept=_flag(f.get("accept"))),
    "amendment_decision": lambda a, pid, f: amendments.amendment_decision_open(
        actor=a, amendment_id=amendment_of_process(a, pid, f.get("amendment_id"))),
    "adoption": lambda a, pid, f: adoption.adoption_open(actor=a, process_id=pid),
    "reopen": lambda a, pid, f: adoption.amendments_reopen(actor=a, process_id=pid),
    "adopt": lambda a, pid, f: adoption.process_adopt(actor=a, process_id=pid),
}  # fmt: skip


@require_POST
@page
def process_act(request: HttpRequest, process_id: object) -> HttpResponse:
    actor = actor_of(request)
    process = selectors.process_get(actor=actor, process_id=process_id)
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Unknown action."))
    else:
        try:
            action(actor, str(process.pk), request.POST)
        except PROBLEMS as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, _("Done."))
    return redirect(reverse("definitions:process", args=[process.pk]) + "#step")
