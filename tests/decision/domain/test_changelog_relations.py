"""The besluitlog for relations, flags, trekkers and package settings (changelog and logview).

What a team relies on: afterwards it can read back when a relation was added or
dropped, when a koppelkans became randvoorwaardelijk, who became its trekker, and
how the package's cap changed, in Dutch or English.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.domain.changelog import Change, LogEntry, describe_changes
from decision.domain.model import PackageSettings, Relation, RelationKind, Workshop
from decision.domain.operations import (
    add_relation,
    remove_relation,
    set_kans_flags,
    set_package_settings,
)
from decision.files import paths
from decision.files.workshop_file import load_workshop
from decision.output.logview import KINDS, describe


@pytest.fixture(scope="module")
def base() -> Workshop:
    return load_workshop(paths.EXAMPLE_WORKSHOP)


def _entry(change: Change) -> LogEntry:
    return LogEntry(1, "2026-03-12T10:00:00.000+00:00", "Sanne", change.action, change.detail)


def _only(old: Workshop, new: Workshop) -> Change:
    [change] = describe_changes(old, new)
    return change


def test_a_relation_added_is_one_entry_with_its_note(base):
    new = add_relation(base, Relation("K07", "K08", RelationKind.STRENGTHENS, "samen bij het wijkcentrum"))
    change = _only(base, new)
    assert change == Change(
        "relation_added",
        {
            "source": "K07",
            "target": "K08",
            "kind": "versterkt",
            "note": "samen bij het wijkcentrum",
            "points": None,
        },
    )
    nl, en = describe(_entry(change), new, "nl"), describe(_entry(change), new, "en")
    assert (
        "K07 Buurtvervoer voor ouderen" in nl
        and "versterken elkaar" in nl
        and "samen bij het wijkcentrum" in nl
    )
    assert en.startswith("Relation added: K07 Buurtvervoer") and "strengthen each other" in en


def test_a_voorwaarde_removed_reads_which_needs_which(base):
    new = remove_relation(base, "K02", "K01", RelationKind.REQUIRES)
    change = _only(base, new)
    assert change.action == "relation_removed" and (change.detail["source"], change.detail["target"]) == (
        "K02",
        "K01",
    )
    text = describe(_entry(change), new, "nl")
    assert text.startswith("Samenhang verwijderd: K02 Klimaatadaptieve") and "heeft K01 Warmtenet" in text
    assert "K02 Klimaatadaptieve" in describe(_entry(change), new, "en").split("needs")[0]


def test_a_relation_with_other_points_is_changed_not_added_and_removed(base):
    new = replace(
        base,
        relations=tuple(
            replace(r, points=-12.0) if r.kind is RelationKind.COMPETES else r for r in base.relations
        ),
    )
    change = _only(base, new)
    assert change.action == "relation_changed" and change.detail["points"] == -12.0


def test_an_undirected_relation_read_the_other_way_round_is_no_change(base):
    flipped = tuple(
        replace(r, source=r.target, target=r.source) if r.kind is RelationKind.COMPETES else r
        for r in base.relations
    )
    assert describe_changes(base, replace(base, relations=flipped)) == []


def test_a_flag_set_and_cleared_are_entries_of_their_own(base):
    essential = set_kans_flags(base, "K01", essential=True)
    change = _only(base, essential)
    assert change == Change(
        "kans_flag_set", {"kans": "K01", "name": base.kans("K01").name, "flag": "essential"}
    )
    assert describe(_entry(change), essential, "nl").endswith("is nu randvoorwaardelijk")
    cleared = _only(essential, base)
    assert cleared.action == "kans_flag_cleared"
    assert describe(_entry(cleared), base, "en").endswith("is no longer a precondition")
    baseline = _only(base, set_kans_flags(base, "K09", baseline=True))
    assert baseline.detail["flag"] == "baseline"


def test_a_new_trekker_is_logged_with_before_and_after(base):
    new = set_kans_flags(base, "K01", lead="Warmtebedrijf")
    change = _only(base, new)
    assert change.action == "kans_lead"
    assert (change.detail["old"], change.detail["new"]) == (base.kans("K01").lead, "Warmtebedrijf")
    assert "'Warmtebedrijf'" in describe(_entry(change), new, "nl")


def test_package_settings_changed_are_one_entry_naming_each_setting(base):
    new = set_package_settings(base, replace(base.package, budget=1_500_000.0, exclude=("K04",)))
    change = _only(base, new)
    assert change.action == "package"
    assert change.detail["fields"] == ["budget", "exclude"]
    assert change.detail["old"] == {"budget": 1_250_000, "exclude": []}
    assert change.detail["new"] == {"budget": 1_500_000, "exclude": ["K04"]}
    assert (
        describe(_entry(change), new, "nl") == "Pakket gewijzigd: meerkosten hoogstens, nooit in het pakket"
    )
    assert describe(_entry(change), new, "en") == "Package changed: extra cost at most, never in the package"


def test_unchanged_relations_and_settings_give_no_entries(base):
    same = replace(base, relations=tuple(base.relations), package=PackageSettings(**vars(base.package)))
    assert describe_changes(base, same) == []


def test_the_entries_are_of_the_kind_relations():
    for action in ("relation_added", "relation_removed", "relation_changed", "package"):
        assert KINDS[action] == "relations"


def test_a_relation_without_a_note_reads_without_a_dangling_full_stop(base):
    new = add_relation(base, Relation("K07", "K08", RelationKind.EXCLUDES))
    text = describe(_entry(_only(base, new)), new, "nl")
    assert text.endswith("sluiten elkaar uit"), text
