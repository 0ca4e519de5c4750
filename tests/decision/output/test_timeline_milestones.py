"""The timeline draws the mijlpalen of a worked-out fiche as diamonds on the koppelkans's row."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from decision.domain.model import Fiche, KansType, Koppelkans, LinkedProject, Milestone
from decision.output import charts
from decision.text.i18n import t

TODAY = dt.date(2026, 12, 2)


def kans(ident: str, year: int | None, *milestones: Milestone) -> Koppelkans:
    return Koppelkans(
        ident, f"Kans {ident}", KansType.PHYSICAL, project=LinkedProject(f"Project {ident}", year),
        fiche=Fiche(milestones=milestones),
    )  # fmt: skip


def diamonds(d: dict) -> list[dict]:
    return [tr for tr in d["data"] if tr.get("marker", {}).get("symbol") == "diamond"]


def test_each_milestone_is_a_marker_at_its_date_on_its_row():
    kansen = [
        kans(
            "a",
            2028,
            Milestone("Ontwerp klaar", dt.date(2028, 7, 2)),
            Milestone("Start <b>", dt.date(2027, 1, 1)),
        ),
        kans("b", 2027),
    ]
    d = charts.timeline(kansen, today=TODAY).to_dict()
    [marks] = diamonds(d)
    assert list(marks["y"]) == ["a", "a"]
    # 2 July 2028 is day 183 of a leap year; 1 January 2027 is day 0; earliest first
    assert list(marks["x"]) == [pytest.approx(2027.0), pytest.approx(2028 + 183 / 366)]
    assert [c[1] for c in marks["customdata"]] == ["Start &lt;b&gt;", "Ontwerp klaar"], "user text is text"
    assert marks["name"] == t("chart.timeline.milestones", "nl")
    low, high = d["layout"]["xaxis"]["range"]
    assert low <= 2027.0 and high >= 2028 + 183 / 366


def test_a_milestone_far_ahead_widens_the_axis():
    far = dt.date(2036, 1, 1)
    plain = charts.timeline([kans("a", 2027)], today=TODAY).to_dict()
    assert plain["layout"]["xaxis"]["range"][1] < 2036
    d = charts.timeline([kans("a", 2027, Milestone("Oplevering", far))], today=TODAY).to_dict()
    assert d["layout"]["xaxis"]["range"][1] >= 2036


def test_without_milestones_the_chart_has_no_milestone_trace():
    k = kans("a", 2027)
    d = charts.timeline([k], today=TODAY).to_dict()
    assert diamonds(d) == []
    # a koppelkans without a start year has no row, so its milestones are not drawn either
    undated = replace(kans("b", None, Milestone("X", dt.date(2027, 5, 1))))
    assert diamonds(charts.timeline([k, undated], today=TODAY).to_dict()) == []
