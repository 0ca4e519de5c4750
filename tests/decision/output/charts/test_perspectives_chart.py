"""The Perspectieven matrix: each group's place per koppelkans, in traffic-light thirds, read
back from the figure's data (``fig.to_dict()``) on a small workshop worked out by hand."""

from __future__ import annotations

from dataclasses import replace

from decision.domain.model import (
    Criterion,
    Direction,
    KansType,
    Koppelkans,
    OrdinalScale,
    Participant,
    StakeholderGroup,
    Text,
    Workshop,
)
from decision.domain.perspectives import Attention, group_rankings, rank_third
from decision.output.charts._style import PALETTE
from decision.output.charts.perspectives import (
    ATTENTION_MARK,
    THIRD_COLORS,
    WIN_WIN_COLUMN,
    WIN_WIN_MARK,
    perspectives_matrix,
    perspectives_table,
)

SCALE = OrdinalScale(tuple(Text(str(i)) for i in range(1, 6)))


def _workshop() -> Workshop:
    """Three koppelkansen on one criterion; bewoners order them K01 > K02 > K03, the
    netbeheerder the other way round."""
    criteria = (Criterion("wensen", Text("Wensen"), Text(""), Direction.BENEFIT, SCALE, 100),)
    kansen = tuple(Koppelkans(k, f"Kans {k}", KansType.PHYSICAL) for k in ("K01", "K02", "K03"))
    people = (Participant("b1", "", "", "bewoners"), Participant("n1", "", "", "netbeheerder"))
    levels = {"b1": {"K01": 5, "K02": 3, "K03": 1}, "n1": {"K01": 1, "K02": 3, "K03": 5}}
    scores = {(p, k, "wensen"): float(v) for p, row in levels.items() for k, v in row.items()}
    return Workshop(name="T", criteria=criteria, kansen=kansen, participants=people, scores=scores)


def _trace(fig) -> dict:
    [trace] = fig.to_dict()["data"]
    assert trace["type"] == "heatmap"
    return trace


def test_thirds_of_a_ranking():
    assert [rank_third(r, 3) for r in (1, 2, 3)] == [0, 1, 2]
    assert [rank_third(r, 14) for r in range(1, 15)] == [0] * 5 + [1] * 5 + [2] * 4
    assert [rank_third(r, 6) for r in range(1, 7)] == [0, 0, 1, 1, 2, 2]


def test_each_cell_holds_the_groups_place_and_its_third():
    w = _workshop()
    view = group_rankings(w)
    trace = _trace(perspectives_matrix(w, view))
    assert list(trace["x"]) == ["bewoners", "netbeheerder", WIN_WIN_COLUMN]
    assert list(trace["y"]) == ["K01", "K02", "K03"]
    # the place is the text; the colour band is the third (0 green, 1 amber, 2 red)
    assert [list(row[:2]) for row in trace["text"]] == [["1", "3"], ["2", "2"], ["3", "1"]]
    assert [list(row[:2]) for row in trace["z"]] == [[0, 2], [1, 1], [2, 0]]
    # three koppelkansen: each is in every top five, so all three are win-win
    assert [row[2] for row in trace["text"]] == [WIN_WIN_MARK] * 3
    assert all(row[2] is None for row in trace["z"])
    # the bands: green, amber and red, never a continuous scale
    colours = [c for _, c in trace["colorscale"]]
    assert colours == [THIRD_COLORS[0]] * 2 + [THIRD_COLORS[1]] * 2 + [THIRD_COLORS[2]] * 2
    assert THIRD_COLORS == (PALETTE["green"], PALETTE["orange"], PALETTE["vermillion"])
    assert trace["zmin"] < 0 < 1 < 2 < trace["zmax"] and trace["showscale"] is False


def test_the_order_and_the_attention_marks():
    w = _workshop()
    view = group_rankings(w)
    flags = (Attention("K03", "bewoners", "wensen", 1.0),)
    trace = _trace(perspectives_matrix(w, view, flags, order=("K03", "K01", "K02")))
    assert list(trace["y"]) == ["K03", "K01", "K02"]
    assert trace["text"][0][0] == f"3 {ATTENTION_MARK}" and trace["text"][0][1] == "1"
    assert ATTENTION_MARK not in trace["text"][1][0]


def test_a_group_label_is_text_not_markup_and_english_labels():
    w = _workshop()
    w = replace(w, groups=(StakeholderGroup("bewoners", Text("<b>Bewoners</b>", "Residents")), *w.groups[1:]))
    fig = perspectives_matrix(w, group_rankings(w), lang="nl").to_dict()
    ticks = fig["layout"]["xaxis"]["ticktext"]
    assert "<b>" not in ticks[0] and "&lt;b&gt;" in ticks[0]
    fig_en = perspectives_matrix(w, group_rankings(w), lang="en").to_dict()
    assert fig_en["layout"]["xaxis"]["ticktext"][:2] == ["Residents", "Grid operator"]
    # slanted: level, long names would run into each other over narrow columns
    assert fig_en["layout"]["xaxis"]["tickangle"] < 0


def test_the_table_says_the_same():
    w = _workshop()
    view = group_rankings(w)
    table = perspectives_table(w, view, (Attention("K02", "netbeheerder", "wensen", 2.0),))
    assert table.columns == (
        "Code",
        "Koppelkans",
        "Bewoners (huurders, eigenaar-bewoners, VvE)",
        "Netbeheerder",
        "Win-win",
    )
    assert table.rows == (
        ("K01", "Kans K01", "1", "3", "ja"),
        ("K02", "Kans K02", "2", f"2 {ATTENTION_MARK}", "ja"),
        ("K03", "Kans K03", "3", "1", "ja"),
    )


def test_win_win_is_only_what_every_group_has_in_its_top_five():
    """Six koppelkansen, the two groups in opposite order: K01 is sixth for the netbeheerder
    and K06 sixth for the bewoners, so only K02–K05 are win-win. Of six places, 1–2 are the
    top third, 3–4 the middle and 5–6 the bottom."""
    w = _workshop()
    ids = ("K01", "K02", "K03", "K04", "K05", "K06")
    kansen = tuple(Koppelkans(k, f"Kans {k}", KansType.PHYSICAL) for k in ids)
    # one criterion 1..5 cannot order six: give a second one to break the ties
    criteria = (*w.criteria, Criterion("ambitie", Text("Ambitie"), Text(""), Direction.BENEFIT, SCALE, 10))
    levels = dict(zip(ids, ((5, 5), (5, 1), (3, 5), (3, 1), (1, 5), (1, 1)), strict=True))
    scores = {}
    for kid, (a, b) in levels.items():
        scores[("b1", kid, "wensen")], scores[("b1", kid, "ambitie")] = float(a), float(b)
        scores[("n1", kid, "wensen")], scores[("n1", kid, "ambitie")] = float(6 - a), float(6 - b)
    w = replace(w, kansen=kansen, criteria=criteria, scores=scores)
    view = group_rankings(w)
    assert view.ranks["bewoners"].tolist() == [1, 2, 3, 4, 5, 6]
    assert view.ranks["netbeheerder"].tolist() == [6, 5, 4, 3, 2, 1]
    trace = _trace(perspectives_matrix(w, view))
    assert [row[2] for row in trace["text"]] == [
        "",
        WIN_WIN_MARK,
        WIN_WIN_MARK,
        WIN_WIN_MARK,
        WIN_WIN_MARK,
        "",
    ]
    assert [row[0] for row in trace["z"]] == [0, 0, 1, 1, 2, 2]
    assert [row[1] for row in trace["z"]] == [2, 2, 1, 1, 0, 0]
    rows = perspectives_table(w, view).rows
    assert [r[-1] for r in rows] == ["nee", "ja", "ja", "ja", "ja", "nee"]
