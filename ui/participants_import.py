"""Adding participants from a list of names and roles: a CSV file, or text pasted from Excel.

Drawn on Scoren, in the participants part, by :func:`participants_import`. The list
is read as it is given (:mod:`decision.files.participants_import`): every problem is
shown at once with its row, and nothing is added until the list is clean. What the
list would do (new people, new roles, people already known) is shown before the
button that adds them; the outcome stays on screen until the next action here.
"""

from __future__ import annotations

import streamlit as st

from decision.domain.model import Workshop
from decision.errors import DecisionError
from decision.files.limits import MAX_CSV_MB, MAX_PARTICIPANTS
from decision.files.participants_import import ParticipantsImport, merge_participants, parse_participants
from ui import state
from ui.feedback import show_outcome, show_refusal
from ui.state import tr

ERROR_KEY = "people_import_error"
DONE_KEY = "people_import_done"
NONCE_KEY = "people_import_nonce"  # a new nonce gives an empty uploader and text field after adding
PASTE_CHARS = 20_000  # 200 people with long names and roles fit; a CSV file may be larger


def _keys() -> tuple[str, str]:
    nonce = st.session_state.get(NONCE_KEY, 0)
    return f"people_csv_{nonce}", f"people_text_{nonce}"


def _listed() -> ParticipantsImport | None:
    """The list given: the file if one is chosen, else the pasted text; None when neither."""
    file_key, text_key = _keys()
    upload = st.session_state.get(file_key)
    if upload is not None:
        return parse_participants(upload.getvalue(), upload.name)
    text = (st.session_state.get(text_key) or "").strip()
    if text:
        return parse_participants(text, tr("people.pasted"))
    return None


def _new_action() -> None:
    st.session_state.pop(ERROR_KEY, None)
    st.session_state.pop(DONE_KEY, None)


def _add() -> None:
    _new_action()
    w = state.current()
    try:
        listed = _listed()
        if w is None or listed is None:
            return
        merged = merge_participants(w, listed)
    except DecisionError as err:
        st.session_state[ERROR_KEY] = err
        return
    if not state.commit(merged.workshop):
        return  # refused (no access, a conflict): the page says why
    done = tr("people.import_done", added=merged.added, updated=merged.updated)
    st.session_state[DONE_KEY] = done
    st.toast(done, icon=":material/check_circle:")
    st.session_state[NONCE_KEY] = st.session_state.get(NONCE_KEY, 0) + 1


def participants_import(w: Workshop) -> None:
    """The list import, under the participants table of the open workshop."""
    file_key, text_key = _keys()
    st.markdown(f"**{tr('people.import_title')}**")
    st.caption(tr("people.import_explain"))
    left, right = st.columns(2)
    left.file_uploader(
        tr("people.import_file"),
        type=["csv", "txt"],
        key=file_key,
        on_change=state.on(_new_action),
        help=tr("csv.limits", rows=MAX_PARTICIPANTS, size=f"{MAX_CSV_MB} MB"),
    )
    right.text_area(
        tr("people.import_text"),
        key=text_key,
        max_chars=PASTE_CHARS,
        placeholder="Sanne de Vries;projectleider warmte\nAhmed Yilmaz;bewoner",
        on_change=state.on(_new_action),
    )
    show_outcome(ERROR_KEY, DONE_KEY)
    try:
        listed = _listed()
        merged = merge_participants(w, listed) if listed is not None else None
    except DecisionError as err:
        show_refusal(err)
        return
    if listed is None or merged is None:
        return
    st.caption(
        tr(
            "people.import_preview",
            n=len(listed.people),
            added=merged.added,
            updated=merged.updated,
            unchanged=merged.unchanged,
        )
    )
    st.button(
        tr("people.import_add"),
        icon=":material/group_add:",
        key="people_import_add",
        on_click=state.on(_add),
        disabled=not (merged.added or merged.updated),
    )
