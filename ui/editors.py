"""Table editors that save on every change.

``st.data_editor`` loses every second edit when its output is fed back as its
input, so the frame shown is derived from the *stored* workshop, the widget key
carries the workshop version (a new version means a fresh editor), and the
edits are applied in ``on_change`` through :func:`decision.files.tables.apply_edits`.

That fresh editor after every save takes the focus away from the grid, and a grid
cell loses the first characters typed right after the click that opens it. So where
a user types names or longer texts (participants, koppelkansen) the rows are added
through a small form next to the table and the texts edited in a form, and those
tables only delete rows (``num_rows="delete"``); a row the grid adds and nobody fills
in is never stored (the ``*_from_frame`` functions drop rows with nothing in them, so
the workshop is unchanged and the editor keeps its key and its pending row).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from decision.domain.model import Workshop
from decision.errors import DecisionError
from decision.files.tables import apply_edits
from ui import state


def saving_editor(
    name: str,
    frame: pd.DataFrame,
    to_workshop: Callable[[pd.DataFrame], Workshop],
    **editor_args,
) -> None:
    """A data editor whose every change is validated and saved, or refused with a message."""
    wid = state.current_id()
    assert wid is not None  # drawn only while a workshop is open
    key = f"{name}_{state.store().workshops.version(wid)}"
    error_key = f"{name}_error"

    def changed() -> None:
        try:
            updated = to_workshop(apply_edits(frame, st.session_state[key]))
        except DecisionError as err:
            st.session_state[error_key] = err.localized(state.lang())
            return
        state.commit(updated)

    message = st.session_state.pop(error_key, None)
    if message:
        st.error(message, icon=":material/error:")
    st.data_editor(frame, key=key, on_change=state.on(changed), hide_index=True, **editor_args)
