"""Reads about spaces, always from the actor's point of view."""

from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from ruche.accounts.models import User
from ruche.core.errors import NotFound
from ruche.spaces.models import Activity, AuditEntry, Invitation, Membership, Role, Space
from ruche.spaces.permissions import (
    Need,
    SpaceId,
    access_space,
    active_memberships,
    can,
    parse_id,
)


def space_list(
    *, actor: User, kind: str | None = None, parent_id: SpaceId | None = None
) -> QuerySet[Space]:
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
        spaces = spaces.filter(parent_id=parse_id(parent_id))
    return spaces.distinct().order_by("name")


def space_get(*, actor: User, space_id: SpaceId) -> Space:
    return access_space(actor, space_id, Need.VIEW)


def space_children(*, actor: User, space: Space) -> QuerySet[Space]:
    return space_list(actor=actor).filter(parent=space)


def space_children_list(*, actor: User, space_id: SpaceId) -> QuerySet[Space]:
    """The spaces directly below one the actor can see, limited to those they can see too."""
    return space_children(actor=actor, space=access_space(actor, space_id, Need.VIEW))


def membership_list(*, actor: User, space_id: SpaceId) -> QuerySet[Membership]:
    space = access_space(actor, space_id, Need.VIEW)
    return (
        Membership.objects.filter(space=space)
        .select_related("user")
        .order_by("role", "user__display_name", "pk")
    )


def membership_get(*, actor: User, space_id: SpaceId, membership_id: int) -> Membership:
    space = access_space(actor, space_id, Need.VIEW)
    try:
        return Membership.objects.select_related("user", "space").get(space=space, pk=membership_id)
    except (Membership.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


def member_emails_visible(*, actor: User, space: Space) -> bool:
    """Addresses are shown to those who manage the space; members see names only."""
    return can(actor, space, Need.MANAGE)


def invitation_list(*, actor: User, space_id: SpaceId) -> QuerySet[Invitation]:
    space = access_space(actor, space_id, Need.MANAGE)
    return Invitation.objects.filter(space=space).select_related("created_by", "space")


def invitation_get(*, token: str) -> Invitation:
    """Anyone holding the link may read what it invites to, usable or not."""
    try:
        return Invitation.objects.select_related("space", "created_by").get(token=token)
    except Invitation.DoesNotExist as exc:
        raise NotFound() from exc


def audit_list(*, actor: User, space_id: SpaceId) -> QuerySet[AuditEntry]:
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


def space_roles(*, actor: User, spaces: list[Space]) -> dict[object, str]:
    """The actor's effective role in each of these spaces, in one query (facilitation flows
    down the tree, other roles do not)."""
    own = {
        m.space_id: m.role
        for m in Membership.objects.filter(active_memberships(actor)).only("space_id", "role")
    }
    roles: dict[object, str] = {}
    for space in spaces:
        chain = [space.parent_id, space.parent.parent_id if space.parent else None]
        if any(own.get(a) == Role.FACILITATOR for a in chain if a is not None):
            roles[space.id] = Role.FACILITATOR
        elif space.id in own:
            roles[space.id] = own[space.id]
    return roles


def space_visible_ancestors(*, actor: User, space: Space) -> list[Space]:
    """The space's parents the actor may see, from the root down, for breadcrumbs."""
    visible = set(space_list(actor=actor).values_list("id", flat=True))
    return [a for a in reversed(space.ancestors()) if a.id in visible]


def space_facilitable_parents(*, actor: User) -> QuerySet[Space]:
    """Spaces where the actor may create a cohort or a group."""
    spaces = space_list(actor=actor).exclude(kind="group")
    if actor.is_site_admin:
        return spaces
    facilitated = Membership.objects.filter(active_memberships(actor), role=Role.FACILITATOR)
    ids = facilitated.values("space_id")
    return spaces.filter(Q(id__in=ids) | Q(parent_id__in=ids))


def activity_list(*, actor: User, space_id: SpaceId, limit: int = 10) -> QuerySet[Activity]:
    space = access_space(actor, space_id, Need.VIEW)
    return (
        Activity.objects.filter(space=space)
        .select_related("actor", "space")
        .order_by("-created_at", "-id")[:limit]
    )


def invitation_pending_list(*, actor: User) -> QuerySet[Invitation]:
    """Usable invitations sent to the actor's address for spaces they are not in yet."""
    now = timezone.now()
    return (
        Invitation.objects.filter(email__iexact=actor.email or "-", revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .filter(Q(max_uses__isnull=True) | Q(use_count__lt=F("max_uses")))
        .exclude(space__memberships__user=actor)
        .select_related("space", "created_by")
    )


def personal_data(user: User) -> dict[str, Any]:
    """What the spaces hold about a person, for the personal data export (docs/api.md)."""
    return {
        "memberships": [_membership_data(m) for m in _memberships_of(user)],
        "spaces_created": [
            {"id": str(s.id), "name": s.name, "kind": s.kind, "created_at": _iso(s.created_at)}
            for s in Space.objects.filter(created_by=user)
        ],
        "invitations_sent": [
            _invitation_data(i)
            for i in Invitation.objects.filter(created_by=user).select_related("space")
        ],
        "invitations_received": [
            _invitation_data(i)
            for i in Invitation.objects.filter(email__iexact=user.email or "-").select_related(
                "space"
            )
        ],
        "audit_entries": [
            _audit_data(e, user) for e in AuditEntry.objects.filter(Q(actor=user) | Q(target=user))
        ],
        "activities": [
            _activity_data(a) for a in Activity.objects.filter(actor=user).select_related("space")
        ],
    }


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def _memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("space")


def _membership_data(m: Membership) -> dict[str, Any]:
    return {
        "space_id": str(m.space_id), "space_name": m.space.name, "space_kind": m.space.kind,
        "role": m.role, "expires_at": _iso(m.expires_at), "created_at": _iso(m.created_at),
    }  # fmt: skip


def _invitation_data(i: Invitation) -> dict[str, Any]:
    return {
        "id": str(i.id), "space_id": str(i.space_id), "space_name": i.space.name,
        "role": i.role, "email": i.email, "created_at": _iso(i.created_at),
        "expires_at": _iso(i.expires_at), "use_count": i.use_count,
        "revoked": i.revoked_at is not None,
    }  # fmt: skip


def _audit_data(e: AuditEntry, user: User) -> dict[str, Any]:
    return {
        "space_name": e.space_name, "action": e.action, "details": e.details,
        "as_actor": e.actor_id == user.pk, "as_target": e.target_id == user.pk,
        "created_at": _iso(e.created_at),
    }  # fmt: skip


def _activity_data(a: Activity) -> dict[str, Any]:
    return {
        "space_name": a.space.name, "verb": a.verb, "object_name": a.object_name,
        "url": a.url, "created_at": _iso(a.created_at),
    }  # fmt: skip
