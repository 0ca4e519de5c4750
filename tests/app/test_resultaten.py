"""Resultaten: the top three, the ranking table, the method switch, ties and presentation mode."""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.facts import filled_scores
from decision.text import formatting
from ui.catalog import t
from ui.text import md


def card_names(at) -> list[str]:
    return [m.value.removeprefix("#### ") for m in at.markdown if m.value.startswith("#### ")]


def contributions_chart(at):
    return next(c for c in at.get("plotly_chart") if c.key == "contributions_chart")


def table_ids(at) -> list[str]:
    return list(at.dataframe[0].value["ID"])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_resultaten_page_in_both_languages(app, wid, lang):
    at = app("resultaten", wid, lang=lang)
    assert not at.exception
    assert at.title[0].value == t("page.resultaten_title", lang)
    assert t("results.section_top", lang) in at.header.values
    assert len(at.tabs) == 5
    assert at.tabs[0].label == t("results.section_contributions", lang)


def test_resultaten_needs_an_open_workshop(app):
    at = app("resultaten")
    assert not at.exception
    assert at.info[0].value == t("layout.no_workshop", "nl")
    assert not at.metric


def test_without_scores_there_is_nothing_to_rank(app, store, example):
    wid = store.workshops.create(replace(example, scores={}))
    at = app("resultaten", wid)
    assert not at.exception
    assert at.info[0].value == t("results.no_scores", "nl")
    assert not at.dataframe


def test_top_three_cards_show_the_best_koppelkansen(app, wid, example):
    ranking = rank_workshop(example, "wsm", "mean")
    top = list(ranking.top(3))
    at = app("resultaten", wid)
    assert not at.exception
    assert card_names(at) == [md(example.kans(k).name) for k in top]
    scores = ranking.table.set_index("id")["score"]
    assert [m.value for m in at.metric] == [formatting.score(scores[k], "nl") for k in top]
    assert [m.value for m in at.markdown if m.value.startswith("### ")][:3] == [
        "### " + t("results.rank", "nl", rank=r) for r in (1, 2, 3)
    ]
    assert table_ids(at) == list(ranking.table["id"])


def test_topsis_ranks_with_topsis(app, wid, example):
    wsm = rank_workshop(example, "wsm", "mean")
    topsis = rank_workshop(example, "topsis", "mean")
    assert list(wsm.table["id"]) != list(topsis.table["id"]), "the example ranks differently under TOPSIS"
    at = app("resultaten", wid)
    assert at.segmented_control(key="method").value == "wsm"
    assert "TOPSIS" not in contributions_chart(at).proto.spec
    at.segmented_control(key="method").set_value("topsis").run()
    assert not at.exception
    assert table_ids(at) == list(topsis.table["id"])
    assert card_names(at) == [md(example.kans(k).name) for k in topsis.top(3)]
    scores = topsis.table.set_index("id")["score"]
    assert [m.value for m in at.metric] == [formatting.score(scores[k], "nl") for k in topsis.top(3)]
    assert "TOPSIS" in contributions_chart(at).proto.spec  # its title says how the bars differ


def test_a_tie_is_explained_under_the_table(app, store, wid, example):
    # K13 gets exactly the scores of K14 from everyone (the cost and time levels the
    # inventory fills in for K14 included): the two share a place.
    k14 = filled_scores(example, example.participant_ids)
    store.workshops.set_scores(wid, {(p, "K13", c): k14.get((p, "K14", c))
                           for p in example.participant_ids for c in example.criterion_ids})  # fmt: skip
    ranking = rank_workshop(store.workshops.load(wid).workshop, "wsm", "mean")
    assert ranking.ties == (("K13", "K14"),)
    at = app("resultaten", wid)
    assert not at.exception
    assert t("results.ties", "nl", groups="K13 = K14") in at.caption.values
    table = at.dataframe[0].value.set_index("ID")
    rank = int(ranking.table.set_index("id").loc["K13", "rank"])
    shared = t("results.shared_rank", "nl", rank=rank)
    assert table.loc["K13"].iloc[0] == table.loc["K14"].iloc[0] == shared


def test_no_ties_no_tie_caption(app, wid):
    at = app("resultaten", wid)
    tie_start = t("results.ties", "nl", groups="").split(":")[0]
    assert not [c for c in at.caption.values if c.startswith(tie_start)]


def test_many_tied_at_the_edge_are_named_in_one_notice_not_a_row_of_cards(app, store, example):
    """Everyone gave every koppelkans the same scores: all share the first place. No row
    of fourteen cards; one notice names them all and says the scores make no choice."""
    first = example.kans_ids[0]
    cells = [(p, c) for p in example.participant_ids for c in example.criterion_ids]
    same = {(p, k, c): example.scores.get((p, first, c)) for p, c in cells for k in example.kans_ids}
    wid = store.workshops.create(replace(example, scores=same))
    at = app("resultaten", wid)
    assert not at.exception
    assert card_names(at) == []
    names = ", ".join(md(example.kans(k).name) for k in example.kans_ids)
    expected = t("results.tied_at_edge", "nl", count=len(example.kans_ids), rank=1, names=names)
    assert expected in [i.value for i in at.info]
