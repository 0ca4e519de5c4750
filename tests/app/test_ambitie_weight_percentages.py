"""Ambitie: the criteria table shows each weight as the whole percentage the sliders show.

Weights from a ranking, AHP or a file need not be whole percentages; shown raw, the
table said 42.9 where the sliders and the chart said 43%. What a team relies on: the
table, the sliders and the chart read the same numbers; renaming a criterion does
not change any weight; typing a weight in the table works as its slider does.
"""

from __future__ import annotations

import json

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

from decision.domain.model import WeightMethod
from decision.domain.operations import weigh
from tests.conftest import protect
from ui.catalog import t

RAW = {"wensen": 1.0, "kosten": 1.0, "tijd": 1.0, "risico": 1.0, "ambitie": 3.0}
# 1/7 = 14.29% four times and 3/7 = 42.86%: whole percentages by largest remainder.
SHOWN = [15, 14, 14, 14, 43]


@pytest.fixture
def uneven(store, example) -> str:
    """The example workshop weighed 1:1:1:1:3, as a file or another method may leave it."""
    return store.workshops.create(weigh(example, RAW, WeightMethod.RANK, {}))


def edit_criteria(at, edited):
    """Send the change record the browser sends after typing in the criteria table."""
    editor = next(e for e in at.data_editor if e.key.startswith("criteria_"))
    record = {"edited_rows": edited, "added_rows": [], "deleted_rows": []}
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=editor.proto.id, string_value=json.dumps(record)))
    return at._run(states)


def table_weights(at) -> list[int]:
    [table] = [d for d in at.data_editor if (d.key or "").startswith("criteria_")]
    return table.value["gewicht"].tolist()


def weights(w) -> list[float]:
    return [c.weight for c in w.criteria]


def test_the_table_shows_the_percentages_the_sliders_show(app, uneven, store):
    at = app("ambitie", uneven)
    assert not at.exception
    assert table_weights(at) == SHOWN
    at.segmented_control(key="weight_method_choice").set_value(WeightMethod.DIRECT).run()
    sliders = [s.value for s in at.slider if (s.key or "").startswith("wd_")]
    assert sliders == SHOWN
    [table] = [d for d in at.data_editor if (d.key or "").startswith("criteria_")]
    weight = json.loads(table.proto.columns)["gewicht"]
    assert weight["type_config"]["format"] == "%d%%"


def test_renaming_a_criterion_keeps_every_weight_exactly(app, uneven, saved):
    at = edit_criteria(app("ambitie", uneven), {"0": {"label_nl": "Wensen van bewoners"}})
    assert not at.exception
    after = saved(uneven)
    assert after.criteria[0].label.nl == "Wensen van bewoners"
    assert weights(after) == list(RAW.values()), "a rename must not round the weights"
    assert after.weight_method is WeightMethod.RANK


def test_a_weight_typed_in_the_table_holds_and_the_others_move_along(app, uneven, saved):
    at = edit_criteria(app("ambitie", uneven), {"4": {"gewicht": 50}})
    assert not at.exception
    after = saved(uneven)
    assert weights(after)[4] == 50
    assert sum(weights(after)) == 100
    assert weights(after)[:4] == [13, 13, 12, 12], "the rest shared in proportion (1:1:1:1)"
    assert after.weight_method is WeightMethod.DIRECT
    assert table_weights(at) == [13, 13, 12, 12, 50]


def test_a_weight_above_100_is_refused_with_a_message(app, uneven, saved):
    at = edit_criteria(app("ambitie", uneven, lang="en"), {"1": {"gewicht": 150}})
    assert not at.exception
    assert weights(saved(uneven)) == list(RAW.values())
    assert at.error and "150" in at.error[0].value and "100" in at.error[0].value


def test_the_locked_table_during_a_round_shows_percentages_too(app, uneven, store):
    store.live.open_round(uneven, grant=protect(store, uneven))
    at = app("ambitie", uneven, unlocked=[uneven])
    assert not at.exception
    assert at.warning[0].value == t("ambitie.locked", "nl", n=1)
    [criteria] = [d.value for d in at.dataframe if "gewicht" in d.value.columns]
    assert criteria["gewicht"].tolist() == SHOWN
