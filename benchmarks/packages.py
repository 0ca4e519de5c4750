"""How fast the best packages are found: :func:`decision.best_packages` against two peers.

Run from the repository root::

    python benchmarks/packages.py [--repeat 7] [--peer-scenarios 200] [--milp-scenarios 50]

Two fixed (seeded) problems, each with random relations: a tenth of the koppelkansen
need another, a fifth of them exclude one, a third have a bonus or penalty with one
(uniform -10..10), meerkosten uniform 1..10 with a budget of 5 per chosen koppelkans,
one forced koppelkans and one "at most 2 of these 5" group; values uniform 0..100.

- m = 15, k = 3, 10,000 scenarios (values s×m): the shares of being best and the core index;
- m = 60, k = 5, one row of values: the best packages and how many are feasible.

Peers, measured in the same run:

- a plain loop: every :func:`itertools.combinations` of k, the feasibility rules, the
  total; per scenario. It is slow, so it is timed on the first ``--peer-scenarios``
  scenarios (for m = 60: the first ``--peer-combinations`` combinations) and scaled
  linearly; the output says so.
- a MILP per scenario with :func:`scipy.optimize.milp` (HiGHS): a binary per
  koppelkans and per bonus pair, linearised as y <= x_a, y <= x_b, y >= x_a + x_b - 1.
  It finds one best package, not the ties, the count or the core index. Timed on
  ``--milp-scenarios`` scenarios and scaled. scipy is only needed here
  (``pip install -e ".[bench]"``); without it the MILP rows say "scipy not installed".

The script checks that every method finds the same best total in the scenarios the
peers ran, and that the shares of the loop peer over those scenarios are the engine's.
It asserts nothing about time: the figures are printed with their ratios.
"""

from __future__ import annotations

import argparse
import itertools
import math
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from decision import best_packages  # noqa: E402
from decision.core.ranking import TIE_TOLERANCE  # noqa: E402

SEED = 2026


def problem(
    m: int, k: int, scenarios: int | None, budget_per: float = 5.0, seed: int = SEED
) -> tuple[np.ndarray, dict]:
    rng = np.random.default_rng(seed + m)
    values = rng.uniform(0, 100, (m,) if scenarios is None else (scenarios, m))
    requires = [tuple(int(x) for x in rng.choice(m, 2, replace=False)) for _ in range(m // 10)]
    excludes = [tuple(int(x) for x in rng.choice(m, 2, replace=False)) for _ in range(m // 5)]
    synergy = np.zeros((m, m))
    for _ in range(m // 3):
        a, b = rng.choice(m, 2, replace=False)
        synergy[a, b] = synergy[b, a] = rng.uniform(-10, 10)
    rules = dict(
        costs=rng.uniform(1, 10, m),
        budget=budget_per * k,
        requires=requires,
        excludes=excludes,
        synergy=synergy,
        forced=[0],
        at_most=[(list(range(1, 6)), 2)],
    )
    return values, rules


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# -- the loop peer -----------------------------------------------------------------------------
class Loop:
    """Every combination, tested and summed in plain Python."""

    def __init__(self, m: int, k: int, rules: dict) -> None:
        self.k = k
        self.costs = rules["costs"]
        self.budget = rules["budget"]
        self.forced = tuple(rules["forced"])
        self.free = [i for i in range(m) if i not in self.forced]
        self.requires = rules["requires"]
        self.excludes = rules["excludes"]
        self.synergy = rules["synergy"]
        self.at_most = rules["at_most"]
        self.needs: dict[int, set[int]] = {}
        for a, b in self.requires:
            self.needs.setdefault(a, set()).add(b)

    def feasible(self, members: tuple[int, ...]) -> bool:
        inside = set(members)
        if sum(self.costs[i] for i in members) > self.budget + 1e-9:
            return False
        if any(a in inside and b in inside for a, b in self.excludes):
            return False
        if any(not self.needs.get(i, set()) <= inside for i in members):  # direct needs suffice
            return False
        return all(len(inside & set(group)) <= cap for group, cap in self.at_most)

    def packages(self, stop: int | None = None):
        combos = itertools.combinations(self.free, self.k)
        for combo in combos if stop is None else itertools.islice(combos, stop):
            members = tuple(sorted((*combo, *self.forced)))
            if self.feasible(members):
                yield members

    def total(self, row: np.ndarray, members: tuple[int, ...]) -> float:
        pairs = sum(self.synergy[a, b] for a, b in itertools.combinations(members, 2))
        return float(sum(row[i] for i in members) + pairs)

    def scenario(self, row: np.ndarray, stop: int | None = None) -> tuple[float, list[tuple[int, ...]]]:
        scored = [(self.total(row, p), p) for p in self.packages(stop)]
        best = max(t for t, _ in scored)
        return best, [p for t, p in scored if t >= best - TIE_TOLERANCE]


# -- the MILP peer -----------------------------------------------------------------------------
def milp_best(row: np.ndarray, k: int, rules: dict) -> float:
    from scipy.optimize import Bounds, LinearConstraint, milp

    m = row.size
    synergy = rules["synergy"]
    pairs = [(a, b) for a in range(m) for b in range(a + 1, m) if synergy[a, b] != 0]
    n = m + len(pairs)
    objective = -np.concatenate([row, [synergy[a, b] for a, b in pairs]])
    rows, low, high = [], [], []

    def add(coefficients: dict[int, float], lo: float, hi: float) -> None:
        line = np.zeros(n)
        for i, c in coefficients.items():
            line[i] += c
        rows.append(line)
        low.append(lo)
        high.append(hi)

    forced = set(rules["forced"])
    add({i: 1.0 for i in range(m) if i not in forced}, k, k)
    add({i: float(rules["costs"][i]) for i in range(m)}, -np.inf, rules["budget"])
    for a, b in rules["excludes"]:
        add({a: 1.0, b: 1.0}, -np.inf, 1)
    for a, b in rules["requires"]:
        add({a: 1.0, b: -1.0}, -np.inf, 0)
    for group, cap in rules["at_most"]:
        add({i: 1.0 for i in group}, -np.inf, cap)
    for p, (a, b) in enumerate(pairs):
        y = m + p
        add({y: 1.0, a: -1.0}, -np.inf, 0)
        add({y: 1.0, b: -1.0}, -np.inf, 0)
        add({y: 1.0, a: -1.0, b: -1.0}, -1, np.inf)
    lower = np.zeros(n)
    lower[list(forced)] = 1.0
    result = milp(
        objective,
        constraints=LinearConstraint(np.array(rows), low, high),
        integrality=np.ones(n),
        bounds=Bounds(lower, np.ones(n)),
        options={"mip_rel_gap": 0.0},
    )
    if not result.success:
        raise RuntimeError(result.message)
    return float(-result.fun)


def have_scipy() -> bool:
    try:
        import scipy.optimize  # noqa: F401
    except ImportError:
        return False
    return True


def many_rows(args: argparse.Namespace, budget_per: float, scipy: bool) -> tuple[bool, list[str]]:
    lines = []
    agree = True
    m, k, s = 15, 3, 10_000
    values, rules = problem(m, k, s, budget_per)
    engine_ms = median_ms(lambda: best_packages(values, k, **rules), args.repeat)
    result = best_packages(values, k, **rules)
    loop = Loop(m, k, rules)
    subset = values[: args.peer_scenarios]
    start = time.perf_counter()
    peer = [loop.scenario(row) for row in subset]
    loop_ms = (time.perf_counter() - start) * 1000 * s / subset.shape[0]
    # the engine's shares over the same scenarios against the loop's
    small = best_packages(subset, k, **rules, limit=10_000)
    share: dict[tuple[int, ...], float] = {}
    for _, winners in peer:
        for p in winners:
            share[p] = share.get(p, 0.0) + 1 / len(winners) / subset.shape[0]
    engine_share = {p.members: p.share for p in small.packages if p.share}
    same_shares = engine_share.keys() == share.keys() and all(
        math.isclose(engine_share[p], share[p], abs_tol=1e-12) for p in share
    )
    engine_best = [best_packages(row, k, **rules, limit=1).packages[0].total for row in subset]
    same_best = all(
        math.isclose(a, b, abs_tol=1e-9) for a, b in zip(engine_best, (t for t, _ in peer), strict=True)
    )
    agree &= same_shares and same_best
    lines.append(
        f"m={m}, k={k}, {s:,} scenarios, budget {budget_per:g} per pick: {result.feasible} feasible packages"
    )
    lines.append(f"  engine                      {engine_ms:9.1f} ms")
    lines.append(
        f"  itertools loop per scenario {loop_ms:9.1f} ms  (timed on {subset.shape[0]} scenarios, scaled)"
        f"  engine is {loop_ms / engine_ms:,.0f}x faster"
    )
    if scipy:
        few = values[: args.milp_scenarios]
        start = time.perf_counter()
        milp_totals = [milp_best(row, k, rules) for row in few]
        milp_ms = (time.perf_counter() - start) * 1000 * s / few.shape[0]
        same_milp = all(
            math.isclose(a, b, abs_tol=1e-6) for a, b in zip(milp_totals, engine_best, strict=False)
        )
        agree &= same_milp
        lines.append(
            f"  MILP (HiGHS) per scenario   {milp_ms:9.1f} ms  (timed on {few.shape[0]} scenarios, scaled)"
            f"  engine is {milp_ms / engine_ms:,.0f}x faster"
        )
    else:
        lines.append("  MILP (HiGHS) per scenario   scipy not installed")
    lines.append(f"  same best total per scenario: {same_best}")
    lines.append(f"  same shares over {subset.shape[0]} scenarios: {same_shares}")
    return agree, lines


def single_row(args: argparse.Namespace, budget_per: float, scipy: bool) -> tuple[bool, list[str]]:
    lines = []
    agree = True
    m, k = 60, 5
    values, rules = problem(m, k, None, budget_per)
    engine_ms = median_ms(lambda: best_packages(values, k, **rules), args.repeat)
    result = best_packages(values, k, **rules)
    loop = Loop(m, k, rules)
    combinations = math.comb(m - len(rules["forced"]), k)
    stop = min(args.peer_combinations, combinations)
    start = time.perf_counter()
    for members in loop.packages(stop):
        loop.total(values, members)
    loop_ms = (time.perf_counter() - start) * 1000 * combinations / stop
    lines.append(f"m={m}, k={k}, one row, budget {budget_per:g} per pick:")
    lines.append(f"  {result.feasible:,} feasible packages of {combinations:,} combinations")
    lines.append(f"  engine                      {engine_ms:9.1f} ms")
    lines.append(
        f"  itertools loop              {loop_ms:9.1f} ms  (timed on the first {stop:,} combinations, scaled)"
        f"  engine is {loop_ms / engine_ms:,.0f}x faster"
    )
    if scipy:
        start = time.perf_counter()
        milp_total = milp_best(values, k, rules)
        milp_ms = (time.perf_counter() - start) * 1000
        same = math.isclose(milp_total, result.packages[0].total, abs_tol=1e-6)
        agree &= same
        lines.append(
            f"  MILP (HiGHS)                {milp_ms:9.1f} ms  engine is {milp_ms / engine_ms:,.1f}x faster"
        )
        lines.append(f"  same best total as the MILP: {same} ({result.packages[0].total:.6f})")
    else:
        lines.append("  MILP (HiGHS)                scipy not installed")
    return agree, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--peer-scenarios", type=int, default=200)
    parser.add_argument("--milp-scenarios", type=int, default=50)
    parser.add_argument("--peer-combinations", type=int, default=200_000)
    args = parser.parse_args()
    scipy = have_scipy()
    lines = []
    agree = True

    # -- m = 15, k = 3, 10,000 scenarios: the seeded budget, and one that keeps nearly every package --
    for budget_per in (5.0, 10.0):
        ok, more = many_rows(args, budget_per, scipy)
        agree &= ok
        lines.extend(more)

    # -- m = 60, k = 5, one row: the budget of the seeded problem, and one that keeps nearly every package --
    for budget_per in (5.0, 10.0):
        ok, more = single_row(args, budget_per, scipy)
        agree &= ok
        lines.extend(more)
    print("\n".join(lines))
    print("all methods agree on the best total" if agree else "METHODS DISAGREE")
    return 0 if agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
