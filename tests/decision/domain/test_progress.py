"""How far the scoring is: answers per participant, the cells still open, and
whether a participant has finished a koppelkans. A "weet niet" is an answer."""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.domain.model import Participant
from decision.domain.progress import kans_complete, open_cells, participant_progress

ALL_CELLS = [(k, c) for k in ("K01", "K02", "K03") for c in ("wensen", "risico", "meerkosten")]


def progress_row(w, pid):
    table = participant_progress(w)
    return table.loc[table["participant"] == pid].iloc[0]


@pytest.fixture
def partly_scored(small_workshop):
    """The small workshop where the resident has two cells open (removed out of table
    order on purpose) and a third participant, Carla, has not started."""
    w = small_workshop.with_scores(
        {}, remove=[("bewoner", "K02", "risico"), ("bewoner", "K01", "meerkosten")]
    )
    return replace(w, participants=(*w.participants, Participant("carla", "Carla", "Wijkagent")))


def test_one_row_per_participant_in_their_order(partly_scored):
    table = participant_progress(partly_scored)
    assert list(table.columns) == ["participant", "name", "role", "answered", "dont_know", "total", "share"]
    assert list(table["participant"]) == ["anna", "bewoner", "carla"]
    assert list(table["name"]) == ["Anna de Boer", "", "Carla"]
    assert list(table["role"]) == ["Projectleider warmte", "Bewonersvertegenwoordiger", "Wijkagent"]


def test_answers_are_counted_and_weet_niet_is_an_answer(partly_scored):
    # 3 koppelkansen x 3 criteria = 9 cells each
    anna = progress_row(partly_scored, "anna")
    assert (anna["answered"], anna["dont_know"], anna["total"]) == (9, 0, 9)
    assert anna["share"] == 1.0
    # the resident: 9 - 2 removed = 7 answers, one of which is "weet niet"
    resident = progress_row(partly_scored, "bewoner")
    assert (resident["answered"], resident["dont_know"], resident["total"]) == (7, 1, 9)
    assert resident["share"] == pytest.approx(7 / 9)
    carla = progress_row(partly_scored, "carla")
    assert (carla["answered"], carla["dont_know"], carla["share"]) == (0, 0, 0.0)


def test_all_weet_niet_is_complete(small_workshop):
    everything_unknown = {("anna", k, c): None for k, c in ALL_CELLS}
    w = small_workshop.with_scores(everything_unknown)
    anna = progress_row(w, "anna")
    assert (anna["answered"], anna["dont_know"], anna["share"]) == (9, 9, 1.0)
    assert open_cells(w, "anna") == []


def test_scores_for_removed_koppelkansen_or_criteria_do_not_count(small_workshop):
    # left behind by an old criterion or koppelkans: never more than 100%
    w = small_workshop.with_scores({("anna", "K99", "wensen"): 3.0, ("anna", "K01", "oud"): 2.0})
    anna = progress_row(w, "anna")
    assert (anna["answered"], anna["total"], anna["share"]) == (9, 9, 1.0)


def test_a_workshop_without_koppelkansen_has_zero_progress_not_an_error(small_workshop):
    w = replace(small_workshop, kansen=(), scores={})
    table = participant_progress(w)
    assert list(table["total"]) == [0, 0]
    assert list(table["share"]) == [0.0, 0.0]


def test_no_participants_gives_an_empty_table(small_workshop):
    table = participant_progress(replace(small_workshop, participants=()))
    assert len(table) == 0
    assert "share" in table.columns


def test_open_cells_in_table_order(partly_scored):
    # koppelkans by koppelkans, criteria in their order, whatever order they were removed in
    assert open_cells(partly_scored, "bewoner") == [("K01", "meerkosten"), ("K02", "risico")]
    assert open_cells(partly_scored, "anna") == []
    assert open_cells(partly_scored, "carla") == ALL_CELLS


def test_open_cells_follow_a_reordered_table(partly_scored):
    w = replace(
        partly_scored,
        kansen=tuple(reversed(partly_scored.kansen)),
        criteria=tuple(reversed(partly_scored.criteria)),
    )
    assert open_cells(w, "bewoner") == [("K02", "risico"), ("K01", "meerkosten")]
    assert open_cells(w, "carla")[:3] == [("K03", "meerkosten"), ("K03", "risico"), ("K03", "wensen")]


def test_kans_complete(partly_scored):
    assert kans_complete(partly_scored, "anna", "K01")
    assert not kans_complete(partly_scored, "bewoner", "K01")  # meerkosten open
    assert not kans_complete(partly_scored, "bewoner", "K02")  # risico open
    assert kans_complete(partly_scored, "bewoner", "K03")
    assert not kans_complete(partly_scored, "carla", "K03")


def test_a_kans_with_a_weet_niet_is_complete(small_workshop):
    # the resident said "weet niet" on K01 wensen and answered the rest
    assert small_workshop.scores[("bewoner", "K01", "wensen")] is None
    assert kans_complete(small_workshop, "bewoner", "K01")
