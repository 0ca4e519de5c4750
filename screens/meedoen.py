"""Meedoen: a participant joins with the code on the screen and scores on their own phone.

A browser that already takes part in this workshop (its cookie holds a
participant's token, see :mod:`ui.participant`) is not asked to join again: the
join link brings it straight back to that participant's scores. There is no
"join as someone else": one device is one person.
"""

import time

import streamlit as st

from decision.errors import DecisionError, LiveError
from decision.store.security import normalize_code
from ui import state
from ui.participant import (
    ROLES,
    device_tokens,
    language_choice,
    mark_returning,
    participant_scoring,
    remember_on_device,
)
from ui.state import tr

# A wrong code costs a moment, so codes cannot be tried quickly one after another.
WRONG_CODE_DELAY = 1.0

language_choice()
token = st.query_params.get("t")


def _to_scoring(personal_token: str) -> None:
    """From the join link to the participant's own link (a reload keeps them there)."""
    if "code" in st.query_params:
        del st.query_params["code"]
    st.query_params["t"] = personal_token


if not token and "code" in st.query_params:
    returning = state.store().live.returning_participant(st.query_params["code"], device_tokens())
    if returning is not None:
        token = returning[0]
        mark_returning(token)
        _to_scoring(token)


def _join() -> None:
    code = st.session_state.get("join_code", "")
    role = st.session_state.get("join_role") or ""
    if role == ROLES[-1]:
        role = (st.session_state.get("join_role_other") or "").strip()
    elif role:
        # Stored as people read it (like a typed role), not as the list's internal key.
        role = tr(f"role.{role}")
    known = device_tokens()
    try:
        new_token, _ = state.store().live.join(
            code, st.session_state.get("join_name", ""), role, known_tokens=known
        )
    except DecisionError as err:
        time.sleep(WRONG_CODE_DELAY)
        st.session_state["join_error"] = err.localized(state.lang())
        return
    if new_token in known:  # this browser already takes part: the same participant, not a new one
        mark_returning(new_token)
    _to_scoring(new_token)


if not token:
    st.title(tr("join.title"))
    st.write(tr("join.intro"))
    message = st.session_state.pop("join_error", None)
    if message:
        st.error(message, icon=":material/error:")
    with st.form("join", enter_to_submit=False):
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
        st.form_submit_button(tr("join.submit"), type="primary", on_click=state.on(_join), width="stretch")
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
# Last on the page: the script takes no room, but its place would add a gap anywhere else.
remember_on_device(token)
