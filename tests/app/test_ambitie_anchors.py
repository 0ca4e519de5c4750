"""Ambitie: what each score means is saved with its button, and typing is kept until then."""

from __future__ import annotations

from ui.catalog import t


def anchor_field(at, criterion_id: str, field: str):
    [widget] = [
        w
        for kind in ("text_input", "text_area", "number_input")
        for w in at.get(kind)
        if (w.key or "").startswith(f"an_{criterion_id}_{field}_")
    ]
    return widget


def test_an_anchor_typed_survives_another_page_and_is_saved_with_the_button(app, wid, saved, example):
    at = app("ambitie", wid)
    anchor_field(at, "wensen", "3_nl").input("Een flink deel van de straat vraagt erom")
    at.switch_page("screens/koppelkansen.py").run()
    at.switch_page("screens/ambitie.py").run()
    assert not at.exception
    assert anchor_field(at, "wensen", "3_nl").value == "Een flink deel van de straat vraagt erom"
    assert saved(wid) == example, "not saved before the button"
    label = example.criterion("wensen").label.nl
    assert t("drafts.unsaved", "nl", what=t("anchors.unsaved_what", "nl", criterion=label)) in [
        w.value for w in at.warning
    ]
    at.button(key="anchors_wensen_save").click().run()
    assert saved(wid).criterion("wensen").scale.anchor(3, "nl") == "Een flink deel van de straat vraagt erom"
    assert anchor_field(at, "wensen", "3_nl").value == "Een flink deel van de straat vraagt erom"


def test_an_empty_anchor_is_refused_and_what_was_typed_stays(app, wid, saved, example):
    at = app("ambitie", wid)
    anchor_field(at, "wensen", "2_nl").input("   ")
    at.button(key="anchors_wensen_save").click().run()
    label = example.criterion("wensen").label.nl
    assert t("anchors.empty", "nl", criterion=label, level=2) in [e.value for e in at.error]
    assert saved(wid) == example
    assert anchor_field(at, "wensen", "2_nl").value == "   "
