"""Which score sheets count, on the pages: the choice on Resultaten, the sentence on every result page.

The example workshop has seven people; the tests add the group's consensus sheet
("Groep (consensus)"), which puts the opposite order on the ranking, so it is
visible at once whether it counted.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.model import Participant, SheetBasis
from decision.domain.progress import GROUP_ID
from decision.domain.sheets import basis_sentence
from decision.files.paths import EXAMPLE_WORKSHOP
from decision.files.workshop_file import load_workshop
from tests.conftest import protect
from ui.catalog import t

KEY = "sheet_basis_{}"
# the example's individual sheets, one per participant
PEOPLE = len(load_workshop(EXAMPLE_WORKSHOP).participants)


def with_consensus(w, *, people: bool = True):
    """The workshop with a consensus sheet that puts the people's best koppelkans last and
    their worst first (every other one in the middle)."""
    order = list(rank_workshop(w).table["id"])
    best, worst = order[0], order[-1]
    group = Participant(GROUP_ID, "Groep (consensus)", "alle deelnemers samen")
    scores = {}
    for kid in w.kans_ids:
        for c in w.criteria:
            good, bad = (c.scale.high, c.scale.low) if c.direction > 0 else (c.scale.low, c.scale.high)
            middle = (c.scale.low + c.scale.high) / 2
            scores[(GROUP_ID, kid, c.id)] = bad if kid == best else good if kid == worst else middle
    if not people:
        return replace(w, participants=(group,), scores=scores)
    return replace(w, participants=(group, *w.participants), scores={**w.scores, **scores})


@pytest.fixture
def consensus_wid(store, example) -> str:
    return store.workshops.create(with_consensus(example))


def first_card(at) -> str:
    return next(m.value.removeprefix("#### ") for m in at.markdown if m.value.startswith("#### "))


def ranking_ids(at) -> list[str]:
    """The ids in the ranking table (the comparison table has no id column)."""
    return next(list(d.value["ID"]) for d in at.dataframe if "ID" in d.value.columns)


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_resultaten_says_the_result_rests_on_the_individuals_and_not_the_consensus(
    app, consensus_wid, saved, lang
):
    at = app("resultaten", consensus_wid, lang=lang)
    assert not at.exception
    expected = basis_sentence(saved(consensus_wid), lang)
    assert expected == t(
        "sheets.individuals_not_consensus", lang, sheets=t("sheets.individual_many", lang, n=PEOPLE)
    )
    assert expected in captions(at)
    control = at.segmented_control(key=KEY.format("automatisch"))
    assert control.value == "automatisch"
    assert control.label == t("sheetbasis.label", lang)
    assert control.help == t("sheetbasis.help", lang)


def test_the_top_of_resultaten_is_the_peoples_not_the_consensus_sheets(app, consensus_wid, example):
    at = app("resultaten", consensus_wid)
    people_first = rank_workshop(example).table.iloc[0]
    assert first_card(at) == people_first["name"]
    assert ranking_ids(at)[0] == people_first["id"]


def test_choosing_consensus_saves_it_and_ranks_by_the_consensus_sheet(app, consensus_wid, saved, example):
    at = app("resultaten", consensus_wid)
    at.segmented_control(key=KEY.format("automatisch")).set_value("consensus").run()
    assert not at.exception
    stored = saved(consensus_wid)
    assert stored.sheet_basis is SheetBasis.CONSENSUS
    assert t(
        "sheets.consensus_not_individuals_many", "nl", sheets=t("sheets.individual_many", "nl", n=PEOPLE)
    ) in (captions(at))
    people_last = rank_workshop(example).table.iloc[-1]["id"]
    assert ranking_ids(at)[0] == people_last  # the consensus sheet reverses the order
    assert at.segmented_control(key=KEY.format("consensus")).value == "consensus"


def test_the_other_sheets_order_is_there_to_compare(app, consensus_wid, example):
    at = app("resultaten", consensus_wid)
    titles = [e.label for e in at.expander]
    assert t("sheetbasis.compare_title", "nl") in titles
    table = next(d.value for d in at.dataframe if t("sheetbasis.col_consensus_rank", "nl") in d.value.columns)
    people = rank_workshop(example).table
    assert list(table[t("kans.name", "nl")]) == list(people["name"])
    assert table[t("sheetbasis.col_consensus_rank", "nl")].iloc[0] == str(len(people))


def test_an_impossible_choice_is_said_and_falls_back_visibly(app, store, example):
    wid = store.workshops.create(replace(example, sheet_basis=SheetBasis.CONSENSUS))  # no consensus sheet
    at = app("resultaten", wid)
    assert not at.exception
    assert t("error.sheet_basis_no_consensus", "nl", n=PEOPLE) in [w.value for w in at.warning]
    assert t("sheets.individuals", "nl", sheets=t("sheets.individual_many", "nl", n=PEOPLE)) in captions(at)
    assert len(ranking_ids(at)) == len(example.kansen)  # a full ranking, not an empty one


def test_only_a_consensus_sheet_is_the_result_under_the_automatic_choice(app, store, example):
    wid = store.workshops.create(with_consensus(example, people=False))
    at = app("resultaten", wid, lang="en")
    assert not at.exception
    assert "Based on the group's consensus sheet." in captions(at)
    assert not at.warning
    assert not [e for e in at.expander if e.label == t("sheetbasis.compare_title", "en")]


@pytest.mark.parametrize("page", ["gevoeligheid", "besluit"])
def test_gevoeligheid_and_besluit_say_which_sheets_count_too(app, consensus_wid, saved, page):
    at = app(page, consensus_wid)
    assert not at.exception
    assert basis_sentence(saved(consensus_wid), "nl") in captions(at)


def test_a_protected_workshop_keeps_its_choice_for_the_facilitator_only(app, store, consensus_wid, saved):
    protect(store, consensus_wid)
    at = app("resultaten", consensus_wid, unlocked={consensus_wid})
    at.segmented_control(key=KEY.format("automatisch")).set_value("beide").run()
    assert not at.exception
    assert saved(consensus_wid).sheet_basis is SheetBasis.BOTH
    assert any(
        c.startswith(f"Gebaseerd op {PEOPLE} individuele scoreformulieren en het consensusformulier")
        for c in captions(at)
    )
