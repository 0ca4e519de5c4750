"""Charts laid out for the screen they land on: ``narrow=True`` for a phone, ``height=`` for a
projector. What a user relies on: on a phone titles wrap instead of running off the chart
and margins are thin; on a projector the whole figure is as tall as asked (so it fits the
screen), names fall back to one line when rows get low, and a figure never squeezes its
plot below what stays readable."""

from __future__ import annotations

import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.explain import compare_methods
from decision.files import paths
from decision.files.workshop_file import load_workshop
from decision.output import charts
from decision.output.charts._layout import NARROW, WIDE


@pytest.fixture(scope="module")
def example():
    return load_workshop(paths.EXAMPLE_WORKSHOP)


@pytest.fixture(scope="module")
def ranking(example):
    return rank_workshop(example, "wsm", "mean")


def builders(example, ranking):
    """Every builder that takes ``narrow`` and ``height``, ready to call with them."""
    report_kansen = example.kansen
    probabilities = [1.0 / (n + 1) for n in range(len(report_kansen))]
    intervals = [(0.1, 0.4, 0.2) for _ in example.criteria]
    return {
        "contributions": lambda **fit: charts.contributions_bar(example, ranking, "nl", **fit),
        "profile": lambda **fit: charts.profile_chart(example, ranking, ranking.top(3), "nl", **fit),
        "value": lambda **fit: charts.value_for_money(example, ranking, "nl", **fit),
        "heatmap": lambda **fit: charts.score_heatmap(example, ranking, "nl", **fit),
        "methods": lambda **fit: charts.method_comparison(compare_methods(example, "mean"), "nl", **fit),
        "topk": lambda **fit: charts.topk_probability_bar(
            report_kansen, probabilities, ranking.top(3), 3, "nl", **fit
        ),
        "stability": lambda **fit: charts.stability_chart(example.criteria, intervals, 3, "nl", **fit),
    }


KINDS = ["contributions", "profile", "value", "heatmap", "methods", "topk", "stability"]


def title_lines(fig) -> list[str]:
    return fig.layout.title.text.split("<br>")


@pytest.mark.parametrize("kind", KINDS)
def test_a_projector_figure_takes_the_height_asked_for(example, ranking, kind):
    build = builders(example, ranking)[kind]
    for height in (820, 900):
        fig = build(height=height)
        assert fig.layout.height == height, (kind, height)
        # title and legend stay at their pixel places from the top, whatever the height
        assert fig.layout.title.y == pytest.approx(1 - 14 / height, abs=0.05)


@pytest.mark.parametrize("kind", KINDS)
def test_a_height_too_small_keeps_the_plot_readable(example, ranking, kind):
    fig = builders(example, ranking)[kind](height=150)
    margin = fig.layout.margin
    plot = fig.layout.height - margin.t - margin.b
    assert fig.layout.height > 150 and plot >= 60, (kind, fig.layout.height, plot)


@pytest.mark.parametrize("kind", KINDS)
def test_on_a_phone_titles_wrap_and_margins_are_thin(example, ranking, kind):
    build = builders(example, ranking)[kind]
    wide, narrow = build(), build(narrow=True)
    assert all(len(line) <= NARROW.title_width for line in title_lines(narrow)), title_lines(narrow)
    assert " ".join(title_lines(narrow)) == " ".join(title_lines(wide)), "the whole title, only wrapped"
    assert narrow.layout.title.font.size < wide.layout.title.font.size
    assert narrow.layout.font.size == NARROW.font_size < WIDE.font_size
    assert narrow.layout.margin.l <= wide.layout.margin.l and narrow.layout.margin.r <= wide.layout.margin.r


def test_names_go_on_one_line_when_projector_rows_are_low(example, ranking):
    roomy = charts.contributions_bar(example, ranking, "nl")
    low = charts.contributions_bar(example, ranking, "nl", height=530)
    assert any("<br>" in tick for tick in roomy.layout.yaxis.ticktext), "long names wrap on a page"
    assert not any("<br>" in tick for tick in low.layout.yaxis.ticktext), "one line each in low rows"
    assert low.layout.height == 530
    tall = charts.contributions_bar(example, ranking, "nl", height=2000)
    assert any("<br>" in tick for tick in tall.layout.yaxis.ticktext), "room enough: two lines again"


def test_a_projector_subtitle_takes_longer_lines(example, ranking):
    page = charts.score_heatmap(example, ranking, "nl")
    projector = charts.score_heatmap(example, ranking, "nl", height=700)
    assert projector.layout.title.subtitle.text.count("<br>") < page.layout.title.subtitle.text.count("<br>")


def test_on_a_phone_names_on_the_axis_wrap_narrower(example, ranking):
    narrow = charts.contributions_bar(example, ranking, "nl", narrow=True)
    lines = [line for tick in narrow.layout.yaxis.ticktext for line in tick.split("<br>")]
    assert max(len(line) for line in lines) <= NARROW.tick_width
