"""A Range (an extra-cost or duration bandwidth) that checks itself.

No range with an end that is not a finite number, or with min above max, can exist;
the error names both ends so a file reader or form can say where it came from.
"""

from __future__ import annotations

import math

import pytest

from decision.domain.model import Range
from decision.errors import InputError, RangeError


def test_a_proper_range_and_a_single_value():
    assert Range(10_000.0, 50_000.0).mid == 30_000.0
    assert Range(6.0, 6.0).mid == 6.0


def test_min_above_max_is_refused_naming_both_ends():
    with pytest.raises(RangeError) as caught:
        Range(50_000.0, 10_000.0)
    err = caught.value
    assert err.key == "range_order"
    assert err.params == {"low": "50000", "high": "10000"}
    assert "50000" in err.localized("nl") and "10000" in err.localized("nl")
    assert "ondergrens" in err.localized("nl")
    assert "lower end" in err.localized("en")


@pytest.mark.parametrize("low, high", [(1.5, 1.0), (1.000001, 1.0), (0.0, -0.5)])
def test_min_above_max_is_refused_by_any_amount(low, high):
    with pytest.raises(RangeError):
        Range(low, high)


@pytest.mark.parametrize("low, high", [(math.nan, 1.0), (1.0, math.nan), (1.0, math.inf), (-math.inf, 1.0)])
def test_ends_that_are_not_finite_are_refused(low, high):
    with pytest.raises(RangeError) as caught:
        Range(low, high)
    assert caught.value.key == "range_not_finite"
    assert "eindige" in caught.value.localized("nl")


def test_a_range_error_is_a_bad_value_for_callers_that_catch_either():
    assert issubclass(RangeError, InputError)
    assert issubclass(RangeError, ValueError)


def test_from_ends_fills_in_an_open_end_with_the_other():
    assert Range.from_ends(None, None) is None
    assert Range.from_ends(5, None) == Range(5.0, 5.0)
    assert Range.from_ends(None, 7) == Range(7.0, 7.0)
    assert Range.from_ends(1, 3) == Range(1.0, 3.0)
    with pytest.raises(RangeError):
        Range.from_ends(3, 1)
