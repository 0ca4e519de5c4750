"""On the phone: "wat vind jij het belangrijkst?", 100 points over the criteria, when a round asks.

Each person's points count within their stakeholder group; the facilitator takes the
groups' means over as their weights (:mod:`ui.group_points`). The points are typed
as whole numbers with a running remainder, and stored only when they add up to 100:
a half-divided set says nothing about what someone finds important.
"""

from __future__ import annotations

import streamlit as st

from decision.domain.points import POINTS_TOTAL
from decision.errors import DecisionError
from decision.store.records import ParticipantSession
from ui import state
from ui.errors import page_guard
from ui.state import tr
from ui.text import md

STEP = 5  # a phone's plus and minus move in fives: quick, and fine enough for a view


def _key(token: str, criterion_id: str) -> str:
    return f"pp_{token[:8]}_{criterion_id}"


def _save(session: ParticipantSession, token: str, criterion_ids: list[str]) -> None:
    points = {c: float(st.session_state.get(_key(token, c)) or 0) for c in criterion_ids}
    try:
        state.store().live.participant_points_write(token, points)
    except DecisionError as err:
        st.session_state["pp_error"] = err.localized(state.lang())
        return
    st.session_state["pp_saved"] = True


@st.fragment
def points_card(session: ParticipantSession, token: str) -> None:
    """The 100 points, when the round asks for them; nothing otherwise."""
    with page_guard():  # a fragment reruns outside app.py's guard
        _points_card(session, token)


def _points_card(session: ParticipantSession, token: str) -> None:
    if session.round is None or not session.round.ask_weights:
        return
    live = state.store().live
    w = live.own_sheet(session.workshop_id, session.participant.id)
    own = live.points(session.workshop_id, session.participant.id).get(session.participant.id, {})
    lang = state.lang()
    ids = [c.id for c in w.criteria]
    with st.container(border=True, key="phone_points"):
        st.subheader(tr("points.title"), anchor=False)
        st.caption(tr("points.help"))
        for c in w.criteria:
            key = _key(token, c.id)
            if key not in st.session_state:
                st.session_state[key] = int(round(own.get(c.id, 0)))
            st.number_input(
                md(c.label.get(lang)), min_value=0, max_value=100, step=STEP, key=key,
                disabled=not session.can_write,
            )  # fmt: skip
        given = sum(int(st.session_state.get(_key(token, c)) or 0) for c in ids)
        left = int(POINTS_TOTAL) - given
        if left > 0:
            st.info(tr("points.left", n=left), icon=":material/pie_chart:")
        elif left < 0:
            st.warning(tr("points.over", n=-left), icon=":material/warning:")
        if message := st.session_state.pop("pp_error", None):
            st.error(message, icon=":material/error:")
        if st.session_state.pop("pp_saved", False):
            st.success(tr("points.saved"), icon=":material/check:")
        elif own and left == 0:
            st.caption(tr("points.stored"))
        st.button(
            tr("points.save"),
            type="primary",
            width="stretch",
            disabled=left != 0 or not session.can_write,
            on_click=state.on(_save, session, token, ids),
            key="pp_save",
        )
