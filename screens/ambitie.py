"""Ambitie & criteria: the shared ambition, the criteria and how much each weighs."""

from dataclasses import replace

import streamlit as st

from decision.domain.model import Workshop
from decision.domain.operations import apply_criteria_set, dropped_scores, replace_criteria
from decision.files.tables import criteria_frame, criteria_from_frame, themes_frame, themes_from_frame
from decision.output.charts import weights_bar
from ui import layout, state
from ui.anchors import anchors_editor
from ui.editors import saving_editor
from ui.figures import show
from ui.state import tr
from ui.text import md
from ui.weights import weights_section

w = layout.page("page.ambitie_title", "page.ambitie_intro")
lang = state.lang()

st.header(tr("ambitie.themes"), anchor=False)
st.caption(tr("ambitie.themes_help"))
saving_editor(
    "themes",
    themes_frame(w),
    lambda frame: replace(w, themes=themes_from_frame(frame, w.themes)),
    num_rows="dynamic",
    column_config={
        "id": st.column_config.TextColumn("ID", width="small", help=tr("ambitie.id_help")),
        "thema": st.column_config.TextColumn(tr("ambitie.col_theme"), width="medium", required=True),
        "doel": st.column_config.TextColumn(tr("ambitie.col_goal"), width="large"),
        "indicator": st.column_config.TextColumn(tr("ambitie.col_indicator"), width="large"),
    },
)

st.header(tr("ambitie.criteria"), anchor=False)
sets = state.criteria_sets()
live = state.store().live.latest_round(state.current_id())
if live is not None and live.is_open:
    # Participants are scoring against these criteria and weights right now.
    st.warning(tr("ambitie.locked", n=live.number), icon=":material/lock:")
    st.dataframe(criteria_frame(w), hide_index=True)
    show(weights_bar(w.criteria, [c.weight for c in w.criteria], lang), key="weights_chart")
    st.stop()


def _apply_set(set_id: str) -> None:
    state.commit(apply_criteria_set(state.current(), sets[set_id]), confirm_key="feedback.applied")


pick, apply = st.columns([3, 1], vertical_alignment="bottom")
set_id = pick.selectbox(
    tr("ambitie.set"),
    list(sets),
    index=list(sets).index(w.criteria_set) if w.criteria_set in sets else 0,
    format_func=lambda sid: sets[sid].name.get(lang),
    key="criteria_set_pick",
)
stale_count = dropped_scores(w, apply_criteria_set(w, sets[set_id]))
apply.button(
    tr("ambitie.set_apply"),
    on_click=state.on(_apply_set, set_id),
    key="apply_set",
    disabled=set_id == w.criteria_set,
)
st.caption(md(sets[set_id].description.get(lang)))
if set_id != w.criteria_set and stale_count:
    st.warning(tr("ambitie.set_warning", n=stale_count), icon=":material/warning:")


def _criteria_changed(frame) -> Workshop:
    return replace_criteria(w, criteria_from_frame(frame, w.criteria))


saving_editor(
    "criteria",
    criteria_frame(w),
    _criteria_changed,
    num_rows="dynamic",
    column_config={
        "id": st.column_config.TextColumn("ID", width="small", help=tr("ambitie.id_help")),
        "label_nl": st.column_config.TextColumn(tr("ambitie.col_label_nl"), width="medium", required=True),
        "label_en": st.column_config.TextColumn(tr("ambitie.col_label_en"), width="medium"),
        # Not `required`: the grid holds back a new row until every required cell is
        # filled, and the row vanished when Richting was not chosen. A new row is
        # "hoger-is-beter" until the user chooses (the help says so).
        "richting": st.column_config.SelectboxColumn(
            tr("ambitie.col_direction"),
            options=["hoger-is-beter", "lager-is-beter"],
            default="hoger-is-beter",
            help=tr("ambitie.direction_help"),
        ),
        # No min_value: the grid would refuse a negative weight without a word; the table
        # refuses it with a message naming the row (decision/files/tables.py).
        "gewicht": st.column_config.NumberColumn(
            tr("ambitie.col_weight"), format="%.1f", help=tr("ambitie.weight_help")
        ),
    },
)

anchors_editor(w)

st.header(tr("ambitie.weights"), anchor=False)
weights_section(w)
show(weights_bar(w.criteria, [c.weight for c in w.criteria], lang), key="weights_chart")
