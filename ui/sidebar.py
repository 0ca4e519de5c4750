"""The widgets every page shares, rendered by app.py in the sidebar.

They carry keys and are bound to the URL, so they keep their value on every
page and after a reload of the shared screen.
"""

from __future__ import annotations

import streamlit as st

from decision.store.access import listable
from ui.state import PICKER_KEY, UNDO_KEY, WORKSHOP_KEY, granted_ids, on, store, tr
from ui.text import unique_labels

LANGS = ("nl", "en")


def language_switch() -> None:
    """Dutch or English; a link with ``?lang=en`` opens the app in English.

    The link's language is taken over by hand on a session's first run, before the
    switch is drawn, so every text of that run (the page titles in the navigation
    too) is already in it; after that the switch decides, and, bound to the address,
    keeps ``lang`` there in step with it.
    """
    wanted = st.query_params.get("lang")
    if "lang" not in st.session_state and wanted in LANGS:
        st.session_state["lang"] = wanted
    st.sidebar.segmented_control(
        "Taal / Language",
        options=list(LANGS),
        format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
        default=None if "lang" in st.session_state else "nl",
        required=True,
        key="lang",
        bind="query-params",
    )


def _picked(key: str) -> None:
    st.session_state[WORKSHOP_KEY] = st.session_state.get(key) or ""
    st.session_state.pop(UNDO_KEY, None)


def _label(name: str, neighbourhood: str) -> str:
    return " · ".join(x for x in (name, neighbourhood) if x)


def workshop_picker() -> None:
    """Which workshop is open: this session's own workshops and the open ones (see ``listable``).

    Archived workshops are left out: they wait in the Start page's archive section,
    to be restored or deleted there. The workshop that is open is always listed,
    also when it was archived a moment ago, so the picker names what is shown.

    The open workshop's code is kept in the URL (``?w=…``), so a reload or a shared
    link opens the same workshop. It is synced by hand: a picker bound to the URL
    would put the workshop's name there instead of its code.
    """
    from_url = st.query_params.get(WORKSHOP_KEY)
    if WORKSHOP_KEY not in st.session_state and from_url and store().workshops.exists(from_url):
        st.session_state[WORKSHOP_KEY] = from_url
    wanted = st.session_state.get(WORKSHOP_KEY) or None
    recent = listable(store().workshops.list_recent(50, archived=False), granted_ids())
    options = [s.id for s in recent]
    labels = {s.id: _label(s.name, s.neighbourhood) for s in recent}
    if wanted and wanted not in options and store().workshops.exists(wanted):
        options.insert(0, wanted)
        shown = store().workshops.load(wanted).workshop
        labels[wanted] = _label(shown.name, shown.neighbourhood)
    labels = unique_labels(labels)
    # Keyed on the open workshop: opening another one elsewhere gives a fresh picker
    # instead of a stale one that would switch back.
    key = f"{PICKER_KEY}_{wanted}"
    st.sidebar.selectbox(
        tr("sidebar.workshop"),
        options=options,
        index=options.index(wanted) if wanted in options else None,
        format_func=lambda wid: labels.get(wid, wid),
        placeholder=tr("sidebar.no_workshop"),
        key=key,
        on_change=on(_picked, key),
    )
    if wanted and st.query_params.get(WORKSHOP_KEY) != wanted:
        st.query_params[WORKSHOP_KEY] = wanted


def presentation_switch() -> None:
    st.sidebar.toggle(
        tr("sidebar.presentation"),
        key="presentation",
        help=tr("sidebar.presentation_help"),
        bind="query-params",
    )
