"""The access gate for spaces. Every other app's gate builds on `space_role` and `access_space`.

Rules (docs/architecture.md, "Permissions"):
- a membership gives a role in one space; only the facilitator role flows down the tree;
- an expired membership (guests' invitations end) gives nothing;
- site administrators may do anything, and each access to a space beyond their own role
  is written to that space's audit log;
- a space the actor may not see answers NotFound, never Forbidden, so it does not leak.
"""

import uuid
from datetime import timedelta
from enum import IntEnum
from typing import TypeAlias

from django.db.models import Q
from django.utils import timezone

from ruche.accounts.models import User
from ruche.core.errors import Forbidden, NotFound
from ruche.spaces.models import AuditAction, AuditEntry, Membership, Role, Space

# A space's public id as it comes from a URL or a form: a UUID or its text. Anything else,
# malformed or missing, is simply NotFound.
SpaceId: TypeAlias = object

# Repeated admin visits to the same space within this window make one audit entry.
ADMIN_AUDIT_WINDOW = timedelta(minutes=1)


class Need(IntEnum):
    VIEW = 1
    CONTRIBUTE = 2
    MANAGE = 3


ROLE_STRENGTH: dict[str, int] = {
    Role.OBSERVER: 1,
    Role.GUEST: 2,
    Role.PARTICIPANT: 3,
    Role.FACILITATOR: 4,
}


def role_allows(role: str | None, need: Need, *, space: Space) -> bool:
    if role is None:
        return False
    if need == Need.VIEW:
        return True
    if need == Need.CONTRIBUTE:
        if role == Role.GUEST:
            return space.guests_can_edit
        return role in (Role.PARTICIPANT, Role.FACILITATOR)
    return role == Role.FACILITATOR


def active_memberships(user: User) -> Q:
    return Q(user=user) & (Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))


def is_site_admin(actor: User | None) -> bool:
    return bool(actor is not None and getattr(actor, "is_site_admin", False))


def space_role(actor: User | None, space: Space) -> str | None:
    """The actor's effective role in the space, or None. Site admins get no role here."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return None
    tree = [space, *space.ancestors()]
    roles = {
        m.space_id: m.role
        for m in Membership.objects.filter(active_memberships(actor), space__in=tree)
    }
    inherited = [roles.get(a.id) for a in tree[1:]]
    if Role.FACILITATOR in inherited:
        return Role.FACILITATOR
    return roles.get(space.id)


def can(actor: User | None, space: Space, need: Need) -> bool:
    """Whether the actor may do `need` in the space (site admins: always, without audit)."""
    if is_site_admin(actor):
        return True
    return role_allows(space_role(actor, space), need, space=space)


def access_space(actor: User | None, space_id: SpaceId, need: Need = Need.VIEW) -> Space:
    """Return the space if the actor may do `need` there; raise NotFound or Forbidden."""
    space = _load(space_id)
    check_space(actor, space, need)
    return space


def check_space(actor: User | None, space: Space, need: Need) -> None:
    """The gate for a space already loaded: NotFound if hidden, Forbidden if not allowed."""
    role = space_role(actor, space)
    if role_allows(role, need, space=space):
        return
    if actor is not None and is_site_admin(actor):
        _audit_admin_access(actor, space, need)
        return
    if role is None:
        raise NotFound()
    raise Forbidden()


def parse_id(value: object) -> uuid.UUID:
    """A public id from a URL; anything malformed is simply not found."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise NotFound() from exc


def _load(space_id: SpaceId) -> Space:
    try:
        return Space.objects.select_related("parent__parent").get(pk=parse_id(space_id))
    except Space.DoesNotExist as exc:
        raise NotFound() from exc


def _audit_admin_access(actor: User, space: Space, need: Need) -> None:
    details = {"need": need.name.lower()}
    recent = AuditEntry.objects.filter(
        space=space,
        actor=actor,
        action=AuditAction.ADMIN_ACCESS,
        details__need=details["need"],
        created_at__gt=timezone.now() - ADMIN_AUDIT_WINDOW,
    )
    if recent.exists():
        return
    AuditEntry.objects.create(
        space=space,
        space_name=space.name,
        actor=actor,
        action=AuditAction.ADMIN_ACCESS,
        details=details,
    )
