"""Notes per contested cell on Resultaten: written by the facilitator, saved against the page's version.

What a facilitator relies on: the cells to discuss first are listed under "Scores
met onenigheid", each with a field; what is typed there is stored at once, in the
besluitlog, and still there on the next visit; a note typed while someone else
changed the same note is refused, not written over theirs; on a protected workshop
without the PIN nothing is stored.
"""

from __future__ import annotations

from decision.domain.analysis import rank_workshop, score_cube
from decision.domain.explain import contested_cells
from tests.conftest import protect
from ui.catalog import t
from ui.state import GRANTS_KEY


def _first_cell(w) -> tuple[str, str]:
    cell = contested_cells(rank_workshop(w), score_cube(w).values)[0]
    return cell.kans_id, cell.criterion_id


def _note_field(at, kans: str, criterion: str):
    return next(w for w in at.text_input if (w.key or "").startswith(f"cell_note_{kans}_{criterion}_"))


def test_a_note_on_a_contested_cell_is_stored_logged_and_shown_again(app, store, wid, example):
    kans, criterion = _first_cell(example)
    at = app("resultaten", wid)
    assert not at.exception
    assert t("ronde.discuss_first", "nl") in at.subheader.values
    field = _note_field(at, kans, criterion)
    assert field.label == t("notes.label", "nl") and field.value == ""
    field.input("Bewoners tellen de overlast mee").run()
    assert not at.exception
    stored = store.workshops.load(wid).workshop
    assert stored.cell_notes == {(kans, criterion): "Bewoners tellen de overlast mee"}
    [entry] = [e for e in store.log.entries(wid) if e.action == "cell_note"]
    assert entry.detail == {"kans": kans, "criterion": criterion, "note": "Bewoners tellen de overlast mee"}
    again = app("resultaten", wid)
    assert _note_field(again, kans, criterion).value == "Bewoners tellen de overlast mee"
    _note_field(again, kans, criterion).input("").run()
    assert store.workshops.load(wid).workshop.cell_notes == {}


def test_a_note_changed_meanwhile_by_someone_else_is_not_overwritten(app, store, wid, example):
    kans, criterion = _first_cell(example)
    at = app("resultaten", wid)
    base = store.workshops.load(wid)
    store.workshops.save(wid, base.workshop.with_cell_note(kans, criterion, "Van de ander"), base=base)
    _note_field(at, kans, criterion).input("Van mij").run()
    assert not at.exception
    assert store.workshops.load(wid).workshop.cell_notes == {(kans, criterion): "Van de ander"}


def test_without_facilitator_access_a_note_is_not_stored(app, store, wid, example):
    kans, criterion = _first_cell(example)
    protect(store, wid)
    at = app("resultaten", wid, unlocked=[wid])
    at.session_state[GRANTS_KEY] = {}  # the access ended while the page was open (the PIN changed)
    _note_field(at, kans, criterion).input("Ongevraagd").run()
    assert not at.exception
    assert store.workshops.load(wid).workshop.cell_notes == {}
    assert [e for e in store.log.entries(wid) if e.action == "write_refused"]


def test_a_noted_cell_stays_in_the_list_when_it_is_no_longer_contested(app, store, wid, example):
    kans, criterion = example.kansen[-1].id, example.criteria[-1].id
    assert (kans, criterion) not in [(c.kans_id, c.criterion_id) for c in contested_cells(
        rank_workshop(example), score_cube(example).values)]  # fmt: skip
    base = store.workshops.load(wid)
    store.workshops.save(wid, base.workshop.with_cell_note(kans, criterion, "Eerder besproken"), base=base)
    at = app("resultaten", wid)
    assert _note_field(at, kans, criterion).value == "Eerder besproken"
