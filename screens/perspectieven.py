"""Perspectieven: each stakeholder group's own order of the koppelkansen, side by side."""

import streamlit as st

from decision.domain.perspectives import (
    attention_flags,
    group_label,
    group_rankings,
    group_weight_sentence,
    holds_under_group_weights,
    lowest_group,
    lowest_group_sentence,
)
from decision.output.charts import perspectives as charts
from ui import layout, location, perspectives, state
from ui.figures import show_fitted
from ui.state import tr
from ui.text import md

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

view = group_rankings(w, method, aggregation)
ranking = state.ranking(method, aggregation)
order = list(ranking.table["id"])
names = {k.id: k.name for k in w.kansen}


def kans_text(kid: str) -> str:
    return f"**{kid}** {md(names[kid])}"


if len(view.group_ids) < 2:
    st.info(tr("persp.too_few"), icon=":material/groups:")
else:
    flags = attention_flags(w)
    st.header(tr("persp.matrix_title"), anchor=False)
    show_fitted(
        lambda **fit: charts.perspectives_matrix(w, view, flags, lang, order=order, **fit),
        key="pv_matrix",
        alternative=charts.perspectives_table(w, view, flags, lang, order=order),
    )
    if view.win_win:
        st.success(
            tr("persp.win_win", kansen=", ".join(kans_text(k) for k in view.win_win)),
            icon=":material/handshake:",
        )
    else:
        st.caption(tr("persp.no_win_win"))
    if flags:
        st.subheader(tr("persp.attention_title"), anchor=False)
        for f in flags:
            st.markdown(
                "- "
                + tr(
                    "persp.attention_item",
                    kans=kans_text(f.kans_id),
                    group=md(group_label(w, f.group_id, lang)),
                    criterion=md(w.criterion(f.criterion_id).label.get(lang)),
                )
            )

    st.header(tr("persp.divisive_title"), anchor=False)
    divided = [(kid, spread) for kid, spread in view.divisive if spread > 0][:3]
    if not divided:
        st.caption(tr("persp.no_divisive"))
    for kid, spread in divided:
        places = view.ranks.loc[kid].dropna()
        st.markdown(
            "- "
            + tr(
                "persp.divisive_item",
                kans=kans_text(kid),
                high=int(places.min()),
                low=int(places.max()),
                spread=spread,
            )
        )

    st.header(tr("persp.lowest_title"), anchor=False)
    for kid in ranking.top(3):
        found = lowest_group(w, view, kid)
        if found is not None:
            st.markdown(f"- {md(lowest_group_sentence(w, found, lang))}")

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
