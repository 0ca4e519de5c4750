"""The charts of packages (decision.output.charts.packages), read through ``fig.to_dict()``.

What a team relies on: the bars count the members of each package that run in each year,
every relation is in its cell with its own symbol and sign (never colour alone), the core
index bars are the analysis's shares, names typed by the team stay text, and each chart's
table holds the same numbers.
"""

from __future__ import annotations

import dataclasses

import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.model import PackageSettings, Relation, RelationKind, Workshop
from decision.domain.packages import analyse_packages, running_years
from decision.files.workshop_file import load_workshop
from decision.output import charts
from decision.output.charts.packages import (
    RELATION_STYLE,
    core_index_table,
    relations_table,
    workload_table,
)
from decision.text.formatting import percent

TRICKY = "Plein <b>%{x}</b> & co"
RELATIONS = (
    Relation("K02", "K01", RelationKind.REQUIRES, note="Eerst het warmtenet <i>besluiten</i>"),
    Relation("K06", "K09", RelationKind.STRENGTHENS),
    Relation("K01", "K10", RelationKind.SAME_WORKS, points=8),
    Relation("K05", "K04", RelationKind.COMPETES),
    Relation("K03", "K14", RelationKind.EXCLUDES),
)


@pytest.fixture(scope="module")
def example(request) -> Workshop:
    w = load_workshop(request.config.rootpath / "data" / "kastanjehof.yaml")
    w = w.with_kans(dataclasses.replace(w.kans("K09"), name=TRICKY))
    return dataclasses.replace(w, relations=RELATIONS, package=PackageSettings(size=3, per_year=3))


@pytest.fixture(scope="module")
def analysis(example):
    ranking = rank_workshop(example)
    return analyse_packages(example, ranking, method="wsm", aggregation="mean", samples=200, limit=3)


def test_workload_bars_count_the_members_running_each_year(analysis, example):
    d = charts.workload_chart(analysis, example, "nl").to_dict()
    bars = [tr for tr in d["data"] if tr["type"] == "bar"]
    assert [tr["name"] for tr in bars] == [f"Pakket {v.letter}" for v in analysis.packages]
    for tr, view in zip(bars, analysis.packages, strict=True):
        kansen = [example.kans(kid) for kid in view.members]
        for year, count in zip(tr["x"], tr["y"], strict=True):
            assert count == sum(int(year) in running_years(k) for k in kansen)
    # colour is never the only sign: every package also has its own fill pattern
    assert len({tr["marker"]["pattern"]["shape"] for tr in bars}) == len(bars)
    caps = [s for s in d["layout"]["shapes"] if s.get("y0") == 3 and s.get("y1") == 3]
    assert caps, "the cap per year is drawn"


def test_workload_table_holds_the_charts_numbers(analysis, example):
    table = workload_table(analysis, example, "en")
    assert table.columns == ("Year", "Package A", "Package B", "Package C")
    bars = [tr for tr in charts.workload_chart(analysis, example, "en").to_dict()["data"]]
    for j, tr in enumerate(bars, start=1):
        assert [row[j] for row in table.rows] == [str(n) for n in tr["y"]]


def test_every_relation_is_in_its_cell_with_its_own_symbol_and_sign(example):
    d = charts.relations_chart(example, "nl").to_dict()
    ids = list(example.kans_ids)
    traces = {tr["name"]: tr for tr in d["data"]}
    assert len({tr["marker"]["symbol"] for tr in d["data"]}) == len(RelationKind)
    assert len({tr["text"][0] for tr in d["data"] if tr["text"]}) == len(RelationKind)
    for r in RELATIONS:
        style = RELATION_STYLE[r.kind]
        tr = next(tr for name, tr in traces.items() if name.startswith(style["sign"]))
        cells = set(zip(tr["y"], tr["x"], strict=True))
        a, b = ids.index(r.source), ids.index(r.target)
        assert (a, b) in cells
        # a voorwaarde reads one way; the other kinds the same either way
        assert ((b, a) in cells) is (r.kind is not RelationKind.REQUIRES)
        assert tr["marker"]["symbol"] == style["symbol"]


def test_relations_on_a_phone_stay_in_their_cells(example):
    """A phone's cell is about 16 px: the marker fits it and no sign runs into the next one,
    while every kind keeps a symbol of its own."""
    d = charts.relations_chart(example, "nl", narrow=True).to_dict()
    assert len({tr["marker"]["symbol"] for tr in d["data"]}) == len(RelationKind)
    for tr in d["data"]:
        assert tr["marker"]["size"] <= 14
        assert "text" not in tr["mode"]


def test_relations_readable_on_a_projector_and_team_text_stays_text(example):
    fig = charts.relations_chart(example, "en", height=1080)
    d = fig.to_dict()
    assert d["layout"]["height"] >= 1080
    for tr in d["data"]:
        assert tr["marker"]["size"] >= 20 and tr["textfont"]["size"] >= 18
        assert TRICKY not in tr.get("hovertemplate", "")
    ticks = d["layout"]["yaxis"]["ticktext"]
    assert not any("<b>%{x}</b>" in tick for tick in ticks)
    assert any("&lt;b&gt;" in tick for tick in ticks)
    notes = [c[4] for tr in d["data"] for c in tr["customdata"]]
    assert "Eerst het warmtenet &lt;i&gt;besluiten&lt;/i&gt;" in notes


def test_relations_table_lists_each_relation_as_typed(example):
    table = relations_table(example, "nl")
    assert len(table.rows) == len(RELATIONS)
    assert table.rows[0][1] == "veronderstelt"
    assert table.rows[0][4] == "Eerst het warmtenet <i>besluiten</i>"
    assert table.rows[2][3] == "+8"
    assert table.rows[3][3] == "−5"


def test_a_workshop_without_relations_says_so(example):
    w = dataclasses.replace(example, relations=())
    d = charts.relations_chart(w, "nl").to_dict()
    assert all(not tr["x"] for tr in d["data"])
    assert "Er zijn nog geen relaties" in d["layout"]["annotations"][-1]["text"]


def test_core_index_bars_are_the_analysis_shares_in_ranking_order(analysis, example):
    d = charts.core_index_chart(analysis, example, "nl").to_dict()
    (bar,) = d["data"]
    order = [str(kid) for kid in analysis.ranking.table["id"]]
    assert bar["y"] == order
    assert bar["x"] == [analysis.core_index[kid] for kid in order]
    assert bar["text"] == [percent(analysis.core_index[kid], "nl") for kid in order]
    best = set(analysis.packages[0].members)
    assert [shape == "" for shape in bar["marker"]["pattern"]["shape"]] == [kid in best for kid in order]
    table = core_index_table(analysis, example, "nl")
    assert [row[1] for row in table.rows] == bar["text"]
    assert TRICKY in [row[0] for row in table.rows]  # a table cell is text, never markup


def test_the_same_input_gives_the_same_figures(analysis, example):
    for build in (
        lambda: charts.workload_chart(analysis, example, "nl"),
        lambda: charts.relations_chart(example, "nl"),
        lambda: charts.core_index_chart(analysis, example, "nl"),
    ):
        assert build().to_json() == build().to_json()
