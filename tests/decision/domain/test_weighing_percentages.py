"""Setting weights by percentage, and the Gevoeligheid sentences that name percentages.

A team that sets "wensen 40%" gets exactly 40 stored, the rest rebalanced to a
total of 100; the remedy names a whole percentage they can set that does bring
the koppelkans in, next to the percentage the slider shows now.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from decision.core.methods import method as lookup_method
from decision.core.ranking import top_set
from decision.core.weighting import display_percentages
from decision.domain.analysis import bounds_of, directions_of
from decision.domain.model import WeightMethod
from decision.domain.operations import set_percentage, weigh_directly
from decision.domain.sensitivity import analyse, remedy, remedy_sentence
from decision.files.workshop_file import load_workshop

IDS = ["wensen", "kosten", "tijd", "risico", "ambitie"]  # the example's criteria, in order


@pytest.fixture
def example(example_path):
    return load_workshop(example_path)


def weights(w) -> list[float]:
    return [c.weight for c in w.criteria]


def test_one_criterion_set_to_a_percentage_keeps_it_and_rebalances_the_rest(example):
    assert weights(example) == [25, 20, 15, 15, 25]
    w = set_percentage(example, "wensen", 40)
    assert weights(w) == [40, 16, 12, 12, 20]
    assert w.weight_method == WeightMethod.DIRECT
    assert w.weight_inputs["procenten"] == dict(zip(IDS, [40.0, 16.0, 12.0, 12.0, 20.0], strict=True))


def test_the_others_follow_the_basis_when_one_is_given(example):
    moved = set_percentage(example, "wensen", 90)
    back = set_percentage(moved, "wensen", 25, basis={c.id: c.weight for c in example.criteria})
    assert weights(back) == [25, 20, 15, 15, 25]
    worn = set_percentage(moved, "wensen", 25)  # from the rounded 90% state: the proportions wore
    assert weights(worn) != [25, 20, 15, 15, 25] and sum(weights(worn)) == 100


def test_direct_weights_are_stored_as_the_whole_percentages_shown(example):
    w = weigh_directly(example, {"wensen": 25, "kosten": 20, "tijd": 15, "risico": 15, "ambitie": 35})
    # 110 in all: 22.73, 18.18, 13.64, 13.64, 31.82; the three largest remainders get a unit
    assert weights(w) == list(display_percentages([25, 20, 15, 15, 35])) == [23, 18, 14, 13, 32]
    assert sum(weights(w)) == 100


def _in_top(w, kans_id: str, percentages, k: int = 3) -> bool:
    report = analyse(w, concentration=None, participants=False)
    r = report.ranking
    scorer = lookup_method(r.method)
    scores = scorer.score(r.matrix, np.array(percentages, float) / 100, directions_of(w), bounds_of(w))
    return r.kans_ids.index(kans_id) in top_set(scores, k)


def test_the_remedy_names_the_shown_weight_and_a_whole_percentage_that_brings_it_in(example):
    w = set_percentage(example, "wensen", 40)
    report = analyse(w, concentration=None, participants=False)
    shown = display_percentages(weights(w))
    checked = 0
    for kid in [k for k in report.ranking.kans_ids if k not in report.top]:
        fix = remedy(report, w, kid)
        if fix.weight is None:
            continue
        sentence = remedy_sentence(report, w, kid, "nl")
        new, old = (int(x) for x in re.search(r"(\d+)% weegt in plaats van (\d+)%", sentence).groups())
        j = fix.weight.criterion
        assert old == shown[j], sentence
        # Setting that percentage, the others in proportion, brings the koppelkans in.
        others = np.delete(np.array(weights(w), float), j)
        trial = np.insert(others * (100 - new) / others.sum(), j, new)
        assert _in_top(w, kid, trial), sentence
        checked += 1
    assert checked >= 3
