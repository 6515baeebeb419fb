"""The shapes of a vote, checked and normalised before they are stored (docs/decisions.md).

single    {"choice": id} (or {"choices": [id]})   ->  {"choices": [id]}
multiple  {"choices": [id, ...]}                   ->  {"choices": [...]}
score     {"scores": {id: 0..5, ...}}              ->  {"scores": {...}}
ranked    {"ranking": [id, ...]} best first        ->  {"ranking": [...]}
dots      {"dots": {id: n, ...}}, at most N in all ->  {"dots": {...}} (zeros dropped)
time poll {"answers": {id: "yes"|"if_need_be"|"no"}} -> {"answers": {...}}
"""

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from ruche.core.errors import Invalid
from ruche.decisions.models import Availability, Decision, PollKind, Process

MAX_SCORE = 5


def ballot_normalise(
    decision: Decision, options: Sequence[str], raw: dict[str, Any]
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise Invalid(_("A vote is a JSON object."))
    if decision.process == Process.TIME_POLL:
        return {"answers": _answers(options, raw.get("answers"))}
    kind = decision.poll_kind
    if kind == PollKind.SINGLE:
        choices = raw.get("choices", [raw["choice"]] if "choice" in raw else None)
        picked = _ids(options, choices)
        if len(picked) != 1:
            raise Invalid(_("Choose exactly one option."))
        return {"choices": picked}
    if kind == PollKind.MULTIPLE:
        return {"choices": _ids(options, raw.get("choices"))}
    if kind == PollKind.RANKED:
        return {"ranking": _ids(options, raw.get("ranking"))}
    if kind == PollKind.SCORE:
        return {"scores": _numbers(options, raw.get("scores"), high=MAX_SCORE)}
    dots = {k: v for k, v in _numbers(options, raw.get("dots"), high=None).items() if v}
    if sum(dots.values()) > decision.dots_per_person:
        raise Invalid(
            _("You have %(n)s dots; this vote places %(m)s.")
            % {"n": decision.dots_per_person, "m": sum(dots.values())}
        )
    if not dots:
        raise Invalid(_("Place at least one dot."))
    return {"dots": dots}


def _ids(options: Sequence[str], value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        raise Invalid(_("Choose at least one option."))
    picked = [str(item) for item in value]
    if len(set(picked)) != len(picked):
        raise Invalid(_("An option appears twice."))
    _known(options, picked)
    return picked


def _numbers(options: Sequence[str], value: Any, *, high: int | None) -> dict[str, int]:
    if not isinstance(value, dict) or not value:
        raise Invalid(_("Give a number for at least one option."))
    _known(options, value)
    for number in value.values():
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise Invalid(_("Numbers in a vote are whole and not negative."))
        if high is not None and number > high:
            raise Invalid(_("A score goes from 0 to %(n)s.") % {"n": high})
    return {str(k): v for k, v in value.items()}


def _answers(options: Sequence[str], value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        raise Invalid(_("Answer for at least one slot."))
    _known(options, value)
    if any(answer not in Availability.values for answer in value.values()):
        raise Invalid(_("For each slot answer yes, if_need_be or no."))
    return {str(k): v for k, v in value.items()}


def _known(options: Sequence[str], picked: Any) -> None:
    if any(str(item) not in options for item in picked):
        raise Invalid(_("This option is not part of the poll."))
