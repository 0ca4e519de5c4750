"""Meedoen: a participant joins with the code on the screen and scores on their own phone."""

import time

import streamlit as st

from decision.errors import DecisionError, LiveError
from decision.store.security import normalize_code
from ui import state
from ui.participant import ROLES, language_choice, participant_scoring
from ui.state import tr

# A wrong code costs a moment, so codes cannot be tried quickly one after another.
WRONG_CODE_DELAY = 1.0

language_choice()
token = st.query_params.get("t")


def _join() -> None:
    code = st.session_state.get("join_code", "")
    role = st.session_state.get("join_role") or ""
    if role == ROLES[-1]:
        role = (st.session_state.get("join_role_other") or "").strip()
    elif role:
        # Stored as people read it (like a typed role), not as the list's internal key.
        role = tr(f"role.{role}")
    try:
        new_token, _ = state.store().live.join(code, st.session_state.get("join_name", ""), role)
    except DecisionError as err:
        time.sleep(WRONG_CODE_DELAY)
        st.session_state["join_error"] = err.localized(state.lang())
        return
    if "code" in st.query_params:
        del st.query_params["code"]
    st.query_params["t"] = new_token


if not token:
    st.title(tr("join.title"))
    st.write(tr("join.intro"))
    message = st.session_state.pop("join_error", None)
    if message:
        st.error(message, icon=":material/error:")
    with st.form("join"):
        st.text_input(
            tr("join.code"),
            value=normalize_code(st.query_params.get("code", "")),
            key="join_code",
            max_chars=12,
            placeholder="ABCD-EFGH",
        )
        st.text_input(tr("join.name"), key="join_name", max_chars=80, help=tr("join.name_help"))
        st.selectbox(
            tr("join.role"),
            ROLES,
            key="join_role",
            index=None,
            placeholder=tr("join.role_placeholder"),
            format_func=lambda r: tr(f"role.{r}"),
        )
        st.text_input(tr("join.role_other"), key="join_role_other", max_chars=80)
        st.form_submit_button(tr("join.submit"), type="primary", on_click=_join, width="stretch")
    st.stop()

try:
    session = state.store().live.participant_session(token)
except LiveError as err:
    st.error(err.localized(state.lang()), icon=":material/error:")
    if st.button(tr("join.again"), width="stretch"):
        del st.query_params["t"]
        st.rerun()
    st.stop()

participant_scoring(session, token)
