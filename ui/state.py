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
from decision.errors import DecisionError, StorageError
from decision.files import paths
from decision.files.criteria_sets import load_criteria_sets
from decision.files.workshop_file import load_workshop
from decision.store import Store, StoredWorkshop, open_store
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
def store() -> Store:
    """One store per server process (at ``$KOPPELKANSEN_DB``); it is safe to share between sessions."""
    return open_store()


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
    stored = current_stored()
    return None if stored is None else stored.workshop


def current_stored() -> StoredWorkshop | None:
    """The open workshop with the version it was read at (what an edit of it is based on)."""
    wid = current_id()
    if wid is None:
        return None
    try:
        return store().workshops.load(wid)
    except StorageError:
        return None


def open_workshop(workshop_id: str) -> None:
    """Make a stored workshop the open one (call from a callback, before the picker renders)."""
    st.session_state[WORKSHOP_KEY] = workshop_id
    st.query_params[WORKSHOP_KEY] = workshop_id
    st.session_state.pop(UNDO_KEY, None)


def create(w: Workshop) -> str:
    wid = store().workshops.create(w)
    open_workshop(wid)
    return wid


RENDERED_KEY = "_rendered"


def remember_rendered(stored: StoredWorkshop) -> None:
    """The version the page draws its widgets from: what the next edit is made against."""
    st.session_state[RENDERED_KEY] = stored


def _edit_base() -> StoredWorkshop | None:
    """What the user saw when they made the edit (their widgets were drawn from it).

    The save carries that version, so whatever others did in the meantime
    (participants joining and scoring in a live round) is merged in, not overwritten.
    """
    stored = st.session_state.get(RENDERED_KEY)
    return stored if stored is not None and stored.id == current_id() else current_stored()


def _remember(before: Workshop, after: StoredWorkshop) -> None:
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
    if base is not None and base.workshop == w:
        return
    try:
        store().workshops.save(wid, w, base=base, actor=actor())
    except DecisionError as err:  # e.g. criteria locked during a round: say so, keep the old version
        st.session_state[FLASH_KEY] = err.localized(lang())
        return
    saved = store().workshops.load(wid)  # what is stored now, with its version
    if base is not None:
        _remember(base.workshop, saved)
    remember_rendered(saved)  # a second edit in the same run builds on this one


def commit_scores(updates: Mapping[ScoreKey, float | None], remove: Iterable[ScoreKey] = ()) -> None:
    """Save some scores (None is "weet niet"); a cheaper write than :func:`commit`."""
    wid = current_id()
    if wid is None:
        return
    base = _edit_base()
    remove = list(remove)
    store().workshops.set_scores(wid, updates, remove, actor=actor())
    if base is not None:
        saved = store().workshops.load(wid)
        _remember(base.workshop, saved)
        remember_rendered(saved)


def can_undo() -> bool:
    return bool(st.session_state.get(UNDO_KEY))


def undo() -> None:
    """Take back the last edit of this session, and only that edit."""
    history = st.session_state.get(UNDO_KEY) or []
    wid = current_id()
    if history and wid:
        before, after = history.pop()
        try:
            store().workshops.save(wid, before, base=after, actor=actor())
        except DecisionError as err:
            st.session_state[FLASH_KEY] = err.localized(lang())


def unlocked(workshop_id: str) -> bool:
    """Whether this browser session may act as facilitator of the workshop."""
    return not store().pins.has_pin(workshop_id) or workshop_id in st.session_state.get("unlocked", set())


def unlock(workshop_id: str) -> None:
    st.session_state.setdefault("unlocked", set()).add(workshop_id)


# The caches below are keyed on (workshop id, version) and computed from ``_w``, the
# content of exactly that version: the caller loads once and passes both, so a write
# landing between reading the version and reading the content can never file one
# version's ranking under another's key. (Leading underscore: not hashed.)
@st.cache_data(max_entries=64, show_spinner=False)
def cached_ranking(workshop_id: str, version: int, method: str, aggregation: str, _w: Workshop):
    from decision.domain.analysis import rank_workshop

    return rank_workshop(_w, method, aggregation)


def ranking(method: str = "wsm", aggregation: str = "mean"):
    """The ranking of the open workshop, computed once per stored version."""
    stored = store().workshops.load(current_id() or "")
    return cached_ranking(stored.id, stored.version, method, aggregation, stored.workshop)


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
    _w: Workshop,
):
    from decision.domain.sensitivity import UNCERTAINTY, analyse

    trial = _w.with_weights(dict(weights))
    return analyse(
        trial,
        method=method,
        aggregation=aggregation,
        k=k,
        concentration=UNCERTAINTY[level],
        participants=people,
    )


def sensitivity(weights: dict[str, float], method: str, aggregation: str, k: int, level: str, people: bool):
    """The robustness report for trial weights, computed once per input."""
    stored = store().workshops.load(current_id() or "")
    key = tuple(sorted(weights.items()))
    return _sensitivity(
        stored.id, stored.version, key, method, aggregation, k, level, people, stored.workshop
    )
