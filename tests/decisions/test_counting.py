"""Instant-runoff and the other counts, on published worked examples and hand-made edge cases."""

from ruche.decisions.counting import (
    consent_result,
    dots_result,
    instant_runoff,
    score_result,
    time_result,
)

CITIES = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]


def tennessee():
    """The classic example (Wikipedia, "Instant-runoff voting"): Tennessee picks its capital;
    everyone prefers a city near them. 100 voters stand for the percentages."""
    return (
        [["Memphis", "Nashville", "Chattanooga", "Knoxville"]] * 42
        + [["Nashville", "Chattanooga", "Knoxville", "Memphis"]] * 26
        + [["Chattanooga", "Knoxville", "Nashville", "Memphis"]] * 15
        + [["Knoxville", "Chattanooga", "Nashville", "Memphis"]] * 17
    )


def test_tennessee_capital_knoxville_wins_under_instant_runoff():
    result = instant_runoff(CITIES, tennessee())

    assert result["winner"] == "Knoxville"
    first, second, third = result["rounds"]
    assert first["counts"] == {"Memphis": 42, "Nashville": 26, "Chattanooga": 15, "Knoxville": 17}
    assert first["eliminated"] == "Chattanooga"
    assert second["counts"] == {"Memphis": 42, "Nashville": 26, "Knoxville": 32}
    assert second["eliminated"] == "Nashville"
    assert third["counts"] == {"Memphis": 42, "Knoxville": 58}


def test_the_first_round_leader_loses_when_the_others_rally():
    """Memphis leads the first round with 42% yet loses: a plurality count would pick it."""
    result = instant_runoff(CITIES, tennessee())

    leader = max(result["rounds"][0]["counts"].items(), key=lambda item: item[1])[0]
    assert leader == "Memphis"
    assert result["winner"] != "Memphis"


def test_a_majority_in_the_first_round_wins_at_once():
    ballots = [["A", "B"]] * 3 + [["B", "A"]] * 2

    result = instant_runoff(["A", "B"], ballots)

    assert result == {"rounds": [{"counts": {"A": 3, "B": 2}, "exhausted": 0}], "winner": "A"}


def test_exhausted_ballots_stop_counting_and_the_majority_is_of_ballots_still_counting():
    # C goes first; its two voters ranked nobody else, so the majority is of 6, not 8.
    ballots = [["A"]] * 3 + [["B", "A"]] * 1 + [["B"]] * 2 + [["C"]] * 2
    # Round 1: A3 B3 C2 -> C out (2 exhausted). Round 2: A3 B3 of 6 active: no majority.
    result = instant_runoff(["A", "B", "C"], ballots)

    assert result["rounds"][1]["exhausted"] == 2
    # A and B tie in every round; the one listed last (B) goes, and A wins.
    assert result["rounds"][1]["eliminated"] == "B"
    assert result["winner"] == "A"


def test_a_tie_for_last_place_is_broken_by_the_earlier_rounds():
    ballots = [["A"]] * 5 + [["B"]] * 3 + [["C"]] * 2 + [["D", "C"]] * 1 + [["E", "B"]] * 1
    # Round 1: A5 B3 C2 D1 E1: D and E tie on 1 with no earlier round; E (listed last) goes.
    # Round 2: A5 B4 C2 D1 -> D out; round 3: A5 B4 C3 -> C out; round 4: A5 B4 -> A.
    result = instant_runoff(["A", "B", "C", "D", "E"], ballots)
    assert result["rounds"][0]["eliminated"] == "E"

    ballots = [["A"]] * 4 + [["B"]] * 2 + [["C"]] * 3 + [["D", "B"]] * 1
    # Round 1: A4 B2 C3 D1 -> D out -> round 2: A4 B3 C3. B and C tie; in round 1 B had
    # fewer (2 < 3), so B goes although B is listed before C.
    result = instant_runoff(["A", "B", "C", "D"], ballots)
    assert result["rounds"][1]["counts"] == {"A": 4, "B": 3, "C": 3}
    assert result["rounds"][1]["eliminated"] == "B"


def test_no_ballots_no_winner():
    assert instant_runoff(["A", "B"], [])["winner"] is None


def test_consent_is_blocked_by_one_block_and_survives_disagreement():
    assert consent_result(["agree", "agree", "block"])["status"] == "blocked"
    assert consent_result(["agree", "disagree", "abstain"])["status"] == "consent"
    assert consent_result([])["status"] == "no_positions"


def test_scores_dots_and_slots():
    scores = score_result(["x", "y"], [{"scores": {"x": 5, "y": 1}}, {"scores": {"x": 2}}])
    assert scores["counts"] == {"x": 7, "y": 1} and scores["averages"] == {"x": 3.5, "y": 1.0}
    dots = dots_result(["x", "y"], [{"dots": {"x": 2, "y": 1}}, {"dots": {"y": 3}}])
    assert dots["counts"] == {"x": 2, "y": 4} and dots["winners"] == ["y"]
    slots = time_result(
        ["mon", "tue"],
        [
            {"answers": {"mon": "if_need_be", "tue": "yes"}},
            {"answers": {"mon": "yes", "tue": "no"}},
        ],
    )
    # Both slots have one plain yes; Monday has two people available, Tuesday one.
    assert slots["best"] == "mon"
    assert slots["counts"]["tue"] == {"yes": 1, "if_need_be": 0, "no": 1}
