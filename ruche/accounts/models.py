import hashlib
import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

AVATAR_COLOURS = [
    "#8a3b12", "#1d5e8c", "#2f6b3a", "#7a2e6e", "#7d5a00", "#0f6a6a", "#a1283b", "#4b4fa6",
]  # fmt: skip


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Deleting an account scrubs it into a pseudonym instead of removing the row,
    so joint productions stay credited ("former member 7")."""

    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    display_name = models.CharField(_("display name"), max_length=120)
    languages = models.CharField(
        _("languages spoken"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated, e.g. fr, en"),
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    avatar_colour = models.CharField(_("avatar colour"), max_length=7, blank=True)
    ui_language = models.CharField(_("interface language"), max_length=10, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    pseudonym_number = models.PositiveIntegerField(null=True, blank=True, unique=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        if self.deleted_at is not None:
            return str(_("former member %(number)s") % {"number": self.pseudonym_number})
        return self.display_name or (self.email or "").split("@")[0]

    @property
    def initials(self) -> str:
        parts = [part for part in self.public_name.replace("-", " ").split() if part]
        return "".join(part[0] for part in parts[:2]).upper() or "?"

    @property
    def colour(self) -> str:
        return self.avatar_colour or AVATAR_COLOURS[self.pk % len(AVATAR_COLOURS) if self.pk else 0]

    @property
    def is_site_admin(self) -> bool:
        return bool(self.is_active and self.is_superuser)


def token_digest(raw: str) -> str:
    # Tokens are 256-bit random values: a fast hash is enough and keeps lookups indexed.
    return hashlib.sha256(raw.encode()).hexdigest()


TOKEN_PREFIX = "ruche_"  # noqa: S105 (a public prefix, not a secret)


class PersonalAccessToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    label = models.CharField(_("label"), max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="First characters, to recognise the token.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.label or 'token'} ({self.hint}…)"

    @staticmethod
    def new_raw_token() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)
