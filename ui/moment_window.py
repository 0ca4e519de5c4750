"""The natural-moment setting on Koppelkansen: from how many to how many years ahead.

The window is a workshop setting (:attr:`~decision.domain.model.Workshop.moment_window`),
changed through :func:`decision.domain.moment.set_moment_window` and saved as a
facilitator's edit (:func:`ui.state.commit`), so it goes into the besluitlog and the
workshop file. The timeline, the cards, the report and the exports all read it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from decision.domain.model import Workshop
from decision.domain.moment import MAX_WINDOW_YEARS, NaturalMoment, moments, set_moment_window
from decision.errors import MomentWindowError
from decision.output.charts.timeline import timeline_table
from decision.text import formatting
from ui import state
from ui.state import tr

ERROR_KEY = "moment_window_error"
STEP = 0.5  # half years: a start year is counted as one day (1 July), finer steps say nothing more


def _keys(w: Workshop) -> tuple[str, str]:
    # Keyed on the stored window: a change saved elsewhere (another tab, undo) shows here.
    low, high = w.moment_window
    return f"moment_from_{low:g}_{high:g}", f"moment_to_{low:g}_{high:g}"


def _save(from_key: str, to_key: str) -> None:
    current = state.current()
    low, high = st.session_state.get(from_key), st.session_state.get(to_key)
    if current is None or low is None or high is None:
        return
    try:
        edited = set_moment_window(current, (float(low), float(high)))
    except MomentWindowError as err:
        st.session_state[ERROR_KEY] = err.localized(state.lang())
        return
    state.commit(edited)


def years(value: float) -> str:
    return formatting.number(value, state.lang(), 0 if float(value).is_integer() else 1)


def control(w: Workshop) -> None:
    """Two number inputs, from and to (years from today); a refusal is shown under them."""
    from_key, to_key = _keys(w)
    low, high = w.moment_window
    left, right = st.columns(2)
    left.number_input(
        tr("kansen.moment_from"), 0.0, MAX_WINDOW_YEARS, float(low), STEP,
        key=from_key, format="%.1f", help=tr("kansen.moment_setting_help"),
        on_change=state.on(_save, from_key, to_key),
    )  # fmt: skip
    right.number_input(
        tr("kansen.moment_to"), 0.0, MAX_WINDOW_YEARS, float(high), STEP,
        key=to_key, format="%.1f", help=tr("kansen.moment_setting_help"),
        on_change=state.on(_save, from_key, to_key),
    )  # fmt: skip
    message = st.session_state.pop(ERROR_KEY, None)
    if message:
        st.error(message, icon=":material/event_busy:")


def summary(w: Workshop) -> None:
    """How many koppelkansen are at their natural moment, and the timeline as a table."""
    counted = moments(w.kansen, state.today(), w.moment_window)
    n = sum(1 for m in counted.values() if m is NaturalMoment.WINDOW)
    low, high = w.moment_window
    st.write(tr("kansen.moment_window_count", n=n, total=len(w.kansen), low=years(low), high=years(high)))
    with st.expander(tr("kansen.moment_table"), icon=":material/table:"):
        frame: pd.DataFrame = timeline_table(
            w.kansen, today=state.today(), window=w.moment_window, lang=state.lang()
        )
        st.dataframe(frame, hide_index=True, height="content")
