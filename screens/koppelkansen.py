"""Koppelkansen: the inventory, the details of each, and the planned works they could join."""

import datetime as dt

import streamlit as st

from decision.domain.explain import starts_within
from decision.domain.model import KansType, Status
from decision.domain.operations import replace_kansen
from decision.files.tables import kansen_frame, kansen_from_frame
from ui import downloads, layout, state
from ui.editors import saving_editor
from ui.figures import show, timeline
from ui.kans_form import kans_form
from ui.state import tr

w = layout.page("page.koppelkansen_title", "page.koppelkansen_intro")
lang = state.lang()

st.header(tr("kansen.inventory"), anchor=False)
st.caption(tr("kansen.inventory_help"))


def _inventory_changed(frame):
    return replace_kansen(w, kansen_from_frame(frame, w.kansen))


saving_editor(
    "kansen",
    kansen_frame(w),
    _inventory_changed,
    num_rows="dynamic",
    column_config={
        "id": st.column_config.TextColumn("ID", width="small", help=tr("ambitie.id_help")),
        "naam": st.column_config.TextColumn(tr("kans.name"), width="large", required=True),
        "type": st.column_config.SelectboxColumn(
            tr("kans.type"), options=[t.value for t in KansType], required=True
        ),
        "project": st.column_config.TextColumn(tr("kans.project"), width="medium"),
        "startjaar": st.column_config.NumberColumn(
            tr("kans.start_year"), min_value=1900, max_value=2200, format="%d"
        ),
        "kosten_min": st.column_config.NumberColumn(tr("kans.cost_low"), min_value=0, format="euro"),
        "kosten_max": st.column_config.NumberColumn(tr("kans.cost_high"), min_value=0, format="euro"),
        "duur_min": st.column_config.NumberColumn(tr("kans.dur_low"), min_value=0, format="%d"),
        "duur_max": st.column_config.NumberColumn(tr("kans.dur_high"), min_value=0, format="%d"),
        "beleidsdomeinen": st.column_config.TextColumn(tr("kans.domains"), help=tr("kansen.list_help")),
        "partijen": st.column_config.TextColumn(tr("kans.parties"), help=tr("kansen.list_help")),
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
show(timeline(int(year), horizon), key="timeline_chart")
fits = [k for k in w.kansen if starts_within(k, int(year), horizon)]
st.write(tr("kansen.moment_count", n=len(fits), total=len(w.kansen), horizon=horizon))

st.header(tr("kansen.details"), anchor=False)
if not w.kansen:
    st.info(tr("kansen.none_yet"), icon=":material/info:")
else:
    chosen = st.selectbox(
        tr("kansen.pick"),
        w.kans_ids,
        key="detail_pick",
        format_func=lambda kid: f"{kid} · {w.kans(kid).name}",
    )
    kans_form(w, w.kans(chosen))
