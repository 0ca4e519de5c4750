"""Live ronde: participants score on their own phones while the shared screen follows."""

import streamlit as st

from decision.output.joining import join_url, qr_png
from ui import access_panel, layout, state
from ui import live as live_actions
from ui.group_points import ask_switch, group_points_section
from ui.live import before_after, live_panel
from ui.state import tr
from ui.text import md

w = layout.page("page.ronde_title", "page.ronde_intro")
wid = state.current_id() or ""
live = state.store().live

if not access_panel.pin_section(wid):
    st.stop()

latest = live.latest_round(wid)
if latest is None or not latest.is_open:
    number = 1 if latest is None else latest.number + 1
    st.write(tr("ronde.open_help"))
    left, right = st.columns(2)
    left.button(
        tr("ronde.open", n=number),
        type="primary",
        icon=":material/play_arrow:",
        on_click=state.on(live_actions.open_round),
        key="open_round",
    )
    if latest is not None:
        right.button(
            tr("ronde.reopen", n=latest.number),
            icon=":material/replay:",
            on_click=state.on(live_actions.reopen_round),
            key="reopen_round",
        )
else:
    base = state.public_base()
    link = join_url(base, latest.join_code)
    code_col, qr_col = st.columns([3, 2], vertical_alignment="center")
    with code_col:
        st.caption(tr("ronde.join_at"))
        st.markdown(f"## {md(base.split('://', 1)[-1])}")
        st.caption(tr("ronde.code"))
        st.markdown(f"# `{latest.join_code}`")
        st.caption(tr("ronde.or_scan"))
        st.code(link, language=None)
    qr_col.image(qr_png(link), caption=tr("ronde.qr_caption"), width=320)
    left, right = st.columns(2)
    left.button(
        tr("ronde.close", n=latest.number),
        type="primary",
        icon=":material/stop:",
        on_click=state.on(live_actions.close_round),
        key="close_round",
    )
    right.toggle(
        tr("ronde.show_individual"),
        value=latest.show_individual,
        key=f"show_ind_{latest.id}",
        help=tr("ronde.show_individual_help"),
        on_change=state.on(live_actions.show_individual, f"show_ind_{latest.id}"),
    )
    ask_switch(latest)
    st.caption(tr("ronde.locked_note"))

if latest is not None:
    live_panel(wid, refresh=latest.is_open)
    group_points_section(w, wid)
    before_after(wid)
