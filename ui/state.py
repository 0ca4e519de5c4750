"""The open workshop, the language, and the single door through which edits are saved.

The workshop lives in the store (SQLite), not in the browser session: its id is
kept in the URL (``?w=…``, bound to the sidebar picker), so a reload, a second
tab or a server restart finds the same workshop. Every edit goes through
:func:`commit` or :func:`commit_scores` and is written at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import streamlit as st

from decision.domain.model import CriteriaSet, ScoreKey, Workshop
from decision.errors import DecisionError
from decision.files import paths
from decision.files.criteria_sets import load_criteria_sets
from decision.files.workshop_file import load_workshop
from decision.store.storage import SqliteStore, StorageError
from decision.text.i18n import t
from ui import catalog

WORKSHOP_KEY = "w"  # the open workshop's code, bound to the URL
PICKER_KEY = "w_pick"
UNDO_KEY = "_undo"
UNDO_DEPTH = 20
FLASH_KEY = "_flash_error"  # a refused save, shown on the next run of the page


def lang() -> str:
    return "en" if st.session_state.get("lang") == "en" else "nl"


def tr(key: str, /, **params: object) -> str:
    """A text in the session's language: the app's catalog first, then the engine's."""
    return catalog.t(key, lang(), **params)


def presenting() -> bool:
    return bool(st.session_state.get("presentation"))


@st.cache_resource
def store() -> SqliteStore:
    """One store per server process; it is safe to share between sessions."""
    return SqliteStore()


@st.cache_data
def criteria_sets() -> dict[str, CriteriaSet]:
    return load_criteria_sets(paths.CRITERIA_DIR)


@st.cache_data
def example_workshop() -> Workshop:
    return load_workshop(paths.EXAMPLE_WORKSHOP)


def current_id() -> str | None:
    wid = st.session_state.get(WORKSHOP_KEY)
    return wid or None


def current() -> Workshop | None:
    wid = current_id()
    if wid is None:
        return None
    try:
        return store().load(wid).workshop
    except StorageError:
        return None


def open_workshop(workshop_id: str) -> None:
    """Make a stored workshop the open one (call from a callback, before the picker renders)."""
    st.session_state[WORKSHOP_KEY] = workshop_id
    st.query_params[WORKSHOP_KEY] = workshop_id
    st.session_state.pop(UNDO_KEY, None)


def create(w: Workshop) -> str:
    wid = store().create(w)
    open_workshop(wid)
    return wid


RENDERED_KEY = "_rendered"


def remember_rendered(w: Workshop) -> None:
    """The version the page draws its widgets from: what the next edit is made against."""
    st.session_state[RENDERED_KEY] = (current_id(), w)


def _edit_base() -> Workshop | None:
    """What the user saw when they made the edit (their widgets were drawn from it).

    Saving only the difference against that version means that whatever others
    did in the meantime (participants joining and scoring in a live round) stays.
    """
    wid, w = st.session_state.get(RENDERED_KEY, (None, None))
    return w if wid == current_id() and w is not None else current()


def _remember(before: Workshop, after: Workshop) -> None:
    history = st.session_state.setdefault(UNDO_KEY, [])
    history.append((before, after))
    del history[:-UNDO_DEPTH]


def actor() -> str:
    """Who is editing, for the besluitlog."""
    return st.session_state.get("actor_name") or t("log.facilitator", "nl")


def commit(w: Workshop) -> None:
    """Save an edited workshop at once, and keep the edit for undo.

    Only the difference with the version the edit was made against is written,
    so changes others make at the same moment are never overwritten.
    """
    wid = current_id()
    if wid is None:
        return
    base = _edit_base()
    if base is not None and base == w:
        return
    try:
        store().save(wid, w, base=base, actor=actor())
    except DecisionError as err:  # e.g. criteria locked during a round: say so, keep the old version
        st.session_state[FLASH_KEY] = err.localized(lang())
        return
    if base is not None:
        _remember(base, w)
    remember_rendered(w)  # a second edit in the same run builds on this one


def commit_scores(updates: Mapping[ScoreKey, float | None], remove: Iterable[ScoreKey] = ()) -> None:
    """Save some scores (None is "weet niet"); a cheaper write than :func:`commit`."""
    wid = current_id()
    if wid is None:
        return
    base = _edit_base()
    remove = list(remove)
    store().set_scores(wid, updates, remove, actor=actor())
    if base is not None:
        after = base.with_scores(updates, remove=remove)
        _remember(base, after)
        remember_rendered(after)


def can_undo() -> bool:
    return bool(st.session_state.get(UNDO_KEY))


def undo() -> None:
    """Take back the last edit of this session, and only that edit."""
    history = st.session_state.get(UNDO_KEY) or []
    wid = current_id()
    if history and wid:
        before, after = history.pop()
        try:
            store().save(wid, before, base=after, actor=actor())
        except DecisionError as err:
            st.session_state[FLASH_KEY] = err.localized(lang())


def unlocked(workshop_id: str) -> bool:
    """Whether this browser session may act as facilitator of the workshop."""
    return not store().has_pin(workshop_id) or workshop_id in st.session_state.get("unlocked", set())


def unlock(workshop_id: str) -> None:
    st.session_state.setdefault("unlocked", set()).add(workshop_id)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_ranking(workshop_id: str, version: int, method: str, aggregation: str):
    from decision.domain.analysis import rank_workshop

    return rank_workshop(store().load(workshop_id).workshop, method, aggregation)


def ranking(method: str = "wsm", aggregation: str = "mean"):
    """The ranking of the open workshop, computed once per stored version."""
    wid = current_id()
    return cached_ranking(wid, store().version(wid), method, aggregation)


@st.cache_data(max_entries=64, show_spinner=False)
def _sensitivity(
    workshop_id: str,
    version: int,
    weights: tuple,
    method: str,
    aggregation: str,
    k: int,
    level: str,
    people: bool,
):
    from decision.domain.sensitivity import UNCERTAINTY, analyse

    w = store().load(workshop_id).workshop.with_weights(dict(weights))
    return analyse(
        w,
        method=method,
        aggregation=aggregation,
        k=k,
        concentration=UNCERTAINTY[level],
        participants=people,
    )


def sensitivity(weights: dict[str, float], method: str, aggregation: str, k: int, level: str, people: bool):
    """The robustness report for trial weights, computed once per input."""
    wid = current_id()
    key = tuple(sorted(weights.items()))
    return _sensitivity(wid, store().version(wid), key, method, aggregation, k, level, people)
