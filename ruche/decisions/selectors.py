"""Reads about decisions. `decision_document` is the one view of a decision that every
interface (API, pages, exports) shows, so anonymity and hidden results hold everywhere."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.decisions import counting
from ruche.decisions.models import Decision, PollKind, Position, Process, Reminder, Vote
from ruche.decisions.permissions import access_decision, may_revise, may_take_part
from ruche.spaces.agenda import AgendaEntry
from ruche.spaces.models import Membership
from ruche.spaces.permissions import Need, access_space, can
from ruche.spaces.selectors import space_list


def decision_list(*, actor: User, space_id: object) -> QuerySet[Decision]:
    space = access_space(actor, space_id)
    return Decision.objects.filter(space=space).select_related("space", "created_by")


def decision_get(*, actor: User, decision_id: object) -> Decision:
    return access_decision(actor, decision_id)


def _current_positions(decision: Decision) -> QuerySet[Position]:
    return decision.positions.filter(current=True).select_related("user")


def _current_votes(decision: Decision) -> QuerySet[Vote]:
    return decision.votes.filter(current=True).select_related("user")


def decision_taking_part(decision: Decision) -> int:
    """People counted for the quorum: positions on the current revision, or current votes."""
    if decision.process == Process.CONSENT:
        return _current_positions(decision).filter(revision=decision.revision).count()
    return _current_votes(decision).count()


def decision_quorum_met(decision: Decision) -> bool | None:
    if decision.quorum is None:
        return None
    return decision_taking_part(decision) >= decision.quorum


def decision_result(decision: Decision) -> dict[str, Any]:
    """The result: frozen when the decision was formally closed, computed otherwise."""
    if decision.result is not None:
        return dict(decision.result)
    if decision.process == Process.CONSENT:
        positions = list(_current_positions(decision))
        result = counting.consent_result(
            [p.stance for p in positions if p.revision == decision.revision]
        )
        result["on_earlier_revisions"] = sum(p.revision != decision.revision for p in positions)
    else:
        result = _poll_result(decision)
    result["taking_part"] = decision_taking_part(decision)
    return result


def _poll_result(decision: Decision) -> dict[str, Any]:
    options = [str(pk) for pk in decision.options.values_list("pk", flat=True)]
    ballots = [v.ballot for v in _current_votes(decision)]
    if decision.process == Process.TIME_POLL:
        return counting.time_result(options, ballots)
    if decision.poll_kind == PollKind.RANKED:
        return counting.instant_runoff(options, [b["ranking"] for b in ballots])
    if decision.poll_kind == PollKind.SCORE:
        return counting.score_result(options, ballots)
    if decision.poll_kind == PollKind.DOTS:
        return counting.dots_result(options, ballots)
    return counting.choice_result(options, ballots)


def decision_eligible(decision: Decision) -> list[User]:
    """Members of the decision's own space who may take part in it."""
    members = Membership.objects.filter(
        _active(), space=decision.space, user__is_active=True
    ).select_related("user")
    return [m.user for m in members if may_take_part(m.user, decision)]


def _active() -> Q:
    return Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())


def decision_not_taken_part(decision: Decision) -> list[User]:
    if decision.process == Process.CONSENT:
        done = set(
            _current_positions(decision)
            .filter(revision=decision.revision)
            .values_list("user_id", flat=True)
        )
    else:
        done = set(_current_votes(decision).values_list("user_id", flat=True))
    people = [p for p in decision_eligible(decision) if p.pk not in done]
    return sorted(people, key=lambda p: p.public_name.lower())


def decision_awaits(*, actor: User, decision: Decision) -> bool:
    """Whether the decision is open and waits for the actor's position or vote."""
    if decision.is_closed or not may_take_part(actor, decision):
        return False
    if decision.process == Process.CONSENT:
        positions = _current_positions(decision)
        return not positions.filter(revision=decision.revision, user=actor).exists()
    return not _current_votes(decision).filter(user=actor).exists()


def results_visible(decision: Decision) -> bool:
    return decision.is_closed or not decision.results_hidden


def decision_document(*, actor: User, decision: Decision) -> dict[str, Any]:
    """Everything a reader may know about the decision, in plain data."""
    visible = results_visible(decision)
    manages = can(actor, decision.space, Need.MANAGE)
    document = {
        **_summary(decision),
        "context": decision.context,
        "revisions": _revisions(decision),
        "options": _options(decision),
        "results_visible": visible,
        "results": decision_result(decision) if visible else None,
        "quorum_met": _quorum(decision) if visible else None,
        "positions": _positions(decision) if visible else None,
        "votes": _votes(decision) if visible else None,
        "history": _history(decision) if visible and not decision.anonymous else None,
        "mine": _mine(actor, decision),
        "may": {
            "take_part": not decision.is_closed and may_take_part(actor, decision),
            "revise": not decision.is_closed
            and decision.process == Process.CONSENT
            and may_revise(actor, decision),
            "close": not decision.has_outcome and manages,
            "remind": not decision.is_closed and manages,
        },
    }
    if manages and not decision.is_closed:
        waiting = decision_not_taken_part(decision)
        document["not_taken_part_count"] = len(waiting)
        if not decision.anonymous:
            document["not_taken_part"] = [p.public_name for p in waiting]
    return document


def _quorum(decision: Decision) -> bool | None:
    return decision.quorum_met if decision.result is not None else decision_quorum_met(decision)


def _summary(decision: Decision) -> dict[str, Any]:
    return {
        "id": str(decision.pk), "space_id": str(decision.space_id),
        "question": decision.question, "process": decision.process,
        "poll_kind": decision.poll_kind or None,
        "dots_per_person": decision.dots_per_person or None,
        "closes_at": decision.closes_at, "anonymous": decision.anonymous,
        "results_hidden": decision.results_hidden, "quorum": decision.quorum,
        "participants": decision.participants,
        "guests_may_take_part": decision.guests_may_take_part, "revision": decision.revision,
        "created_by": decision.created_by.public_name if decision.created_by else None,
        "created_at": decision.created_at,
        "status": "closed" if decision.is_closed else "open",
        "closed_at": decision.closed_at or (decision.closes_at if decision.is_closed else None),
        "closed_by_time": _closed_by_time(decision),
        "outcome": decision.outcome or None, "outcome_recorded_at": decision.outcome_recorded_at,
        "closed_by": decision.closed_by.public_name if decision.closed_by else None,
        "cohort_session_id": _text(decision.cohort_session_id),
    }  # fmt: skip


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _closed_by_time(decision: Decision) -> bool:
    if not decision.is_closed or decision.closes_at is None:
        return False
    return decision.closed_at is None or decision.closed_at >= decision.closes_at


def decision_summary(decision: Decision) -> dict[str, Any]:
    return _summary(decision)


def _revisions(decision: Decision) -> list[dict[str, Any]]:
    return [
        {
            "number": r.number,
            "question": r.question,
            "context": r.context,
            "note": r.note,
            "author": r.author.public_name if r.author else None,
            "created_at": r.created_at,
        }  # fmt: skip
        for r in decision.revisions.select_related("author")
    ]


def _options(decision: Decision) -> list[dict[str, Any]]:
    return [
        {"id": str(o.pk), "label": o.label, "starts_at": o.starts_at, "ends_at": o.ends_at}
        for o in decision.options.all()
    ]


def _positions(decision: Decision) -> list[dict[str, Any]] | None:
    if decision.process != Process.CONSENT:
        return None
    positions = list(_current_positions(decision))
    if decision.anonymous:
        # No names, no times, and an order that says nothing about who came first.
        rows = [
            {"position": p.stance, "reason": p.reason, "revision": p.revision} for p in positions
        ]
        return sorted(rows, key=lambda r: (r["position"], r["reason"], r["revision"]))
    return [_position_row(p, decision) for p in positions]


def _position_row(p: Position, decision: Decision) -> dict[str, Any]:
    return {
        "name": p.user.public_name, "position": p.stance, "reason": p.reason,
        "revision": p.revision, "on_earlier_revision": p.revision != decision.revision,
        "created_at": p.created_at, "current": p.current,
    }  # fmt: skip


def _votes(decision: Decision) -> list[dict[str, Any]] | None:
    if decision.process == Process.CONSENT or decision.anonymous:
        return None
    return [
        {"name": v.user.public_name, "ballot": v.ballot, "created_at": v.created_at}
        for v in _current_votes(decision)
    ]


def _history(decision: Decision) -> list[dict[str, Any]]:
    if decision.process == Process.CONSENT:
        return [_position_row(p, decision) for p in decision.positions.select_related("user")]
    return [
        {"name": v.user.public_name, "ballot": v.ballot, "created_at": v.created_at,
         "current": v.current}
        for v in decision.votes.select_related("user")
    ]  # fmt: skip


def _mine(actor: User, decision: Decision) -> dict[str, Any] | None:
    if decision.process == Process.CONSENT:
        p = _current_positions(decision).filter(user=actor).first()
        if p is None:
            return None
        return {"position": p.stance, "reason": p.reason, "revision": p.revision}
    v = _current_votes(decision).filter(user=actor).first()
    return {"ballot": v.ballot} if v else None


def personal_data(user: User) -> dict[str, Any]:
    """What decisions hold about a person: what they proposed, every position and vote they
    ever cast (anonymous ones included: they are the person's own), reminders sent to them."""
    return {
        "proposed": [
            {"id": str(d.pk), "question": d.question, "created_at": d.created_at.isoformat()}
            for d in Decision.objects.filter(created_by=user)
        ],
        "positions": [
            {"decision_id": str(p.decision_id), "position": p.stance, "reason": p.reason,
             "revision": p.revision, "current": p.current, "created_at": p.created_at.isoformat()}
            for p in Position.objects.filter(user=user)
        ],
        "votes": [
            {"decision_id": str(v.decision_id), "ballot": v.ballot, "current": v.current,
             "created_at": v.created_at.isoformat()}
            for v in Vote.objects.filter(user=user)
        ],
        "reminders": [
            {"decision_id": str(r.decision_id), "sent_at": r.sent_at.isoformat()}
            for r in Reminder.objects.filter(user=user)
        ],
    }  # fmt: skip


def agenda_decisions(actor: User, limit: int) -> list[AgendaEntry]:
    """Open decisions with a closing time in the person's spaces, soonest first."""
    visible = space_list(actor=actor).values("id")
    decisions = (
        Decision.objects.filter(
            space_id__in=visible, closed_at__isnull=True, closes_at__gt=timezone.now()
        )
        .select_related("space")
        .order_by("closes_at")[:limit]
    )
    return [
        AgendaEntry(
            when=d.closes_at, title=d.question, url=f"/decisions/{d.pk}/",
            space_name=d.space.name, kind=str(_("Decision closes")),
        )
        for d in decisions
        if d.closes_at is not None
    ]  # fmt: skip
