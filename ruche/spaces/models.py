import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruche.core.models import PublicModel


class SpaceKind(models.TextChoices):
    COMMUNITY = "community", _("Community")
    COHORT = "cohort", _("Cohort")
    GROUP = "group", _("Working group")


# Which kinds a space of each kind may hold directly.
ALLOWED_CHILDREN: dict[str, set[str]] = {
    SpaceKind.COMMUNITY: {SpaceKind.COHORT, SpaceKind.GROUP},
    SpaceKind.COHORT: {SpaceKind.GROUP},
    SpaceKind.GROUP: set(),
}


class Role(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    PARTICIPANT = "participant", _("Participant")
    GUEST = "guest", _("Guest")
    OBSERVER = "observer", _("Observer")


class Space(PublicModel):
    """Where people work together. Spaces form a tree: community > cohort > group."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SpaceKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)
    guests_can_edit = models.BooleanField(
        _("guests can edit"),
        default=True,
        help_text=_("When off, invited guests can read and comment but not change content."),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list["Space"]:
        """Parents from the nearest up to the root."""
        chain = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class Membership(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    expires_at = models.DateTimeField(_("access until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], name="one_membership_per_space")
        ]
        ordering = ["space", "role", "user__display_name"]

    def __str__(self) -> str:
        return f"{self.user} {self.role} in {self.space}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(PublicModel):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    email = models.EmailField(_("email"), blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    expires_at = models.DateTimeField(_("link valid until"), null=True, blank=True)
    access_until = models.DateTimeField(
        _("access until"),
        null=True,
        blank=True,
        help_text=_("When the membership it grants ends (guests: defaults to the link expiry)."),
    )
    max_uses = models.PositiveIntegerField(_("maximum uses"), null=True, blank=True)
    use_count = models.PositiveIntegerField(default=0)
    message = models.TextField(_("personal message"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation to {self.space} as {self.role}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_used_up(self) -> bool:
        return self.max_uses is not None and self.use_count >= self.max_uses

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired and not self.is_used_up

    @property
    def url(self) -> str:
        return f"{settings.BASE_URL}/invitations/{self.token}/"


class AuditAction(models.TextChoices):
    SPACE_CREATED = "space_created", _("space created")
    SPACE_UPDATED = "space_updated", _("space updated")
    SPACE_DELETED = "space_deleted", _("space deleted")
    MEMBER_ADDED = "member_added", _("member added")
    ROLE_CHANGED = "role_changed", _("role changed")
    MEMBER_REMOVED = "member_removed", _("member removed")
    INVITATION_CREATED = "invitation_created", _("invitation created")
    INVITATION_ACCEPTED = "invitation_accepted", _("invitation accepted")
    INVITATION_REVOKED = "invitation_revoked", _("invitation revoked")
    ADMIN_ACCESS = "admin_access", _("site administrator access")


class AuditEntry(models.Model):
    """Append-only record of who changed membership and roles, visible to facilitators."""

    space = models.ForeignKey(
        Space, null=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    space_name = models.CharField(max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} in {self.space_name}"


class Activity(models.Model):
    """What happened lately in a space, for its members' home page. Any app records here."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="activities")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The verb is a key into ACTIVITY_VERBS (spaces/activity.py) so the feed is shown
    # in each reader's language; object_name is the user-given name it acted on.
    verb = models.CharField(max_length=40)
    object_name = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return f"{self.verb} {self.object_name}"
