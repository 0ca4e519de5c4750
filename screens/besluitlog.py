"""Besluitlog: who changed what, and when, so a decision can be traced afterwards."""

import datetime as dt

import pandas as pd
import streamlit as st

from decision.files.csv_export import to_csv
from decision.output.logview import log_frame
from ui import layout, state
from ui.state import tr

w = layout.page("page.besluitlog_title", "page.besluitlog_intro")
lang = state.lang()
entries = state.store().log.entries(state.current_id())
frame = log_frame(entries, w, lang)
if frame.empty:
    st.info(tr("log.empty"), icon=":material/info:")
    st.stop()
kinds = sorted(set(frame[tr("log.col_kind")]))
chosen = st.multiselect(
    tr("log.filter"), kinds, default=[k for k in kinds if k != tr("log.kind.score")], key="log_filter"
)
shown = frame[frame[tr("log.col_kind")].isin(chosen)] if chosen else frame
st.dataframe(shown, hide_index=True, height=min(700, 38 + 35 * len(shown)))
st.caption(tr("log.count", shown=len(shown), total=len(frame)))
stamp = dt.date.today().isoformat()
st.download_button(
    tr("log.download"),
    to_csv(pd.DataFrame(frame)),
    file_name=f"besluitlog-{stamp}.csv",
    mime="text/csv",
    icon=":material/download:",
    on_click="ignore",
)
