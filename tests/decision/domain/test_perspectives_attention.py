"""The "let op" flags per group on the support criteria, and whether the top three holds under each
group's own weights, checked on small workshops worked out by hand."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decision.domain.analysis import rank_workshop
from decision.domain.changelog import Change, LogEntry, describe_changes
from decision.domain.model import (
    Criterion,
    Direction,
    GroupWeighting,
    KansType,
    Koppelkans,
    NumericScale,
    OrdinalScale,
    Participant,
    Text,
    Workshop,
)
from decision.domain.operations import set_group_weighting, set_group_weights
from decision.domain.perspectives import (
    SUPPORT_CRITERIA,
    Attention,
    attention_flags,
    group_weight_sentence,
    holds_under_group_weights,
)
from decision.errors import WeightsError
from decision.output.logview import describe

SCALE = OrdinalScale(tuple(Text(str(i)) for i in range(1, 6)))


def _criterion(
    cid: str, direction: Direction = Direction.BENEFIT, scale=SCALE, weight: float = 50
) -> Criterion:
    return Criterion(cid, Text(cid.capitalize()), Text(""), direction, scale, weight)


def _workshop(criteria, levels, people=None, kansen=("K01", "K02")) -> Workshop:
    people = people or (
        Participant("b1", "", "", "bewoners"),
        Participant("b2", "", "", "bewoners"),
        Participant("b3", "", "", "bewoners"),
        Participant("n1", "", "", "netbeheerder"),
    )
    scores = {
        (pid, kid, c.id): (None if v is None else float(v))
        for pid, row in levels.items()
        for kid, values in row.items()
        for c, v in zip(criteria, values, strict=True)
    }
    return Workshop(
        name="Test",
        criteria=tuple(criteria),
        kansen=tuple(Koppelkans(k, f"Kans {k}", KansType.PHYSICAL) for k in kansen),
        participants=tuple(people),
        scores=scores,
    )


def test_the_support_criteria_are_the_three_ids_of_the_criteria_sets():
    assert SUPPORT_CRITERIA == ("wensen", "draagvlak", "enthousiasme")


def test_a_group_median_of_two_or_lower_on_a_support_criterion_is_flagged():
    criteria = (_criterion("wensen"), _criterion("kosten", Direction.COST))
    # bewoners' wensen for K01: 1, 2, 5 -> median 2 (flag); K02: 2, 3, 3 -> median 3 (none).
    # netbeheerder K02 wensen 1 (flag); its kosten 1 is no support criterion (no flag).
    levels = {
        "b1": {"K01": (1, 3), "K02": (2, 3)},
        "b2": {"K01": (2, 3), "K02": (3, 3)},
        "b3": {"K01": (5, 3), "K02": (3, 3)},
        "n1": {"K01": (4, 1), "K02": (1, 1)},
    }
    flags = attention_flags(_workshop(criteria, levels))
    assert flags == (
        Attention("K01", "bewoners", "wensen", 2.0),
        Attention("K02", "netbeheerder", "wensen", 1.0),
    )


def test_weet_niet_does_not_count_in_the_median_and_the_consensus_sheet_belongs_to_no_group():
    criteria = (_criterion("draagvlak"),)
    # b3 "weet niet": the median of 2 and 3 is 2.5, above 2; without b3's None it would not matter,
    # but a None counted as 0 or 1 would pull the median to 2.
    levels = {
        "b1": {"K01": (2,), "K02": (4,)},
        "b2": {"K01": (3,), "K02": (4,)},
        "b3": {"K01": (None,), "K02": (4,)},
        "n1": {"K01": (5,), "K02": (5,)},
    }
    assert attention_flags(_workshop(criteria, levels)) == ()


def test_the_threshold_follows_the_scale():
    # a 0..10 numeric support scale: its lowest quarter is 2.5 or lower
    scale = NumericScale("punten", 0.0, 10.0)
    criteria = (_criterion("enthousiasme", scale=scale),)
    levels = {"b1": {"K01": (2.5,), "K02": (2.6,)}}
    people = (Participant("b1", "", "", "bewoners"),)
    flags = attention_flags(_workshop(criteria, levels, people))
    assert [(f.kans_id, f.median) for f in flags] == [("K01", 2.5)]
    # a 1..7 ordinal scale: lowest quarter is 1 + 1.5 = 2.5; 3 is not in it
    seven = OrdinalScale(tuple(Text(str(i)) for i in range(1, 8)))
    criteria = (_criterion("wensen", scale=seven),)
    levels = {"b1": {"K01": (2,), "K02": (3,)}}
    assert [f.kans_id for f in attention_flags(_workshop(criteria, levels, people))] == ["K01"]


def test_no_support_criterion_no_flags():
    criteria = (_criterion("kosten", Direction.COST),)
    levels = {"b1": {"K01": (1,), "K02": (1,)}}
    assert attention_flags(_workshop(criteria, levels, (Participant("b1", "", "", "bewoners"),))) == ()


@given(st.lists(st.integers(1, 5), min_size=1, max_size=7))
def test_flagged_exactly_when_the_median_is_two_or_lower(values):
    """A group's values on one support criterion: flagged exactly when the median of the
    sorted values (the middle one, or the mean of the middle two) is 2 or lower."""
    people = tuple(Participant(f"p{i}", "", "", "bewoners") for i in range(len(values)))
    levels = {f"p{i}": {"K01": (v,), "K02": (3,)} for i, v in enumerate(values)}
    flags = attention_flags(_workshop((_criterion("wensen"),), levels, people))
    ordered = sorted(values)
    n = len(ordered)
    median = ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
    assert [f.kans_id for f in flags] == (["K01"] if median <= 2 else [])


# -- the top three under each group's own weights ------------------------------------


def _three_criteria_workshop() -> Workshop:
    """Four koppelkansen on two criteria, the same sheet for bewoners and netbeheerder.

    Normalised per criterion ((level - 1) / 4) and weighed 50/50 the scores are K01 (5, 1)
    0.5, K02 (1, 5) 0.5, K03 (4, 4) 0.75 and K04 (1, 1) 0: the top three is K03, K01, K02.
    """
    criteria = (_criterion("wensen"), _criterion("ambitie"))
    levels = {
        "b1": {"K01": (5, 1), "K02": (1, 5), "K03": (4, 4), "K04": (1, 1)},
        "n1": {"K01": (5, 1), "K02": (1, 5), "K03": (4, 4), "K04": (1, 1)},
    }
    people = (Participant("b1", "", "", "bewoners"), Participant("n1", "", "", "netbeheerder"))
    return _workshop(criteria, levels, people, kansen=("K01", "K02", "K03", "K04"))


def test_the_top_three_holds_for_a_group_whose_weights_keep_it_and_not_for_one_that_changes_it():
    w = _three_criteria_workshop()
    assert set(rank_workshop(w).top(3)) == {"K01", "K02", "K03"}
    w = set_group_weights(
        w,
        {
            "bewoners": {"wensen": 60, "ambitie": 40},  # K01 0.6, K02 0.4, K03 0.75, K04 0: same three
            "netbeheerder": {"wensen": 100, "ambitie": 0},  # K02 falls to 0 beside K04: a tie at third
        },
    )
    check = holds_under_group_weights(w)
    assert check.top == frozenset({"K01", "K02", "K03"})
    assert check.held == ("bewoners",)
    assert check.not_held == ("netbeheerder",)
    assert group_weight_sentence(w, check) == "Houdt stand bij 1 van de 2 groepen; niet bij de netbeheerder."
    assert group_weight_sentence(w, check, "en") == "Holds for 1 of the 2 groups; not for the grid operator."


def test_the_sentence_for_all_groups_none_and_one():
    w = _three_criteria_workshop()
    assert group_weight_sentence(w, holds_under_group_weights(w)) == ""
    same = {"wensen": 50, "ambitie": 50}
    both = set_group_weights(w, {"bewoners": same, "netbeheerder": same})
    assert group_weight_sentence(both, holds_under_group_weights(both)) == "Houdt stand bij alle 2 groepen."
    # no points for ambitie is no weight on it: K02 falls to 0 beside K04, a tie at third
    one = set_group_weights(w, {"netbeheerder": {"wensen": 100}})
    assert (
        group_weight_sentence(one, holds_under_group_weights(one)) == "Houdt geen stand bij de netbeheerder."
    )
    # the order within the top three may change: it still holds
    order = set_group_weights(w, {"bewoners": {"wensen": 80, "ambitie": 20}})  # K01 0.8 above K03 0.75
    assert rank_workshop(w).top(1) == ["K03"] and rank_workshop(
        order.with_weights({"wensen": 80, "ambitie": 20})
    ).top(1) == ["K01"]
    assert (
        group_weight_sentence(order, holds_under_group_weights(order))
        == "Houdt stand bij de bewoners (huurders, eigenaar-bewoners, VvE)."
    )


def test_several_groups_not_held_are_all_named():
    w = _three_criteria_workshop()
    base = {"wensen": 50, "ambitie": 50}
    moved = {"wensen": 100, "ambitie": 0}
    w = set_group_weights(w, {"bewoners": moved, "gemeente": base, "netbeheerder": moved})
    check = holds_under_group_weights(w)
    assert check.held == ("gemeente",) and check.not_held == ("bewoners", "netbeheerder")
    assert group_weight_sentence(w, check).endswith(
        "niet bij de bewoners (huurders, eigenaar-bewoners, VvE) en de netbeheerder."
    )


# -- the operations -------------------------------------------------------------------


def test_group_weights_must_sum_to_100_and_name_the_group():
    w = _three_criteria_workshop()
    with pytest.raises(WeightsError) as err:
        set_group_weights(
            w, {"bewoners": {"wensen": 50, "ambitie": 50}, "netbeheerder": {"wensen": 60, "ambitie": 30}}
        )
    assert err.value.key == "group_weights_sum"
    assert err.value.params == {"group": "netbeheerder", "total": "90"}
    with pytest.raises(WeightsError) as err:
        set_group_weights(w, {"bewoners": {"wensen": 120, "ambitie": -20}})
    assert err.value.key == "group_weights_negative"
    with pytest.raises(WeightsError):
        set_group_weights(w, {"onbekend": {"wensen": 100}})


def test_a_group_with_only_zeros_has_no_weights_of_its_own():
    w = set_group_weights(_three_criteria_workshop(), {"bewoners": {"wensen": 70, "ambitie": 30}})
    cleared = set_group_weights(w, {"bewoners": {"wensen": 0, "ambitie": 0}})
    assert dict(cleared.group_weights) == {}
    assert {g: dict(v) for g, v in w.group_weights.items()} == {"bewoners": {"wensen": 70.0, "ambitie": 30.0}}


def test_set_group_weighting():
    w = _three_criteria_workshop()
    assert set_group_weighting(w, GroupWeighting.GROUPS).group_weighting is GroupWeighting.GROUPS
    assert replace(w, group_weighting=GroupWeighting.GROUPS) == set_group_weighting(w, GroupWeighting.GROUPS)


def test_both_choices_go_in_the_besluitlog_in_plain_words():
    w = _three_criteria_workshop()
    switched = set_group_weighting(w, GroupWeighting.GROUPS)
    [change] = describe_changes(w, switched)
    assert change == Change("group_weighting", {"old": "automatisch", "new": "per_groep"})
    entry = LogEntry(1, "2026-03-12T10:00:00.000+00:00", "Anna", change.action, change.detail)
    assert describe(entry, switched) == "Hoe groepen meetellen: automatisch → elke groep telt even zwaar"
    assert describe(entry, switched, "en") == "How groups count: automatic → every group counts the same"
    weighed = set_group_weights(w, {"netbeheerder": {"wensen": 100, "ambitie": 0}})
    [change] = describe_changes(w, weighed)
    assert change == Change("group_weights", {"groups": ["netbeheerder"]})
    entry = LogEntry(2, "2026-03-12T10:00:00.000+00:00", "Anna", change.action, change.detail)
    assert describe(entry, weighed) == "Eigen gewichten per groep aangepast: Netbeheerder"
    assert describe_changes(weighed, set_group_weights(weighed, {"netbeheerder": {"wensen": 100}})) == []
