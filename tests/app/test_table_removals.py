"""Deleting a row in the inventory, participant or criteria table takes its scores with it.

AppTest cannot type into ``st.data_editor``; :func:`edit_table` sends the change
record the browser would send (edited, added and deleted rows) as the editor's
widget state, so the page's own ``on_change`` runs, as after a real edit.
"""

from __future__ import annotations

import json

from streamlit.proto.WidgetStates_pb2 import WidgetState

from decision.domain.model import WeightMethod
from decision.domain.operations import weigh


def edit_table(at, name: str, *, deleted=(), edited=None, added=()):
    """Send a data editor change record to the table whose key starts with ``name``."""
    editor = next(e for e in at.data_editor if e.key.startswith(f"{name}_"))
    record = {"edited_rows": edited or {}, "added_rows": list(added), "deleted_rows": list(deleted)}
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=editor.proto.id, string_value=json.dumps(record)))
    return at._run(states)


def test_deleting_a_koppelkans_row_drops_its_scores_and_no_others(app, wid, saved):
    before = saved(wid)
    gone = before.kans_ids[1]
    assert any(key[1] == gone for key in before.scores)
    at = edit_table(app("koppelkansen", wid), "kansen", deleted=[1])
    assert not at.exception
    after = saved(wid)
    assert gone not in after.kans_ids and len(after.kansen) == len(before.kansen) - 1
    assert dict(after.scores) == {k: v for k, v in before.scores.items() if k[1] != gone}


def test_a_koppelkans_id_edited_in_the_table_loses_the_old_ids_scores(app, wid, saved):
    before = saved(wid)
    old = before.kans_ids[0]
    at = edit_table(app("koppelkansen", wid), "kansen", edited={"0": {"id": "K99"}})
    assert not at.exception
    after = saved(wid)
    assert after.kans_ids[0] == "K99"
    assert not [key for key in after.scores if key[1] in {old, "K99"}]
    assert dict(after.scores) == {k: v for k, v in before.scores.items() if k[1] != old}


def test_deleting_a_participant_row_drops_their_scores(app, wid, saved):
    before = saved(wid)
    gone = before.participant_ids[0]
    at = edit_table(app("scoren", wid), "participants", deleted=[0])
    assert not at.exception
    after = saved(wid)
    assert after.participant_ids == before.participant_ids[1:]
    assert dict(after.scores) == {k: v for k, v in before.scores.items() if k[0] != gone}


def test_deleting_a_criterion_row_drops_its_scores_and_its_rank(app, wid, saved, store):
    ids = saved(wid).criterion_ids
    ranked = {cid: rank for rank, cid in enumerate(ids, start=1)}
    store.workshops.save(
        wid, weigh(saved(wid), {}, WeightMethod.RANK, {"rangorde": ranked, "methode": "roc"}), base=None
    )
    before = saved(wid)
    at = edit_table(app("ambitie", wid), "criteria", deleted=[0])
    assert not at.exception
    after = saved(wid)
    assert after.criterion_ids == ids[1:]
    assert dict(after.scores) == {k: v for k, v in before.scores.items() if k[2] != ids[0]}
    assert after.weight_inputs["rangorde"] == {cid: rank for rank, cid in enumerate(ids[1:], start=1)}
