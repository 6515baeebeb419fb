"""Writes about people: accounts, tokens, deletion."""

import re
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import PersonalAccessToken, User, token_digest
from ruche.core.errors import Conflict, Invalid, NotFound

PROFILE_FIELDS = {"display_name", "languages", "bio", "avatar_colour", "ui_language", "time_zone"}
MAX_ACTIVE_TOKENS = 50
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")

# Each app registers what it must do, inside the deletion's transaction, before the account
# is scrubbed (spaces: leave every space, forget invitations sent to the address).
AccountEraser = Callable[[User], None]
_account_erasers: dict[str, AccountEraser] = {}


def register_account_erasure(key: str, eraser: AccountEraser) -> None:
    _account_erasers[key] = eraser


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
        raise Invalid(
            _("These fields cannot be changed: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    _check_profile(changes)
    for field, value in changes.items():
        setattr(actor, field, value)
    try:
        actor.full_clean(exclude=["password", "email"])
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages)) from exc
    actor.save()
    return actor


def _check_profile(changes: dict[str, str]) -> None:
    languages = {code for code, _name in settings.LANGUAGES}
    if changes.get("ui_language") not in (None, "", *languages):
        raise Invalid(_("Unknown interface language."))
    if "time_zone" in changes and changes["time_zone"] not in zoneinfo.available_timezones():
        raise Invalid(_("Unknown time zone."))
    if "display_name" in changes and not changes["display_name"].strip():
        raise Invalid(_("A display name is required."))
    if changes.get("avatar_colour") and not HEX_COLOUR.fullmatch(changes["avatar_colour"]):
        raise Invalid(_("A colour looks like #1d5e8c."))
    if len(changes.get("bio", "")) > 1000:  # the model's max_length; TextField does not check it
        raise Invalid(_("The bio is too long (1000 characters at most)."))


def token_create(*, user: User, label: str = "") -> tuple[PersonalAccessToken, str]:
    """Make a personal access token. The raw value is returned once and never stored."""
    active = PersonalAccessToken.objects.filter(user=user, revoked_at__isnull=True)
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise Conflict(_("You have too many tokens. Revoke some first."))
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


def _save_with_pseudonym(user: User, attempts: int = 5) -> None:
    """Give the next free pseudonym number; two deletions at once may pick the same, so the
    unique constraint decides and the loser takes the next one."""
    for attempt in range(attempts):
        last = User.objects.aggregate(top=Max("pseudonym_number"))["top"] or 0
        user.pseudonym_number = last + 1 + attempt
        try:
            with transaction.atomic():
                user.save()
            return
        except IntegrityError:
            continue
    raise Conflict(_("Please try again in a moment."))


def account_delete_confirmed(*, actor: User, confirm: str = "", password: str = "") -> User:
    """Delete the actor's account once they have typed their email address or password."""
    typed_email = bool(confirm) and confirm.strip().lower() == (actor.email or "").lower()
    if not typed_email and not (password and actor.check_password(password)):
        raise Invalid(_("Type your email address or your password to confirm the deletion."))
    return account_delete(actor=actor)


@transaction.atomic
def account_delete(*, actor: User) -> User:
    """Delete an account the GDPR way: personal data goes, joint work stays, credited to
    a pseudonym ("former member 7"). Memberships and tokens are removed."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    if user.deleted_at is not None:
        raise NotFound()
    for eraser in _account_erasers.values():
        eraser(user)
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
    _save_with_pseudonym(user)
    user.tokens.all().delete()
    user.memberships.all().delete()
    return user
