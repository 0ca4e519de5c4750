"""The ranking follows "elke groep telt even zwaar": per group first, then across the groups."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.groups import after_live_rounds, counts_by_group, group_index_of
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

SCALE = OrdinalScale(tuple(Text(str(i)) for i in range(1, 6)))


def _workshop(weighting: GroupWeighting) -> Workshop:
    """Four professionals prefer the warmtenet, the one resident much prefers the green schoolyard."""
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


def _matrix(w: Workshop) -> np.ndarray:
    ranking = rank_workshop(w)
    return ranking.matrix[:, 0]


def test_per_person_the_many_professionals_win():
    w = _workshop(GroupWeighting.PERSONS)
    np.testing.assert_allclose(_matrix(w), [(4 * 4 + 1) / 5, (4 * 3 + 4) / 5])
    assert rank_workshop(w).top(1) == ["K01"]


def test_per_group_the_resident_counts_as_much_as_the_municipality():
    w = _workshop(GroupWeighting.GROUPS)
    np.testing.assert_allclose(_matrix(w), [(4 + 1) / 2, (3 + 4) / 2])
    assert rank_workshop(w).top(1) == ["K02"]


def test_not_chosen_yet_counts_per_person():
    assert not counts_by_group(_workshop(GroupWeighting.AUTO))
    np.testing.assert_allclose(
        _matrix(_workshop(GroupWeighting.AUTO)), _matrix(_workshop(GroupWeighting.PERSONS))
    )


def test_participants_without_a_group_form_one_group_together():
    w = _workshop(GroupWeighting.GROUPS)
    loose = replace(w, participants=tuple(replace(p, group="") for p in w.participants))
    index = group_index_of(loose, loose.participant_ids)
    assert len(set(index.tolist())) == 1
    # one group of everyone is the plain mean again
    np.testing.assert_allclose(_matrix(loose), _matrix(_workshop(GroupWeighting.PERSONS)))


@pytest.mark.parametrize("weighting", list(GroupWeighting))
def test_the_disagreement_figures_stay_per_person(weighting):
    # the spread shows how far people differ, whatever the way groups count
    spread = rank_workshop(_workshop(weighting)).summary.std[:, 0]
    np.testing.assert_allclose(spread, rank_workshop(_workshop(GroupWeighting.PERSONS)).summary.std[:, 0])


# -- automatisch: per group once a live round has people from more than one group ----------
@pytest.mark.parametrize(
    ("live_groups", "expected"),
    [
        ((), False),  # no live round, or nobody joined it: per person
        (("bewoners", "bewoners"), False),  # one group on the phones
        (("bewoners", ""), False),  # a phone that gave no group is of no stakeholder group
        (("bewoners", "gemeente"), True),
    ],
)
def test_automatisch_counts_per_group_after_a_live_round_of_several_groups(live_groups, expected):
    w = _workshop(GroupWeighting.AUTO)
    assert counts_by_group(w, live_groups) is expected
    after = after_live_rounds(w, live_groups)
    assert after.group_weighting is (GroupWeighting.GROUPS if expected else GroupWeighting.AUTO)
    # and the ranking follows: per group the resident's K02 is first
    assert rank_workshop(after).top(1) == (["K02"] if expected else ["K01"])


@pytest.mark.parametrize("chosen", [GroupWeighting.PERSONS, GroupWeighting.GROUPS])
def test_a_choice_the_team_made_stays_whatever_the_live_rounds(chosen):
    w = _workshop(chosen)
    assert counts_by_group(w, ("bewoners", "gemeente")) is (chosen is GroupWeighting.GROUPS)
    assert after_live_rounds(w, ("bewoners", "gemeente")).group_weighting is chosen
