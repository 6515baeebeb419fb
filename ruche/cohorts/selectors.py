"""Reads about pilots: sessions, the pilot summary, calendars."""

from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.cohorts.models import (
    Adaptation,
    AttendanceStatus,
    CalendarFeed,
    Cohort,
    CohortSession,
    SessionStatus,
)
from ruche.cohorts.permissions import access_cohort
from ruche.core.errors import NotFound
from ruche.modules.models import ModuleRelease
from ruche.spaces.agenda import AgendaEntry
from ruche.spaces.models import Membership
from ruche.spaces.permissions import Need, access_space, space_role
from ruche.spaces.selectors import space_list


def cohort_session_list(*, actor: User, cohort_id: object) -> QuerySet[CohortSession]:
    cohort = access_cohort(actor, cohort_id, Need.VIEW)
    return cohort.sessions.select_related("cohort__space").prefetch_related("attendance")


def cohort_for_space(*, actor: User, space_id: object) -> Cohort | None:
    space = access_space(actor, space_id, Need.VIEW)
    return Cohort.objects.filter(space=space).select_related("release__module").first()


def adaptation_list(*, actor: User, cohort_id: object) -> QuerySet[Adaptation]:
    cohort = access_cohort(actor, cohort_id, Need.VIEW)
    return cohort.adaptations.select_related("actor")


def pilot_summary(*, actor: User, cohort_id: object) -> dict[str, Any]:
    """What ran as planned, what was adapted and why, and attendance."""
    cohort = access_cohort(actor, cohort_id, Need.VIEW)
    sessions = list(cohort.sessions.prefetch_related("attendance", "adaptations"))
    adapted_ids = {a.session_id for a in cohort.adaptations.all()}
    counts: Counter[str] = Counter()
    for session in sessions:
        counts.update(a.status for a in session.attendance.all())
    participants = Membership.objects.filter(space=cohort.space).count()
    return {
        "sessions": len(sessions),
        "as_planned": sum(1 for s in sessions if s.pk not in adapted_ids),
        "adapted": sum(1 for s in sessions if s.pk in adapted_ids),
        "cancelled": sum(1 for s in sessions if s.status == SessionStatus.CANCELLED),
        "adaptations": [
            {
                "kind": a.kind,
                "session": a.session_title,
                "reason": a.reason,
                "before": a.before,
                "after": a.after,
                "at": a.created_at.isoformat(),
                "by": a.actor.public_name if a.actor else None,
            }  # fmt: skip
            for a in cohort.adaptations.select_related("actor")
        ],
        "adaptation_groups": _grouped(cohort.adaptations.select_related("actor")),
        "attendance": {status: counts.get(status, 0) for status in AttendanceStatus.values},
        "members": participants,
    }


def _grouped(adaptations: QuerySet[Adaptation]) -> list[dict[str, Any]]:
    """Consecutive adaptations of the same kind and reason read as one ("12 sessions
    moved online: lockdown"), as a pilot report tells it."""
    groups: list[dict[str, Any]] = []
    for a in adaptations:
        last = groups[-1] if groups else None
        if last and last["kind"] == a.kind and last["reason"] == a.reason:
            last["sessions"].append(a.session_title)
            continue
        groups.append({
            "kind": a.kind, "label": a.get_kind_display(), "reason": a.reason,
            "sessions": [a.session_title], "by": a.actor.public_name if a.actor else None,
            "at": a.created_at,
        })  # fmt: skip
    return groups


def feed_sessions(*, token: str) -> tuple[str, list[CohortSession]]:
    """The sessions behind a private calendar URL (the token is the credential)."""
    feed = CalendarFeed.objects.select_related("user", "cohort__space").filter(token=token).first()
    if feed is None or feed.revoked_at is not None or not feed.user.is_active:
        raise NotFound()
    if feed.cohort is not None:
        if space_role(feed.user, feed.cohort.space) is None:
            raise NotFound()
        return feed.cohort.space.name, list(feed.cohort.sessions.select_related("cohort__space"))
    return feed.user.public_name, list(_my_sessions(feed.user))


def _my_sessions(user: User) -> QuerySet[CohortSession]:
    visible = space_list(actor=user).values("id")
    return CohortSession.objects.filter(cohort__space_id__in=visible).select_related(
        "cohort__space"
    )


def upcoming_sessions(*, actor: User, limit: int = 10) -> QuerySet[CohortSession]:
    return (
        _my_sessions(actor)
        .filter(ends_at__gte=timezone.now(), status=SessionStatus.PLANNED)
        .order_by("starts_at")[:limit]
    )


def calendar_feed_list(*, actor: User) -> QuerySet[CalendarFeed]:
    return CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True)


def cohort_release_choices(*, actor: User, space_id: object) -> list[ModuleRelease]:
    """Published module versions a cohort may run: those of the spaces above it."""
    space = access_space(actor, space_id, Need.MANAGE)
    ancestors = [a.pk for a in space.ancestors()]
    releases = ModuleRelease.objects.filter(module__space_id__in=ancestors).select_related("module")
    return list(releases.order_by("module__title", "number"))


def agenda_sessions(actor: User, limit: int) -> list[AgendaEntry]:
    """The person's next sessions, for the home page's "what comes next"."""
    return [
        AgendaEntry(
            when=session.starts_at, title=session.title, url=f"/cohort-sessions/{session.pk}/",
            space_name=session.cohort.space.name, kind=str(_("Session")),
            detail=session.get_mode_display() + (f" · {session.place}" if session.place else ""),
        )
        for session in upcoming_sessions(actor=actor, limit=limit)
    ]  # fmt: skip
