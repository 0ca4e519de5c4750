"""The best packages of k koppelkansen that can be carried out together.

A *package* is a set of koppelkansen. Its total is the sum of its members' values
plus the bonus (negative: penalty) of every pair inside it (``synergy``). It is
*feasible* when

- its members' ``costs`` add up to at most ``budget``;
- no pair of ``excludes`` is inside;
- every member that needs another (``requires``: (a, b), a needs b) has it inside;
  needs are transitive (a needs b and b needs c: a needs c), and a needed partner
  counts toward ``k`` like any member, unless it is forced;
- for each group of ``at_most`` (indices, cap), at most ``cap`` members come from it
  (a party that can carry two, the works running in one year).

The ``forced`` koppelkansen (randvoorwaardelijk) are in every package, outside the count
of ``k`` but inside the budget and every other rule. A NaN value means the koppelkans
cannot be chosen (nobody scored it); with scenarios, a NaN in any scenario does.

With one row of values (m) the packages come best first; with s×m scenario values,
each package also has the share of scenarios in which it is the best feasible one
(packages within :data:`~decision.core.ranking.TIE_TOLERANCE` of a scenario's best
share it equally), the packages are ordered by that share and then by their mean
total, and the result holds the *core index* of every koppelkans: the share of
scenarios in which it is in the best package (Liesiö, Mild & Salo 2007, *Robust
Portfolio Modeling*, EJOR 181(3): 1488-1505, there over the non-dominated
portfolios). The core indices of a row add up to ``k + len(forced)``.

Ties are judged as for ranks: neighbours in the order whose keys (the total; with
scenarios the share *and* the mean total) lie within ``TIE_TOLERANCE`` form a chain,
and the packages of one chain are ``tied`` and listed in the order of their members
(lexicographic on the sorted indices), so the order never depends on rounding noise.

The answer is exact: every feasible package is counted, and none that could be best
is left out. Feasible packages are enumerated once, level by level in vectorised
blocks, pruning a partial package as soon as it breaks an exclusion, a cap, the
budget (with the cheapest members that could still complete it) or a need that can no
longer be met. With scenarios the totals of all packages are one matrix product per
batch of scenarios, after dropping the packages that cannot be best in any scenario
(the most they can score stays below the least another scores). Problems too large to
answer exactly in reasonable time raise ``package_search_too_large``; there is no
heuristic that could be silently wrong.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any

import numpy as np
import numpy.typing as npt

from decision.core.ranking import TIE_TOLERANCE
from decision.errors import PackageError

Pair = tuple[int, int]

MAX_KOPPELKANSEN = 80  # beyond these the search is not exact in reasonable time
MAX_SIZE = 7
MAX_STATES = 30_000_000  # partial packages weighed in all (a few seconds at most)
MAX_KEPT = 4_000_000  # partial packages held for the next level (about 300 MB)
BATCH = 262_144  # scenario × package cells per matrix product (a few MB: stays in cache)
COST_SLACK = 1e-9  # a sum of costs may exceed the budget by rounding noise only


@dataclass(frozen=True)
class Package:
    """One feasible package: its members (sorted indices, the forced ones included)."""

    members: tuple[int, ...]
    total: float  # with scenarios: the mean total over them
    tied: bool = False  # in a chain of ties with a neighbour in the order (within TIE_TOLERANCE)
    share: float | None = None  # with scenarios: the share in which it is the best package


@dataclass(frozen=True)
class PackageResult:
    """The best packages, best first, and with scenarios the core index (m shares)."""

    packages: tuple[Package, ...]
    core_index: np.ndarray | None = None
    feasible: int = 0  # how many feasible packages there are in all


def _popcount(words: np.ndarray) -> np.ndarray:
    """Set bits of each uint64 of a 1-D array."""
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(words).astype(np.int64)
    as_bytes = words.view(np.uint8).reshape(words.size, 8)  # pragma: no cover - numpy < 2
    return np.unpackbits(as_bytes, axis=1).sum(axis=1).astype(np.int64)  # pragma: no cover


def _index(value: Any, m: int, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or not 0 <= int(value) < m:
        raise PackageError("package_index", index=value, where=where, m=m)
    return int(value)


def _pairs(pairs: Sequence[Pair], m: int, where: str) -> list[Pair]:
    out = []
    for pair in pairs:
        a, b = (_index(x, m, where) for x in pair)
        if a == b:
            raise PackageError("package_pair_self", index=a, where=where)
        out.append((a, b))
    return out


def _closure(m: int, needs: list[Pair]) -> list[set[int]]:
    """Everything each koppelkans needs, directly or through another (itself left out)."""
    direct: list[set[int]] = [set() for _ in range(m)]
    for a, b in needs:
        direct[a].add(b)
    closure = []
    for start in range(m):
        seen: set[int] = set()
        stack = list(direct[start])
        while stack:
            b = stack.pop()
            if b not in seen:
                seen.add(b)
                stack.extend(direct[b])
        seen.discard(start)
        closure.append(seen)
    return closure


def best_packages(
    values: npt.ArrayLike,
    k: int,
    *,
    costs: npt.ArrayLike | None = None,
    budget: float | None = None,
    requires: Sequence[Pair] = (),
    excludes: Sequence[Pair] = (),
    synergy: npt.ArrayLike | None = None,
    forced: Sequence[int] = (),
    at_most: Sequence[tuple[Sequence[int], int]] = (),
    limit: int = 10,
) -> PackageResult:
    """The at most ``limit`` best feasible packages of ``k`` koppelkansen plus the forced ones.

    Indices are positions in ``values``' last axis. Raises :class:`PackageError` with a key
    ``package_*`` naming the index and the argument at fault when an input cannot be used,
    when no package is feasible (``package_none_feasible``, or the need that rules every
    package out), and when the search is too large to be exact (``package_search_too_large``).
    """
    try:
        raw = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise PackageError("package_values_ndim", ndim="?") from exc
    if raw.ndim not in (1, 2):
        raise PackageError("package_values_ndim", ndim=raw.ndim)
    single = raw.ndim == 1
    scenarios = np.atleast_2d(raw)
    s, m = scenarios.shape
    if s == 0 or m == 0:
        raise PackageError("package_values_empty", shape=tuple(raw.shape))
    infinite = np.flatnonzero(np.isinf(scenarios).any(axis=0))
    if infinite.size:
        raise PackageError("package_values_infinite", index=int(infinite[0]))
    if isinstance(limit, bool) or not isinstance(limit, Integral) or limit < 1:
        raise PackageError("package_limit", limit=limit)
    if isinstance(k, bool) or not isinstance(k, Integral) or not 1 <= k <= m:
        raise PackageError("package_k_range", k=k, m=m)
    k = int(k)
    if m > MAX_KOPPELKANSEN or k > MAX_SIZE:
        raise PackageError("package_search_too_large", m=m, k=k, max_m=MAX_KOPPELKANSEN, max_k=MAX_SIZE)

    price = np.zeros(m) if costs is None else np.asarray(costs, dtype=float)
    if price.shape != (m,):
        raise PackageError("package_costs_shape", got=tuple(price.shape), m=m)
    bad = np.flatnonzero(~(price >= 0) | np.isinf(price))
    if bad.size:
        raise PackageError("package_cost_invalid", index=int(bad[0]), value=float(price[bad[0]]))
    if budget is not None and (not isinstance(budget, Real) or math.isnan(float(budget))):
        raise PackageError("package_budget_invalid", budget=budget)

    bonus = np.zeros((m, m)) if synergy is None else np.asarray(synergy, dtype=float)
    if bonus.shape != (m, m):
        raise PackageError("package_synergy_shape", got=tuple(bonus.shape), m=m)
    if not np.isfinite(bonus).all():
        row, col = np.argwhere(~np.isfinite(bonus))[0]
        raise PackageError("package_synergy_not_finite", row=int(row), col=int(col))
    if not np.array_equal(bonus, bonus.T):
        row, col = np.argwhere(bonus != bonus.T)[0]
        raise PackageError("package_synergy_asymmetric", row=int(row), col=int(col))
    bonus = bonus.copy()
    np.fill_diagonal(bonus, 0.0)  # only pairs count; a koppelkans is no pair with itself

    needs = _pairs(requires, m, "requires")
    never = _pairs(excludes, m, "excludes")
    forced_set = sorted({_index(f, m, "forced") for f in forced})
    groups: list[tuple[list[int], int]] = []
    for number, (group, cap) in enumerate(at_most):
        members = sorted({_index(i, m, "at_most") for i in group})
        if isinstance(cap, bool) or not isinstance(cap, Integral) or cap < 0:
            raise PackageError("package_at_most_cap", group=number, cap=cap)
        groups.append((members, int(cap)))

    scored = np.isfinite(scenarios).all(axis=0)
    for f in forced_set:
        if not scored[f]:
            raise PackageError("package_forced_unscored", index=f)
    is_forced = np.zeros(m, dtype=bool)
    is_forced[forced_set] = True
    if budget is not None and price[forced_set].sum() > budget + COST_SLACK:
        raise PackageError("package_budget_forced", budget=budget, cost=float(price[forced_set].sum()))

    closure = _closure(m, needs)
    excluded: list[set[int]] = [set() for _ in range(m)]
    for a, b in never:
        excluded[a].add(b)
        excluded[b].add(a)
    # What every package holds: the forced ones and all they need (these count toward k).
    mandatory = set(forced_set).union(*(closure[f] for f in forced_set))
    for f in forced_set:
        for b in sorted(closure[f] | {f}):
            if not scored[b]:
                raise PackageError("package_forced_needs_unscored", index=f, other=b)
            clash = sorted(excluded[b] & mandatory)
            if clash:
                if b == f and is_forced[clash[0]]:
                    raise PackageError("package_forced_excluded", first=f, second=clash[0])
                raise PackageError("package_forced_needs_excluded", index=f, other=b, excluded=clash[0])
    blocked_by_mandatory = set().union(*(excluded[i] for i in mandatory)) if mandatory else set()

    free = [i for i in range(m) if not is_forced[i] and scored[i]]
    if k > len(free):
        raise PackageError("package_too_large", k=k, n=len(free))

    # A koppelkans that can be in no package: say why when that leaves nothing feasible.
    conflict: dict[str, Any] | None = None
    choosable = []
    for i in free:
        group = closure[i] | {i}
        unscored = sorted(b for b in group if not scored[b])
        inner = sorted((a, b) for a in group for b in excluded[a] & group if a < b)
        if unscored:
            conflict = conflict or {"key": "package_requires_unscored", "index": i, "other": unscored[0]}
            continue
        if inner:
            conflict = conflict or {
                "key": "package_requires_conflict",
                "index": i,
                "first": inner[0][0],
                "second": inner[0][1],
            }
            continue
        if group & blocked_by_mandatory or len(group - set(forced_set)) > k:
            continue
        choosable.append(i)

    def nothing_feasible() -> PackageError:
        if conflict is not None:
            params = dict(conflict)
            return PackageError(params.pop("key"), **params)
        return PackageError("package_none_feasible", k=k)

    if len(choosable) < k:
        raise nothing_feasible()

    if not (mandatory - set(forced_set)) <= set(choosable):
        raise nothing_feasible()  # the forced ones need more than k others
    cand = np.array(choosable)
    n = cand.size
    position = {int(o): p for p, o in enumerate(cand)}
    # Totals: the forced part is the same for every package of a scenario; a candidate's
    # value includes its bonus with the forced ones; pairs of candidates add the rest.
    cand_bonus = np.ascontiguousarray(bonus[np.ix_(cand, cand)])
    forced_bonus = bonus[np.ix_(forced_set, cand)].sum(axis=0) if forced_set else np.zeros(n)
    forced_pairs = float(np.triu(bonus[np.ix_(forced_set, forced_set)], 1).sum()) if forced_set else 0.0
    constant = scenarios[:, forced_set].sum(axis=1) + forced_pairs
    variable = scenarios[:, cand] + forced_bonus
    search = _Search(n, k, cand, position, closure, excluded, mandatory, forced_set, price, budget, groups)
    search.bonus = cand_bonus
    if single:
        search.value = variable[0]
    found = search.run(last_level_bounds_only=single)
    if found.count == 0:
        raise nothing_feasible()

    def full(rows: np.ndarray) -> list[tuple[int, ...]]:
        return [tuple(sorted([*cand[rows_members[r]].tolist(), *forced_set])) for r in range(rows.size)]

    if single:
        rows_members, totals = found.best(limit)
        totals = totals + constant[0]
        chosen, tied = _top((totals,), limit, rows_members)
        rows_members = rows_members[chosen]
        return PackageResult(
            tuple(
                Package(mem, float(totals[r]), bool(t))
                for mem, r, t in zip(full(chosen), chosen, tied, strict=True)
            ),
            None,
            found.count,
        )

    members, pair_bonus = found.members, found.synergy
    count = found.count
    indicator = np.zeros((count, n))
    np.put_along_axis(indicator, members.astype(np.intp), 1.0, axis=1)
    mean = indicator @ variable.mean(axis=0) + pair_bonus + constant.mean()
    # A package whose best case stays below another's worst case is never best.
    high = indicator @ variable.max(axis=0) + pair_bonus
    low = indicator @ variable.min(axis=0) + pair_bonus
    margin = TIE_TOLERANCE + 1e-9 * (1.0 + float(np.abs(low).max()) + float(np.abs(high).max()))
    alive = np.flatnonzero(high >= low.max() - margin)
    rows = indicator[alive]
    live = rows.T.copy()
    live_bonus = pair_bonus[alive]
    share = np.zeros(count)
    wins_sum = np.zeros(alive.size)
    step = max(1, BATCH // max(1, alive.size))
    for start in range(0, s, step):
        block = variable[start : start + step] @ live
        block += live_bonus
        best = block.max(axis=1, keepdims=True)
        best -= TIE_TOLERANCE
        weight = (block >= best).astype(float)
        # each scenario's unit of "best" is shared by its ties
        wins_sum += (1.0 / weight.sum(axis=1)) @ weight
    share[alive] = wins_sum / s
    core = np.zeros(m)
    core[cand] = share[alive] @ rows
    core[forced_set] = 1.0
    chosen, tied = _top((share, mean), limit, members)
    rows_members = members[chosen]
    return PackageResult(
        tuple(
            Package(mem, float(mean[r]), bool(t), float(share[r]))
            for mem, r, t in zip(full(chosen), chosen, tied, strict=True)
        ),
        core,
        count,
    )


class _Found:
    """What the search found: the count, and either every package or the last level's bounds."""

    def __init__(self) -> None:
        self.count = 0
        self.members = np.zeros((0, 0), dtype=np.int16)
        self.synergy = np.zeros(0)
        # single row: the parents (k - 1 members, their exact totals) and each child's bound
        self.parents = np.zeros((0, 0), dtype=np.int16)
        self.parent_totals = np.zeros(0)
        self.child_parent = np.zeros(0, dtype=np.int64)
        self.child_last = np.zeros(0, dtype=np.int16)
        self.child_bound = np.zeros(0)
        self.value = np.zeros(0)
        self.bonus = np.zeros((0, 0))

    def exact(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        parent = self.child_parent[rows]
        last = self.child_last[rows].astype(np.intp)
        members = np.concatenate((self.parents[parent], last[:, None].astype(np.int16)), axis=1)
        totals = self.parent_totals[parent] + self.value[last]
        for col in range(self.parents.shape[1]):
            totals = totals + self.bonus[last, self.parents[parent, col]]
        return members, totals

    def best(self, limit: int) -> tuple[np.ndarray, np.ndarray]:
        """Members and exact totals of every package that can be among the first ``limit``.

        The bound of a package is at least its total. The exact totals of the ``limit`` best
        bounds give a floor the ``limit``-th best total reaches; every package whose bound is
        below the floor is out. The floor is lowered until the chain of ties at the edge of the
        first ``limit`` lies above it, so the order among ties is that of the whole set.
        """
        count = self.child_bound.size
        if count <= limit:
            return self.exact(np.arange(count))
        first = np.argpartition(-self.child_bound, limit - 1)[:limit]
        _, totals = self.exact(first)
        floor = float(totals.min()) - TIE_TOLERANCE
        while True:
            # a bound and a total equal on paper may differ in their last bits
            rows = np.flatnonzero(self.child_bound >= floor - 1e-12 * (1.0 + abs(floor)))
            members, totals = self.exact(rows)
            edge = np.sort(totals)[::-1]
            # the end of the chain that holds the limit-th
            end = limit - 1
            while end + 1 < edge.size and edge[end] - edge[end + 1] <= TIE_TOLERANCE:
                end += 1
            if edge[end] - TIE_TOLERANCE >= floor or rows.size == count:
                return members, totals
            floor = float(edge[end]) - TIE_TOLERANCE


class _Search:
    """Every feasible choice of k candidates, level by level, one added position at a time.

    The partial packages of a level are sorted by their last position, so those that can
    take position j are a prefix and every test is a streaming operation on that prefix.
    """

    def __init__(
        self,
        n: int,
        k: int,
        cand: np.ndarray,
        position: dict[int, int],
        closure: list[set[int]],
        excluded: list[set[int]],
        mandatory: set[int],
        forced: list[int],
        price: np.ndarray,
        budget: float | None,
        groups: list[tuple[list[int], int]],
    ) -> None:
        self.n, self.k, self.m = n, k, price.size
        self.words = (n + 63) // 64
        forced_set = set(forced)
        self.bit = np.array([self._mask([p]) for p in range(n)])
        self.below = np.array([self._mask(list(range(p))) for p in range(n)])  # positions before p
        self.excl = np.array(
            [self._mask([position[b] for b in excluded[int(o)] if b in position]) for o in cand]
        )
        self.need = np.array([self._mask([position[b] for b in closure[int(o)] - forced_set]) for o in cand])
        self.need0 = self._mask([position[b] for b in mandatory - forced_set])
        self.cost = price[cand]
        self.spare = np.inf if budget is None else float(budget) - float(price[forced].sum()) + COST_SLACK
        # cheapest[r, p]: the least that r more candidates after position p can cost
        self.cheapest = np.full((k + 1, n), np.inf)
        for p in range(n):
            sums = np.concatenate(([0.0], np.cumsum(np.sort(self.cost[p + 1 :]))))
            self.cheapest[: min(k + 1, sums.size), p] = sums[: k + 1]
        self.in_group = [[g for g, (group, _) in enumerate(groups) if int(o) in group] for o in cand]
        self.room = [cap - sum(1 for f in forced if f in group) for group, cap in groups]
        self.value = np.zeros(n)
        self.bonus = np.zeros((n, n))

    def _mask(self, items: list[int]) -> np.ndarray:
        out = np.zeros(self.words, dtype=np.uint64)
        for p in items:
            out[p // 64] |= np.uint64(1) << np.uint64(p % 64)
        return out

    def run(self, last_level_bounds_only: bool) -> _Found:
        found = _Found()
        found.value, found.bonus = self.value, self.bonus
        k, n, words = self.k, self.n, self.words
        if any(r < 0 for r in self.room):
            return found
        # the best a candidate can add: its value and its k - 1 largest positive bonuses
        positive = -np.sort(-np.maximum(self.bonus, 0.0), axis=1)[:, : k - 1].sum(axis=1)
        lift = self.value + positive
        last = np.array([-1])
        chosen = [np.zeros(1, dtype=np.uint64) for _ in range(words)]
        needed = [np.full(1, self.need0[w]) for w in range(words)]
        spent = np.zeros(1)
        taken = [np.zeros(1, dtype=np.int16) for _ in self.room]
        members = np.zeros((1, 0), dtype=np.int16)
        total = np.zeros(1)  # values plus synergy among the members so far
        states = 0
        for level in range(k):
            remaining = k - level - 1
            final = level == k - 1
            order = np.argsort(last, kind="stable")
            last = last[order]
            chosen = [c[order] for c in chosen]
            needed = [c[order] for c in needed]
            spent, members, total = spent[order], members[order], total[order]
            taken = [t[order] for t in taken]
            ends = np.searchsorted(last, np.arange(n), side="left")  # states with last < j
            parts: list[tuple[np.ndarray, int]] = []
            # refuse before the work, not after: a level's work is known from its prefixes
            states += int(ends[level : n - remaining].sum())
            if states > MAX_STATES:
                raise PackageError(
                    "package_search_too_large", m=self.m, k=k, max_m=MAX_KOPPELKANSEN, max_k=MAX_SIZE
                )
            for j in range(level, n - remaining):
                end = int(ends[j])
                if end == 0:
                    continue
                new_spent = spent[:end] + self.cost[j]
                ok = new_spent <= self.spare - self.cheapest[remaining, j]
                for g in self.in_group[j]:
                    ok &= taken[g][:end] < self.room[g]
                missing_count = np.zeros(end, dtype=np.int64)
                for w in range(words):
                    c = chosen[w][:end]
                    ok &= (c & self.excl[j, w]) == 0
                    missing = (needed[w][:end] | self.need[j, w]) & ~(c | self.bit[j, w])
                    if final:
                        ok &= missing == 0
                    else:
                        ok &= (missing & self.below[j, w]) == 0
                        missing_count += _popcount(missing)
                if not final:
                    ok &= missing_count <= remaining
                parts.append((np.flatnonzero(ok), j))
            if final:
                found.count = int(sum(rows.size for rows, _ in parts))
                if found.count == 0:
                    return found
                rows = np.concatenate([r for r, _ in parts])
                lasts = np.concatenate([np.full(r.size, j, dtype=np.int16) for r, j in parts])
                if last_level_bounds_only:
                    found.parents, found.parent_totals = members, total
                    found.child_parent, found.child_last = rows, lasts
                    found.child_bound = total[rows] + lift[lasts]
                else:
                    found.members = np.concatenate((members[rows], lasts[:, None]), axis=1)
                    found.synergy = _pair_sums(found.members, self.bonus)
                return found
            if not parts or all(r.size == 0 for r, _ in parts):
                return found
            if sum(r.size for r, _ in parts) > MAX_KEPT:
                raise PackageError(
                    "package_search_too_large", m=self.m, k=k, max_m=MAX_KOPPELKANSEN, max_k=MAX_SIZE
                )
            rows = np.concatenate([r for r, _ in parts])
            lasts = np.concatenate([np.full(r.size, j, dtype=np.int16) for r, j in parts])
            li = lasts.astype(np.intp)
            chosen = [chosen[w][rows] | self.bit[li, w] for w in range(words)]
            needed = [needed[w][rows] | self.need[li, w] for w in range(words)]
            spent = spent[rows] + self.cost[li]
            taken = [
                taken[g][rows] + np.array([g in self.in_group[p] for p in range(n)], dtype=np.int16)[li]
                for g in range(len(taken))
            ]
            gain = self.value[li]
            for col in range(members.shape[1]):
                gain = gain + self.bonus[li, members[rows, col]]
            total = total[rows] + gain
            members = np.concatenate((members[rows], lasts[:, None]), axis=1)
            last = lasts
        return found


def _pair_sums(members: np.ndarray, bonus: np.ndarray) -> np.ndarray:
    out = np.zeros(members.shape[0])
    for a in range(members.shape[1]):
        for b in range(a + 1, members.shape[1]):
            out += bonus[members[:, a], members[:, b]]
    return out


def _top(keys: tuple[np.ndarray, ...], limit: int, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first ``limit`` rows in the order of ``keys`` (highest first), and whether each is tied.

    Every key but the last is first put into chains of values within TIE_TOLERANCE (so two
    shares that are equal on paper but not in floating point are one share); rows next to
    each other in the order with the same earlier keys and a last key within TIE_TOLERANCE
    form a chain of ties, and inside a chain the rows go in the lexicographic order of their
    members (sorted positions), so the order never depends on rounding noise. The caller
    passes every row that can be among the first ``limit``, with the whole chain at the edge.
    """
    *earlier, final = keys
    levels = [_levels(key) for key in earlier]
    columns = columns_of(members)
    order = np.lexsort((*columns, -final, *reversed(levels)))
    close = np.abs(np.diff(final[order])) <= TIE_TOLERANCE
    for level in levels:
        close &= np.diff(level[order]) == 0
    chain = np.concatenate(([0], np.cumsum(~close)))
    order = order[np.lexsort((*columns_of(members[order]), chain))]  # inside a chain: by members
    tied = np.zeros(order.size, dtype=bool)
    tied[:-1] |= close
    tied[1:] |= close
    # every row of a chain of two or more is tied, wherever it goes inside its chain
    return order[:limit], tied[:limit]


def _levels(key: np.ndarray) -> np.ndarray:
    """0 for the highest chain of values within TIE_TOLERANCE of their neighbour, 1 for the next, ..."""
    order = np.argsort(-key, kind="stable")
    step = np.concatenate(([0], np.cumsum(np.abs(np.diff(key[order])) > TIE_TOLERANCE)))
    out = np.empty(key.size, dtype=np.int64)
    out[order] = step
    return out


def columns_of(members: np.ndarray) -> tuple[np.ndarray, ...]:
    return tuple(members[:, c] for c in reversed(range(members.shape[1])))
