"""The files on the Besluit page, built once per stored version of the workshop.

The report, the two CSV files and the workshop file together take tens of
milliseconds to build; without this they would be rebuilt on every rerun of
the page, whether or not anyone downloads them.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from decision.files.csv_export import ranking_frame, scores_long_frame, to_csv
from decision.files.workshop_file import dump_workshop
from decision.output.report import build_report
from ui import state


def _workshop(workshop_id: str):
    return state.store().load(workshop_id).workshop


@st.cache_data(max_entries=32, show_spinner=False)
def _ranking_csv(wid: str, version: int, method: str, aggregation: str, lang: str, dialect: str) -> bytes:
    ranking = state.cached_ranking(wid, version, method, aggregation)
    return to_csv(ranking_frame(ranking, _workshop(wid), lang), dialect)


@st.cache_data(max_entries=32, show_spinner=False)
def _scores_csv(wid: str, version: int, lang: str, dialect: str) -> bytes:
    return to_csv(scores_long_frame(_workshop(wid), lang), dialect)


@st.cache_data(max_entries=32, show_spinner=False)
def _workshop_file(wid: str, version: int) -> bytes:
    return dump_workshop(_workshop(wid)).encode("utf-8")


@st.cache_data(max_entries=32, show_spinner=False)
def _report(wid: str, version: int, method: str, aggregation: str, lang: str, day: dt.date) -> bytes:
    return build_report(_workshop(wid), lang, method=method, aggregation=aggregation, generated=day).encode(
        "utf-8"
    )


def _key() -> tuple[str, int]:
    wid = state.current_id()
    assert wid is not None  # downloads are offered only while a workshop is open
    return wid, state.store().version(wid)


def ranking_csv(method: str, aggregation: str, dialect: str) -> bytes:
    return _ranking_csv(*_key(), method, aggregation, state.lang(), dialect)


def scores_csv(dialect: str) -> bytes:
    return _scores_csv(*_key(), state.lang(), dialect)


def workshop_file() -> bytes:
    return _workshop_file(*_key())


def report(method: str, aggregation: str) -> bytes:
    return _report(*_key(), method, aggregation, state.lang(), dt.date.today())
