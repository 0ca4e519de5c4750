"""Presentation mode and feedback, as the facilitator uses them: one section per screen with
Vorige / Volgende, the controls folded into "Instellingen", every chart drawn for the
screens it may land on, a toast after each save and undo, and an undo button that keeps
its place."""

from __future__ import annotations

import json

from tests.conftest import protect
from ui.catalog import t
from ui.figures import PAGE_VARIANTS, PROJECTOR_VARIANTS
from ui.presentation import nav_key

SECTIONS = ["top", "table", "contributions", "profile", "value", "heatmap", "discuss", "methods"]


def chart_heights(at) -> dict[str, int]:
    return {c.key: json.loads(c.proto.spec)["layout"]["height"] for c in at.get("plotly_chart")}


def expander(at, key: str):
    return next(e for e in at.expander if e.label == t(key, "nl"))


def test_presentation_shows_one_section_at_a_time(app, wid):
    at = app("resultaten", wid, presentation=True)
    assert not at.exception
    assert at.segmented_control(key="slide").value == "top"
    assert at.segmented_control(key="slide").options == [t(f"results.section_{s}", "nl") for s in SECTIONS]
    assert len(at.metric) == 3 and not at.dataframe and not at.tabs and not at.get("plotly_chart")

    at.segmented_control(key="slide").set_value("table").run()
    assert not at.exception
    assert len(at.dataframe) == 1, "the projector gets the full table only, no phone copy"
    assert not at.metric and not at.get("plotly_chart")

    at.segmented_control(key="slide").set_value("heatmap").run()
    assert not at.dataframe and not at.metric
    assert set(chart_heights(at)) == {"heatmap_chart", "heatmap_chart_tall"}
    assert t("ronde.discuss_first", "nl") not in [h.value for h in at.subheader], "on a screen of its own"

    # the cells to discuss first come next, as text, without the facilitator's note fields
    at.segmented_control(key="slide").set_value("discuss").run()
    assert not at.exception and not at.get("plotly_chart")
    assert [h.value for h in at.subheader] == [t("ronde.discuss_first", "nl")]
    assert not at.text_input


def test_volgende_and_vorige_step_through_the_sections(app, wid):
    at = app("resultaten", wid, presentation=True)
    previous, following = at.button(key=nav_key("slide", "prev")), at.button(key=nav_key("slide", "next"))
    assert previous.label == t("presentation.previous", "nl") and following.label == t(
        "presentation.next", "nl"
    )
    assert previous.disabled and not following.disabled, "nothing before the first section"
    seen = [at.segmented_control(key="slide").value]
    for _ in SECTIONS[1:]:
        at.button(key=nav_key("slide", "next")).click().run()
        assert not at.exception
        seen.append(at.segmented_control(key="slide").value)
    assert seen == SECTIONS
    assert at.button(key=nav_key("slide", "next")).disabled, "nothing after the last section"
    at.button(key=nav_key("slide", "prev")).click().run()
    assert at.session_state["slide"] == "discuss"
    assert not at.button(key=nav_key("slide", "next")).disabled


def test_a_section_named_by_an_old_link_falls_back_to_the_first(app, wid):
    at = app("resultaten", wid, presentation=True, slide="no-such-section")
    assert not at.exception
    assert at.session_state["slide"] == "top" and len(at.metric) == 3


def test_the_controls_fold_into_a_collapsed_settings_expander(app, wid):
    at = app("resultaten", wid, presentation=True)
    settings = expander(at, "presentation.settings")
    assert settings.proto.expanded is False
    inside = {w.key for w in settings.get("segmented_control")}
    assert {"method", "aggregation"} <= inside
    # still working from inside it: TOPSIS changes the method the slides are drawn with
    at.segmented_control(key="method").set_value("topsis").run()
    assert not at.exception and at.session_state["method"] == "topsis"


def test_outside_presentation_the_controls_are_on_the_page(app, wid):
    at = app("resultaten", wid)
    assert not [e for e in at.expander if e.label == t("presentation.settings", "nl")]
    assert at.segmented_control(key="method").value == "wsm"
    assert not [b for b in at.button if b.key and "__slide_" in b.key]


def test_the_projector_charts_take_the_heights_of_both_screens(app, wid):
    at = app("resultaten", wid, presentation=True, slide="contributions")
    heights = chart_heights(at)
    assert heights == {
        "contributions_chart": PROJECTOR_VARIANTS["short"]["height"],
        "contributions_chart_tall": PROJECTOR_VARIANTS["tall"]["height"],
    }


def test_each_page_chart_is_drawn_for_a_wide_screen_and_for_a_phone(app, wid):
    at = app("resultaten", wid)
    keys = set(chart_heights(at))
    assert len(PAGE_VARIANTS) == 2
    for kind in ("contributions", "profile", "value", "heatmap", "method"):
        assert {f"{kind}_chart", f"{kind}_chart_narrow"} <= keys
    narrow = json.loads(next(c for c in at.get("plotly_chart") if c.key == "heatmap_chart_narrow").proto.spec)
    wide = json.loads(next(c for c in at.get("plotly_chart") if c.key == "heatmap_chart").proto.spec)
    assert narrow["layout"]["font"]["size"] < wide["layout"]["font"]["size"]


def test_the_phone_gets_a_compact_ranking_with_the_score(app, wid):
    at = app("resultaten", wid)
    compact = at.dataframe[1].value
    assert list(compact.columns) == [
        t("results.col_rank_short", "nl"),
        t("kans.name", "nl"),
        t("results.score", "nl"),
    ]
    assert list(compact[t("results.score", "nl")]) == list(at.dataframe[0].value[t("results.score", "nl")])


def test_sensitivity_in_presentation_shows_the_sentences_first(app, wid):
    at = app("gevoeligheid", wid, presentation=True)
    assert not at.exception
    assert at.session_state["gv_slide"] == "firmness"
    assert at.markdown and all(m.value.startswith("- ") for m in at.markdown if m.value.startswith("- "))
    assert not at.get("plotly_chart") and not at.dataframe
    settings = expander(at, "presentation.settings")
    assert "gv_method" in {w.key for w in settings.get("segmented_control")}
    at.button(key=nav_key("gv_slide", "next")).click().run()
    assert not at.exception
    assert set(chart_heights(at)) == {"gv_topk", "gv_topk_tall"}


def test_besluit_in_presentation_shows_the_top_three(app, wid):
    at = app("besluit", wid, presentation=True)
    assert not at.exception
    assert len(at.metric) == 3, "the top three as cards, for the room"


# -- feedback -------------------------------------------------------------------------


def test_a_save_is_confirmed_with_a_toast_and_undo_with_another(app, wid, saved, example):
    at = app("besluit", wid)
    assert not at.toast
    at.button(key="adopt").click().run()
    assert [x.value for x in at.toast] == [t("feedback.saved", "nl")]
    at.run()
    assert not at.toast, "shown once, not again on the next run"
    at.button(key="undo").click().run()
    assert [x.value for x in at.toast] == [t("feedback.undone", "nl")]
    assert saved(wid) == example


def test_a_refused_save_has_no_toast(app, wid, store, saved, example):
    at = app("besluit", wid)
    protect(store, wid)  # someone sets a PIN meanwhile: this window may no longer write
    at.button(key="adopt").click().run()
    assert not at.exception
    assert not at.toast, "nothing was saved, so nothing is confirmed"
    assert saved(wid) == example


def test_the_undo_button_is_always_there_and_disabled_until_a_save(app, wid):
    at = app("besluit", wid)
    undo = at.button(key="undo")
    assert undo.label == t("layout.undo", "nl") and undo.disabled
    at.button(key="adopt").click().run()
    assert not at.button(key="undo").disabled
