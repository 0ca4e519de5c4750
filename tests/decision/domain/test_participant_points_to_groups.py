"""A group's weights from its members' 100 points: the plain mean per criterion, checked by hand."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decision.domain.model import Participant
from decision.domain.points import POINTS_TOTAL, checked_points, group_points
from decision.errors import WeightsError


@pytest.fixture
def grouped(small_workshop):
    people = (
        Participant("anna", "Anna de Boer", "Projectleider warmte", "gemeente"),
        Participant("bewoner", "", "Bewonersvertegenwoordiger", "bewoners"),
        Participant("piet", "Piet Kok", "Huurder", "bewoners"),
        Participant("los", "Los", "Gast", ""),
    )
    return replace(small_workshop, participants=people)


def test_each_group_gets_the_mean_of_its_members(grouped):
    points = {
        "anna": {"wensen": 20, "risico": 30, "meerkosten": 50},
        "bewoner": {"wensen": 60, "risico": 40, "meerkosten": 0},
        "piet": {"wensen": 80, "risico": 0, "meerkosten": 20},
        "los": {"wensen": 100},  # no group: counts for none
        "weg": {"wensen": 100},  # no longer a participant
    }
    assert group_points(grouped, points) == {
        "gemeente": {"wensen": 20.0, "risico": 30.0, "meerkosten": 50.0},
        "bewoners": {"wensen": 70.0, "risico": 20.0, "meerkosten": 10.0},
    }


def test_checked_points_fill_in_zero_and_refuse_a_wrong_total(small_workshop):
    assert checked_points(small_workshop, {"wensen": 60, "risico": 40}) == {
        "wensen": 60.0,
        "risico": 40.0,
        "meerkosten": 0.0,
    }
    with pytest.raises(WeightsError) as wrong:
        checked_points(small_workshop, {"wensen": 60, "risico": 30})
    assert "90" in wrong.value.localized("nl") and "100" in wrong.value.localized("nl")
    with pytest.raises(WeightsError):
        checked_points(small_workshop, {"wensen": True, "risico": 99})


whole_splits = st.lists(st.integers(0, 100), min_size=2, max_size=2).map(sorted)


@given(st.lists(whole_splits, min_size=1, max_size=6))
def test_a_groups_weights_add_up_to_100_whatever_its_members_gave(splits):
    from tests.conftest import build_workshop

    sheets = {f"p{i}": {"K01": {"wensen": 3, "risico": 3, "meerkosten": 100}} for i in range(len(splits))}
    w = build_workshop(sheets)
    w = replace(w, participants=tuple(replace(p, group="bewoners") for p in w.participants))
    points = {
        f"p{i}": {"wensen": a, "risico": b - a, "meerkosten": 100 - b} for i, (a, b) in enumerate(splits)
    }
    result = group_points(w, points)["bewoners"]
    assert sum(result.values()) == pytest.approx(POINTS_TOTAL)
    for c, v in result.items():  # a mean lies between its members
        assert min(p[c] for p in points.values()) <= v <= max(p[c] for p in points.values())
