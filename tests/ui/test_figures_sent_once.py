"""A cached figure is serialised once: what Streamlit sends is exactly what plotly would
send for the plain figure, and the second run does not build the dict again."""

from __future__ import annotations

import plotly.io as pio

from decision.domain.analysis import rank_workshop
from decision.files.workshop_file import load_workshop
from decision.output import charts
from ui.figures import SentFigure, sendable


def test_a_sent_figure_sends_what_the_plain_figure_sends(example_path):
    w = load_workshop(example_path)
    built = charts.contributions_bar(w, rank_workshop(w), "nl")
    expected = built.to_dict()  # what plotly_chart would send for the plain figure
    fig = sendable(built)
    assert fig is built and isinstance(fig, SentFigure)
    for _ in range(2):  # the first time and when it is remembered
        assert pio.to_json(fig.to_dict(), validate=False) == pio.to_json(expected, validate=False)


def test_the_dict_is_made_once_and_kept(example_path):
    w = load_workshop(example_path)
    fig = sendable(charts.score_heatmap(w, rank_workshop(w), "nl"))
    first = fig.to_dict()
    assert fig.to_dict() is first
    assert sendable(fig) is fig  # making it sendable again changes nothing
