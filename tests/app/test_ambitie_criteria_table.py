"""Ambitie: a new criterion row in the table does not vanish for want of a direction.

The grid holds a new row back until every *required* cell is filled; "Richting" was
required, so a row typed without choosing it vanished. It now defaults to
"hoger-is-beter", and its help says so; the weight column refuses nothing silently.
"""

from __future__ import annotations

import json

from decision.domain.model import Direction
from decision.files.tables import apply_edits, criteria_frame, criteria_from_frame
from ui.catalog import t


def criteria_columns(at) -> dict:
    [table] = [d for d in at.data_editor if (d.key or "").startswith("criteria_")]
    assert table.editing_mode == "dynamic", "rows are added in the table itself"
    return json.loads(table.proto.columns)


def test_a_new_row_is_higher_is_better_until_chosen_and_the_help_says_so(app, wid):
    columns = criteria_columns(app("ambitie", wid))
    direction = columns["richting"]
    assert direction["default"] == "hoger-is-beter"
    assert not direction.get("required"), "a required cell holds the new row back"
    assert direction["help"] == t("ambitie.direction_help", "nl")
    assert t("direction.hoger-is-beter", "nl").lower() in direction["help"], "the help names it by its label"
    # the file's words stay the values; the grid shows words a person reads
    assert direction["type_config"]["options"] == [
        {"value": "hoger-is-beter", "label": t("direction.hoger-is-beter", "nl")},
        {"value": "lager-is-beter", "label": t("direction.lager-is-beter", "nl")},
    ]


def test_the_weight_column_has_no_silent_minimum(app, wid):
    weight = criteria_columns(app("ambitie", wid, lang="en"))["gewicht"]
    assert "min" not in weight["type_config"], "the grid would refuse a negative weight without a word"
    assert weight["help"] == t("ambitie.weight_help", "en")


def test_a_row_added_with_only_a_name_becomes_a_benefit_criterion(example):
    frame = apply_edits(criteria_frame(example), {"added_rows": [{"label_nl": "Draagvlak bij ondernemers"}]})
    new = criteria_from_frame(frame, example.criteria)[-1]
    assert (new.label.nl, new.direction) == ("Draagvlak bij ondernemers", Direction.BENEFIT)
