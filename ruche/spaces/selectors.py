"""Reads about spaces, always from the actor's point of view."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from ruche.accounts.models import User
from ruche.core.errors import NotFound
from ruche.spaces.models import Activity, AuditEntry, Invitation, Membership, Role, Space
from ruche.spaces.permissions import Need, access_space, active_memberships


def space_list(*, actor: User, kind: str | None = None, parent_id: object = None) -> QuerySet[Space]:
    """Spaces the actor can see: their own, and everything below where they facilitate."""
    spaces = Space.objects.select_related("parent")
    if not actor.is_site_admin:
        mine = Membership.objects.filter(active_memberships(actor))
        facilitated = mine.filter(role=Role.FACILITATOR).values("space_id")
        spaces = spaces.filter(
            Q(id__in=mine.values("space_id"))
            | Q(parent_id__in=facilitated)
            | Q(parent__parent_id__in=facilitated)
        )
    if kind:
        spaces = spaces.filter(kind=kind)
    if parent_id:
        spaces = spaces.filter(parent_id=parent_id)
    return spaces.distinct().order_by("name")


def space_get(*, actor: User, space_id: object) -> Space:
    return access_space(actor, space_id, Need.VIEW)


def space_children(*, actor: User, space: Space) -> QuerySet[Space]:
    return space_list(actor=actor).filter(parent=space)


def membership_list(*, actor: User, space_id: object) -> QuerySet[Membership]:
    space = access_space(actor, space_id, Need.VIEW)
    return (
        Membership.objects.filter(space=space)
        .select_related("user")
        .order_by("role", "user__display_name")
    )


def membership_get(*, actor: User, space_id: object, membership_id: int) -> Membership:
    space = access_space(actor, space_id, Need.VIEW)
    try:
        return Membership.objects.select_related("user", "space").get(
            space=space, pk=membership_id
        )
    except (Membership.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


def invitation_list(*, actor: User, space_id: object) -> QuerySet[Invitation]:
    space = access_space(actor, space_id, Need.MANAGE)
    return Invitation.objects.filter(space=space).select_related("created_by")


def audit_list(*, actor: User, space_id: object) -> QuerySet[AuditEntry]:
    space = access_space(actor, space_id, Need.MANAGE)
    return AuditEntry.objects.filter(space=space).select_related("actor", "target")


def activity_feed(*, actor: User, limit: int = 20) -> QuerySet[Activity]:
    """Recent activity across every space the actor can see."""
    visible = space_list(actor=actor).values("id")
    return (
        Activity.objects.filter(space_id__in=visible)
        .select_related("actor", "space")
        .order_by("-created_at", "-id")[:limit]
    )


def upcoming_spaces(*, actor: User, limit: int = 10) -> QuerySet[Space]:
    """Cohorts and groups starting or running from today, soonest first."""
    today = timezone.localdate()
    return (
        space_list(actor=actor)
        .filter(Q(starts_on__gte=today) | Q(ends_on__gte=today))
        .order_by("starts_on")[:limit]
    )
