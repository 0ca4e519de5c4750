"""Which score sheets count: the choice on Resultaten, and the sentence under every result.

The choice is a workshop setting (:attr:`~decision.domain.model.Workshop.sheet_basis`),
saved as a facilitator's edit through :func:`ui.state.commit`. Every page with a
result calls :func:`note` with one line, so the team always reads which sheets
the numbers rest on, and, when an explicit choice could not be followed, why.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from decision.domain.analysis import BasisComparison, basis_comparison
from decision.domain.model import SheetBasis, Workshop
from decision.domain.sheets import basis_sentence, sheet_choice, sheets_used
from decision.text import formatting
from ui import state
from ui.memo import per_version
from ui.state import tr

LABELS = {
    SheetBasis.AUTO: "sheetbasis.option_auto",
    SheetBasis.INDIVIDUALS: "sheetbasis.option_individuals",
    SheetBasis.CONSENSUS: "sheetbasis.option_consensus",
    SheetBasis.BOTH: "sheetbasis.option_both",
}
OTHER_RANK = {
    SheetBasis.CONSENSUS: "sheetbasis.col_consensus_rank",
    SheetBasis.INDIVIDUALS: "sheetbasis.col_individuals_rank",
}


def count(w: Workshop) -> int:
    """How many sheets count: the bootstrap of people needs at least two."""
    return len(sheets_used(w))


def note(w: Workshop) -> None:
    """The sentence saying which sheets the result rests on, and a warning when a choice fell back."""
    choice = sheet_choice(w)
    st.caption(basis_sentence(w, state.lang()))
    if choice.problem is not None:
        st.warning(choice.problem.localized(state.lang()), icon=":material/rule:")


def _save(key: str) -> None:
    picked = st.session_state.get(key)
    current = state.current()
    if current is None or picked is None:
        return
    state.commit(replace(current, sheet_basis=SheetBasis(picked)))


def control(w: Workshop, method: str, aggregation: str) -> None:
    """The choice of sheets (not while presenting), the sentence, and the other sheets' order beside it."""
    if not state.presenting():
        # Keyed on the stored choice: a change saved elsewhere (another tab, undo) shows here.
        key = f"sheet_basis_{w.sheet_basis.value}"
        st.segmented_control(
            tr("sheetbasis.label"),
            [b.value for b in SheetBasis],
            default=w.sheet_basis.value,
            required=True,
            key=key,
            format_func=lambda value: tr(LABELS[SheetBasis(value)]),
            help=tr("sheetbasis.help"),
            on_change=state.on(_save, key),
        )
    note(w)
    compared = _comparison(w, method, aggregation)
    if compared is not None and not state.presenting():
        with st.expander(tr("sheetbasis.compare_title"), icon=":material/compare_arrows:"):
            st.caption(tr("sheetbasis.compare_help"))
            st.dataframe(_comparison_view(compared), hide_index=True, height="content")


def _comparison(w: Workshop, method: str, aggregation: str) -> BasisComparison | None:
    stored = state.current_stored()
    if stored is None:
        return None
    return _cached_comparison(stored.id, stored.version, method, aggregation, stored.workshop)


@per_version(max_entries=32)
def _cached_comparison(
    workshop_id: str, version: int, method: str, aggregation: str, _w: Workshop
) -> BasisComparison | None:
    return basis_comparison(_w, method, aggregation)


def _rank(value: float) -> str:
    return "–" if value != value else str(int(value))


def _comparison_view(compared: BasisComparison) -> pd.DataFrame:
    lang = state.lang()
    table = compared.table
    return pd.DataFrame(
        {
            tr("kans.name"): table["name"],
            tr("sheetbasis.col_rank"): [_rank(r) for r in table["rank"]],
            tr(OTHER_RANK[compared.other]): [_rank(r) for r in table["other_rank"]],
            tr("sheetbasis.col_other_score"): [formatting.score(x, lang) for x in table["other_score"]],
        }
    )
