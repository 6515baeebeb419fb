"""Writes about pilots: setting a cohort up, generating and adapting its schedule,
attendance, calendar feeds. Every change of mode or content is recorded as an Adaptation."""

import secrets
import zoneinfo
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.cohorts.models import (
    Adaptation,
    AdaptationKind,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Cohort,
    CohortSession,
    Mode,
    SessionStatus,
)
from ruche.cohorts.permissions import access_cohort, access_cohort_session
from ruche.cohorts.schedule import plan_sessions
from ruche.core.errors import Conflict, Invalid, NotFound, PreconditionFailed
from ruche.modules.permissions import access_release
from ruche.pads.models import Pad
from ruche.pads.services import pad_create
from ruche.spaces.models import Membership, SpaceKind
from ruche.spaces.permissions import Need, access_space, space_role
from ruche.spaces.services import activity_record

COHORT_FIELDS = {"city", "region", "country", "time_zone", "language", "mode", "default_place"}


def _check_zone(name: str) -> None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise Invalid(_("Unknown time zone: %(tz)s.") % {"tz": name}) from exc


def _check_mode(mode: str) -> None:
    if mode not in Mode.values:
        raise Invalid(_("Unknown mode: %(m)s.") % {"m": mode})


@transaction.atomic
def cohort_setup(
    *, actor: User, space_id: object, module_id: object = None, version: int | None = None,
    **fields: Any,
) -> Cohort:  # fmt: skip
    """Attach pilot details (and the module version it runs) to a cohort space."""
    space = access_space(actor, space_id, Need.MANAGE)
    if space.kind != SpaceKind.COHORT:
        raise Invalid(_("Only a cohort space can run a pilot."))
    unknown = set(fields) - COHORT_FIELDS
    if unknown:
        raise Invalid(_("Unknown fields: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if "time_zone" in fields:
        _check_zone(fields["time_zone"])
    if "mode" in fields:
        _check_mode(fields["mode"])
    cohort, _created = Cohort.objects.get_or_create(space=space)
    if module_id is not None and version is not None:
        cohort.release = access_release(actor, module_id, version)
    for name, value in fields.items():
        setattr(cohort, name, value)
    cohort.save()
    return cohort


@transaction.atomic
def cohort_schedule_generate(
    *, actor: User, cohort_id: object, start: date, skip_weekends: bool = True,
    replace: bool = False,
) -> list[CohortSession]:  # fmt: skip
    """Create the dated sessions from the module version the cohort runs."""
    cohort = access_cohort(actor, cohort_id, Need.MANAGE)
    if cohort.release is None:
        raise Invalid(_("Choose the module version this cohort runs first."))
    if cohort.sessions.exists():
        if not replace:
            raise Conflict(_("This cohort already has a schedule."))
        cohort.sessions.all().delete()
        cohort.adaptations.all().delete()
    planned = plan_sessions(
        cohort.release.snapshot["module"], start=start, time_zone=cohort.time_zone,
        skip_weekends=skip_weekends,
    )  # fmt: skip
    sessions = [
        CohortSession.objects.create(
            cohort=cohort,
            source_key=p.source_key,
            day_title=p.day_title,
            title=p.title,
            starts_at=p.starts_at,
            ends_at=p.ends_at,
            mode=cohort.mode,
            place=cohort.default_place if cohort.mode != Mode.DISTANCE else "",
            agenda=p.agenda,
        )  # fmt: skip
        for p in planned
    ]
    activity_record(
        space=cohort.space, actor=actor, verb="schedule_generated", object_name=cohort.space.name
    )
    return sessions


SESSION_FIELDS = {"title", "starts_at", "ends_at", "mode", "place", "agenda", "status", "documents"}


Change = tuple[str, dict[str, Any], dict[str, Any]]


def _adaptations_for(session: CohortSession, changes: dict[str, Any]) -> list[Change]:
    found: list[Change] = []
    timing = {k: changes[k] for k in ("starts_at", "ends_at") if k in changes}
    if timing:
        before: dict[str, Any] = {k: getattr(session, k).isoformat() for k in timing}
        found.append((AdaptationKind.MOVED, before, {k: v.isoformat() for k, v in timing.items()}))
    simple = [
        ("mode", AdaptationKind.MODE_CHANGED), ("place", AdaptationKind.PLACE_CHANGED),
        ("agenda", AdaptationKind.CONTENT_CHANGED), ("title", AdaptationKind.CONTENT_CHANGED),
    ]  # fmt: skip
    for name, kind in simple:
        if name in changes:
            found.append((kind, {name: getattr(session, name)}, {name: changes[name]}))
    if changes.get("status") == SessionStatus.CANCELLED:
        found.append(
            (AdaptationKind.CANCELLED, {"status": session.status}, {"status": "cancelled"})
        )
    return found


@transaction.atomic
def cohort_session_update(
    *, actor: User, session_id: object, version: int | None, reason: str = "", **changes: Any
) -> CohortSession:
    """Adapt a session (move it, change its mode, place or agenda, cancel it); each
    change is recorded with its reason for the pilot report."""
    session = access_cohort_session(actor, session_id, Need.MANAGE)
    session = (
        CohortSession.objects.select_for_update(of=("self",))
        .select_related("cohort__space")
        .get(pk=session.pk)
    )
    if version is None:
        raise Invalid(_("Send the version you edited (field `version`)."))
    if version != session.version:
        raise PreconditionFailed(
            _("Someone changed this session since you opened it."),
            current={"version": session.version},
        )
    _validate_session_changes(session, changes)
    real = {k: v for k, v in changes.items() if getattr(session, k) != v}
    for kind, before, after in _adaptations_for(session, real):
        Adaptation.objects.create(
            cohort=session.cohort, session=session, session_title=session.title, kind=kind,
            before=before, after=after, reason=reason, actor=actor,
        )  # fmt: skip
    for name, value in real.items():
        setattr(session, name, value)
    session.version += 1
    session.save()
    if real:
        activity_record(
            space=session.cohort.space,
            actor=actor,
            verb="session_adapted",
            object_name=session.title,
        )
    return session


def _validate_session_changes(session: CohortSession, changes: dict[str, Any]) -> None:
    unknown = set(changes) - SESSION_FIELDS
    if unknown:
        raise Invalid(_("Unknown fields: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if "mode" in changes:
        _check_mode(changes["mode"])
    if "documents" in changes:
        changes["documents"] = _clean_documents(changes["documents"])
    if "status" in changes and changes["status"] not in SessionStatus.values:
        raise Invalid(_("Unknown status: %(s)s.") % {"s": changes["status"]})
    starts = changes.get("starts_at", session.starts_at)
    ends = changes.get("ends_at", session.ends_at)
    if ends <= starts:
        raise Invalid(_("A session must end after it starts."))


def _clean_documents(documents: Any) -> list[dict[str, str]]:
    """Links shared for a session: http(s) URLs only, with a label."""
    if not isinstance(documents, list):
        raise Invalid(_("Documents are a list of {label, url}."))
    cleaned = []
    for item in documents[:50]:
        url = str(item.get("url", "")).strip() if isinstance(item, dict) else ""
        if not url.startswith(("https://", "http://", "/")) or url.startswith("//"):
            raise Invalid(_("A document needs a web address (https://…)."))
        cleaned.append({"label": str(item.get("label") or url)[:200], "url": url[:1000]})
    return cleaned


@transaction.atomic
def cohort_session_add(
    *, actor: User, cohort_id: object, title: str, starts_at: datetime, ends_at: datetime,
    mode: str | None = None, place: str = "", agenda: list[Any] | None = None, reason: str = "",
) -> CohortSession:  # fmt: skip
    """Add a session the plan did not have (a guest talk, say), recorded as an adaptation."""
    cohort = access_cohort(actor, cohort_id, Need.MANAGE)
    if ends_at <= starts_at:
        raise Invalid(_("A session must end after it starts."))
    mode = mode or cohort.mode
    _check_mode(mode)
    session = CohortSession.objects.create(
        cohort=cohort, title=title.strip() or _("Session"), starts_at=starts_at, ends_at=ends_at,
        mode=mode, place=place, agenda=agenda or [],
    )  # fmt: skip
    Adaptation.objects.create(
        cohort=cohort, session=session, session_title=session.title, kind=AdaptationKind.ADDED,
        after={"title": session.title, "starts_at": starts_at.isoformat()}, reason=reason,
        actor=actor,
    )  # fmt: skip
    return session


@transaction.atomic
def cohort_mode_switch(
    *, actor: User, cohort_id: object, mode: str, since: datetime, reason: str = ""
) -> list[CohortSession]:
    """ "From now on at a distance": change the mode of every planned session from `since`."""
    cohort = access_cohort(actor, cohort_id, Need.MANAGE)
    _check_mode(mode)
    changed = []
    for session in cohort.sessions.filter(starts_at__gte=since, status=SessionStatus.PLANNED):
        if session.mode != mode:
            changed.append(
                cohort_session_update(
                    actor=actor,
                    session_id=session.pk,
                    version=session.version,
                    mode=mode,
                    reason=reason,
                )  # fmt: skip
            )
    cohort.mode = mode if since <= timezone.now() else cohort.mode
    cohort.save(update_fields=["mode", "updated_at"])
    return changed


@transaction.atomic
def attendance_record(*, actor: User, session_id: object, user_id: int, status: str) -> Attendance:
    session = access_cohort_session(actor, session_id, Need.MANAGE)
    if status not in AttendanceStatus.values:
        raise Invalid(_("Unknown attendance status: %(s)s.") % {"s": status})
    if not Membership.objects.filter(space=session.cohort.space, user_id=user_id).exists():
        raise Invalid(_("This person is not a member of the cohort."))
    attendance, _created = Attendance.objects.update_or_create(
        session=session, user_id=user_id, defaults={"status": status, "recorded_by": actor}
    )
    return attendance


def calendar_feed_create(*, actor: User, cohort_id: object | None = None) -> CalendarFeed:
    """A private calendar URL: of one cohort, or (no cohort) of all the actor's sessions."""
    cohort = access_cohort(actor, cohort_id) if cohort_id else None
    return CalendarFeed.objects.create(user=actor, cohort=cohort, token=secrets.token_urlsafe(32))


def calendar_feed_revoke(*, actor: User, feed_id: int) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(pk=feed_id, user=actor).first()
    if feed is None:
        raise NotFound()
    feed.revoked_at = feed.revoked_at or timezone.now()
    feed.save(update_fields=["revoked_at"])
    return feed


def is_cohort_member(actor: User, cohort: Cohort) -> bool:
    return space_role(actor, cohort.space) is not None


@transaction.atomic
def cohort_session_notes_pad(*, actor: User, session_id: object) -> Pad:
    """The session's notes pad, created on demand by any member who may contribute."""
    session = access_cohort_session(actor, session_id, Need.CONTRIBUTE)
    session = CohortSession.objects.select_for_update().get(pk=session.pk)
    if session.notes_pad is not None:
        return session.notes_pad
    title = _("Notes: %(session)s, %(date)s") % {
        "session": session.title,
        "date": timezone.localtime(
            session.starts_at, zoneinfo.ZoneInfo(session.cohort.time_zone)
        ).strftime("%Y-%m-%d"),
    }
    pad = pad_create(actor=actor, space_id=session.cohort.space_id, title=title)
    session.notes_pad = pad
    session.save(update_fields=["notes_pad", "updated_at"])
    return pad
