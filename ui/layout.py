"""Page frame: title, presentation mode, and the guard for pages that need a workshop."""

from __future__ import annotations

import streamlit as st

from decision.domain.model import Workshop
from ui import access_panel, state
from ui.state import tr
from ui.text import md

# Our own fixed stylesheet for the projector (no user text goes in here).
PRESENTATION_CSS = """
<style>
html { font-size: 23px; }
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"] { display: none; }
div[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; max-width: 1500px; }
h1 { font-size: 2.6rem !important; }
h2 { font-size: 2.0rem !important; }
h3 { font-size: 1.5rem !important; }
</style>
"""

# Our own fixed stylesheet for phones (no user text goes in here). The charts are laid
# out for at least 640 px (titles, legends and name labels need the room); squeezed
# into a phone's width their plot area shrinks to a sliver and their titles are cut
# off. Below that width each chart keeps 640 px and scrolls sideways in its own
# frame, like a wide table does, while the page itself never scrolls sideways.
NARROW_CSS = """
<style>
@media (max-width: 640px) {
  div[data-testid="stElementContainer"]:has(div[data-testid="stPlotlyChart"]) { overflow-x: auto; }
  div[data-testid="stElementContainer"]:has(div[data-testid="stPlotlyChart"]) > * { min-width: 640px; }
}
</style>
"""


def _stop_presenting() -> None:
    st.session_state["presentation"] = False


def page(title_key: str, intro_key: str | None = None, *, needs_workshop: bool = True) -> Workshop | None:
    """Draw the page title; return the open workshop (or stop with a hint when there is none)."""
    st.html(NARROW_CSS)
    if state.presenting():
        st.html(PRESENTATION_CSS)
        # The button keeps its full label; the title takes the rest of the row.
        with st.container(horizontal=True, vertical_alignment="center", gap="medium", wrap=False):
            st.title(tr(title_key))
            st.button(
                tr("layout.stop_presenting"),
                icon=":material/close_fullscreen:",
                on_click=state.on(_stop_presenting),
            )
    else:
        st.title(tr(title_key))
        if intro_key:
            st.caption(tr(intro_key))
    flash = st.session_state.pop(state.FLASH_KEY, None)
    if flash:
        st.error(flash, icon=":material/lock:")
    stored = state.current_stored()
    w = stored.workshop if stored is not None else None
    if w is not None:
        conflict_notice()
    if needs_workshop and w is None:
        st.info(tr("layout.no_workshop"), icon=":material/info:")
        st.page_link("screens/start.py", label=tr("layout.go_start"), icon=":material/home:")
        st.stop()
    if stored is not None and not state.unlocked(stored.id):
        access_panel.pin_gate(stored.id, stored.workshop.name)
        st.stop()
    if stored is not None:
        state.remember_rendered(stored)
        if not state.presenting():
            access_panel.open_notice(stored.id)
            undo_button()
    return w


def conflict_notice() -> None:
    """A save refused because someone else changed the same fields: the message, and
    what the user entered in each, as plain text to copy back. Shown until dismissed,
    so it survives the next click on the page."""
    notice = state.conflict_notice()
    if notice is None:
        return
    st.error(md(notice.message), icon=":material/sync_problem:")
    if notice.refused:
        with st.container(border=True, key="conflict_refused"):
            st.caption(tr("merge.yours"))
            for refused in notice.refused:
                st.markdown(f"**{md(refused.field)}**")
                st.code(refused.value, language=None, wrap_lines=True)
    st.button(
        tr("merge.dismiss"),
        icon=":material/check:",
        on_click=state.on(state.dismiss_conflict),
        key="conflict_ok",
    )


def undo_button() -> None:
    if state.can_undo():
        st.button(tr("layout.undo"), icon=":material/undo:", on_click=state.on(state.undo), key="undo")


def show_error(err: Exception) -> None:
    """A DecisionError in the chosen language; never a traceback."""
    message = err.localized(state.lang()) if hasattr(err, "localized") else str(err)
    st.error(message, icon=":material/error:")
