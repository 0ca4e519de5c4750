"""The charts of the results page: what makes up each score, a profile per koppelkans, the heatmap.

- :func:`contributions_bar`: stacked bars, each criterion's part of the score;
- :func:`profile_chart`: a radar of favourability per criterion for a few koppelkansen;
- :func:`score_heatmap`: koppelkansen × criteria, coloured by favourability, with
  the participants' disagreement marked.

Value for money and the method comparison, on the same page, have modules of
their own (:mod:`.value_for_money`, :mod:`.methods`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from decision.domain.analysis import Ranking
from decision.domain.explain import workshop_favourability
from decision.domain.model import Workshop
from decision.text.formatting import number
from decision.text.i18n import t

from ._layout import (
    category_axis,
    center_key,
    finish,
    frame,
    hover_template,
    is_additive,
    kans_order,
    kans_tick,
    nan_to_none,
    ranked_criteria,
    rows_too_low,
    shorten,
    wrap,
    wrap_lines,
)
from ._style import (
    CRITERION_COLORS,
    CRITERION_PATTERNS,
    DASHES,
    DISAGREEMENT_MARK,
    FONT_SIZE,
    NOTE_SIZE,
    PALETTE,
    SERIES,
    SYMBOLS,
    UNSCORED_MARK,
    user_text_as_text,
)


@user_text_as_text
def contributions_bar(
    w: Workshop,
    ranking: Ranking,
    lang: str = "nl",
    top: int | None = None,
    *,
    narrow: bool = False,
    height: int | None = None,
) -> go.Figure:
    """Stacked bars in rank order (best at the top): each criterion's share of the score.

    For a weighted-sum ranking the segments are ``contrib.<criterion>`` × 100 and
    add up to the score (0–100) shown at the end of the bar. TOPSIS has no such
    split, so then the bars stack the weighted favourability of each criterion
    (:func:`decision.domain.explain.workshop_favourability` × weight × 100), the number
    at the end is the TOPSIS score, and the title says so. ``top`` keeps the
    koppelkansen ranked ``top`` or better, as :meth:`Ranking.top` does.

    ``narrow`` lays it out for a phone and ``height`` makes the figure that many
    pixels tall (see :mod:`._layout`).
    """
    if top is not None and top < 1:
        raise ValueError("top must be 1 or more")
    ids, ranks, scores = kans_order(ranking)
    if top is not None:
        keep = set(ranking.top(top))
        rows = [i for i, kid in enumerate(ids) if kid in keep]
        ids, ranks, scores = [ids[i] for i in rows], [ranks[i] for i in rows], [scores[i] for i in rows]
    additive = is_additive(ranking)
    criteria, labels = ranked_criteria(w, ranking, lang)
    shape = (len(ids), len(criteria))
    if not additive:
        fav = workshop_favourability(w, ranking) * ranking.result.weights * 100
        index = {kid: i for i, kid in enumerate(ranking.kans_ids)}
        parts = np.array([fav[index[kid]] for kid in ids], dtype=float).reshape(shape)
    else:
        table = ranking.table.set_index("id")
        parts = np.array(
            [[float(table.loc[kid, f"contrib.{c.id}"]) * 100 for c in criteria] for kid in ids], dtype=float
        ).reshape(shape)
    names = {k.id: k.name for k in w.kansen}
    points = t("chart.contrib.points", lang)
    not_scored = t("chart.contrib.not_scored", lang)
    fig = go.Figure()
    for j, label in enumerate(labels):
        column = parts[:, j]
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=ids,
                x=[0.0 if math.isnan(v) else float(v) for v in column],
                name=label,
                marker={
                    "color": CRITERION_COLORS[j % len(CRITERION_COLORS)],
                    "line": {"color": "#FFFFFF", "width": 1.5},
                    "pattern": {
                        "shape": CRITERION_PATTERNS[j % len(CRITERION_PATTERNS)],
                        "fgcolor": "#FFFFFF",
                        "fgopacity": 0.5,
                        "size": 10,
                        "solidity": 0.25,
                    },
                },
                customdata=[
                    [names[kid], label, not_scored if math.isnan(v) else f"{number(v, lang, 1)} {points}"]
                    for kid, v in zip(ids, column, strict=True)
                ],
                hovertemplate=hover_template("%{customdata[0]}", "%{customdata[1]}: %{customdata[2]}"),
            )
        )
    totals = [0.0 if np.isnan(r).all() else float(np.nansum(r)) for r in parts]
    fig.add_trace(
        go.Scatter(
            mode="text",
            y=ids,
            x=[total + 1.0 for total in totals],
            text=[
                t("chart.contrib.unscored", lang) if math.isnan(s) else number(100 * s, lang, 0)
                for s in scores
            ],
            textposition="middle right",
            textfont={"size": (NOTE_SIZE - 2 if narrow else FONT_SIZE + 2), "color": PALETTE["text"]},
            hoverinfo="skip",
            showlegend=False,
            cliponaxis=False,
            name=t("chart.hover.score", lang),
        )
    )
    head = frame(
        fig,
        lang,
        t("chart.contrib.title" if additive else "chart.contrib.title_topsis", lang),
        subtitle=t("chart.contrib.subtitle" if additive else "chart.contrib.subtitle_topsis", lang),
        legend=labels,
        narrow=narrow,
        projector=height is not None,
    )
    fig.update_layout(barmode="stack", bargap=0.3, margin={"r": 34 if narrow else 60})
    fig.update_xaxes(
        range=[0, 112],
        tickmode="array",
        tickvals=[0, 25, 50, 75, 100],
        title={"text": t("chart.contrib.axis" if additive else "chart.contrib.axis_topsis", lang)},
        ticks="outside",
    )
    n_rows, bottom = max(len(ids), 1), 70 if narrow else 80
    one_line = rows_too_low(fig, height, bottom, n_rows)
    ticks = [kans_tick(r, names[kid], narrow, one_line) for r, kid in zip(ranks, ids, strict=True)]
    category_axis(fig, ids, ticks)
    if one_line:  # rows of 18 px: names in the notes' size, so they stay apart
        fig.update_yaxes(tickfont={"size": NOTE_SIZE})
    finish(
        fig,
        head,
        (52 if narrow else 60) * n_rows,
        bottom=bottom,
        narrow=narrow,
        height=height,
        min_body=18 * n_rows,
    )
    return fig


@user_text_as_text
def profile_chart(
    w: Workshop,
    ranking: Ranking,
    ids: Sequence[str],
    lang: str = "nl",
    *,
    narrow: bool = False,
    height: int | None = None,
) -> go.Figure:
    """A radar of favourability per criterion (0–100, 100 is best) for a few koppelkansen.

    Every koppelkans gets its own colour, line dash and marker symbol. A criterion
    nobody scored leaves a gap in the line.

    ``narrow`` lays it out for a phone and ``height`` makes the figure that many
    pixels tall (see :mod:`._layout`).
    """
    unknown = [kid for kid in ids if kid not in ranking.kans_ids]
    if unknown:
        raise ValueError(f"unknown koppelkans id(s): {', '.join(map(str, unknown))}")
    fav = workshop_favourability(w, ranking) * 100
    criteria, labels = ranked_criteria(w, ranking, lang)
    cids = [c.id for c in criteria]
    center = t(center_key(ranking), lang)
    fig = go.Figure()
    names = []
    for n, kid in enumerate(ids):
        i = ranking.kans_ids.index(kid)
        name = w.kans(kid).name
        names.append(shorten(name, 40))
        loop = [*range(len(criteria)), 0]  # back to the first criterion to close the shape
        values = [float(fav[i, j]) for j in loop]
        raw = [float(ranking.matrix[i, j]) for j in loop]
        colour = SERIES[n % len(SERIES)]
        fig.add_trace(
            go.Scatterpolar(
                r=nan_to_none(values),
                theta=[cids[j] for j in loop],
                mode="lines+markers",
                name=shorten(name, 40),
                line={"color": colour, "dash": DASHES[n % len(DASHES)], "width": 4},
                marker={"symbol": SYMBOLS[n % len(SYMBOLS)], "size": 13, "color": colour},
                connectgaps=False,
                customdata=[
                    [
                        name,
                        labels[j],
                        UNSCORED_MARK if math.isnan(v) else number(v, lang, 0),
                        UNSCORED_MARK if math.isnan(r) else number(r, lang, 1),
                    ]
                    for j, v, r in zip(loop, values, raw, strict=True)
                ],
                hovertemplate=hover_template(
                    "%{customdata[0]}",
                    "%{customdata[1]}",
                    t("chart.hover.favourability", lang) + ": %{customdata[2]}",
                    center + ": %{customdata[3]}",
                ),
            )
        )
    head = frame(
        fig,
        lang,
        t("chart.profile.title", lang),
        subtitle=t("chart.profile.subtitle", lang),
        legend=names,
        top_extra=(44 if narrow else 30),  # the label of the criterion at the top
        narrow=narrow,
        projector=height is not None,
    )
    # the radial axis lies between the first and the last criterion, away from their labels
    radial_angle = 90 + 180 / len(criteria)
    fig.update_layout(
        margin={"l": 58, "r": 58} if narrow else {"l": 110, "r": 110},
        polar={
            "bgcolor": "#FFFFFF",
            "radialaxis": {
                "range": [0, 100],
                "tickmode": "array",
                "tickvals": [0, 25, 50, 75, 100],
                "showline": False,
                "gridcolor": "#D0D0D0",
                "tickfont": {"size": NOTE_SIZE - 2, "color": PALETTE["grey"]},
                "angle": radial_angle,
                "tickangle": radial_angle,  # relative to the axis: this keeps the numbers level
            },
            "angularaxis": {
                "tickmode": "array",
                "tickvals": cids,
                "ticktext": [wrap(label, 11 if narrow else 18, 3) for label in labels],
                "direction": "clockwise",
                "rotation": 90,
                "gridcolor": "#D0D0D0",
                "linecolor": PALETTE["grey"],
            },
        },
    )
    finish(
        fig,
        head,
        290 if narrow else 470,
        bottom=60 if narrow else 70,
        narrow=narrow,
        height=height,
        min_body=220,
    )
    return fig


@user_text_as_text
def score_heatmap(
    w: Workshop,
    ranking: Ranking,
    lang: str = "nl",
    *,
    disagreement_iqr: float = 1.5,
    narrow: bool = False,
    height: int | None = None,
) -> go.Figure:
    """Koppelkansen (rank order, best at the top) × criteria, coloured by favourability.

    The colour is the favourability 0..1 (cividis, fixed 0..1 so colours compare
    between workshops); the cell text is the aggregated score on the criterion's
    own scale (the mean, or the median when the ranking used the median), with
    :data:`DISAGREEMENT_MARK` where the participants' interquartile range is
    ``disagreement_iqr`` or more and :data:`UNSCORED_MARK` where nobody scored.

    ``narrow`` lays it out for a phone and ``height`` makes the figure that many
    pixels tall (see :mod:`._layout`).
    """
    ids, ranks, _ = kans_order(ranking)
    index = {kid: i for i, kid in enumerate(ranking.kans_ids)}
    criteria, labels = ranked_criteria(w, ranking, lang)
    fav = workshop_favourability(w, ranking)
    summary = ranking.summary
    names = {k.id: k.name for k in w.kansen}
    center = t(center_key(ranking), lang)
    unscored = t("chart.heatmap.unscored", lang)
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    custom: list[list[list[str]]] = []
    for kid in ids:
        i = index[kid]
        z_row: list[float | None] = []
        text_row: list[str] = []
        custom_row: list[list[str]] = []
        for j, label in enumerate(labels):
            value = float(ranking.matrix[i, j])
            iqr = float(summary.iqr[i, j])
            n = int(summary.n_scored[i, j])
            if n == 0 or math.isnan(value):
                z_row.append(None)
                text_row.append(UNSCORED_MARK)
                custom_row.append([names[kid], label, unscored, "–", "0"])
                continue
            cell = number(value, lang, 1)
            disagree = not math.isnan(iqr) and iqr >= disagreement_iqr
            z_row.append(float(fav[i, j]))
            text_row.append(f"{cell} {DISAGREEMENT_MARK}" if disagree else cell)
            custom_row.append([names[kid], label, cell, number(iqr, lang, 1), str(n)])
        z.append(z_row)
        text.append(text_row)
        custom.append(custom_row)
    cids = [c.id for c in criteria]
    # characters per line of a criterion over its column; a projector's columns are wide
    column, lines = (9, 3) if narrow else (24, 2) if height is not None else (16, 3)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=cids,
            y=ids,
            text=text,
            texttemplate="%{text}",
            textfont={"size": NOTE_SIZE - 4 if narrow else FONT_SIZE},
            colorscale="cividis",
            zmin=0,
            zmax=1,
            xgap=3,
            ygap=3,
            hoverongaps=True,
            customdata=custom,
            hovertemplate=hover_template(
                "%{customdata[0]}",
                "%{customdata[1]}",
                center + ": %{customdata[2]}",
                t("chart.hover.iqr", lang) + ": %{customdata[3]}",
                t("chart.hover.n_scored", lang) + ": %{customdata[4]}",
            ),
            colorbar={
                "orientation": "h",
                "title": {
                    "text": t("chart.heatmap.colorbar", lang),
                    "side": "top",
                    "font": {"size": NOTE_SIZE - 3 if narrow else NOTE_SIZE},
                },
                "tickmode": "array",
                "tickvals": [0, 0.5, 1],
                "ticktext": [
                    t("chart.heatmap.low", lang),
                    t("chart.heatmap.middle", lang),
                    t("chart.heatmap.high", lang),
                ],
                "tickfont": {"size": NOTE_SIZE - 3 if narrow else NOTE_SIZE},
                "thickness": 16,
                "len": 220 if narrow else 320,
                "lenmode": "pixels",
                "outlinewidth": 0,
                "x": 0,
                "xref": "paper",
                "xanchor": "left",
                "yref": "paper",
                "y": 0,
                "yanchor": "top",
                "ypad": 20,
            },
        )
    )
    head = frame(
        fig,
        lang,
        t("chart.heatmap.title", lang),
        subtitle=t("chart.heatmap.subtitle", lang, center=center),
        top_extra=(16 if narrow else 20) * max(len(wrap_lines(label, column, lines)) for label in labels)
        + 10,
        narrow=narrow,
        projector=height is not None,
    )
    fig.update_layout(plot_bgcolor=PALETTE["missing"])
    fig.update_xaxes(
        side="top",
        tickmode="array",
        tickvals=cids,
        ticktext=[wrap(label, column, lines) for label in labels],
        ticks="",
        showline=False,
        tickfont={"size": NOTE_SIZE - 4 if narrow else NOTE_SIZE},
    )
    rows, bottom = max(len(ids), 1), 90 if narrow else 96
    one_line = rows_too_low(fig, height, bottom, rows)
    ticks = [kans_tick(r, names[kid], narrow, one_line) for r, kid in zip(ranks, ids, strict=True)]
    category_axis(fig, ids, ticks)
    if one_line:  # low rows: smaller numbers in the cells and names beside them
        fig.update_traces(textfont={"size": NOTE_SIZE - 3})
        fig.update_yaxes(tickfont={"size": NOTE_SIZE})
    legend = t(
        "chart.heatmap.legend",
        lang,
        mark=DISAGREEMENT_MARK,
        iqr=number(disagreement_iqr, lang, 1),
        unscored=UNSCORED_MARK,
    )
    finish(
        fig,
        head,
        (52 if narrow else 64) * rows,
        bottom=bottom,
        notes=[legend],
        narrow=narrow,
        height=height,
        min_body=17 * rows,
    )
    return fig
