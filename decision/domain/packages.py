"""Packages of koppelkansen that can be carried out together: the domain layer over the engine.

The team prioritises about three koppelkansen that must work *together*. This module turns
a :class:`~decision.domain.model.Workshop` and its :class:`~decision.domain.analysis.Ranking`
into the arrays of :func:`decision.core.packages.best_packages` and back into words:

- :func:`package_problem`: values (the ranking's scores on 0-100), costs, the relations
  (voorwaarde, sluit uit, the pair bonuses), the forced and the unchoosable koppelkansen and
  the caps per party or trekker and per year, with the id <-> index mapping kept;
- :func:`analyse_packages`: the best packages for the ranking's scores and how often each is
  the best over the *same* scenarios as Gevoeligheid (:func:`decision.domain.sensitivity.scenario_setup`),
  the core index, and the plain top k beside them with what is wrong with it;
- :func:`package_issues`: what keeps any set of koppelkansen from being a package;
- :func:`weight_threshold`: per criterion, the weight at which the best package changes;
- :func:`describe_issue`, :func:`package_sentence`, :func:`explain_package`: the words.

Scale: the ranking's ``score`` column is 0..1 (shown as 0-100); the pair bonuses of
:data:`~decision.domain.model.DEFAULT_PAIR_POINTS` are score points on 0-100. Every value the
engine sees here is therefore 100 × a score, in the base ranking and in every scenario.

A run starts in the middle of its start year (1 July, as :func:`decision.domain.moment.start_date`
counts it, so the cap per year and the timeline tell the same story) and lasts the high end of
its duration range: the years it touches are the calendar years of its months.
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np

from decision.core.packages import Package, PackageResult, best_packages
from decision.core.problem import prepare
from decision.core.ranking import TIE_TOLERANCE
from decision.core.robustness import moved_weights, scenario_scores
from decision.domain.analysis import Ranking, bounds_of, directions_of, rank_workshop
from decision.domain.model import CostBasis, Criterion, Koppelkans, Relation, RelationKind, Status, Workshop
from decision.domain.moment import start_date
from decision.domain.route import is_chosen
from decision.domain.sensitivity import scenario_setup
from decision.errors import PackageError
from decision.text.formatting import money_short, percent
from decision.text.i18n import t

# the engine's error parameters that name a koppelkans by its index
INDEX_PARAMS = ("index", "other", "first", "second", "excluded")
SCALE = 100.0  # the engine's values are score points 0-100, the unit of a pair bonus
SAMPLES, SEED, CONCENTRATION = 2000, 0, 100.0
GRID = 201  # weights scanned per criterion before an edge is refined
REFINE_LEVELS, REFINE_POINTS = 5, 33
_EDGE_SLACK = 1e-4  # a bisected edge at 30.00004% is 30%


# -- the engine's inputs -------------------------------------------------------------------
@dataclass(frozen=True)
class CapGroup:
    """One cap: at most ``cap`` members may involve ``label`` (a party or trekker, or a year)."""

    kind: str  # "party" or "year"
    label: str
    members: tuple[int, ...]
    cap: int


@dataclass(frozen=True, eq=False)
class PackageInputs:
    """The arrays for :func:`decision.core.packages.best_packages`, and where they came from.

    Index ``i`` of every array is koppelkans ``ids[i]`` (workshop order). ``values`` are
    100 × the ranking's score, NaN where a koppelkans cannot be chosen (``unchoosable``
    says why: ``"unscored"``, ``"excluded"`` or ``"baseline"``); a forced koppelkans
    without a score counts 0. ``k`` is the package size minus the included koppelkansen
    (the randvoorwaardelijke are outside the count anyway).
    """

    ids: tuple[str, ...]
    values: np.ndarray
    k: int
    costs: np.ndarray
    unknown_cost: tuple[str, ...]
    cost_basis: CostBasis
    budget: float | None
    requires: tuple[tuple[int, int], ...]
    excludes: tuple[tuple[int, int], ...]
    synergy: np.ndarray
    forced: tuple[int, ...]
    unchoosable: Mapping[str, str]
    groups: tuple[CapGroup, ...]
    years: Mapping[str, tuple[int, ...]]  # the calendar years each koppelkans runs
    no_start: tuple[str, ...]  # koppelkansen whose start year is unknown: in no year's count
    ignored: tuple[Relation, ...] = ()  # relations naming a koppelkans the workshop does not have

    @property
    def index(self) -> Mapping[str, int]:
        return MappingProxyType({kid: i for i, kid in enumerate(self.ids)})

    @property
    def at_most(self) -> list[tuple[tuple[int, ...], int]]:
        return [(g.members, g.cap) for g in self.groups]

    def solve(self, values: np.ndarray | None = None, *, limit: int = 10) -> PackageResult:
        """The engine on these inputs; ``values`` (m or s×m, 0-100) replaces the base values."""
        v = self.values if values is None else np.asarray(values, dtype=float)
        try:
            return best_packages(
                v,
                self.k,
                costs=self.costs,
                budget=self.budget,
                requires=self.requires,
                excludes=self.excludes,
                synergy=self.synergy,
                forced=self.forced,
                at_most=self.at_most,
                limit=limit,
            )
        except PackageError as err:
            raise self.named(err) from err

    def named(self, err: PackageError) -> PackageError:
        """The engine's error with its koppelkans indices as the team's ids (K02, not 1)."""
        params = dict(err.params)
        for name in INDEX_PARAMS:
            value = params.get(name)
            if isinstance(value, (int, np.integer)) and 0 <= int(value) < len(self.ids):
                params[name] = self.ids[int(value)]
        return PackageError(err.key, **params)

    def mask(self, scores: np.ndarray) -> np.ndarray:
        """Scores (m or s×m, 0-100) with the unchoosable NaN and an unscored forced one 0."""
        out = np.array(scores, dtype=float)
        for kid in self.unchoosable:
            out[..., self.ids.index(kid)] = np.nan
        for i in self.forced:
            out[..., i] = np.nan_to_num(out[..., i])
        return out


def _cost(k: Koppelkans, basis: CostBasis) -> float | None:
    if k.extra_cost is None:
        return None
    return k.extra_cost.high if basis is CostBasis.HIGH else k.extra_cost.mid


def running_years(k: Koppelkans) -> tuple[int, ...]:
    """The calendar years the koppelkans runs: from the middle of its start year over the
    high end of its duration (unknown duration: the start year only); () without a start year."""
    if k.project is None or k.project.start_year is None:
        return ()
    start = start_date(k.project.start_year)
    months = 1 if k.duration_months is None else max(1, math.ceil(k.duration_months.high))
    first = start.month - 1  # months since 1 January of the start year
    last = first + months - 1
    return tuple(range(start.year + first // 12, start.year + last // 12 + 1))


def _involved(k: Koppelkans) -> tuple[str, ...]:
    """The parties and the trekker of a koppelkans, each once."""
    names = [p.strip() for p in k.parties if p.strip()]
    if k.lead.strip():
        names.append(k.lead.strip())
    return tuple(dict.fromkeys(names))


def package_problem(w: Workshop, ranking: Ranking) -> PackageInputs:
    """The engine's arrays for the workshop's package settings and the ranking's scores."""
    settings = w.package
    ids = w.kans_ids
    index = {kid: i for i, kid in enumerate(ids)}
    score = ranking.table.set_index("id")["score"]
    values = np.array([SCALE * float(score[kid]) for kid in ids])
    unchoosable: dict[str, str] = {}
    for kans in w.kansen:
        if kans.baseline:
            unchoosable[kans.id] = "baseline"  # what happens anyway is the reference, not a choice
        elif kans.id in settings.exclude:
            unchoosable[kans.id] = "excluded"
        elif math.isnan(values[index[kans.id]]):
            unchoosable[kans.id] = "unscored"
    essential = [k.id for k in w.kansen if k.essential]
    included = [kid for kid in dict.fromkeys(settings.include) if kid in index and kid not in essential]
    for kid in (*essential, *included):
        if unchoosable.get(kid) in ("excluded", "baseline"):
            raise PackageError("package_include_excluded", id=kid)
        unchoosable.pop(kid, None)
    forced = tuple(sorted(index[kid] for kid in (*essential, *included)))
    free = settings.size - len(included)
    if free < 0:
        raise PackageError("package_includes_too_many", n=len(included), k=settings.size)
    costs, unknown = [], []
    for kans in w.kansen:
        c = _cost(kans, settings.cost_basis)
        costs.append(0.0 if c is None else c)
        if c is None:
            unknown.append(kans.id)
    m = len(ids)
    synergy = np.zeros((m, m))
    requires: list[tuple[int, int]] = []
    excludes: list[tuple[int, int]] = []
    ignored = []
    for r in w.relations:
        if r.source not in index or r.target not in index or r.source == r.target:
            ignored.append(r)
            continue
        a, b = index[r.source], index[r.target]
        if r.kind is RelationKind.REQUIRES:
            requires.append((a, b))
        elif r.kind is RelationKind.EXCLUDES:
            excludes.append((a, b))
        # pairs with several relations add up; the matrix is symmetric
        synergy[a, b] += r.pair_points
        synergy[b, a] += r.pair_points if a != b else 0.0
    years = {kans.id: running_years(kans) for kans in w.kansen}
    groups: list[CapGroup] = []
    if settings.per_party is not None:
        by_name: dict[str, list[int]] = {}
        for kans in w.kansen:
            for name in _involved(kans):
                by_name.setdefault(name, []).append(index[kans.id])
        groups += [
            CapGroup("party", name, tuple(members), settings.per_party)
            for name, members in by_name.items()
            if len(members) > settings.per_party  # a smaller group can never bind
        ]
    if settings.per_year is not None:
        by_year: dict[int, list[int]] = {}
        for kans in w.kansen:
            for year in years[kans.id]:
                by_year.setdefault(year, []).append(index[kans.id])
        groups += [
            CapGroup("year", str(year), tuple(members), settings.per_year)
            for year, members in sorted(by_year.items())
            if len(members) > settings.per_year
        ]
    inputs = PackageInputs(
        ids=ids,
        values=values,
        k=free,
        costs=np.array(costs, dtype=float),
        unknown_cost=tuple(unknown),
        cost_basis=settings.cost_basis,
        budget=settings.budget,
        requires=tuple(requires),
        excludes=tuple(excludes),
        synergy=synergy,
        forced=forced,
        unchoosable=MappingProxyType(unchoosable),
        groups=tuple(groups),
        years=MappingProxyType(years),
        no_start=tuple(kid for kid, ys in years.items() if not ys),
        ignored=tuple(ignored),
    )
    return replace(inputs, values=inputs.mask(values))


# -- what keeps a set of koppelkansen from being a package ----------------------------------
@dataclass(frozen=True)
class PackageIssue:
    """One reason a set of koppelkansen is no package.

    ``kind``: ``"requires_missing"`` (``ids[0]`` needs ``ids[1]``, not in it),
    ``"excluded_pair"`` (``ids`` may not be together), ``"over_budget"`` (``amount`` is the
    members' cost, ``limit`` the budget), ``"over_capacity"`` (``group`` "party" or "year",
    ``label`` which, ``ids`` the members involved, ``limit`` the cap), ``"forced_missing"``
    (a randvoorwaardelijke or included one is not in), ``"excluded_member"``,
    ``"baseline_member"``, ``"size"`` (``amount`` members counted, ``limit`` the size).
    """

    kind: str
    ids: tuple[str, ...] = ()
    amount: float | None = None
    limit: float | None = None
    group: str = ""
    label: str = ""


def package_issues(w: Workshop, members: Sequence[str]) -> tuple[PackageIssue, ...]:
    """What keeps ``members`` (koppelkans ids, also a proposal typed by hand) from being a package."""
    settings = w.package
    known = set(w.kans_ids)
    inside = [kid for kid in w.kans_ids if kid in set(members)]
    kansen = {k.id: k for k in w.kansen}
    issues: list[PackageIssue] = []
    essential = [k.id for k in w.kansen if k.essential]
    for kid in dict.fromkeys((*essential, *settings.include)):
        if kid in known and kid not in inside:
            issues.append(PackageIssue("forced_missing", (kid,)))
    for kid in inside:
        if kid in settings.exclude:
            issues.append(PackageIssue("excluded_member", (kid,)))
        if kansen[kid].baseline:
            issues.append(PackageIssue("baseline_member", (kid,)))
    counted = [kid for kid in inside if not kansen[kid].essential]
    if len(counted) != settings.size:
        issues.append(PackageIssue("size", tuple(counted), float(len(counted)), float(settings.size)))
    found: set[tuple[str, frozenset[str] | tuple[str, str]]] = set()  # a relation written twice is one issue
    for r in w.relations:
        if r.kind is RelationKind.REQUIRES and r.source in inside and r.target not in inside:
            key: tuple[str, frozenset[str] | tuple[str, str]] = ("requires_missing", (r.source, r.target))
        elif r.kind is RelationKind.EXCLUDES and r.source in inside and r.target in inside:
            key = ("excluded_pair", r.pair)
        else:
            continue
        if key not in found:
            found.add(key)
            issues.append(PackageIssue(key[0], (r.source, r.target)))
    if settings.budget is not None:
        total = sum(_cost(kansen[kid], settings.cost_basis) or 0.0 for kid in inside)
        if total > settings.budget + 1e-9:
            priced = tuple(kid for kid in inside if kansen[kid].extra_cost is not None)
            issues.append(PackageIssue("over_budget", priced, total, settings.budget))
    if settings.per_party is not None:
        by_name: dict[str, list[str]] = {}
        for kid in inside:
            for name in _involved(kansen[kid]):
                by_name.setdefault(name, []).append(kid)
        for name, ids in by_name.items():
            if len(ids) > settings.per_party:
                issues.append(
                    PackageIssue(
                        "over_capacity", tuple(ids), float(len(ids)), float(settings.per_party), "party", name
                    )
                )
    if settings.per_year is not None:
        by_year: dict[int, list[str]] = {}
        for kid in inside:
            for year in running_years(kansen[kid]):
                by_year.setdefault(year, []).append(kid)
        for year, ids in sorted(by_year.items()):
            if len(ids) > settings.per_year:
                issues.append(
                    PackageIssue(
                        "over_capacity",
                        tuple(ids),
                        float(len(ids)),
                        float(settings.per_year),
                        "year",
                        str(year),
                    )
                )
    return tuple(issues)


# -- the analysis ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CriterionThreshold:
    """How far one criterion's weight can move (the others proportionally) before the package's
    standing changes: between ``low`` and ``high`` it stays what it is now (best or not);
    ``low_winner``/``high_winner`` are the best packages just beyond each end (None at 0 or 1)."""

    criterion: str
    current: float
    low: float
    high: float
    low_winner: tuple[str, ...] | None
    high_winner: tuple[str, ...] | None


@dataclass(frozen=True)
class PackageThreshold:
    """Per criterion, the weights within which ``members`` keep their standing (``best`` now or not)."""

    members: tuple[str, ...]
    best: bool
    criteria: tuple[CriterionThreshold, ...]

    @property
    def nearest(self) -> tuple[CriterionThreshold, str] | None:
        """The criterion and the end ("low" or "high") nearest to its current weight, None when
        no single weight change alters the standing."""
        ends = [(c.current - c.low, c, "low") for c in self.criteria if c.low_winner is not None] + [
            (c.high - c.current, c, "high") for c in self.criteria if c.high_winner is not None
        ]
        if not ends:
            return None
        _, c, side = min(ends, key=lambda e: (e[0], e[1].criterion, e[2]))
        return c, side


@dataclass(frozen=True)
class PackageView:
    """One package as a screen shows it; member ids in ranking order, the forced ones included."""

    letter: str
    members: tuple[str, ...]
    forced: tuple[str, ...]
    total: float  # 0-100 points: the members' scores plus the pair bonuses
    synergy: float  # the pair bonuses' part of ``total``
    share: float  # of the scenarios in which it is the best package
    tied: bool
    themes: tuple[str, ...]  # ambition themes (ids of ``w.themes``) it touches
    themes_missing: tuple[str, ...]
    cost_low: float  # sum of the known lows
    cost_high: float  # sum of the known highs
    cost_unknown: tuple[str, ...]
    workload: Mapping[int, int]  # year -> members running
    no_start: tuple[str, ...]
    parties: tuple[str, ...]
    leads: tuple[str, ...]
    relations: tuple[Relation, ...]
    threshold: PackageThreshold
    indices: tuple[int, ...] = field(default=(), repr=False)


@dataclass(frozen=True, eq=False)
class PackageAnalysis:
    """The best packages, their robustness and the plain top k beside them.

    ``point`` and ``scenario_result`` are the engine's answers for the ranking's scores and
    for the scenarios (``scenarios``, s×m on 0-100: the core index and the ``limit`` packages
    most often best); ``other_share`` is the share of scenarios in which a package not in
    ``packages`` is the best.
    """

    ranking: Ranking
    inputs: PackageInputs
    criteria: tuple[Criterion, ...]
    kans_names: Mapping[str, str]
    packages: tuple[PackageView, ...]
    core_index: Mapping[str, float]
    plain_top: tuple[str, ...]
    plain_feasible: bool
    plain_issues: tuple[PackageIssue, ...]
    feasible: int
    other_share: float
    point: PackageResult
    scenario_result: PackageResult
    scenarios: np.ndarray
    samples: int
    concentration: float | None
    seed: int

    def view(self, letter: str) -> PackageView:
        return next(v for v in self.packages if v.letter == letter)

    def letter_of(self, members: Sequence[str]) -> str | None:
        wanted = set(members)
        return next((v.letter for v in self.packages if set(v.members) == wanted), None)


def letters(n: int) -> list[str]:
    """A, B, ..., Z, AA, AB, ...: one name per package."""
    abc = string.ascii_uppercase
    out = []
    for i in range(n):
        name, j = "", i
        while True:
            name = abc[j % 26] + name
            j = j // 26 - 1
            if j < 0:
                break
        out.append(name)
    return out


def _ranking_order(ranking: Ranking) -> list[str]:
    return [str(kid) for kid in ranking.table["id"]]


def plain_top(w: Workshop, ranking: Ranking) -> tuple[str, ...]:
    """The ranking's own top: the randvoorwaardelijke plus the first ``size`` scored others."""
    essential = {k.id for k in w.kansen if k.essential}
    scored = ranking.table[ranking.table["score"].notna()]
    others = [str(kid) for kid in scored["id"] if kid not in essential]
    chosen = set(others[: w.package.size]) | essential
    return tuple(kid for kid in _ranking_order(ranking) if kid in chosen)


def _totals(inputs: PackageInputs, scores: np.ndarray, pool: np.ndarray, bonus: np.ndarray) -> np.ndarray:
    """Totals (rows of ``scores`` × packages) of the packages in ``pool`` (0/1 membership)."""
    return np.nan_to_num(inputs.mask(scores)) @ pool.T + bonus


def _everything(inputs: PackageInputs) -> PackageResult:
    """Every feasible package for the base values, best first."""
    choosable = sum(1 for i, v in enumerate(inputs.values) if np.isfinite(v) and i not in inputs.forced)
    return inputs.solve(limit=max(math.comb(choosable, inputs.k) if inputs.k <= choosable else 1, 1))


SHARE_CELLS = 2_000_000  # scenarios × packages per batch: about 16 MB of totals


def _shares(inputs: PackageInputs, scenarios: np.ndarray, pool: np.ndarray, bonus: np.ndarray) -> np.ndarray:
    """Per package of ``pool``, the share of scenarios in which it is the best, ties shared
    as the engine shares them (within :data:`~decision.core.ranking.TIE_TOLERANCE`)."""
    total = np.zeros(pool.shape[0])
    rows = max(1, SHARE_CELLS // max(pool.shape[0], 1))
    for start in range(0, scenarios.shape[0], rows):
        totals = _totals(inputs, scenarios[start : start + rows], pool, bonus)
        wins = np.abs(totals - totals.max(axis=1, keepdims=True)) <= TIE_TOLERANCE
        total += (wins / wins.sum(axis=1, keepdims=True)).sum(axis=0)
    return total / max(scenarios.shape[0], 1)


def _pool(
    inputs: PackageInputs, result: PackageResult
) -> tuple[list[tuple[int, ...]], np.ndarray, np.ndarray]:
    members = [p.members for p in result.packages]
    m = len(inputs.ids)
    pool = np.zeros((len(members), m))
    for i, c in enumerate(members):
        pool[i, list(c)] = 1.0
    bonus = np.array([_pair_sum(inputs.synergy, c) for c in members])
    return members, pool, bonus


def _pair_sum(synergy: np.ndarray, members: Sequence[int]) -> float:
    ms = sorted(members)
    return float(sum(synergy[a, b] for x, a in enumerate(ms) for b in ms[x + 1 :]))


class _WeightScan:
    """The totals of every feasible package as one criterion's weight moves, for any package.

    Every feasible package is in ``pool`` (the weights change the scores, never which
    packages are feasible), so a row of scores decides the best package exactly. The grid
    per criterion is scored once and shared by all packages; an edge is then refined on
    ever finer grids between the last weight where the standing holds and the first where
    it does not (:data:`REFINE_LEVELS` levels of :data:`REFINE_POINTS`: about 1e-10).
    """

    def __init__(
        self,
        w: Workshop,
        ranking: Ranking,
        inputs: PackageInputs,
        members: list[tuple[int, ...]],
        pool: np.ndarray,
        bonus: np.ndarray,
        grid: int = GRID,
    ) -> None:
        self.p = prepare(
            ranking.matrix, ranking.result.weights, directions_of(w), bounds_of(w), ranking.method
        )
        self.x, self.present = np.nan_to_num(self.p.x), ~np.isnan(self.p.x)
        self.inputs, self.members, self.pool, self.bonus = inputs, members, pool, bonus
        self.criteria = ranking.criterion_ids
        self.grids: list[tuple[np.ndarray, np.ndarray]] = []
        for j in range(len(self.criteria)):
            # the current weight is on the grid, so the walk outward starts where it stands
            ts = np.unique(np.append(np.linspace(0.0, 1.0, grid), self.p.w[j]))
            self.grids.append((ts, self.totals(j, ts)))

    def totals(self, j: int, ts: np.ndarray) -> np.ndarray:
        p = self.p
        scores = SCALE * p.method.score_scenarios(self.x, self.present, moved_weights(p.w, j, ts), p.d, p.b)
        return _totals(self.inputs, scores, self.pool, self.bonus)

    @staticmethod
    def best(totals: np.ndarray, ti: int) -> np.ndarray:
        """Whether package ``ti`` is the best (ties count, as the engine shares them) per row."""
        return totals[:, ti] >= totals.max(axis=1) - TIE_TOLERANCE

    def _refine(self, j: int, ti: int, standing: bool, inside: float, outside: float) -> tuple[float, int]:
        """The edge between ``inside`` (standing holds) and ``outside``, and the best package past it."""
        winner = -1
        for _ in range(REFINE_LEVELS):
            ts = np.linspace(inside, outside, REFINE_POINTS)
            totals = self.totals(j, ts)
            holds = self.best(totals, ti) == standing
            first = int(np.argmin(holds)) if not holds.all() else REFINE_POINTS - 1
            first = max(first, 1)
            inside, outside = float(ts[first - 1]), float(ts[first])
            winner = int(totals[first].argmax())
        return inside, winner

    def threshold(self, target: tuple[int, ...]) -> PackageThreshold:
        ids, members = self.inputs.ids, self.members
        ti = members.index(target)
        out = []
        standing = None
        for j, cid in enumerate(self.criteria):
            ts, totals = self.grids[j]
            current = float(self.p.w[j])
            here = int(np.searchsorted(ts, current))
            best = self.best(totals, ti)
            if standing is None:
                standing = bool(best[here])
            holds = best == standing
            lo = here
            while lo > 0 and holds[lo - 1]:
                lo -= 1
            hi = here
            while hi < ts.size - 1 and holds[hi + 1]:
                hi += 1
            low, low_winner = 0.0, None
            if lo > 0:
                low, arg = self._refine(j, ti, standing, float(ts[lo]), float(ts[lo - 1]))
                low_winner = tuple(ids[i] for i in members[arg])
            high, high_winner = 1.0, None
            if hi < ts.size - 1:
                high, arg = self._refine(j, ti, standing, float(ts[hi]), float(ts[hi + 1]))
                high_winner = tuple(ids[i] for i in members[arg])
            out.append(CriterionThreshold(cid, current, low, high, low_winner, high_winner))
        return PackageThreshold(tuple(ids[i] for i in target), bool(standing), tuple(out))


def weight_threshold(
    w: Workshop,
    method: str,
    aggregation: str,
    package: Sequence[str],
    *,
    ranking: Ranking | None = None,
    grid: int = GRID,
) -> PackageThreshold:
    """For each criterion, the weight (the others scaled proportionally, as
    :func:`decision.core.robustness.moved_weights` moves them) at which ``package`` stops
    being the best package, or, when it is not the best now, becomes it."""
    ranking = ranking if ranking is not None else rank_workshop(w, method, aggregation)
    inputs = package_problem(w, ranking)
    members, pool, bonus = _pool(inputs, _everything(inputs))
    index = inputs.index
    target = tuple(sorted(index[kid] for kid in package))
    if target not in members:
        raise PackageError("package_not_feasible", ids=", ".join(package))
    return _WeightScan(w, ranking, inputs, members, pool, bonus, grid).threshold(target)


def _view(
    w: Workshop,
    ranking: Ranking,
    inputs: PackageInputs,
    letter: str,
    package: Package,
    share: float,
    threshold: PackageThreshold,
) -> PackageView:
    ids = inputs.ids
    inside = {ids[i] for i in package.members}
    order = [kid for kid in _ranking_order(ranking) if kid in inside]
    kansen = [w.kans(kid) for kid in order]
    theme_ids = [th.id for th in w.themes]
    touched = {th for k in kansen for th in k.themes}
    workload: dict[int, int] = {}
    for kid in order:
        for year in inputs.years[kid]:
            workload[year] = workload.get(year, 0) + 1
    return PackageView(
        letter=letter,
        members=tuple(order),
        forced=tuple(kid for kid in order if inputs.index[kid] in inputs.forced),
        total=float(package.total),
        synergy=_pair_sum(inputs.synergy, package.members),
        share=share,
        tied=package.tied,
        themes=tuple(th for th in theme_ids if th in touched),
        themes_missing=tuple(th for th in theme_ids if th not in touched),
        cost_low=float(sum(k.extra_cost.low for k in kansen if k.extra_cost is not None)),
        cost_high=float(sum(k.extra_cost.high for k in kansen if k.extra_cost is not None)),
        cost_unknown=tuple(k.id for k in kansen if k.extra_cost is None),
        workload=MappingProxyType(dict(sorted(workload.items()))),
        no_start=tuple(kid for kid in order if kid in inputs.no_start),
        parties=tuple(dict.fromkeys(p.strip() for k in kansen for p in k.parties if p.strip())),
        leads=tuple(dict.fromkeys(k.lead.strip() for k in kansen if k.lead.strip())),
        relations=tuple(r for r in w.relations if r.source in inside and r.target in inside),
        threshold=threshold,
        indices=tuple(package.members),
    )


def analyse_packages(
    w: Workshop,
    ranking: Ranking,
    *,
    method: str,
    aggregation: str,
    samples: int = SAMPLES,
    concentration: float | None = CONCENTRATION,
    seed: int = SEED,
    limit: int = 5,
) -> PackageAnalysis:
    """The ``limit`` best packages for the ranking's scores, and how often each is the best.

    The scenarios are those of Gevoeligheid (:func:`decision.domain.sensitivity.scenario_setup`,
    then :func:`decision.core.scenarios.scenario_scores` with the same ``samples``, ``seed``
    and ``concentration``), on the same 0-100 scale as the base values. ``method`` and
    ``aggregation`` are those the ranking was made with.
    """
    inputs = package_problem(w, ranking)
    point_all = _everything(inputs)
    point = PackageResult(point_all.packages[:limit], None, point_all.feasible)
    setup = scenario_setup(w, ranking)
    raw = scenario_scores(
        setup.matrix,
        setup.weights,
        setup.directions,
        setup.bounds,
        samples=samples,
        concentration=concentration,
        seed=seed,
        method=method,
        aggregation=aggregation,
        ranges=setup.ranges,
        groups=setup.groups,
    )
    scenarios = inputs.mask(SCALE * raw)
    scen = inputs.solve(scenarios, limit=limit)
    members, pool, bonus = _pool(inputs, point_all)
    # every feasible package's share, also of those the engine's top by share leaves out
    share = dict(zip(members, _shares(inputs, scenarios, pool, bonus), strict=True))
    scan = _WeightScan(w, ranking, inputs, members, pool, bonus)
    views = tuple(
        _view(
            w,
            ranking,
            inputs,
            letter,
            package,
            share.get(package.members, 0.0),
            scan.threshold(package.members),
        )
        for letter, package in zip(letters(len(point.packages)), point.packages, strict=True)
    )
    assert scen.core_index is not None
    core = MappingProxyType({kid: float(scen.core_index[i]) for i, kid in enumerate(inputs.ids)})
    top = plain_top(w, ranking)
    issues = package_issues(w, top)
    return PackageAnalysis(
        ranking=ranking,
        inputs=inputs,
        criteria=w.criteria,
        kans_names=MappingProxyType({k.id: k.name for k in w.kansen}),
        packages=views,
        core_index=core,
        plain_top=top,
        plain_feasible=not issues,
        plain_issues=issues,
        feasible=point_all.feasible,
        other_share=max(0.0, 1.0 - sum(v.share for v in views)),
        point=point,
        scenario_result=scen,
        scenarios=scenarios,
        samples=samples,
        concentration=concentration,
        seed=seed,
    )


def best_package_under_weights(
    w: Workshop, weights: Mapping[str, float], *, method: str, aggregation: str
) -> frozenset[str] | None:
    """The best feasible package (its member ids, the forced ones included) when the criteria
    weigh as ``weights`` say, with the same relations and package rules; None when none is."""
    weighted = w.with_weights(weights)
    inputs = package_problem(weighted, rank_workshop(weighted, method, aggregation))
    try:
        result = inputs.solve(limit=1)
    except PackageError:
        return None
    if not result.packages:
        return None
    return frozenset(inputs.ids[i] for i in result.packages[0].members)


def package_holds_per_group(
    w: Workshop, members: Sequence[str], *, method: str, aggregation: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """For each stakeholder group that gave its own weights (in the workshop's group order):
    whether ``members`` is still the best package under them. (held, not held) group ids."""
    held: list[str] = []
    not_held: list[str] = []
    wanted = frozenset(members)
    for group in w.groups:
        weights = w.group_weights.get(group.id)
        if not weights:
            continue
        best = best_package_under_weights(w, weights, method=method, aggregation=aggregation)
        (held if best == wanted else not_held).append(group.id)
    return tuple(held), tuple(not_held)


# -- words ----------------------------------------------------------------------------------
def groups_sentence(
    w: Workshop,
    letter: str,
    held: Sequence[str],
    not_held: Sequence[str],
    lang: str = "nl",
    quote: Callable[[str], str] = str,
) -> str:
    """ "Pakket A blijft het beste bij de eigen weging van 5 van de 6 groepen; niet bij: Netbeheerder."

    ``quote`` is applied to the group names, the team's own text (a screen escapes them)."""
    labels = {g.id: quote(g.label.get(lang)) for g in w.groups}
    total = len(held) + len(not_held)
    if not not_held:
        return t("packages.groups_all", lang, letter=letter, total=total)
    names = ", ".join(labels.get(g, quote(g)) for g in not_held)
    return t("packages.groups_some", lang, letter=letter, n=len(held), total=total, names=names)


def _whole_percent(edge: float, side: str) -> int:
    """The whole percentage a sentence names for an edge: "more than" the floor, "less than"
    the ceiling, so every whole percentage past it (the sliders) does change the outcome."""
    exact = 100 * edge
    whole = math.floor(exact + _EDGE_SLACK) if side == "high" else math.ceil(exact - _EDGE_SLACK)
    return int(min(max(whole, 0), 100))


def _ids(ids: Sequence[str]) -> str:
    return ", ".join(ids)


def describe_issue(issue: PackageIssue, w: Workshop, lang: str = "nl") -> str:
    """One problem in a sentence, e.g. "K02 veronderstelt K01 — niet in dit pakket"."""
    kind = issue.kind
    if kind in ("requires_missing", "excluded_pair"):
        return t(f"package.issue.{kind}", lang, a=issue.ids[0], b=issue.ids[1])
    if kind == "over_budget":
        basis = t(f"package.cost_basis.{w.package.cost_basis.value}", lang)
        return t(
            "package.issue.over_budget",
            lang,
            amount=money_short(issue.amount, lang),
            budget=money_short(issue.limit, lang),
            basis=basis,
        )
    if kind == "over_capacity":
        return t(
            f"package.issue.over_capacity.{issue.group}",
            lang,
            label=issue.label,
            n=len(issue.ids),
            ids=_ids(issue.ids),
            cap=int(issue.limit or 0),
        )
    if kind == "forced_missing":
        kid = issue.ids[0]
        essential = any(k.id == kid and k.essential for k in w.kansen)
        return t(
            "package.issue.essential_missing" if essential else "package.issue.include_missing", lang, id=kid
        )
    if kind == "size":
        return t("package.issue.size", lang, n=int(issue.amount or 0), size=int(issue.limit or 0))
    return t(f"package.issue.{kind}", lang, id=issue.ids[0] if issue.ids else "")


def _criterion_label(analysis: PackageAnalysis, cid: str, lang: str) -> str:
    return next(c.label.get(lang) for c in analysis.criteria if c.id == cid)


def package_sentence(view: PackageView, analysis: PackageAnalysis, lang: str = "nl") -> str:
    """E.g. "Pakket A is in 64% van de scenario's het beste; het valt af als 'Extra kosten'
    meer dan 30% weegt." A package that is not the best now says what would make it so."""
    first = t("package.sentence.share", lang, letter=view.letter, share=percent(view.share, lang))
    threshold = view.threshold
    nearest = threshold.nearest
    state = "loses" if threshold.best else "wins"
    if nearest is None:
        return first + t(f"package.sentence.{state}_never", lang) + "."
    c, side = nearest
    edge = c.high if side == "high" else c.low
    whole = _whole_percent(edge, side)
    criterion = _criterion_label(analysis, c.criterion, lang)
    if side == "low" and whole <= 0:  # "less than 0%" cannot be set: only no weight at all
        return first + t(f"package.sentence.{state}_zero", lang, criterion=criterion) + "."
    if side == "high" and whole >= 100:
        return first + t(f"package.sentence.{state}_all", lang, criterion=criterion) + "."
    direction = "more" if side == "high" else "less"
    weight = percent(whole / 100, lang)
    return first + t(f"package.sentence.{state}_{direction}", lang, criterion=criterion, weight=weight) + "."


def explain_package(view: PackageView, analysis: PackageAnalysis, w: Workshop, lang: str = "nl") -> list[str]:
    """Which relations and constraints made this package: the pairs inside that add points,
    the voorwaarde that pulled a member in, the forced members, and per koppelkans of the
    plain top k that is not in it, what kept it out."""
    lines: list[str] = []
    inside = set(view.members)
    plain = analysis.plain_top
    settings = w.package
    for kid in view.forced:
        key = "package.why.essential" if w.kans(kid).essential else "package.why.included"
        lines.append(t(key, lang, id=kid))
    for r in view.relations:
        if r.kind is RelationKind.REQUIRES:
            pulled = "package.why.pulled_in" if r.target not in plain else "package.why.requires_met"
            lines.append(t(pulled, lang, a=r.source, b=r.target))
        elif r.pair_points:
            points = f"{r.pair_points:+g}".replace("-", "−")
            lines.append(t(f"package.why.pair.{r.kind.value}", lang, a=r.source, b=r.target, points=points))
    if set(plain) == inside:
        lines.append(t("package.why.is_plain_top", lang, k=settings.size))
        return lines
    for kid in plain:
        if kid in inside:
            continue
        trial = package_issues(w, (*view.members, kid))
        reasons = [i for i in trial if kid in i.ids and i.kind not in ("size", "forced_missing")]
        if reasons:
            lines.append(t("package.why.kept_out", lang, id=kid, reason=describe_issue(reasons[0], w, lang)))
        else:
            lines.append(t("package.why.outscored", lang, id=kid))
    new = [kid for kid in view.members if kid not in plain]
    if new:
        lines.append(t("package.why.instead", lang, ids=_ids(new), k=settings.size))
    return lines


def team_package(w: Workshop) -> tuple[str, tuple[str, ...]]:
    """The package the team goes for, as ``(which, koppelkans ids)`` in inventory order.

    What it chose (``"chosen"``: gekozen or already opgenomen), else what it took over
    and has not decided yet (``"proposed"``: geprioriteerd or voorstel); ``("", ())``
    when it did neither. The report and the bijlage both name the package this way.
    """
    chosen = tuple(k.id for k in w.kansen if is_chosen(k.status))
    if chosen:
        return "chosen", chosen
    taken = tuple(k.id for k in w.kansen if k.status in (Status.PRIORITISED, Status.PROPOSED))
    return ("proposed", taken) if taken else ("", ())
