"""Engine tests for turning scores into ranks."""

from __future__ import annotations

import numpy as np

from decision.core.ranking import competition_rank, tie_groups

NAN = np.nan


def test_standard_competition_ranking_wikipedia_example():
    """Wikipedia, "Ranking", section "Standard competition ranking ("1224"
    ranking)": if A ranks ahead of B and C (which compare equal), which are both
    ranked ahead of D, then A gets 1, B and C get 2 ("joint second") and D gets 4.
    Each item's rank is 1 plus the number of items ranked above it."""
    a, b, c, d = 9.0, 7.0, 7.0, 3.0
    assert competition_rank([a, b, c, d]).tolist() == [1, 2, 2, 4]


def test_highest_score_first_whatever_the_input_order():
    assert competition_rank([3.0, 9.0, 7.0, 7.0]).tolist() == [4, 1, 2, 2]
    assert competition_rank([0.2, 0.2, 0.2]).tolist() == [1, 1, 1]
    assert competition_rank([-1.0, -2.0]).tolist() == [1, 2]


def test_missing_scores_come_last_and_share_a_rank():
    """A koppelkans without a score is ranked after every scored one; all such
    koppelkansen share that last rank (1 + the number of scored ones)."""
    ranks = competition_rank([3.0, 1.0, 3.0, NAN, 2.0, NAN])
    assert ranks.tolist() == [1, 4, 1, 5, 3, 5]


def test_all_scores_missing():
    assert competition_rank([NAN, NAN, NAN]).tolist() == [1, 1, 1]


def test_single_and_empty_input():
    assert competition_rank([0.5]).tolist() == [1]
    assert competition_rank([]).tolist() == []


def test_near_equal_scores_tie_within_tolerance():
    """Floating-point noise (0.1 + 0.2 vs 0.3) must not split a tie; a real
    difference larger than the tolerance does."""
    assert competition_rank([0.1 + 0.2, 0.3, 0.2]).tolist() == [1, 1, 3]
    assert competition_rank([0.30001, 0.3], tol=1e-9).tolist() == [1, 2]
    assert competition_rank([0.30001, 0.3], tol=1e-3).tolist() == [1, 1]


def test_tie_groups_lists_only_shared_ranks():
    ranks = competition_rank([9.0, 7.0, 7.0, 3.0, NAN, NAN])
    assert tie_groups(ranks) == [[1, 2], [4, 5]]
    assert tie_groups([1, 2, 3]) == []


# -- the one tie tolerance ------------------------------------------------------------------
def test_scores_closer_than_the_tie_tolerance_tie_everywhere():
    """The ranking table, the top-k set and the top-k shares of the robustness engine
    all call the same two scores equal, and the same two a hair further apart not."""
    from decision.core.ranking import TIE_TOLERANCE, top_mask, top_set, top_share

    close = np.array([0.9, 0.5, 0.5 + TIE_TOLERANCE / 2])
    apart = np.array([0.9, 0.5, 0.5 + 10 * TIE_TOLERANCE])
    assert competition_rank(close).tolist() == [1, 2, 2]
    assert competition_rank(apart).tolist() == [1, 3, 2]
    assert top_set(close, 2) == {0, 1, 2}
    assert top_set(apart, 2) == {0, 2}
    assert top_mask(close[None], 2).tolist() == [[True, True, True]]
    assert top_share(close[None], 2).tolist() == [[1.0, 0.5, 0.5]]
    assert top_share(apart[None], 2).tolist() == [[1.0, 0.0, 1.0]]


def test_there_is_one_tie_tolerance():
    from decision.core import ranking, robustness
    from decision.domain import analysis

    assert analysis.TIE_TOLERANCE is ranking.TIE_TOLERANCE
    assert robustness.TIE_TOLERANCE is ranking.TIE_TOLERANCE
    assert not hasattr(robustness, "TIE_TOL")
