"""Koppelkansen decision engine: domain model, methods, files and storage.

The numeric core takes numpy arrays (rows = alternatives, columns = criteria) and
is exported here; the domain layer works on :class:`~decision.domain.model.Workshop`;
:func:`open_store` opens the durable store (:mod:`decision.store`).
This package never imports streamlit.
"""

from decision.core.aggregation import SheetSummary, aggregate, summarize_sheets
from decision.core.methods import METHODS, Method, MethodResult, topsis, weighted_sum
from decision.core.normalize import favourability
from decision.core.packages import Package, PackageResult, best_packages
from decision.core.ranking import competition_rank
from decision.core.robustness import rank_acceptability, stability_intervals, what_would_it_take
from decision.core.scenarios import scenario_scores
from decision.core.weighting import ahp, ahp_weights, direct_weights, points_weights, rank_weights
from decision.domain.analysis import Ranking, rank_workshop
from decision.errors import (
    BoundsError,
    ConflictError,
    DecisionError,
    DirectionError,
    FileFormatError,
    InputError,
    LiveError,
    PairwiseError,
    ScoreError,
    ShapeError,
    StorageError,
    WeightsError,
)
from decision.store import open_store
from decision.version import __version__

__all__ = [
    "__version__",
    "BoundsError",
    "ConflictError",
    "DecisionError",
    "DirectionError",
    "FileFormatError",
    "InputError",
    "METHODS",
    "Method",
    "LiveError",
    "MethodResult",
    "Package",
    "PackageResult",
    "PairwiseError",
    "Ranking",
    "ScoreError",
    "ShapeError",
    "SheetSummary",
    "StorageError",
    "WeightsError",
    "aggregate",
    "ahp",
    "ahp_weights",
    "best_packages",
    "competition_rank",
    "direct_weights",
    "favourability",
    "open_store",
    "points_weights",
    "rank_acceptability",
    "rank_weights",
    "rank_workshop",
    "scenario_scores",
    "stability_intervals",
    "summarize_sheets",
    "topsis",
    "weighted_sum",
    "what_would_it_take",
]
