"""Perspectieven: each stakeholder group's own order of the koppelkansen, side by side."""

import streamlit as st

from decision.domain.perspectives import group_weight_sentence, holds_under_group_weights
from ui import layout, location, perspectives, state
from ui.group_view import group_view
from ui.state import tr

w = layout.page("page.perspectieven_title", "page.perspectieven_intro")
if w is None:  # layout.page has said so and stopped; this tells the type checker
    st.stop()
lang = state.lang()
if not w.kansen or not w.scores or not w.criteria:
    st.info(tr("results.no_scores"), icon=":material/info:")
    st.stop()

method, aggregation = location.results_choice()
st.markdown(tr("persp.explain"))
perspectives.group_switch(w)

wid = state.current_id() or ""
latest = state.store().live.latest_round(wid)
group_view(wid, method, aggregation, refresh=latest is not None and latest.is_open)

with st.expander(tr("persp.groups_title"), icon=":material/groups:"):
    st.caption(tr("persp.groups_help"))
    perspectives.groups_editor(w)

st.header(tr("persp.weights_title"), anchor=False)
st.caption(tr("persp.weights_help"))
perspectives.weights_editor(w)
if w.group_weights:
    check = holds_under_group_weights(w, method, aggregation)
    st.info(
        tr("persp.holds", sentence=group_weight_sentence(w, check, lang)),
        icon=":material/balance:",
    )
layout.how_it_works("howto.perspectieven")
