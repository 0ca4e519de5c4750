"""Page frame: title, presentation mode, and the guard for pages that need a workshop."""

from __future__ import annotations

import streamlit as st

from decision.domain.model import Workshop
from ui import access_panel, feedback, state
from ui.state import tr
from ui.text import md

# Our own fixed stylesheets (no user text goes in here).
#
# The projector: type large enough for the back of the room (24 px body), little room
# spent above the section, large Vorige / Volgende buttons (ui/presentation.py) and
# the list of sections in smaller type, one row (it scrolls sideways where it does not fit).
PRESENTATION_CSS = """
<style>
html { font-size: 24px; }
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"] { display: none; }
div[data-testid="stMainBlockContainer"] {
  padding: 3rem 2rem 2rem 2rem; max-width: 1800px;
}
div[data-testid="stMainBlockContainer"] div[data-testid="stVerticalBlock"] { gap: 0.55rem; }
h1 { font-size: 1.5rem !important; padding: 0 !important; }
h2 { font-size: 1.4rem !important; }
h3 { font-size: 1.25rem !important; }
h4 { font-size: 1.05rem !important; }
div[class*="__slide_row"] { flex-wrap: nowrap; }
div[class*="__slide_row"] > div:has(div[data-testid="stButtonGroup"]) { flex: 1 1 0; min-width: 0; }
div[class*="__slide_prev"] button, div[class*="__slide_next"] button {
  font-size: 1rem; min-height: 2.4rem; padding: 0.25rem 1rem; white-space: nowrap;
}
div[class*="__slide_row"] div[data-testid="stButtonGroup"] button { font-size: 0.7rem; min-height: 1.8rem; }
div[class*="__slide_row"] div[data-testid="stButtonGroup"] button p { font-size: 0.7rem; }
div[class*="st-key-top_card_"] { gap: 0.2rem; padding-top: 0.4rem; padding-bottom: 0.4rem; }
div[class*="st-key-top_card_"] h3 { padding-top: 0.2rem; }
</style>
"""

# Phones (390 px): the charts are drawn twice, for a wide screen and for a narrow one
# (ui/figures.py), and the screen's width picks which one shows; the same goes for
# the ranking table (a compact one: rank, name, score). Segmented controls wrap onto
# several rows instead of running off the screen.
NARROW_CSS = """
<style>
div[class*="st-key-fit_narrow_"] { display: none; }
@media (max-width: 640px) {
  div[class*="st-key-fit_wide_"] { display: none; }
  div[class*="st-key-fit_narrow_"] { display: flex; }
  div[data-testid="stButtonGroup"] > div { flex-wrap: wrap; }
  div[data-testid="stButtonGroup"] button { max-width: 100%; white-space: normal; }
}
</style>
"""

# The projector: each chart is drawn for a screen of 768 px high and one of 1080 px
# (ui/figures.py), and the screen's height picks which one shows.
TALL_CSS = """
<style>
div[class*="st-key-fit_tall_"] { display: none; }
@media (min-height: 1000px) {
  div[class*="st-key-fit_short_"] { display: none; }
  div[class*="st-key-fit_tall_"] { display: flex; }
}
</style>
"""


def _stop_presenting() -> None:
    st.session_state["presentation"] = False


def page(title_key: str, intro_key: str | None = None, *, needs_workshop: bool = True) -> Workshop | None:
    """Draw the page title; return the open workshop (or stop with a hint when there is none)."""
    st.html(NARROW_CSS)
    feedback.flush()
    if state.presenting():
        st.html(PRESENTATION_CSS)
        st.html(TALL_CSS)
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
    """Always in its place, and disabled while there is nothing to undo: a button that
    appeared after the first save would push the page down under the user's pointer."""
    st.button(
        tr("layout.undo"),
        icon=":material/undo:",
        on_click=state.on(state.undo),
        key="undo",
        disabled=not state.can_undo(),
        help=None if state.can_undo() else tr("layout.nothing_to_undo"),
    )


def how_it_works(text_key: str) -> None:
    """The methods' own words (bootstrap, TOPSIS, ...) folded away, so the page itself speaks plainly."""
    with st.expander(tr("howto.title"), icon=":material/help:"):
        st.markdown(tr(text_key))
