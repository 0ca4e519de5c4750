"""Which score sheets a result rests on: the individuals', the group's consensus sheet, or both.

The running example: three people (p1, p2, p3) agree that K01 is best; the group's
consensus sheet ("groep") says K03. Counting the consensus sheet as one more voter
would move every mean, median, spread and bootstrap; under the automatic basis it
must not count as long as there are individual sheets.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
from dataclasses import replace
from html import unescape

import numpy as np
import pytest

from decision.cli import main
from decision.core.acceptability import rank_acceptability
from decision.domain.analysis import basis_comparison, rank_workshop, score_cube
from decision.domain.changelog import describe_changes
from decision.domain.merge import merge_workshops
from decision.domain.model import Participant, SheetBasis
from decision.domain.progress import GROUP_ID
from decision.domain.sensitivity import analyse
from decision.domain.sheets import (
    basis_sentence,
    basis_statement,
    effective_basis,
    sheet_choice,
    sheets_used,
)
from decision.errors import DecisionError, FileFormatError, SheetBasisError
from decision.files.workshop_file import (
    dump_workshop,
    parse_workshop_text,
    save_workshop,
    workshop_from_data,
    workshop_to_data,
)
from decision.output.report import build_report
from decision.store import open_store
from tests.conftest import build_workshop, ordinal_criterion

CRITERIA = (ordinal_criterion("wensen", weight=2), ordinal_criterion("tijd", weight=1))
PEOPLE = {
    "p1": {"K01": {"wensen": 5, "tijd": 4}, "K02": {"wensen": 3, "tijd": 3}, "K03": {"wensen": 1, "tijd": 2}},
    "p2": {"K01": {"wensen": 4, "tijd": 5}, "K02": {"wensen": 2, "tijd": 3}, "K03": {"wensen": 2, "tijd": 1}},
    "p3": {"K01": {"wensen": 5, "tijd": 5}, "K02": {"wensen": 3, "tijd": 2}, "K03": {"wensen": 1, "tijd": 1}},
}
CONSENSUS = {
    "K01": {"wensen": 1, "tijd": 1},
    "K02": {"wensen": 3, "tijd": 3},
    "K03": {"wensen": 5, "tijd": 5},
}


def workshop(basis: SheetBasis = SheetBasis.AUTO, *, people=PEOPLE, consensus=CONSENSUS, listed=()):
    sheets = dict(people)
    if consensus is not None:
        sheets[GROUP_ID] = consensus
    participants = tuple(Participant(pid, "Groep" if pid == GROUP_ID else pid.upper()) for pid in sheets)
    participants += tuple(Participant(pid) for pid in listed)  # on the list, nothing scored yet
    return build_workshop(sheets, criteria=CRITERIA, participants=participants, sheet_basis=basis)


def cells(sheets) -> np.ndarray:
    """kansen × criteria × sheets, in the order K01..K03, wensen, tijd."""
    return np.array([[[s[k][c] for s in sheets] for c in ("wensen", "tijd")] for k in ("K01", "K02", "K03")])


INDIVIDUAL_CELLS = cells(PEOPLE.values())
ALL_CELLS = cells([*PEOPLE.values(), CONSENSUS])


# -- which sheets count ------------------------------------------------------------------
def test_automatic_counts_the_individuals_when_there_are_any():
    w = workshop()
    assert sheets_used(w) == ("p1", "p2", "p3")
    assert effective_basis(w) is SheetBasis.INDIVIDUALS
    assert sheet_choice(w).problem is None


def test_automatic_counts_the_consensus_sheet_when_it_is_the_only_one():
    w = workshop(people={}, listed=("p1", "p2"))  # people listed but nobody scored on their own
    assert sheets_used(w) == (GROUP_ID,)
    assert effective_basis(w) is SheetBasis.CONSENSUS


@pytest.mark.parametrize(
    "basis, used",
    [
        (SheetBasis.INDIVIDUALS, ("p1", "p2", "p3")),
        (SheetBasis.CONSENSUS, (GROUP_ID,)),
        (SheetBasis.BOTH, ("p1", "p2", "p3", GROUP_ID)),
    ],
)
def test_an_explicit_choice_is_followed_when_the_sheets_allow_it(basis, used):
    w = workshop(basis)
    assert sheets_used(w) == used
    assert effective_basis(w) is basis
    assert sheet_choice(w).problem is None


def test_a_person_without_any_answer_has_no_sheet_but_weet_niet_is_an_answer():
    people = {**PEOPLE, "p4": {"K01": {"wensen": "weet niet"}}}
    w = workshop(people=people, listed=("p5",))
    assert sheets_used(w) == ("p1", "p2", "p3", "p4")
    assert sheet_choice(w).n_individuals == 4


# -- every aggregate rests on exactly those sheets ---------------------------------------
def test_mean_under_automatic_is_the_mean_of_the_individuals_only():
    ranking = rank_workshop(workshop(), "wsm", "mean")
    np.testing.assert_allclose(ranking.matrix, INDIVIDUAL_CELLS.mean(axis=2))
    assert not np.allclose(ranking.matrix, ALL_CELLS.mean(axis=2))
    assert ranking.table["id"].iloc[0] == "K01"
    assert ranking.sheets.sheets == ("p1", "p2", "p3")


def test_median_and_spread_under_automatic_leave_the_consensus_sheet_out():
    ranking = rank_workshop(workshop(), "wsm", "median")
    np.testing.assert_allclose(ranking.matrix, np.median(INDIVIDUAL_CELLS, axis=2))
    np.testing.assert_allclose(ranking.summary.std, INDIVIDUAL_CELLS.std(axis=2))
    np.testing.assert_array_equal(ranking.summary.n_scored, np.full((3, 2), 3))
    spread = ranking.table.set_index("id")["spread"]
    assert spread["K03"] == pytest.approx(INDIVIDUAL_CELLS[2].std(axis=1).mean())


def test_both_counts_the_consensus_sheet_as_one_more_sheet_of_equal_weight():
    ranking = rank_workshop(workshop(SheetBasis.BOTH), "wsm", "mean")
    np.testing.assert_allclose(ranking.matrix, ALL_CELLS.mean(axis=2))
    np.testing.assert_array_equal(ranking.summary.n_scored, np.full((3, 2), 4))


def test_consensus_is_the_consensus_sheet_itself():
    ranking = rank_workshop(workshop(SheetBasis.CONSENSUS), "wsm", "median")
    np.testing.assert_allclose(ranking.matrix, cells([CONSENSUS])[:, :, 0])
    assert ranking.table["id"].iloc[0] == "K03"
    assert (ranking.summary.std == 0).all()


def test_the_score_cube_holds_the_sheets_that_count():
    assert score_cube(workshop()).participant_ids == ("p1", "p2", "p3")
    assert score_cube(workshop(SheetBasis.BOTH)).values.shape == (4, 3, 2)
    assert score_cube(workshop(), (GROUP_ID,)).values.shape == (1, 3, 2)


def test_the_bootstrap_draws_only_from_the_sheets_that_count():
    # The three people all put K01 first; only the consensus sheet does not. A
    # bootstrap that drew the consensus sheet would put K01 outside the top 1 sometimes.
    auto = analyse(workshop(), k=1, concentration=None, samples=2000)
    assert auto.probability("K01") == 1.0
    both = analyse(workshop(SheetBasis.BOTH), k=1, concentration=None, samples=2000)
    assert both.probability("K01") < 1.0
    assert both.probability("K03") > 0.0
    # and it is the very bootstrap of those sheets: the same draws over the same cube
    w = workshop()
    r = rank_workshop(w)
    expected = rank_acceptability(
        score_cube(w, ("p1", "p2", "p3")).values,
        r.result.weights,
        np.array([1.0, 1.0]),
        np.array([[1.0, 5.0], [1.0, 5.0]]),
        k=2,
        samples=500,
        concentration=60.0,
        seed=3,
    )
    np.testing.assert_allclose(analyse(w, k=2, samples=500, seed=3).probabilities, expected)


def test_one_counted_sheet_means_no_people_to_bootstrap():
    report = analyse(workshop(SheetBasis.CONSENSUS), k=1, concentration=None, samples=500)
    assert not report.uncertain
    assert report.probability("K03") == 1.0


# -- an explicit choice the sheets cannot meet: said, and a visible fallback -------------
@pytest.mark.parametrize(
    "basis, people, consensus, key, used",
    [
        (SheetBasis.CONSENSUS, PEOPLE, None, "sheet_basis_no_consensus", ("p1", "p2", "p3")),
        (SheetBasis.INDIVIDUALS, {}, CONSENSUS, "sheet_basis_no_individuals", (GROUP_ID,)),
        (SheetBasis.BOTH, PEOPLE, None, "sheet_basis_both_no_consensus", ("p1", "p2", "p3")),
        (SheetBasis.BOTH, {}, CONSENSUS, "sheet_basis_both_no_individuals", (GROUP_ID,)),
    ],
)
def test_an_impossible_choice_falls_back_to_the_automatic_one_and_says_why(
    basis, people, consensus, key, used
):
    w = workshop(basis, people=people, consensus=consensus)
    choice = sheet_choice(w)
    assert choice.chosen is basis
    assert choice.sheets == used
    assert isinstance(choice.problem, SheetBasisError) and isinstance(choice.problem, DecisionError)
    assert choice.problem.key == key
    for lang in ("nl", "en"):
        message = choice.problem.localized(lang)
        assert message and not message.startswith("error.") and "{" not in message
        assert message in basis_statement(w, lang)  # the document says it too
    ranking = rank_workshop(w)
    assert ranking.table["score"].notna().all(), "never a silent empty ranking"


def test_a_cached_ranking_keeps_why_its_choice_fell_back():
    """The app's caches pickle a ranking; the reason must come back in both languages."""
    ranking = pickle.loads(pickle.dumps(rank_workshop(workshop(SheetBasis.CONSENSUS, consensus=None))))
    assert ranking.sheets.sheets == ("p1", "p2", "p3")
    problem = ranking.sheets.problem
    assert problem is not None and problem.key == "sheet_basis_no_consensus"
    assert "3 individuele formulieren" in problem.localized("nl")


def test_the_consensus_choice_without_a_consensus_sheet_is_worded_in_dutch_and_english():
    w = workshop(SheetBasis.CONSENSUS, consensus=None)
    problem = sheet_choice(w).problem
    assert problem is not None
    assert "consensusformulier" in problem.localized("nl") and "3 individuele" in problem.localized("nl")
    assert "consensus sheet" in problem.localized("en") and "3 individual" in str(problem)


def test_nothing_scored_is_no_problem_only_no_sheet():
    w = workshop(SheetBasis.CONSENSUS, people={}, consensus=None, listed=("p1",))
    assert sheets_used(w) == ()
    assert sheet_choice(w).problem is None
    assert basis_sentence(w) == "Er is nog geen scoreformulier ingevuld."


# -- the sentence under every result ------------------------------------------------------
@pytest.mark.parametrize(
    "basis, people, consensus, nl, en",
    [
        (
            SheetBasis.AUTO, PEOPLE, CONSENSUS,
            "Gebaseerd op 3 individuele scoreformulieren (de consensusscore telt niet mee).",
            "Based on 3 individual score sheets (the consensus score does not count).",
        ),
        (
            SheetBasis.AUTO, PEOPLE, None,
            "Gebaseerd op 3 individuele scoreformulieren.",
            "Based on 3 individual score sheets.",
        ),
        (
            SheetBasis.AUTO, {}, CONSENSUS,
            "Gebaseerd op het consensusformulier van de groep.",
            "Based on the group's consensus sheet.",
        ),
        (
            SheetBasis.CONSENSUS, PEOPLE, CONSENSUS,
            "Gebaseerd op het consensusformulier van de groep"
            " (3 individuele scoreformulieren tellen niet mee).",
            "Based on the group's consensus sheet (3 individual score sheets do not count).",
        ),
        (
            SheetBasis.BOTH, PEOPLE, CONSENSUS,
            "Gebaseerd op 3 individuele scoreformulieren en het consensusformulier"
            " (4 formulieren, even zwaar).",
            "Based on 3 individual score sheets and the consensus sheet (4 sheets, equal weight).",
        ),
        (
            SheetBasis.BOTH, {"p1": PEOPLE["p1"]}, CONSENSUS,
            "Gebaseerd op 1 individueel scoreformulier en het consensusformulier"
            " (2 formulieren, even zwaar).",
            "Based on 1 individual score sheet and the consensus sheet (2 sheets, equal weight).",
        ),
    ],
)  # fmt: skip
def test_the_sentence_says_which_sheets_count(basis, people, consensus, nl, en):
    w = workshop(basis, people=people, consensus=consensus)
    assert basis_sentence(w, "nl") == nl
    assert basis_sentence(w, "en") == en
    assert basis_statement(w, "nl") == nl  # nothing fell back: nothing to add


# -- the comparison with the other kind of sheet ------------------------------------------
def test_the_comparison_shows_the_order_of_the_sheets_that_do_not_count():
    compared = basis_comparison(workshop())
    assert compared is not None and compared.other is SheetBasis.CONSENSUS
    table = compared.table.set_index("id")
    assert list(compared.table["id"]) == ["K01", "K02", "K03"]  # the order of the result
    assert table.loc["K01", "rank"] == 1 and table.loc["K01", "other_rank"] == 3
    assert table.loc["K03", "other_rank"] == 1
    back = basis_comparison(workshop(SheetBasis.CONSENSUS))
    assert back is not None and back.other is SheetBasis.INDIVIDUALS
    assert basis_comparison(workshop(SheetBasis.BOTH)) is None
    assert basis_comparison(workshop(consensus=None)) is None


# -- stored in the workshop: file, store, log, merge --------------------------------------
@pytest.mark.parametrize("basis", list(SheetBasis))
def test_the_choice_round_trips_through_the_workshop_file(basis):
    w = workshop(basis)
    text = dump_workshop(w)
    written = f"scoreformulieren: {basis.value}\n" in text
    assert written is (basis is not SheetBasis.AUTO)  # the default is left out, as in older files
    back = parse_workshop_text(text, "test")
    assert back.sheet_basis is basis
    assert back == w


def test_an_old_file_without_the_choice_reads_as_automatic(example_path):
    data = workshop_to_data(workshop(SheetBasis.BOTH))
    del data["scoreformulieren"]
    assert workshop_from_data(data, "oud.yaml").sheet_basis is SheetBasis.AUTO
    assert "scoreformulieren" not in example_path.read_text(encoding="utf-8")


def test_an_unknown_choice_in_a_file_is_refused_naming_the_key():
    data = workshop_to_data(workshop())
    data["scoreformulieren"] = "iedereen"
    with pytest.raises(FileFormatError) as caught:
        workshop_from_data(data, "fout.yaml")
    assert "scoreformulieren" in caught.value.localized("nl")
    assert "automatisch" in caught.value.localized("nl")


def test_the_choice_round_trips_through_the_store(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'k.db'}")
    wid = store.workshops.create(workshop())
    base = store.workshops.load(wid)
    assert base.workshop.sheet_basis is SheetBasis.AUTO
    store.workshops.save(wid, replace(base.workshop, sheet_basis=SheetBasis.CONSENSUS), base=base)
    again = open_store(f"sqlite:///{tmp_path / 'k.db'}")  # no cache shared with the first
    stored = again.workshops.load(wid).workshop
    assert stored.sheet_basis is SheetBasis.CONSENSUS
    assert rank_workshop(stored).table["id"].iloc[0] == "K03"
    entries = [e.action for e in again.log.entries(wid)]
    assert "sheet_basis" in entries


def test_a_change_of_basis_is_in_the_change_log_and_merges_with_other_edits():
    base = workshop()
    ours = replace(base, sheet_basis=SheetBasis.BOTH)
    theirs = replace(base, name="Andere naam")
    changes = describe_changes(base, ours)
    assert [(c.action, c.detail) for c in changes] == [
        ("sheet_basis", {"old": "automatisch", "new": "beide"})
    ]
    merged = merge_workshops(base, ours, theirs)
    assert merged.sheet_basis is SheetBasis.BOTH and merged.name == "Andere naam"


# -- the report counts people, not the consensus sheet ------------------------------------
def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_report_counts_three_participants_and_the_consensus_sheet_apart():
    html = build_report(workshop(), "nl", generated=dt.date(2026, 3, 12))
    text = _text(html)
    assert "met 3 deelnemers; daarnaast vulde de groep samen een consensusformulier in." in text
    assert "met 4 deelnemers" not in text
    assert "Aantal deelnemers 3 " in text
    assert "Consensusformulier van de groep ingevuld" in text
    assert "Gebaseerd op 3 individuele scoreformulieren (de consensusscore telt niet mee)." in text


def test_the_report_of_a_group_that_only_scored_together():
    w = workshop(people={}, listed=("p1", "p2"))
    text = _text(build_report(w, "en", generated=dt.date(2026, 3, 12)))
    assert "together as a group on 2 criteria, on one consensus sheet." in text
    assert "Number of participants 0 " in text
    assert "Based on the group's consensus sheet." in text


def test_the_report_says_when_a_choice_fell_back():
    w = workshop(SheetBasis.CONSENSUS, consensus=None)
    text = _text(build_report(w, "nl", generated=dt.date(2026, 3, 12)))
    assert "Consensusformulier van de groep niet ingevuld" in text
    assert sheet_choice(w).problem.localized("nl") in text  # type: ignore[union-attr]


# -- the command line says it as well ------------------------------------------------------
def test_the_command_line_ranking_says_which_sheets_count(tmp_path, capsys):
    path = tmp_path / "w.yaml"
    save_workshop(workshop(), path)
    assert main(["rank", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Gebaseerd op 3 individuele scoreformulieren (de consensusscore telt niet mee)." in lines
    save_workshop(workshop(SheetBasis.BOTH), path)
    assert main(["rank", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["sheets"] == ["p1", "p2", "p3", GROUP_ID]
