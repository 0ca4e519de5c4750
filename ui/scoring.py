"""Score entry: one koppelkans at a time with the anchors in view, or a whole sheet as a table.

Every answer is saved at once. "Weet niet" is an answer of its own and never
counts as a low score.

The card of one koppelkans (:func:`kans_card`) is a fragment: an answer reruns
only the card, not the page around it (the participants' table, the progress of
everyone), which is what keeps a click quick. When an answer completes the card,
or takes its completeness back, the whole page reruns once, so the ✓ in the list
of koppelkansen, the progress and the open cells under it follow.

An answer's widget keeps its key from run to run while it shows what is stored
(:func:`_answer_key`). Were every widget made anew after each save, a click on the next
question that lands while the card is being drawn again would go to a widget on its way
out: Streamlit then drops that answer, or replays the outgoing widgets' old answers.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from decision.domain import facts
from decision.domain.model import Criterion, NumericScale, OrdinalScale, Workshop
from decision.domain.progress import kans_complete
from decision.text import formatting
from ui import state
from ui.errors import page_guard
from ui.facts import fact_sentence, override_warning
from ui.state import tr
from ui.text import md

DONT_KNOW = "?"
ABSENT = "absent"  # not scored yet (None is "weet niet")
# The widget of each answer: (prefix, participant, koppelkans, criterion) -> the stored
# version it was made at, the last part of its key.
ANSWER_WIDGETS_KEY = "_score_answer_widgets"
StoredAnswer = float | str | None  # a level or number, None ("weet niet") or ABSENT
# What the page was drawn with: (workshop, participant, koppelkans) -> whether the card was complete
CARD_DRAWN_KEY = "_kans_card_drawn"


def _level_label(c: Criterion, level: int | str) -> str:
    if level == DONT_KNOW:
        return tr("score.dont_know")
    assert isinstance(c.scale, OrdinalScale), "answer buttons exist for ordinal scales only"
    return f"{level} · {md(c.scale.anchor(int(level), state.lang()))}"


def _save_choice(pid: str, kid: str, cid: str, key: str, fact_value: float | None = None) -> None:
    choice = st.session_state.get(key)
    score_key = (pid, kid, cid)
    # the level the inventory fills in is kept as no answer at all: only a deviation is stored
    if choice is None or (choice != DONT_KNOW and float(choice) == fact_value):
        state.commit_scores({}, remove=[score_key])
    elif choice == DONT_KNOW:
        state.commit_scores({score_key: None})
    else:
        state.commit_scores({score_key: float(choice)})


def _save_number(
    pid: str, kid: str, cid: str, key: str, unknown_key: str, fact_value: float | None = None
) -> None:
    score_key = (pid, kid, cid)
    if st.session_state.get(unknown_key):
        state.commit_scores({score_key: None})
    elif st.session_state.get(key) is None or float(st.session_state[key]) == fact_value:
        state.commit_scores({}, remove=[score_key])
    else:
        state.commit_scores({score_key: float(st.session_state[key])})


def _shows(c: Criterion, key: str, stored: StoredAnswer) -> bool:
    """Whether the widget under ``key``, drawn in an earlier run, shows the ``stored`` answer."""
    if key not in st.session_state:  # not drawn in the last run: Streamlit forgot it
        return False
    if isinstance(c.scale, OrdinalScale):
        expected = None if stored == ABSENT else (DONT_KNOW if stored is None else int(stored))
        return bool(st.session_state[key] == expected)
    dont_know = bool(st.session_state.get(key + "_dk", False))
    if stored is None:
        return dont_know
    number = st.session_state[key]
    if stored == ABSENT:
        return not dont_know and number is None
    return not dont_know and number is not None and float(number) == float(stored)


def _answer_key(prefix: str, pid: str, kid: str, c: Criterion, stored: StoredAnswer, version: int) -> str:
    """The key of one answer's widget: the same as in the last run while that widget shows
    what is stored (the user's own answers, saved by its callback), a new one made at
    ``version`` when the store holds something else (saved elsewhere, or a save refused),
    so the widget is drawn anew from the store."""
    made = st.session_state.setdefault(ANSWER_WIDGETS_KEY, {})
    cell = (prefix, pid, kid, c.id)
    if cell in made:
        key = f"{prefix}_{pid}_{kid}_{c.id}_{made[cell]}"
        if _shows(c, key, stored):
            return key
    made[cell] = version
    return f"{prefix}_{pid}_{kid}_{c.id}_{version}"


def criterion_input(
    w: Workshop, pid: str, kid: str, c: Criterion, *, prefix: str = "s", version: int | None = None
) -> None:
    """One criterion's question: label, what the scale means, and the answer buttons.

    ``version`` is the stored version ``w`` was read at (read from the store when not given):
    a widget whose answer was changed elsewhere is made anew with it in its key, so a score
    saved elsewhere shows as soon as it is stored (:func:`_answer_key`).
    """
    lang = state.lang()
    wid = state.current_id()
    assert wid is not None  # drawn only while a workshop is open
    if version is None:
        version = state.store().workshops.version(wid)
    stored = w.scores.get((pid, kid, c.id), ABSENT)
    # A cell the inventory fills in shows its fact until someone answers otherwise.
    found = facts.fact(w, kid, c.id)
    fact_value = found.value if found is not None else None
    if found is not None and stored == ABSENT:
        stored = found.value
    key = _answer_key(prefix, pid, kid, c, stored, version)
    direction = tr("score.lower_better") if c.direction < 0 else tr("score.higher_better")
    st.markdown(f"**{md(c.label.get(lang))}** · {direction}")
    if c.description.get(lang):
        st.caption(md(c.description.get(lang)))
    if found is not None:
        if stored == found.value:
            st.caption(fact_sentence(c, found, lang))
        else:
            chosen = None if stored is None else float(stored)
            st.warning(override_warning(c, found, chosen, lang), icon=":material/edit_note:")
    if isinstance(c.scale, OrdinalScale):
        options = [*c.scale.levels, DONT_KNOW]
        current = None if stored == ABSENT else (DONT_KNOW if stored is None else int(stored))
        st.radio(
            md(c.label.get(lang)),
            options,
            index=options.index(current) if current is not None else None,
            format_func=lambda v: _level_label(c, v),
            key=key,
            label_visibility="collapsed",
            on_change=state.on(_save_choice, pid, kid, c.id, key, fact_value),
        )
    else:
        scale: NumericScale = c.scale
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        value = None if stored == ABSENT or stored is None else float(stored)
        left.number_input(
            f"{md(c.label.get(lang))} ({md(scale.unit)})",
            min_value=scale.low,
            max_value=scale.high,
            value=value,
            key=key,
            on_change=state.on(_save_number, pid, kid, c.id, key, key + "_dk", fact_value),
        )
        right.checkbox(
            tr("score.dont_know"),
            value=stored is None,
            key=key + "_dk",
            on_change=state.on(_save_number, pid, kid, c.id, key, key + "_dk", fact_value),
        )


def kans_summary(kans, lang: str) -> None:
    facts = [tr(f"type.{kans.type.value}")]
    if kans.project:
        year = f" ({kans.project.start_year})" if kans.project.start_year else ""
        facts.append(f"{md(kans.project.name)}{year}")
    if kans.extra_cost:
        facts.append(md(formatting.money_range(kans.extra_cost, lang)))
    if kans.duration_months:
        facts.append(md(formatting.months_range(kans.duration_months, lang)))
    st.markdown(" · ".join(facts))
    if kans.description:
        st.caption(md(kans.description))


@st.fragment
def kans_card(workshop_id: str, who: str, kans_id: str) -> None:
    """One koppelkans for one participant (or the group): its facts and every criterion's answers.

    A fragment (see the module's docstring); it reads the workshop itself on every run,
    since an answer has just been saved.
    """
    with page_guard():  # a fragment reruns outside app.py's guard
        _kans_card(workshop_id, who, kans_id)


def _in_fragment_run() -> bool:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def _kans_card(workshop_id: str, who: str, kans_id: str) -> None:
    stored = state.store().workshops.load(workshop_id)
    w = stored.workshop
    if kans_id not in w.kans_ids or who not in w.participant_ids:
        if _in_fragment_run():
            st.rerun(scope="app")  # removed meanwhile: the page picks another
        return
    complete = kans_complete(w, who, kans_id)
    drawn = st.session_state.setdefault(CARD_DRAWN_KEY, {})
    card = (workshop_id, who, kans_id)
    if not _in_fragment_run():
        drawn.clear()  # only the card of this page run counts
        drawn[card] = complete
    elif drawn.get(card, complete) != complete:
        # The ✓ in the page's list, the progress and the open cells are drawn outside this
        # card: a card that became complete (or incomplete) has them all drawn again.
        drawn[card] = complete
        st.rerun(scope="app")
    with st.container(border=True):
        # A refused save (no facilitator access any more, a full database): said here, at
        # once; the page's own place for it is above, outside the card.
        flash = st.session_state.pop(state.FLASH_KEY, None)
        if flash:
            st.error(flash, icon=":material/lock:")
        kans = w.kans(kans_id)
        st.subheader(f"{md(kans.id)} · {md(kans.name)}", anchor=False)
        kans_summary(kans, state.lang())
        for c in w.criteria:
            criterion_input(w, who, kans.id, c, version=stored.version)


def sheet_table(w: Workshop, pid: str) -> None:
    """The whole score sheet of one participant as an editable table (fast for a facilitator)."""
    from ui.editors import saving_editor

    ordinal = [c for c in w.criteria if isinstance(c.scale, OrdinalScale)]
    filled = facts.facts_of(w)
    rows = []
    for k in w.kansen:
        row: dict[str, str | None] = {"id": k.id, "naam": k.name}
        for c in ordinal:
            value = w.scores.get((pid, k.id, c.id), ABSENT)
            if value == ABSENT and (k.id, c.id) in filled:
                value = filled[(k.id, c.id)].value  # shown, never stored
            row[c.id] = None if value == ABSENT else (DONT_KNOW if value is None else str(int(value)))
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["id", "naam", *[c.id for c in ordinal]]).astype("object")

    def to_workshop(edited: pd.DataFrame) -> Workshop:
        updates, remove = {}, []
        for _, row in edited.iterrows():
            for c in ordinal:
                value, key = row[c.id], (pid, row["id"], c.id)
                if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
                    remove.append(key)
                else:
                    updates[key] = None if value == DONT_KNOW else float(value)
        current = state.current()
        assert current is not None  # drawn only while a workshop is open
        # a level equal to the inventory's is no answer of its own: only deviations are kept
        kept, removed = facts.keep_differing(current, updates, remove)
        return current.with_scores(kept, remove=removed)

    lang = state.lang()
    config = {
        "id": st.column_config.TextColumn("ID", disabled=True, width="small"),
        "naam": st.column_config.TextColumn(tr("kans.name"), disabled=True, width="large"),
    }
    for c in ordinal:
        scale = c.scale
        assert isinstance(scale, OrdinalScale)  # ordinal holds nothing else
        config[c.id] = st.column_config.SelectboxColumn(
            c.label.get(lang),
            options=[*map(str, scale.levels), DONT_KNOW],
            format_func=lambda v: tr("score.dont_know") if v == DONT_KNOW else str(v),
            help=" · ".join(f"{lv}: {scale.anchor(lv, lang)}" for lv in scale.levels),
        )
    if filled:
        st.caption(tr("facts.sheet_help"))
    saving_editor(f"sheet_{pid}", frame, to_workshop, column_config=config, num_rows="fixed")
    for k in w.kansen:
        for c in ordinal:
            found = filled.get((k.id, c.id))
            key = (pid, k.id, c.id)
            if found is not None and facts.is_override(w, key):
                chosen = w.scores[key]
                st.warning(
                    f"{md(k.id)} · {md(c.label.get(lang))}: {override_warning(c, found, chosen, lang)}",
                    icon=":material/edit_note:",
                )
