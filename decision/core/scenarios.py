"""Plausible scenarios of a decision: drawn weights and re-weighted participants.

A scenario is one way the decision could reasonably have come out:

- **Weights** are drawn from a Dirichlet distribution centred on the given
  weights: ``Dirichlet(concentration · w)`` (:func:`dirichlet_weights`). Its mean
  is ``w``; a larger concentration keeps draws closer to it (concentration 100
  lets a 20 % weight typically vary by about ±4 points). ``concentration=None``
  keeps the weights fixed. A criterion with weight 0 stays at 0.
- **Scores**, when one sheet per participant is given (p×m×n, NaN for "weet
  niet"), are re-weighted per scenario by a Bayesian bootstrap (Rubin 1981):
  each participant gets a Dirichlet(1, …, 1) weight, and every cell is the
  weighted mean, or the weighted median, over those who scored it
  (:func:`bootstrap_cells`), as the team chose to combine scores. A cell nobody
  scored stays left out.
- **Groups**: when every stakeholder group counts equally (``groups``, one whole
  number per sheet), the bootstrap is stratified: the Dirichlet weights are drawn
  within each group and every group's weights add up to the same share
  (:func:`grouped_person_weights`), so no scenario loses a group or lets one group
  outweigh another. Each cell is combined within each group first, then across the
  groups that scored it, as :func:`decision.core.aggregation.grouped_center` does for
  the point estimate.

:func:`scenario_scores` gives the s×m matrix of every scenario's scores, for any
question asked of many scenarios at once; :func:`scenario_batches` yields the
same rows in batches, so a caller that only needs a running total never holds
them all. Both score with the method's registry entry, so they are the same for
every method.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from decision.core.aggregation import AGGREGATIONS
from decision.core.problem import Problem, check_samples, one_blas_thread, prepare
from decision.errors import InputError, ShapeError

BATCH = 2500  # scenarios per vectorised batch: bounds memory at about 8·BATCH·m·n bytes
# The weighted median holds every participant's weight per cell: scenarios × p × m × n.
MEDIAN_CELLS = 2_000_000  # at most that many per batch, about 16 MB


def dirichlet_weights(
    rng: np.random.Generator, w: np.ndarray, concentration: float | None, size: int
) -> np.ndarray:
    """``size`` weight vectors (size×n) around ``w``; all equal to ``w`` when ``concentration`` is None."""
    if concentration is None:
        return np.broadcast_to(w, (size, w.size))
    if not 0 < concentration < np.inf:
        raise InputError("concentration", value=repr(concentration))
    out = np.zeros((size, w.size))
    live = w > 0
    out[:, live] = rng.dirichlet(concentration * w[live], size=size)
    return out


class _Bootstrap:
    """The participants' sheets, ready to be re-weighted scenario after scenario."""

    def __init__(self, sheets: np.ndarray, aggregation: str) -> None:
        self.people = sheets.shape[0]
        self.scored = ~np.isnan(sheets)
        self.filled = np.nan_to_num(sheets)
        self.median = aggregation == "median"
        if self.median:
            # Each cell's scores in increasing order, the unscored ones last, so a weighted
            # median is the first score at which the running weight reaches half.
            order = np.argsort(np.where(self.scored, sheets, np.inf), axis=0)
            self.order = order
            self.sorted_values = np.take_along_axis(self.filled, order, axis=0)
            self.sorted_scored = np.take_along_axis(self.scored, order, axis=0)

    def batch_size(self) -> int:
        if not self.median:
            return BATCH
        return int(np.clip(MEDIAN_CELLS // self.filled.size, 1, BATCH))

    def cells(self, person_weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per scenario (rows of ``person_weights``, s×p): cells s×m×n (0 where missing) and present."""
        if not self.median:
            num = np.einsum("sp,pmn->smn", person_weights, self.filled)
            den = np.einsum("sp,pmn->smn", person_weights, self.scored.astype(float))
            present = den > 0
            with np.errstate(invalid="ignore", divide="ignore"):
                return np.where(present, num / den, 0.0), present
        weights = person_weights[:, self.order] * self.sorted_scored  # s×p×m×n
        running = np.cumsum(weights, axis=1)
        total = running[:, -1]
        present = total > 0
        first = np.argmax(running >= total[:, None] / 2, axis=1)  # lower weighted median
        values = np.take_along_axis(self.sorted_values[None], first[:, None], axis=1)[:, 0]
        return np.where(present, values, 0.0), present


def grouped_person_weights(rng: np.random.Generator, groups: np.ndarray, size: int) -> np.ndarray:
    """``size`` rows of person weights (size×p) drawn within each group.

    ``groups`` gives each sheet its group as a whole number. Within a group the weights
    are a Bayesian bootstrap, Dirichlet(1, …, 1); each group's weights add up to 1/G for
    G groups, so every row keeps every group with the same share.
    """
    labels, index = np.unique(groups, return_inverse=True)
    out = np.empty((size, index.size))
    for g in range(labels.size):
        members = np.flatnonzero(index == g)
        out[:, members] = rng.dirichlet(np.ones(members.size), size=size) / labels.size
    return out


class _GroupedBootstrap:
    """The sheets bootstrapped within each group, then combined with every group counting equally."""

    def __init__(self, sheets: np.ndarray, groups: np.ndarray, aggregation: str) -> None:
        self.groups = groups
        _, index = np.unique(groups, return_inverse=True)
        self.members = [np.flatnonzero(index == g) for g in range(int(index.max()) + 1)]
        self.parts = [_Bootstrap(sheets[members], aggregation) for members in self.members]
        self.people = sheets.shape[0]
        self.median = aggregation == "median"

    def batch_size(self) -> int:
        # the groups' cells are held side by side: G × batch × m × n
        return max(1, min(part.batch_size() for part in self.parts) // len(self.parts))

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return grouped_person_weights(rng, self.groups, size)

    def cells(self, person_weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per scenario: each group's cells from its own members' weights, then across the groups."""
        per_group = [
            part.cells(person_weights[:, members])
            for part, members in zip(self.parts, self.members, strict=True)
        ]
        values = np.stack([cells for cells, _ in per_group])  # G×s×m×n
        scored = np.stack([present for _, present in per_group])
        present: np.ndarray = np.asarray(scored.any(axis=0))
        if not self.median:
            count = scored.sum(axis=0)
            total = np.where(scored, values, 0.0).sum(axis=0)
            return np.where(present, total / np.maximum(count, 1), 0.0), present
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=RuntimeWarning)  # a cell no group scored
            middle = np.nanmedian(np.where(scored, values, np.nan), axis=0)
        return np.where(present, middle, 0.0), present


def check_groups(groups: npt.ArrayLike | None, x: np.ndarray) -> np.ndarray | None:
    """Checked groups for the sheets of ``x`` (one whole number per sheet); None without
    groups or for a single matrix, where there is nothing to stratify."""
    if groups is None or x.ndim != 3:
        return None
    g = np.asarray(groups)
    if g.shape != (x.shape[0],) or not np.issubdtype(g.dtype, np.integer):
        raise ShapeError("group_index_shape", expected=x.shape[0], got=f"{g.shape} {g.dtype}")
    return g


def _bootstrap(
    sheets: np.ndarray, aggregation: str, groups: np.ndarray | None
) -> _Bootstrap | _GroupedBootstrap:
    if groups is None:
        return _Bootstrap(sheets, aggregation)
    return _GroupedBootstrap(sheets, groups, aggregation)


def _draw(rng: np.random.Generator, boot: _Bootstrap | _GroupedBootstrap, size: int) -> np.ndarray:
    if isinstance(boot, _GroupedBootstrap):
        return boot.draw(rng, size)
    return rng.dirichlet(np.ones(boot.people), size=size)


def bootstrap_cells(
    rng: np.random.Generator,
    sheets: np.ndarray,
    size: int,
    aggregation: str = "mean",
    groups: npt.ArrayLike | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``size`` Bayesian-bootstrap versions of the combined score matrix.

    ``sheets`` is p×m×n with NaN where a participant gave no score; ``groups`` (one
    whole number per sheet, or None) stratifies the bootstrap by group. Returns the
    cells (size×m×n, 0 where nobody scored) and where they are present.
    """
    boot = _bootstrap(sheets, _aggregation(aggregation), check_groups(groups, sheets))
    return boot.cells(_draw(rng, boot, size))


def _aggregation(how: str) -> str:
    if how not in AGGREGATIONS:
        raise InputError("aggregation_unknown", value=repr(how), allowed=", ".join(AGGREGATIONS))
    return how


def as_ranges(ranges: npt.ArrayLike | None, x: np.ndarray) -> np.ndarray | None:
    """Checked cell ranges (m×n×2, NaN where a cell has none), or None when no cell has one."""
    if ranges is None:
        return None
    try:
        r = np.asarray(ranges, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ShapeError("not_numeric", what="ranges", detail=str(exc)) from None
    m, n = x.shape[-2:]
    if r.shape != (m, n, 2):
        raise ShapeError("ranges_shape", expected=str((m, n, 2)), got=str(r.shape))
    defined = ~np.isnan(r).any(axis=2)
    low, high = r[..., 0][defined], r[..., 1][defined]
    if not (np.isfinite(low).all() and np.isfinite(high).all()) or (low > high).any():
        raise InputError("ranges_order")
    return r if defined.any() else None


class _Ranges:
    """The cells drawn from a span of their own, scenario after scenario."""

    def __init__(self, ranges: np.ndarray) -> None:
        self.mask = ~np.isnan(ranges).any(axis=2)
        self.low = ranges[..., 0][self.mask]
        self.high = ranges[..., 1][self.mask]
        self.whole = (self.low == np.floor(self.low)) & (self.high == np.floor(self.high))

    @property
    def spans(self) -> bool:
        return bool((self.low < self.high).any())

    def apply(
        self, rng: np.random.Generator, cells: np.ndarray, present: np.ndarray, size: int
    ) -> tuple[np.ndarray, np.ndarray]:
        u = rng.random((size, self.low.size))
        width = self.high - self.low
        draws = np.where(
            self.whole,
            np.minimum(self.low + np.floor(u * (width + 1)), self.high),
            self.low + u * width,
        )
        m, n = self.mask.shape
        cells = np.array(np.broadcast_to(cells, (size, m, n)))
        present = np.array(np.broadcast_to(present, (size, m, n)))
        cells[:, self.mask] = draws
        present[:, self.mask] = True
        return cells, present


def varies(
    problem: Problem,
    concentration: float | None,
    ranges: np.ndarray | None = None,
    groups: np.ndarray | None = None,
) -> bool:
    """Whether scenarios can differ at all: drawn weights, more than one sheet (with
    ``groups``: a group of more than one), or a cell drawn from a span."""
    sheets = problem.x.ndim == 3 and problem.x.shape[0] > 1
    if sheets and groups is not None:
        sheets = bool((np.unique(groups, return_counts=True)[1] > 1).any())
    return concentration is not None or sheets or (ranges is not None and _Ranges(ranges).spans)


def scenario_batches(
    problem: Problem,
    *,
    samples: int,
    concentration: float | None,
    rng: np.random.Generator,
    aggregation: str = "mean",
    ranges: np.ndarray | None = None,
    groups: np.ndarray | None = None,
) -> Iterator[np.ndarray]:
    """The scores of ``samples`` scenarios of a checked problem, as consecutive s×m blocks.

    Per batch the weights are drawn first, then the participants' weights (within each
    group when ``groups``, checked by :func:`check_groups`, is given), then the cells with
    a span of their own (``ranges``, checked by :func:`as_ranges`), so a given generator
    state always gives the same scenarios.
    """
    x, w, d, b, entry = problem.x, problem.w, problem.d, problem.b, problem.method
    aggregation = _aggregation(aggregation)
    boot = _bootstrap(x, aggregation, groups) if x.ndim == 3 and x.shape[0] > 1 else None
    spans = _Ranges(ranges) if ranges is not None else None
    if boot is None:
        one = x[0] if x.ndim == 3 else x
        fixed_present = ~np.isnan(one)
        fixed_cells = np.nan_to_num(one)
    batch = boot.batch_size() if boot is not None else BATCH
    done = 0
    while done < samples:
        size = min(batch, samples - done)
        weights = dirichlet_weights(rng, w, concentration, size)
        if boot is not None:
            cells, present = boot.cells(_draw(rng, boot, size))
        else:
            cells, present = fixed_cells, fixed_present
        if spans is not None:
            cells, present = spans.apply(rng, cells, present, size)
        yield entry.score_scenarios(cells, present, weights, d, b)
        done += size


@one_blas_thread
def scenario_scores(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: npt.ArrayLike,
    bounds: npt.ArrayLike | None,
    *,
    samples: int = 10_000,
    concentration: float | None = None,
    seed: int = 0,
    method: str = "wsm",
    aggregation: str = "mean",
    ranges: npt.ArrayLike | None = None,
    groups: npt.ArrayLike | None = None,
) -> np.ndarray:
    """Every scenario's scores: a ``samples`` × m matrix, one row per scenario.

    ``matrix`` is m×n (one score per cell) or p×m×n (one sheet per participant,
    NaN for "weet niet"); ``aggregation`` ("mean" or "median") is how a scenario
    combines the sheets. ``bounds`` (n×2 scale bounds) is required for a method
    that needs them. A row is NaN where an alternative has nothing scored that
    counts. ``ranges`` (m×n×2, NaN elsewhere) gives cells a span each scenario draws
    their score from. ``groups`` (one whole number per sheet) makes every group count
    equally: the bootstrap draws within each group. Deterministic for a given ``seed``.
    """
    problem = prepare(matrix, weights, directions, bounds, method, sheets=True)
    samples = check_samples(samples)
    checked = as_ranges(ranges, problem.x)
    strata = check_groups(groups, problem.x)
    rng = np.random.default_rng(seed)
    blocks = scenario_batches(
        problem,
        samples=samples,
        concentration=concentration,
        rng=rng,
        aggregation=aggregation,
        ranges=checked,
        groups=strata,
    )
    return np.concatenate(list(blocks), axis=0)
