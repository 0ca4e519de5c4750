"""The raadsversie: criteria left out of the public report, the fiches in work, the groups' rankings."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from html import escape
from pathlib import Path

import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.model import (
    Fiche,
    Funding,
    FundingState,
    NextStep,
    ReportSettings,
    Status,
    Text,
    Workshop,
)
from decision.domain.perspectives import group_rankings, lowest_group, lowest_group_sentence
from decision.files.workshop_file import load_workshop
from decision.output.report import build_report
from tests.decision.output.test_report import EVIL, parse

ROOT = Path(__file__).resolve().parents[3]
DAY = dt.date(2026, 12, 3)
SECRET = ("Geheim-Alfa", "Secret-Alpha")


@pytest.fixture(scope="module")
def example() -> Workshop:
    return load_workshop(ROOT / "data" / "kastanjehof.yaml")


def _hide(w: Workshop, cid: str) -> Workshop:
    """The workshop with ``cid`` under a name found nowhere else, left out of the reports,
    and with a note on one of its cells."""
    criteria = tuple(
        replace(c, label=Text(*SECRET), description=Text("Geheime uitleg", "Secret explanation"))
        if c.id == cid
        else c
        for c in w.criteria
    )
    w = replace(w, criteria=criteria, reports=ReportSettings(hidden_criteria=(cid,)))
    return w.with_cell_note(w.kans_ids[0], cid, "Notitie-over-het-geheim")


@pytest.mark.parametrize("method", ["wsm", "topsis"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_hidden_criterion_appears_nowhere_in_the_report(example, method, lang):
    w = _hide(example, "ambitie")
    page = build_report(w, lang, method=method, generated=DAY)
    assert parse(page).errors == []
    for word in (*SECRET, "Geheime uitleg", "Secret explanation", "Notitie-over-het-geheim"):
        assert word not in page
    # one line says that some are left out; the others are still there
    assert (
        page.count('<p class="note">' + escape("Een paar criteria" if lang == "nl" else "Some criteria")) == 1
    )
    assert w.criterion("kosten").label.get(lang) in page


def test_without_hidden_criteria_the_same_workshop_names_them(example):
    w = replace(_hide(example, "ambitie"), reports=ReportSettings())
    page = build_report(w, generated=DAY)
    assert SECRET[0] in page and "Notitie-over-het-geheim" in page
    assert "Een paar criteria" not in page


def test_the_chart_keeps_the_whole_score_with_one_grey_unnamed_piece(example):
    w = _hide(example, "ambitie")
    page = build_report(w, generated=DAY)
    chart = re.search(r"<figure>\s*<figcaption>Score per koppelkans.*?</figure>", page, re.S).group(0)
    legend = re.findall(r'<g class="legend">.*?</g>', chart)
    assert len(legend) == len(w.criteria)  # four named and one for what is left out
    assert "niet getoonde criteria" in legend[-1]
    # the hidden criterion still counts: the scores are those of the full ranking
    ranking = rank_workshop(w, "wsm", "mean")
    assert ranking.table.equals(rank_workshop(replace(w, reports=ReportSettings()), "wsm", "mean").table)


def test_the_fiche_of_a_koppelkans_in_work(example):
    k = example.kans("K03")
    fiche = Fiche(
        funding=(Funding("Provincie", 40_000, FundingState.COMMITTED), Funding("Gemeente", 10_000)),
        conditions=("Subsidie " + EVIL,),
        next_steps=(NextStep("Ontwerp maken", "Team Openbare Ruimte", dt.date(2027, 2, 1)),),
    )
    w = example.with_kans(replace(k, status=Status.PRIORITISED, lead="Gemeente " + EVIL, fiche=fiche))
    page = build_report(w, generated=DAY)
    section = re.search(r'<section id="uitwerking">(.*?)</section>', page, re.S).group(1)
    assert EVIL not in page and escape("Gemeente " + EVIL) in section
    assert "€\xa050.000 in totaal: €\xa040.000 toegezegd, €\xa010.000 nog te regelen" in section
    assert (
        "Ontwerp maken" in section and "door Team Openbare Ruimte" in section and "1 februari 2027" in section
    )
    # only the ones in work have a fiche here
    assert section.count("<article") == 1


def test_no_koppelkans_in_work_no_fiche_section(example):
    assert '<section id="uitwerking">' not in build_report(example, generated=DAY)


def test_the_groups_rank_matrix_and_sentences(example):
    page = build_report(example, generated=DAY)
    section = re.search(r'<section id="perspectieven">(.*?)</section>', page, re.S).group(1)
    p = group_rankings(example)
    heads = re.findall(r'<th scope="col" class="num">(.*?)</th>', section)
    assert heads == [escape(example.group(g).label.nl) for g in p.group_ids]
    for k in example.kansen:
        row = re.search(rf"<tr><td>{re.escape(escape(k.name))}</td>(.*?)</tr>", section).group(1)
        cells = re.findall(r'<td class="num">(.*?)</td>', row)
        assert cells == [str(int(p.ranks.loc[k.id, g])) for g in p.group_ids]
    for kid in p.win_win:
        assert escape(example.kans(kid).name) in section.split("<table", 1)[1].split("</table>", 1)[1]
    top = rank_workshop(example).top(3)
    for kid in top:
        found = lowest_group(example, p, kid)
        if found is not None:
            assert escape(lowest_group_sentence(example, found)) in section


def test_a_sentence_naming_a_hidden_criterion_is_left_out(example):
    p = group_rankings(example)
    top = rank_workshop(example).top(3)
    found = next(f for kid in top if (f := lowest_group(example, p, kid)) is not None)
    w = _hide(example, found.criterion_id)
    section = re.search(r'<section id="perspectieven">(.*?)</section>', build_report(w, generated=DAY), re.S)
    assert section is not None and SECRET[0] not in section.group(1)
