"""Charts for the pages, built once per stored version of the workshop.

Building a plotly figure costs tens of milliseconds (its properties are
validated one by one), and the results page shows five. Keyed on the workshop
version, a rerun that changed nothing (a tab, a toggle, a reload of the shared
screen) reuses them. They are shared objects (``cache_resource``), not copies:
unpickling a copy costs as much as drawing; no code changes a figure after it is built.

A chart is drawn for more than one screen (:func:`show_fitted`): on a page for a wide
screen and for a phone, in presentation mode for a projector of 768 and of 1080 px
high. The server cannot know the screen, so each variant goes into a container of its
own and the stylesheet (``ui/layout.py``) shows the one that fits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from decision.domain.explain import compare_methods
from decision.domain.model import Workshop
from decision.domain.route import in_work
from decision.output import charts
from decision.output.charts import alternatives
from decision.output.charts.alternatives import ChartTable
from decision.store import StoredWorkshop
from ui import state
from ui.memo import per_version
from ui.state import tr

RESULT_CHARTS = ("contributions", "profile", "value", "heatmap", "methods")

# The screens a chart is drawn for, with the builder's options for each. The first of
# each pair is the one a test or a screen without the stylesheet sees. The projector's
# heights leave room for the page's title and the slide row above the chart
# (measured in tests/browser/test_presentation_in_chromium.py).
PAGE_VARIANTS: MappingProxyType[str, MappingProxyType[str, Any]] = MappingProxyType(
    {"wide": MappingProxyType({}), "narrow": MappingProxyType({"narrow": True})}
)
PROJECTOR_VARIANTS: MappingProxyType[str, MappingProxyType[str, Any]] = MappingProxyType(
    {"short": MappingProxyType({"height": 520}), "tall": MappingProxyType({"height": 820})}
)


def variants() -> MappingProxyType[str, MappingProxyType[str, Any]]:
    return PROJECTOR_VARIANTS if state.presenting() else PAGE_VARIANTS


@per_version(max_entries=512)
def _results_figure(
    kind: str,
    workshop_id: str,
    version: int,
    method: str,
    aggregation: str,
    lang: str,
    narrow: bool,
    height: int | None,
    _w: Workshop,
):
    w = _w  # the content of exactly this version (not hashed: the version stands for it)
    ranking = state.cached_ranking(workshop_id, version, method, aggregation, w)
    fit: dict[str, Any] = {"narrow": narrow, "height": height}
    if kind == "contributions":
        return charts.contributions_bar(w, ranking, lang, **fit)
    if kind == "profile":
        return charts.profile_chart(w, ranking, ranking.top(3), lang, **fit)
    if kind == "value":
        return charts.value_for_money(w, ranking, lang, **fit)
    if kind == "heatmap":
        return charts.score_heatmap(w, ranking, lang, **fit)
    if kind == "methods":
        return charts.method_comparison(_method_table(workshop_id, version, aggregation, w), lang, **fit)
    raise ValueError(kind)


@per_version(max_entries=128)
def _results_alternative(
    kind: str, workshop_id: str, version: int, method: str, aggregation: str, lang: str, _w: Workshop
) -> ChartTable:
    w = _w
    ranking = state.cached_ranking(workshop_id, version, method, aggregation, w)
    if kind == "contributions":
        return alternatives.contributions_table(w, ranking, lang)
    if kind in ("profile", "heatmap"):
        return alternatives.scores_table(w, ranking, lang)
    if kind == "value":
        return alternatives.value_table(w, ranking, lang)
    if kind == "methods":
        return alternatives.methods_table(_method_table(workshop_id, version, aggregation, w), lang)
    raise ValueError(kind)


@per_version(max_entries=64)
def _method_table(workshop_id: str, version: int, aggregation: str, _w: Workshop):
    return compare_methods(_w, aggregation)


def _stored() -> StoredWorkshop:
    """The open workshop, read once: each result is keyed on its version and built from that content."""
    return state.store().workshops.load(state.current_id() or "")


def method_table(aggregation: str):
    """Ranks under the weighted sum and TOPSIS side by side, for the open workshop."""
    s = _stored()
    return _method_table(s.id, s.version, aggregation, s.workshop)


def results_figure(
    kind: str, method: str, aggregation: str, *, narrow: bool = False, height: int | None = None
) -> go.Figure:
    s = _stored()
    return _results_figure(
        kind, s.id, s.version, method, aggregation, state.lang(), narrow, height, s.workshop
    )


@per_version(max_entries=64)
def _timeline(workshop_id: str, version: int, today: dt.date, lang: str, _w: Workshop):
    # the window is the workshop's own, so the version stands for it
    return charts.timeline(_w.kansen, today=today, window=_w.moment_window, lang=lang)


def timeline() -> go.Figure:
    """The natural-moment timeline of the open workshop, seen from today."""
    s = _stored()
    return _timeline(s.id, s.version, state.today(), state.lang(), s.workshop)


@per_version(max_entries=64)
def _work_timeline(workshop_id: str, version: int, today: dt.date, lang: str, _w: Workshop):
    kansen = [k for k in _w.kansen if in_work(k.status)]
    return charts.timeline(kansen, today=today, window=_w.moment_window, lang=lang)


def work_timeline() -> go.Figure:
    """The timeline of the koppelkansen being worked out, with their fiches' mijlpalen (Uitwerken)."""
    s = _stored()
    return _work_timeline(s.id, s.version, state.today(), state.lang(), s.workshop)


class SentFigure(go.Figure):
    """A figure that is drawn many times and never changed: its ``to_dict`` is made once.

    ``st.plotly_chart`` calls ``to_dict()`` on every run, and plotly's ``to_dict``
    deep-copies the whole figure and walks it again for arrays to encode: ~17 ms per
    chart here, for a figure that is the same object as last run (they are cached per
    workshop version), and Resultaten sends ten. The dict handed out is the one made
    the first time; nothing that receives it changes it (Streamlit serialises it).
    """

    def to_dict(self) -> dict[str, Any]:
        made = self.__dict__.get("_sent_dict")
        if made is None:
            made = super().to_dict()
            self.__dict__["_sent_dict"] = made
        return made


def sendable(fig: go.Figure) -> go.Figure:
    """The figure itself, from now on serialised once (see :class:`SentFigure`).

    Only for figures that are not changed after this: the cached ones of this module, and
    every builder's result (they are pure functions and nothing updates a figure later).
    """
    if type(fig) is go.Figure:
        fig.__class__ = SentFigure  # the same object and data; only to_dict is remembered
    return fig


def show(fig: go.Figure, key: str, *, alternative: ChartTable | None = None) -> None:
    """Our figures carry their own projector-proof styling, so Streamlit's theme stays off.
    The width follows the column (``width="stretch"``), the height is the figure's own.
    ``alternative`` is the chart's numbers as a table, offered under it (:func:`show_alternative`)."""
    st.plotly_chart(
        sendable(fig),
        theme=None,
        key=key,
        width="stretch",
        config={"displaylogo": False, "responsive": True},
    )
    if alternative is not None:
        show_alternative(alternative)


def show_alternative(table: ChartTable) -> None:
    """The chart's text alternative: its numbers as a table, folded under the chart
    ("Als tabel"). Hovering shows nothing on a phone and a chart says nothing to a screen
    reader; a table's cells are text for both. On the projector the room looks at the
    chart and the facilitator has the page itself, so there it is left out."""
    if state.presenting():
        return
    with st.expander(tr("framework.chart_table"), icon=":material/table:"):
        st.dataframe(table.frame(), hide_index=True, height="content")


def show_fitted(
    draw: Callable[..., go.Figure],
    key: str,
    *,
    reserve: int = 0,
    alternative: ChartTable | None = None,
) -> None:
    """One chart, drawn for each screen it may be shown on (see :data:`PAGE_VARIANTS`);
    ``draw(**options)`` builds it. The first variant keeps ``key``, the others get
    their name after it; each sits in a container ``fit_<variant>_<key>``. On the
    projector ``reserve`` pixels are kept free for what the section shows under it.
    ``alternative`` (the numbers as a table) comes once, under whichever variant shows."""
    for n, (name, options) in enumerate(variants().items()):
        fit = dict(options)
        if "height" in fit:
            fit["height"] -= reserve
        with st.container(key=f"fit_{name}_{key}"):
            show(draw(**fit), key=key if n == 0 else f"{key}_{name}")
    if alternative is not None:
        show_alternative(alternative)


def results_alternative(kind: str, method: str, aggregation: str) -> ChartTable:
    """The text alternative of a results chart, for the open workshop."""
    s = _stored()
    return _results_alternative(kind, s.id, s.version, method, aggregation, state.lang(), s.workshop)


def show_results_figure(kind: str, method: str, aggregation: str, key: str, *, reserve: int = 0) -> None:
    show_fitted(
        lambda **fit: results_figure(kind, method, aggregation, **fit),
        key,
        reserve=reserve,
        alternative=None if state.presenting() else results_alternative(kind, method, aggregation),
    )
