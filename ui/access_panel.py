"""Who may change the workshop: the PIN, the facilitator link, and what the page says about both.

The store decides (see :mod:`decision.store.access`); these parts only ask for the
secrets and show the outcome.
"""

from __future__ import annotations

import streamlit as st

from decision.errors import DecisionError
from decision.output.joining import facilitator_url
from decision.store.security import MIN_PIN_LENGTH, normalize_pin
from ui import state
from ui.state import tr
from ui.text import md

# After this many wrong PINs since the last right one, the facilitator is told.
ATTEMPTS_WORTH_SAYING = 5


def _try_pin(workshop_id: str) -> None:
    check = state.store().access.check_pin(workshop_id, st.session_state.get("pin_entry", ""), state.client())
    st.session_state["pin_entry"] = ""  # a wrong PIN is typed again, not edited
    if check.ok:
        state.unlock(workshop_id, check.grant)
        st.session_state["actor_name"] = (st.session_state.get("pin_name") or "").strip()[:60]
    elif check.wait_seconds > 0:
        st.session_state["pin_error"] = tr("pin.wait", seconds=int(check.wait_seconds + 0.999))
    else:
        st.session_state["pin_error"] = tr("pin.wrong")


def pin_gate(workshop_id: str, name: str) -> None:
    """The facilitator PIN of a protected workshop, asked once per browser session."""
    st.info(tr("pin.needed", name=md(name)), icon=":material/lock:")
    message = st.session_state.pop("pin_error", None)
    if message:
        st.error(message, icon=":material/error:")
    with st.form("pin_form"):
        st.text_input(tr("pin.label"), type="password", key="pin_entry", max_chars=64)
        st.text_input(tr("pin.name"), key="pin_name", max_chars=60, help=tr("pin.name_help"))
        # The workshop is an argument fixed as the form is drawn, never read when it is sent.
        st.form_submit_button(tr("pin.submit"), on_click=state.on(_try_pin, workshop_id), type="primary")
    st.caption(tr("access.link_hint"))


def open_notice(workshop_id: str) -> None:
    """An open workshop (no PIN) says so: anyone who reaches it can change it."""
    if not state.access(workshop_id).protected:
        st.caption(tr("access.open_notice"))


def _set_pin() -> None:
    first, second = st.session_state.get("new_pin", ""), st.session_state.get("new_pin_again", "")
    st.session_state["new_pin"] = st.session_state["new_pin_again"] = ""
    if normalize_pin(first) != normalize_pin(second):  # "58 20 31" and "582031" are one PIN
        st.session_state["access_error"] = tr("ronde.pin_mismatch")
        return
    try:
        state.set_pin(state.current_id() or "", first)
    except DecisionError as err:  # too weak, or not this session's workshop
        st.session_state["access_error"] = err.localized(state.lang())
        return
    st.session_state["access_done"] = tr("access.pin_saved")


def _pin_form() -> None:
    with st.form("set_pin"):
        st.text_input(tr("ronde.pin_new", n=MIN_PIN_LENGTH), type="password", key="new_pin", max_chars=64)
        st.text_input(tr("ronde.pin_again"), type="password", key="new_pin_again", max_chars=64)
        st.caption(tr("access.pin_rules", n=MIN_PIN_LENGTH))
        st.form_submit_button(tr("ronde.pin_save"), on_click=state.on(_set_pin), type="primary")


def _new_link() -> None:
    try:
        state.new_link(state.current_id() or "")
    except DecisionError as err:
        st.session_state["access_error"] = err.localized(state.lang())


def _link_part(workshop_id: str) -> None:
    with st.expander(tr("access.link_title"), icon=":material/link:"):
        st.write(tr("access.link_help"))
        secret = state.link_secret(workshop_id)
        if secret:
            base = state.public_base()
            st.code(facilitator_url(base, workshop_id, secret), language=None, wrap_lines=True)
        st.button(
            tr("access.link_new"), on_click=state.on(_new_link), key="new_link", icon=":material/autorenew:"
        )


def messages() -> None:
    error = st.session_state.pop("access_error", None)
    if error:
        st.error(error, icon=":material/error:")
    done = st.session_state.pop("access_done", None)
    if done:
        st.success(done, icon=":material/check:")


def pin_section(workshop_id: str) -> bool:
    """The PIN part of the live round page; True when the workshop is protected (a round may open)."""
    messages()
    access = state.access(workshop_id)
    if not access.protected:
        st.subheader(tr("ronde.pin_title"), anchor=False)
        st.write(tr("ronde.pin_help"))
        if access.granted:
            _pin_form()
            if not state.presenting():  # a secret never goes on the projector
                _link_part(workshop_id)
        else:
            st.warning(tr("error.owner_only"), icon=":material/key_off:")
        return False
    if access.failed_attempts >= ATTEMPTS_WORTH_SAYING:
        st.warning(tr("access.attempts", n=access.failed_attempts), icon=":material/gpp_maybe:")
    with st.expander(tr("ronde.pin_change"), icon=":material/key:"):
        _pin_form()
    if not state.presenting():  # a secret never goes on the projector
        _link_part(workshop_id)
    return True
