"""Writes about people: accounts, tokens, deletion."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import PersonalAccessToken, User, token_digest
from ruche.core.errors import Conflict, Invalid, NotFound

PROFILE_FIELDS = {"display_name", "languages", "bio", "avatar_colour", "ui_language", "time_zone"}


@transaction.atomic
def user_create(
    *,
    email: str,
    display_name: str,
    password: str,
    is_admin: bool = False,
    check_password: bool = True,
    ui_language: str = "",
) -> User:
    """Create an account. The password is checked against the validators unless told not to."""
    email = (email or "").strip().lower()
    if not email or "@" not in email:
        raise Invalid(_("A valid email address is required."))
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict(_("An account already uses this email address."))
    candidate = User(email=email, display_name=display_name.strip())
    if check_password:
        _validate_password(password, candidate)
    manager = User.objects
    create = manager.create_superuser if is_admin else manager.create_user
    return create(email, password, display_name=display_name.strip(), ui_language=ui_language)


def _validate_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages)) from exc


def profile_update(*, actor: User, **changes: str) -> User:
    unknown = set(changes) - PROFILE_FIELDS
    if unknown:
        raise Invalid(_("These fields cannot be changed: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    for field, value in changes.items():
        setattr(actor, field, value)
    actor.full_clean(exclude=["password", "email"])
    actor.save()
    return actor


def token_create(*, user: User, label: str = "") -> tuple[PersonalAccessToken, str]:
    """Make a personal access token. The raw value is returned once and never stored."""
    raw = PersonalAccessToken.new_raw_token()
    token = PersonalAccessToken.objects.create(
        user=user, label=label.strip()[:100], digest=token_digest(raw), hint=raw[:12]
    )
    return token, raw


def token_revoke(*, actor: User, token_id: int) -> PersonalAccessToken:
    try:
        token = PersonalAccessToken.objects.get(pk=token_id, user=actor)
    except (PersonalAccessToken.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(raw: str) -> User | None:
    """The active user behind a raw token, or None. Records when it was last used."""
    if not raw:
        return None
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def account_delete(*, actor: User) -> User:
    """Delete an account the GDPR way: personal data goes, joint work stays, credited to
    a pseudonym ("former member 7"). Memberships and tokens are removed."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    last = User.objects.aggregate(top=Max("pseudonym_number"))["top"] or 0
    user.pseudonym_number = last + 1
    user.deleted_at = timezone.now()
    user.email = None
    user.display_name = ""
    user.languages = ""
    user.bio = ""
    user.avatar_colour = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.tokens.all().delete()
    user.memberships.all().delete()
    return user
