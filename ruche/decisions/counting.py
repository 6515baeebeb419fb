"""How ballots become results. Pure functions over plain data, documented in docs/decisions.md.

Ballots arrive normalised (see services.vote_normalise): option ids are strings.
"""

from collections import Counter
from collections.abc import Sequence
from typing import Any

STANCES = ("agree", "abstain", "disagree", "block")
AVAILABILITIES = ("yes", "if_need_be", "no")


def consent_result(stances: Sequence[str]) -> dict[str, Any]:
    """A proposal passes by consent unless someone blocks; disagreement is recorded, not fatal."""
    counts = Counter(stances)
    if counts["block"]:
        status = "blocked"
    elif not stances:
        status = "no_positions"
    else:
        status = "consent"
    return {"status": status, "counts": {s: counts[s] for s in STANCES}}


def choice_result(options: Sequence[str], ballots: Sequence[dict[str, Any]]) -> dict[str, Any]:
    counts = Counter(choice for ballot in ballots for choice in ballot["choices"])
    return _by_total(options, {o: counts[o] for o in options})


def score_result(options: Sequence[str], ballots: Sequence[dict[str, Any]]) -> dict[str, Any]:
    totals = {o: sum(b["scores"].get(o, 0) for b in ballots) for o in options}
    result = _by_total(options, totals)
    scored = {o: [b["scores"][o] for b in ballots if o in b["scores"]] for o in options}
    result["averages"] = {o: round(sum(v) / len(v), 2) if v else None for o, v in scored.items()}
    return result


def dots_result(options: Sequence[str], ballots: Sequence[dict[str, Any]]) -> dict[str, Any]:
    totals = {o: sum(b["dots"].get(o, 0) for b in ballots) for o in options}
    return _by_total(options, totals)


def time_result(options: Sequence[str], ballots: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per slot, yes / if need be / no. The best slot has the most people available (yes or
    if need be); ties go to more plain yes, then to the earlier slot in the list."""
    table = {o: dict.fromkeys(AVAILABILITIES, 0) for o in options}
    for ballot in ballots:
        for option, answer in ballot["answers"].items():
            if option in table:
                table[option][answer] += 1
    ranked = sorted(
        options,
        key=lambda o: (-(table[o]["yes"] + table[o]["if_need_be"]), -table[o]["yes"],
                       options.index(o)),
    )  # fmt: skip
    best = ranked[0] if ranked else None
    if best is not None and not table[best]["yes"] + table[best]["if_need_be"]:
        best = None
    return {"counts": table, "best": best}


def _by_total(options: Sequence[str], totals: dict[str, int]) -> dict[str, Any]:
    top = max(totals.values(), default=0)
    winners = [o for o in options if totals[o] == top] if top else []
    return {"counts": totals, "winners": winners}


def instant_runoff(options: Sequence[str], rankings: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Instant-runoff voting. Each round counts every ballot for its highest-ranked option still
    in the race; an option with more than half of the ballots still counting wins. Otherwise
    the option with the fewest votes is eliminated. Ties for last place are broken by the
    earlier rounds (fewest votes in the latest round where they differ), then by the order of
    the options (the one listed last goes). Ballots ranking no remaining option are exhausted.
    """
    continuing = list(options)
    rounds: list[dict[str, Any]] = []
    while continuing:
        tally = _irv_round(continuing, rankings)
        active = sum(tally.values())
        exhausted = len(rankings) - active
        round_record: dict[str, Any] = {"counts": tally, "exhausted": exhausted}
        rounds.append(round_record)
        leader = max(continuing, key=lambda o: (tally[o], -continuing.index(o)))
        if active == 0:
            return {"rounds": rounds, "winner": None}
        if tally[leader] * 2 > active or len(continuing) == 1:
            return {"rounds": rounds, "winner": leader}
        loser = _irv_loser(continuing, tally, rounds, options)
        round_record["eliminated"] = loser
        continuing.remove(loser)
    return {"rounds": rounds, "winner": None}


def _irv_round(continuing: Sequence[str], rankings: Sequence[Sequence[str]]) -> dict[str, int]:
    tally = dict.fromkeys(continuing, 0)
    for ranking in rankings:
        top = next((o for o in ranking if o in tally), None)
        if top is not None:
            tally[top] += 1
    return tally


def _irv_loser(
    continuing: Sequence[str], tally: dict[str, int], rounds: Sequence[dict[str, Any]],
    options: Sequence[str],
) -> str:  # fmt: skip
    fewest = min(tally.values())
    tied = [o for o in continuing if tally[o] == fewest]
    for earlier in reversed(rounds[:-1]):
        if len(tied) == 1:
            break
        low = min(earlier["counts"][o] for o in tied)
        tied = [o for o in tied if earlier["counts"][o] == low]
    return max(tied, key=options.index)
