"""The one normalisation: a score's favourability on a 0..1 scale where 1 is best.

Every criterion has a scale with a lowest and a highest value. Mapping a score
linearly from that scale onto 0..1, and reversing it for a cost criterion ("lower
is better"), puts all criteria on one footing: 0 is the worst end of the scale, 1
the best. The weighted sum adds these up; the robustness engine scores its
scenarios with them; cards and charts use them to say which criterion is a
koppelkans' strongest.

Mapping onto the *scale* rather than onto the observed minimum and maximum keeps a
score's meaning fixed: adding or removing a koppelkans never changes another's
favourability, and a column in which everyone scored alike cannot divide by zero.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def favourability(values: npt.ArrayLike, bounds: npt.ArrayLike, directions: npt.ArrayLike) -> np.ndarray:
    """``values`` mapped linearly onto 0..1 within their scale, reversed for cost criteria.

    ``values`` has criteria on its last axis: m×n for one score matrix, or a stack
    such as s×m×n (one matrix per scenario), by broadcasting. ``bounds`` is n×2
    (lowest, highest; lowest < highest, as :func:`decision.core.validate.as_bounds`
    ensures) and ``directions`` holds +1 (higher is better) or -1 (lower is better)
    per criterion. NaN (a missing score) stays NaN. A value outside its bounds maps
    outside 0..1; callers that must not see that check the bounds first.
    """
    x = np.asarray(values, dtype=float)
    b = np.asarray(bounds, dtype=float)
    d = np.asarray(directions, dtype=float)
    low, high = b[:, 0], b[:, 1]
    span = high - low
    # Each end is measured from its own bound, so both bounds map exactly onto 0 and 1
    # in either direction (1 − (x − low)/span can miss 0 by a rounding error).
    return np.where(d > 0, (x - low) / span, (high - x) / span)
