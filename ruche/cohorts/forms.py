import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ruche.cohorts.models import Mode
from ruche.modules.models import ModuleRelease

ZONES = sorted(zoneinfo.available_timezones())


class PilotSetupForm(forms.Form):
    release = forms.ChoiceField(label=_("Module version"))
    start = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    skip_weekends = forms.BooleanField(label=_("Skip weekends"), required=False, initial=True)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    country = forms.CharField(
        label=_("Country code"), max_length=2, required=False, help_text=_("Two letters, e.g. FR.")
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=[(z, z) for z in ZONES], initial="Europe/Paris"
    )
    language = forms.CharField(label=_("Language"), max_length=10, initial="fr")
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    default_place = forms.CharField(label=_("Usual place"), max_length=300, required=False)

    def __init__(self, data: Any = None, *, releases: list[ModuleRelease]) -> None:
        super().__init__(data)
        self.fields["release"].choices = [  # type: ignore[attr-defined]
            (str(r.pk), f"{r.module.title} — v{r.number}") for r in releases
        ]
        self.releases = {str(r.pk): r for r in releases}


class SessionAdaptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    cancelled = forms.BooleanField(label=_("Cancelled"), required=False)
    reason = forms.CharField(
        label=_("Why this change?"),
        max_length=2000,
        required=False,
        help_text=_("It goes into the pilot report."),
    )


class ModeSwitchForm(forms.Form):
    mode = forms.ChoiceField(label=_("From now on"), choices=Mode.choices)
    since = forms.DateTimeField(
        label=_("Starting"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(label=_("Why?"), max_length=2000, required=False)
