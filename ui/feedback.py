"""Feedback after an action: a short toast ("Opgeslagen", "Ongedaan gemaakt", ...).

A toast floats over the page, so the layout never moves under the user's pointer the
way a message drawn into the page would. Actions run in widget callbacks, before the
page script, so :func:`confirm` only queues the message and :func:`flush` (called once
per page, by ``ui.layout.page``) shows it. The queue keeps only the last message of a
run: one click gives one toast, even when it saved twice.
"""

from __future__ import annotations

import streamlit as st

from ui.state import tr

PENDING_KEY = "_feedback"
SAVED = "feedback.saved"
UNDONE = "feedback.undone"
APPLIED = "feedback.applied"
IMPORTED = "feedback.imported"
ICONS = {
    SAVED: ":material/check_circle:",
    UNDONE: ":material/undo:",
    APPLIED: ":material/check_circle:",
    IMPORTED: ":material/upload_file:",
}


def confirm(message_key: str = SAVED) -> None:
    """Say that an action succeeded, as a toast on the next page drawn."""
    st.session_state[PENDING_KEY] = message_key


def flush() -> None:
    """Show the queued confirmation, if any (once)."""
    message_key = st.session_state.pop(PENDING_KEY, None)
    if isinstance(message_key, str):
        st.toast(tr(message_key), icon=ICONS.get(message_key, ":material/check_circle:"), duration="short")
