"""Pilot cohorts: a cohort space running one published version of a module, with a dated
schedule that facilitators adapt as the pilot goes, every adaptation recorded."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruche.core.models import PublicModel
from ruche.modules.models import ModuleRelease
from ruche.spaces.models import Space


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    DISTANCE = "distance", _("At a distance")
    HYBRID = "hybrid", _("Hybrid")


class Cohort(PublicModel):
    """The pilot details of a cohort space (its members and roles live on the space)."""

    space = models.OneToOneField(Space, on_delete=models.CASCADE, related_name="cohort")
    release = models.ForeignKey(
        ModuleRelease, null=True, blank=True, on_delete=models.PROTECT, related_name="cohorts"
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text="ISO 3166 code")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    language = models.CharField(_("language"), max_length=10, default="fr")
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    default_place = models.CharField(_("usual place"), max_length=300, blank=True)

    def __str__(self) -> str:
        return self.space.name


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")


def new_room_name() -> str:
    return "ruche-" + secrets.token_urlsafe(12).replace("_", "").replace("-", "")[:16]


class CohortSession(PublicModel):
    """A dated session of the pilot: generated from the module version, then edited freely."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    source_key = models.CharField(max_length=40, blank=True, help_text="Module session lineage key")
    day_title = models.CharField(_("day"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_room = models.CharField(max_length=64, default=new_room_name, unique=True)
    status = models.CharField(
        max_length=20, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    agenda = models.JSONField(_("agenda"), default=list, blank=True)
    documents = models.JSONField(
        _("documents"), default=list, blank=True, help_text="[{label, url}] shared for the session"
    )
    notes_pad = models.ForeignKey(
        "pads.Pad", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M})"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.status}"


class AdaptationKind(models.TextChoices):
    MOVED = "moved", _("moved")
    MODE_CHANGED = "mode_changed", _("mode changed")
    ADDED = "added", _("session added")
    CANCELLED = "cancelled", _("cancelled")
    CONTENT_CHANGED = "content_changed", _("content changed")
    PLACE_CHANGED = "place_changed", _("place changed")


class Adaptation(models.Model):
    """What the pilot changed from the plan, and why: the material of the pilot report."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="adaptations")
    session = models.ForeignKey(
        CohortSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="adaptations"
    )
    session_title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AdaptationKind.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.session_title}"


class CalendarFeed(models.Model):
    """A private, revocable iCalendar URL: of one cohort, or of all a person's cohorts."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.CASCADE, related_name="feeds"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"calendar of {self.user}"
