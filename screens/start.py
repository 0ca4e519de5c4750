"""Start: join a round with a code, or (as facilitator) start, import or go on with a workshop.

This is the page the bare address shows, so the first thing on it is the code
field a participant needs. A visitor without facilitator access on a server that
holds protected work sees only that and how to start a workshop of their own.

"Open het voorbeeld" opens the example this session already has (its own, or an
open one: see :func:`decision.store.access.copies_to_reopen`) instead of storing
another copy each time; "Nieuw exemplaar" stores a fresh copy, numbered "(2)",
"(3)", ... (:mod:`decision.domain.naming`).

Making a workshop is idempotent per drawn button: a double click runs its callback
twice, and a second run must open the workshop the first one made, not store a
copy. Each button carries a nonce drawn with it (:func:`_nonce`); the workshop a
nonce made is kept in the session (:func:`_create_once`). A second click that lands
after the page was redrawn carries the next nonce, so the same form (the same
example, the same name, the same file's content) made moments ago counts too.

The recent workshops show when they last changed, and can be renamed, archived
(out of this list, restorable) and deleted after a confirmation that says where the
workshop file is kept (a ``verwijderd`` folder next to the data). The store decides
who may: every write carries this session's grant.
"""

import datetime as dt
import hashlib
import secrets
import time
from dataclasses import replace

import streamlit as st

from decision.domain.model import Workshop
from decision.domain.naming import numbered_name
from decision.errors import ConflictError, DecisionError
from decision.files.limits import MAX_NAME_CHARS, MAX_WORKSHOP_MB
from decision.files.workshop_file import parse_workshop_bytes
from decision.store import StoredWorkshop, WorkshopSummary
from decision.store.access import copies_to_reopen, is_stranger, listable
from decision.text import formatting
from ui import layout, state
from ui.csv_import import kansen_csv_import
from ui.join import join_box
from ui.state import tr
from ui.text import md

layout.page("page.start_title", needs_workshop=False)
join_box(compact=bool(state.granted_ids()))


NONCES_KEY = "_start_nonces"  # kind of button -> the nonce it is drawn with now
CREATED_KEY = "_start_created"  # nonce -> (workshop id, what was made, when)
DOUBLE_CLICK_SECONDS = 5.0  # a second click within this of the first makes nothing new
CONFIRM_KEY = "_start_confirm_delete"  # the workshop whose delete awaits a yes
MANAGE_KEY = "_start_manage"  # the workshop whose rename/archive/delete part is open
NOTICE_KEY = "start_notice"  # the outcome of the last action on the list


def _nonce(kind: str) -> str:
    """The nonce the button of this kind is drawn with; a new one after each workshop it made."""
    nonces = st.session_state.setdefault(NONCES_KEY, {})
    return nonces.setdefault(kind, secrets.token_urlsafe(8))


def _create_once(kind: str, nonce: str, made: tuple, w: Workshop) -> None:
    """Store and open ``w``, unless this nonce, or the same thing just before, already made one."""
    with state.CREATION_LOCK:  # the second click of a double click may run at the same time
        created = st.session_state.setdefault(CREATED_KEY, {})
        now = time.monotonic()
        earlier = created.get(nonce)
        if earlier is None:
            earlier = next(
                (c for c in created.values() if c[1] == made and now - c[2] < DOUBLE_CLICK_SECONDS), None
            )
        if earlier is not None and state.store().workshops.exists(earlier[0]):
            wid = earlier[0]
        else:
            # The id is noted before the workshop is stored: the next click can stop this
            # callback right after the write, and its own run must then find the workshop.
            wid = earlier[0] if earlier is not None else state.new_workshop_id()
            created[nonce] = (wid, made, now)
            st.session_state[NONCES_KEY][kind] = secrets.token_urlsafe(8)
            state.create(w, open_it=False, workshop_id=wid)
    state.open_workshop(wid)


def _example_copies() -> list[WorkshopSummary]:
    """The copies of the example this session may open and change, newest first."""
    recent = state.store().workshops.list_recent(200)
    return copies_to_reopen(recent, state.granted_ids(), state.example_workshop().name)


def _fresh_example() -> Workshop:
    """The example under a name no workshop in this session's list has: "(2)", "(3)", ..."""
    example = state.example_workshop()
    taken = [s.name for s in listable(state.store().workshops.list_recent(200), state.granted_ids())]
    return replace(example, name=numbered_name(example.name, taken, limit=MAX_NAME_CHARS))


def _open_example(nonce: str) -> None:
    """Open the example this session has; only when there is none, store one."""
    if nonce not in st.session_state.get(CREATED_KEY, {}):
        copies = _example_copies()
        if copies:
            state.open_workshop(copies[0].id)
            return
    _create_once("example", nonce, ("example",), _fresh_example())


def _new_example_copy(nonce: str) -> None:
    """A fresh copy of the example next to the ones there are (a double click makes one)."""
    _create_once("example_copy", nonce, ("example_copy",), _fresh_example())


def _new_workshop(nonce: str) -> None:
    name = (st.session_state.get("new_name") or "").strip()
    if not name:
        st.session_state["start_error"] = tr("start.name_required")
        return
    chosen = state.criteria_sets()[st.session_state["new_set"]]
    w = Workshop(
        name=name,
        neighbourhood=(st.session_state.get("new_wijk") or "").strip(),
        municipality=(st.session_state.get("new_gemeente") or "").strip(),
        date=st.session_state.get("new_date"),
        criteria_set=chosen.id,
        criteria=chosen.criteria,
    )
    made = ("new", w.name, w.neighbourhood, w.municipality, w.date, w.criteria_set)
    _create_once("new", nonce, made, w)


def _import_workshop(nonce: str) -> None:
    upload = st.session_state.get("import_file")
    if upload is None:
        return
    raw = upload.getvalue()
    try:
        w = parse_workshop_bytes(raw, upload.name)
    except DecisionError as err:
        st.session_state["start_error"] = err.localized(state.lang())
        return
    _create_once("import", nonce, ("import", hashlib.sha256(raw).hexdigest()), w)


# -- the list: rename, archive, delete -------------------------------------------------------
def _refused(err: DecisionError) -> None:
    st.session_state["start_error"] = err.localized(state.lang())


def _rename(wid: str, base: StoredWorkshop) -> None:
    name = " ".join((st.session_state.get(f"rename_{wid}") or "").split())
    if not name:
        st.session_state["start_error"] = tr("start.name_required")
        return
    try:
        state.store().workshops.rename(wid, name, base=base, grant=state.grant(wid), actor=state.actor())
    except ConflictError:
        now = state.store().workshops.load(wid).workshop.name
        st.session_state["start_error"] = tr("start.rename_conflict", name=now)
        st.session_state.pop(f"rename_{wid}", None)  # show the name as it is now
        return
    except DecisionError as err:
        _refused(err)
        return
    st.session_state[NOTICE_KEY] = tr("start.renamed", name=name)


def _set_archived(wid: str, name: str, archived: bool) -> None:
    try:
        state.store().workshops.set_archived(wid, archived, grant=state.grant(wid), actor=state.actor())
    except DecisionError as err:
        _refused(err)
        return
    st.session_state.pop(MANAGE_KEY, None)
    st.session_state[NOTICE_KEY] = tr("start.archived_done" if archived else "start.restored_done", name=name)


def _toggle_manage(wid: str) -> None:
    st.session_state.pop(CONFIRM_KEY, None)
    st.session_state[MANAGE_KEY] = None if st.session_state.get(MANAGE_KEY) == wid else wid


def _ask_delete(wid: str) -> None:
    st.session_state[CONFIRM_KEY] = wid


def _cancel_delete() -> None:
    st.session_state.pop(CONFIRM_KEY, None)


def _delete(wid: str, name: str, base: StoredWorkshop) -> None:
    st.session_state.pop(CONFIRM_KEY, None)
    try:
        kept = state.store().workshops.delete(wid, base=base, grant=state.grant(wid), actor=state.actor())
    except DecisionError as err:
        _refused(err)
        return
    if st.session_state.get(state.WORKSHOP_KEY) == wid:  # it was open: nothing is open now
        st.session_state.pop(state.WORKSHOP_KEY, None)
        st.query_params.pop(state.WORKSHOP_KEY, None)
    st.session_state.pop(MANAGE_KEY, None)
    if kept is not None:  # where the workshop file is, so it can be opened again
        st.session_state[NOTICE_KEY] = tr("start.deleted_kept", name=name, path=str(kept))
    else:
        st.session_state[NOTICE_KEY] = tr("start.deleted_done", name=name)


error = st.session_state.pop("start_error", None)
if error:
    st.error(error, icon=":material/error:")

recent = state.store().workshops.list_recent(200)
granted = state.granted_ids()


def _example_part() -> None:
    st.subheader(tr("start.example_title"), anchor=False)
    st.write(tr("start.example_text"))
    copies = _example_copies()
    if copies:
        st.caption(tr("start.example_again", name=md(copies[0].name)))
    st.button(
        tr("start.example_button"),
        type="primary",
        icon=":material/play_arrow:",
        on_click=state.on(_open_example, _nonce("example")),
        key="open_example",
    )
    if copies:
        st.button(
            tr("start.example_new_copy"),
            icon=":material/content_copy:",
            help=tr("start.example_new_copy_help"),
            on_click=state.on(_new_example_copy, _nonce("example_copy")),
            key="new_example_copy",
        )


def _new_part() -> None:
    st.subheader(tr("start.new_title"), anchor=False)
    with st.form("new_workshop"):
        st.text_input(tr("start.field_name"), key="new_name", max_chars=120)
        st.text_input(tr("start.field_wijk"), key="new_wijk", max_chars=120)
        st.text_input(tr("start.field_gemeente"), key="new_gemeente", max_chars=120)
        st.date_input(tr("start.field_date"), value=dt.date.today(), key="new_date", format="DD-MM-YYYY")
        sets = state.criteria_sets()
        st.selectbox(
            tr("start.field_set"),
            list(sets),
            key="new_set",
            format_func=lambda sid: sets[sid].name.get(state.lang()),
        )
        st.form_submit_button(
            tr("start.new_button"), icon=":material/add:", on_click=state.on(_new_workshop, _nonce("new"))
        )


def _continue_part(current: Workshop | None) -> None:
    """The way on with the open workshop: after making one, and after opening the example again."""
    if current is None:
        return
    with st.container(border=True):
        st.subheader(tr("start.continue", name=md(current.name)))
        st.write(tr("start.continue_facts", kansen=len(current.kansen), people=len(current.participants)))
        st.page_link("screens/ambitie.py", label=tr("start.go_on"), icon=":material/arrow_forward:")


current = state.current()
if is_stranger(recent, granted):
    # Still a visitor with an open workshop opened (the example again, which anyone may
    # change): the way on shows here too, as after making one. Never a protected one's name.
    _continue_part(current if state.current_id() in {s.id for s in listable(recent, granted)} else None)
    st.info(tr("start.stranger"), icon=":material/badge:")
    st.subheader(tr("start.stranger_start"), anchor=False)
    example, new = st.columns(2, gap="small")
    with example.container(border=True):
        _example_part()
    with new.container(border=True):
        _new_part()
    st.stop()

st.markdown(tr("start.steps"))
_continue_part(current)

example, new, upload = st.columns(3, gap="small")
with example.container(border=True):
    _example_part()
with new.container(border=True):
    _new_part()
with upload.container(border=True):
    st.subheader(tr("start.import_title"), anchor=False)
    st.write(tr("start.import_text"))
    st.file_uploader(
        tr("start.import_label"),
        type=["yaml", "yml"],
        key="import_file",
        on_change=state.on(_import_workshop, _nonce("import")),
        help=tr("start.import_help", size=f"{MAX_WORKSHOP_MB} MB"),
    )

with st.expander(tr("start.csv_title"), icon=":material/table_view:"):
    kansen_csv_import(current)


def _updated(summary: WorkshopSummary) -> str:
    when = dt.datetime.fromisoformat(summary.updated_at)
    return tr("start.updated", date=formatting.moment(when, state.lang()))


def _manage_part(summary: WorkshopSummary) -> None:
    """Rename, archive and delete one workshop; delete asks first, and only its facilitator may."""
    wid = summary.id
    with st.container(border=True):
        base = state.store().workshops.load(wid)  # the rename is saved against what is shown here
        field, button = st.columns([3, 1], vertical_alignment="bottom")
        field.text_input(
            tr("start.rename_label"), value=base.workshop.name, key=f"rename_{wid}", max_chars=120
        )
        button.button(tr("start.rename"), key=f"do_rename_{wid}", on_click=state.on(_rename, wid, base))
        archive, delete = st.columns(2)
        archive.button(
            tr("start.archive"),
            key=f"archive_{wid}",
            icon=":material/archive:",
            help=tr("start.archive_help"),
            on_click=state.on(_set_archived, wid, summary.name, True),
        )
        if wid not in granted:
            delete.caption(tr("start.delete_owner_only"))
        elif st.session_state.get(CONFIRM_KEY) != wid:
            delete.button(
                tr("start.delete"),
                key=f"delete_{wid}",
                icon=":material/delete:",
                on_click=state.on(_ask_delete, wid),
            )
        else:
            folder = state.store().workshops.deleted_folder()
            question = (
                tr("start.delete_confirm_kept", name=md(summary.name), folder=md(str(folder)))
                if folder is not None
                else tr("start.delete_confirm", name=md(summary.name))
            )
            st.warning(question, icon=":material/warning:")
            yes, no = st.columns(2)
            yes.button(
                tr("start.delete_yes"),
                key=f"delete_yes_{wid}",
                type="primary",
                on_click=state.on(_delete, wid, summary.name, base),
            )
            no.button(tr("start.delete_no"), key=f"delete_no_{wid}", on_click=state.on(_cancel_delete))


visible = listable(recent, granted)
active = [s for s in visible if not s.archived][:8]
archived = [s for s in visible if s.archived]
notice = st.session_state.pop(NOTICE_KEY, None)
if active or archived:
    st.subheader(tr("start.recent"))
if notice:  # also when the last workshop of the list was just deleted
    st.success(md(notice), icon=":material/check_circle:")
if active or archived:
    for summary in active:
        row = st.columns([4, 3, 2, 2], vertical_alignment="center")
        lock = tr("start.protected") if summary.protected else tr("start.open_to_all")
        row[0].markdown(f"**{md(summary.name)}**  \n{md(summary.neighbourhood)}  \n:small[{lock}]")
        row[1].caption(_updated(summary))
        row[2].button(
            tr("start.open"),
            key=f"open_{summary.id}",
            on_click=state.on(state.open_workshop, summary.id),
            disabled=summary.id == state.current_id(),
        )
        row[3].button(
            tr("start.manage"),
            key=f"manage_{summary.id}",
            icon=":material/more_horiz:",
            on_click=state.on(_toggle_manage, summary.id),
        )
        if st.session_state.get(MANAGE_KEY) == summary.id:
            _manage_part(summary)
    if archived and st.toggle(tr("start.show_archived", n=len(archived)), key="show_archived"):
        st.markdown(f"**{tr('start.archived_title')}**")
        for summary in archived:
            row = st.columns([4, 3, 2], vertical_alignment="center")
            row[0].markdown(f"**{md(summary.name)}**  \n{md(summary.neighbourhood)}")
            row[1].caption(_updated(summary))
            row[2].button(
                tr("start.restore"),
                key=f"restore_{summary.id}",
                icon=":material/unarchive:",
                on_click=state.on(_set_archived, summary.id, summary.name, False),
            )
