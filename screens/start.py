"""Start: join a round with a code, or (as facilitator) start, import or go on with a workshop.

This is the page the bare address shows, so the first thing on it is the code
field a participant needs. A visitor without facilitator access on a server that
holds protected work sees only that and how to start a workshop of their own.
"""

import datetime as dt

import streamlit as st

from decision.domain.model import Workshop
from decision.errors import DecisionError
from decision.files.limits import MAX_WORKSHOP_MB
from decision.files.workshop_file import parse_workshop_bytes
from decision.store.access import is_stranger, listable
from decision.text import formatting
from ui import layout, state
from ui.csv_import import kansen_csv_import
from ui.join import join_box
from ui.state import tr
from ui.text import md

layout.page("page.start_title", needs_workshop=False)
join_box(compact=bool(state.granted_ids()))


def _open_example() -> None:
    state.create(state.example_workshop())


def _new_workshop() -> None:
    name = (st.session_state.get("new_name") or "").strip()
    if not name:
        st.session_state["start_error"] = tr("start.name_required")
        return
    chosen = state.criteria_sets()[st.session_state["new_set"]]
    state.create(
        Workshop(
            name=name,
            neighbourhood=(st.session_state.get("new_wijk") or "").strip(),
            municipality=(st.session_state.get("new_gemeente") or "").strip(),
            date=st.session_state.get("new_date"),
            criteria_set=chosen.id,
            criteria=chosen.criteria,
        )
    )


def _import_workshop() -> None:
    upload = st.session_state.get("import_file")
    if upload is None:
        return
    try:
        w = parse_workshop_bytes(upload.getvalue(), upload.name)
    except DecisionError as err:
        st.session_state["start_error"] = err.localized(state.lang())
        return
    state.create(w)


error = st.session_state.pop("start_error", None)
if error:
    st.error(error, icon=":material/error:")

recent = state.store().workshops.list_recent(50)
granted = state.granted_ids()


def _example_part() -> None:
    st.subheader(tr("start.example_title"), anchor=False)
    st.write(tr("start.example_text"))
    st.button(
        tr("start.example_button"),
        type="primary",
        icon=":material/play_arrow:",
        on_click=state.on(_open_example),
        key="open_example",
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
        st.form_submit_button(tr("start.new_button"), icon=":material/add:", on_click=state.on(_new_workshop))


if is_stranger(recent, granted):
    st.info(tr("start.stranger"), icon=":material/badge:")
    st.subheader(tr("start.stranger_start"), anchor=False)
    example, new = st.columns(2, gap="small")
    with example.container(border=True):
        _example_part()
    with new.container(border=True):
        _new_part()
    st.stop()

st.markdown(tr("start.steps"))
current = state.current()
if current is not None:
    with st.container(border=True):
        st.subheader(tr("start.continue", name=md(current.name)))
        st.write(tr("start.continue_facts", kansen=len(current.kansen), people=len(current.participants)))
        st.page_link("screens/ambitie.py", label=tr("start.go_on"), icon=":material/arrow_forward:")

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
        on_change=state.on(_import_workshop),
        help=tr("start.import_help", size=f"{MAX_WORKSHOP_MB} MB"),
    )

with st.expander(tr("start.csv_title"), icon=":material/table_view:"):
    kansen_csv_import(current)

shown = listable(recent, granted)[:8]
if shown:
    st.subheader(tr("start.recent"))
    for summary in shown:
        row = st.columns([4, 3, 2], vertical_alignment="center")
        lock = tr("start.protected") if summary.protected else tr("start.open_to_all")
        row[0].markdown(f"**{md(summary.name)}**  \n{md(summary.neighbourhood)}  \n:small[{lock}]")
        updated = dt.datetime.fromisoformat(summary.updated_at).date()
        row[1].caption(tr("start.updated", date=formatting.date(updated, state.lang())))
        row[2].button(
            tr("start.open"),
            key=f"open_{summary.id}",
            on_click=state.on(state.open_workshop, summary.id),
            disabled=summary.id == state.current_id(),
        )
