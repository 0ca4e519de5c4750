"""Besluitlog: who changed what, and when, so a decision can be traced afterwards."""

import streamlit as st

from decision.files.csv_export import to_csv
from decision.output.logview import log_frame
from ui import downloads, layout, state
from ui.state import tr

w = layout.page("page.besluitlog_title", "page.besluitlog_intro")
wid = state.current_id()
if w is None or wid is None:
    st.stop()  # the page has already said there is no workshop open
lang = state.lang()
entries = state.store().log.entries(wid)
frame = log_frame(entries, w, lang)
if frame.empty:
    st.info(tr("log.empty"), icon=":material/info:")
    st.stop()
kinds = sorted(set(frame[tr("log.col_kind")]))
chosen = st.multiselect(
    tr("log.filter"),
    kinds,
    default=[k for k in kinds if k != tr("log.kind.score")],
    key="log_filter",
    placeholder=tr("framework.choose_options"),
)
shown = frame[frame[tr("log.col_kind")].isin(chosen)] if chosen else frame
st.dataframe(shown, hide_index=True, height=min(700, 38 + 35 * len(shown)))
st.caption(tr("log.count", shown=len(shown), total=len(frame)))
# The whole log, whatever the filter: a council asks for everything, scores included.
downloads.button(st, "log.download", to_csv(frame), "log", w.name,
                 icon=":material/download:", key="dl_log")  # fmt: skip
