"""The form that opens a decision from a page, and the reading of a vote from a page's form."""

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruche.core.errors import Invalid
from ruche.decisions.models import Participants, PollKind, Process


class DecisionForm(forms.Form):
    question = forms.CharField(label=gettext_lazy("Question"), max_length=300)
    process = forms.ChoiceField(label=gettext_lazy("Process"), choices=Process.choices)
    poll_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of poll"), choices=PollKind.choices, required=False
    )
    options = forms.CharField(
        label=gettext_lazy("Options (poll), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    dots_per_person = forms.IntegerField(
        label=gettext_lazy("Dots per person (dot vote)"), min_value=1, max_value=100,
        required=False,
    )  # fmt: skip
    slots = forms.CharField(
        label=gettext_lazy("Slots (time poll), one per line: 2026-03-14 09:30-12:30"),
        required=False, widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    context = forms.CharField(
        label=gettext_lazy("Context"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    closes_at = forms.DateTimeField(
        label=gettext_lazy("Closes at"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )  # fmt: skip
    quorum = forms.IntegerField(label=gettext_lazy("Quorum (people)"), min_value=1, required=False)
    participants = forms.ChoiceField(
        label=gettext_lazy("Who may take part"), choices=Participants.choices
    )
    anonymous = forms.BooleanField(label=gettext_lazy("Anonymous positions"), required=False)
    results_hidden = forms.BooleanField(
        label=gettext_lazy("Hide results until closing"), required=False
    )
    guests_may_take_part = forms.BooleanField(
        label=gettext_lazy("Guests may take part"), required=False
    )

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["options"] = [line for line in data["options"].splitlines() if line.strip()]
        data["dots_per_person"] = data["dots_per_person"] or 0
        data["slots"] = slots_parse(data["slots"])
        # Plain text from a page's form becomes paragraphs.
        data["context"] = paragraphs_html(data["context"])
        return data


def paragraphs_html(text: str) -> str:
    """Plain text from a page's form: blank lines separate paragraphs."""
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def slots_parse(text: str) -> list[tuple[datetime, datetime]]:
    """Lines like `2026-03-14 09:30-12:30`, read in the reader's own time zone."""
    slots = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            day, hours = line.split(" ", 1)
            start, end = (part.strip() for part in hours.split("-", 1))
            starts_at = _aware(f"{day} {start}")
            ends_at = _aware(f"{day} {end}")
        except ValueError as exc:
            raise Invalid(_("Cannot read the slot “%(s)s”.") % {"s": line}) from exc
        if ends_at <= starts_at:
            ends_at += timedelta(days=1)
        slots.append((starts_at, ends_at))
    return slots


def _aware(text: str) -> datetime:
    zone = timezone.get_current_timezone()
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=zone)


def ballot_from_form(process: str, poll_kind: str, data: Any) -> dict[str, Any]:
    """Turn a page's vote form into the API's ballot shape (docs/decisions.md)."""
    if process == Process.TIME_POLL:
        return {"answers": _prefixed(data, "answer-", int_values=False)}
    if poll_kind == PollKind.SINGLE:
        return {"choices": [data["choice"]] if data.get("choice") else []}
    if poll_kind == PollKind.MULTIPLE:
        return {"choices": data.getlist("choices")}
    if poll_kind == PollKind.SCORE:
        return {"scores": _prefixed(data, "score-")}
    if poll_kind == PollKind.DOTS:
        return {"dots": _prefixed(data, "dots-")}
    ranks = _prefixed(data, "rank-")
    if len(set(ranks.values())) != len(ranks):
        raise Invalid(_("Give each option a different rank."))
    return {"ranking": sorted(ranks, key=lambda option: ranks[option])}


def _prefixed(data: Any, prefix: str, *, int_values: bool = True) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in data.items():
        if not key.startswith(prefix) or value in ("", None):
            continue
        if int_values:
            try:
                value = int(value)
            except ValueError as exc:
                raise Invalid(_("Numbers in a vote are whole and not negative.")) from exc
        found[key.removeprefix(prefix)] = value
    return found
