"""The open workshop, the language, and the single door through which edits are saved.

The workshop lives in the store (SQLite), not in the browser session: its id is
kept in the URL (``?w=…``, bound to the sidebar picker), so a reload, a second
tab or a server restart finds the same workshop. Every edit goes through
:func:`commit` or :func:`commit_scores` and is written at once, against the
stored version the page was drawn from (:func:`remember_rendered`), so two tabs
editing one workshop merge their edits instead of overwriting each other.

Authority is not decided here but by the store, in the transaction of each write
(:mod:`decision.store.access`): this module only carries the session's grants
(one per workshop whose PIN or facilitator link it entered) to every write. A
widget callback that writes is made with :func:`on`, which binds it to the
workshop open when the widget was *drawn*: Streamlit runs callbacks before the
page script, in the order the browser sends them, so the open workshop may have
been switched by another callback of the same click.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass

import streamlit as st

from decision.domain.merge import find_conflicts, merge_workshops
from decision.domain.model import CriteriaSet, ScoreKey, Workshop
from decision.errors import ConflictError, DecisionError, NotFoundError
from decision.files import paths
from decision.files.criteria_sets import load_criteria_sets
from decision.files.workshop_file import load_workshop
from decision.output.joining import public_base_url
from decision.store import AccessState, Client, Ownership, Store, StoredWorkshop, open_store
from decision.store.workshops import new_id
from ui import catalog
from ui import conflicts as conflicts_ui
from ui.memo import per_version

WORKSHOP_KEY = "w"  # the open workshop's code, bound to the URL
PICKER_KEY = "w_pick"
UNDO_KEY = "_undo"
UNDO_DEPTH = 20
FLASH_KEY = "_flash_error"  # a refused save, shown on the next run of the page
GRANTS_KEY = "_grants"  # workshop id -> this session's facilitator grant for it
LINKS_KEY = "_links"  # workshop id -> facilitator link secret made in this session (shown to its maker)
CLIENT_KEY = "_client"  # a random name for this browser session, for slowing down wrong PINs
LINK_PARAM = "f"  # the facilitator link's secret in the URL, taken out at once

# The workshop a running callback was bound to when its widget was drawn (see :func:`on`).
_BOUND: ContextVar[tuple[str | None] | None] = ContextVar("koppelkansen_bound_workshop", default=None)


def lang() -> str:
    return "en" if st.session_state.get("lang") == "en" else "nl"


def tr(key: str, /, **params: object) -> str:
    """A text in the session's language: the app's catalog first, then the engine's."""
    return catalog.t(key, lang(), **params)


def today() -> dt.date:
    """The day the natural moment is counted from (decision.domain.moment); one place, so a
    test can fix the day instead of depending on the clock."""
    return dt.date.today()


def presenting() -> bool:
    return bool(st.session_state.get("presentation"))


@st.cache_resource
def store() -> Store:
    """One store per server process (at ``$KOPPELKANSEN_DB``); it is safe to share between sessions."""
    return open_store()


# The bundled files are read once per server process and shared, not copied per call
# (``cache_data`` would unpickle a copy on every run): they are frozen dataclasses, and a
# change is always a new object (``dataclasses.replace``), never an edit in place.
@st.cache_resource(show_spinner=False)
def criteria_sets() -> dict[str, CriteriaSet]:
    return load_criteria_sets(paths.CRITERIA_DIR)


@st.cache_resource(show_spinner=False)
def example_workshop() -> Workshop:
    return load_workshop(paths.EXAMPLE_WORKSHOP)


def current_id() -> str | None:
    """The open workshop; inside a callback made with :func:`on`, the one it was bound to."""
    bound = _BOUND.get()
    if bound is not None:
        return bound[0]
    wid = st.session_state.get(WORKSHOP_KEY)
    return wid or None


def on(callback: Callable[..., object], /, *args: object, **kwargs: object) -> Callable[[], None]:
    """A widget callback bound to the workshop open now, as the widget is drawn.

    Use it for every callback that changes a workshop: ``on_click=state.on(save, kans.id)``.
    While it runs, :func:`current_id` (and so every read and write of this module)
    names that workshop, whatever another callback of the same click switched to.
    """
    bound = (current_id(),)

    def run() -> None:
        token = _BOUND.set(bound)
        try:
            _guarded(callback)(*args, **kwargs)
        finally:
            _BOUND.reset(token)

    return run


def _guarded(callback: Callable[..., object]) -> Callable[..., object]:
    """The callback, with an unexpected error turned into a message with a reference (``ui.errors``)."""
    from ui.errors import guarded  # ui.errors reads the language from here: imported when used

    return guarded(callback)


def current_stored() -> StoredWorkshop | None:
    """The open workshop as stored now, with its version."""
    wid = current_id()
    if wid is None:
        return None
    try:
        return store().workshops.load(wid)
    except NotFoundError:  # deleted meanwhile; a failing database (StorageFault) is shown by the router
        return None


def current() -> Workshop | None:
    stored = current_stored()
    return stored.workshop if stored is not None else None


def open_workshop(workshop_id: str) -> None:
    """Make a stored workshop the open one (call from a callback, before the picker renders)."""
    st.session_state[WORKSHOP_KEY] = workshop_id
    st.query_params[WORKSHOP_KEY] = workshop_id
    st.session_state.pop(UNDO_KEY, None)


# Streamlit starts the next run of a session as soon as a click arrives, without waiting
# for the run it interrupts to end (fast reruns): the two clicks of a double click can
# run their callbacks at the same time. Making a workshop is rare, so one lock for all
# sessions costs nothing and lets a callback look and create as one step.
CREATION_LOCK = threading.Lock()


def new_workshop_id() -> str:
    """A fresh workshop id, drawn before the workshop is stored (see :func:`create`)."""
    return new_id()


def create(w: Workshop, *, open_it: bool = True, workshop_id: str | None = None) -> str:
    """Store a new workshop and open it; this session becomes its facilitator (its owner).

    Any use of ``st.session_state`` lets Streamlit stop the callback for a click queued
    behind this one, even just after the store wrote the workshop. A caller that must
    find the workshop again (so that a double click makes one) draws ``workshop_id``
    with :func:`new_workshop_id` and notes it *before* calling; ``open_it=False`` leaves
    the opening to it.
    """
    owned: Ownership = store().workshops.create_owned(w, actor=actor(), workshop_id=workshop_id)
    unlock(owned.workshop_id, owned.grant)
    st.session_state.setdefault(LINKS_KEY, {})[owned.workshop_id] = owned.link_secret
    if open_it:
        open_workshop(owned.workshop_id)
    return owned.workshop_id


RENDERED_KEY = "_rendered"
CONFLICT_KEY = "_conflict"  # a save refused as a conflict, with what the user entered
# An undo base whose version is no stored version (those start at 1): the store then
# always merges the undo into what is stored, instead of trusting the base to be current.
UNKNOWN_VERSION = 0


@dataclass(frozen=True)
class Edit:
    """One saved edit, for undo: the stored workshop just before and just after it."""

    before: Workshop
    after: Workshop
    version: int  # the stored version ``after`` is; UNKNOWN_VERSION when not known exactly


def remember_rendered(stored: StoredWorkshop) -> None:
    """The stored version the page draws its widgets from: what the next edit is made against."""
    st.session_state[RENDERED_KEY] = stored


def _edit_base() -> StoredWorkshop | None:
    """What the user saw when they made the edit (their widgets were drawn from it).

    The store merges the edit into whatever was saved since that version, field
    by field, so others' edits (a motivation typed in another tab, participants
    scoring in a live round) stay, and a collision is refused instead of overwritten.
    """
    rendered = st.session_state.get(RENDERED_KEY)
    if isinstance(rendered, StoredWorkshop) and rendered.id == current_id():
        return rendered
    return current_stored()


def _remember(before: StoredWorkshop, after: Workshop, version: int) -> None:
    # Only an edit written straight on top of ``before`` is known exactly; after a
    # write squeezed in between, undo must merge.
    exact = version == before.version + 1
    history = st.session_state.setdefault(UNDO_KEY, [])
    history.append(Edit(before.workshop, after, version if exact else UNKNOWN_VERSION))
    del history[:-UNDO_DEPTH]


def actor() -> str:
    """Who is editing, for the besluitlog: the name the facilitator gave with the PIN, or "".

    Without a name no word is stored: the log shows an unnamed facilitator in the
    reader's language ("begeleider", "facilitator"; see :mod:`decision.output.logview`),
    so a Dutch word kept as data never turns up in an English log.
    """
    return str(st.session_state.get("actor_name") or "").strip()


def _refuse(err: ConflictError, base: Workshop, edited: Workshop, wid: str) -> None:
    """Keep what the user entered in each colliding field, to show under the message."""
    now = current()
    conflicts = find_conflicts(base, edited, now) if now is not None else ()
    st.session_state[CONFLICT_KEY] = conflicts_ui.notice(wid, conflicts, err.fields, lang())


def commit(w: Workshop, *, confirm_key: str = "feedback.saved") -> bool:
    """Save an edited workshop at once, and keep the edit for undo; True when it is stored.

    A stored edit is confirmed with a toast (``confirm_key``, see :mod:`ui.feedback`).

    The page's version is sent along: the store merges the edit into what others
    saved since, field by field, or refuses it when someone changed the same field
    (then nothing is stored, and the page shows what the user entered).
    """
    wid = current_id()
    base = _edit_base()
    if wid is None or base is None:
        return False
    if base.workshop == w:
        return True
    before = store().workshops.load(wid)
    try:
        version = store().workshops.save(wid, w, base=base, grant=grant(wid), actor=actor())
    except ConflictError as err:
        _refuse(err, base.workshop, w, wid)
        return False
    except DecisionError as err:
        # Criteria locked during a round, no facilitator access, a score off its scale, a
        # database that is full or read-only: say so and store nothing. What the user typed
        # stays in its widget (its key keeps it), so it can be saved again after the fix.
        st.session_state[FLASH_KEY] = err.localized(lang())
        return False
    after = store().workshops.load(wid)
    written: Workshop | None = after.workshop
    if not (version == before.version + 1 and after.version == version):
        # Someone saved in between these reads: what this edit wrote is the merge of it
        # into ``before`` (the store merged it into a version just as new or newer).
        try:
            written = merge_workshops(base.workshop, w, before.workshop)
        except ConflictError:
            written = None  # a write in between settled a collision: not offered for undo
    if written is not None:
        _remember(before, written, version)
    remember_rendered(after)  # a second edit in the same run builds on this one
    _confirm(confirm_key)
    return True


def commit_scores(updates: Mapping[ScoreKey, float | None], remove: Iterable[ScoreKey] = ()) -> bool:
    """Save some scores (None is "weet niet"); a cheaper write than :func:`commit`; True when stored.

    Each score is its own row, so scores written by others at the same time stay.
    """
    wid = current_id()
    if wid is None:
        return False
    remove = list(remove)
    before = store().workshops.load(wid)
    try:
        version = store().workshops.set_scores(wid, updates, remove, grant=grant(wid), actor=actor())
    except DecisionError as err:
        st.session_state[FLASH_KEY] = err.localized(lang())
        return False
    _remember(before, before.workshop.with_scores(updates, remove=remove), version)
    remember_rendered(store().workshops.load(wid))
    _confirm("feedback.saved")
    return True


def _confirm(message_key: str) -> None:
    from ui import feedback  # ui.feedback reads the language from here: imported when used

    feedback.confirm(message_key)


def can_undo() -> bool:
    return bool(st.session_state.get(UNDO_KEY))


def undo() -> None:
    """Take back the last edit of this session, and only that edit.

    The edit's inverse is merged into what is stored now (``before`` saved with
    ``after`` as its base), so edits others made since stay; when someone changed
    the same field since, nothing is overwritten and the page says so.
    """
    history = st.session_state.get(UNDO_KEY) or []
    wid = current_id()
    if not history or not wid:
        return
    edit: Edit = history.pop()
    try:
        store().workshops.save(
            wid,
            edit.before,
            base=StoredWorkshop(wid, edit.version, edit.after),
            grant=grant(wid),
            actor=actor(),
        )
        _confirm("feedback.undone")
    except ConflictError as err:
        now = current()
        conflicts = find_conflicts(edit.after, edit.before, now) if now is not None else ()
        fields = ", ".join(c.label(lang()) for c in conflicts) or ", ".join(err.fields)
        st.session_state[FLASH_KEY] = tr("undo.conflict", fields=fields)
    except DecisionError as err:
        st.session_state[FLASH_KEY] = err.localized(lang())


def conflict_notice() -> conflicts_ui.ConflictNotice | None:
    """The refused save of the open workshop still to show, if any."""
    notice = st.session_state.get(CONFLICT_KEY)
    if isinstance(notice, conflicts_ui.ConflictNotice) and notice.workshop_id == current_id():
        return notice
    return None


def dismiss_conflict() -> None:
    st.session_state.pop(CONFLICT_KEY, None)


# -- facilitator access -----------------------------------------------------------------
def grant(workshop_id: str | None) -> str | None:
    """This session's facilitator grant for the workshop, if it has one (the store checks it)."""
    grants = st.session_state.get(GRANTS_KEY) or {}
    return grants.get(workshop_id) if workshop_id else None


def granted_ids() -> set[str]:
    return set(st.session_state.get(GRANTS_KEY) or {})


def unlock(workshop_id: str, workshop_grant: str | None) -> None:
    """Keep a grant the store gave this session (for the right PIN, the link, or creating)."""
    if workshop_grant:
        st.session_state.setdefault(GRANTS_KEY, {})[workshop_id] = workshop_grant


def access(workshop_id: str) -> AccessState:
    return store().access.state(workshop_id, grant(workshop_id))


def unlocked(workshop_id: str) -> bool:
    """Whether this browser session may act as facilitator of the workshop (the store decides)."""
    state = access(workshop_id)
    return state.granted or not state.protected


def client() -> Client:
    """This browser session, as the store counts wrong PINs: a random name, and the address where known."""
    name = st.session_state.get(CLIENT_KEY)
    if not name:
        name = st.session_state[CLIENT_KEY] = secrets.token_urlsafe(16)
    try:
        ip = st.context.ip_address
    except Exception:  # noqa: BLE001 - no request context (a test harness): the session alone counts
        ip = None
    return Client(str(name), ip)


def public_base() -> str:
    """Where participants' phones reach this app: the configured address, else the proxy's
    address this browser came through, else this machine's (decision.output.joining)."""
    try:
        headers: Mapping[str, str] | None = st.context.headers
    except Exception:  # noqa: BLE001 - no request context (a test harness): no proxy to name
        headers = None
    return public_base_url(int(st.get_option("server.port")), headers=headers)


def link_secret(workshop_id: str) -> str | None:
    """The facilitator link secret this session made (at creation or since); only it can show it."""
    return (st.session_state.get(LINKS_KEY) or {}).get(workshop_id)


def new_link(workshop_id: str) -> str:
    secret = store().access.new_link(workshop_id, grant=grant(workshop_id), actor=actor())
    st.session_state.setdefault(LINKS_KEY, {})[workshop_id] = secret
    return secret


def set_pin(workshop_id: str, pin: str) -> None:
    """Set or change the PIN; this session keeps (a new) access, every other session loses it."""
    unlock(workshop_id, store().access.set_pin(workshop_id, pin, grant=grant(workshop_id), actor=actor()))


def accept_facilitator_link() -> None:
    """A facilitator link (``?w=…&f=…``) opened: trade its secret for a grant, and take it out of the URL.

    Taken out at once, so the secret is not left on a projected address bar or in the
    browser history of a shared screen.
    """
    secret = st.query_params.get(LINK_PARAM)
    if secret is None:
        return
    del st.query_params[LINK_PARAM]
    wid = st.query_params.get(WORKSHOP_KEY) or ""
    check = store().access.grant_by_link(wid, secret, client())
    if check.ok:
        unlock(wid, check.grant)
        st.session_state[WORKSHOP_KEY] = wid
    elif check.wait_seconds > 0:
        st.session_state[FLASH_KEY] = tr("pin.wait", seconds=int(check.wait_seconds + 0.999))
    else:
        st.session_state[FLASH_KEY] = tr("access.link_invalid")


@per_version(max_entries=64)
def cached_ranking(workshop_id: str, version: int, method: str, aggregation: str, _w: Workshop):
    from decision.domain.analysis import rank_workshop

    return rank_workshop(_w, method, aggregation)


def ranking(method: str = "wsm", aggregation: str = "mean"):
    """The ranking of the open workshop, computed once per stored version."""
    stored = store().workshops.load(current_id() or "")
    return cached_ranking(stored.id, stored.version, method, aggregation, stored.workshop)


@per_version(max_entries=64)
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
