"""Editing the list of stakeholder groups: renamed, added, removed; what pointed at a removed group goes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.domain.changelog import describe_changes
from decision.domain.model import DEFAULT_GROUPS, Participant
from decision.domain.operations import set_groups
from decision.errors import FileFormatError
from decision.files.tables import apply_edits, groups_frame, groups_from_frame


def test_a_rename_an_addition_and_a_removal():
    frame = groups_frame(DEFAULT_GROUPS)
    edits = {
        "edited_rows": {1: {"naam": "Gemeente Rivierstad"}},
        "deleted_rows": [5],  # waterschap
        "added_rows": [{"naam": "Huurdersvereniging", "naam_en": "Tenants' association"}],
    }
    groups = groups_from_frame(apply_edits(frame, edits), DEFAULT_GROUPS)
    assert [g.id for g in groups][:5] == [g.id for g in DEFAULT_GROUPS][:5]
    assert "waterschap" not in {g.id for g in groups}
    assert groups[1].label.nl == "Gemeente Rivierstad" and groups[1].id == "gemeente"
    new = groups[-1]
    assert (new.label.nl, new.label.en) == ("Huurdersvereniging", "Tenants' association")
    assert new.id not in {g.id for g in DEFAULT_GROUPS}, "a new group never takes an old one's id"


@pytest.mark.parametrize(
    ("edits", "problem"),
    [
        ({"edited_rows": {0: {"naam": "", "naam_en": "Residents"}}}, "empty"),
        ({"edited_rows": {2: {"naam": "gemeente"}}}, "duplicate"),
    ],
)
def test_a_group_without_a_name_or_with_anothers_name_is_refused_naming_the_row(edits, problem):
    with pytest.raises(FileFormatError) as refused:
        groups_from_frame(apply_edits(groups_frame(DEFAULT_GROUPS), edits), DEFAULT_GROUPS)
    assert refused.value.problem == problem
    row = next(iter(edits["edited_rows"])) + 1
    assert f"rij {row}" in refused.value.localized("nl")


def test_a_blank_added_row_is_left_out():
    edits = {"added_rows": [{"naam": None, "naam_en": None}]}
    assert (
        groups_from_frame(apply_edits(groups_frame(DEFAULT_GROUPS), edits), DEFAULT_GROUPS) == DEFAULT_GROUPS
    )


def test_removing_a_group_takes_its_members_and_weights_along(small_workshop):
    w = replace(
        small_workshop,
        participants=(
            Participant("anna", "Anna", "Projectleider", "gemeente"),
            Participant("bewoner", "", "Bewoner", "bewoners"),
        ),
        group_weights={"gemeente": {"wensen": 100.0}, "bewoners": {"risico": 100.0}},
    )
    kept = tuple(g for g in w.groups if g.id != "gemeente")
    after = set_groups(w, kept)
    assert [p.group for p in after.participants] == ["", "bewoners"]
    assert set(after.group_weights) == {"bewoners"}
    assert [c.action for c in describe_changes(w, after)].count("groups") == 1
