"""Decisions of a space: consent proposals, polls and time polls, with their full record.

Nothing here is ever deleted or overwritten by a later position or vote: a new one marks the
earlier one as no longer current, so the history of who changed their mind stays.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruche.core.models import PublicModel
from ruche.spaces.models import Space


class Process(models.TextChoices):
    CONSENT = "consent", _("Consent proposal")
    POLL = "poll", _("Poll")
    TIME_POLL = "time_poll", _("Time poll")


class PollKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCORE = "score", _("Score (0 to 5)")
    RANKED = "ranked", _("Ranked choice")
    DOTS = "dots", _("Dot vote")


class Participants(models.TextChoices):
    MEMBERS = "members", _("Participants and facilitators")
    FACILITATORS = "facilitators", _("Facilitators only")


class Stance(models.TextChoices):
    AGREE = "agree", _("Agree")
    ABSTAIN = "abstain", _("Abstain")
    DISAGREE = "disagree", _("Disagree")
    BLOCK = "block", _("Block")


class Availability(models.TextChoices):
    YES = "yes", _("Yes")
    IF_NEED_BE = "if_need_be", _("If need be")
    NO = "no", _("No")


class Decision(PublicModel):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="decisions")
    question = models.CharField(_("question"), max_length=300)
    context = models.TextField(_("context"), blank=True)  # sanitised HTML
    process = models.CharField(_("process"), max_length=20, choices=Process.choices)
    poll_kind = models.CharField(
        _("kind of poll"), max_length=20, choices=PollKind.choices, blank=True
    )
    dots_per_person = models.PositiveIntegerField(_("dots per person"), default=0)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    results_hidden = models.BooleanField(_("results hidden until closing"), default=False)
    quorum = models.PositiveIntegerField(_("quorum"), null=True, blank=True)
    participants = models.CharField(
        _("who may take part"), max_length=20, choices=Participants.choices,
        default=Participants.MEMBERS,
    )  # fmt: skip
    guests_may_take_part = models.BooleanField(_("guests may take part"), default=False)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    outcome = models.TextField(_("outcome"), blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    # Frozen when the decision is formally closed, so later rule changes never rewrite it.
    result = models.JSONField(null=True, blank=True)
    quorum_met = models.BooleanField(null=True, blank=True)
    cohort_session_id = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.question

    @property
    def is_closed(self) -> bool:
        """Closed formally, or past its closing time (even before anyone records it)."""
        return self.closed_at is not None or (
            self.closes_at is not None and self.closes_at <= timezone.now()
        )

    @property
    def closed_by_time(self) -> bool:
        return self.closed_at is None and self.is_closed

    @property
    def has_outcome(self) -> bool:
        return self.outcome_recorded_at is not None


class Revision(models.Model):
    """The text of the proposal at each revision; number 1 is the original."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    question = models.CharField(max_length=300)
    context = models.TextField(blank=True)
    note = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="one_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} r{self.number}"


class Option(PublicModel):
    """A choice of a poll, or a slot of a time poll (then with its times)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=200)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]


class Position(models.Model):
    """A person's stance on a consent proposal; a later one supersedes it (current=False)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="positions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    reason = models.TextField(blank=True)
    revision = models.PositiveIntegerField()
    current = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["decision", "current"])]

    def __str__(self) -> str:
        return f"{self.stance} r{self.revision}"


class Vote(models.Model):
    """A person's ballot on a poll or time poll, normalised (see docs/decisions.md)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ballot = models.JSONField()
    current = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["decision", "current"])]

    def __str__(self) -> str:
        return f"vote on {self.decision_id}"


class Reminder(models.Model):
    """One reminder sent to one person, so nobody is reminded twice within the interval."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"reminder {self.decision_id} {self.user_id}"
