"""Adding koppelkansen from a CSV list (Dutch Excel ``;`` or international ``,``).

A list with mistakes is shown with *every* mistake at once (:class:`~decision.errors.FileErrors`),
so the team fixes the sheet in one go; nothing is added until the list is clean. The
message that the koppelkansen were added stays on screen until the next action on
this part: the add button's own rerun (and the uploader emptied by it) must not wipe it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from decision.domain.model import Workshop
from decision.errors import DecisionError
from decision.files.cells import ESCAPE, LIST_SEPARATOR
from decision.files.csv_import import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    merge_kansen,
    parse_kansen_csv,
)
from decision.files.limits import MAX_CSV_MB, MAX_CSV_ROWS
from decision.text import formatting
from ui import state
from ui.feedback import show_outcome, show_refusal
from ui.state import tr
from ui.text import md

ERROR_KEY = "csv_error"  # the refusal of the last add, kept until the next action here
DONE_KEY = "csv_done"  # "N koppelkansen toegevoegd", kept until the next action here


def _upload_key() -> str:
    # A new key empties the uploader after a successful import.
    return f"kansen_csv_{st.session_state.get('csv_nonce', 0)}"


def _parsed():
    upload = st.session_state.get(_upload_key())
    if upload is None:
        return None
    return parse_kansen_csv(upload.getvalue(), upload.name)


def _new_action() -> None:
    """The user did something new here: earlier outcomes no longer apply."""
    st.session_state.pop(ERROR_KEY, None)
    st.session_state.pop(DONE_KEY, None)


def _add(replace_existing: bool) -> None:
    _new_action()
    w = state.current()
    try:
        imported = _parsed()
        if w is None or imported is None:
            return
        stored = state.commit(
            merge_kansen(w, imported, replace_existing=replace_existing), confirm_key="feedback.imported"
        )
    except DecisionError as err:
        st.session_state[ERROR_KEY] = err
        return
    if not stored:  # refused (no access, a round open, a full disk): the page says why, and only that
        return
    done = tr("csv.added", n=len(imported.kansen))
    st.session_state[DONE_KEY] = done
    st.toast(done, icon=":material/check_circle:")
    st.session_state["csv_nonce"] = st.session_state.get("csv_nonce", 0) + 1


def kansen_csv_import(current: Workshop | None) -> None:
    st.write(
        tr(
            "csv.explain_columns",
            required=", ".join(REQUIRED_COLUMNS),
            optional=", ".join(OPTIONAL_COLUMNS),
            escaped_separator=md(ESCAPE + LIST_SEPARATOR),  # shown as typed, not read as Markdown
        )
    )
    # No per-widget max_upload_size: a list over the cap then gets the app's own message
    # (in the user's language, naming the file) instead of Streamlit's English one.
    st.file_uploader(
        tr("csv.upload"), type=["csv", "txt"], key=_upload_key(), on_change=state.on(_new_action)
    )
    st.caption(tr("csv.limits", rows=MAX_CSV_ROWS, size=f"{MAX_CSV_MB} MB"))
    show_outcome(ERROR_KEY, DONE_KEY)
    try:
        imported = _parsed()
    except DecisionError as err:
        show_refusal(err)
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
    if imported.own_projects:
        st.caption(tr("csv.own_projects", rows=", ".join(str(r) for r in imported.own_projects)))
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
