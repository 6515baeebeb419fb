"""Decision pages: a space's decisions, and one decision with its forms.

Every form posts plainly (no JavaScript needed) and comes back to the decision page; the
results block refreshes itself with htmx while the decision is open.
"""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruche.core.errors import Conflict, Invalid
from ruche.core.pages import actor_of, page
from ruche.decisions import exports, selectors, services
from ruche.decisions.forms import DecisionForm, ballot_from_form, paragraphs_html
from ruche.decisions.models import Availability, Decision, Process, Stance
from ruche.decisions.permissions import may_propose
from ruche.decisions.presentation import option_label, result_view
from ruche.spaces.permissions import Need, access_space, can

PROBLEMS = (Invalid, Conflict)


def _decision_url(decision_id: object) -> str:
    return reverse("decisions:decision", args=[decision_id])


@page
def decision_list(request: HttpRequest, space_id: object) -> HttpResponse:
    actor = actor_of(request)
    space = access_space(actor, space_id)
    form = DecisionForm(request.POST or None, initial={"process": "consent"})
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(
                actor=actor, space_id=space.pk, **form.service_arguments()
            )
        except PROBLEMS as exc:
            form.add_error(None, exc.detail)
        else:
            return redirect(_decision_url(decision.pk))
    decisions = list(selectors.decision_list(actor=actor, space_id=space.pk))
    context = {
        "space": space, "form": form, "proposes": may_propose(actor, space),
        "open": [d for d in decisions if not d.is_closed],
        "awaiting": {d.pk for d in decisions if selectors.decision_awaits(actor=actor, decision=d)},
        "closed": [d for d in decisions if d.is_closed],
    }  # fmt: skip
    return render(request, "decisions/decision_list.html", context)


def _page_context(request: HttpRequest, decision: Decision) -> dict[str, Any]:
    document = selectors.decision_document(actor=actor_of(request), decision=decision)
    mine = document["mine"] or {}
    return {
        "decision": decision, "d": document, "space": decision.space,
        "view": result_view(document), "stances": Stance.choices,
        "availabilities": Availability.choices, "mine": mine,
        "options": [
            {**o, "text": option_label(o), "mine": _my_value(mine.get("ballot") or {}, o["id"])}
            for o in document["options"]
        ],
        "schedules": _schedules(request, decision),
        "context_text": exports.html_to_text(decision.context),
        "awaits": selectors.decision_awaits(actor=actor_of(request), decision=decision),
    }  # fmt: skip


def _my_value(ballot: dict[str, Any], option_id: str) -> Any:
    """What my current vote gave this option, to fill the form again."""
    if "ranking" in ballot:
        ranking = ballot["ranking"]
        return ranking.index(option_id) + 1 if option_id in ranking else None
    if "choices" in ballot:
        return option_id in ballot["choices"]
    for key in ("scores", "dots", "answers"):
        if key in ballot:
            return ballot[key].get(option_id)
    return None


def _schedules(request: HttpRequest, decision: Decision) -> bool:
    """Whether to offer turning the time poll's chosen slot into a cohort session."""
    if decision.process != Process.TIME_POLL or not decision.is_closed:
        return False
    return decision.cohort_session_id is None and can(
        actor_of(request), decision.space, Need.MANAGE
    )


@page
def decision_detail(request: HttpRequest, decision_id: object) -> HttpResponse:
    decision = selectors.decision_get(actor=actor_of(request), decision_id=decision_id)
    return render(request, "decisions/decision_detail.html", _page_context(request, decision))


@page
def decision_results(request: HttpRequest, decision_id: object) -> HttpResponse:
    decision = selectors.decision_get(actor=actor_of(request), decision_id=decision_id)
    return render(request, "decisions/_results.html", _page_context(request, decision))


def _act(request: HttpRequest, decision_id: object, action: Any, done: str) -> HttpResponse:
    try:
        action()
    except PROBLEMS as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, done)
    return redirect(_decision_url(decision_id))


@page
@require_POST
def position_take(request: HttpRequest, decision_id: object) -> HttpResponse:
    return _act(
        request, decision_id,
        lambda: services.position_take(
            actor=actor_of(request), decision_id=decision_id,
            position=request.POST.get("position", ""), reason=request.POST.get("reason", ""),
        ),
        _("Your position is recorded."),
    )  # fmt: skip


@page
@require_POST
def vote_cast(request: HttpRequest, decision_id: object) -> HttpResponse:
    decision = selectors.decision_get(actor=actor_of(request), decision_id=decision_id)

    def cast() -> None:
        ballot = ballot_from_form(decision.process, decision.poll_kind, request.POST)
        services.vote_cast(actor=actor_of(request), decision_id=decision.pk, ballot=ballot)

    return _act(request, decision_id, cast, _("Your vote is recorded."))


@page
@require_POST
def decision_revise(request: HttpRequest, decision_id: object) -> HttpResponse:
    decision = selectors.decision_get(actor=actor_of(request), decision_id=decision_id)
    return _act(
        request, decision_id,
        lambda: services.decision_revise(
            actor=actor_of(request), decision_id=decision.pk,
            question=request.POST.get("question", ""),
            context=_revised_context(decision, request.POST.get("context", "")),
            note=request.POST.get("note", ""),
        ),
        _("The proposal is revised."),
    )  # fmt: skip


def _revised_context(decision: Decision, text: str) -> str | None:
    """The page edits the context as plain text; unchanged text keeps the original (links)."""
    if text.strip() == exports.html_to_text(decision.context):
        return None
    return paragraphs_html(text)


@page
@require_POST
def decision_close(request: HttpRequest, decision_id: object) -> HttpResponse:
    return _act(
        request, decision_id,
        lambda: services.decision_close(
            actor=actor_of(request), decision_id=decision_id,
            outcome=request.POST.get("outcome", ""),
        ),
        _("The decision is closed and its outcome recorded."),
    )  # fmt: skip


@page
@require_POST
def decision_remind(request: HttpRequest, decision_id: object) -> HttpResponse:
    try:
        people = services.decision_remind(actor=actor_of(request), decision_id=decision_id)
    except PROBLEMS as exc:
        messages.error(request, exc.detail)
    else:
        if people:
            messages.success(request, _("%(n)s people were reminded.") % {"n": len(people)})
        else:
            messages.info(request, _("Nobody to remind: all took part or were reminded lately."))
    return redirect(_decision_url(decision_id))


@page
@require_POST
def decision_session(request: HttpRequest, decision_id: object) -> HttpResponse:
    return _act(
        request, decision_id,
        lambda: services.decision_session_create(
            actor=actor_of(request), decision_id=decision_id,
            option_id=request.POST.get("option") or None,
        ),
        _("The session is added to the cohort's schedule."),
    )  # fmt: skip


@page
def decision_export(request: HttpRequest, decision_id: object, format: str) -> HttpResponse:
    try:
        return exports.decision_export_response(
            actor=actor_of(request), decision_id=decision_id, format=format
        )
    except Invalid as exc:
        raise Http404() from exc
