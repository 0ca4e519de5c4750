"""Meedoen: a participant joins with the code on the screen and scores on their own phone.

A browser that already takes part in this workshop (its cookie holds a
participant's token, see :mod:`ui.participant`) is not asked to join again: the
join link brings it straight back to that participant's scores. There is no
"join as someone else": one device is one person.

The join fields are no ``st.form``: a form sends nothing until it is submitted, and
"Andere rol" must appear as soon as "Anders" is chosen in the role list. Each field
keeps its value under its key; "Meedoen" reads them all.
"""

import time

import streamlit as st

from decision.domain.model import StakeholderGroup
from decision.domain.roles import ROLES, needs_own_words
from decision.errors import DecisionError, LiveError
from decision.store.security import normalize_code
from ui import state
from ui.participant import (
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


def join_groups(code: str) -> tuple[StakeholderGroup, ...]:
    """The stakeholder groups of the workshop whose open round has this code (none for a wrong code)."""
    wid = state.store().live.workshop_of_code(code) if code.strip() else None
    return () if wid is None else state.store().workshops.load(wid).workshop.groups


def _join() -> None:
    code = st.session_state.get("join_code", "")
    role = st.session_state.get("join_role") or ""
    if needs_own_words(role):
        role = " ".join((st.session_state.get("join_role_other") or "").split())
    elif role:
        # Stored as people read it (like a typed role), not as the list's internal key.
        role = tr(f"role.{role}")
    known = device_tokens()
    try:
        new_token, _ = state.store().live.join(
            code,
            st.session_state.get("join_name", ""),
            role,
            st.session_state.get("join_group") or "",
            known_tokens=known,
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
    with st.container(border=True):
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
        if needs_own_words(st.session_state.get("join_role")):
            st.text_input(tr("join.role_other"), key="join_role_other", max_chars=80)
        groups = join_groups(st.session_state.get("join_code") or st.query_params.get("code", ""))
        if groups:
            st.selectbox(
                tr("join.group"),
                [g.id for g in groups],
                key="join_group",
                index=None,
                placeholder=tr("join.group_placeholder"),
                format_func=lambda gid: next(g.label.get(state.lang()) for g in groups if g.id == gid),
                help=tr("join.group_help"),
            )
        st.button(
            tr("join.submit"), type="primary", on_click=state.on(_join), width="stretch", key="join_save"
        )
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
