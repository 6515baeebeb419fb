"""Results as tables of labels and numbers, shared by the pages and the exports."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruche.decisions.models import Availability, PollKind, Process, Stance

CONSENT_STATUS = {
    "blocked": gettext_lazy("Blocked: the proposal does not pass while a block stands."),
    "consent": gettext_lazy("Consent: nobody blocks."),
    "no_positions": gettext_lazy("No position yet."),
}


def option_label(option: dict[str, Any]) -> str:
    """A slot reads as its local date and times; a poll option as its label."""
    if option.get("starts_at") is None:
        return str(option["label"])
    starts = timezone.localtime(option["starts_at"])
    ends = timezone.localtime(option["ends_at"])
    return f"{starts:%Y-%m-%d %H:%M}–{ends:%H:%M}"


def _labels(document: dict[str, Any]) -> dict[str, str]:
    return {o["id"]: option_label(o) for o in document["options"]}


def result_view(document: dict[str, Any]) -> dict[str, Any] | None:
    """Headers, rows and a headline for the document's results; None while hidden."""
    results = document["results"]
    if results is None:
        return None
    if document["process"] == Process.CONSENT:
        return _consent(results)
    if document["process"] == Process.TIME_POLL:
        return _time(document, results)
    if document["poll_kind"] == PollKind.RANKED:
        return _ranked(document, results)
    return _totals(document, results)


def _consent(results: dict[str, Any]) -> dict[str, Any]:
    rows = [[str(label), results["counts"][value]] for value, label in Stance.choices]
    return {
        "headers": [_("Position"), _("People")], "rows": rows,
        "headline": str(CONSENT_STATUS[results["status"]]), "status": results["status"],
    }  # fmt: skip


def _totals(document: dict[str, Any], results: dict[str, Any]) -> dict[str, Any]:
    labels = _labels(document)
    averages = results.get("averages")
    rows = []
    for option_id, label in labels.items():
        row: list[Any] = [label, results["counts"][option_id]]
        if averages is not None:
            row.append(averages[option_id] if averages[option_id] is not None else "–")
        rows.append(row)
    headers = [_("Option"), _("Dots") if document["poll_kind"] == PollKind.DOTS else _("Total")]
    if averages is not None:
        headers.append(_("Average"))
    winners = [labels[o] for o in results["winners"]]
    headline = _("Ahead: %(w)s") % {"w": ", ".join(winners)} if winners else _("No vote yet.")
    return {"headers": headers, "rows": rows, "headline": headline}


def _ranked(document: dict[str, Any], results: dict[str, Any]) -> dict[str, Any]:
    labels = _labels(document)
    rounds = results["rounds"]
    headers = [_("Option")] + [_("Round %(n)s") % {"n": i + 1} for i in range(len(rounds))]
    rows = [
        [label] + [r["counts"].get(option_id, "–") for r in rounds]
        for option_id, label in labels.items()
    ]
    eliminated = [labels[r["eliminated"]] for r in rounds if "eliminated" in r]
    winner = labels.get(results["winner"] or "")
    headline = _("Winner by instant runoff: %(w)s") % {"w": winner} if winner else _("No vote yet.")
    return {"headers": headers, "rows": rows, "headline": headline, "eliminated": eliminated}


def _time(document: dict[str, Any], results: dict[str, Any]) -> dict[str, Any]:
    labels = _labels(document)
    headers = [_("Slot")] + [str(label) for _value, label in Availability.choices]
    rows = [
        [label] + [results["counts"][option_id][a] for a in Availability.values]
        for option_id, label in labels.items()
    ]
    best = labels.get(results["best"] or "")
    headline = _("Best slot: %(s)s") % {"s": best} if best else _("No answer yet.")
    return {"headers": headers, "rows": rows, "headline": headline}
