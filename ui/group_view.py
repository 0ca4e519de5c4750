"""The heart of Perspectieven: each group's order side by side, win-win, let op, the most divided
and who ranks the top three lowest. While a live round is open it redraws itself every few
seconds, so the room sees each group's view move as the phones score."""

from __future__ import annotations

import streamlit as st

from decision.domain.model import Workshop
from decision.domain.perspectives import (
    attention_flags,
    group_label,
    group_rankings,
    lowest_group,
    lowest_group_sentence,
)
from decision.output.charts import perspectives as charts
from ui import state
from ui.errors import page_guard
from ui.figures import show_fitted
from ui.live import REFRESH_SECONDS
from ui.state import tr
from ui.text import md


def group_view(workshop_id: str, method: str, aggregation: str, *, refresh: bool) -> None:
    """The per-group part of the page; with ``refresh`` it follows the store by itself."""

    @st.fragment(run_every=REFRESH_SECONDS if refresh else None)
    def view() -> None:
        # A fragment reruns on its own, outside app.py's guard: it brings its own.
        with page_guard():
            _group_view(state.store().workshops.load(workshop_id).workshop, method, aggregation)

    view()


def _kans_text(w: Workshop, kid: str) -> str:
    return f"**{kid}** {md(w.kans(kid).name)}"


def _group_view(w: Workshop, method: str, aggregation: str) -> None:
    lang = state.lang()
    view = group_rankings(w, method, aggregation)
    st.caption(tr("persp.sheets", groups=len(view.group_ids), sheets=len({p for p, _, _ in w.scores})))
    if len(view.group_ids) < 2:
        st.info(tr("persp.too_few"), icon=":material/groups:")
        return
    ranking = state.ranking(method, aggregation)
    order = list(ranking.table["id"])
    flags = attention_flags(w)
    st.header(tr("persp.matrix_title"), anchor=False)
    show_fitted(
        lambda **fit: charts.perspectives_matrix(w, view, flags, lang, order=order, **fit),
        key="pv_matrix",
        alternative=charts.perspectives_table(w, view, flags, lang, order=order),
    )
    if view.win_win:
        st.success(
            tr("persp.win_win", kansen=", ".join(_kans_text(w, k) for k in view.win_win)),
            icon=":material/handshake:",
        )
    else:
        st.caption(tr("persp.no_win_win"))
    if flags:
        st.subheader(tr("persp.attention_title"), anchor=False)
        for f in flags:
            item = tr(
                "persp.attention_item",
                kans=_kans_text(w, f.kans_id),
                group=md(group_label(w, f.group_id, lang)),
                criterion=md(w.criterion(f.criterion_id).label.get(lang)),
            )
            st.markdown(f"- {item}")

    st.header(tr("persp.divisive_title"), anchor=False)
    divided = [(kid, spread) for kid, spread in view.divisive if spread > 0][:3]
    if not divided:
        st.caption(tr("persp.no_divisive"))
    for kid, spread in divided:
        places = view.ranks.loc[kid].dropna()
        item = tr(
            "persp.divisive_item",
            kans=_kans_text(w, kid),
            high=int(places.min()),
            low=int(places.max()),
            spread=spread,
        )
        st.markdown(f"- {item}")

    st.header(tr("persp.lowest_title"), anchor=False)
    for kid in ranking.top(3):
        found = lowest_group(w, view, kid)
        if found is not None:
            st.markdown(f"- {md(lowest_group_sentence(w, found, lang))}")
