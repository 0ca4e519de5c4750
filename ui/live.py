"""The facilitator's live view: progress, results and disagreement, refreshing by itself."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from decision.domain.explain import compare_rounds
from decision.domain.progress import participant_progress
from decision.errors import DecisionError
from decision.text import formatting
from ui import location, state
from ui.cell_notes import discuss_first
from ui.errors import page_guard
from ui.figures import results_figure, show
from ui.state import tr
from ui.text import md

REFRESH_SECONDS = 3


# -- the facilitator's round actions (callbacks made with state.on) -------------------------
def _round_action(action: str, **kwargs: object) -> None:
    """Open, close or reopen the round of the open workshop, with this session's grant.

    A refusal (no access, no PIN yet, a failing database) is said on the page; the
    store has written nothing.
    """
    wid = state.current_id()
    if wid is None:
        return
    method = getattr(state.store().live, action)
    try:
        method(wid, grant=state.grant(wid), actor=state.actor(), **kwargs)
    except DecisionError as err:
        st.session_state[state.FLASH_KEY] = err.localized(state.lang())


def open_round() -> None:
    _round_action("open_round")


def close_round() -> None:
    _round_action("close_round")


def reopen_round() -> None:
    _round_action("reopen_round")


def show_individual(key: str) -> None:
    _round_action("set_show_individual", show=bool(st.session_state.get(key)))


def ask_weights(key: str) -> None:
    _round_action("set_ask_weights", ask=bool(st.session_state.get(key)))


def chosen_method() -> tuple[str, str]:
    """The method and aggregation chosen on Resultaten (kept for the session), else the defaults,
    so the live view ranks the way the team will see the results."""
    return location.results_choice()


def live_panel(workshop_id: str, *, refresh: bool) -> None:
    """Redraws itself every few seconds while a round is open, without reloading the page."""

    @st.fragment(run_every=REFRESH_SECONDS if refresh else None)
    def panel() -> None:
        # A fragment reruns on its own, outside app.py's guard: it brings its own.
        with page_guard():
            _panel_body()

    def _panel_body() -> None:
        w = state.store().workshops.load(workshop_id).workshop
        lang = state.lang()
        st.header(tr("ronde.progress"), anchor=False)
        progress = participant_progress(w, lang)
        if progress.empty:
            st.info(tr("ronde.nobody_yet"), icon=":material/hourglass_empty:")
            return
        done = int((progress["share"] >= 1).sum())
        st.metric(tr("ronde.done"), f"{done} / {len(progress)}")
        for row in progress.itertuples():
            label = row.name or tr("scoren.anonymous", id=row.participant)
            role = f" · {row.role}" if row.role else ""
            st.progress(
                row.share,
                text=tr("ronde.person", name=md(label + role), answered=row.answered, total=row.total),
            )
        if not w.scores:
            return
        method, aggregation = chosen_method()
        ranking = state.ranking(method, aggregation)
        st.header(tr("ronde.results"), anchor=False)
        top = ranking.table.head(5)
        st.dataframe(
            pd.DataFrame(
                {
                    tr("col.rank"): top["rank"],
                    tr("kans.name"): top["name"],
                    tr("results.score"): [formatting.score(x, lang) for x in top["score"]],
                    tr("results.col_spread"): [formatting.number(x, lang, 2) for x in top["spread"]],
                }
            ),
            hide_index=True,
        )
        st.header(tr("ronde.discuss_first"), anchor=False)
        st.caption(tr("ronde.discuss_help"))
        discuss_first(w, ranking, editable=False)  # notes are written on Resultaten, not in a refreshing view
        show(results_figure("heatmap", method, aggregation), key="live_heatmap")

    panel()


def before_after(workshop_id: str) -> None:
    """After a re-vote: the ranking of the previous round next to now."""
    rounds = state.store().live.rounds(workshop_id)
    closed = [r for r in rounds if not r.is_open]
    if not closed or len(rounds) < 2:
        return
    previous = closed[-1] if rounds[-1].is_open else (closed[-2] if len(closed) >= 2 else None)
    if previous is None:
        return
    w = state.store().workshops.load(workshop_id).workshop
    table = compare_rounds(w, state.store().live.round_scores(previous.id), *chosen_method())
    lang = state.lang()
    st.header(tr("ronde.before_after", n=previous.number), anchor=False)
    st.dataframe(
        pd.DataFrame(
            {
                tr("kans.name"): table["name"],
                # a koppelkans without a rank in a round shows an empty cell, not "None"
                tr("ronde.rank_before", n=previous.number): [_rank(r) for r in table["rank_before"]],
                tr("ronde.rank_now"): [_rank(r) for r in table["rank_after"]],
                tr("ronde.score_before", n=previous.number): [
                    formatting.score(x, lang) for x in table["score_before"]
                ],
                tr("ronde.score_now"): [formatting.score(x, lang) for x in table["score_after"]],
            }
        ),
        hide_index=True,
    )


def _rank(value: object) -> str:
    """A place as the table shows it: ``3``; nothing when there is none (NaN or None)."""
    if value is None or value != value:
        return ""
    return str(int(value))  # type: ignore[call-overload]
