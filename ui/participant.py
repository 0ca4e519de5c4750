"""The participant's phone: one koppelkans at a time, big buttons, the anchors in view.

Every tap is one write of the participant's own score, checked by the store
(open round, own token, valid level). Nothing else of the workshop can be
changed from here.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from decision.domain.model import Criterion, NumericScale, Workshop
from decision.domain.progress import kans_complete
from decision.errors import DecisionError
from decision.store import ParticipantSession
from decision.text import formatting
from ui import state
from ui.state import tr
from ui.text import md

ROLES = ("bewoner", "gemeente", "corporatie", "netbeheer", "zorg_welzijn", "ondernemer", "anders")
DONT_KNOW = "?"
STATUS_REFRESH_SECONDS = 10

# Our own fixed stylesheet (no user text goes in here): the level buttons and the
# previous/next buttons are at least 48 px high, comfortably above the 44 px a thumb
# needs on a phone.
TOUCH_CSS = """
<style>
div[class*="st-key-pb_"] button, div.st-key-p_prev button, div.st-key-p_next button { min-height: 3rem; }
</style>
"""

# A fixed script (no user text goes in here; the number only makes each koppelkans's
# copy different, so it runs once per koppelkans): "Volgende" sits at the bottom of a
# long page, and the next koppelkans must start at its name, not at its last criterion.
SCROLL_TO_TOP_JS = """
<script>/* koppelkans {n} */
document.querySelector('[data-testid="stMain"]')?.scrollTo({{top: 0}});
</script>
"""


def language_choice() -> None:
    st.segmented_control(
        "Taal / Language",
        ["nl", "en"],
        default="nl",
        required=True,
        key="lang",
        bind="query-params",
        format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
        label_visibility="collapsed",
    )


def _write(token: str, kans_id: str, criterion_id: str, value) -> None:
    try:
        if value == "remove":
            state.store().live.participant_write(token, kans_id, criterion_id, None, remove=True)
        else:
            state.store().live.participant_write(token, kans_id, criterion_id, value)
    except DecisionError as err:
        st.session_state["participant_error"] = err.localized(state.lang())


def _write_number(token: str, kans_id: str, criterion_id: str, key: str) -> None:
    value = st.session_state.get(key)
    _write(token, kans_id, criterion_id, "remove" if value is None else float(value))


def _criterion(w: Workshop, token: str, pid: str, kans_id: str, c: Criterion, can_write: bool) -> None:
    lang = state.lang()
    stored = w.scores.get((pid, kans_id, c.id), "absent")
    direction = tr("score.lower_better") if c.direction < 0 else tr("score.higher_better")
    st.markdown(f"### {md(c.label.get(lang))}")
    st.caption(direction)
    if isinstance(c.scale, NumericScale):
        value = None if stored in ("absent", None) else float(stored)
        key = f"pn_{kans_id}_{c.id}"
        st.number_input(
            f"{md(c.label.get(lang))} ({md(c.scale.unit)})",
            c.scale.low,
            c.scale.high,
            value=value,
            key=key,
            disabled=not can_write,
            on_change=_write_number,
            args=(token, kans_id, c.id, key),
        )
    else:
        for level in c.scale.levels:
            chosen = stored not in ("absent", None) and int(stored) == level
            st.button(
                f"{level} · {md(c.scale.anchor(level, lang))}",
                key=f"pb_{kans_id}_{c.id}_{level}",
                type="primary" if chosen else "secondary",
                width="stretch",
                disabled=not can_write,
                on_click=_write,
                args=(token, kans_id, c.id, None if chosen else float(level)),
                icon=":material/check_circle:" if chosen else None,
            )
    unknown = stored is None
    st.button(
        tr("score.dont_know"),
        key=f"pb_{kans_id}_{c.id}_dk",
        type="primary" if unknown else "tertiary",
        width="stretch",
        disabled=not can_write,
        icon=":material/help:",
        on_click=_write,
        args=(token, kans_id, c.id, "remove" if unknown else None),
    )


def _others(w: Workshop, pid: str, kans_id: str) -> None:
    lang = state.lang()
    names = {p.id: p.name or tr("participant.anonymous") for p in w.participants if p.id != pid}
    rows = []
    for other, name in names.items():
        row = {tr("participant.who"): name}
        for c in w.criteria:
            value = w.scores.get((other, kans_id, c.id), "absent")
            row[c.label.get(lang)] = (
                "" if value == "absent" else (DONT_KNOW if value is None else f"{value:g}")
            )
        rows.append(row)
    with st.expander(tr("participant.others"), icon=":material/groups:"):
        st.dataframe(pd.DataFrame(rows), hide_index=True)


def participant_scoring(session: ParticipantSession, token: str) -> None:
    w = state.store().workshops.load(session.workshop_id).workshop
    lang = state.lang()
    person = session.participant
    greeting = tr("participant.hello", name=md(person.name)) if person.name else tr("participant.hello_anon")
    st.html(TOUCH_CSS)
    st.title(greeting)
    st.caption(
        tr("participant.workshop", name=md(w.name), round=session.round.number if session.round else "–")
    )
    status_watch(session)
    message = st.session_state.pop("participant_error", None)
    if message:
        st.error(message, icon=":material/error:")
    if not session.can_write:
        st.info(tr("participant.closed"), icon=":material/lock:")
    ids = list(w.kans_ids)
    if not ids:
        st.info(tr("participant.nothing"), icon=":material/info:")
        return
    done = sum(kans_complete(w, person.id, kid) for kid in ids)
    st.progress(done / len(ids), text=tr("participant.progress", done=done, total=len(ids)))
    if st.session_state.get("p_kans") not in ids:
        first_open = next((kid for kid in ids if not kans_complete(w, person.id, kid)), ids[0])
        st.session_state["p_kans"] = first_open

    def step(delta: int) -> None:
        position = ids.index(st.session_state["p_kans"])
        st.session_state["p_kans"] = ids[(position + delta) % len(ids)]

    kans = w.kans(st.session_state["p_kans"])
    position = ids.index(kans.id) + 1
    st.html(SCROLL_TO_TOP_JS.format(n=position), unsafe_allow_javascript=True)
    with st.container(border=True):
        st.caption(tr("participant.kans_of", n=position, total=len(ids)))
        st.header(md(kans.name), anchor=False)
        facts = [tr(f"type.{kans.type.value}")]
        if kans.project:
            year = f" ({kans.project.start_year})" if kans.project.start_year else ""
            facts.append(md(kans.project.name) + year)
        if kans.extra_cost:
            facts.append(md(formatting.money_range(kans.extra_cost, lang)))
        st.markdown(" · ".join(facts))
        if kans.description:
            with st.expander(tr("participant.more")):
                st.markdown(md(kans.description))
        for c in w.criteria:
            _criterion(w, token, person.id, kans.id, c, session.can_write)
    left, right = st.columns(2)
    left.button(
        tr("scoren.previous"),
        icon=":material/chevron_left:",
        on_click=step,
        args=(-1,),
        width="stretch",
        key="p_prev",
    )
    right.button(
        tr("scoren.next"),
        icon=":material/chevron_right:",
        on_click=step,
        args=(1,),
        width="stretch",
        key="p_next",
        type="primary",
    )
    if done == len(ids):
        st.success(tr("participant.all_done"), icon=":material/celebration:")
    if session.round is not None and session.round.show_individual:
        _others(w, person.id, kans.id)


def status_watch(session: ParticipantSession) -> None:
    """Notices when the facilitator opens or closes the round, without a reload."""
    seen = session.round.is_open if session.round else False

    @st.fragment(run_every=STATUS_REFRESH_SECONDS)
    def watch() -> None:
        latest = state.store().live.latest_round(session.workshop_id)
        now_open = latest.is_open if latest else False
        if now_open != seen or (latest and session.round and latest.id != session.round.id):
            st.rerun()

    watch()
