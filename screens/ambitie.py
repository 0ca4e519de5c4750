"""Ambitie & criteria: the shared ambition, the criteria and how much each weighs."""

from dataclasses import replace

import streamlit as st

from decision.domain.model import Workshop
from decision.domain.operations import apply_criteria_set, dropped_scores
from decision.files.tables import themes_frame, themes_from_frame
from decision.output.charts import weights_bar
from decision.output.charts.alternatives import weights_table
from ui import layout, state
from ui.anchors import anchors_editor
from ui.criteria_table import criteria_table, workshop_from_table
from ui.editors import saving_editor
from ui.figures import show
from ui.state import tr
from ui.text import md
from ui.weights import weights_section

opened = layout.page("page.ambitie_title", "page.ambitie_intro")
assert opened is not None  # page() stops the script when no workshop is open
w: Workshop = opened
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


def _direction_column():
    # the file's words are the values; the grid shows them as words a person reads
    return st.column_config.SelectboxColumn(
        tr("ambitie.col_direction"),
        options=["hoger-is-beter", "lager-is-beter"],
        default="hoger-is-beter",
        format_func=lambda v: tr(f"direction.{v}"),
        help=tr("ambitie.direction_help"),
    )


def _weight_column():
    # The whole percentage the sliders and the chart show (ui/criteria_table.py). No
    # min_value or max_value: the grid would refuse a weight out of range without a
    # word; the table refuses it with a message naming the row.
    return st.column_config.NumberColumn(
        tr("ambitie.col_weight"), format="%d%%", step=1, help=tr("ambitie.weight_help")
    )


st.header(tr("ambitie.criteria"), anchor=False)
sets = state.criteria_sets()
wid = state.current_id()
assert wid is not None  # a workshop is open, as above
live = state.store().live.latest_round(wid)
if live is not None and live.is_open:
    # Participants are scoring against these criteria and weights right now.
    st.warning(tr("ambitie.locked", n=live.number), icon=":material/lock:")
    st.dataframe(
        criteria_table(w),
        hide_index=True,
        column_config={"gewicht": _weight_column(), "richting": _direction_column()},
    )
    show(
        weights_bar(w.criteria, [c.weight for c in w.criteria], lang),
        key="weights_chart",
        alternative=weights_table(w.criteria, [c.weight for c in w.criteria], lang),
    )
    st.stop()


def _apply_set(set_id: str) -> None:
    now = state.current()  # what is stored when the button is pressed, not what was drawn
    if now is not None:
        state.commit(apply_criteria_set(now, sets[set_id]), confirm_key="feedback.applied")


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
    return workshop_from_table(frame, w)


saving_editor(
    "criteria",
    criteria_table(w),
    _criteria_changed,
    num_rows="dynamic",
    column_config={
        "id": st.column_config.TextColumn("ID", width="small", help=tr("ambitie.id_help")),
        "label_nl": st.column_config.TextColumn(tr("ambitie.col_label_nl"), width="medium", required=True),
        "label_en": st.column_config.TextColumn(tr("ambitie.col_label_en"), width="medium"),
        # Not `required`: the grid holds back a new row until every required cell is
        # filled, and the row vanished when Richting was not chosen. A new row is
        # "hoger-is-beter" until the user chooses (the help says so).
        "richting": _direction_column(),
        "gewicht": _weight_column(),
    },
)

anchors_editor(w)

st.header(tr("ambitie.weights"), anchor=False)
weights_section(w)
show(
    weights_bar(w.criteria, [c.weight for c in w.criteria], lang),
    key="weights_chart",
    alternative=weights_table(w.criteria, [c.weight for c in w.criteria], lang),
)
