"""Feedback after an action: a short toast ("Opgeslagen", "Ongedaan gemaakt", ...).

A toast floats over the page, so the layout never moves under the user's pointer the
way a message drawn into the page would. Actions run in widget callbacks, before the
page script, so :func:`confirm` only queues the message and :func:`flush` (called once
per page, by ``ui.layout.page``) shows it. The queue keeps only the last message of a
run: one click gives one toast, even when it saved twice.
"""

from __future__ import annotations

import streamlit as st

from decision.errors import DecisionError, FileErrors
from ui import state
from ui.state import tr
from ui.text import md

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


def show_refusal(err: DecisionError) -> None:
    """A refusal on screen; a file with several problems as a list, each quoted as plain text."""
    lang = state.lang()
    if isinstance(err, FileErrors) and len(err.problems) > 1:
        heading, lines, rest = err.parts(lang)
        items = "\n".join(f"- {md(line)}" for line in lines)
        st.error(f"{md(heading)}\n\n{items}" + (f"\n\n{md(rest)}" if rest else ""), icon=":material/error:")
    else:
        st.error(err.localized(lang), icon=":material/error:")


def show_outcome(error_key: str, done_key: str) -> None:
    """What an import's last action left in the session: its refusal, or what it did.

    Drawn into the page, not as a toast: a refusal names every problem of a file, and the
    success names what came in; both stay until the next action of that import.
    """
    refused = st.session_state.get(error_key)
    if isinstance(refused, DecisionError):
        show_refusal(refused)
    done = st.session_state.get(done_key)
    if done:
        st.success(done, icon=":material/check_circle:")
