"""The files on the Besluit page, built once per stored version of the workshop.

The report, the two CSV files and the workshop file together take tens of
milliseconds to build; without this they would be rebuilt on every rerun of
the page, whether or not anyone downloads them.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from decision.domain.model import Workshop
from decision.files.csv_export import ranking_frame, scores_long_frame, to_csv
from decision.files.workshop_file import dump_workshop
from decision.output.report import build_report
from decision.store import StoredWorkshop
from ui import state


@st.cache_data(max_entries=32, show_spinner=False)
def _ranking_csv(
    wid: str, version: int, method: str, aggregation: str, lang: str, dialect: str, _w: Workshop
) -> bytes:
    ranking = state.cached_ranking(wid, version, method, aggregation, _w)
    return to_csv(ranking_frame(ranking, _w, lang), dialect)


@st.cache_data(max_entries=32, show_spinner=False)
def _scores_csv(wid: str, version: int, lang: str, dialect: str, _w: Workshop) -> bytes:
    return to_csv(scores_long_frame(_w, lang), dialect)


@st.cache_data(max_entries=32, show_spinner=False)
def _workshop_file(wid: str, version: int, _w: Workshop) -> bytes:
    return dump_workshop(_w).encode("utf-8")


@st.cache_data(max_entries=32, show_spinner=False)
def _report(
    wid: str, version: int, method: str, aggregation: str, lang: str, day: dt.date, _w: Workshop
) -> bytes:
    return build_report(_w, lang, method=method, aggregation=aggregation, generated=day).encode("utf-8")


def _stored() -> StoredWorkshop:
    """The open workshop, read once: each file is keyed on its version and built from that content."""
    return state.store().workshops.load(state.current_id() or "")


def ranking_csv(method: str, aggregation: str, dialect: str) -> bytes:
    s = _stored()
    return _ranking_csv(s.id, s.version, method, aggregation, state.lang(), dialect, s.workshop)


def scores_csv(dialect: str) -> bytes:
    s = _stored()
    return _scores_csv(s.id, s.version, state.lang(), dialect, s.workshop)


def workshop_file() -> bytes:
    s = _stored()
    return _workshop_file(s.id, s.version, s.workshop)


def report(method: str, aggregation: str) -> bytes:
    s = _stored()
    return _report(s.id, s.version, method, aggregation, state.lang(), dt.date.today(), s.workshop)
