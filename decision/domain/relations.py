"""The rules for relations between koppelkansen and for the package settings.

One function, :func:`relation_problems`, says everything that is wrong with a
workshop's ``relations`` and ``package``. The workshop file refuses a file with
any of these problems (naming the place), and the operations that change
relations, flags or settings refuse a change that would bring one in, so a file
and a screen refuse the same things.

Each problem names its place as the workshop file's key path (``samenhang[2].naar``,
``pakket.omvang``; list positions count from 1, as a user counts), a catalog key
(``problem.<key>`` for a file, ``error.<key>`` for an operation) and its parameters.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from decision.domain.model import (
    DEFAULT_PAIR_POINTS,
    PACKAGE_SIZES,
    PackageSettings,
    Relation,
    RelationKind,
    Workshop,
)

RELATIONS_KEY = "samenhang"
PACKAGE_KEY = "pakket"
# The file's words for a relation's fields and the package's settings, for the paths.
RELATION_FIELD_KEYS = {
    "source": "van",
    "target": "naar",
    "kind": "soort",
    "note": "toelichting",
    "points": "punten",
}
PACKAGE_FIELD_KEYS = {
    "size": "omvang", "budget": "meerkosten_max", "cost_basis": "meerkosten_op",
    "per_party": "per_partij", "per_year": "per_jaar", "include": "altijd", "exclude": "nooit",
}  # fmt: skip


@dataclass(frozen=True)
class RelationProblem:
    """One thing wrong: where (the file's key path), what (a catalog key) and its values."""

    path: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def in_package(self) -> bool:
        """Whether the problem is in the package settings rather than the relations."""
        return self.path.startswith(PACKAGE_KEY)


def relation_label(r: Relation) -> str:
    """A relation as a message names it: ``K02 voorwaarde K01``."""
    kind = r.kind.value if isinstance(r.kind, RelationKind) else str(r.kind)
    return f"{r.source} {kind} {r.target}"


def relation_identity(r: Relation) -> Hashable:
    """What makes two relations the same one: the kind and the pair (ordered only for voorwaarde)."""
    if r.kind is RelationKind.REQUIRES:
        return (r.kind, r.source, r.target)
    return (r.kind, r.pair)


KINDS_ALLOWED = ", ".join(k.value for k in RelationKind)


def _relation_path(index: int, attr: str = "") -> str:
    base = f"{RELATIONS_KEY}[{index + 1}]"
    return f"{base}.{RELATION_FIELD_KEYS[attr]}" if attr else base


def _package_path(attr: str, index: int | None = None) -> str:
    base = f"{PACKAGE_KEY}.{PACKAGE_FIELD_KEYS[attr]}"
    return base if index is None else f"{base}[{index + 1}]"


def relation_problems(w: Workshop) -> list[RelationProblem]:
    """Everything wrong with the workshop's relations and package settings (empty: all fine)."""
    return [*_relation_list_problems(w), *_package_problems(w.package, w)]


def _relation_list_problems(w: Workshop) -> list[RelationProblem]:
    kans_ids = set(w.kans_ids)
    out: list[RelationProblem] = []
    seen: dict[Hashable, int] = {}
    usable: list[tuple[int, Relation]] = []  # relations between two different, existing koppelkansen
    for i, r in enumerate(w.relations):
        label = {"relation": relation_label(r)}
        broken = False
        for attr in ("source", "target"):
            value = getattr(r, attr)
            if value not in kans_ids:
                out.append(
                    RelationProblem(
                        _relation_path(i, attr), "relation_unknown_kans", {**label, "value": value}
                    )
                )
                broken = True
        if not broken and r.source == r.target:
            out.append(
                RelationProblem(_relation_path(i, "target"), "relation_self", {**label, "value": r.source})
            )
            broken = True
        if not isinstance(r.kind, RelationKind):
            out.append(
                RelationProblem(
                    _relation_path(i, "kind"),
                    "relation_kind",
                    {**label, "value": r.kind, "allowed": KINDS_ALLOWED},
                )
            )
            continue
        if r.points is not None:
            if r.kind not in DEFAULT_PAIR_POINTS:
                with_bonus = ", ".join(k.value for k in DEFAULT_PAIR_POINTS)
                out.append(
                    RelationProblem(
                        _relation_path(i, "points"),
                        "relation_points_kind",
                        {**label, "kind": r.kind.value, "allowed": with_bonus},
                    )
                )
            elif not math.isfinite(float(r.points)):
                out.append(
                    RelationProblem(
                        _relation_path(i, "points"),
                        "relation_points_finite",
                        {**label, "value": f"{r.points}"},
                    )
                )
        identity = relation_identity(r)
        if identity in seen:
            out.append(
                RelationProblem(
                    _relation_path(i), "relation_duplicate", {**label, "first": seen[identity] + 1}
                )
            )
            continue
        seen[identity] = i
        if not broken:
            usable.append((i, r))
    out.extend(_requires_problems(usable))
    return out


def _requires_problems(relations: list[tuple[int, Relation]]) -> list[RelationProblem]:
    """Voorwaarde both ways, a voorwaarde cycle, and a pair that both needs and excludes."""
    out: list[RelationProblem] = []
    requires = {(r.source, r.target): i for i, r in relations if r.kind is RelationKind.REQUIRES}
    excludes = {r.pair: i for i, r in relations if r.kind is RelationKind.EXCLUDES}
    both_ways: set[tuple[str, str]] = set()
    for (a, b), i in requires.items():
        j = requires.get((b, a))
        if j is not None and j < i:  # named once, at the second of the two
            both_ways |= {(a, b), (b, a)}
            out.append(
                RelationProblem(
                    _relation_path(i),
                    "relation_requires_both_ways",
                    {"relation": f"{a} voorwaarde {b}", "first": j + 1},
                )
            )
    for (a, b), i in requires.items():
        j = excludes.get(frozenset((a, b)))
        if j is not None:
            later = max(i, j)
            out.append(
                RelationProblem(
                    _relation_path(later),
                    "relation_requires_excludes",
                    {"relation": f"{a} voorwaarde {b}", "a": a, "b": b},
                )
            )
    # A longer cycle (K01 needs K02 needs K03 needs K01): no package can ever hold one of them.
    graph: dict[str, list[str]] = {}
    for a, b in requires:
        if (a, b) not in both_ways:
            graph.setdefault(a, []).append(b)
    cycle = _find_cycle(graph)
    if cycle:
        closing = requires[(cycle[-2], cycle[-1])]
        out.append(
            RelationProblem(
                _relation_path(closing),
                "relation_requires_cycle",
                {"relation": " → ".join(cycle), "cycle": " → ".join(cycle)},
            )
        )
    return out


def _find_cycle(graph: dict[str, list[str]]) -> list[str]:
    """One cycle in a directed graph as ``[a, b, ..., a]``, or [] when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        state[node] = 2
        path.pop()
        return []

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return []


def _package_problems(p: PackageSettings, w: Workshop) -> list[RelationProblem]:
    out: list[RelationProblem] = []
    if p.size not in PACKAGE_SIZES:
        out.append(
            RelationProblem(
                _package_path("size"),
                "package_size",
                {
                    "setting": "omvang",
                    "value": p.size,
                    "low": PACKAGE_SIZES.start,
                    "high": PACKAGE_SIZES.stop - 1,
                },
            )
        )
    if p.budget is not None and not (math.isfinite(p.budget) and p.budget >= 0):
        out.append(
            RelationProblem(
                _package_path("budget"),
                "package_budget",
                {"setting": "meerkosten_max", "value": f"{p.budget:g}"},
            )
        )
    for attr in ("per_party", "per_year"):
        value = getattr(p, attr)
        if value is not None and value < 1:
            key = PACKAGE_FIELD_KEYS[attr]
            out.append(RelationProblem(_package_path(attr), "package_cap", {"setting": key, "value": value}))
    kans_ids = set(w.kans_ids)
    essential = {k.id for k in w.kansen if k.essential}
    for attr in ("include", "exclude"):
        for j, kid in enumerate(getattr(p, attr)):
            if kid not in kans_ids:
                setting = PACKAGE_FIELD_KEYS[attr]
                out.append(
                    RelationProblem(
                        _package_path(attr, j), "package_unknown_kans", {"setting": setting, "value": kid}
                    )
                )
    for j, kid in enumerate(p.exclude):
        if kid in p.include:
            out.append(
                RelationProblem(
                    _package_path("exclude", j), "package_both", {"setting": "nooit", "value": kid}
                )
            )
        elif kid in essential:
            out.append(
                RelationProblem(
                    _package_path("exclude", j),
                    "package_exclude_essential",
                    {"setting": "nooit", "value": kid},
                )
            )
    return out
