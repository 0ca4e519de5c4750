"""Engine tests for combining participants' score sheets.

Sheets are participants × koppelkansen × criteria; NaN is "weet niet" or not
scored. The statistics are taken over the given scores only. The interquartile
range uses linear interpolation between order statistics (Hyndman & Fan 1996,
"Sample quantiles in statistical packages", *The American Statistician* 50(4),
definition 7), and the standard deviation is the population one.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from decision.core.aggregation import aggregate, summarize_sheets
from decision.errors import InputError, ShapeError

NAN = np.nan


def _stack(*cells):
    """Participants' scores for a single cell as a (participants, 1, 1) stack."""
    return np.array(cells, dtype=float).reshape(-1, 1, 1)


def test_statistics_of_one_cell_by_hand():
    """Scores 1, 2, 3, 4: mean 2.5, median 2.5, population sd √1.25, and
    Hyndman-Fan type-7 quartiles 1.75 and 3.25, so IQR 1.5."""
    s = summarize_sheets(_stack(1, 2, 3, 4))
    assert s.mean[0, 0] == pytest.approx(2.5)
    assert s.median[0, 0] == pytest.approx(2.5)
    assert s.std[0, 0] == pytest.approx(math.sqrt(1.25))
    assert s.iqr[0, 0] == pytest.approx(1.5)
    assert s.n_scored[0, 0] == 4 and s.n_missing[0, 0] == 0


def test_missing_score_is_left_out_not_counted_as_zero():
    """Scores 1, "weet niet", 3: the mean is 2 (not 4/3, which a zero would give),
    two scores were given and one participant had none."""
    s = summarize_sheets(_stack(1, NAN, 3))
    assert s.mean[0, 0] == pytest.approx(2.0)
    assert s.median[0, 0] == pytest.approx(2.0)
    assert s.std[0, 0] == pytest.approx(1.0)
    assert s.n_scored[0, 0] == 2 and s.n_missing[0, 0] == 1


def test_cell_nobody_scored_stays_missing():
    sheets = np.array([[[1.0, NAN]], [[3.0, NAN]]])
    s = summarize_sheets(sheets)
    assert s.mean[0, 0] == pytest.approx(2.0)
    for table in (s.mean, s.median, s.std, s.iqr):
        assert np.isnan(table[0, 1])
    assert s.n_scored[0, 1] == 0 and s.n_missing[0, 1] == 2


def test_single_sheet_is_one_participant():
    """A 2-D matrix is one participant's sheet: centre equals the scores, spread 0."""
    sheet = [[1.0, 2.0], [3.0, NAN]]
    s = summarize_sheets(sheet)
    assert np.array_equal(s.mean, np.array(sheet), equal_nan=True)
    assert s.std[0, 0] == 0.0 and s.iqr[0, 0] == 0.0
    assert s.n_scored.tolist() == [[1, 1], [1, 0]]


def test_aggregate_mean_and_median():
    sheets = np.array(
        [
            [[1.0, 5.0], [2.0, NAN]],
            [[2.0, 5.0], [2.0, NAN]],
            [[9.0, NAN], [5.0, NAN]],
        ]
    )
    mean = aggregate(sheets, "mean")
    median = aggregate(sheets, "median")
    assert np.array_equal(mean, np.array([[4.0, 5.0], [3.0, NAN]]), equal_nan=True)
    assert np.array_equal(median, np.array([[2.0, 5.0], [2.0, NAN]]), equal_nan=True)
    assert np.array_equal(aggregate(sheets), mean, equal_nan=True)


def test_unknown_aggregation_is_named():
    with pytest.raises(InputError) as info:
        aggregate(_stack(1, 2), "mode")
    err = info.value
    assert "'mode'" in str(err) and "mean" in str(err)
    assert err.localized("nl") != str(err)
    assert "Onbekende samenvoeging" in err.localized("nl")


@pytest.mark.parametrize(
    ("sheets", "names"),
    [
        (np.ones((2, 2, 2, 2)), ["4"]),
        (np.empty((2, 0, 3)), ["(2, 0, 3)"]),
        (_stack(1, np.inf), ["(1, 0, 0)"]),
    ],
    ids=["4-d", "empty", "infinite"],
)
def test_invalid_sheets(sheets, names):
    with pytest.raises(ShapeError) as info:
        summarize_sheets(sheets)
    for text in names:
        assert text in str(info.value)
    assert info.value.localized("nl") != str(info.value)
