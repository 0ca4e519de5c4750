"""Koppelkansen: the inventory, the details of each, and the planned works they could join."""

import datetime as dt

import streamlit as st

from decision.domain.explain import starts_within
from decision.domain.model import KansType, Status
from decision.domain.operations import replace_kansen
from decision.files.tables import START_YEAR_HIGH, START_YEAR_LOW, kans_added, kansen_frame, kansen_from_frame
from decision.output.charts.alternatives import timeline_table
from ui import downloads, layout, location, state
from ui.editors import saving_editor
from ui.figures import show, timeline
from ui.kans_form import kans_form, unsaved
from ui.state import tr
from ui.text import md

w = layout.page("page.koppelkansen_title", "page.koppelkansen_intro")
assert w is not None  # layout.page stops the page when no workshop is open
DETAIL_KEY = "detail_pick"
lang = state.lang()

st.header(tr("kansen.inventory"), anchor=False)
st.caption(tr("kansen.inventory_help"))


def _inventory_changed(frame):
    return replace_kansen(w, kansen_from_frame(frame, w.kansen))


def _add_kans(name_key: str, type_key: str) -> None:
    current = state.current()
    assert current is not None  # drawn only while a workshop is open
    name = (st.session_state.get(name_key) or "").strip()
    if not name:
        st.session_state["kansen_add_error"] = tr("kans.name_required")
        return
    kansen = kans_added(current.kansen, name, KansType(st.session_state.get(type_key) or KansType.PHYSICAL))
    if state.commit(replace_kansen(current, kansen)):
        new = kansen[-1]
        # the new koppelkans opens in the detail form, for everything else about it
        st.session_state[DETAIL_KEY] = new.id
        st.session_state["kansen_added"] = tr("kansen.added", name=md(new.name), id=new.id)


# New koppelkansen come in through this small form; names and other long texts are
# edited in the detail form below, never in a grid cell: the grid drops the first
# characters typed right after a click into a cell (its editor opens a moment later).
with st.form("kans_add", clear_on_submit=True, border=False):
    name_col, type_col, add_col = st.columns([4, 2, 1], vertical_alignment="bottom")
    name_col.text_input(tr("kansen.add_title"), key="kans_add_name", max_chars=160)
    type_col.selectbox(
        tr("kans.type"),
        [t.value for t in KansType],
        key="kans_add_type",
        format_func=lambda v: tr(f"type.{v}"),
    )
    add_col.form_submit_button(
        tr("kansen.add"),
        icon=":material/add:",
        on_click=state.on(_add_kans, "kans_add_name", "kans_add_type"),
    )
for flash, notify in (("kansen_add_error", st.error), ("kansen_added", st.success)):
    message = st.session_state.pop(flash, None)
    if message:
        notify(message)

in_form = tr("kansen.text_in_form")
saving_editor(
    "kansen",
    kansen_frame(w),
    _inventory_changed,
    num_rows="delete",
    column_config={
        "id": st.column_config.TextColumn("ID", width="small", help=tr("ambitie.id_help")),
        "naam": st.column_config.TextColumn(tr("kans.name"), width="large", disabled=True, help=in_form),
        "type": st.column_config.SelectboxColumn(
            tr("kans.type"), options=[t.value for t in KansType], required=True
        ),
        "project": st.column_config.TextColumn(
            tr("kans.project"), width="medium", disabled=True, help=in_form
        ),
        # No min/max in the grid: it would refuse a value without a word. The table
        # refuses it with a message naming the row, the column and the range.
        "startjaar": st.column_config.NumberColumn(
            tr("kans.start_year"),
            format="%d",
            help=tr("kansen.year_help", low=START_YEAR_LOW, high=START_YEAR_HIGH),
        ),
        "kosten_min": st.column_config.NumberColumn(
            tr("kans.cost_low"), format="euro", help=tr("kansen.amount_help")
        ),
        "kosten_max": st.column_config.NumberColumn(
            tr("kans.cost_high"), format="euro", help=tr("kansen.amount_help")
        ),
        "duur_min": st.column_config.NumberColumn(
            tr("kans.dur_low"), format="%d", help=tr("kansen.amount_help")
        ),
        "duur_max": st.column_config.NumberColumn(
            tr("kans.dur_high"), format="%d", help=tr("kansen.amount_help")
        ),
        "beleidsdomeinen": st.column_config.TextColumn(tr("kans.domains"), disabled=True, help=in_form),
        "partijen": st.column_config.TextColumn(tr("kans.parties"), disabled=True, help=in_form),
        "status": st.column_config.SelectboxColumn(tr("kans.status"), options=[s.value for s in Status]),
    },
)

downloads.inventory_button()

st.header(tr("kansen.moment"), anchor=False)
st.caption(tr("kansen.moment_help"))
left, right = st.columns(2)
default_year = w.date.year if w.date else dt.date.today().year
year = left.number_input(tr("kansen.current_year"), 2000, 2100, default_year, key="timeline_year")
horizon = right.slider(tr("kansen.horizon"), 0, 10, 2, key="timeline_horizon", format="%d")
show(timeline(int(year), horizon), key="timeline_chart", alternative=timeline_table(w.kansen, state.lang()))
fits = [k for k in w.kansen if starts_within(k, int(year), horizon)]
st.write(tr("kansen.moment_count", n=len(fits), total=len(w.kansen), horizon=horizon))

st.header(tr("kansen.details"), anchor=False)
if not w.kansen:
    st.info(tr("kansen.none_yet"), icon=":material/info:")
else:
    ids = list(w.kans_ids)
    drafts = [kid for kid in ids if unsaved(kid)]
    if drafts:
        st.caption(tr("kansen.unsaved_elsewhere", kansen=", ".join(drafts)))
    chosen = location.bound_choice("detail", DETAIL_KEY, ids, ids[0]).value
    st.selectbox(
        tr("kansen.pick"),
        ids,
        key=DETAIL_KEY,
        format_func=lambda kid: f"{kid} · {w.kans(kid).name}",
    )
    kans_form(w, w.kans(chosen))
