"""The "Bespreek eerst" list: the cells the group disagrees on most, each with the facilitator's note.

The note says what the discussion of that cell brought ("bewoners rekenen de
overlast mee, de corporatie niet"). It is kept in the workshop (``cell_notes``),
saved the moment the field is left, against the version the page was drawn from,
like every facilitator edit (:func:`ui.state.commit`), and it goes into the
besluitlog, the report and the scores CSV. A cell that has a note stays in the list
when it is no longer among the most contested, so no note is ever out of reach.
"""

from __future__ import annotations

import streamlit as st

from decision.domain.analysis import score_cube
from decision.domain.explain import contested_cells
from decision.domain.model import Workshop
from decision.text import formatting
from ui import state
from ui.state import tr
from ui.text import md

NOTE_CHARS = 500  # a short note: a sentence or two said at the table


def _save_note(kans_id: str, criterion_id: str, key: str) -> None:
    current = state.current()
    if current is None:
        return
    text = " ".join(str(st.session_state.get(key) or "").split())
    if current.cell_notes.get((kans_id, criterion_id), "") == text:
        return
    state.commit(current.with_cell_note(kans_id, criterion_id, text))


def discuss_first(w: Workshop, ranking, *, editable: bool = True) -> None:
    """The contested cells with their notes; ``editable`` False shows the notes as text only."""
    lang = state.lang()
    stored = state.current_stored()
    version = stored.version if stored is not None else 0
    cells = {(c.kans_id, c.criterion_id): c for c in contested_cells(ranking, score_cube(w).values)}
    noted = [key for key in w.cell_notes if key not in cells and key[0] in w.kans_ids]
    if not cells and not noted:
        st.caption(tr("notes.nothing_contested"))
        return
    labels = {c.id: c.label.get(lang) for c in w.criteria}
    for kans_id, criterion_id in [*cells, *noted]:
        if criterion_id not in labels:
            continue
        cell = cells.get((kans_id, criterion_id))
        kans, criterion = md(w.kans(kans_id).name), md(labels[criterion_id])
        if cell is not None:
            st.markdown(
                tr(
                    "ronde.contested",
                    kans=kans,
                    criterion=criterion,
                    low=formatting.number(cell.low, lang, 0),
                    high=formatting.number(cell.high, lang, 0),
                    n=cell.n_scored,
                )
            )
        else:
            st.markdown(tr("notes.noted_cell", kans=kans, criterion=criterion))
        note = w.cell_notes.get((kans_id, criterion_id), "")
        if not editable:
            if note:
                st.caption(tr("notes.shown", note=md(note)))
            continue
        key = f"cell_note_{kans_id}_{criterion_id}_{version}"
        st.text_input(
            tr("notes.label"),
            value=note,
            key=key,
            max_chars=NOTE_CHARS,
            help=tr("notes.help"),
            on_change=state.on(_save_note, kans_id, criterion_id, key),
        )
