"""Adding koppelkansen from a CSV list (Dutch Excel ``;`` or international ``,``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from decision.domain.model import Workshop
from decision.errors import DecisionError
from decision.files.csv_import import merge_kansen, parse_kansen_csv
from decision.files.limits import MAX_CSV_MB, MAX_CSV_ROWS
from decision.text import formatting
from ui import state
from ui.state import tr


def _upload_key() -> str:
    # A new key empties the uploader after a successful import.
    return f"kansen_csv_{st.session_state.get('csv_nonce', 0)}"


def _parsed():
    upload = st.session_state.get(_upload_key())
    if upload is None:
        return None
    return parse_kansen_csv(upload.getvalue(), upload.name)


def _add(replace_existing: bool) -> None:
    w = state.current()
    try:
        imported = _parsed()
        if w is None or imported is None:
            return
        stored = state.commit(
            merge_kansen(w, imported, replace_existing=replace_existing), confirm_key="feedback.imported"
        )
    except DecisionError as err:
        st.session_state["csv_error"] = err.localized(state.lang())
        return
    if not stored:  # refused (no access, a round open, a full disk): the page says why, and only that
        return
    st.session_state["csv_done"] = tr("csv.added", n=len(imported.kansen))
    st.session_state["csv_nonce"] = st.session_state.get("csv_nonce", 0) + 1


def kansen_csv_import(current: Workshop | None) -> None:
    st.write(tr("csv.explain"))
    # No per-widget max_upload_size: a list over the cap then gets the app's own message
    # (in the user's language, naming the file) instead of Streamlit's English one.
    st.file_uploader(tr("csv.upload"), type=["csv", "txt"], key=_upload_key())
    st.caption(tr("csv.limits", rows=MAX_CSV_ROWS, size=f"{MAX_CSV_MB} MB"))
    for key, show in (("csv_error", st.error), ("csv_done", st.success)):
        message = st.session_state.pop(key, None)
        if message:
            show(message)
    try:
        imported = _parsed()
    except DecisionError as err:
        st.error(err.localized(state.lang()), icon=":material/error:")
        return
    if imported is None:
        return
    lang = state.lang()
    preview = pd.DataFrame(
        {
            tr("csv.col_id"): [k.id for k in imported.kansen],
            tr("csv.col_name"): [k.name for k in imported.kansen],
            tr("csv.col_type"): [k.type.value for k in imported.kansen],
            tr("csv.col_project"): [k.project.name if k.project else "" for k in imported.kansen],
            tr("csv.col_start"): [k.project.start_year if k.project else None for k in imported.kansen],
            tr("csv.col_cost"): [formatting.money_range(k.extra_cost, lang) for k in imported.kansen],
        }
    )
    st.dataframe(preview, hide_index=True)
    if imported.ignored_columns:
        st.caption(tr("csv.ignored", columns=", ".join(imported.ignored_columns)))
    if current is None:
        st.info(tr("csv.need_workshop"), icon=":material/info:")
        return
    replace_existing = st.checkbox(tr("csv.replace"), key="csv_replace")
    st.button(
        tr("csv.add", n=len(imported.kansen)),
        type="primary",
        icon=":material/playlist_add:",
        on_click=state.on(_add, replace_existing),
    )
