"""Presentation mode: one section per screen, stepped through with large buttons or the arrow keys.

On the projector the room looks at one thing at a time: the top three, the ranking,
one chart. :func:`slides` draws a row with "Vorige", the list of sections and
"Volgende" (the arrow keys ← → press those two buttons, through Streamlit's own
button shortcuts, which leave keys typed in a field alone), then only the chosen
section. The controls that change what is shown (method, aggregation, the weights)
are for the facilitator, not the room: :func:`settings` folds them into a collapsed
"Instellingen" expander under the section.

Outside presentation mode :func:`settings` is a plain container, so a page writes its
controls once for both modes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui import state
from ui.state import tr

PREVIOUS_SHORTCUT = "Left"
NEXT_SHORTCUT = "Right"


def nav_key(key: str, part: str) -> str:
    """The widget key of one part of the slide row (its CSS class is ``st-key-<that>``)."""
    return f"{key}__slide_{part}"


def section_key(key: str) -> str:
    """The key of the container that holds the shown section (the browser tests measure it)."""
    return f"{key}__section"


def _step(key: str, options: Sequence[str], delta: int) -> None:
    current = st.session_state.get(key)
    at = options.index(current) if current in options else 0
    st.session_state[key] = options[max(0, min(len(options) - 1, at + delta))]


def current(options: Sequence[str], key: str) -> str:
    """The section shown now; the first one when the stored key names none of them
    (first visit, or a section a link named that this page does not have)."""
    chosen = st.session_state.get(key)
    if chosen not in options:
        chosen = st.session_state[key] = options[0]
    return str(chosen)


def slides(
    sections: Mapping[str, Callable[[], None]],
    label: Callable[[str], str],
    *,
    key: str = "slide",
    title: str | None = None,
) -> str:
    """Draw the slide row and the chosen section; return the chosen section's key.

    ``sections`` maps a section's key to the function that draws it, in showing
    order; ``label`` gives a section's name. The chosen section is kept in session
    state under ``key`` (a segmented control of that key), so it survives a rerun
    and can be bound to the URL. ``title`` names the list of sections for screen
    readers (it is not shown).
    """
    options = list(sections)
    chosen = current(options, key)
    at = options.index(chosen)
    with st.container(
        horizontal=True,
        vertical_alignment="center",
        gap="small",
        key=nav_key(key, "row"),
    ):
        st.button(
            tr("presentation.previous"),
            icon=":material/arrow_back:",
            key=nav_key(key, "prev"),
            disabled=at == 0,
            shortcut=PREVIOUS_SHORTCUT,
            on_click=state.on(_step, key, options, -1),
        )
        st.segmented_control(
            title or tr("presentation.sections"),
            options,
            required=True,
            key=key,
            format_func=label,
            label_visibility="collapsed",
        )
        st.button(
            tr("presentation.next"),
            icon=":material/arrow_forward:",
            icon_position="right",
            key=nav_key(key, "next"),
            disabled=at == len(options) - 1,
            shortcut=NEXT_SHORTCUT,
            type="primary",
            on_click=state.on(_step, key, options, +1),
        )
    chosen = current(options, key)
    with st.container(key=section_key(key)):
        sections[chosen]()
    return chosen


def settings() -> DeltaGenerator:
    """Where a page puts its controls: a collapsed "Instellingen" expander when presenting
    (the room sees only the section), the page itself otherwise."""
    if state.presenting():
        return st.expander(tr("presentation.settings"), expanded=False, icon=":material/tune:")
    return st.container()
