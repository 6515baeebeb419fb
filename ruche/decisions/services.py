"""Writes about decisions: opening, revising, positions and votes, closing, reminders.

Every refusal is a domain error: a position or vote on a closed decision is a Conflict (409),
a malformed one Invalid (422). Nothing is overwritten: a new position or vote supersedes the
person's earlier one, which stays in the history.
"""

from datetime import datetime, timedelta
from typing import Any

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.cohorts.models import Cohort, CohortSession
from ruche.cohorts.services import cohort_session_add
from ruche.core.errors import Conflict, Invalid
from ruche.decisions import ballots, selectors
from ruche.decisions.models import (
    Decision,
    Option,
    Participants,
    PollKind,
    Position,
    Process,
    Reminder,
    Revision,
    Stance,
    Vote,
)
from ruche.decisions.permissions import (
    access_decision,
    access_decision_to_revise,
    access_decision_to_take_part,
    access_space_to_propose,
)
from ruche.spaces.permissions import Need
from ruche.spaces.services import activity_record

CONTEXT_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "ul", "ol", "li", "a", "h2", "h3", "h4",
    "blockquote", "code", "pre",
}  # fmt: skip
# Nobody is reminded about the same decision twice within this interval.
REMIND_INTERVAL = timedelta(hours=24)
MAX_OPTIONS = 50


def context_clean(html: str) -> str:
    return nh3.clean(html or "", tags=CONTEXT_TAGS, attributes={"a": {"href", "title"}}).strip()


def _url(decision: Decision) -> str:
    return f"/decisions/{decision.pk}/"


# Opening and revising


@transaction.atomic
def decision_create(
    *, actor: User, space_id: object, question: str, process: str,
    closes_at: datetime | None = None, context: str = "", anonymous: bool = False,
    results_hidden: bool = False, quorum: int | None = None,
    participants: str = Participants.MEMBERS, guests_may_take_part: bool = False,
    poll_kind: str = "", options: list[str] | None = None, dots_per_person: int = 0,
    slots: list[tuple[datetime, datetime]] | None = None,
) -> Decision:  # fmt: skip
    """Open a decision in a space: a consent proposal, a poll (with its options) or a time
    poll (with its slots). Participants and facilitators may open one."""
    space = access_space_to_propose(actor, space_id)
    decision = Decision(
        space=space, question=_question(question), context=context_clean(context),
        process=process, closes_at=closes_at, anonymous=anonymous,
        results_hidden=results_hidden, quorum=quorum, participants=participants,
        guests_may_take_part=guests_may_take_part, created_by=actor,
    )  # fmt: skip
    _check_settings(decision)
    _set_process(decision, poll_kind=poll_kind, dots_per_person=dots_per_person)
    decision.save()
    _add_options(decision, options or [], slots or [])
    Revision.objects.create(
        decision=decision, number=1, question=decision.question, context=decision.context,
        author=actor,
    )  # fmt: skip
    activity_record(
        space=space, actor=actor, verb="decision_opened", object_name=decision.question,
        url=_url(decision),
    )  # fmt: skip
    return decision


def _question(text: str) -> str:
    question = (text or "").strip()
    if not question:
        raise Invalid(_("A decision needs a question."))
    if len(question) > 300:
        raise Invalid(_("The question is longer than 300 characters."))
    return question


def _check_settings(decision: Decision) -> None:
    if decision.process not in Process.values:
        raise Invalid(_("Unknown process: %(p)s.") % {"p": decision.process})
    if decision.participants not in Participants.values:
        raise Invalid(
            _("Unknown rule for who may take part: %(p)s.") % {"p": decision.participants}
        )
    if decision.closes_at is not None and decision.closes_at <= timezone.now():
        raise Invalid(_("The closing time must be in the future."))
    if decision.quorum is not None and decision.quorum < 1:
        raise Invalid(_("A quorum is at least one person."))


def _set_process(decision: Decision, *, poll_kind: str, dots_per_person: int) -> None:
    if decision.process != Process.POLL:
        return
    if poll_kind not in PollKind.values:
        raise Invalid(_("Choose a kind of poll: %(k)s.") % {"k": ", ".join(PollKind.values)})
    decision.poll_kind = poll_kind
    if poll_kind == PollKind.DOTS:
        if not 1 <= dots_per_person <= 100:
            raise Invalid(_("A dot vote gives each person between 1 and 100 dots."))
        decision.dots_per_person = dots_per_person


def _add_options(
    decision: Decision, labels: list[str], slots: list[tuple[datetime, datetime]]
) -> None:
    if decision.process == Process.POLL:
        clean = [label.strip()[:200] for label in labels if label and label.strip()]
        if len(clean) < 2 or len(clean) > MAX_OPTIONS or len(set(clean)) != len(clean):
            raise Invalid(_("A poll needs between 2 and 50 different options."))
        for index, label in enumerate(clean):
            Option.objects.create(decision=decision, position=index, label=label)
    elif decision.process == Process.TIME_POLL:
        if not 1 <= len(slots) <= MAX_OPTIONS:
            raise Invalid(_("A time poll needs between 1 and 50 slots."))
        for index, (starts_at, ends_at) in enumerate(sorted(slots)):
            if ends_at <= starts_at:
                raise Invalid(_("A slot must end after it starts."))
            label = f"{starts_at.isoformat()} – {ends_at.isoformat()}"
            Option.objects.create(
                decision=decision, position=index, label=label, starts_at=starts_at,
                ends_at=ends_at,
            )  # fmt: skip


@transaction.atomic
def decision_revise(
    *, actor: User, decision_id: object, question: str | None = None,
    context: str | None = None, note: str = "",
) -> Decision:  # fmt: skip
    """Revise a consent proposal (proposer or facilitators). Positions already taken stay,
    marked with the revision they were taken on."""
    decision = _locked(access_decision_to_revise(actor, decision_id))
    _check_open(decision)
    if decision.process != Process.CONSENT:
        raise Invalid(_("Only a consent proposal can be revised."))
    decision.question = _question(question if question is not None else decision.question)
    if context is not None:
        decision.context = context_clean(context)
    decision.revision += 1
    decision.save(update_fields=["question", "context", "revision", "updated_at"])
    Revision.objects.create(
        decision=decision, number=decision.revision, question=decision.question,
        context=decision.context, note=note.strip(), author=actor,
    )  # fmt: skip
    activity_record(
        space=decision.space, actor=actor, verb="decision_revised",
        object_name=decision.question, url=_url(decision),
    )  # fmt: skip
    return decision


def _locked(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().select_related("space").get(pk=decision.pk)


def _check_open(decision: Decision) -> None:
    if decision.is_closed:
        raise Conflict(_("This decision is closed; nothing in it can change."))


# Taking part


@transaction.atomic
def position_take(*, actor: User, decision_id: object, position: str, reason: str = "") -> Position:
    """Take (or change) a position on a consent proposal. A block needs a reason."""
    decision = _locked(access_decision_to_take_part(actor, decision_id))
    _check_open(decision)
    if decision.process != Process.CONSENT:
        raise Invalid(_("This decision is a poll: vote instead of taking a position."))
    if position not in Stance.values:
        raise Invalid(_("A position is one of: agree, abstain, disagree, block."))
    reason = (reason or "").strip()
    if position == Stance.BLOCK and not reason:
        raise Invalid(_("A block must give its reason."))
    Position.objects.filter(decision=decision, user=actor, current=True).update(current=False)
    return Position.objects.create(
        decision=decision, user=actor, stance=position, reason=reason[:5000],
        revision=decision.revision,
    )  # fmt: skip


@transaction.atomic
def vote_cast(*, actor: User, decision_id: object, ballot: dict[str, Any]) -> Vote:
    """Vote on a poll or time poll; the ballot's shape depends on the kind (docs/decisions.md)."""
    decision = _locked(access_decision_to_take_part(actor, decision_id))
    _check_open(decision)
    if decision.process == Process.CONSENT:
        raise Invalid(_("This decision is a consent proposal: take a position instead."))
    option_ids = [str(pk) for pk in decision.options.values_list("pk", flat=True)]
    normal = ballots.ballot_normalise(decision, option_ids, ballot)
    Vote.objects.filter(decision=decision, user=actor, current=True).update(current=False)
    return Vote.objects.create(decision=decision, user=actor, ballot=normal)


# Closing


@transaction.atomic
def decision_close(*, actor: User, decision_id: object, outcome: str) -> Decision:
    """Close the decision with the facilitator's outcome statement; nothing changes after."""
    decision = _locked(access_decision(actor, decision_id, Need.MANAGE))
    if decision.has_outcome:
        raise Conflict(_("This decision is already closed with its outcome."))
    outcome = (outcome or "").strip()
    if not outcome:
        raise Invalid(_("Write the outcome: what the group decided, for everyone to read."))
    now = timezone.now()
    if decision.closed_at is None:
        _freeze(decision, closed_at=min(now, decision.closes_at or now))
    decision.closed_by = actor
    decision.outcome = outcome[:10000]
    decision.outcome_recorded_at = now
    decision.save()
    activity_record(
        space=decision.space, actor=actor, verb="decision_closed",
        object_name=decision.question, url=_url(decision),
    )  # fmt: skip
    return decision


def _freeze(decision: Decision, *, closed_at: datetime) -> None:
    decision.closed_at = closed_at
    decision.result = selectors.decision_result(decision)
    decision.quorum_met = selectors.decision_quorum_met(decision)


@transaction.atomic
def decisions_close_due(*, now: datetime | None = None) -> list[Decision]:
    """Record formally every decision whose closing time has passed (`ruche decisions_close_due`).
    The facilitator can still add the outcome statement afterwards."""
    now = now or timezone.now()
    due = Decision.objects.select_for_update().filter(closed_at__isnull=True, closes_at__lte=now)
    closed = []
    for decision in due:
        _freeze(decision, closed_at=decision.closes_at or now)
        decision.save(update_fields=["closed_at", "result", "quorum_met", "updated_at"])
        closed.append(decision)
    return closed


# Reminders


@transaction.atomic
def decision_remind(
    *, actor: User | None, decision_id: object, interval: timedelta = REMIND_INTERVAL
) -> list[User]:
    """Remind by email those who may take part and have not, unless reminded within the
    interval. `actor` is a facilitator, or None for the scheduled command."""
    if actor is None:
        decision = Decision.objects.get(pk=str(decision_id))
    else:
        decision = access_decision(actor, decision_id, Need.MANAGE)
    decision = _locked(decision)  # the button and the command never remind twice at once
    _check_open(decision)
    since = timezone.now() - interval
    reminded = Reminder.objects.filter(decision=decision, sent_at__gt=since)
    recent = set(reminded.values_list("user_id", flat=True))
    people = [p for p in selectors.decision_not_taken_part(decision) if p.pk not in recent]
    for person in people:
        Reminder.objects.create(decision=decision, user=person)
        _remind_by_email(decision, person)
    if people:
        activity_record(
            space=decision.space, actor=actor, verb="decision_reminded",
            object_name=decision.question, url=_url(decision),
        )  # fmt: skip
    return people


def _remind_by_email(decision: Decision, person: User) -> None:
    with translation.override(person.ui_language or settings.LANGUAGE_CODE):
        subject = _("Your voice is awaited: %(q)s") % {"q": decision.question}
        body = _(
            "Hello %(name)s,\n\nThe group is deciding “%(q)s” in %(space)s and you have not "
            "taken part yet.\n\n%(url)s\n"
        ) % {"name": person.public_name, "q": decision.question, "space": decision.space.name,
             "url": settings.BASE_URL + _url(decision)}  # fmt: skip
    if person.email:
        send_mail(subject, body, None, [person.email])


def decisions_remind_due(*, within: timedelta, interval: timedelta = REMIND_INTERVAL) -> int:
    """Remind about every open decision closing within `within` (`ruche decisions_remind`)."""
    now = timezone.now()
    due = Decision.objects.filter(
        closed_at__isnull=True, closes_at__gt=now, closes_at__lte=now + within
    )
    return sum(len(decision_remind(actor=None, decision_id=d.pk, interval=interval)) for d in due)


# A cohort session from a time poll


@transaction.atomic
def decision_session_create(
    *, actor: User, decision_id: object, option_id: object = None, title: str = ""
) -> CohortSession:
    """Add the chosen slot of a closed time poll to the cohort's schedule (facilitators)."""
    decision = _locked(access_decision(actor, decision_id, Need.MANAGE))
    if decision.process != Process.TIME_POLL:
        raise Invalid(_("Only a time poll has slots to schedule."))
    if not decision.is_closed:
        raise Conflict(_("Close the time poll before scheduling its chosen slot."))
    if decision.cohort_session_id is not None:
        raise Conflict(_("A session was already created from this time poll."))
    slot = _chosen_slot(decision, option_id)
    session = cohort_session_add(
        actor=actor, cohort_id=_cohort_of(decision).pk, title=title or decision.question,
        starts_at=slot.starts_at, ends_at=slot.ends_at,  # type: ignore[arg-type]
        reason=_("Chosen by the time poll “%(q)s”.") % {"q": decision.question},
    )  # fmt: skip
    decision.cohort_session_id = session.pk
    decision.save(update_fields=["cohort_session_id", "updated_at"])
    return session


def _chosen_slot(decision: Decision, option_id: object) -> Option:
    if option_id is None:
        option_id = (selectors.decision_result(decision) or {}).get("best")
    try:
        option = decision.options.filter(pk=str(option_id)).first() if option_id else None
    except (ValueError, ValidationError):
        option = None
    if option is None:
        raise Invalid(_("Choose one of the poll's slots."))
    return option


def _cohort_of(decision: Decision) -> Cohort:
    spaces = [decision.space, *decision.space.ancestors()]
    cohort = Cohort.objects.filter(space__in=spaces).first()
    if cohort is None:
        raise Invalid(_("This space belongs to no cohort with a schedule."))
    return cohort
