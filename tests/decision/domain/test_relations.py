"""Relations between koppelkansen and package settings: one set of rules for a file and a screen.

What a team relies on: a relation or setting that would make packages impossible
or name nothing is refused with a message that says which one and why, whether it
comes from an uploaded workshop file or from the page where relations are edited.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from decision.domain.model import (
    CostBasis,
    PackageSettings,
    Relation,
    RelationKind,
    Workshop,
)
from decision.domain.operations import (
    add_relation,
    remove_criterion,
    remove_kans,
    remove_relation,
    set_kans_flags,
    set_package_settings,
)
from decision.domain.relations import relation_problems
from decision.errors import FileFormatError, InvalidInput, PackageSettingsError, RelationError
from decision.files import paths
from decision.files.workshop_file import dump_workshop, load_workshop, parse_workshop_bytes
from decision.text.catalog import CATALOG

REQ, STR, SAME, COMP, EXCL = (
    RelationKind.REQUIRES, RelationKind.STRENGTHENS, RelationKind.SAME_WORKS,
    RelationKind.COMPETES, RelationKind.EXCLUDES,
)  # fmt: skip


@pytest.fixture(scope="module")
def bare() -> Workshop:
    """The example without its relations and package settings."""
    return replace(load_workshop(paths.EXAMPLE_WORKSHOP), relations=(), package=PackageSettings())


# (relations, package, koppelkansen made randvoorwaardelijk) -> (path, catalog key)
RELATION_CASES = {
    "unknown target": ([Relation("K02", "K99", REQ)], "samenhang[1].naar", "relation_unknown_kans"),
    "unknown source": ([Relation("K99", "K01", SAME)], "samenhang[1].van", "relation_unknown_kans"),
    "with itself": ([Relation("K03", "K03", STR)], "samenhang[1].naar", "relation_self"),
    "same pair and kind, other order": (
        [Relation("K01", "K12", SAME), Relation("K12", "K01", SAME, note="nogmaals")],
        "samenhang[2]",
        "relation_duplicate",
    ),
    "same voorwaarde twice": (
        [Relation("K02", "K01", REQ), Relation("K02", "K01", REQ)],
        "samenhang[2]",
        "relation_duplicate",
    ),
    "voorwaarde both ways": (
        [Relation("K02", "K01", REQ), Relation("K01", "K02", REQ)],
        "samenhang[2]",
        "relation_requires_both_ways",
    ),
    "voorwaarde cycle": (
        [Relation("K01", "K02", REQ), Relation("K02", "K03", REQ), Relation("K03", "K01", REQ)],
        "samenhang[3]",
        "relation_requires_cycle",
    ),
    "voorwaarde and sluit_uit": (
        [Relation("K02", "K01", REQ), Relation("K01", "K02", EXCL)],
        "samenhang[2]",
        "relation_requires_excludes",
    ),
    "points on voorwaarde": (
        [Relation("K02", "K01", REQ, points=3.0)],
        "samenhang[1].punten",
        "relation_points_kind",
    ),
    "points on sluit_uit": (
        [Relation("K02", "K01", EXCL, points=-3.0)],
        "samenhang[1].punten",
        "relation_points_kind",
    ),
}
PACKAGE_CASES = {
    "size 0": (PackageSettings(size=0), (), "pakket.omvang", "package_size"),
    "size 8": (PackageSettings(size=8), (), "pakket.omvang", "package_size"),
    "negative cap": (PackageSettings(budget=-1.0), (), "pakket.meerkosten_max", "package_budget"),
    "per party 0": (PackageSettings(per_party=0), (), "pakket.per_partij", "package_cap"),
    "per year negative": (PackageSettings(per_year=-1), (), "pakket.per_jaar", "package_cap"),
    "unknown always": (
        PackageSettings(include=("K01", "K99")),
        (),
        "pakket.altijd[2]",
        "package_unknown_kans",
    ),
    "unknown never": (PackageSettings(exclude=("K99",)), (), "pakket.nooit[1]", "package_unknown_kans"),
    "always and never": (
        PackageSettings(include=("K05",), exclude=("K04", "K05")),
        (),
        "pakket.nooit[2]",
        "package_both",
    ),
    "randvoorwaardelijk never": (
        PackageSettings(exclude=("K01",)),
        ("K01",),
        "pakket.nooit[1]",
        "package_exclude_essential",
    ),
}


def _essential(w: Workshop, ids) -> Workshop:
    for kid in ids:
        w = w.with_kans(replace(w.kans(kid), essential=True))
    return w


@pytest.mark.parametrize("case", RELATION_CASES)
def test_a_wrong_relation_is_found_at_its_place(bare, case):
    relations, path, key = RELATION_CASES[case]
    problems = relation_problems(replace(bare, relations=tuple(relations)))
    assert [(p.path, p.key) for p in problems] == [(path, key)]


@pytest.mark.parametrize("case", PACKAGE_CASES)
def test_a_wrong_package_setting_is_found_at_its_place(bare, case):
    package, essential, path, key = PACKAGE_CASES[case]
    problems = relation_problems(_essential(replace(bare, package=package), essential))
    assert [(p.path, p.key) for p in problems] == [(path, key)]


@pytest.mark.parametrize("case", RELATION_CASES)
def test_a_file_and_the_operations_refuse_the_same_relation(bare, case):
    relations, path, key = RELATION_CASES[case]
    text = dump_workshop(replace(bare, relations=tuple(relations)))  # writing does not check
    with pytest.raises(FileFormatError) as in_file:
        parse_workshop_bytes(text.encode("utf-8"), "samenhang.yaml")
    assert (in_file.value.where, in_file.value.problem) == (path, key)
    w = bare
    for relation in relations[:-1]:
        w = add_relation(w, relation)  # everything before the last is fine on its own
    with pytest.raises(RelationError) as in_screen:
        add_relation(w, relations[-1])
    assert in_screen.value.key == key


@pytest.mark.parametrize("case", PACKAGE_CASES)
def test_a_file_and_the_operations_refuse_the_same_package(bare, case):
    package, essential, path, key = PACKAGE_CASES[case]
    flagged = _essential(bare, essential)
    text = dump_workshop(replace(flagged, package=package))
    with pytest.raises(FileFormatError) as in_file:
        parse_workshop_bytes(text.encode("utf-8"), "pakket.yaml")
    assert (in_file.value.where, in_file.value.problem) == (path, key)
    with pytest.raises(PackageSettingsError) as in_screen:
        set_package_settings(flagged, package)
    assert in_screen.value.key == key


def test_every_problem_has_a_dutch_and_english_text_for_a_file_and_for_a_screen():
    keys = {key for _, _, key in RELATION_CASES.values()} | {key for *_, key in PACKAGE_CASES.values()}
    keys |= {"relation_kind", "relation_points_finite"}
    for key in keys:
        for prefix in ("problem", "error"):
            nl, en = CATALOG[f"{prefix}.{key}"]
            assert nl and en and nl != en, f"{prefix}.{key}"


def test_the_cycle_is_named_in_full(bare):
    cycle = (Relation("K01", "K02", REQ), Relation("K02", "K03", REQ), Relation("K03", "K01", REQ))
    [problem] = relation_problems(replace(bare, relations=cycle))
    assert problem.params["cycle"] == "K01 → K02 → K03 → K01"


def test_an_unknown_kind_lists_the_kinds(bare):
    odd = Relation("K01", "K02", "hoort_bij")  # type: ignore[arg-type]  # what a careless caller passes
    [problem] = relation_problems(replace(bare, relations=(odd,)))
    assert (problem.path, problem.key) == ("samenhang[1].soort", "relation_kind")
    assert all(kind.value in problem.params["allowed"] for kind in RelationKind)


@pytest.mark.parametrize("points", [math.nan, math.inf, -math.inf])
def test_points_that_are_not_finite_are_refused(bare, points):
    with pytest.raises(RelationError) as caught:
        add_relation(bare, Relation("K01", "K02", STR, points=points))
    assert caught.value.key == "relation_points_finite"


def test_different_kinds_on_one_pair_are_allowed(bare):
    # the example's own story: K02 needs K01, and both are dug in the same trench
    w = add_relation(add_relation(bare, Relation("K02", "K01", REQ)), Relation("K01", "K02", SAME))
    assert relation_problems(w) == []
    assert [r.kind for r in w.relations] == [REQ, SAME]


def test_a_relation_is_added_without_touching_the_original(bare):
    w = add_relation(bare, Relation("K10", "K14", COMP, note="  zelfde budget  ", points=-8))
    assert w.relations == (Relation("K10", "K14", COMP, "zelfde budget", -8),)
    assert bare.relations == ()


def test_the_refusal_names_the_relation_in_both_languages(bare):
    w = add_relation(bare, Relation("K02", "K01", REQ))
    with pytest.raises(RelationError) as caught:
        add_relation(w, Relation("K01", "K02", REQ))
    assert isinstance(caught.value, InvalidInput)
    assert "K01 voorwaarde K02" in caught.value.localized("nl")
    assert "K01 voorwaarde K02" in caught.value.localized("en")


def test_an_undirected_relation_is_removed_by_either_order(bare):
    w = add_relation(add_relation(bare, Relation("K01", "K12", SAME)), Relation("K02", "K01", REQ))
    assert remove_relation(w, "K12", "K01", SAME).relations == (Relation("K02", "K01", REQ),)


def test_a_voorwaarde_is_removed_only_in_its_own_direction(bare):
    w = add_relation(bare, Relation("K02", "K01", REQ))
    with pytest.raises(RelationError) as caught:
        remove_relation(w, "K01", "K02", REQ)
    assert caught.value.key == "relation_not_found"
    assert remove_relation(w, "K02", "K01", REQ).relations == ()


def test_flags_and_trekker_are_set_and_left_alone_when_not_given(bare):
    w = set_kans_flags(bare, "K01", essential=True, lead="  Gemeente, team Riool  ")
    assert (w.kans("K01").essential, w.kans("K01").baseline, w.kans("K01").lead) == (
        True,
        False,
        "Gemeente, team Riool",
    )
    w = set_kans_flags(w, "K01", baseline=True)
    assert (w.kans("K01").essential, w.kans("K01").baseline, w.kans("K01").lead) == (
        True,
        True,
        "Gemeente, team Riool",
    )
    w = set_kans_flags(w, "K01", essential=False, lead="")
    assert (w.kans("K01").essential, w.kans("K01").lead) == (False, "")
    assert [k.id for k in w.kansen] == [k.id for k in bare.kansen]  # in place, not moved


def test_a_flag_for_an_unknown_koppelkans_is_refused(bare):
    with pytest.raises(RelationError) as caught:
        set_kans_flags(bare, "K99", essential=True)
    assert caught.value.key == "kans_not_found" and "K99" in caught.value.localized("nl")


def test_a_koppelkans_kept_out_cannot_become_randvoorwaardelijk(bare):
    w = set_package_settings(bare, PackageSettings(exclude=("K04",)))
    with pytest.raises(PackageSettingsError) as caught:
        set_kans_flags(w, "K04", essential=True)
    assert caught.value.key == "package_exclude_essential" and "K04" in caught.value.localized("en")


def test_package_settings_that_hold_are_stored(bare):
    settings = PackageSettings(4, 2_000_000.0, CostBasis.MIDPOINT, 2, 3, ("K06",), ("K04",))
    assert set_package_settings(bare, settings).package == settings


def test_removing_a_koppelkans_removes_its_relations_and_package_entries():
    w = load_workshop(paths.EXAMPLE_WORKSHOP)
    w = set_package_settings(w, replace(w.package, include=("K01", "K06"), exclude=("K14",)))
    assert any("K01" in r.pair for r in w.relations)
    after = remove_kans(w, "K01")
    assert all("K01" not in r.pair for r in after.relations)
    assert [r for r in w.relations if "K01" not in r.pair] == list(after.relations)
    assert (after.package.include, after.package.exclude) == (("K06",), ("K14",))
    w = set_package_settings(w, replace(w.package, include=(), exclude=("K01", "K14")))
    assert remove_kans(w, "K01").package.exclude == ("K14",)
    assert after.package.budget == w.package.budget
    assert relation_problems(after) == []


def test_removing_a_criterion_leaves_relations_alone():
    w = load_workshop(paths.EXAMPLE_WORKSHOP)
    assert remove_criterion(w, "tijd").relations == w.relations
