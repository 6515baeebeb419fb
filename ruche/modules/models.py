"""Training modules: a tree module > units (days) > sessions (time slots) > activities.

Every editable object carries a `version` integer for optimistic concurrency: a write
that names a stale version is refused (412) instead of overwriting someone else's work.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruche.core.models import PublicModel
from ruche.spaces.models import Space


class ModuleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PILOT = "pilot", _("In pilot")
    VALIDATED = "validated", _("Validated")
    ARCHIVED = "archived", _("Archived")


class ActivityKind(models.TextChoices):
    THEORY = "theory", _("Theoretical input")
    COLLECTIVE = "collective", _("Collective work")
    FIELD_VISIT = "field_visit", _("Field visit")
    GUEST_TALK = "guest_talk", _("Guest talk")
    FACILITATION = "facilitation", _("Cooperative facilitation method")
    EVALUATION = "evaluation", _("Evaluation")
    BREAK = "break", _("Break")
    OTHER = "other", _("Other")


class Skill(models.Model):
    """A skill in a community's simple skill list (a later issue deepens it)."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["space", "name"], name="unique_skill_name")]

    def __str__(self) -> str:
        return self.name


class Versioned(PublicModel):
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Element(Versioned):
    """A unit, session or activity. Its lineage key survives forks, so a diff can match
    an element of an enriched module with the one it came from."""

    lineage_key = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class Module(Versioned):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    audience = models.TextField(_("target audience"), blank=True)
    languages = models.CharField(_("languages"), max_length=100, blank=True)
    duration_days = models.PositiveSmallIntegerField(_("duration in days"), null=True, blank=True)
    goals = models.TextField(_("goals"), blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    approach = models.TextField(_("pedagogical approach"), blank=True)
    licence = models.CharField(_("licence"), max_length=50, default="CC-BY-SA-4.0")
    credits = models.TextField(_("credits"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ModuleStatus.choices, default=ModuleStatus.DRAFT
    )
    forked_from = models.ForeignKey(
        "ModuleRelease", null=True, blank=True, on_delete=models.SET_NULL, related_name="forks"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Unit(Element):
    """Usually a day of the module."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="units")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def total_minutes(self) -> int:
        return sum(session.total_minutes for session in self.sessions.all())


class ModuleSession(Element):
    """A time slot within a unit (morning, afternoon...)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def total_minutes(self) -> int:
        return sum(activity.duration_minutes for activity in self.activities.all())


class LearningActivity(Element):
    session = models.ForeignKey(ModuleSession, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("type"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.COLLECTIVE
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    description = models.TextField(_("description"), blank=True)
    facilitator_notes = models.TextField(_("facilitator notes"), blank=True)
    materials = models.JSONField(_("materials"), default=list, blank=True)
    outcomes = models.TextField(_("learning outcomes"), blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="activities")

    class Meta:
        ordering = ["position", "created_at"]
        verbose_name_plural = "learning activities"

    def __str__(self) -> str:
        return self.title


class ModuleRelease(PublicModel):
    """A published, immutable version of a module (v1, v2...): a complete JSON snapshot."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="releases")
    number = models.PositiveIntegerField()
    notes = models.TextField(_("release notes"), blank=True)
    snapshot = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["module", "number"]
        constraints = [
            models.UniqueConstraint(fields=["module", "number"], name="one_release_number")
        ]

    def __str__(self) -> str:
        return f"{self.module} v{self.number}"


class ModuleChange(models.Model):
    """The change log: who changed what in a module, field by field."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entity = models.CharField(max_length=20)
    entity_id = models.CharField(max_length=40)
    action = models.CharField(max_length=20)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.entity} {self.entity_id}"


class Comment(PublicModel):
    """A comment on the module or one of its elements; replies form a thread."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="comments")
    entity = models.CharField(max_length=20)
    entity_id = models.CharField(max_length=40)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=5000)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.body[:50]
