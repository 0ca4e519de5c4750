"""How firm the top is (Gevoeligheid): how often each koppelkans is in the top k, and
within which weights the top stays the same."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from decision.core.weighting import display_percentages
from decision.domain.model import Criterion, Koppelkans
from decision.text.formatting import percent
from decision.text.i18n import t

from ._layout import category_axis, criterion_label, finish, frame, hover_template, labelled_bars, wrap
from ._style import PALETTE, user_text_as_text

SHOWN_PROBABILITY = 0.0005  # below this a koppelkans rounds to 0% and is counted in the note instead


@user_text_as_text
def topk_probability_bar(
    kansen: Sequence[Koppelkans],
    probabilities: Sequence[float],
    current_top: Sequence[str],
    k: int = 3,
    lang: str = "nl",
    *,
    narrow: bool = False,
    height: int | None = None,
) -> go.Figure:
    """How often each koppelkans is in the top k over the scenarios, most often first.

    Those in the current top k are drawn strong, the rest muted and hatched; every
    bar carries its percentage, so the chart also reads in black and white.
    Koppelkansen that are never in the top k are left out and counted in a note.

    ``narrow`` lays it out for a phone and ``height`` makes the figure that many
    pixels tall (see :mod:`._layout`).
    """
    pairs = sorted(zip(kansen, map(float, probabilities), strict=True), key=lambda p: (-p[1], p[0].id))
    shown = [(kans, p) for kans, p in pairs if p > SHOWN_PROBABILITY]
    hidden = len(pairs) - len(shown)
    ids = [kans.id for kans, _ in shown]
    top = set(current_top)
    fig = go.Figure(
        labelled_bars(
            ids,
            [p for _, p in shown],
            [percent(p, lang) for _, p in shown],
            [kans.name for kans, _ in shown],
            hover_label=t("chart.topk.hover", lang, k=k),
            marker={
                "color": [PALETTE["blue"] if kans.id in top else PALETTE["muted"] for kans, _ in shown],
                "pattern": {"shape": ["" if kans.id in top else "/" for kans, _ in shown]},
            },
            showlegend=False,
        )
    )
    head = frame(
        fig,
        lang,
        t("chart.topk.title", lang, k=k),
        subtitle=t("chart.topk.subtitle", lang, k=k),
        narrow=narrow,
        projector=height is not None,
    )
    fig.update_xaxes(range=[0, 1.3 if narrow else 1.15], visible=False)
    width, lines = (14, 3) if narrow else (30, 2)
    category_axis(fig, ids, [wrap(kans.name, width, lines) for kans, _ in shown])
    fig.update_layout(bargap=0.3)
    notes = [t("chart.topk.hidden", lang, n=hidden, k=k)] if hidden else []
    rows = max(len(ids), 1)
    body = (44 if narrow else 52) * rows
    finish(fig, head, body, notes=notes, narrow=narrow, height=height, min_body=28 * rows)
    return fig


@user_text_as_text
def stability_chart(
    criteria: Sequence[Criterion],
    intervals: Sequence[tuple[float, float, float]],
    k: int = 3,
    lang: str = "nl",
    *,
    narrow: bool = False,
    height: int | None = None,
) -> go.Figure:
    """Per criterion, the range of its weight (low–high) within which the top-k set holds,
    with a marker at the current weight.

    ``narrow`` lays it out for a phone and ``height`` makes the figure that many
    pixels tall (see :mod:`._layout`).
    """
    criteria = list(criteria)
    ids = [c.id for c in criteria]
    labels = [criterion_label(c, lang) for c in criteria]
    lows = [float(iv[0]) for iv in intervals]
    highs = [float(iv[1]) for iv in intervals]
    currents = [float(iv[2]) for iv in intervals]
    fig = go.Figure()
    fig.add_trace(
        labelled_bars(
            ids,
            [hi - lo for lo, hi in zip(lows, highs, strict=True)],
            [f"{percent(lo, lang)} – {percent(hi, lang)}" for lo, hi in zip(lows, highs, strict=True)],
            labels,
            hover_label=t("chart.stability.hover", lang, k=k),
            marker={"color": PALETTE["sky"]},
            base=lows,
            name=t("chart.stability.range", lang, k=k),
        )
    )
    fig.add_trace(
        go.Scatter(
            y=ids,
            x=currents,
            mode="markers",
            marker={
                "symbol": "diamond",
                "size": 18,
                "color": PALETTE["vermillion"],
                "line": {"width": 2, "color": "#FFFFFF"},
            },
            customdata=[
                [label, percent(p / 100, lang)]
                for label, p in zip(labels, display_percentages(currents), strict=True)
            ],
            hovertemplate=hover_template(
                "%{customdata[0]}", t("chart.stability.now", lang) + ": %{customdata[1]}"
            ),
            name=t("chart.stability.now", lang),
        )
    )
    legend = [t("chart.stability.range", lang, k=k), t("chart.stability.now", lang)]
    head = frame(
        fig,
        lang,
        t("chart.stability.title", lang, k=k),
        subtitle=t("chart.stability.subtitle", lang),
        legend=legend,
        narrow=narrow,
        projector=height is not None,
    )
    ticks = (0, 0.25, 0.5, 0.75, 1.0)
    fig.update_xaxes(
        range=[0, 1.25],
        tickvals=list(ticks),
        ticktext=[percent(v, lang) for v in ticks],
        title_text=t("chart.stability.axis", lang),
        showgrid=False,
    )
    category_axis(fig, ids, [wrap(label, 13, 3) if narrow else wrap(label, 28, 2) for label in labels])
    fig.update_layout(bargap=0.45, barmode="overlay")
    rows = max(len(ids), 1)
    finish(
        fig,
        head,
        (50 if narrow else 64) * rows,
        bottom=70,
        narrow=narrow,
        height=height,
        min_body=30 * rows,
    )
    return fig
