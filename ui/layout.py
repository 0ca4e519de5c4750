"""Page frame: title, presentation mode, and the guard for pages that need a workshop."""

from __future__ import annotations

import streamlit as st

from decision.model import Workshop
from ui import state
from ui.state import tr

# Our own fixed stylesheet for the projector (no user text goes in here).
PRESENTATION_CSS = """
<style>
html { font-size: 23px; }
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"] { display: none; }
div[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; max-width: 1500px; }
h1 { font-size: 2.6rem !important; }
h2 { font-size: 2.0rem !important; }
</style>
"""


def _stop_presenting() -> None:
    st.session_state["presentation"] = False


def page(title_key: str, intro_key: str | None = None, *, needs_workshop: bool = True) -> Workshop | None:
    """Draw the page title; return the open workshop (or stop with a hint when there is none)."""
    if state.presenting():
        st.html(PRESENTATION_CSS)
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.title(tr(title_key))
        right.button(
            tr("layout.stop_presenting"), icon=":material/close_fullscreen:", on_click=_stop_presenting
        )
    else:
        st.title(tr(title_key))
        if intro_key:
            st.caption(tr(intro_key))
    w = state.current()
    if needs_workshop and w is None:
        st.info(tr("layout.no_workshop"), icon=":material/info:")
        st.page_link("pages/start.py", label=tr("layout.go_start"), icon=":material/home:")
        st.stop()
    return w


def undo_button() -> None:
    if state.can_undo():
        st.button(tr("layout.undo"), icon=":material/undo:", on_click=state.undo, key="undo")


def show_error(err: Exception) -> None:
    """A DecisionError in the chosen language; never a traceback."""
    message = err.localized(state.lang()) if hasattr(err, "localized") else str(err)
    st.error(message, icon=":material/error:")
