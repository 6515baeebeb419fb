"""Pilot pages: set a cohort up, follow and adapt its schedule, sessions with their room,
notes and attendance. Thin: gate, call a service or a selector, render."""

import zoneinfo
from datetime import datetime
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruche.cohorts import selectors, services, video
from ruche.cohorts.forms import ModeSwitchForm, PilotSetupForm, SessionAdaptForm
from ruche.cohorts.models import AttendanceStatus, Cohort, CohortSession, SessionStatus
from ruche.cohorts.permissions import access_cohort_session
from ruche.core.errors import Conflict, Invalid, PreconditionFailed
from ruche.core.pages import actor_of, page
from ruche.pads.selectors import pad_list
from ruche.spaces.models import Membership
from ruche.spaces.permissions import Need, access_space, can

PROBLEMS = (Invalid, Conflict, PreconditionFailed)


def _pilot_url(space_id: object) -> str:
    return reverse("cohorts:pilot", args=[space_id])


def _now_minute() -> datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


def _local(value: datetime, zone: str) -> datetime:
    return timezone.localtime(value, zoneinfo.ZoneInfo(zone))


@page
def pilot(request: HttpRequest, space_id: object) -> HttpResponse:
    actor = actor_of(request)
    space = access_space(actor, space_id)
    cohort = selectors.cohort_for_space(actor=actor, space_id=space.id)
    manages = can(actor, space, Need.MANAGE)
    if cohort is None or cohort.release is None:
        return _setup(request, space, manages)
    sessions = list(selectors.cohort_session_list(actor=actor, cohort_id=cohort.pk))
    for session in sessions:
        session.local_start = _local(session.starts_at, cohort.time_zone)  # type: ignore[attr-defined]
        session.local_end = _local(session.ends_at, cohort.time_zone)  # type: ignore[attr-defined]
    days = [
        (day, list(items))
        for day, items in groupby(sessions, key=lambda s: s.local_start.date())  # type: ignore[attr-defined]
    ]
    context = {
        "space": space, "cohort": cohort, "days": days, "manages": manages,
        "summary": selectors.pilot_summary(actor=actor, cohort_id=cohort.pk),
        "switch_form": ModeSwitchForm(initial={"since": _now_minute()}),
        "feeds": selectors.calendar_feed_list(actor=actor),
        "productions": pad_list(actor=actor, space_id=space.id)[:20],
    }  # fmt: skip
    return render(request, "cohorts/pilot.html", context)


def _setup(request: HttpRequest, space: Any, manages: bool) -> HttpResponse:
    releases = (
        selectors.cohort_release_choices(actor=actor_of(request), space_id=space.id)
        if manages
        else []
    )
    form = PilotSetupForm(request.POST or None, releases=releases)
    if request.method == "POST" and manages and form.is_valid():
        data = form.cleaned_data
        release = form.releases[data.pop("release")]
        start, skip = data.pop("start"), data.pop("skip_weekends")
        try:
            cohort = services.cohort_setup(
                actor=actor_of(request),
                space_id=space.id,
                module_id=release.module_id,
                version=release.number,
                **data,
            )
            services.cohort_schedule_generate(
                actor=actor_of(request), cohort_id=cohort.pk, start=start, skip_weekends=skip
            )
        except PROBLEMS as exc:
            form.add_error(None, exc.detail)
        else:
            messages.success(request, _("The schedule is ready."))
            return redirect(_pilot_url(space.id))
    return render(
        request, "cohorts/pilot_setup.html", {"space": space, "form": form, "manages": manages}
    )


@page
@require_POST
def mode_switch(request: HttpRequest, space_id: object, cohort_id: object) -> HttpResponse:
    form = ModeSwitchForm(request.POST)
    if form.is_valid():
        changed = services.cohort_mode_switch(
            actor=actor_of(request), cohort_id=cohort_id, **form.cleaned_data
        )
        messages.success(request, _("%(n)s sessions changed.") % {"n": len(changed)})
    else:
        messages.error(request, _("Choose a mode and a starting date."))
    return redirect(_pilot_url(space_id))


@page
def session_detail(request: HttpRequest, session_id: object) -> HttpResponse:
    actor = actor_of(request)
    session = access_cohort_session(actor, session_id)
    cohort = session.cohort
    manages = can(actor, cohort.space, Need.MANAGE)
    form = _adapt_form(request, session, cohort)
    adapted = request.method == "POST" and manages and form.is_valid()
    if adapted and _adapt(request, session, form.cleaned_data):
        return redirect(reverse("cohorts:session", args=[session.pk]))
    context = {
        "session": session, "cohort": cohort, "space": cohort.space, "manages": manages,
        "form": form, "local_start": _local(session.starts_at, cohort.time_zone),
        "local_end": _local(session.ends_at, cohort.time_zone),
        "members": _attendance_rows(session) if manages else [],
        "statuses": AttendanceStatus.choices,
        "contributes": can(actor, cohort.space, Need.CONTRIBUTE),
        "adaptations": session.adaptations.select_related("actor"),
    }  # fmt: skip
    return render(request, "cohorts/session.html", context)


def _adapt_form(request: HttpRequest, session: CohortSession, cohort: Cohort) -> SessionAdaptForm:
    zone = zoneinfo.ZoneInfo(cohort.time_zone)
    with timezone.override(zone):
        initial = {
            "version": session.version, "mode": session.mode, "place": session.place,
            "starts_at": _local(session.starts_at, cohort.time_zone).replace(tzinfo=None),
            "ends_at": _local(session.ends_at, cohort.time_zone).replace(tzinfo=None),
            "cancelled": session.status == SessionStatus.CANCELLED,
        }  # fmt: skip
        form = SessionAdaptForm(request.POST or None, initial=initial)
        if request.method == "POST":
            form.is_valid()  # datetimes are read in the cohort's time zone
    return form


def _adapt(request: HttpRequest, session: CohortSession, data: dict[str, Any]) -> bool:
    changes = {k: data[k] for k in ("starts_at", "ends_at", "mode", "place")}
    changes["status"] = SessionStatus.CANCELLED if data["cancelled"] else SessionStatus.PLANNED
    try:
        services.cohort_session_update(
            actor=actor_of(request),
            session_id=session.pk,
            version=data["version"],
            reason=data["reason"],
            **changes,
        )
    except PROBLEMS as exc:
        messages.error(request, exc.detail)
        return False
    messages.success(request, _("Session updated; the change is recorded for the pilot report."))
    return True


def _attendance_rows(session: CohortSession) -> list[dict[str, Any]]:
    marks = {a.user_id: a.status for a in session.attendance.all()}
    members = Membership.objects.filter(space=session.cohort.space).select_related("user")
    return [{"user": m.user, "role": m.role, "status": marks.get(m.user_id, "")} for m in members]


@page
@require_POST
def attendance(request: HttpRequest, session_id: object) -> HttpResponse:
    actor = actor_of(request)
    for key in request.POST:
        status = request.POST.get(key, "")
        if key.startswith("user-") and status:
            services.attendance_record(
                actor=actor, session_id=session_id, user_id=int(key[5:]), status=status
            )
    messages.success(request, _("Attendance saved."))
    return redirect(reverse("cohorts:session", args=[session_id]))


@page
def session_join(request: HttpRequest, session_id: object) -> HttpResponse:
    """The video room, for members only: hidden sessions are 404 like everything else."""
    session = access_cohort_session(actor_of(request), session_id)
    if video.bbb_enabled():
        manages = can(actor_of(request), session.cohort.space, Need.MANAGE)
        return redirect(video.bbb_join_url(session, actor_of(request), moderator=manages))
    return redirect(video.jitsi_url(session, actor_of(request)))


@page
@require_POST
def session_document_add(request: HttpRequest, session_id: object) -> HttpResponse:
    session = access_cohort_session(actor_of(request), session_id, Need.MANAGE)
    document = {"label": request.POST.get("label", ""), "url": request.POST.get("url", "")}
    try:
        services.cohort_session_update(
            actor=actor_of(request), session_id=session.pk, version=session.version,
            documents=[*session.documents, document],
        )  # fmt: skip
    except PROBLEMS as exc:
        messages.error(request, exc.detail)
    return redirect(reverse("cohorts:session", args=[session.pk]))


@page
@require_POST
def session_notes(request: HttpRequest, session_id: object) -> HttpResponse:
    pad = services.cohort_session_notes_pad(actor=actor_of(request), session_id=session_id)
    return redirect(reverse("pads:pad", args=[pad.pk]))


@page
@require_POST
def calendar_feed_new(request: HttpRequest) -> HttpResponse:
    cohort_id = request.POST.get("cohort") or None
    services.calendar_feed_create(actor=actor_of(request), cohort_id=cohort_id)
    messages.success(
        request, _("Your private calendar address is ready. Paste it into your calendar app.")
    )
    return redirect(request.POST.get("next") or "/")


@page
@require_POST
def calendar_feed_revoke(request: HttpRequest, feed_id: int) -> HttpResponse:
    services.calendar_feed_revoke(actor=actor_of(request), feed_id=feed_id)
    messages.success(request, _("That calendar address no longer works."))
    return redirect(request.POST.get("next") or "/")
