"""The participant's phone: one koppelkans at a time, big buttons, the anchors in view.

Every tap is one write of the participant's own score, checked by the store
(open round, own token, valid level). Nothing else of the workshop can be
changed from here. A tap always stores the level tapped: tapping the level that
is already chosen keeps it (a second tap on a phone is usually a slip or a "did
it register?", never a wish to answer "weet niet"). A tap the store refused (a
full, read-only or busy database, a closed round) is marked "niet opgeslagen" at
its criterion, with a button that writes the same answer again; the other
answers stay as they were.

One browser is one participant. After joining, the browser keeps the personal
token in a cookie (:data:`COOKIE_NAME`, a week, the tokens of at most
:data:`COOKIE_TOKENS` workshops, newest first); opening the join link again
brings back the same participant, with their scores, instead of a new one. This
stops accidental and casual double votes. It is no proof of identity: clearing
the cookies, a private window, another browser or another device still joins as
someone new (the besluitlog shows every join, so a facilitator can see it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import streamlit as st

from decision.domain import facts
from decision.domain.model import Criterion, NumericScale, Scale, Workshop
from decision.domain.progress import kans_complete, participant_name
from decision.errors import AccessDenied, DecisionError
from decision.store import ParticipantSession
from decision.text import formatting, i18n
from ui import state
from ui.errors import page_guard
from ui.facts import fact_sentence, override_warning
from ui.phone_points import points_card
from ui.state import tr
from ui.text import md

DONT_KNOW = "?"
STATUS_REFRESH_SECONDS = 10
UNSTORED_KEY = "_unstored"  # answers the store refused, per (token, koppelkans, criterion)
RETURNING_KEY = "_returning"  # the token of a participant who came back through the join link
# Whether the koppelkans on the card was complete when the card was drawn, per (token, koppelkans)
CARD_COMPLETE_KEY = "_card_complete"
# The cells the inventory fills in that the participant chose to score anyway:
# (token, koppelkans, criterion)
OVERRIDING_KEY = "_facts_overriding"

# -- one browser, one participant ---------------------------------------------------------
COOKIE_NAME = "koppelkansen_deelnemer"
COOKIE_MAX_AGE = 7 * 24 * 60 * 60  # a week: the workshop evening and a follow-up round
COOKIE_TOKENS = 5  # workshops joined from one browser that it still recognises
COOKIE_SEPARATOR = "."  # not in a token's alphabet, and allowed in a cookie value
DEVICE_KEY = "_device_tokens"  # the browser's tokens as this session last wrote them
# A personal token as the store makes them (URL-safe base64, ``security.new_token``).
# Only strings of exactly this shape are read from the cookie or written into the script.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,128}")

# A fixed script: the only value in it is a list of tokens of TOKEN_SHAPE, never user text.
REMEMBER_JS = """
<script>
document.cookie = "{name}={value}; Path=/; Max-Age={max_age}; SameSite=Lax"
    + (window.location.protocol === "https:" ? "; Secure" : "");
</script>
"""

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


Answer = float | None | Literal["remove"]  # a level or number; None is "weet niet"; "remove": empty


@dataclass(frozen=True)
class Unstored:
    """An answer the store refused, with why, in both languages (the language may switch)."""

    answer: Answer
    reason: dict[str, str]


def _unstored() -> dict[tuple[str, str, str], Unstored]:
    return st.session_state.setdefault(UNSTORED_KEY, {})


def _write(token: str, kans_id: str, criterion_id: str, answer: Answer) -> None:
    """Store one answer; when the store refuses, keep it (with why) to show at its criterion."""
    try:
        if answer == "remove":
            state.store().live.participant_write(token, kans_id, criterion_id, None, remove=True)
        else:
            state.store().live.participant_write(token, kans_id, criterion_id, answer)
    except DecisionError as err:  # a StorageFault, a closed round, a removed koppelkans…
        _unstored()[(token, kans_id, criterion_id)] = Unstored(
            answer, {lang: err.localized(lang) for lang in i18n.LANGS}
        )
        return
    _unstored().pop((token, kans_id, criterion_id), None)


def _write_number(token: str, kans_id: str, criterion_id: str, key: str) -> None:
    value = st.session_state.get(key)
    _write(token, kans_id, criterion_id, "remove" if value is None else float(value))


def _answer_text(scale: Scale, answer: Answer, lang: str) -> str:
    """The answer as the participant chose it, for the "niet opgeslagen" line."""
    if answer is None:
        return tr("score.dont_know")
    if answer == "remove":
        return tr("participant.answer_empty")
    if isinstance(scale, NumericScale):
        digits = 0 if float(answer).is_integer() else 2
        return md(f"{formatting.number(answer, lang, digits)} {scale.unit}".strip())
    return md(f"{formatting.number(answer, lang, 0)} · {scale.anchor(int(answer), lang)}")


def _unstored_notice(token: str, kans_id: str, c: Criterion, can_write: bool) -> None:
    failed = _unstored().get((token, kans_id, c.id))
    if failed is None:
        return
    lang = state.lang()
    with st.container(key=f"pu_{kans_id}_{c.id}"):
        st.error(
            tr("participant.unstored", answer=_answer_text(c.scale, failed.answer, lang))
            + "  \n"
            + failed.reason[lang],
            icon=":material/cloud_off:",
        )
        st.button(
            tr("participant.retry"),
            key=f"pr_{kans_id}_{c.id}",
            icon=":material/refresh:",
            width="stretch",
            disabled=not can_write,
            on_click=state.on(_write, token, kans_id, c.id, failed.answer),
        )


def _unstored_elsewhere(w: Workshop, token: str, kans_id: str) -> None:
    """Answers refused on other koppelkansen: named at the top, so none is forgotten."""
    kansen = [
        kid
        for kid in w.kans_ids
        if kid != kans_id and any(key[0] == token and key[1] == kid for key in _unstored())
    ]
    if kansen:
        names = ", ".join(md(w.kans(kid).name) for kid in kansen)
        st.warning(tr("participant.unstored_elsewhere", kansen=names), icon=":material/cloud_off:")


def _own_sheet_or_page(session: ParticipantSession) -> Workshop:
    """The participant's own sheet; when the facilitator removed them meanwhile, the whole
    page is drawn again, which says so and offers to join again."""
    try:
        return state.store().live.own_sheet(session.workshop_id, session.participant.id)
    except AccessDenied:
        st.rerun(scope="app")


@st.fragment
def criterion_card(session: ParticipantSession, token: str, kans_id: str, criterion_id: str) -> None:
    """One criterion's question on the card: a fragment of its own, inside the card's.

    A tap reruns only this question (its levels, "weet niet", a "niet opgeslagen"
    notice), a few elements instead of the whole card. The card's own parts (the
    progress, "alles gescoord") change only when the koppelkans becomes complete, or
    stops being so: then the whole page is drawn again, once.
    """
    with page_guard():  # a fragment reruns outside app.py's guard
        pid = session.participant.id
        w = _own_sheet_or_page(session)
        if kans_id not in w.kans_ids or criterion_id not in w.criterion_ids:
            st.rerun(scope="app")  # removed meanwhile: the page shows what is there now
        complete = kans_complete(w, pid, kans_id)
        if st.session_state.get(CARD_COMPLETE_KEY, {}).get((token, kans_id), complete) != complete:
            st.rerun(scope="app")
        _criterion(w, token, pid, kans_id, w.criterion(criterion_id), session.can_write)


def _write_level(token: str, kans_id: str, criterion_id: str, level: float, fact_value: float | None) -> None:
    """A tapped level; the level the inventory already fills in is no answer of its own,
    and tapping it shows the fact again."""
    if level == fact_value:
        _back_to_inventory(token, kans_id, criterion_id)
    else:
        _write(token, kans_id, criterion_id, level)


def _score_otherwise(token: str, kans_id: str, criterion_id: str) -> None:
    st.session_state.setdefault(OVERRIDING_KEY, set()).add((token, kans_id, criterion_id))


def _back_to_inventory(token: str, kans_id: str, criterion_id: str) -> None:
    st.session_state.setdefault(OVERRIDING_KEY, set()).discard((token, kans_id, criterion_id))
    _write(token, kans_id, criterion_id, "remove")


def _fact_cell(
    token: str, kans_id: str, c: Criterion, found: facts.Fact, stored: object, can_write: bool
) -> bool:
    """A cell the inventory fills in: the fact is shown, not asked. Returns whether the
    participant scores it anyway (then the question follows, as for any cell)."""
    lang = state.lang()
    overriding = stored != "absent" or (token, kans_id, c.id) in st.session_state.get(OVERRIDING_KEY, set())
    if stored == "absent":
        st.info(fact_sentence(c, found, lang), icon=":material/inventory_2:")
    else:
        chosen = None if stored is None else float(stored)  # type: ignore[arg-type]
        st.warning(override_warning(c, found, chosen, lang), icon=":material/edit_note:")
    if not overriding:
        st.button(
            tr("facts.score_otherwise"),
            key=f"pf_{kans_id}_{c.id}",
            type="tertiary",
            icon=":material/edit:",
            disabled=not can_write,
            on_click=state.on(_score_otherwise, token, kans_id, c.id),
        )
        return False
    return True


def _criterion(w: Workshop, token: str, pid: str, kans_id: str, c: Criterion, can_write: bool) -> None:
    lang = state.lang()
    stored = w.scores.get((pid, kans_id, c.id), "absent")
    direction = tr("score.lower_better") if c.direction < 0 else tr("score.higher_better")
    st.markdown(f"### {md(c.label.get(lang))}")
    st.caption(direction)
    found = facts.fact(w, kans_id, c.id)
    if found is not None and not _fact_cell(token, kans_id, c, found, stored, can_write):
        _unstored_notice(token, kans_id, c, can_write)
        return
    fact_value = found.value if found is not None else None
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
            on_change=state.on(_write_number, token, kans_id, c.id, key),
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
                # The level tapped, also when it is already chosen: a second tap keeps it.
                on_click=state.on(_write_level, token, kans_id, c.id, float(level), fact_value),
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
        # like a level: tapped again, it stays "weet niet"
        on_click=state.on(_write, token, kans_id, c.id, None),
    )
    if found is not None:
        st.button(
            tr("facts.back_to_inventory"),
            key=f"pi_{kans_id}_{c.id}",
            type="tertiary",
            icon=":material/undo:",
            width="stretch",
            disabled=not can_write,
            on_click=state.on(_back_to_inventory, token, kans_id, c.id),
        )
    _unstored_notice(token, kans_id, c, can_write)


def _others(w: Workshop, pid: str, kans_id: str) -> None:
    lang = state.lang()
    others = (p for p in w.participants if p.id != pid)
    names = {p.id: participant_name(p, lang) or tr("participant.anonymous") for p in others}
    rows = []
    for other, name in names.items():
        row = {tr("participant.who"): name}
        for c in w.criteria:
            key = (other, kans_id, c.id)
            value = w.scores.get(key)
            if key not in w.scores:
                shown = ""  # nobody scored it: an empty cell
            elif value is None:
                shown = tr("score.dont_know")
            else:
                shown = formatting.decimal(value, lang)
            row[c.label.get(lang)] = shown
        rows.append(row)
    with st.expander(tr("participant.others"), icon=":material/groups:"):
        st.dataframe(pd.DataFrame(rows), hide_index=True)


def participant_scoring(session: ParticipantSession, token: str) -> None:
    """The phone page: who and where, then the score card (a fragment of its own)."""
    w = state.store().live.own_sheet(session.workshop_id, session.participant.id)
    person = session.participant
    greeting = tr("participant.hello", name=md(person.name)) if person.name else tr("participant.hello_anon")
    st.html(TOUCH_CSS)
    st.title(greeting)
    st.caption(
        tr("participant.workshop", name=md(w.name), round=session.round.number if session.round else "–")
        + " · "
        + tr("participant.you_are", id=md(person.id))
    )
    status_watch(session)
    if st.session_state.get(RETURNING_KEY) == token:
        returning = (
            tr("participant.returning", id=md(person.id), name=md(person.name))
            if person.name
            else tr("participant.returning_anon", id=md(person.id))
        )
        st.info(returning, icon=":material/devices:")
    if not session.can_write:
        st.info(tr("participant.closed"), icon=":material/lock:")
    if not w.kans_ids:
        st.info(tr("participant.nothing"), icon=":material/info:")
        return
    score_card(session, token)
    points_card(session, token)


@st.fragment
def score_card(session: ParticipantSession, token: str) -> None:
    """The participant's progress, one koppelkans's card and the steps to the others.

    A fragment: Vorige/Volgende rerun only this, not the page around it, and a
    tap only its own question (:func:`criterion_card`), which on a room's server
    is what keeps a tap quick. The round opening or closing is noticed by
    :func:`status_watch`, which reruns the whole page.
    """
    with page_guard():  # a fragment reruns outside app.py's guard
        _score_card(session, token)


def _score_card(session: ParticipantSession, token: str) -> None:
    # read again on every run of the card: the tap just stored a score
    person = session.participant
    w = _own_sheet_or_page(session)
    lang = state.lang()
    ids = list(w.kans_ids)
    if not ids:  # every koppelkans removed since the page was drawn
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
    _unstored_elsewhere(w, token, kans.id)
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
        st.session_state.setdefault(CARD_COMPLETE_KEY, {})[(token, kans.id)] = kans_complete(
            w, person.id, kans.id
        )
        for c in w.criteria:
            criterion_card(session, token, kans.id, c.id)
    left, right = st.columns(2)
    left.button(
        tr("scoren.previous"),
        icon=":material/chevron_left:",
        on_click=state.on(step, -1),
        width="stretch",
        key="p_prev",
    )
    right.button(
        tr("scoren.next"),
        icon=":material/chevron_right:",
        on_click=state.on(step, 1),
        width="stretch",
        key="p_next",
        type="primary",
    )
    if done == len(ids):
        st.success(tr("participant.all_done"), icon=":material/celebration:")
    if session.round is not None and session.round.show_individual:
        # the others' answers: only here is every sheet of the workshop read
        _others(state.store().workshops.load(session.workshop_id).workshop, person.id, kans.id)


def status_watch(session: ParticipantSession) -> None:
    """Notices when the facilitator opens or closes the round, without a reload."""
    seen = session.round.is_open if session.round else False

    @st.fragment(run_every=STATUS_REFRESH_SECONDS)
    def watch() -> None:
        with page_guard():  # a fragment reruns outside app.py's guard
            _check()

    def _check() -> None:
        latest = state.store().live.latest_round(session.workshop_id)
        now_open = latest.is_open if latest else False
        if now_open != seen or (latest and session.round and latest.id != session.round.id):
            st.rerun()

    watch()


# -- one browser, one participant ---------------------------------------------------------
def cookie_tokens() -> list[str]:
    """The personal tokens the browser's cookie held when this page connected, newest first.

    Whatever else the cookie holds is passed over: it comes from the browser.
    """
    raw = st.context.cookies.get(COOKIE_NAME, "")
    tokens = [t for t in raw.split(COOKIE_SEPARATOR) if TOKEN_SHAPE.fullmatch(t)]
    return list(dict.fromkeys(tokens))[:COOKIE_TOKENS]


def device_tokens() -> list[str]:
    """The personal tokens this browser holds, newest first.

    Streamlit reads the cookie once, when the page connects; a join in this
    session is known from the session itself.
    """
    kept = st.session_state.get(DEVICE_KEY)
    return list(kept) if kept is not None else cookie_tokens()


def mark_returning(token: str) -> None:
    """This participant came back from a browser that already took part: say so on their page."""
    st.session_state[RETURNING_KEY] = token


def remember_on_device(token: str) -> None:
    """Keep the token in the browser's cookie, in front of the others it holds."""
    if not TOKEN_SHAPE.fullmatch(token):
        return  # not one of ours: it is never written into a script
    tokens = [token, *(t for t in device_tokens() if t != token)][:COOKIE_TOKENS]
    st.session_state[DEVICE_KEY] = tokens
    if tokens == cookie_tokens():
        return  # the browser has it already
    script = REMEMBER_JS.format(name=COOKIE_NAME, value=COOKIE_SEPARATOR.join(tokens), max_age=COOKIE_MAX_AGE)
    st.html(script, unsafe_allow_javascript=True)
