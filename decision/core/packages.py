"""The best packages of k koppelkansen that can be carried out together.

A *package* is a set of koppelkansen. Its total is the sum of its members' values
plus the bonus (negative: penalty) of every pair inside it (``synergy``). It is
*feasible* when

- its members' ``costs`` add up to at most ``budget``;
- no pair of ``excludes`` is inside;
- every member that needs another (``requires``: (a, b), a needs b) has it inside;
- for each group of ``at_most`` (indices, cap), at most ``cap`` members come from it
  (a party that can carry two, the works running in one year).

The ``forced`` koppelkansen (randvoorwaardelijk) are in every package, outside the count
of ``k`` but inside the budget and every other rule. A NaN value means the koppelkans
cannot be chosen (nobody scored it).

With one row of values (m) the packages come best first; with s×m scenario values,
each package also has the share of scenarios in which it is the best feasible one
(ties shared), the packages are ordered by that share and then by their mean total,
and the result holds the *core index* of every koppelkans: the share of scenarios in
which it is in the best package (Liesiö, Mild & Salo 2007, *Robust Portfolio
Modeling*, EJOR 181(3): 1488-1505, there over the non-dominated portfolios).

The answer is exact: every feasible package is weighed. This first implementation
enumerates :func:`itertools.combinations`; it is the reference the fast one is tested
against.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from decision.core.ranking import TIE_TOLERANCE
from decision.errors import PackageError

Pair = tuple[int, int]


@dataclass(frozen=True)
class Package:
    """One feasible package: its members (sorted indices, the forced ones included)."""

    members: tuple[int, ...]
    total: float  # with scenarios: the mean total over them
    tied: bool = False  # ties with a neighbour in the order (within TIE_TOLERANCE)
    share: float | None = None  # with scenarios: the share in which it is the best package


@dataclass(frozen=True)
class PackageResult:
    """The best packages, best first, and with scenarios the core index (m shares)."""

    packages: tuple[Package, ...]
    core_index: np.ndarray | None = None
    feasible: int = 0  # how many feasible packages there are in all


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
    scenarios = np.atleast_2d(np.asarray(values, dtype=float))
    single = np.ndim(values) == 1
    m = scenarios.shape[1]
    bonus = np.zeros((m, m)) if synergy is None else np.asarray(synergy, dtype=float)
    price = np.zeros(m) if costs is None else np.asarray(costs, dtype=float)
    forced_set = tuple(sorted(set(forced)))
    free = [i for i in range(m) if i not in forced_set and np.isfinite(scenarios[:, i]).all()]
    if k > len(free):
        raise PackageError("package_too_large", k=k, n=len(free))
    needs: dict[int, set[int]] = {}
    for a, b in requires:
        needs.setdefault(a, set()).add(b)
    never = {frozenset(p) for p in excludes}

    def feasible(members: tuple[int, ...]) -> bool:
        inside = set(members)
        if budget is not None and price[list(members)].sum() > budget + 1e-9:
            return False
        if any(frozenset(p) in never for p in itertools.combinations(members, 2)):
            return False
        if any(not needs.get(i, set()) <= inside for i in members):
            return False
        return all(len(inside & set(group)) <= cap for group, cap in at_most)

    candidates = [
        tuple(sorted((*combo, *forced_set)))
        for combo in itertools.combinations(free, k)
        if feasible(tuple(sorted((*combo, *forced_set))))
    ]
    if not candidates:
        raise PackageError("no_feasible_package", k=k)
    totals = np.array(
        [
            [
                row[list(c)].sum() + sum(bonus[a, b] for a, b in itertools.combinations(c, 2))
                for c in candidates
            ]
            for row in scenarios
        ]
    )
    mean = totals.mean(axis=0)
    if single:
        order = sorted(range(len(candidates)), key=lambda i: -mean[i])
        share = None
    else:
        best = totals.max(axis=1, keepdims=True)
        wins = np.abs(totals - best) <= TIE_TOLERANCE
        share = (wins / wins.sum(axis=1, keepdims=True)).mean(axis=0)
        order = sorted(range(len(candidates)), key=lambda i: (-share[i], -mean[i]))
    chosen = order[:limit]
    packages = []
    for pos, i in enumerate(chosen):
        neighbours = [order[j] for j in (pos - 1, pos + 1) if 0 <= j < len(order)]
        tied = any(abs(mean[i] - mean[j]) <= TIE_TOLERANCE for j in neighbours)
        packages.append(
            Package(candidates[i], float(mean[i]), tied, None if share is None else float(share[i]))
        )
    core = None
    if not single:
        best = totals.max(axis=1, keepdims=True)
        wins = np.abs(totals - best) <= TIE_TOLERANCE
        weight = wins / wins.sum(axis=1, keepdims=True)
        member = np.zeros((len(candidates), m))
        for i, c in enumerate(candidates):
            member[i, list(c)] = 1.0
        core = (weight @ member).mean(axis=0)
    return PackageResult(tuple(packages), core, len(candidates))
