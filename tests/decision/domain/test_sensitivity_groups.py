"""Gevoeligheid and the packages bootstrap within each group when each group counts equally.

Four professionals (gemeente) prefer the warmtenet K01 (4 against 3), the one resident the
green schoolyard K02 (1 against 4). Per group K01 is (4 + 1) / 2 = 2.5 and K02 (3 + 4) / 2
= 3.5 in every scenario, as the professionals agree among themselves: K02 is first in all
of them. Per person K01 is first exactly when the resident's bootstrap weight is under 1/4,
which for Dirichlet(1, 1, 1, 1, 1) has probability 1 - (3/4)^4 = 0.68.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from decision.core.robustness import rank_acceptability
from decision.domain.analysis import rank_workshop, score_cube
from decision.domain.model import (
    Criterion,
    Direction,
    GroupWeighting,
    KansType,
    Koppelkans,
    OrdinalScale,
    Participant,
    Text,
    Workshop,
)
from decision.domain.packages import analyse_packages
from decision.domain.sensitivity import analyse, scenario_setup
from decision.files.paths import EXAMPLE_WORKSHOP
from decision.files.workshop_file import load_workshop

SCALE = OrdinalScale(tuple(Text(str(i)) for i in range(1, 6)))


def _workshop(weighting: GroupWeighting) -> Workshop:
    professionals = [Participant(f"p{i}", f"Professional {i}", group="gemeente") for i in range(4)]
    resident = Participant("bewoner", "", "Huurder", group="bewoners")
    scores = {}
    for p in professionals:
        scores[(p.id, "K01", "wensen")] = 4.0
        scores[(p.id, "K02", "wensen")] = 3.0
    scores[("bewoner", "K01", "wensen")] = 1.0
    scores[("bewoner", "K02", "wensen")] = 4.0
    return Workshop(
        name="Kastanjehof",
        criteria=(Criterion("wensen", Text("Wensen"), Text(""), Direction.BENEFIT, SCALE, 1.0),),
        kansen=(
            Koppelkans("K01", "Warmtenet", KansType.PHYSICAL),
            Koppelkans("K02", "Groen schoolplein", KansType.PHYSICAL),
        ),
        participants=(*professionals, resident),
        scores=scores,
        group_weighting=weighting,
    )


def test_per_group_every_scenario_keeps_the_resident_at_half():
    report = analyse(_workshop(GroupWeighting.GROUPS), k=1, concentration=None, samples=4000)
    np.testing.assert_allclose(report.probabilities, [0.0, 1.0])


def test_per_person_the_old_bootstrap_stays():
    w = _workshop(GroupWeighting.PERSONS)
    report = analyse(w, k=1, concentration=None, samples=20_000)
    assert report.probabilities[0] == pytest.approx(1 - 0.75**4, abs=0.015)
    # exactly the per-person draws of the engine, without groups, as before
    ranking = rank_workshop(w)
    cube = score_cube(w, ranking.sheets.sheets).values
    weights, directions = ranking.result.weights, np.array([1.0])
    bounds = np.array([[1.0, 5.0]])
    plain = rank_acceptability(cube, weights, directions, bounds, k=1, samples=20_000, seed=0)
    np.testing.assert_array_equal(report.probabilities, plain)
    assert scenario_setup(w, ranking).groups is None


def test_automatisch_without_a_live_round_is_per_person():
    auto = analyse(_workshop(GroupWeighting.AUTO), k=1, concentration=None, samples=2000)
    persons = analyse(_workshop(GroupWeighting.PERSONS), k=1, concentration=None, samples=2000)
    np.testing.assert_array_equal(auto.probabilities, persons.probabilities)


def test_the_example_per_group_draws_within_its_groups():
    w = load_workshop(EXAMPLE_WORKSHOP)
    grouped = _with(w, GroupWeighting.GROUPS)
    ranking = rank_workshop(grouped)
    setup = scenario_setup(grouped, ranking)
    assert setup.groups is not None
    assert len(np.unique(setup.groups)) == len({p.group for p in w.participants})
    report = analyse(grouped, samples=2000)
    plain = rank_acceptability(
        setup.matrix,
        setup.weights,
        setup.directions,
        setup.bounds,
        k=3,
        samples=2000,
        concentration=60.0,
        seed=0,
        ranges=setup.ranges,
        groups=setup.groups,
    )
    np.testing.assert_array_equal(report.probabilities, plain)
    assert report.probabilities.sum() == pytest.approx(3.0)


def test_the_packages_weigh_the_same_grouped_scenarios():
    w = _with(load_workshop(EXAMPLE_WORKSHOP), GroupWeighting.GROUPS)
    ranking = rank_workshop(w)
    grouped = analyse_packages(w, ranking, method="wsm", aggregation="mean", samples=400)
    persons_w = _with(w, GroupWeighting.PERSONS)
    persons = analyse_packages(
        persons_w, rank_workshop(persons_w), method="wsm", aggregation="mean", samples=400
    )
    # the same seed and samples, other participants' weights: the core shares differ
    assert dict(grouped.core_index) != dict(persons.core_index)


def _with(w: Workshop, weighting: GroupWeighting) -> Workshop:
    return replace(w, group_weighting=weighting)
