"""/api/v1 cohorts: pilot details, schedule, adaptations, attendance, calendars, video rooms."""

import uuid
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from ruche.cohorts import selectors, services, video
from ruche.cohorts.calendar import calendar_build
from ruche.cohorts.models import Attendance, Cohort, CohortSession
from ruche.cohorts.permissions import access_cohort, access_cohort_session
from ruche.core.errors import NotFound
from ruche.core.http import AuthedRequest
from ruche.spaces.permissions import Need, can

router = Router(tags=["cohorts"])


class CohortIn(Schema):
    module_id: uuid.UUID | None = None
    version: int | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    time_zone: str | None = None
    language: str | None = None
    mode: str | None = None
    default_place: str | None = None


class GenerateIn(Schema):
    start: date
    skip_weekends: bool = True
    replace: bool = False


class SessionPatch(Schema):
    version: int | None = None
    reason: str = ""
    title: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    mode: str | None = None
    place: str | None = None
    agenda: list[dict[str, Any]] | None = None
    documents: list[dict[str, Any]] | None = None
    status: str | None = None


class SessionIn(Schema):
    title: str
    starts_at: datetime
    ends_at: datetime
    mode: str | None = None
    place: str = ""
    agenda: list[dict[str, Any]] = []
    reason: str = ""


class ModeSwitchIn(Schema):
    mode: str
    since: datetime
    reason: str = ""


class AttendanceIn(Schema):
    user_id: int
    status: str


def cohort_out(c: Cohort) -> dict[str, Any]:
    release = c.release
    return {
        "id": str(c.pk), "space_id": str(c.space_id), "name": c.space.name,
        "module": {"module_id": str(release.module_id), "title": release.module.title,
                   "version": release.number} if release else None,
        "city": c.city, "region": c.region, "country": c.country, "time_zone": c.time_zone,
        "language": c.language, "mode": c.mode, "default_place": c.default_place,
        "starts_on": c.space.starts_on, "ends_on": c.space.ends_on,
    }  # fmt: skip


def session_out(s: CohortSession) -> dict[str, Any]:
    return {
        "id": str(s.pk), "cohort_id": str(s.cohort_id), "version": s.version,
        "day": s.day_title, "title": s.title, "starts_at": s.starts_at, "ends_at": s.ends_at,
        "mode": s.mode, "place": s.place, "status": s.status, "agenda": s.agenda,
        "documents": s.documents,
        "notes_pad_id": str(s.notes_pad_id) if s.notes_pad_id else None,
        "attendance": {str(a.user_id): a.status for a in s.attendance.all()},
    }  # fmt: skip


def _ics(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


@router.put("/spaces/{space_id}/cohort")
def cohort_setup(request: AuthedRequest, space_id: str, payload: CohortIn):
    fields = payload.dict(exclude_none=True)
    cohort = services.cohort_setup(actor=request.user, space_id=space_id, **fields)
    return cohort_out(cohort)


@router.get("/spaces/{space_id}/cohort")
def cohort_of_space(request: AuthedRequest, space_id: str):
    cohort = selectors.cohort_for_space(actor=request.user, space_id=space_id)
    if cohort is None:
        raise NotFound("This space has no pilot details yet.")
    return cohort_out(cohort)


@router.get("/cohorts/{cohort_id}")
def cohort_get(request: AuthedRequest, cohort_id: str):
    return cohort_out(access_cohort(request.user, cohort_id))


@router.post("/cohorts/{cohort_id}/schedule", response={201: list[dict]})
def schedule_generate(request: AuthedRequest, cohort_id: str, payload: GenerateIn):
    sessions = services.cohort_schedule_generate(
        actor=request.user, cohort_id=cohort_id, **payload.dict()
    )
    return Status(201, [session_out(s) for s in sessions])


@router.get("/cohorts/{cohort_id}/sessions")
def session_list(request: AuthedRequest, cohort_id: str):
    return [
        session_out(s)
        for s in selectors.cohort_session_list(actor=request.user, cohort_id=cohort_id)
    ]


@router.post("/cohorts/{cohort_id}/sessions", response={201: dict})
def session_add(request: AuthedRequest, cohort_id: str, payload: SessionIn):
    session = services.cohort_session_add(actor=request.user, cohort_id=cohort_id, **payload.dict())
    return Status(201, session_out(session))


@router.post("/cohorts/{cohort_id}/mode")
def mode_switch(request: AuthedRequest, cohort_id: str, payload: ModeSwitchIn):
    changed = services.cohort_mode_switch(actor=request.user, cohort_id=cohort_id, **payload.dict())
    return [session_out(s) for s in changed]


@router.get("/cohort-sessions/{session_id}")
def session_get(request: AuthedRequest, session_id: str):
    return session_out(access_cohort_session(request.user, session_id))


@router.patch("/cohort-sessions/{session_id}")
def session_update(request: AuthedRequest, session_id: str, payload: SessionPatch):
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    reason = changes.pop("reason", "")
    session = services.cohort_session_update(
        actor=request.user, session_id=session_id, version=version, reason=reason, **changes
    )
    return session_out(session)


@router.put("/cohort-sessions/{session_id}/attendance", response=dict)
def attendance_record(request: AuthedRequest, session_id: str, payload: AttendanceIn):
    record: Attendance = services.attendance_record(
        actor=request.user, session_id=session_id, **payload.dict()
    )
    return {"user_id": record.user_id, "status": record.status}


@router.get("/cohort-sessions/{session_id}/room")
def session_room(request: AuthedRequest, session_id: str):
    """The session's video room, for members only (everyone else: 404)."""
    session = access_cohort_session(request.user, session_id)
    moderator = can(request.user, session.cohort.space, Need.MANAGE)
    rooms = {"jitsi": video.jitsi_url(session, request.user)}
    if video.bbb_enabled():
        rooms["bigbluebutton"] = video.bbb_join_url(session, request.user, moderator=moderator)
    return rooms


@router.get("/cohorts/{cohort_id}/adaptations")
def adaptation_list(request: AuthedRequest, cohort_id: str):
    return selectors.pilot_summary(actor=request.user, cohort_id=cohort_id)["adaptations"]


@router.get("/cohorts/{cohort_id}/summary")
def pilot_summary(request: AuthedRequest, cohort_id: str):
    return selectors.pilot_summary(actor=request.user, cohort_id=cohort_id)


@router.get("/cohorts/{cohort_id}/calendar.ics")
def cohort_calendar(request: AuthedRequest, cohort_id: str):
    sessions = selectors.cohort_session_list(actor=request.user, cohort_id=cohort_id)
    cohort = access_cohort(request.user, cohort_id)
    return _ics(calendar_build(sessions, name=cohort.space.name), "cohort")


@router.post("/me/calendars", response={201: dict})
def calendar_feed_create(request: AuthedRequest, cohort_id: uuid.UUID | None = None):
    feed = services.calendar_feed_create(actor=request.user, cohort_id=cohort_id)
    return Status(201, {"id": feed.pk, "url": feed_url(feed.token), "cohort_id": cohort_id})


@router.get("/me/calendars")
def calendar_feed_list(request: AuthedRequest):
    return [
        {
            "id": f.pk,
            "url": feed_url(f.token),
            "cohort_id": str(f.cohort_id) if f.cohort_id else None,
        }
        for f in selectors.calendar_feed_list(actor=request.user)
    ]


@router.delete("/me/calendars/{feed_id}", response={204: None})
def calendar_feed_revoke(request: AuthedRequest, feed_id: int):
    services.calendar_feed_revoke(actor=request.user, feed_id=feed_id)
    return Status(204, None)


def feed_url(token: str) -> str:
    return f"{settings.BASE_URL}/calendar/{token}.ics"


def private_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private calendar URL (no login: calendar apps can't log in; the token is it)."""
    name, sessions = selectors.feed_sessions(token=token)
    return _ics(calendar_build(sessions, name=name), "ruche")
