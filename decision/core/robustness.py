"""How firm is the top k? Probabilities, stability intervals and break-even weights.

One place to import the robustness engine from; the work is done in:

- :mod:`decision.core.scenarios`: plausible scenarios (Dirichlet weights around
  the chosen ones, a Bayesian bootstrap of the participants, within each group
  when every group counts equally) and the s×m matrix
  of their scores, :func:`scenario_scores`;
- :mod:`decision.core.acceptability`: :func:`rank_acceptability`, the share of
  scenarios in which each koppelkans is in the top k (SMAA); its ``ranges`` give a
  cell a span of its own (a cost range over several levels) to draw from;
- :mod:`decision.core.intervals`: :func:`stability_intervals`,
  :func:`member_intervals` and :func:`what_would_it_take`, how far one weight or
  one score can move before the top k changes.

Every method scores through its registry entry (:mod:`decision.core.methods`) and
ties through :data:`~decision.core.ranking.TIE_TOLERANCE`, so all of it works the
same for the weighted sum and TOPSIS.
"""

from decision.core.acceptability import rank_acceptability
from decision.core.intervals import (
    MemberInterval,
    Remedy,
    ScoreChange,
    StabilityInterval,
    WeightChange,
    member_intervals,
    moved_weights,
    stability_intervals,
    what_would_it_take,
)
from decision.core.methods import METHODS
from decision.core.ranking import TIE_TOLERANCE, top_mask, top_set, top_share
from decision.core.scenarios import (
    BATCH,
    as_ranges,
    bootstrap_cells,
    dirichlet_weights,
    grouped_person_weights,
    scenario_batches,
    scenario_scores,
)

__all__ = [
    "BATCH",
    "METHODS",
    "TIE_TOLERANCE",
    "MemberInterval",
    "Remedy",
    "ScoreChange",
    "StabilityInterval",
    "WeightChange",
    "as_ranges",
    "bootstrap_cells",
    "dirichlet_weights",
    "grouped_person_weights",
    "member_intervals",
    "moved_weights",
    "rank_acceptability",
    "scenario_batches",
    "scenario_scores",
    "stability_intervals",
    "top_mask",
    "top_set",
    "top_share",
    "what_would_it_take",
]
