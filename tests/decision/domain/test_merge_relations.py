"""The three-way merge of relations and package settings: two facilitators, one base version.

Relations merge as a set (each relation on its own), package settings field by
field; what both sides changed differently is a conflict named in words.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.domain.merge import MISSING, find_conflicts, merge_workshops
from decision.domain.model import CostBasis, Relation, RelationKind, Workshop
from decision.domain.operations import add_relation, remove_kans, remove_relation, set_kans_flags
from decision.errors import ConflictError
from decision.files import paths
from decision.files.workshop_file import load_workshop

REQ, STR, SAME, COMP = (
    RelationKind.REQUIRES,
    RelationKind.STRENGTHENS,
    RelationKind.SAME_WORKS,
    RelationKind.COMPETES,
)


@pytest.fixture(scope="module")
def base() -> Workshop:
    return load_workshop(paths.EXAMPLE_WORKSHOP)


def _with_note(w: Workshop, source: str, target: str, kind: RelationKind, note: str) -> Workshop:
    return replace(
        w,
        relations=tuple(
            replace(r, note=note) if (r.source, r.target, r.kind) == (source, target, kind) else r
            for r in w.relations
        ),
    )


def test_an_addition_on_one_side_and_a_removal_on_the_other_both_stand(base):
    ours = add_relation(base, Relation("K07", "K08", STR, "samen bij het wijkcentrum"))
    theirs = remove_relation(base, "K10", "K14", COMP)
    merged = merge_workshops(base, ours, theirs)
    kinds = {(r.source, r.target, r.kind) for r in merged.relations}
    assert ("K07", "K08", STR) in kinds
    assert ("K10", "K14", COMP) not in kinds
    assert len(merged.relations) == len(base.relations)  # one in, one out, the rest kept


def test_both_adding_the_same_relation_keeps_one(base):
    ours = add_relation(base, Relation("K07", "K08", STR))
    theirs = add_relation(base, Relation("K08", "K07", STR))  # undirected: the same relation
    merged = merge_workshops(base, ours, theirs)
    assert sum(1 for r in merged.relations if r.pair == frozenset({"K07", "K08"})) == 1


def test_the_same_relation_changed_differently_on_both_sides_is_a_conflict(base):
    ours = _with_note(base, "K02", "K01", REQ, "de sleuf eerst")
    theirs = _with_note(base, "K02", "K01", REQ, "het warmtenet eerst")
    [conflict] = find_conflicts(base, ours, theirs)
    assert (conflict.kind, conflict.ours.note, conflict.theirs.note) == (
        "relation",
        "de sleuf eerst",
        "het warmtenet eerst",
    )
    with pytest.raises(ConflictError) as caught:
        merge_workshops(base, ours, theirs)
    assert caught.value.fields == ("samenhang K02 voorwaarde K01",)
    assert conflict.label("en") == "relation K02 voorwaarde K01"


def test_a_relation_changed_on_one_side_and_removed_on_the_other_is_a_conflict(base):
    ours = _with_note(base, "K10", "K14", COMP, "ook dezelfde aannemer")
    theirs = remove_relation(base, "K14", "K10", COMP)
    [conflict] = find_conflicts(base, ours, theirs)
    assert conflict.kind == "relation" and conflict.theirs is MISSING


def test_a_note_changed_on_one_side_merges_with_another_relation_added_on_the_other(base):
    ours = _with_note(base, "K02", "K01", REQ, "de sleuf eerst")
    theirs = add_relation(base, Relation("K05", "K09", STR))
    merged = merge_workshops(base, ours, theirs)
    assert next(r for r in merged.relations if r.kind is REQ).note == "de sleuf eerst"
    assert Relation("K05", "K09", STR) in merged.relations


def test_relations_of_a_koppelkans_deleted_on_the_other_side_go_with_it(base):
    ours = add_relation(base, Relation("K12", "K13", STR))
    theirs = remove_kans(base, "K12")
    merged = merge_workshops(base, ours, theirs)
    assert "K12" not in merged.kans_ids
    assert all("K12" not in r.pair for r in merged.relations)


def test_package_settings_merge_field_by_field(base):
    ours = replace(base, package=replace(base.package, budget=1_500_000.0))
    theirs = replace(base, package=replace(base.package, cost_basis=CostBasis.MIDPOINT, exclude=("K04",)))
    merged = merge_workshops(base, ours, theirs)
    assert (merged.package.budget, merged.package.cost_basis, merged.package.exclude) == (
        1_500_000.0, CostBasis.MIDPOINT, ("K04",),
    )  # fmt: skip
    assert merged.package.size == base.package.size


def test_the_same_package_setting_changed_differently_is_a_conflict_named_in_words(base):
    ours = replace(base, package=replace(base.package, budget=1_500_000.0))
    theirs = replace(base, package=replace(base.package, budget=900_000.0, size=4))
    with pytest.raises(ConflictError) as caught:
        merge_workshops(base, ours, theirs)
    assert caught.value.fields == ("pakket · meerkosten hoogstens",)


def test_a_package_entry_of_a_deleted_koppelkans_goes_with_it(base):
    ours = replace(base, package=replace(base.package, include=("K06", "K09")))
    theirs = remove_kans(base, "K09")
    assert merge_workshops(base, ours, theirs).package.include == ("K06",)


def test_a_trekker_and_a_flag_set_on_either_side_merge(base):
    ours = set_kans_flags(base, "K05", lead="Renovatieplatform")
    theirs = set_kans_flags(base, "K05", baseline=True)
    merged = merge_workshops(base, ours, theirs).kans("K05")
    assert (merged.lead, merged.baseline) == ("Renovatieplatform", True)
    other = set_kans_flags(base, "K05", lead="Gemeente")
    with pytest.raises(ConflictError) as caught:
        merge_workshops(base, ours, other)
    assert caught.value.fields == ("koppelkans K05 · trekker",)


def test_two_voorwaarden_that_merge_one_by_one_but_not_together_are_a_conflict(base):
    # each side's edit holds; together K05 and K09 would need each other, which no file can hold
    ours = add_relation(base, Relation("K05", "K09", REQ))
    theirs = add_relation(base, Relation("K09", "K05", REQ))
    with pytest.raises(ConflictError) as caught:
        merge_workshops(base, ours, theirs)
    # named by the relation this user added: what is stored stands, theirs comes first
    assert caught.value.fields == ("samenhang K05 voorwaarde K09",)


def test_never_on_one_side_and_randvoorwaardelijk_on_the_other_are_a_conflict(base):
    ours = replace(base, package=replace(base.package, exclude=("K04",)))
    theirs = set_kans_flags(base, "K04", essential=True)
    [conflict] = find_conflicts(base, ours, theirs)
    assert (conflict.kind, conflict.field, conflict.ours) == ("package", "exclude", ("K04",))
    assert conflict.label("nl") == "pakket · nooit in het pakket"
