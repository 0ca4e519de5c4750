"""Live ronde: participants score on their own phones while the shared screen follows."""

import streamlit as st

from decision.errors import DecisionError
from decision.output.joining import join_url, public_base_url, qr_png
from ui import layout, state
from ui.live import before_after, live_panel
from ui.state import tr
from ui.text import md

w = layout.page("page.ronde_title", "page.ronde_intro")
wid = state.current_id()
store = state.store()
live = store.live
actor = state.actor()


def _set_pin() -> None:
    first, second = st.session_state.get("new_pin", ""), st.session_state.get("new_pin_again", "")
    if first != second:
        st.session_state["ronde_error"] = tr("ronde.pin_mismatch")
        return
    try:
        store.pins.set_pin(wid, first, actor=actor)
    except DecisionError as err:  # too short
        st.session_state["ronde_error"] = err.localized(state.lang())
        return
    state.unlock(wid)


message = st.session_state.pop("ronde_error", None)
if message:
    st.error(message, icon=":material/error:")


def _pin_form() -> None:
    with st.form("set_pin"):
        st.text_input(tr("ronde.pin_new"), type="password", key="new_pin", max_chars=64)
        st.text_input(tr("ronde.pin_again"), type="password", key="new_pin_again", max_chars=64)
        st.form_submit_button(tr("ronde.pin_save"), on_click=_set_pin, type="primary")


if not store.pins.has_pin(wid):
    st.subheader(tr("ronde.pin_title"), anchor=False)
    st.write(tr("ronde.pin_help"))
    _pin_form()
    st.stop()
with st.expander(tr("ronde.pin_change"), icon=":material/key:"):
    _pin_form()

latest = live.latest_round(wid)
if latest is None or not latest.is_open:
    number = 1 if latest is None else latest.number + 1
    st.write(tr("ronde.open_help"))
    left, right = st.columns(2)
    left.button(
        tr("ronde.open", n=number),
        type="primary",
        icon=":material/play_arrow:",
        on_click=live.open_round,
        args=(wid,),
        kwargs={"actor": actor},
        key="open_round",
    )
    if latest is not None:
        right.button(
            tr("ronde.reopen", n=latest.number),
            icon=":material/replay:",
            on_click=live.reopen_round,
            args=(wid,),
            kwargs={"actor": actor},
            key="reopen_round",
        )
else:
    base = public_base_url(int(st.get_option("server.port")))
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
        on_click=live.close_round,
        args=(wid,),
        kwargs={"actor": actor},
        key="close_round",
    )
    right.toggle(
        tr("ronde.show_individual"),
        value=latest.show_individual,
        key=f"show_ind_{latest.id}",
        help=tr("ronde.show_individual_help"),
        on_change=lambda: live.set_show_individual(
            wid, st.session_state[f"show_ind_{latest.id}"], actor=actor
        ),
    )
    st.caption(tr("ronde.locked_note"))

if latest is not None:
    live_panel(wid, refresh=latest.is_open)
    before_after(wid)
