from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ruche.modules.models import ActivityKind, Module, ModuleStatus


class ActivityForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=ActivityKind.choices)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=0, max_value=1440
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    outcomes = forms.CharField(
        label=_("Learning outcomes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    facilitator_notes = forms.CharField(
        label=_("Facilitator notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    skills = forms.CharField(label=_("Skills"), required=False, help_text=_("Separated by commas."))

    def clean_skills(self) -> list[str]:
        return [s.strip() for s in self.cleaned_data["skills"].split(",") if s.strip()]


class ModuleDetailsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=ModuleStatus.choices)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    audience = forms.CharField(
        label=_("Target audience"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        help_text=_("Language codes separated by commas, e.g. fr, en."),
    )
    duration_days = forms.IntegerField(
        label=_("Duration in days"), required=False, min_value=1, max_value=365
    )
    goals = forms.CharField(
        label=_("Goals"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    prerequisites = forms.CharField(
        label=_("Prerequisites"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    approach = forms.CharField(
        label=_("Pedagogical approach"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    licence = forms.CharField(label=_("Licence"), max_length=50)
    credits = forms.CharField(
        label=_("Credits"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, data: Any = None, *, module: Module) -> None:
        initial = {name: getattr(module, name) for name in self.base_fields if name != "version"}
        super().__init__(data, initial={**initial, "version": module.version})
