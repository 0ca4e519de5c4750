"""The chart builders as pure functions: a workshop in, a plotly figure out.

Every check reads ``fig.to_dict()``: which traces there are, in which order, what
they say, and that the same input gives the same figure.
"""

from __future__ import annotations

import ast
import datetime as dt
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.explain import compare_methods, workshop_favourability
from decision.domain.model import (
    Criterion,
    Direction,
    KansType,
    Koppelkans,
    LinkedProject,
    OrdinalScale,
    Participant,
    Range,
    Text,
    Workshop,
)
from decision.errors import WeightsError
from decision.files.criteria_sets import load_criteria_set
from decision.output import charts
from decision.output.charts.timeline import timeline_table
from decision.text.formatting import NBSP
from decision.text.i18n import t

ROOT = Path(__file__).resolve().parents[3]
CRITERIA = load_criteria_set(ROOT / "criteria" / "01-wijkkompas-fase3.yaml").criteria
CIDS = tuple(c.id for c in CRITERIA)  # wensen, kosten, tijd, risico, ambitie
# a name that would do harm if it were pasted into a hover template
TRICKY_NAME = "Plein <b>%{x}</b> & co"
TODAY = dt.date(2026, 12, 2)  # the day the natural moment is counted from, never the clock


def _sheet(wensen, kosten, tijd, risico, ambitie):
    return dict(zip(CIDS, (wensen, kosten, tijd, risico, ambitie), strict=True))


def make_workshop() -> Workshop:
    """Four koppelkansen, three participants, with a known outcome.

    - ``plein`` is best on every criterion: score 1, rank 1.
    - ``cafe``: the participants disagree on *wensen* (1, 3, 5: IQR 2).
    - ``riool``: everybody said "weet niet" on *risico*.
    - ``warmte``: nobody scored anything.
    """
    kansen = (
        Koppelkans("plein", TRICKY_NAME, KansType.PHYSICAL, extra_cost=Range(50_000, 150_000)),
        Koppelkans("cafe", "Energiecafé in het buurthuis", KansType.SOCIAL, extra_cost=Range(10_000, 30_000)),
        Koppelkans("riool", "Regenwater afkoppelen", KansType.PHYSICAL, extra_cost=Range(400_000, 800_000)),
        Koppelkans("warmte", "Warmtenet meeleggen", KansType.PHYSICAL),
    )
    participants = tuple(Participant(p) for p in ("p1", "p2", "p3"))
    sheets = {
        "plein": [_sheet(5, 1, 1, 1, 5)] * 3,
        "cafe": [_sheet(1, 2, 2, 2, 3), _sheet(3, 2, 2, 2, 3), _sheet(5, 3, 2, 2, 3)],
        "riool": [_sheet(2, 4, 4, None, 3)] * 3,
    }
    scores = {
        (p.id, kid, cid): value
        for kid, per_participant in sheets.items()
        for p, sheet in zip(participants, per_participant, strict=True)
        for cid, value in sheet.items()
    }
    return Workshop(name="Test", criteria=CRITERIA, kansen=kansen, participants=participants, scores=scores)


@pytest.fixture(scope="module")
def w() -> Workshop:
    return make_workshop()


@pytest.fixture(scope="module")
def wsm(w):
    return rank_workshop(w, "wsm")


@pytest.fixture(scope="module")
def tops(w):
    return rank_workshop(w, "topsis")


def bars(d):
    return [tr for tr in d["data"] if tr["type"] == "bar"]


def all_figures(w, wsm, lang="nl"):
    return {
        "weights": charts.weights_bar(w.criteria, [c.weight for c in w.criteria], lang),
        "timeline": charts.timeline(timeline_kansen(), today=TODAY, lang=lang),
        "contributions": charts.contributions_bar(w, wsm, lang),
        "profile": charts.profile_chart(w, wsm, wsm.top(3), lang),
        "value": charts.value_for_money(w, wsm, lang),
        "heatmap": charts.score_heatmap(w, wsm, lang),
        "methods": charts.method_comparison(compare_methods(w), lang),
    }


# -- every chart -----------------------------------------------------------------
def test_no_chart_module_imports_streamlit():
    modules = sorted((ROOT / "decision" / "output" / "charts").glob("*.py"))
    assert len(modules) > 1
    for path in modules:
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add((node.module or "").split(".")[0])
        assert "streamlit" not in imported, path.name


@pytest.mark.parametrize("lang, expected", [("nl", ",."), ("en", ".,")])
def test_separators_follow_the_language(w, wsm, lang, expected):
    for name, fig in all_figures(w, wsm, lang).items():
        assert fig.to_dict()["layout"]["separators"] == expected, name


def test_large_fonts_white_background_and_no_grid(w, wsm):
    for name, fig in all_figures(w, wsm).items():
        layout = fig.to_dict()["layout"]
        assert layout["font"]["size"] >= 16, name
        assert layout["title"]["font"]["size"] > layout["font"]["size"], name
        assert layout["paper_bgcolor"].upper() == "#FFFFFF", name
        for axis in ("xaxis", "yaxis"):
            if axis in layout:
                assert layout[axis].get("showgrid") is False, (name, axis)


def test_every_chart_has_the_simple_white_look_for_what_it_draws(w, wsm):
    """The template is simple_white trimmed to our trace types: each chart still gets
    simple_white's layout and its defaults for every kind of trace the chart draws."""
    white = pio.templates["simple_white"].to_plotly_json()
    for name, fig in all_figures(w, wsm).items():
        template = fig.to_dict()["layout"]["template"]
        assert template["layout"] == white["layout"], name
        for kind in {trace["type"] for trace in fig.to_dict()["data"]}:
            assert template["data"][kind] == white["data"][kind], (name, kind)


def test_titles_come_from_the_catalog(w, wsm):
    keys = {
        "weights": "chart.weights.title",
        "timeline": "chart.timeline.title",
        "contributions": "chart.contrib.title",
        "profile": "chart.profile.title",
        "value": "chart.vfm.title",
        "heatmap": "chart.heatmap.title",
        "methods": "chart.methods.title",
    }
    for lang in ("nl", "en"):
        for name, fig in all_figures(w, wsm, lang).items():
            title = fig.to_dict()["layout"]["title"]["text"].replace("<br>", " ")
            assert title == t(keys[name], lang), (lang, name)


def test_same_input_gives_the_same_figure(w, wsm):
    first = all_figures(w, wsm)
    second = all_figures(make_workshop(), rank_workshop(make_workshop()))
    for name in first:
        assert first[name].to_dict() == second[name].to_dict(), name
        assert first[name].to_json() == second[name].to_json(), name


def test_user_text_never_enters_a_hover_template(w, wsm):
    for name, fig in all_figures(w, wsm).items():
        for trace in fig.to_dict()["data"]:
            assert TRICKY_NAME not in trace.get("hovertemplate", ""), name
            assert "%{x}</b>" not in trace.get("hovertemplate", ""), name


def test_palette_and_type_style():
    okabe_ito = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"}
    assert okabe_ito <= set(charts.PALETTE.values())
    assert set(charts.TYPE_STYLE) == set(KansType)
    social, physical = charts.TYPE_STYLE[KansType.SOCIAL], charts.TYPE_STYLE[KansType.PHYSICAL]
    assert social["color"] != physical["color"]
    assert social["symbol"] != physical["symbol"]  # not colour alone


# -- 1. weights ----------------------------------------------------------------------
def test_weights_bar_one_bar_per_criterion_labelled_as_share():
    d = charts.weights_bar(CRITERIA, [25, 20, 15, 15, 25], "nl").to_dict()
    (bar,) = bars(d)
    assert bar["orientation"] == "h"
    assert list(bar["y"]) == list(CIDS)
    assert list(bar["text"]) == ["25%", "20%", "15%", "15%", "25%"]
    assert sum(bar["x"]) == pytest.approx(1.0)
    assert d["layout"]["yaxis"]["autorange"] == "reversed"  # first criterion on top
    assert d["layout"]["yaxis"]["ticktext"][0] == "Wensen in de wijk"


def test_weights_bar_normalises_and_speaks_english():
    d = charts.weights_bar(CRITERIA[:3], [1, 1, 2], "en").to_dict()
    (bar,) = bars(d)
    assert list(bar["text"]) == ["25%", "25%", "50%"]
    assert list(bar["x"]) == pytest.approx([0.25, 0.25, 0.5])
    assert d["layout"]["yaxis"]["ticktext"][0] == "Wishes in the neighbourhood"
    assert d["layout"]["separators"] == ".,"


def test_weights_bar_rejects_unusable_weights():
    with pytest.raises(WeightsError):
        charts.weights_bar(CRITERIA[:2], [1, -1])
    with pytest.raises(WeightsError):
        charts.weights_bar(CRITERIA[:2], [0, 0])


# -- 2. timeline ------------------------------------------------------------------------
def timeline_kansen() -> tuple[Koppelkans, ...]:
    def kans(kid, year, months=None):
        project = LinkedProject(f"Project {kid}", year) if year is not None or kid == "geen_jaar" else None
        return Koppelkans(kid, f"Kans {kid}", KansType.PHYSICAL, project=project, duration_months=months)

    return (
        kans("k2030", 2030, Range(24, 24)),
        kans("k2025", 2025, Range(12, 36)),
        kans("k2027", 2027),
        kans("geen_jaar", None),
        kans("k2026", 2026, Range(6, 18)),
        kans("geen_project", None),
        kans("k2028", 2028, Range(3, 9)),
    )


def _timeline_parts(d):
    by_group = {tr["legendgroup"]: tr for tr in bars(d)}
    stars = next(tr for tr in d["data"] if tr["type"] == "scatter")
    return by_group, stars


@pytest.mark.parametrize(
    "window, now, inside, later",
    [
        # seen from 2 December 2026: 2027 is 0.58 years ahead, 2028 1.58, 2030 3.58
        ((1.5, 4.0), {"k2025", "k2026", "k2027"}, {"k2028", "k2030"}, set()),
        ((0.5, 1.0), {"k2025", "k2026"}, {"k2027"}, {"k2028", "k2030"}),
        ((2.0, 3.0), {"k2025", "k2026", "k2027", "k2028"}, set(), {"k2030"}),
    ],
)
def test_timeline_draws_each_work_in_its_natural_moment_class(window, now, inside, later):
    d = charts.timeline(timeline_kansen(), today=TODAY, window=window).to_dict()
    by_group, stars = _timeline_parts(d)
    assert set(by_group["now"]["y"]) == now
    assert set(by_group["window"]["y"]) == inside
    assert set(by_group["later"]["y"]) == later
    assert set(stars["y"]) == inside
    assert stars["marker"]["symbol"] == "star"
    # not by colour alone: too late is hatched, the natural moment outlined and starred
    assert by_group["now"]["marker"]["pattern"]["shape"] == "x"
    assert by_group["window"]["marker"]["line"]["width"] > 0
    assert len({by_group[g]["marker"]["color"] for g in ("now", "window", "later")}) == 3
    assert by_group["now"]["name"] == t("moment.now", "nl")
    assert by_group["later"]["name"] == t("moment.later", "nl")
    assert stars["name"] == t("moment.window", "nl")


def test_timeline_band_is_the_window_from_today():
    d = charts.timeline(timeline_kansen(), today=TODAY, window=(1.5, 4.0)).to_dict()
    band, today_line = d["layout"]["shapes"]
    # 1.5 years (548 days) after 2 December 2026 is 2 June 2028; 4 years after is 2 December 2030
    assert band["x0"] == pytest.approx(2028 + 153 / 366)
    assert band["x1"] == pytest.approx(2030 + 335 / 365)
    assert today_line["x0"] == today_line["x1"] == pytest.approx(2026 + 335 / 365)
    subtitle = d["layout"]["title"]["subtitle"]["text"].replace("<br>", " ")
    assert "1,5 tot 4 jaar" in subtitle and "juni 2028" in subtitle and "december 2030" in subtitle


def test_timeline_bars_start_on_the_first_of_july_for_the_duration_and_carry_the_project_name():
    d = charts.timeline(timeline_kansen(), today=TODAY).to_dict()
    rows = {}
    for trace in bars(d):
        for y, base, x, text in zip(trace["y"], trace["base"], trace["x"], trace["text"], strict=True):
            rows[y] = (base, x, text)
    assert rows["k2030"] == (pytest.approx(2030 + 181 / 365), pytest.approx(2.0), "Project k2030")
    assert rows["k2028"][0] == pytest.approx(2028 + 182 / 366)  # a leap year
    assert rows["k2025"] == (pytest.approx(2025 + 181 / 365), pytest.approx(2.0), "Project k2025")
    assert rows["k2026"][1] == pytest.approx(1.0)
    assert rows["k2027"][1] == pytest.approx(1.0)  # unknown duration: one year
    assert rows["k2028"][1] == pytest.approx(0.5)
    # earliest start at the top
    assert d["layout"]["yaxis"]["categoryarray"] == ["k2025", "k2026", "k2027", "k2028", "k2030"]
    low, high = d["layout"]["yaxis"]["range"]
    assert low > high
    assert d["layout"]["xaxis"]["tickformat"] == "d"  # 2026, never 2.026


def test_timeline_table_lists_every_koppelkans_with_its_start_year_and_class():
    table = timeline_table(timeline_kansen(), today=TODAY, window=(1.5, 4.0), lang="nl")
    assert list(table.columns) == ["ID", "Koppelkans", "Gekoppeld project", "Startjaar", "Natuurlijk moment"]
    rows = {r["ID"]: (r["Startjaar"], r["Natuurlijk moment"]) for r in table.to_dict("records")}
    assert rows["k2028"] == (2028, t("moment.window", "nl"))
    assert rows["k2027"] == (2027, t("moment.now", "nl"))
    assert rows["geen_jaar"][1] == t("moment.unknown", "nl")
    assert list(table["ID"])[-2:] == ["geen_jaar", "geen_project"]  # without a start year: last
    english = timeline_table(timeline_kansen(), today=TODAY, window=(0.5, 1.0), lang="en")
    assert dict(zip(english["ID"], english["Natural moment"], strict=True))["k2030"] == "Later: keep in view"


def test_timeline_counts_the_koppelkansen_without_a_start_year():
    d = charts.timeline(timeline_kansen(), today=TODAY).to_dict()
    notes = [a["text"].replace("<br>", " ") for a in d["layout"]["annotations"] if "(2)" in a["text"]]
    assert len(notes) == 1
    assert "Kans geen_jaar" in notes[0] and "Kans geen_project" in notes[0]
    shown = {y for tr in d["data"] for y in tr.get("y", [])}
    assert not shown & {"geen_jaar", "geen_project"}


def test_timeline_without_dated_works_still_draws():
    d = charts.timeline(timeline_kansen()[3:4], today=TODAY).to_dict()
    assert all(len(tr["y"]) == 0 for tr in d["data"])
    text = " ".join(a["text"] for a in d["layout"]["annotations"])
    assert t("chart.timeline.empty", "nl") in text.replace("<br>", " ")


# -- 3. contributions ----------------------------------------------------------------------
def test_contributions_stack_in_rank_order_and_add_up_to_the_score(w, wsm):
    d = charts.contributions_bar(w, wsm).to_dict()
    segments = bars(d)
    assert [s["name"] for s in segments] == [c.label.nl for c in CRITERIA]
    assert d["layout"]["barmode"] == "stack"
    order = list(wsm.table["id"])
    assert order == ["plein", "cafe", "riool", "warmte"]
    for s in segments:
        assert list(s["y"]) == order
    assert d["layout"]["yaxis"]["categoryarray"] == order
    assert d["layout"]["yaxis"]["autorange"] == "reversed"  # best at the top
    totals = np.sum([s["x"] for s in segments], axis=0)
    expected = [0.0 if np.isnan(s) else 100 * s for s in wsm.table["score"]]
    assert totals == pytest.approx(expected)
    assert totals[0] == pytest.approx(100.0)
    (labels,) = [tr for tr in d["data"] if tr["type"] == "scatter"]
    assert list(labels["text"]) == ["100", "61", "32", t("chart.contrib.unscored", "nl")]


def test_contributions_top_keeps_the_best(w, wsm):
    d = charts.contributions_bar(w, wsm, top=2).to_dict()
    for s in bars(d):
        assert list(s["y"]) == ["plein", "cafe"]
    with pytest.raises(ValueError):
        charts.contributions_bar(w, wsm, top=0)


def test_contributions_under_topsis_stack_weighted_favourability(w, tops):
    d = charts.contributions_bar(w, tops, "nl").to_dict()
    assert d["layout"]["title"]["text"].replace("<br>", " ") == t("chart.contrib.title_topsis", "nl")
    order = list(tops.table["id"])
    fav = workshop_favourability(w, tops) * tops.result.weights * 100
    expected = {kid: np.nan_to_num(fav[tops.kans_ids.index(kid)]) for kid in order}
    for j, s in enumerate(bars(d)):
        assert list(s["y"]) == order
        assert list(s["x"]) == pytest.approx([expected[kid][j] for kid in order])
    (labels,) = [tr for tr in d["data"] if tr["type"] == "scatter"]
    assert labels["text"][0] == str(round(100 * float(tops.table["score"][0])))


# -- 4. profile -----------------------------------------------------------------------------
def test_profile_one_closed_line_per_koppelkans_with_own_colour_and_dash(w, wsm):
    ids = ["plein", "cafe", "riool"]
    d = charts.profile_chart(w, wsm, ids).to_dict()
    traces = d["data"]
    assert [tr["type"] for tr in traces] == ["scatterpolar"] * 3
    assert len({tr["line"]["color"] for tr in traces}) == 3
    assert len({tr["line"]["dash"] for tr in traces}) == 3
    plein, cafe, riool = traces
    assert list(plein["r"]) == pytest.approx([100.0] * 6)  # best everywhere, loop closed
    assert list(plein["theta"]) == [*CIDS, CIDS[0]]
    assert cafe["r"][0] == pytest.approx(50.0)  # wensen mean 3 on 1..5
    assert riool["r"][3] is None  # risico: only "weet niet"
    assert d["layout"]["polar"]["radialaxis"]["range"] == [0, 100]


def test_profile_rejects_unknown_ids(w, wsm):
    with pytest.raises(ValueError):
        charts.profile_chart(w, wsm, ["plein", "bestaat-niet"])


# -- 5. value for money -------------------------------------------------------------------------
def pareto_workshop() -> Workshop:
    """One benefit criterion (1..5), so the score of a level L is (L − 1) / 4.

    By hand: a (100, € 800.000), b (75, € 100.000) and d (25, € 50.000) are on
    the front; c (75, € 200.000) and f (50, € 100.000) lose to b, e (25,
    € 300.000) loses to d.
    """
    criterion = Criterion(
        "waarde",
        Text("Waarde", "Value"),
        Text(""),
        Direction.BENEFIT,
        OrdinalScale(tuple(Text(str(i)) for i in range(1, 6))),
        1.0,
    )
    spec = {  # id: (type, level, cost range, duration months)
        "a": (KansType.PHYSICAL, 5, Range(400_000, 1_200_000), Range(24, 48)),
        "b": (KansType.SOCIAL, 4, Range(50_000, 150_000), Range(6, 6)),
        "c": (KansType.PHYSICAL, 4, Range(100_000, 300_000), None),
        "d": (KansType.SOCIAL, 2, Range(40_000, 60_000), Range(3, 9)),
        "e": (KansType.SOCIAL, 2, Range(200_000, 400_000), Range(12, 12)),
        "f": (KansType.PHYSICAL, 3, Range(100_000, 100_000), Range(12, 24)),
        "g": (KansType.SOCIAL, 5, None, None),
        "h": (KansType.PHYSICAL, None, Range(10_000, 20_000), None),
    }
    kansen = tuple(
        Koppelkans(kid, f"Kans {kid}", kind, extra_cost=cost, duration_months=months)
        for kid, (kind, _, cost, months) in spec.items()
    )
    scores = {("p1", kid, "waarde"): level for kid, (_, level, _, _) in spec.items() if level is not None}
    return Workshop(
        name="Pareto", criteria=(criterion,), kansen=kansen, participants=(Participant("p1"),), scores=scores
    )


def _points(d):
    """id -> (x, y, outline width, trace) over the marker traces."""
    out = {}
    for tr in d["data"]:
        if tr["type"] == "scatter" and "text" in tr and tr.get("mode") == "markers+text":
            for i, kid in enumerate(tr["text"]):
                out[kid] = (tr["x"][i], tr["y"][i], tr["marker"]["line"]["width"][i], tr)
    return out


def test_value_for_money_outlines_exactly_the_pareto_front():
    pw = pareto_workshop()
    d = charts.value_for_money(pw, rank_workshop(pw)).to_dict()
    points = _points(d)
    assert set(points) == {"a", "b", "c", "d", "e", "f"}
    on_front = {kid for kid, (_, _, width, _) in points.items() if width == charts.FRONT_OUTLINE}
    assert on_front == {"a", "b", "d"}
    assert all(
        width < charts.FRONT_OUTLINE for kid, (_, _, width, _) in points.items() if kid not in on_front
    )
    (line,) = [tr for tr in d["data"] if tr.get("mode") == "lines"]
    assert line["line"]["shape"] == "hv"
    assert list(line["x"]) == [50_000, 100_000, 800_000]  # d, b, a by cost
    assert list(line["y"]) == pytest.approx([25, 75, 100])


def test_value_for_money_axes_ranges_types_and_notes():
    pw = pareto_workshop()
    d = charts.value_for_money(pw, rank_workshop(pw), "nl").to_dict()
    points = _points(d)
    x, y, _, trace = points["a"]
    assert (x, y) == (800_000, pytest.approx(100))
    i = list(trace["text"]).index("a")
    assert trace["error_x"]["array"][i] == 400_000
    assert trace["error_x"]["arrayminus"][i] == 400_000
    assert "€" in trace["customdata"][i][3]
    # colour and symbol by type
    for kid, (_, _, _, tr) in points.items():
        kind = pw.kans(kid).type
        assert tr["marker"]["symbol"] == charts.TYPE_STYLE[kind]["symbol"]
        assert tr["marker"]["color"] == charts.TYPE_STYLE[kind]["color"]
    # duration: longer is bigger; unknown gets the smallest size
    size = {kid: tr["marker"]["size"][list(tr["text"]).index(kid)] for kid, (*_, tr) in points.items()}
    assert size["a"] > size["f"] > size["e"] > size["b"]
    assert size["c"] == min(size.values())
    # costs from € 40.000 to € 1,2 mln: a log axis with money labels
    xaxis = d["layout"]["xaxis"]
    assert xaxis["type"] == "log"
    assert all(label.startswith("€") for label in xaxis["ticktext"])
    assert f"€{NBSP}100.000" in xaxis["ticktext"]
    notes = " ".join(a["text"] for a in d["layout"]["annotations"]).replace("<br>", " ")
    assert "Kans g" in notes and "Kans h" in notes
    assert t("chart.vfm.quick_wins", "nl") in notes


def test_value_for_money_gives_a_koppelkans_of_both_kinds_its_own_symbol_and_legend():
    pw = pareto_workshop()
    both = replace(pw.kans("a"), type=KansType.BOTH)
    pw = pw.with_kans(both)
    d = charts.value_for_money(pw, rank_workshop(pw), "nl").to_dict()
    _, _, _, trace = _points(d)["a"]
    assert trace["name"] == "Sociaal en fysiek"
    assert trace["marker"]["symbol"] == "diamond"
    styles = {(s["color"], s["symbol"]) for s in charts.TYPE_STYLE.values()}
    assert len(styles) == len(KansType)  # every type looks different, by colour and by symbol


def test_value_for_money_money_labels_in_english():
    pw = pareto_workshop()
    d = charts.value_for_money(pw, rank_workshop(pw), "en").to_dict()
    assert "€100,000" in d["layout"]["xaxis"]["ticktext"]


def test_value_for_money_log_axis_only_for_a_wide_cost_span(w, wsm):
    d = charts.value_for_money(w, wsm).to_dict()
    assert d["layout"]["xaxis"]["type"] == "log"  # € 10.000 to € 800.000: a factor 80
    # without the cheapest koppelkans it is € 50.000 to € 800.000, a factor 16
    narrow = Workshop(
        name=w.name,
        criteria=w.criteria,
        kansen=tuple(k for k in w.kansen if k.id != "cafe"),
        participants=w.participants,
        scores={k: v for k, v in w.scores.items() if k[1] != "cafe"},
    )
    d = charts.value_for_money(narrow, rank_workshop(narrow)).to_dict()
    assert d["layout"]["xaxis"]["type"] == "linear"
    assert d["layout"]["xaxis"]["tickvals"][0] == 0
    assert all(label.startswith("€") for label in d["layout"]["xaxis"]["ticktext"])


# -- 6. heatmap -------------------------------------------------------------------------------
def test_heatmap_rows_in_rank_order_and_colours_fixed_to_0_1(w, wsm):
    d = charts.score_heatmap(w, wsm).to_dict()
    (hm,) = d["data"]
    assert list(hm["y"]) == ["plein", "cafe", "riool", "warmte"]
    assert list(hm["x"]) == list(CIDS)
    assert d["layout"]["yaxis"]["autorange"] == "reversed"
    assert (hm["zmin"], hm["zmax"]) == (0, 1)
    assert hm["z"][0] == pytest.approx([1.0] * 5)
    assert hm["z"][1][0] == pytest.approx(0.5)


def test_heatmap_marks_exactly_the_high_iqr_cells_and_unscored_ones(w, wsm):
    d = charts.score_heatmap(w, wsm, "nl").to_dict()
    (hm,) = d["data"]
    mark, unscored = charts.DISAGREEMENT_MARK, charts.UNSCORED_MARK
    marked = {(r, c) for r, row in enumerate(hm["text"]) for c, cell in enumerate(row) if mark in cell}
    assert marked == {(1, 0)}  # cafe × wensen: 1, 3, 5
    # the same, read from the summary
    index = [wsm.kans_ids.index(k) for k in hm["y"]]
    iqr = wsm.summary.iqr[index]
    assert marked == {tuple(map(int, rc)) for rc in np.argwhere(np.nan_to_num(iqr, nan=-1) >= 1.5)}
    assert hm["text"][1][0] == f"3,0 {mark}"
    assert hm["text"][1][1] == "2,3"  # kosten 2, 2, 3
    assert hm["text"][2][3] == unscored  # riool × risico: only "weet niet"
    assert hm["z"][2][3] is None
    assert hm["text"][3] == [unscored] * 5  # warmte: nobody scored
    assert sum(cell == unscored for row in hm["text"] for cell in row) == 6
    notes = " ".join(a["text"] for a in d["layout"]["annotations"]).replace("<br>", " ")
    assert mark in notes and "1,5" in notes


def test_heatmap_threshold_and_language(w, wsm):
    d = charts.score_heatmap(w, wsm, "en", disagreement_iqr=2.5).to_dict()
    (hm,) = d["data"]
    assert not any(charts.DISAGREEMENT_MARK in cell for row in hm["text"] for cell in row)
    assert hm["text"][1][0] == "3.0"
    d = charts.score_heatmap(w, wsm, "en", disagreement_iqr=0.5).to_dict()
    (hm,) = d["data"]
    assert hm["text"][1][1] == f"2.3 {charts.DISAGREEMENT_MARK}"  # IQR 0.5 reaches 0.5


# -- 7. method comparison ------------------------------------------------------------------------
def test_method_comparison_emphasises_the_koppelkansen_that_move():
    table = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "name": ["Kans a", "Kans b", "Kans c", "Kans d"],
            "rank_wsm": [1, 2, 3, 4],
            "rank_topsis": [2, 1, 3, 4],
        }
    )
    d = charts.method_comparison(table).to_dict()
    traces = {tr["customdata"][0][0]: tr for tr in d["data"]}
    assert set(traces) == {"Kans a", "Kans b", "Kans c", "Kans d"}
    for name, (a, b) in {"Kans a": (1, 2), "Kans b": (2, 1), "Kans c": (3, 3), "Kans d": (4, 4)}.items():
        assert list(traces[name]["x"]) == [0, 1]
        assert list(traces[name]["y"]) == [a, b]
    moved = {n for n, tr in traces.items() if tr["line"]["width"] > traces["Kans c"]["line"]["width"]}
    assert moved == {"Kans a", "Kans b"}
    assert traces["Kans a"]["marker"]["symbol"] != traces["Kans b"]["marker"]["symbol"]  # down vs up
    assert traces["Kans c"]["line"]["color"] == traces["Kans d"]["line"]["color"] == charts.PALETTE["muted"]
    low, high = d["layout"]["yaxis"]["range"]
    assert low > high  # rank 1 at the top
    assert d["layout"]["xaxis"]["ticktext"] == [t("chart.methods.wsm", "nl"), t("chart.methods.topsis", "nl")]
    assert [tr["showlegend"] for tr in d["data"]].count(True) == 3  # same, up, down once each


def test_method_comparison_on_compare_methods_output(w):
    table = compare_methods(w)
    d = charts.method_comparison(table, "en").to_dict()
    assert len(d["data"]) == len(table)
    with pytest.raises(ValueError):
        charts.method_comparison(table.drop(columns=["rank_topsis"]))


def test_markup_in_team_texts_is_shown_literally_not_as_plotly_html():
    """Plotly reads <b>, <br> and <a href> in labels; a name typed by the team must
    come out as the characters typed, so the figure carries them as entities."""
    from decision.domain.analysis import rank_workshop
    from decision.domain.model import KansType, Koppelkans, LinkedProject, Participant, Workshop
    from decision.output.charts import contributions_bar, plotly_text, timeline

    cs = load_criteria_set("criteria/01-wijkkompas-fase3.yaml")
    evil = "<a href='javascript:alert(1)'>klik</a> & <b>vet</b>"
    kansen = (
        Koppelkans("K1", evil, KansType.SOCIAL, project=LinkedProject(evil, 2027)),
        Koppelkans("K2", "Gewoon", KansType.PHYSICAL, project=LinkedProject("Riool", 2028)),
    )
    scores = {("P1", k.id, c.id): 3.0 for k in kansen for c in cs.criteria}
    w = Workshop("T", criteria=cs.criteria, kansen=kansen, participants=(Participant("P1"),), scores=scores)
    for fig in (contributions_bar(w, rank_workshop(w)), timeline(w.kansen, today=TODAY)):
        dumped = fig.to_json()
        assert "<a href" not in dumped and "<b>vet" not in dumped
        assert plotly_text("<b>") == "&lt;b&gt;"
        assert "&lt;a href=" in dumped or "\\u0026lt;a href=" in dumped


# -- 8. and 9. robustness ---------------------------------------------------------
def test_topk_probability_most_often_first_current_top_strong_and_never_counted(w):
    d = charts.topk_probability_bar(w.kansen, [0.9, 0.5, 0.0, 0.2], ["plein", "cafe"], 2, "nl").to_dict()
    (bar,) = bars(d)
    assert list(bar["y"]) == ["plein", "cafe", "warmte"]  # riool is in the top 2 in no scenario
    assert list(bar["text"]) == ["90%", "50%", "20%"]
    muted, blue = charts.PALETTE["muted"], charts.PALETTE["blue"]
    assert list(bar["marker"]["color"]) == [blue, blue, muted]
    # not colour alone: the koppelkansen outside the current top are hatched
    assert list(bar["marker"]["pattern"]["shape"]) == ["", "", "/"]
    notes = [a["text"].replace("<br>", " ") for a in d["layout"]["annotations"]]
    assert t("chart.topk.hidden", "nl", n=1, k=2) in notes
    assert d["layout"]["title"]["text"].replace("<br>", " ") == t("chart.topk.title", "nl", k=2)
    # the team's name is data, escaped, never part of the template
    assert bar["customdata"][0][0] == charts.plotly_text(TRICKY_NAME)
    assert TRICKY_NAME not in bar["hovertemplate"]


def test_stability_bars_span_the_interval_with_a_marker_at_the_current_weight(w):
    intervals = [(0.1, 0.4, 0.25), (0.0, 1.0, 0.2), (0.15, 0.15, 0.15), (0.05, 0.3, 0.15), (0.2, 0.5, 0.25)]
    d = charts.stability_chart(w.criteria, intervals, 3, "en").to_dict()
    (bar,) = bars(d)
    (marker,) = [tr for tr in d["data"] if tr["type"] == "scatter"]
    assert list(bar["y"]) == list(marker["y"]) == list(CIDS)
    assert list(bar["base"]) == pytest.approx([lo for lo, _, _ in intervals])
    assert list(bar["x"]) == pytest.approx([hi - lo for lo, hi, _ in intervals])
    assert list(marker["x"]) == pytest.approx([now for _, _, now in intervals])
    assert bar["text"][0] == "10% – 40%"
    assert bar["name"] == t("chart.stability.range", "en", k=3)
    assert d["layout"]["separators"] == ".,"


def test_every_public_builder_escapes_the_teams_text():
    """A builder added without :func:`charts.user_text_as_text` would let plotly read markup."""
    builders = [
        name
        for name in charts.__all__
        if callable(getattr(charts, name))
        and name[0].islower()
        and name not in {"plotly_text", "separators", "user_text_as_text"}
    ]
    assert len(builders) == 12
    for name in builders:
        assert getattr(getattr(charts, name), "__wrapped__", None) is not None, name
