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


def _stale_notes(at) -> list[str]:
    return [
        c.value
        for c in at.caption
        if t("anchors.stale_en", "nl") in c.value or t("anchors.stale_nl", "nl") in c.value
    ]


def test_an_anchor_changed_in_one_language_says_the_other_is_still_old(app, wid, saved):
    at = app("ambitie", wid)
    assert _stale_notes(at) == [], "the example's texts match in both languages"
    anchor_field(at, "wensen", "3_nl").input("Een flink deel van de straat vraagt erom").run()
    assert _stale_notes(at) == [":material/translate: " + t("anchors.stale_en", "nl")]
    # saved: the English is still the set's old text, and the note stays
    at.button(key="anchors_wensen_save").click().run()
    assert saved(wid).criterion("wensen").scale.anchor(3, "nl") == "Een flink deel van de straat vraagt erom"
    assert _stale_notes(at) == [":material/translate: " + t("anchors.stale_en", "nl")]
    # the English written too: nothing is stale any more
    anchor_field(at, "wensen", "3_en").input("A good part of the street asks for it").run()
    assert _stale_notes(at) == []


def test_a_description_changed_in_english_only_names_the_dutch_as_old(app, wid):
    at = app("ambitie", wid)
    anchor_field(at, "kosten", "desc_en").input("Extra cost for the public parties.").run()
    assert _stale_notes(at) == [":material/translate: " + t("anchors.stale_nl", "nl")]
