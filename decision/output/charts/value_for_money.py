"""Value for money: score against extra cost, with the koppelkansen nothing beats (Resultaten)."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from decision.domain.analysis import Ranking
from decision.domain.explain import pareto_front
from decision.domain.model import KansType, Workshop
from decision.text.formatting import money_range, money_short, months_range, number
from decision.text.i18n import t

from ._layout import finish, frame, hover_template, names_list, type_label
from ._style import NOTE_SIZE, PALETTE, TYPE_STYLE, user_text_as_text

FRONT_OUTLINE = 4.0  # outline width of the markers on the Pareto front


def _nice_step(raw: float) -> float:
    exponent = math.floor(math.log10(raw))
    base = raw / 10**exponent
    nice = 1 if base <= 1 else 2 if base <= 2 else 5 if base <= 5 else 10
    return float(nice * 10**exponent)


def _money_ticks(low: float, high: float, log: bool) -> list[float]:
    """Round amounts for a money axis: 1-2-5 steps on a log axis, about five steps otherwise."""
    if log:
        ticks = []
        for exponent in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1):
            for m in (1, 2, 5):
                v = float(m * 10**exponent)
                if low / 1.4 <= v <= high * 1.4:
                    ticks.append(v)
        return ticks
    step = _nice_step(max(high, 1.0) / 4)
    return [step * i for i in range(int(math.ceil(high / step)) + 1)]


@user_text_as_text
def value_for_money(
    w: Workshop,
    ranking: Ranking,
    lang: str = "nl",
    *,
    narrow: bool = False,
    height: int | None = None,
) -> go.Figure:
    """Score against extra cost: which koppelkansen give the most for the money.

    x is the middle of the extra-cost range (whiskers show the range; a log axis
    when the amounts span a factor 20 or more), y the score 0–100, the size the
    middle of the duration range. Colour and marker symbol show the type. The
    koppelkansen no other one beats on both score and cost
    (:func:`decision.domain.explain.pareto_front`) are outlined thick and joined by a
    step line. Koppelkansen without a cost range or without a score are named in
    a note.

    ``narrow`` lays it out for a phone and ``height`` makes the figure that many
    pixels tall (see :mod:`._layout`).
    """
    score_by_id = {str(k): float(s) for k, s in zip(ranking.table["id"], ranking.table["score"], strict=True)}
    priced = [(k, k.extra_cost) for k in w.kansen if k.extra_cost is not None]
    no_cost = [k for k in w.kansen if k.extra_cost is None]
    no_score = [k for k, _ in priced if math.isnan(score_by_id[k.id])]
    plotted = [k for k, _ in priced if not math.isnan(score_by_id[k.id])]
    ranges = [r for k, r in priced if not math.isnan(score_by_id[k.id])]
    cost = [float(r.mid) for r in ranges]
    score = [100 * score_by_id[k.id] for k in plotted]
    front = [bool(f) for f in pareto_front(score, cost)] if plotted else []
    months = [k.duration_months.mid if k.duration_months is not None else None for k in plotted]
    longest = max([m for m in months if m is not None], default=0.0)

    # a phone's plot is a third as wide: smaller bubbles, so they stay apart
    smallest, grow = (12.0, 18.0) if narrow else (16.0, 30.0)

    def size(m: float | None) -> float:
        if m is None or longest <= 0:
            return smallest
        return round(smallest + grow * math.sqrt(max(m, 0.0) / longest), 2)

    lows = [float(r.low) for r in ranges]
    highs = [float(r.high) for r in ranges]
    log = bool(plotted) and min(lows) > 0 and max(highs) / min(lows) >= 20
    hover = hover_template(
        "%{customdata[0]}",
        t("chart.hover.type", lang) + ": %{customdata[1]}",
        t("chart.hover.score", lang) + ": %{customdata[2]}",
        t("chart.hover.cost", lang) + ": %{customdata[3]}",
        t("chart.hover.duration", lang) + ": %{customdata[4]}",
    )
    fig = go.Figure()
    on_front = sorted(
        (i for i in range(len(plotted)) if front[i]), key=lambda i: (cost[i], -score[i], plotted[i].id)
    )
    front_text = t("chart.vfm.front", lang)
    fig.add_trace(
        go.Scatter(
            mode="lines",
            x=[cost[i] for i in on_front],
            y=[score[i] for i in on_front],
            line={"color": PALETTE["grey"], "width": 3, "shape": "hv", "dash": "dash"},
            name=front_text,
            hoverinfo="skip",
            showlegend=bool(on_front),
        )
    )
    legend = [front_text] if on_front else []
    for kind in KansType:
        style = TYPE_STYLE[kind]
        idx = [i for i, k in enumerate(plotted) if k.type is kind]
        if not idx:
            continue
        label = type_label(kind, lang)
        legend.append(label)
        fig.add_trace(
            go.Scatter(
                mode="markers+text",
                x=[cost[i] for i in idx],
                y=[score[i] for i in idx],
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": [highs[i] - cost[i] for i in idx],
                    "arrayminus": [cost[i] - lows[i] for i in idx],
                    "color": style["color"],
                    "thickness": 2,
                    "width": 6,
                },
                text=[plotted[i].id for i in idx],
                textposition="top center",
                textfont={"size": NOTE_SIZE - 4 if narrow else NOTE_SIZE, "color": PALETTE["text"]},
                marker={
                    "symbol": style["symbol"],
                    "color": style["color"],
                    "opacity": 0.9,
                    "size": [size(months[i]) for i in idx],
                    "line": {
                        "color": [PALETTE["text"] if front[i] else "#FFFFFF" for i in idx],
                        "width": [FRONT_OUTLINE if front[i] else 1.0 for i in idx],
                    },
                },
                customdata=[
                    [
                        plotted[i].name,
                        label,
                        number(score[i], lang, 0),
                        money_range(ranges[i], lang),
                        months_range(plotted[i].duration_months, lang)
                        if plotted[i].duration_months is not None
                        else t("chart.unknown", lang),
                    ]
                    for i in idx
                ],
                hovertemplate=hover,
                name=label,
                legendgroup=kind.value,
                showlegend=False,
                cliponaxis=False,
            )
        )
        # the legend shows the plain symbol, not the first point's size or outline
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"symbol": style["symbol"], "color": style["color"], "size": 14},
                name=label,
                legendgroup=kind.value,
                hoverinfo="skip",
            )
        )
    head = frame(
        fig,
        lang,
        t("chart.vfm.title", lang),
        subtitle=t("chart.vfm.subtitle", lang),
        legend=legend,
        narrow=narrow,
        projector=height is not None,
    )
    fig.update_layout(margin={"r": 16 if narrow else 60})
    fig.add_annotation(
        xref="paper",
        x=0.01,
        yref="y",
        y=112,
        xanchor="left",
        yanchor="top",
        text="↖ " + t("chart.vfm.quick_wins", lang),
        showarrow=False,
        font={"size": NOTE_SIZE - 3 if narrow else NOTE_SIZE, "color": PALETTE["green"]},
    )
    fig.update_yaxes(
        range=[-3, 114],
        tickmode="array",
        tickvals=[0, 25, 50, 75, 100],
        title={"text": t("chart.vfm.y", lang)},
        ticks="outside",
    )
    x_title = t("chart.vfm.x", lang) + (" · " + t("chart.vfm.log", lang) if log else "")
    if plotted:
        low, high = min(lows), max(highs)
        ticks = _money_ticks(low, high, log)
        if log:
            x_range = [math.log10(low) - 0.15, math.log10(high) + 0.15]
        else:
            x_range = [-0.04 * max(high, 1.0), max(high, 1.0) * 1.08]
        fig.update_xaxes(
            type="log" if log else "linear",
            range=x_range,
            tickmode="array",
            tickvals=ticks,
            ticktext=[money_short(v, lang) for v in ticks],
            title={"text": x_title},
            ticks="outside",
        )
    else:
        fig.update_xaxes(title={"text": x_title}, showticklabels=False)
    notes = [t("chart.vfm.size_note", lang)]
    if not plotted:
        notes.append(t("chart.vfm.empty", lang))
    if no_cost:
        notes.append(t("chart.vfm.no_cost", lang, names=names_list([k.name for k in no_cost])))
    if no_score:
        notes.append(t("chart.vfm.no_score", lang, names=names_list([k.name for k in no_score])))
    finish(
        fig,
        head,
        280 if narrow else 440,
        bottom=80 if narrow else 90,
        notes=notes,
        narrow=narrow,
        height=height,
        min_body=220,
    )
    return fig
