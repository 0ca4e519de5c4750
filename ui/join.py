"""The code field on the bare address: a participant types the code from the projector here."""

from __future__ import annotations

import streamlit as st

from decision.store.security import normalize_code
from ui import state
from ui.state import tr


def _go_join() -> None:
    code = normalize_code(st.session_state.get("start_code") or "")
    if not code:
        st.session_state["start_code_error"] = tr("start.code_missing")
        return
    # The router sends a browser with a code in its address to the participant's page
    # (which checks the code), so the facilitator's pages are never drawn for it.
    st.query_params.clear()
    st.query_params["code"] = code


def join_box(*, compact: bool = False) -> None:
    """The code field; ``compact`` (for a facilitator, who rarely needs it) folds it away."""
    frame = (
        st.expander(tr("start.join_title"), icon=":material/login:") if compact else st.container(border=True)
    )
    with frame:
        if not compact:
            st.subheader(tr("start.join_title"), anchor=False)
        message = st.session_state.pop("start_code_error", None)
        if message:
            st.error(message, icon=":material/error:")
        with st.form("start_join", border=False, enter_to_submit=False):
            st.text_input(
                tr("join.code"), key="start_code", max_chars=12, placeholder="ABCD-EFGH", autocomplete="off"
            )
            st.form_submit_button(
                tr("start.join_button"), type="primary", on_click=state.on(_go_join), width="stretch"
            )
