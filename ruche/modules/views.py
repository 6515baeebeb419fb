"""Module pages: the list of a space's modules and the co-editing workspace of one module.

The programme editor posts small forms (with htmx, or plainly without JavaScript); each
answer re-renders the programme. A stale save (412) re-opens the form with the other
person's version beside mine: the merge.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruche.core.errors import Conflict, Invalid, PreconditionFailed
from ruche.core.pages import actor_of, page
from ruche.modules import selectors, services
from ruche.modules.forms import ActivityForm, ModuleDetailsForm
from ruche.modules.models import ActivityKind, Module, ModuleStatus
from ruche.modules.permissions import access_learning_activity, access_module
from ruche.spaces.permissions import Need, access_space, can

PROBLEMS = (Invalid, Conflict)


def _module_url(module_id: object, name: str = "module") -> str:
    return reverse(f"modules:{name}", args=[module_id])


def _frame(request: HttpRequest, module: Module, tab: str) -> dict[str, Any]:
    actor = actor_of(request)
    return {
        "module": module, "space": module.space, "tab": tab,
        "edits": can(actor, module.space, Need.MANAGE),
        "comments_allowed": can(actor, module.space, Need.CONTRIBUTE),
        "lineage": selectors.module_lineage(actor=actor, module_id=module.pk),
        "statuses": ModuleStatus.choices,
    }  # fmt: skip


def _programme(request: HttpRequest, module: Module, **extra: Any) -> HttpResponse:
    context = {**_frame(request, module, "programme"), "kinds": ActivityKind.choices, **extra}
    units = list(module.units.prefetch_related("sessions__activities__skills"))
    context.update(units=units, total_minutes=sum(unit.total_minutes for unit in units))
    template = "modules/_programme.html" if request.htmx else "modules/module_detail.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _after_change(request: HttpRequest, module_id: object, **extra: Any) -> HttpResponse:
    module = access_module(actor_of(request), module_id)
    if not request.htmx and not extra:  # type: ignore[attr-defined]
        return redirect(_module_url(module.pk))
    return _programme(request, module, **extra)


# The list


@page
def module_list(request: HttpRequest, space_id: object) -> HttpResponse:
    actor = actor_of(request)
    space = access_space(actor, space_id)
    if request.method == "POST":
        try:
            module = services.module_create(
                actor=actor, space_id=space.id, title=request.POST.get("title", "")
            )
        except PROBLEMS as exc:
            messages.error(request, exc.detail)
        else:
            return redirect(_module_url(module.pk))
    context = {
        "space": space, "modules": selectors.module_list(actor=actor, space_id=space.id),
        "edits": can(actor, space, Need.MANAGE),
    }  # fmt: skip
    return render(request, "modules/module_list.html", context)


# The programme editor


@page
def module_detail(request: HttpRequest, module_id: object) -> HttpResponse:
    return _programme(request, access_module(actor_of(request), module_id))


@page
@require_POST
def unit_add(request: HttpRequest, module_id: object) -> HttpResponse:
    return _create(request, module_id, services.unit_create, module_id=module_id)


@page
@require_POST
def session_add(request: HttpRequest, module_id: object, unit_id: object) -> HttpResponse:
    return _create(request, module_id, services.session_create, unit_id=unit_id)


@page
@require_POST
def activity_add(request: HttpRequest, module_id: object, session_id: object) -> HttpResponse:
    return _create(
        request, module_id, services.activity_create, session_id=session_id,
        kind=request.POST.get("kind") or ActivityKind.COLLECTIVE,
        duration_minutes=_minutes(request.POST.get("duration_minutes")),
    )  # fmt: skip


def _minutes(raw: str | None) -> int:
    try:
        return max(0, min(int(raw or 60), 24 * 60))
    except ValueError:
        return 60


def _create(request: HttpRequest, page_module: object, create: Any, **fields: Any) -> HttpResponse:
    try:
        create(actor=actor_of(request), title=request.POST.get("title", ""), **fields)
    except PROBLEMS as exc:
        return _after_change(request, page_module, problem=exc.detail)
    return _after_change(request, page_module)


@page
@require_POST
def activity_edit(request: HttpRequest, module_id: object, activity_id: object) -> HttpResponse:
    actor = actor_of(request)
    activity = access_learning_activity(actor, activity_id, Need.MANAGE)
    form = ActivityForm(request.POST)
    if not form.is_valid():
        return _after_change(request, module_id, editing=activity.pk, form=form)
    data = form.cleaned_data
    try:
        services.activity_update(
            actor=actor, activity_id=activity.pk, version=data.pop("version"), **data
        )
    except PreconditionFailed as exc:
        return _after_change(request, module_id, editing=activity.pk, form=form, theirs=exc.current)
    except PROBLEMS as exc:
        return _after_change(request, module_id, editing=activity.pk, form=form, problem=exc.detail)
    return _after_change(request, module_id)


@page
@require_POST
def activity_move(request: HttpRequest, module_id: object, activity_id: object) -> HttpResponse:
    """Move by one place (`direction` up/down), or to `session` at `position` (drag and drop)."""
    actor = actor_of(request)
    activity = access_learning_activity(actor, activity_id, Need.MANAGE)
    target = _move_target(activity, request.POST)
    try:
        services.activity_update(
            actor=actor, activity_id=activity.pk, version=activity.version, **target
        )
    except PROBLEMS as exc:
        return _after_change(request, module_id, problem=exc.detail)
    return _after_change(request, module_id, focus=f"move-{activity.pk}")


def _move_target(activity: Any, data: Any) -> dict[str, Any]:
    direction = data.get("direction")
    if direction in ("up", "down"):
        step = -1 if direction == "up" else 1
        return {"position": max(0, activity.position + step)}
    target: dict[str, Any] = {"position": _minutes(data.get("position", "0"))}
    if data.get("session"):
        target["session_id"] = data["session"]
    return target


@page
@require_POST
def activity_duplicate(
    request: HttpRequest, module_id: object, activity_id: object
) -> HttpResponse:
    services.activity_duplicate(actor=actor_of(request), activity_id=activity_id)
    return _after_change(request, module_id)


@page
@require_POST
def element_delete(
    request: HttpRequest, module_id: object, entity: str, element_id: object
) -> HttpResponse:
    delete = {
        "unit": lambda: services.unit_delete(actor=actor_of(request), unit_id=element_id),
        "session": lambda: services.session_delete(actor=actor_of(request), session_id=element_id),
        "activity": lambda: services.activity_delete(
            actor=actor_of(request), activity_id=element_id
        ),
    }[entity]
    delete()
    return _after_change(request, module_id)


# Details, versions, changes, comments


@page
def module_details(request: HttpRequest, module_id: object) -> HttpResponse:
    actor = actor_of(request)
    module = access_module(actor, module_id)
    form = ModuleDetailsForm(request.POST or None, module=module)
    theirs = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.module_update(
                actor=actor, module_id=module.pk, version=data.pop("version"), **data
            )
        except PreconditionFailed as exc:
            theirs = exc.current
            messages.warning(request, exc.detail)
        except PROBLEMS as exc:
            form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Saved."))
            return redirect(_module_url(module.pk, "details"))
    context = {**_frame(request, module, "details"), "form": form, "theirs": theirs}
    return render(request, "modules/module_details.html", context)


@page
def module_versions(request: HttpRequest, module_id: object) -> HttpResponse:
    actor = actor_of(request)
    module = access_module(actor, module_id)
    if request.method == "POST":
        release = services.module_publish(
            actor=actor, module_id=module.pk, notes=request.POST.get("notes", "")
        )
        messages.success(request, _("Version %(n)s published.") % {"n": release.number})
        return redirect(_module_url(module.pk, "versions"))
    releases = selectors.module_release_list(actor=actor, module_id=module.pk)
    diff = _diff_from_query(request, module)
    context = {**_frame(request, module, "versions"), "releases": releases, "diff": diff}
    return render(request, "modules/module_versions.html", context)


def _diff_from_query(request: HttpRequest, module: Module) -> dict[str, Any] | None:
    if "from" not in request.GET:
        return None
    to_module = request.GET.get("to_module") or None
    result = selectors.module_diff(
        actor=actor_of(request), module_id=module.pk, from_version=request.GET["from"],
        to_version=request.GET.get("to", "current"), to_module_id=to_module,
    )  # fmt: skip
    return {"from": request.GET["from"], "to": request.GET.get("to", "current"), "result": result}


@page
@require_POST
def module_fork(request: HttpRequest, module_id: object, number: int) -> HttpResponse:
    fork = services.module_fork(
        actor=actor_of(request), module_id=module_id, number=number,
        title=request.POST.get("title", ""), space_id=request.POST.get("space") or None,
    )  # fmt: skip
    messages.success(
        request,
        _("“%(title)s” was forked from version %(n)s.") % {"title": fork.title, "n": number},
    )
    return redirect(_module_url(fork.pk))


@page
def module_changes(request: HttpRequest, module_id: object) -> HttpResponse:
    actor = actor_of(request)
    module = access_module(actor, module_id)
    changes = selectors.module_change_list(actor=actor, module_id=module.pk)[:200]
    return render(
        request,
        "modules/module_changes.html",
        {**_frame(request, module, "changes"), "changes": changes},
    )


@page
def module_comments(request: HttpRequest, module_id: object) -> HttpResponse:
    actor = actor_of(request)
    module = access_module(actor, module_id)
    if request.method == "POST":
        try:
            services.comment_add(
                actor=actor, module_id=module.pk, body=request.POST.get("body", ""),
                parent_id=request.POST.get("parent") or None,
                entity=request.POST.get("entity") or "module",
                entity_id=request.POST.get("entity_id", ""),
            )  # fmt: skip
        except PROBLEMS as exc:
            messages.error(request, exc.detail)
        return redirect(_module_url(module.pk, "comments"))
    comments = list(selectors.comment_list(actor=actor, module_id=module.pk))
    titles = _element_titles(module)
    threads = [c for c in comments if c.parent_id is None]
    for thread in threads:
        thread.thread_replies = [r for r in comments if r.parent_id == thread.pk]  # type: ignore[attr-defined]
        thread.about = titles.get(thread.entity_id, "")  # type: ignore[attr-defined]
    about = request.GET.get("entity_id", "")
    context = {
        **_frame(request, module, "comments"), "threads": threads,
        "new_entity": request.GET.get("entity", "module"), "new_entity_id": about,
        "new_about": titles.get(about, ""),
    }  # fmt: skip
    return render(request, "modules/module_comments.html", context)


def _element_titles(module: Module) -> dict[str, str]:
    """Titles of the module's elements by id, to say what a comment is about."""
    titles = {str(module.pk): module.title}
    for unit in module.units.prefetch_related("sessions__activities"):
        titles[str(unit.pk)] = unit.title
        for session in unit.sessions.all():
            titles[str(session.pk)] = f"{unit.title} · {session.title}"
            for activity in session.activities.all():
                titles[str(activity.pk)] = activity.title
    return titles


@page
@require_POST
def comment_resolve(request: HttpRequest, module_id: object, comment_id: object) -> HttpResponse:
    services.comment_resolve(
        actor=actor_of(request), comment_id=comment_id, resolved=request.POST.get("resolved") != "0"
    )
    return redirect(_module_url(module_id, "comments"))
