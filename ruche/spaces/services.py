"""Writes about spaces, memberships and invitations. The only place that saves them."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, ProtectedError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from ruche.accounts.models import User
from ruche.accounts.services import user_create
from ruche.core.errors import Conflict, Forbidden, Invalid, NotFound
from ruche.core.events import send_event_on_commit
from ruche.spaces.models import (
    ALLOWED_CHILDREN,
    Activity,
    AuditAction,
    AuditEntry,
    Invitation,
    Membership,
    Role,
    Space,
    SpaceKind,
)
from ruche.spaces.permissions import (
    ROLE_STRENGTH,
    Need,
    SpaceId,
    access_space,
    check_space,
    parse_id,
)
from ruche.spaces.selectors import invitation_get


@dataclass(frozen=True)
class MembershipChanged:
    """Sent after commit when someone's role in a space changes or ends (role None)."""

    space_id: str
    user_id: int
    role: str | None


def audit(
    *, space: Space, actor: User | None, action: str, target: User | None = None, **details: Any
) -> AuditEntry:
    """Append to the space's audit log: who (actor) did what (action) to whom (target)."""
    return AuditEntry.objects.create(
        space=space, space_name=space.name, actor=actor, action=action, target=target,
        details=details,
    )  # fmt: skip


def activity_record(
    *, space: Space, actor: User | None, verb: str, object_name: str = "", url: str = ""
) -> Activity:
    """Add a line to the space's activity feed. Other apps call this from their services."""
    return Activity.objects.create(
        space=space, actor=actor, verb=verb, object_name=object_name[:300], url=url[:300]
    )


# Spaces


@transaction.atomic
def space_create(
    *,
    actor: User,
    name: str,
    kind: str,
    parent_id: SpaceId | None = None,
    description: str = "",
    starts_on: Any = None,
    ends_on: Any = None,
) -> Space:
    """Create a space. A community needs no parent and makes its creator its facilitator;
    a cohort or group needs a parent the actor facilitates."""
    name = _clean_name(name)
    _check_dates(starts_on, ends_on)
    if kind not in SpaceKind.values:
        raise Invalid(_("Unknown kind of space: %(kind)s.") % {"kind": kind})
    parent = _parent_for(actor=actor, kind=kind, parent_id=parent_id)
    space = Space.objects.create(
        name=name, kind=kind, parent=parent, description=description, created_by=actor,
        starts_on=starts_on, ends_on=ends_on,
    )  # fmt: skip
    if parent is None:
        Membership.objects.create(space=space, user=actor, role=Role.FACILITATOR, added_by=actor)
    audit(space=space, actor=actor, action=AuditAction.SPACE_CREATED, kind=kind)
    activity_record(space=space, actor=actor, verb="space_created", object_name=space.name)
    return space


def _parent_for(*, actor: User, kind: str, parent_id: SpaceId | None) -> Space | None:
    if kind == SpaceKind.COMMUNITY:
        if parent_id:
            raise Invalid(_("A community is a top-level space; it has no parent."))
        return None
    if not parent_id:
        raise Invalid(_("A cohort or group belongs to a parent space (parent_id)."))
    parent = access_space(actor, parent_id, Need.MANAGE)
    if kind not in ALLOWED_CHILDREN[parent.kind]:
        raise Invalid(
            _("A %(kind)s cannot be placed inside a %(parent)s.")
            % {"kind": kind, "parent": parent.kind}
        )
    return parent


def _check_dates(starts_on: Any, ends_on: Any) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise Invalid(_("The end date comes before the start date."))


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise Invalid(_("A name is required."))
    if len(name) > 200:
        raise Invalid(_("The name is too long (200 characters at most)."))
    return name


SPACE_EDITABLE_FIELDS = {"name", "description", "guests_can_edit", "starts_on", "ends_on"}
SPACE_REQUIRED_FIELDS = {"name", "description", "guests_can_edit"}


@transaction.atomic
def space_update(*, actor: User, space_id: SpaceId, **changes: Any) -> Space:
    """Change a space's editable fields (facilitators); the audit log keeps before and after."""
    space = access_space(actor, space_id, Need.MANAGE)
    unknown = set(changes) - SPACE_EDITABLE_FIELDS
    if unknown:
        raise Invalid(
            _("These fields cannot be changed: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    empty = sorted(f for f in SPACE_REQUIRED_FIELDS & set(changes) if changes[f] is None)
    if empty:
        raise Invalid(_("These fields cannot be empty: %(f)s.") % {"f": ", ".join(empty)})
    if "name" in changes:
        changes["name"] = _clean_name(changes["name"])
    _check_dates(changes.get("starts_on", space.starts_on), changes.get("ends_on", space.ends_on))
    guests_before = space.guests_can_edit
    before = {field: str(getattr(space, field)) for field in changes}
    for field, value in changes.items():
        setattr(space, field, value)
    space.save()
    after = {field: str(getattr(space, field)) for field in changes}
    audit(space=space, actor=actor, action=AuditAction.SPACE_UPDATED, before=before, after=after)
    if space.guests_can_edit != guests_before:
        _tell_guests(space)
    return space


def _tell_guests(space: Space) -> None:
    """Guests' open connections ask the gate again: they may now write, or only read."""
    guests = Membership.objects.filter(space=space, role=Role.GUEST).values_list(
        "user_id", flat=True
    )
    for user_id in guests:
        send_event_on_commit(MembershipChanged(str(space.id), user_id, Role.GUEST))


@transaction.atomic
def space_delete(*, actor: User, space_id: SpaceId) -> None:
    """Delete a space that holds no other space (Conflict otherwise); its audit log stays."""
    space = access_space(actor, space_id, Need.MANAGE)
    if space.children.exists():
        raise Conflict(_("This space holds other spaces. Move or delete them first."))
    audit(space=space, actor=actor, action=AuditAction.SPACE_DELETED, name=space.name)
    try:
        space.delete()
    except ProtectedError as exc:
        raise Conflict(_("Other objects still depend on this space.")) from exc


# Memberships


def _user_by_email(email: str) -> User:
    try:
        return User.objects.get(email__iexact=(email or "").strip(), deleted_at__isnull=True)
    except User.DoesNotExist as exc:
        raise Invalid(
            _("No account uses this address. Send an invitation to %(email)s instead.")
            % {"email": email}
        ) from exc


def _check_future(moment: datetime | None) -> None:
    if moment is not None and moment <= timezone.now():
        raise Invalid(_("The expiry date is already past."))


def _check_role(role: str) -> str:
    if role not in Role.values:
        raise Invalid(_("Unknown role: %(role)s.") % {"role": role})
    return role


@transaction.atomic
def membership_add(
    *, actor: User, space_id: SpaceId, email: str, role: str, expires_at: datetime | None = None
) -> Membership:
    """Give someone with an account a role in a space (facilitators); Conflict if already in."""
    space = access_space(actor, space_id, Need.MANAGE)
    user = _user_by_email(email)
    _check_role(role)
    _check_future(expires_at)
    if Membership.objects.filter(space=space, user=user).exists():
        raise Conflict(_("%(name)s is already a member of this space.") % {"name": user})
    membership = Membership.objects.create(
        space=space, user=user, role=role, expires_at=expires_at, added_by=actor
    )
    audit(space=space, actor=actor, action=AuditAction.MEMBER_ADDED, target=user, role=role)
    activity_record(space=space, actor=user, verb="member_joined", object_name=space.name)
    send_event_on_commit(MembershipChanged(str(space.id), user.pk, role))
    return membership


@transaction.atomic
def membership_update(
    *, actor: User, space_id: SpaceId, membership_id: int, role: str | None = None,
    expires_at: datetime | None = None, clear_expiry: bool = False,
) -> Membership:  # fmt: skip
    """Change a member's role or access end (facilitators); a community keeps a facilitator."""
    space = access_space(actor, space_id, Need.MANAGE)
    membership = _membership_in(space, membership_id)
    before = membership.role
    if role is not None:
        _check_role(role)
        if before == Role.FACILITATOR and role != Role.FACILITATOR:
            _keep_one_facilitator(space, membership)
        membership.role = role
    if expires_at is not None or clear_expiry:
        membership.expires_at = expires_at
    membership.save()
    audit(
        space=space, actor=actor, action=AuditAction.ROLE_CHANGED, target=membership.user,
        before=before, after=membership.role,
        expires_at=membership.expires_at.isoformat() if membership.expires_at else None,
    )  # fmt: skip
    send_event_on_commit(MembershipChanged(str(space.id), membership.user_id, membership.role))
    return membership


@transaction.atomic
def membership_remove(*, actor: User, space_id: SpaceId, membership_id: int) -> None:
    """Remove a member. Anyone may leave a space themselves; facilitators remove others."""
    space = access_space(actor, space_id, Need.VIEW)
    membership = _membership_in(space, membership_id)
    if membership.user_id != actor.pk:
        check_space(actor, space, Need.MANAGE)
    if membership.role == Role.FACILITATOR:
        _keep_one_facilitator(space, membership)
    audit(
        space=space, actor=actor, action=AuditAction.MEMBER_REMOVED, target=membership.user,
        role=membership.role,
    )  # fmt: skip
    membership.delete()
    send_event_on_commit(MembershipChanged(str(space.id), membership.user_id, None))


def _membership_in(space: Space, membership_id: int) -> Membership:
    try:
        return Membership.objects.select_related("user").get(space=space, pk=membership_id)
    except (Membership.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


def _keep_one_facilitator(space: Space, leaving: Membership) -> None:
    if space.parent_id is not None:
        return  # facilitators of the parent still facilitate this space
    others = Membership.objects.filter(space=space, role=Role.FACILITATOR).exclude(pk=leaving.pk)
    if not others.exists():
        raise Conflict(_("A community needs at least one facilitator."))


# Invitations


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    space_id: SpaceId,
    role: str,
    email: str = "",
    expires_at: datetime | None = None,
    access_until: datetime | None = None,
    max_uses: int | None = None,
    message: str = "",
) -> Invitation:
    """Invite by email (a message is sent) or make a shareable link (no email)."""
    space = access_space(actor, space_id, Need.MANAGE)
    _check_role(role)
    email = _clean_email(email)
    _check_future(expires_at)
    if max_uses is not None and max_uses < 1:
        raise Invalid(_("The number of uses must be at least 1."))
    if email and max_uses is None:
        max_uses = 1
    if role == Role.GUEST and access_until is None:
        access_until = expires_at
    invitation = Invitation.objects.create(
        space=space, role=role, email=email, expires_at=expires_at,
        access_until=access_until, max_uses=max_uses, message=message, created_by=actor,
    )  # fmt: skip
    audit(
        space=space, actor=actor, action=AuditAction.INVITATION_CREATED, role=role,
        email=invitation.email, max_uses=max_uses,
    )  # fmt: skip
    if invitation.email:
        transaction.on_commit(lambda: _send_invitation_email(invitation, actor))
    return invitation


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        if email:
            validate_email(email)
    except ValidationError as exc:
        raise Invalid(_("This email address is not valid.")) from exc
    return email


def _send_invitation_email(invitation: Invitation, actor: User) -> None:
    language = actor.ui_language or "en"
    with override(language):
        context = {"invitation": invitation, "inviter": actor, "space": invitation.space}
        subject = _("%(name)s invites you to %(space)s on Ruche") % {
            "name": actor.public_name,
            "space": invitation.space.name,
        }
        body = render_to_string("spaces/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


@transaction.atomic
def invitation_revoke(*, actor: User, space_id: SpaceId, invitation_id: SpaceId) -> Invitation:
    """Revoke a link so nobody can use it any more. Revoking twice changes nothing."""
    space = access_space(actor, space_id, Need.MANAGE)
    try:
        invitation = Invitation.objects.get(space=space, pk=parse_id(invitation_id))
    except Invitation.DoesNotExist as exc:
        raise NotFound() from exc
    if invitation.revoked_at is not None:
        return invitation
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit(space=space, actor=actor, action=AuditAction.INVITATION_REVOKED, role=invitation.role)
    return invitation


def invitation_by_token(token: str) -> Invitation:
    """Anyone holding the link may read what it invites to, usable or not."""
    return invitation_get(token=token)


@transaction.atomic
def invitation_accept(*, user: User, token: str) -> Membership:
    """Turn an invitation into a membership. Raises Conflict if the link is no longer usable."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("space")
        .get(pk=invitation_by_token(token).pk)
    )
    _check_usable(invitation)
    if invitation.email and invitation.email != (user.email or "").lower():
        raise Forbidden(_("This invitation was sent to another email address."))
    membership = _membership_from(invitation, user)
    Invitation.objects.filter(pk=invitation.pk).update(use_count=F("use_count") + 1)
    audit(
        space=invitation.space, actor=user, action=AuditAction.INVITATION_ACCEPTED, target=user,
        role=membership.role, invitation=str(invitation.pk),
    )  # fmt: skip
    activity_record(
        space=invitation.space, actor=user, verb="invitation_accepted",
        object_name=invitation.space.name,
    )  # fmt: skip
    send_event_on_commit(MembershipChanged(str(invitation.space_id), user.pk, membership.role))
    return membership


def _check_usable(invitation: Invitation) -> None:
    if invitation.revoked_at is not None:
        raise Conflict(_("This invitation was revoked."))
    if invitation.is_expired:
        raise Conflict(_("This invitation has expired."))
    if invitation.is_used_up:
        raise Conflict(_("This invitation has already been used."))


def _membership_from(invitation: Invitation, user: User) -> Membership:
    existing = Membership.objects.filter(space=invitation.space, user=user).first()
    if existing is None:
        return Membership.objects.create(
            space=invitation.space, user=user, role=invitation.role,
            expires_at=invitation.access_until, added_by=invitation.created_by,
        )  # fmt: skip
    if _strength(invitation.role) > _strength(existing.role):
        existing.role = invitation.role
    existing.expires_at = None if existing.expires_at is None else invitation.access_until
    existing.save()
    return existing


def _strength(role: str) -> int:
    return ROLE_STRENGTH.get(role, 0)


@transaction.atomic
def invitation_accept_with_sign_up(
    *, token: str, email: str, display_name: str, password: str, ui_language: str = ""
) -> Membership:
    """Create an account from an invitation and accept it, all or nothing. An invitation
    sent to an address creates the account for that address only."""
    invitation = invitation_by_token(token)
    if not invitation.is_usable:
        raise Conflict(_("This invitation is no longer valid."))
    user = user_create(
        email=invitation.email or email, display_name=display_name, password=password,
        ui_language=ui_language,
    )  # fmt: skip
    return invitation_accept(user=user, token=token)


# Account deletion


def account_erase(user: User) -> None:
    """Called inside account deletion: the person leaves every space (audited, so facilitators
    see why), and invitations addressed to them are revoked and forget their address."""
    memberships = list(Membership.objects.filter(user=user).select_related("space"))
    for membership in memberships:
        audit(
            space=membership.space, actor=user, action=AuditAction.MEMBER_REMOVED, target=user,
            role=membership.role, reason="account_deleted",
        )  # fmt: skip
        send_event_on_commit(MembershipChanged(str(membership.space_id), user.pk, None))
    Membership.objects.filter(user=user).delete()
    if user.email:
        _forget_address(user.email.lower())


def _forget_address(email: str) -> None:
    addressed = Invitation.objects.filter(email__iexact=email)
    addressed.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    addressed.update(email="")
    for entry in AuditEntry.objects.filter(details__email=email):
        entry.details["email"] = ""
        entry.save(update_fields=["details"])
