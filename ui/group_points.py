"""On Live scoreronde: ask each phone for 100 points, and take the groups' means over as their weights."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from decision.domain.model import Workshop
from decision.domain.points import group_points, with_group_weights
from decision.store.records import Round
from decision.text import formatting
from ui import live as live_actions
from ui import state
from ui.state import tr


def _take_over(points: dict[str, dict[str, float]]) -> None:
    w = state.current()
    if w is not None and state.commit(with_group_weights(w, points)):
        st.session_state["gp_taken"] = True


def ask_switch(latest: Round) -> None:
    """The switch that makes the open round ask each phone for its own 100 points."""
    st.toggle(
        tr("points.ask"),
        value=latest.ask_weights,
        key=f"ask_weights_{latest.id}",
        help=tr("points.ask_help"),
        on_change=state.on(live_actions.ask_weights, f"ask_weights_{latest.id}"),
    )


def group_points_section(w: Workshop, wid: str) -> None:
    """What each group gave so far, and the button that makes it the groups' weights."""
    points = state.store().live.points(wid)
    present = {p.id for p in w.participants}
    given = [pid for pid in points if pid in present]
    if not given:
        return
    lang = state.lang()
    means = group_points(w, points)
    st.subheader(tr("points.groups_title"), anchor=False)
    st.caption(tr("points.groups_count", n=len(given), total=len(w.participants)))
    labels = {g.id: g.label.get(lang) for g in w.groups}
    rows = [
        {tr("points.group"): labels[g]}
        | {c.label.get(lang): formatting.decimal(round(ws[c.id], 1), lang) for c in w.criteria}
        for g, ws in means.items()
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    if not means:
        st.info(tr("points.no_groups"), icon=":material/info:")
        return
    if st.session_state.pop("gp_taken", False):
        st.success(tr("points.taken"), icon=":material/check:")
    st.button(
        tr("points.take_over"),
        icon=":material/groups:",
        on_click=state.on(_take_over, points),
        key="gp_take_over",
        help=tr("points.take_over_help"),
    )
