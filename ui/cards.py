"""The top-three cards: who is in, with what score, and why."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from decision.domain.analysis import Ranking
from decision.domain.explain import strengths
from decision.domain.model import Workshop
from decision.domain.moment import NaturalMoment, classify
from decision.text import formatting
from ui import state
from ui.state import tr
from ui.text import md

# The badge of each natural-moment class: an icon as well as a colour, so it reads without colour.
MOMENT_BADGE: dict[NaturalMoment, tuple[str, Literal["orange", "green", "gray"]]] = {
    NaturalMoment.NOW: (":material/history:", "orange"),
    NaturalMoment.WINDOW: (":material/schedule:", "green"),
    NaturalMoment.LATER: (":material/update:", "gray"),
}


def rank_text(rank: int, tied: bool) -> str:
    return tr("results.shared_rank", rank=rank) if tied else tr("results.rank", rank=rank)


def top_cards(w: Workshop, ranking: Ranking, k: int = 3) -> None:
    lang = state.lang()
    labels = {c.id: c.label.get(lang) for c in w.criteria}
    top = ranking.table[ranking.table["id"].isin(ranking.top(k))]
    if top.empty:
        st.info(tr("results.no_scores"), icon=":material/info:")
        return
    if len(top) > k + 1:
        # Many share the last place of the top (every score equal, or hardly any scores
        # yet): a row of cards that all say the same cannot be read from the back of the
        # room, and the scores make no choice there. The cards show who is in for sure;
        # one notice names those tied at the edge.
        edge = int(top["rank"].max())
        tied = top[top["rank"] == edge]
        top = top[top["rank"] < edge]
        names = ", ".join(md(w.kans(kid).name) for kid in tied["id"])
        st.info(
            tr("results.tied_at_edge", count=len(tied), rank=edge, names=names),
            icon=":material/drag_handle:",
        )
        if top.empty:
            return
    today = state.today()
    columns = st.columns(len(top))
    for n, (column, row) in enumerate(zip(columns, top.itertuples(), strict=True)):
        kans = w.kans(row.id)
        why = strengths(w, ranking, row.id)
        # keyed, so the projector's stylesheet can tighten the card (ui/layout.py)
        with column.container(border=True, key=f"top_card_{n}"):
            # On the projector rank, type and score share the card's first row, so the
            # three cards fit a 768 px high screen.
            head = st.container(horizontal=state.presenting(), vertical_alignment="top")
            with head.container(gap=None):
                st.markdown(f"### {rank_text(int(row.rank), bool(row.tied))}")
                if state.presenting():
                    st.caption(tr(f"type.{kans.type.value}"))
            head.metric(tr("results.score"), formatting.score(row.score, lang), border=False, width="content")
            st.markdown(f"#### {md(kans.name)}")
            if not state.presenting():
                st.caption(tr(f"type.{kans.type.value}"))
            if why.strongest:
                st.markdown(tr("results.strongest", criterion=md(labels[why.strongest[0]])))
            if why.weakest:
                st.markdown(tr("results.weakest", criterion=md(labels[why.weakest[0]])))
            moment = classify(kans, today, w.moment_window)
            if moment is not None and kans.project is not None:
                st.badge(
                    tr(
                        "results.moment_badge",
                        moment=tr(f"moment.{moment.value}"),
                        year=kans.project.start_year,
                    ),
                    icon=MOMENT_BADGE[moment][0],
                    color=MOMENT_BADGE[moment][1],
                )
            if row.coverage < 0.999:
                st.caption(tr("results.coverage", share=formatting.percent(row.coverage, lang)))
