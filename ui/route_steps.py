"""The route buttons of one koppelkans on Uitwerken: one per step the route allows.

A step the route refuses (a proposal with an incomplete fiche, "niet gekozen" without
a motivation) stores nothing and says why, in Dutch or English, under the buttons.
"""

from __future__ import annotations

import streamlit as st

from decision.domain.model import Koppelkans, Status, Workshop
from decision.domain.operations import step_status
from decision.domain.route import allowed_steps
from decision.errors import RouteError
from ui import state
from ui.state import tr
from ui.text import md

REFUSED_KEY = "_route_refused"  # koppelkans id -> the message of the step just refused
STEPPED_KEY = "_route_stepped"  # (koppelkans id, new status) of the step just stored


def status_label(status: Status) -> str:
    return tr(f"status.{status.name.lower()}")


def motivation_key(kans_id: str) -> str:
    return f"route_motivation_{kans_id}"


def _step(kans_id: str, status: Status) -> None:
    current = state.current()
    assert current is not None  # the buttons are drawn only while a workshop is open
    motivation = str(st.session_state.get(motivation_key(kans_id)) or "")
    try:
        stepped = step_status(current, kans_id, status, motivation)
    except RouteError as err:
        st.session_state.setdefault(REFUSED_KEY, {})[kans_id] = err.localized(state.lang())
        return
    if state.commit(stepped):
        st.session_state[STEPPED_KEY] = (kans_id, status)


def draw(kans: Koppelkans) -> None:
    """The buttons, the motivation for leaving the route, and what the last step did."""
    kid = kans.id
    st.markdown(f"**{tr('uitwerken.route')}**")
    steps = allowed_steps(kans)
    if Status.NOT_CHOSEN in steps:
        st.text_input(tr("uitwerken.motivation"), key=motivation_key(kid))
    with st.container(horizontal=True, key=f"route_{kid}"):
        for status in steps:
            st.button(
                tr("uitwerken.step", status=status_label(status)),
                key=f"route_{kid}_{status.name.lower()}",
                on_click=state.on(_step, kid, status),
            )
    refused = st.session_state.get(REFUSED_KEY, {}).pop(kid, None)
    if refused:
        st.error(refused, icon=":material/block:")


def stepped_notice(w: Workshop) -> None:
    """What the last step stored, at the top of the page: a koppelkans that left the work
    (niet gekozen, or back to in afweging) has no section of its own any more to say it in."""
    stepped = st.session_state.pop(STEPPED_KEY, None)
    if stepped is not None and stepped[0] in w.kans_ids:
        name = md(w.kans(stepped[0]).name)
        st.success(
            tr("uitwerken.stepped", name=name, status=status_label(stepped[1])), icon=":material/check:"
        )
