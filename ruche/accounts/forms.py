"""Forms of the account pages. They validate; services save."""

import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ruche.accounts.models import AVATAR_COLOURS, User


class LoginForm(AuthenticationForm):
    """Email and password (the username field of our User is the email)."""

    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "This email and password do not match an account. Check both and try again."
        ),
        "inactive": _("This account is inactive."),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class LocalisedPasswordResetForm(PasswordResetForm):
    """Writes the reset email in the recipient's own interface language."""

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        context = args[2] if len(args) > 2 else kwargs["context"]
        language = getattr(context.get("user"), "ui_language", "") or translation.get_language()
        with translation.override(language):
            super().send_mail(*args, **kwargs)


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


COLOUR_NAMES = [
    _("Rust"), _("Ocean"), _("Forest"), _("Plum"), _("Ochre"), _("Teal"), _("Berry"), _("Indigo"),
]  # fmt: skip


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=120)
    languages = forms.CharField(
        label=_("Languages spoken"),
        max_length=200,
        required=False,
        help_text=_("Comma-separated, for example: French, English, Italian."),
    )
    bio = forms.CharField(
        label=_("Short bio"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few lines other members see next to your name. At most 1000 characters."),
    )
    avatar_colour = forms.ChoiceField(
        label=_("Avatar colour"),
        choices=list(zip(AVATAR_COLOURS, COLOUR_NAMES, strict=True)),
        widget=forms.RadioSelect,
    )
    ui_language = forms.ChoiceField(label=_("Interface language"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("Dates and times are shown in this time zone."),
    )

    @classmethod
    def for_user(cls, user: User, data: Any = None) -> "ProfileForm":
        initial = {
            "display_name": user.display_name,
            "languages": user.languages,
            "bio": user.bio,
            "avatar_colour": user.colour,
            "ui_language": user.ui_language or translation.get_language(),
            "time_zone": user.time_zone,
        }
        return cls(data=data, initial=initial)


class TokenCreateForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=100,
        help_text=_("What the token is for, for example “my laptop script”."),
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not right."), code="wrong_password")
        return password
