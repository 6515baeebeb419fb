"""Forms of the space pages. They parse and check shapes; the services decide."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruche.spaces.models import Role, Space, SpaceKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NO_END = _("Leave empty: no end.")
ROLE_HELP = _(
    "Facilitators manage the space and everything in it; participants contribute; "
    "guests contribute for a while (if allowed); observers only read."
)


def end_of_day(day: dt.date | None) -> dt.datetime | None:
    """A chosen date means "until the end of that day", in the reader's time zone."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


class SpaceCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SpaceKind.choices)
    parent = forms.ChoiceField(
        label=_("Inside"),
        required=False,
        help_text=_("Cohorts and working groups live inside a space you facilitate."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(
            attrs={"rows": 4}
        ),
    )  # fmt: skip
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)

    def __init__(self, *args: object, parents: Iterable[Space] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices: list[tuple[str, Any]] = [("", _("— none (a new community) —"))]
        choices += [(str(p.id), f"{p.name} ({p.get_kind_display()})") for p in parents]
        self.fields["parent"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        _check_dates(self, data)
        return data


def _check_dates(form: forms.Form, data: dict[str, object]) -> None:
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if isinstance(starts, dt.date) and isinstance(ends, dt.date) and ends < starts:
        form.add_error("ends_on", _("The end comes before the start."))


class SpaceSettingsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(
            attrs={"rows": 5}
        ),
    )  # fmt: skip
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    guests_can_edit = forms.BooleanField(
        label=_("Guests can edit"),
        required=False,
        help_text=_("When off, invited guests can read and comment but not change content."),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        _check_dates(self, data)
        return data

    def changes(self) -> dict[str, object]:
        return {field: self.cleaned_data[field] for field in self.changed_data}


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("Email of an existing account"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.PARTICIPANT)
    access_until = forms.DateField(
        label=_("Access until"), required=False, widget=DATE, help_text=NO_END
    )

    def expires_at(self) -> dt.datetime | None:
        return end_of_day(self.cleaned_data.get("access_until"))


class MemberChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    access_until = forms.DateField(label=_("Access until"), required=False, widget=DATE)

    def service_arguments(self) -> dict[str, Any]:
        expires_at = end_of_day(self.cleaned_data.get("access_until"))
        return {
            "role": self.cleaned_data["role"],
            "expires_at": expires_at,
            "clear_expiry": expires_at is None,
        }


class InvitationForm(forms.Form):
    """Both ways of inviting. `by` ("email" or "link") is also the prefix, so the page can
    hold one form of each."""

    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Role.choices, initial=Role.PARTICIPANT, help_text=ROLE_HELP
    )
    expires_on = forms.DateField(
        label=_("Link valid until"), required=False, widget=DATE, help_text=NO_END
    )
    access_until = forms.DateField(
        label=_("Access until"),
        required=False,
        widget=DATE,
        help_text=_("When the membership ends (guests: defaults to the link's end)."),
    )
    max_uses = forms.IntegerField(
        label=_("Maximum uses"), required=False, min_value=1, max_value=10000,
        help_text=_("Leave empty: anyone with the link may join until it ends."),
    )  # fmt: skip
    message = forms.CharField(
        label=_("Personal message"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args: object, by: str = "email", **kwargs: object) -> None:
        super().__init__(*args, prefix=by, **kwargs)  # type: ignore[arg-type,misc]
        self.by = by
        if by == "link":
            del self.fields["email"]
        else:
            del self.fields["max_uses"]  # an emailed invitation is for one person

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "role": data["role"],
            "email": data.get("email") or "",
            "expires_at": end_of_day(data.get("expires_on")),
            "access_until": end_of_day(data.get("access_until")),
            "max_uses": data.get("max_uses"),
            "message": data.get("message") or "",
        }


class SignUpForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"), max_length=120, help_text=_("As others will see it.")
    )
    email = forms.EmailField(label=_("Email"))
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not a common password."),
    )
    password_again = forms.CharField(
        label=_("Password, again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: object, locked_email: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if locked_email:
            field = self.fields["email"]
            field.initial = locked_email
            field.disabled = True
            field.help_text = _("The invitation was sent to this address.")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data
