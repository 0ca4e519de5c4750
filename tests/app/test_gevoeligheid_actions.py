"""Gevoeligheid: trying other weights, saving them, and going back to the stored ones.

The sliders are a trial: nothing is stored until "Deze weging opslaan"; saving
stores exactly the slider values as direct weights and writes them to the
besluitlog; "Terug naar de opgeslagen weging" puts the sliders back. The sliders
always add up to 100: the one moved stays, the others move along.
"""

from __future__ import annotations

import pytest

from decision.domain.model import WeightMethod
from ui.catalog import t

IDS = ["wensen", "kosten", "tijd", "risico", "ambitie"]  # the example's criteria, in order
STORED = {"wensen": 25, "kosten": 20, "tijd": 15, "risico": 15, "ambitie": 25}  # they add up to 100


def sliders(at) -> dict[str, int]:
    return {cid: at.slider(key=f"gv_{cid}").value for cid in IDS}


def slide(at, **values: int):
    """Move the sliders one after the other, as a person does."""
    for cid, value in values.items():
        at.slider(key=f"gv_{cid}").set_value(value).run()
    return at


def weights(w) -> dict[str, float]:
    return {c.id: c.weight for c in w.criteria}


def test_the_sliders_start_at_the_stored_weights(app, wid, saved):
    assert weights(saved(wid)) == STORED
    at = app("gevoeligheid", wid)
    assert not at.exception
    assert sliders(at) == STORED


def test_nothing_is_stored_before_save(app, wid, saved, store):
    before, log_before = saved(wid), len(store.log.entries(wid))
    at = slide(app("gevoeligheid", wid), wensen=60, kosten=5)
    assert not at.exception
    assert sliders(at)["kosten"] == 5 and sum(sliders(at).values()) == 100
    assert saved(wid) == before
    assert len(store.log.entries(wid)) == log_before
    assert t("sens.saved", "nl") not in at.success.values


def test_saving_stores_exactly_the_slider_weights_and_logs_them(app, wid, saved, store):
    before, log_before = saved(wid), len(store.log.entries(wid))
    at = slide(app("gevoeligheid", wid), wensen=35, kosten=10, tijd=17)
    trial = sliders(at)
    assert trial["tijd"] == 17 and sum(trial.values()) == 100
    at.button(key="gv_save").click().run()
    assert not at.exception
    assert t("sens.saved", "nl") in at.success.values
    w = saved(wid)
    assert weights(w) == trial, "the slider values themselves, not rescaled"
    assert w.weight_method == WeightMethod.DIRECT
    assert dict(w.weight_inputs) == {"procenten": trial}
    assert w.scores == before.scores, "saving weights leaves the scores alone"
    new = store.log.entries(wid)[: len(store.log.entries(wid)) - log_before]
    labels = {c.id: c.label.nl for c in w.criteria}
    logged = {e.detail["criterion"]: (e.detail["old"], e.detail["new"]) for e in new if e.action == "weight"}
    # every criterion's share changed, and each is logged
    changed = [cid for cid in IDS if trial[cid] != STORED[cid]]
    assert logged == {labels[cid]: (float(STORED[cid]), float(trial[cid])) for cid in changed}
    assert {e.actor for e in new} == {""}, "no name given: no (Dutch) word stored as the actor"
    assert sliders(at) == trial, "the sliders stay where the facilitator put them"


def test_reset_brings_the_sliders_back_to_the_stored_weights(app, wid, saved):
    before = saved(wid)
    at = slide(app("gevoeligheid", wid), wensen=80, ambitie=0)
    at.button(key="gv_reset").click().run()
    assert not at.exception
    assert sliders(at) == STORED
    assert saved(wid) == before, "reset stores nothing"


def test_reset_after_saving_goes_back_to_the_saved_weights(app, wid):
    at = slide(app("gevoeligheid", wid), wensen=40)  # the others share 60: 16, 12, 12, 20
    at.button(key="gv_save").click().run()
    slide(at, tijd=50, risico=0)
    at.button(key="gv_reset").click().run()
    assert sliders(at) == {"wensen": 40, "kosten": 16, "tijd": 12, "risico": 12, "ambitie": 20}


def test_the_sliders_cannot_all_reach_zero(app, wid, saved):
    at = slide(app("gevoeligheid", wid), wensen=0, kosten=0, tijd=0, risico=0)
    assert not at.exception
    assert sliders(at) == {"wensen": 0, "kosten": 0, "tijd": 0, "risico": 0, "ambitie": 100}
    slide(at, ambitie=0)  # the others weigh nothing: they share the 100 evenly
    assert sliders(at) == {"wensen": 25, "kosten": 25, "tijd": 25, "risico": 25, "ambitie": 0}
    assert t("weights.all_zero", "nl") not in at.warning.values


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_weight_buttons_speak_both_languages(app, wid, lang):
    at = app("gevoeligheid", wid, lang=lang)
    assert at.button(key="gv_save").label == t("sens.save", lang)
    assert at.button(key="gv_reset").label == t("sens.reset", lang)
