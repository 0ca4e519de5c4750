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
MAX_STATES = 30_000_000  # partial packages held at one level (about 1 GB of working memory)
BATCH = 4_000_000  # scenario × package cells per matrix product
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
    """Set bits per row of an (n, W) uint64 array."""
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(words).sum(axis=1)
    as_bytes = words.view(np.uint8).reshape(words.shape[0], -1)  # pragma: no cover - numpy < 2
    return np.unpackbits(as_bytes, axis=1).sum(axis=1)  # pragma: no cover


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
    """The at most ``limit`` best feasible packages of ``k`` koppelkansen plus the forced ones."""
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
        raise PackageError(
            "package_search_too_large", m=m, k=k, max_m=MAX_KOPPELKANSEN, max_k=MAX_SIZE
        )

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
    members = _enumerate(n, k, cand, position, closure, excluded, mandatory, forced_set, price, budget, groups)
    if members.shape[0] == 0:
        raise nothing_feasible()

    # Totals: the forced part is the same for every package of a scenario; a candidate's
    # value includes its bonus with the forced ones; pairs of candidates add the rest.
    cand_bonus = bonus[np.ix_(cand, cand)]
    forced_bonus = bonus[np.ix_(forced_set, cand)].sum(axis=0) if forced_set else np.zeros(n)
    forced_pairs = float(np.triu(bonus[np.ix_(forced_set, forced_set)], 1).sum()) if forced_set else 0.0
    constant = scenarios[:, forced_set].sum(axis=1) + forced_pairs
    variable = scenarios[:, cand] + forced_bonus
    pair_bonus = np.zeros(members.shape[0])
    for a in range(k):
        for b in range(a + 1, k):
            pair_bonus += cand_bonus[members[:, a], members[:, b]]

    def full(rows: np.ndarray) -> list[tuple[int, ...]]:
        return [tuple(sorted([*cand[members[r]].tolist(), *forced_set])) for r in rows]

    count = int(members.shape[0])
    if single:
        totals = variable[0][members].sum(axis=1) + pair_bonus + constant[0]
        chosen, tied = _top((totals,), limit)
        return PackageResult(
            tuple(
                Package(mem, float(totals[r]), bool(t))
                for mem, r, t in zip(full(chosen), chosen, tied, strict=True)
            ),
            None,
            count,
        )

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
    core_cand = np.zeros(n)
    step = max(1, BATCH // max(1, alive.size))
    for start in range(0, s, step):
        block = variable[start : start + step] @ live + live_bonus
        best = block.max(axis=1, keepdims=True)
        weight = (block >= best - TIE_TOLERANCE).astype(float)
        weight /= weight.sum(axis=1, keepdims=True)
        wins_sum += weight.sum(axis=0)
        core_cand += weight.sum(axis=0) @ rows
    share[alive] = wins_sum / s
    core = np.zeros(m)
    core[cand] = core_cand / s
    core[forced_set] = 1.0
    chosen, tied = _top((share, mean), limit)
    return PackageResult(
        tuple(
            Package(mem, float(mean[r]), bool(t), float(share[r]))
            for mem, r, t in zip(full(chosen), chosen, tied, strict=True)
        ),
        core,
        count,
    )


def _enumerate(
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
) -> np.ndarray:
    """Every feasible choice of k candidates (positions, rows in lexicographic order)."""
    words = (n + 63) // 64

    def mask(items: set[int] | list[int]) -> np.ndarray:
        out = np.zeros(words, dtype=np.uint64)
        for p in items:
            out[p // 64] |= np.uint64(1) << np.uint64(p % 64)
        return out

    forced_set = set(forced)
    bit = np.array([mask([p]) for p in range(n)])
    below = np.array([mask(list(range(p))) for p in range(n)])  # positions before p
    excl = np.array([mask([position[b] for b in excluded[int(o)] if b in position]) for o in cand])
    need = np.array([mask([position[b] for b in closure[int(o)] - forced_set]) for o in cand])
    cost = price[cand]
    spare = np.inf if budget is None else float(budget) - float(price[forced].sum()) + COST_SLACK
    # cheapest[r][p]: the least r more candidates after position p can cost
    cheapest = np.zeros((k + 1, n))
    for p in range(n):
        rest = np.sort(cost[p + 1 :])
        sums = np.concatenate(([0.0], np.cumsum(rest)))
        for r in range(k + 1):
            cheapest[r, p] = sums[r] if r < sums.size else np.inf
    in_group = np.array([[int(o) in set(g) for o in cand] for g, _ in groups], dtype=np.int16).reshape(
        len(groups), n
    )
    room = np.array([cap - sum(1 for f in forced if f in set(g)) for g, cap in groups], dtype=np.int16)
    if (room < 0).any():
        return np.zeros((0, k), dtype=np.int16)

    # level 0: the empty choice, with what the mandatory ones need
    last = np.array([-1])
    chosen = np.zeros((1, words), dtype=np.uint64)
    needed = mask([position[b] for b in mandatory - forced_set])[None, :]
    spent = np.zeros(1)
    taken = np.zeros((1, len(groups)), dtype=np.int16)
    members = np.zeros((1, 0), dtype=np.int16)
    for level in range(k):
        remaining = k - level - 1  # still to add after this one
        top = n - 1 - remaining
        counts = np.maximum(top - last, 0)
        total = int(counts.sum())
        if total > MAX_STATES:
            raise PackageError("package_search_too_large", m=len(price), k=k, max_m=MAX_KOPPELKANSEN, max_k=MAX_SIZE)
        parent = np.repeat(np.arange(last.size), counts)
        starts = np.cumsum(counts) - counts
        j = np.arange(total) - np.repeat(starts - last - 1, counts)
        # the budget first: it is the cheapest test and often the strongest
        new_spent = spent[parent] + cost[j]
        keep = new_spent + cheapest[remaining, j] <= spare
        parent, j, new_spent = parent[keep], j[keep], new_spent[keep]
        new_chosen = chosen[parent] | bit[j]
        ok = ~((excl[j] & chosen[parent]).any(axis=1))
        new_needed = needed[parent] | need[j]
        missing = new_needed & ~new_chosen
        # a need before j can no longer be met: positions only grow
        ok &= ~((missing & below[j]).any(axis=1))
        ok &= _popcount(missing) <= remaining
        if groups:
            new_taken = taken[parent] + in_group[:, j].T
            ok &= (new_taken <= room).all(axis=1)
            taken = new_taken[ok]
        last, chosen, needed, spent = j[ok], new_chosen[ok], new_needed[ok], new_spent[ok]
        members = np.concatenate((members[parent[ok]], j[ok, None].astype(np.int16)), axis=1)
        if last.size == 0:
            break
    return members


def _top(keys: tuple[np.ndarray, ...], limit: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``limit`` rows in the order of ``keys`` (highest first), and whether each is tied.

    Rows are in lexicographic order of their members, so a stable sort puts equal keys in
    that order; a chain of neighbours within TIE_TOLERANCE on every key is put in it too.
    """
    primary = keys[0]
    count = primary.size
    candidates = np.arange(count)
    if len(keys) == 1 and count > 4 * limit:
        # only the best few need sorting: take a threshold, widened to the end of its chain
        edge = np.partition(primary, count - limit)[count - limit]
        floor = edge - TIE_TOLERANCE
        while True:
            inside = primary >= floor
            below_max = primary[~inside].max() if (~inside).any() else -np.inf
            lowest = primary[inside].min()
            if below_max < lowest - TIE_TOLERANCE:
                break
            floor = lowest - TIE_TOLERANCE
        candidates = np.flatnonzero(inside)
    order = candidates[np.lexsort(tuple(-key[candidates] for key in reversed(keys)))]
    stacked = np.stack([key[order] for key in keys], axis=1)
    close = (np.abs(np.diff(stacked, axis=0)) <= TIE_TOLERANCE).all(axis=1)
    chain = np.concatenate(([0], np.cumsum(~close)))
    order = order[np.lexsort((order, chain))]  # inside a chain: by members
    tied = np.zeros(order.size, dtype=bool)
    tied[:-1] |= close
    tied[1:] |= close
    # chain ids are unchanged by the reordering inside a chain, so "tied" still holds
    return order[:limit], tied[:limit]
