"""Charts for the pages, built once per stored version of the workshop.

Building a plotly figure costs tens of milliseconds (its properties are
validated one by one), and the results page shows five. Keyed on the workshop
version, a rerun that changed nothing (a tab, a toggle, a reload of the shared
screen) reuses them. They are shared objects (``cache_resource``), not copies:
unpickling a copy costs as much as drawing; no code changes a figure after it is built.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from decision.domain.explain import compare_methods
from decision.domain.model import Workshop
from decision.output import charts
from decision.store import StoredWorkshop
from ui import state

RESULT_CHARTS = ("contributions", "profile", "value", "heatmap", "methods")


@st.cache_resource(max_entries=256, show_spinner=False)
def _results_figure(
    kind: str, workshop_id: str, version: int, method: str, aggregation: str, lang: str, _w: Workshop
):
    w = _w  # the content of exactly this version (not hashed: the version stands for it)
    ranking = state.cached_ranking(workshop_id, version, method, aggregation, w)
    if kind == "contributions":
        return charts.contributions_bar(w, ranking, lang)
    if kind == "profile":
        return charts.profile_chart(w, ranking, ranking.top(3), lang)
    if kind == "value":
        return charts.value_for_money(w, ranking, lang)
    if kind == "heatmap":
        return charts.score_heatmap(w, ranking, lang)
    if kind == "methods":
        return charts.method_comparison(_method_table(workshop_id, version, aggregation, w), lang)
    raise ValueError(kind)


@st.cache_data(max_entries=64, show_spinner=False)
def _method_table(workshop_id: str, version: int, aggregation: str, _w: Workshop):
    return compare_methods(_w, aggregation)


def _stored() -> StoredWorkshop:
    """The open workshop, read once: each result is keyed on its version and built from that content."""
    return state.store().workshops.load(state.current_id() or "")


def method_table(aggregation: str):
    """Ranks under the weighted sum and TOPSIS side by side, for the open workshop."""
    s = _stored()
    return _method_table(s.id, s.version, aggregation, s.workshop)


def results_figure(kind: str, method: str, aggregation: str) -> go.Figure:
    s = _stored()
    return _results_figure(kind, s.id, s.version, method, aggregation, state.lang(), s.workshop)


@st.cache_resource(max_entries=64, show_spinner=False)
def _timeline(workshop_id: str, version: int, year: int, horizon: int, lang: str, _w: Workshop):
    return charts.timeline(_w.kansen, current_year=year, horizon=horizon, lang=lang)


def timeline(year: int, horizon: int) -> go.Figure:
    s = _stored()
    return _timeline(s.id, s.version, year, horizon, state.lang(), s.workshop)


def show(fig: go.Figure, key: str) -> None:
    """Our figures carry their own projector-proof styling, so Streamlit's theme stays off."""
    st.plotly_chart(fig, theme=None, key=key, config={"displaylogo": False})
