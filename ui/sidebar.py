"""The widgets every page shares, rendered by app.py in the sidebar.

They carry keys and are bound to the URL, so they keep their value on every
page and after a reload of the shared screen.
"""

from __future__ import annotations

import streamlit as st

from ui.state import WORKSHOP_KEY, store, tr


def language_switch() -> None:
    st.sidebar.segmented_control(
        "Taal / Language",
        options=["nl", "en"],
        format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
        default="nl",
        required=True,
        key="lang",
        bind="query-params",
    )


def workshop_picker() -> None:
    """Which workshop is open. Its id is mirrored into the URL (``?w=…``) by hand
    rather than through ``bind``, which would put the display name in the URL."""
    from_url = st.query_params.get(WORKSHOP_KEY)
    if not st.session_state.get(WORKSHOP_KEY) and from_url and store().exists(from_url):
        st.session_state[WORKSHOP_KEY] = from_url
    recent = store().list_recent(50)
    options = [s.id for s in recent]
    labels = {s.id: " · ".join(x for x in (s.name, s.neighbourhood) if x) for s in recent}
    wanted = st.session_state.get(WORKSHOP_KEY)
    if wanted and wanted not in options:
        if store().exists(wanted):
            options.insert(0, wanted)
            labels[wanted] = store().load(wanted).workshop.name
        else:
            st.session_state[WORKSHOP_KEY] = None
    st.sidebar.selectbox(
        tr("sidebar.workshop"),
        options=options,
        index=None,
        format_func=lambda wid: labels.get(wid, wid),
        placeholder=tr("sidebar.no_workshop"),
        key=WORKSHOP_KEY,
    )
    chosen = st.session_state.get(WORKSHOP_KEY)
    if chosen and st.query_params.get(WORKSHOP_KEY) != chosen:
        st.query_params[WORKSHOP_KEY] = chosen
    elif not chosen and WORKSHOP_KEY in st.query_params:
        del st.query_params[WORKSHOP_KEY]


def presentation_switch() -> None:
    st.sidebar.toggle(
        tr("sidebar.presentation"),
        key="presentation",
        help=tr("sidebar.presentation_help"),
        bind="query-params",
    )
