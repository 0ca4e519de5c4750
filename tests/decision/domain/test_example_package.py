"""The example's relations and package cap tell the story the app shows: the top three is no package.

Kastanjehof's WSM ranking puts the herinrichting (K02) in its top three, but that
needs the warmtenet (K01), far down the ranking. With the meerkosten cap of the
example, the best packages of three are a cheap one without the warmtenet and one
built around it; the cap really excludes packages that would otherwise be among
the best. Totals are the WSM scores in points (0-100) plus the pair points of the
relations, as ``DEFAULT_PAIR_POINTS`` counts them.
"""

from __future__ import annotations

import numpy as np
import pytest

from decision.core.packages import PackageResult, best_packages
from decision.domain.analysis import rank_workshop
from decision.domain.model import CostBasis, RelationKind, Workshop
from decision.files import paths
from decision.files.workshop_file import load_workshop

WARMTENET = "K01"


@pytest.fixture(scope="module")
def example() -> Workshop:
    return load_workshop(paths.EXAMPLE_WORKSHOP)


def _packages(w: Workshop, *, budget: float | None, limit: int = 10) -> tuple[list[str], PackageResult]:
    ranking = rank_workshop(w, "wsm", "mean").table
    ids = list(w.kans_ids)
    score = dict(zip(ranking["id"], ranking["score"], strict=True))
    index = {kid: i for i, kid in enumerate(ids)}
    values = np.array([100 * score[kid] for kid in ids])
    assert w.package.cost_basis is CostBasis.HIGH
    costs = np.array([w.kans(kid).extra_cost.high for kid in ids])
    synergy = np.zeros((len(ids), len(ids)))
    requires, excludes = [], []
    for r in w.relations:
        a, b = index[r.source], index[r.target]
        if r.kind is RelationKind.REQUIRES:
            requires.append((a, b))
        elif r.kind is RelationKind.EXCLUDES:
            excludes.append((a, b))
        else:
            synergy[a, b] += r.pair_points
            synergy[b, a] += r.pair_points
    result = best_packages(
        values, w.package.size, costs=costs, budget=budget, requires=requires, excludes=excludes,
        synergy=synergy, limit=limit,
    )  # fmt: skip
    return ids, result


def _named(ids: list[str], result: PackageResult) -> list[frozenset[str]]:
    return [frozenset(ids[i] for i in p.members) for p in result.packages]


def test_the_example_has_every_kind_of_relation_but_sluit_uit_each_with_a_note(example):
    kinds = {r.kind for r in example.relations}
    assert kinds == set(RelationKind) - {RelationKind.EXCLUDES}
    assert all(r.note for r in example.relations)
    assert any(
        r.kind is RelationKind.REQUIRES and (r.source, r.target) == ("K02", WARMTENET)
        for r in example.relations
    )
    assert sum(bool(k.lead) for k in example.kansen) >= 3


def test_the_competing_pair_shares_a_party(example):
    [competing] = [r for r in example.relations if r.kind is RelationKind.COMPETES]
    assert set(example.kans(competing.source).parties) & set(example.kans(competing.target).parties)


def test_the_plain_top_three_is_no_package_because_the_warmtenet_is_missing(example):
    ranking = rank_workshop(example, "wsm", "mean").table
    top = frozenset(ranking["id"][:3])
    assert WARMTENET not in top
    ids, result = _packages(example, budget=example.package.budget, limit=10_000)
    assert top not in _named(ids, result)
    needed = {r.target for r in example.relations if r.kind is RelationKind.REQUIRES and r.source in top}
    assert needed - top == {WARMTENET}


def test_the_cap_binds_yet_leaves_packages_of_three(example):
    ids, capped = _packages(example, budget=example.package.budget, limit=10_000)
    _, free = _packages(example, budget=None, limit=10_000)
    assert 0 < capped.feasible < free.feasible
    best_free = _named(ids, free)[:5]
    assert set(best_free) - set(_named(ids, capped)), "the cap excludes one of the five best packages"
    costs = {k.id: k.extra_cost.high for k in example.kansen}
    assert all(sum(costs[k] for k in p) <= example.package.budget for p in _named(ids, capped))


def test_the_best_packages_include_one_without_and_one_with_the_warmtenet(example):
    ids, result = _packages(example, budget=example.package.budget, limit=3)
    best = _named(ids, result)
    assert WARMTENET not in best[0]
    assert any(WARMTENET in p and "K02" in p for p in best)
