"""Charts for the workshop: pure builders that return a plotly ``go.Figure``.

The charts are shown on a projector at the back of a room, on phones and on
paper, so every builder follows the same rules:

- colours from the Okabe–Ito palette, which stays apart for colour-blind
  readers, and never colour alone: marker symbols, line dashes, fill patterns
  and text labels carry the same meaning;
- large fonts, a white background and no gridlines;
- numbers the Dutch way (``separators=",."``) with money and numbers formatted by
  :mod:`decision.text.formatting`; every visible text comes from the catalog;
- names the team typed in (koppelkansen, projects) go into plotly only as data
  text: hover texts refer to them through ``%{customdata}``, never by pasting
  them into a template.

Nothing here imports streamlit, and the same input gives the same figure.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import replace
from types import MappingProxyType

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from decision.core.validate import as_weights
from decision.domain.analysis import Ranking
from decision.domain.explain import pareto_front, starts_within, workshop_favourability
from decision.domain.model import Criterion, KansType, Koppelkans, Text, Workshop
from decision.text.formatting import money_range, money_short, months_range, number, percent
from decision.text.i18n import t

PALETTE = MappingProxyType(
    {
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "green": "#009E73",
        "purple": "#CC79A7",
        "orange": "#E69F00",
        "sky": "#56B4E9",
        "grey": "#4D4D4D",
        "muted": "#ABABAB",
        "text": "#1A1A1A",
        "band": "#56B4E9",
        "missing": "#EDEDED",
    }
)

# one colour after another for series that have no meaning of their own
SERIES = tuple(PALETTE[k] for k in ("blue", "vermillion", "green", "purple", "orange", "sky", "grey"))
# criteria in stacked bars: neighbours differ in lightness as well as hue
CRITERION_COLORS = tuple(
    PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "grey")
)
CRITERION_PATTERNS = ("", "/", ".", "x", "\\", "+", "-")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star")

TYPE_STYLE = MappingProxyType(
    {
        KansType.SOCIAL: MappingProxyType({"color": PALETTE["vermillion"], "symbol": "circle"}),
        KansType.PHYSICAL: MappingProxyType({"color": PALETTE["blue"], "symbol": "square"}),
    }
)

FONT_FAMILY = '"Source Sans", "Source Sans Pro", Arial, Helvetica, sans-serif'  # the app's own type
FONT_SIZE = 18
TITLE_SIZE = 26
NOTE_SIZE = 16
DISAGREEMENT_MARK = "⚑"
UNSCORED_MARK = "?"
NAME_WIDTH = 34  # characters of a shortened name; the hover always shows all of it
DEFAULT_DURATION_YEARS = 1.0
FRONT_OUTLINE = 4.0  # outline width of the markers on the Pareto front


# -- shared helpers ------------------------------------------------------------
PAD = 14  # pixels between the figure's edge and the title
TITLE_LINE = 34
SUBTITLE_LINE = 22
LEGEND_ROW = 30
NOTE_LINE = 24
LEGEND_WIDTH = 900  # the width a legend is laid out for when estimating its rows
TEXT_WIDTH = 75  # characters per line of a subtitle or note


def plotly_text(text: str) -> str:
    """User text made literal for plotly, which reads a subset of HTML in every label
    (``<b>``, ``<br>``, ``<a href>``): its markup characters become entities, which
    plotly shows as the characters themselves."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain_kans(k: Koppelkans) -> Koppelkans:
    project = k.project and replace(k.project, name=plotly_text(k.project.name))
    return replace(k, name=plotly_text(k.name), project=project)


def _plain_criterion(c: Criterion) -> Criterion:
    return replace(c, label=Text(plotly_text(c.label.nl), plotly_text(c.label.en)))


def _plain(value):
    if isinstance(value, Workshop):
        return replace(
            value,
            kansen=tuple(map(_plain_kans, value.kansen)),
            criteria=tuple(map(_plain_criterion, value.criteria)),
        )
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Koppelkans) for v in value):
        return [_plain_kans(v) for v in value]
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Criterion) for v in value):
        return [_plain_criterion(v) for v in value]
    if isinstance(value, pd.DataFrame) and "name" in value.columns:
        return value.assign(name=value["name"].map(plotly_text))
    return value


def user_text_as_text(builder):
    """Every builder gets the team's texts escaped for plotly, in one place."""

    @functools.wraps(builder)
    def wrapped(*args, **kwargs):
        return builder(*map(_plain, args), **{k: _plain(v) for k, v in kwargs.items()})

    return wrapped


def separators(lang: str) -> str:
    """Decimal and thousands separator for plotly: ``,.`` in Dutch, ``.,`` in English."""
    return ".," if lang == "en" else ",."


def _shorten(text: str, width: int = NAME_WIDTH) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _wrap_lines(text: str, width: int, max_lines: int = 3) -> list[str]:
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _shorten(lines[-1] + " …", width)
    return [_shorten(line, width) for line in lines]


def _wrap(text: str, width: int, max_lines: int = 3) -> str:
    """Break a label over lines at spaces (plotly draws ``<br>`` as a line break)."""
    return "<br>".join(_wrap_lines(text, width, max_lines))


def _nan_to_none(values) -> list[float | None]:
    return [None if v is None or math.isnan(float(v)) else float(v) for v in values]


def _type_label(kind: KansType | str, lang: str) -> str:
    return t(f"chart.type.{KansType(kind).value}", lang)


def _criterion_label(c: Criterion, lang: str) -> str:
    return c.label.get(lang)


def _kans_tick(rank: int | None, name: str) -> str:
    """A koppelkans on an axis: ``3. Name`` over at most two lines."""
    prefix = f"{rank}. " if rank is not None else ""
    return _wrap(prefix + str(name), 30, 2)


def _hover(*lines: str) -> str:
    return "<br>".join(lines) + "<extra></extra>"


def _legend_rows(labels: Sequence[str]) -> int:
    """How many rows a horizontal legend with these labels takes at the reference width."""
    rows, used = 0, LEGEND_WIDTH
    for label in labels:
        need = 48 + 9 * len(label)
        if used + need > LEGEND_WIDTH:
            rows, used = rows + 1, 0
        used += need
    return rows


def _title_shift(lines: int) -> int:
    """Plotly centres a title of several lines on its anchor: move it down by this much."""
    return (lines - 1) * TITLE_LINE // 2


def _frame(
    fig: go.Figure,
    lang: str,
    title: str,
    *,
    subtitle: str = "",
    legend: Sequence[str] = (),
    top_extra: int = 0,
) -> int:
    """Fonts, colours and the block above the plot: title, subtitle, legend.

    The block is laid out in pixels from the top of the figure, so title,
    subtitle and legend do not overlap; returns the height of title and
    subtitle, which :func:`_finish` needs to place the legend.
    """
    title_lines = _wrap_lines(title, 56, 2)
    sub_lines = _wrap_lines(subtitle, TEXT_WIDTH, 3) if subtitle else []
    head = (
        PAD
        + _title_shift(len(title_lines))
        + TITLE_LINE * len(title_lines)
        + (SUBTITLE_LINE * len(sub_lines) + 6 if sub_lines else 0)
    )
    rows = _legend_rows(legend)
    top = head + (8 + LEGEND_ROW * rows if rows else 0) + 16 + top_extra
    title_spec: dict = {
        "text": "<br>".join(title_lines),
        "x": 0,
        "xanchor": "left",
        "xref": "container",
        "yref": "container",
        "yanchor": "top",
        "pad": {"l": 16},
        "font": {"size": TITLE_SIZE, "color": PALETTE["text"]},
    }
    if sub_lines:
        title_spec["subtitle"] = {
            "text": "<br>".join(sub_lines),
            "font": {"size": NOTE_SIZE, "color": PALETTE["grey"]},
        }
    fig.update_layout(
        template="simple_white",
        separators=separators(lang),
        font={"family": FONT_FAMILY, "size": FONT_SIZE, "color": PALETTE["text"]},
        title=title_spec,
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        colorway=list(SERIES),
        hoverlabel={"font": {"size": NOTE_SIZE, "family": FONT_FAMILY}, "bgcolor": "#FFFFFF"},
        showlegend=bool(rows),
        legend={
            "orientation": "h",
            "xref": "container",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "yanchor": "top",
            "traceorder": "normal",
            "font": {"size": NOTE_SIZE},
            "itemsizing": "constant",
            "bgcolor": "rgba(0,0,0,0)",
        },
        margin={"l": 20, "r": 30, "t": top, "b": 20},
    )
    fig.update_xaxes(showgrid=False, zeroline=False, automargin=True)
    fig.update_yaxes(showgrid=False, zeroline=False, automargin=True)
    return head


def _finish(fig: go.Figure, head: int, body: int, *, bottom: int = 20, notes: Sequence[str] = ()) -> None:
    """Set the margins and the height in pixels; notes go under the plot.

    ``head`` comes from :func:`_frame`, ``body`` is the height of the plot area and
    ``bottom`` the room under it for tick labels and the axis title; the notes
    start below that.
    """
    lines = [line for note in notes if note for line in _wrap_lines(note, TEXT_WIDTH, 4)]
    note_h = NOTE_LINE * len(lines) + 10 if lines else 0
    if lines:
        fig.add_annotation(
            text="<br>".join(lines),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            yshift=-bottom,
            showarrow=False,
            align="left",
            font={"size": NOTE_SIZE, "color": PALETTE["grey"]},
        )
    top = fig.layout.margin.t
    height = top + body + bottom + note_h + 10
    title_lines = fig.layout.title.text.count("<br>") + 1
    fig.update_layout(
        height=height,
        margin={"b": bottom + note_h + 10},
        title={"y": 1 - (PAD + _title_shift(title_lines)) / height},
        legend={"y": 1 - (head + 8) / height},
    )


def _names_list(names: Sequence[str], limit: int = 6) -> str:
    shown = [_shorten(n, 40) for n in names[:limit]]
    if len(names) > limit:
        shown.append(f"… (+{len(names) - limit})")
    return ", ".join(shown)


def _kans_order(ranking: Ranking) -> tuple[list[str], list[int | None], list[float]]:
    """Ids, ranks (None when unscored) and scores in rank order."""
    table = ranking.table
    ids = [str(i) for i in table["id"]]
    scores = [float(s) for s in table["score"]]
    ranks = [None if math.isnan(s) else int(r) for r, s in zip(table["rank"], scores, strict=True)]
    return ids, ranks, scores


def _center_key(ranking: Ranking) -> str:
    return "chart.center.median" if ranking.aggregation == "median" else "chart.center.mean"


def _category_axis(fig: go.Figure, ids: Sequence[str], ticktext: Sequence[str]) -> None:
    """A category axis down the left (koppelkansen or criteria), the first one at the top."""
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=list(ids),
        autorange="reversed",
        tickmode="array",
        tickvals=list(ids),
        ticktext=list(ticktext),
        ticks="",
        ticklabelstandoff=8,
        showline=False,
    )


# -- 1. weights ----------------------------------------------------------------
@user_text_as_text
def weights_bar(criteria: Sequence[Criterion], weights: Sequence[float], lang: str = "nl") -> go.Figure:
    """One horizontal bar per criterion with its share of the total weight (``25%``).

    The weights are rescaled to sum to 1; negative, NaN or all-zero weights raise
    the engine's :class:`~decision.errors.WeightsError`.
    """
    criteria = list(criteria)
    shares = [float(s) for s in as_weights(list(weights), len(criteria))] if criteria else []
    ids = [c.id for c in criteria]
    labels = [_criterion_label(c, lang) for c in criteria]
    texts = [percent(s, lang) for s in shares]
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=ids,
            x=shares,
            text=texts,
            textposition="outside",
            cliponaxis=False,
            marker={"color": PALETTE["blue"], "line": {"width": 0}},
            customdata=[[label, text] for label, text in zip(labels, texts, strict=True)],
            hovertemplate=_hover("%{customdata[0]}", t("chart.hover.share", lang) + ": %{customdata[1]}"),
            name=t("chart.weights.axis", lang),
            showlegend=False,
        )
    )
    head = _frame(fig, lang, t("chart.weights.title", lang))
    top = max(shares, default=0.0)
    fig.update_xaxes(range=[0, top * 1.18 if top > 0 else 1.0], visible=False)
    _category_axis(fig, ids, [_wrap(label, 28, 2) for label in labels])
    fig.update_layout(bargap=0.3)
    _finish(fig, head, 60 * max(len(ids), 1))
    return fig


# -- 2. timeline ---------------------------------------------------------------
@user_text_as_text
def timeline(
    kansen: Sequence[Koppelkans], *, current_year: int, horizon: int = 2, lang: str = "nl"
) -> go.Figure:
    """The planned works per koppelkans as bars over the years.

    A bar runs from the start year of the linked project for the middle of its
    duration range (one year when unknown). Works that start within
    ``current_year … current_year + horizon`` (the "natuurlijk moment", see
    :func:`decision.domain.explain.starts_within`) are drawn strong and marked with a
    star; the others are grey. Koppelkansen without a start year are left out
    and named in a note under the chart.
    """
    window_end = current_year + horizon
    dated = [k for k in kansen if k.project is not None and k.project.start_year is not None]
    undated = [k for k in kansen if k.project is None or k.project.start_year is None]
    dated = [k for _, k in sorted(enumerate(dated), key=lambda e: (e[1].project.start_year, e[0]))]

    def years(k: Koppelkans) -> float:
        return k.duration_months.mid / 12 if k.duration_months is not None else DEFAULT_DURATION_YEARS

    def row(k: Koppelkans) -> dict:
        if k.duration_months is not None:
            duration = months_range(k.duration_months, lang)
        else:
            duration = t("chart.timeline.duration_assumed", lang)
        return {
            "id": k.id,
            "start": float(k.project.start_year),
            "length": float(years(k)),
            "project": k.project.name,
            "custom": [k.name, k.project.name, str(k.project.start_year), duration],
        }

    inside = [row(k) for k in dated if starts_within(k, current_year, horizon)]
    outside = [row(k) for k in dated if not starts_within(k, current_year, horizon)]
    hover = _hover(
        "%{customdata[0]}",
        t("chart.hover.project", lang) + ": %{customdata[1]}",
        t("chart.hover.start", lang) + ": %{customdata[2]}",
        t("chart.hover.duration", lang) + ": %{customdata[3]}",
    )
    window_text = t("chart.timeline.window", lang, start=current_year, end=window_end)
    outside_text = t("chart.timeline.outside", lang)

    def bars(rows: list[dict], *, strong: bool) -> go.Bar:
        return go.Bar(
            orientation="h",
            y=[r["id"] for r in rows],
            x=[r["length"] for r in rows],
            base=[r["start"] for r in rows],
            text=[_shorten(r["project"], 36) for r in rows],
            textposition="outside",
            cliponaxis=False,
            textfont={"size": NOTE_SIZE, "color": PALETTE["text"] if strong else PALETTE["grey"]},
            marker={
                "color": PALETTE["blue"] if strong else PALETTE["muted"],
                "line": {
                    "color": PALETTE["text"] if strong else PALETTE["muted"],
                    "width": 1.5 if strong else 0,
                },
            },
            customdata=[r["custom"] for r in rows],
            hovertemplate=hover,
            name=window_text if strong else outside_text,
            legendgroup="inside" if strong else "outside",
            showlegend=not strong,
        )

    fig = go.Figure()
    fig.add_trace(bars(outside, strong=False))
    fig.add_trace(bars(inside, strong=True))
    fig.add_trace(
        go.Scatter(
            mode="markers",
            y=[r["id"] for r in inside],
            x=[r["start"] for r in inside],
            marker={
                "symbol": "star",
                "size": 22,
                "color": PALETTE["orange"],
                "line": {"color": PALETTE["text"], "width": 1.5},
            },
            customdata=[r["custom"] for r in inside],
            hovertemplate=hover,
            name=window_text,
            legendgroup="inside",
            cliponaxis=False,
        )
    )
    fig.add_vrect(
        x0=current_year,
        x1=window_end + 1,
        fillcolor=PALETTE["band"],
        opacity=0.2,
        line_width=0,
        layer="below",
    )
    head = _frame(
        fig,
        lang,
        t("chart.timeline.title", lang),
        subtitle=t("chart.timeline.subtitle", lang, start=current_year, end=window_end),
        legend=[outside_text, window_text],
    )
    # an empty slot above the first bar holds the label of the shaded band
    fig.add_annotation(
        x=current_year,
        xref="x",
        y=-0.9,
        yref="y",
        xanchor="left",
        yanchor="middle",
        text=t("chart.timeline.band", lang),
        showarrow=False,
        font={"size": NOTE_SIZE, "color": PALETTE["blue"]},
    )
    fig.update_layout(barmode="overlay", bargap=0.35)
    starts = [k.project.start_year for k in dated]
    ends = [k.project.start_year + years(k) for k in dated]
    lo = min([current_year, *starts])
    hi = max([window_end + 1, *ends])
    span = hi - lo
    fig.update_xaxes(
        range=[lo - 0.5, hi + max(2.5, 0.45 * span)],
        tickmode="linear",
        tick0=lo,
        dtick=1 if span <= 12 else 2,
        tickformat="d",
        title={"text": t("chart.timeline.axis", lang)},
        ticks="outside",
    )
    ids = [k.id for k in dated]
    _category_axis(fig, ids, [_wrap(k.name, 30, 2) for k in dated])
    fig.update_yaxes(autorange=None, range=[len(ids) - 0.5, -1.5])
    notes = []
    if not dated:
        notes.append(t("chart.timeline.empty", lang))
    if undated:
        notes.append(
            t("chart.timeline.no_start", lang, n=len(undated), names=_names_list([k.name for k in undated]))
        )
    _finish(fig, head, 56 * (len(ids) + 1), bottom=80, notes=notes)
    return fig


# -- 3. contributions ----------------------------------------------------------
@user_text_as_text
def contributions_bar(w: Workshop, ranking: Ranking, lang: str = "nl", top: int | None = None) -> go.Figure:
    """Stacked bars in rank order (best at the top): each criterion's share of the score.

    For a weighted-sum ranking the segments are ``contrib.<criterion>`` × 100 and
    add up to the score (0–100) shown at the end of the bar. TOPSIS has no such
    split, so then the bars stack the weighted favourability of each criterion
    (:func:`decision.domain.explain.workshop_favourability` × weight × 100), the number
    at the end is the TOPSIS score, and the title says so. ``top`` keeps the
    koppelkansen ranked ``top`` or better, as :meth:`Ranking.top` does.
    """
    if top is not None and top < 1:
        raise ValueError("top must be 1 or more")
    ids, ranks, scores = _kans_order(ranking)
    if top is not None:
        keep = set(ranking.top(top))
        rows = [i for i, kid in enumerate(ids) if kid in keep]
        ids, ranks, scores = [ids[i] for i in rows], [ranks[i] for i in rows], [scores[i] for i in rows]
    topsis = ranking.method == "topsis"
    criteria = [w.criterion(cid) for cid in ranking.criterion_ids]
    shape = (len(ids), len(criteria))
    if topsis:
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
    labels = [_criterion_label(c, lang) for c in criteria]
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
                hovertemplate=_hover("%{customdata[0]}", "%{customdata[1]}: %{customdata[2]}"),
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
            textfont={"size": FONT_SIZE + 2, "color": PALETTE["text"]},
            hoverinfo="skip",
            showlegend=False,
            cliponaxis=False,
            name=t("chart.hover.score", lang),
        )
    )
    head = _frame(
        fig,
        lang,
        t("chart.contrib.title_topsis" if topsis else "chart.contrib.title", lang),
        subtitle=t("chart.contrib.subtitle_topsis" if topsis else "chart.contrib.subtitle", lang),
        legend=labels,
    )
    fig.update_layout(barmode="stack", bargap=0.3, margin={"r": 60})
    fig.update_xaxes(
        range=[0, 112],
        tickmode="array",
        tickvals=[0, 25, 50, 75, 100],
        title={"text": t("chart.contrib.axis_topsis" if topsis else "chart.contrib.axis", lang)},
        ticks="outside",
    )
    _category_axis(fig, ids, [_kans_tick(r, names[kid]) for r, kid in zip(ranks, ids, strict=True)])
    _finish(fig, head, 60 * max(len(ids), 1), bottom=80)
    return fig


# -- 4. profile ----------------------------------------------------------------
@user_text_as_text
def profile_chart(w: Workshop, ranking: Ranking, ids: Sequence[str], lang: str = "nl") -> go.Figure:
    """A radar of favourability per criterion (0–100, 100 is best) for a few koppelkansen.

    Every koppelkans gets its own colour, line dash and marker symbol. A criterion
    nobody scored leaves a gap in the line.
    """
    unknown = [kid for kid in ids if kid not in ranking.kans_ids]
    if unknown:
        raise ValueError(f"unknown koppelkans id(s): {', '.join(map(str, unknown))}")
    fav = workshop_favourability(w, ranking) * 100
    criteria = [w.criterion(cid) for cid in ranking.criterion_ids]
    cids = [c.id for c in criteria]
    labels = [_criterion_label(c, lang) for c in criteria]
    center = t(_center_key(ranking), lang)
    fig = go.Figure()
    names = []
    for n, kid in enumerate(ids):
        i = ranking.kans_ids.index(kid)
        name = w.kans(kid).name
        names.append(_shorten(name, 40))
        loop = [*range(len(criteria)), 0]  # back to the first criterion to close the shape
        values = [float(fav[i, j]) for j in loop]
        raw = [float(ranking.matrix[i, j]) for j in loop]
        colour = SERIES[n % len(SERIES)]
        fig.add_trace(
            go.Scatterpolar(
                r=_nan_to_none(values),
                theta=[cids[j] for j in loop],
                mode="lines+markers",
                name=_shorten(name, 40),
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
                hovertemplate=_hover(
                    "%{customdata[0]}",
                    "%{customdata[1]}",
                    t("chart.hover.favourability", lang) + ": %{customdata[2]}",
                    center + ": %{customdata[3]}",
                ),
            )
        )
    head = _frame(
        fig,
        lang,
        t("chart.profile.title", lang),
        subtitle=t("chart.profile.subtitle", lang),
        legend=names,
        top_extra=30,  # the label of the criterion at the top
    )
    # the radial axis lies between the first and the last criterion, away from their labels
    radial_angle = 90 + 180 / len(criteria)
    fig.update_layout(
        margin={"l": 110, "r": 110},
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
                "ticktext": [_wrap(label, 18, 3) for label in labels],
                "direction": "clockwise",
                "rotation": 90,
                "gridcolor": "#D0D0D0",
                "linecolor": PALETTE["grey"],
            },
        },
    )
    _finish(fig, head, 470, bottom=70)
    return fig


# -- 5. value for money --------------------------------------------------------
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
def value_for_money(w: Workshop, ranking: Ranking, lang: str = "nl") -> go.Figure:
    """Score against extra cost: which koppelkansen give the most for the money.

    x is the middle of the extra-cost range (whiskers show the range; a log axis
    when the amounts span a factor 20 or more), y the score 0–100, the size the
    middle of the duration range. Colour and marker symbol show the type. The
    koppelkansen no other one beats on both score and cost
    (:func:`decision.domain.explain.pareto_front`) are outlined thick and joined by a
    step line. Koppelkansen without a cost range or without a score are named in
    a note.
    """
    score_by_id = {str(k): float(s) for k, s in zip(ranking.table["id"], ranking.table["score"], strict=True)}
    plotted = [k for k in w.kansen if k.extra_cost is not None and not math.isnan(score_by_id[k.id])]
    no_cost = [k for k in w.kansen if k.extra_cost is None]
    no_score = [k for k in w.kansen if k.extra_cost is not None and math.isnan(score_by_id[k.id])]
    cost = [float(k.extra_cost.mid) for k in plotted]
    score = [100 * score_by_id[k.id] for k in plotted]
    front = [bool(f) for f in pareto_front(score, cost)] if plotted else []
    months = [k.duration_months.mid if k.duration_months is not None else None for k in plotted]
    longest = max([m for m in months if m is not None], default=0.0)

    def size(m: float | None) -> float:
        if m is None or longest <= 0:
            return 16.0
        return round(16.0 + 30.0 * math.sqrt(max(m, 0.0) / longest), 2)

    lows = [float(k.extra_cost.low) for k in plotted]
    highs = [float(k.extra_cost.high) for k in plotted]
    log = bool(plotted) and min(lows) > 0 and max(highs) / min(lows) >= 20
    hover = _hover(
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
        label = _type_label(kind, lang)
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
                textfont={"size": NOTE_SIZE, "color": PALETTE["text"]},
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
                        money_range(plotted[i].extra_cost, lang),
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
    head = _frame(
        fig, lang, t("chart.vfm.title", lang), subtitle=t("chart.vfm.subtitle", lang), legend=legend
    )
    fig.update_layout(margin={"r": 60})
    fig.add_annotation(
        xref="paper",
        x=0.01,
        yref="y",
        y=112,
        xanchor="left",
        yanchor="top",
        text="↖ " + t("chart.vfm.quick_wins", lang),
        showarrow=False,
        font={"size": NOTE_SIZE, "color": PALETTE["green"]},
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
        notes.append(t("chart.vfm.no_cost", lang, names=_names_list([k.name for k in no_cost])))
    if no_score:
        notes.append(t("chart.vfm.no_score", lang, names=_names_list([k.name for k in no_score])))
    _finish(fig, head, 440, bottom=90, notes=notes)
    return fig


# -- 6. heatmap ----------------------------------------------------------------
@user_text_as_text
def score_heatmap(
    w: Workshop, ranking: Ranking, lang: str = "nl", *, disagreement_iqr: float = 1.5
) -> go.Figure:
    """Koppelkansen (rank order, best at the top) × criteria, coloured by favourability.

    The colour is the favourability 0..1 (cividis, fixed 0..1 so colours compare
    between workshops); the cell text is the aggregated score on the criterion's
    own scale (the mean, or the median when the ranking used the median), with
    :data:`DISAGREEMENT_MARK` where the participants' interquartile range is
    ``disagreement_iqr`` or more and :data:`UNSCORED_MARK` where nobody scored.
    """
    ids, ranks, _ = _kans_order(ranking)
    index = {kid: i for i, kid in enumerate(ranking.kans_ids)}
    criteria = [w.criterion(cid) for cid in ranking.criterion_ids]
    labels = [_criterion_label(c, lang) for c in criteria]
    fav = workshop_favourability(w, ranking)
    summary = ranking.summary
    names = {k.id: k.name for k in w.kansen}
    center = t(_center_key(ranking), lang)
    unscored = t("chart.heatmap.unscored", lang)
    z, text, custom = [], [], []
    for kid in ids:
        i = index[kid]
        z_row, text_row, custom_row = [], [], []
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
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=cids,
            y=ids,
            text=text,
            texttemplate="%{text}",
            textfont={"size": FONT_SIZE},
            colorscale="cividis",
            zmin=0,
            zmax=1,
            xgap=3,
            ygap=3,
            hoverongaps=True,
            customdata=custom,
            hovertemplate=_hover(
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
                    "font": {"size": NOTE_SIZE},
                },
                "tickmode": "array",
                "tickvals": [0, 0.5, 1],
                "ticktext": [
                    t("chart.heatmap.low", lang),
                    t("chart.heatmap.middle", lang),
                    t("chart.heatmap.high", lang),
                ],
                "tickfont": {"size": NOTE_SIZE},
                "thickness": 16,
                "len": 320,
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
    head = _frame(
        fig,
        lang,
        t("chart.heatmap.title", lang),
        subtitle=t("chart.heatmap.subtitle", lang, center=center),
        top_extra=20 * max(len(_wrap_lines(label, 16, 3)) for label in labels) + 10,
    )
    fig.update_layout(plot_bgcolor=PALETTE["missing"])
    fig.update_xaxes(
        side="top",
        tickmode="array",
        tickvals=cids,
        ticktext=[_wrap(label, 16, 3) for label in labels],
        ticks="",
        showline=False,
        tickfont={"size": NOTE_SIZE},
    )
    _category_axis(fig, ids, [_kans_tick(r, names[kid]) for r, kid in zip(ranks, ids, strict=True)])
    legend = t(
        "chart.heatmap.legend",
        lang,
        mark=DISAGREEMENT_MARK,
        iqr=number(disagreement_iqr, lang, 1),
        unscored=UNSCORED_MARK,
    )
    _finish(fig, head, 64 * max(len(ids), 1), bottom=96, notes=[legend])
    return fig


# -- 7. method comparison ------------------------------------------------------
METHOD_COLUMNS = ("id", "name", "rank_wsm", "rank_topsis")
SLOPE_STYLE = MappingProxyType(
    {
        "same": MappingProxyType(
            {
                "color": PALETTE["muted"],
                "text": PALETTE["grey"],
                "width": 2,
                "dash": "solid",
                "symbol": "circle",
                "size": 10,
            }
        ),
        "up": MappingProxyType(
            {
                "color": PALETTE["blue"],
                "text": PALETTE["text"],
                "width": 5,
                "dash": "solid",
                "symbol": "triangle-up",
                "size": 16,
            }
        ),
        "down": MappingProxyType(
            {
                "color": PALETTE["vermillion"],
                "text": PALETTE["text"],
                "width": 5,
                "dash": "dash",
                "symbol": "triangle-down",
                "size": 16,
            }
        ),
    }
)


@user_text_as_text
def method_comparison(table: pd.DataFrame, lang: str = "nl") -> go.Figure:
    """A slope chart: the rank under the weighted sum (left) and under TOPSIS (right).

    Takes the table of :func:`decision.domain.explain.compare_methods`. Koppelkansen that
    move are drawn strong (up: solid blue, triangle up; down: dashed vermillion,
    triangle down); those that keep their place are thin and grey. Rank 1 is at
    the top. One trace per koppelkans, the unchanged ones first so the moving
    lines are drawn over them.
    """
    missing = [c for c in METHOD_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"missing column(s): {', '.join(missing)}")
    wsm_label = t("chart.methods.wsm", lang)
    topsis_label = t("chart.methods.topsis", lang)
    rank_label = t("chart.hover.rank", lang)
    rows = []
    for rec in table.to_dict("records"):
        a, b = int(rec["rank_wsm"]), int(rec["rank_topsis"])
        kind = "same" if a == b else "up" if b < a else "down"
        rows.append((kind, str(rec["name"]), a, b))
    fig = go.Figure()
    shown: list[str] = []
    for kind in ("same", "up", "down"):
        style = SLOPE_STYLE[kind]
        for _, name, a, b in (r for r in rows if r[0] == kind):
            short = _shorten(name, 30)
            fig.add_trace(
                go.Scatter(
                    x=[0, 1],
                    y=[a, b],
                    mode="lines+markers+text",
                    text=[f"{short}  {a}", f"{b}  {short}"],
                    textposition=["middle left", "middle right"],
                    textfont={"size": NOTE_SIZE, "color": style["text"]},
                    line={"color": style["color"], "width": style["width"], "dash": style["dash"]},
                    marker={"symbol": style["symbol"], "size": style["size"], "color": style["color"]},
                    name=t(f"chart.methods.{kind}", lang),
                    legendgroup=kind,
                    showlegend=kind not in shown,
                    customdata=[[name, str(a), str(b)], [name, str(a), str(b)]],
                    hovertemplate=_hover(
                        "%{customdata[0]}",
                        f"{wsm_label}: {rank_label} " + "%{customdata[1]}",
                        f"{topsis_label}: {rank_label} " + "%{customdata[2]}",
                    ),
                    cliponaxis=False,
                )
            )
            if kind not in shown:
                shown.append(kind)
    n = max([max(r[2], r[3]) for r in rows], default=1)
    head = _frame(
        fig,
        lang,
        t("chart.methods.title", lang),
        subtitle=t("chart.methods.subtitle", lang),
        legend=[t(f"chart.methods.{kind}", lang) for kind in shown],
        top_extra=30,
    )
    fig.update_xaxes(
        range=[-1.3, 2.3],
        tickmode="array",
        tickvals=[0, 1],
        ticktext=[wsm_label, topsis_label],
        side="top",
        showline=False,
        ticks="",
        tickfont={"size": FONT_SIZE},
    )
    fig.update_yaxes(range=[n + 0.5, 0.5], showticklabels=False, showline=False, ticks="")
    _finish(fig, head, 48 * n)
    return fig


# -- 8. top-k probability ------------------------------------------------------------
@user_text_as_text
def topk_probability_bar(
    kansen: Sequence[Koppelkans],
    probabilities: Sequence[float],
    current_top: Sequence[str],
    k: int = 3,
    lang: str = "nl",
) -> go.Figure:
    """How often each koppelkans is in the top k over the scenarios, most often first.

    Those in the current top k are drawn strong, the rest muted; every bar carries
    its percentage, so the chart also reads in black and white. Koppelkansen that
    are never in the top k are left out and counted in a note.
    """
    pairs = sorted(zip(kansen, map(float, probabilities), strict=True), key=lambda p: (-p[1], p[0].id))
    shown = [(kans, p) for kans, p in pairs if p > 0.0005]
    hidden = len(pairs) - len(shown)
    ids = [kans.id for kans, _ in shown]
    texts = [percent(p, lang) for _, p in shown]
    top = set(current_top)
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=ids,
            x=[p for _, p in shown],
            text=texts,
            textposition="outside",
            cliponaxis=False,
            marker={
                "color": [PALETTE["blue"] if kans.id in top else PALETTE["muted"] for kans, _ in shown],
                "pattern": {"shape": ["" if kans.id in top else "/" for kans, _ in shown]},
                "line": {"width": 0},
            },
            customdata=[[kans.name, text] for (kans, _), text in zip(shown, texts, strict=True)],
            hovertemplate=_hover("%{customdata[0]}", t("chart.topk.hover", lang, k=k) + ": %{customdata[1]}"),
            showlegend=False,
        )
    )
    head = _frame(fig, lang, t("chart.topk.title", lang, k=k), subtitle=t("chart.topk.subtitle", lang, k=k))
    fig.update_xaxes(range=[0, 1.15], visible=False)
    _category_axis(fig, ids, [_wrap(kans.name, 30, 2) for kans, _ in shown])
    fig.update_layout(bargap=0.3)
    notes = [t("chart.topk.hidden", lang, n=hidden, k=k)] if hidden else []
    _finish(fig, head, 52 * max(len(ids), 1), notes=notes)
    return fig


# -- 9. stability intervals ------------------------------------------------------------
@user_text_as_text
def stability_chart(
    criteria: Sequence[Criterion],
    intervals: Sequence[tuple[float, float, float]],
    k: int = 3,
    lang: str = "nl",
) -> go.Figure:
    """Per criterion, the range of its weight (low–high) within which the top-k set holds,
    with a marker at the current weight."""
    criteria = list(criteria)
    ids = [c.id for c in criteria]
    labels = [_criterion_label(c, lang) for c in criteria]
    lows = [float(iv[0]) for iv in intervals]
    highs = [float(iv[1]) for iv in intervals]
    currents = [float(iv[2]) for iv in intervals]
    ranges = [f"{percent(lo, lang)} – {percent(hi, lang)}" for lo, hi in zip(lows, highs, strict=True)]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            orientation="h",
            y=ids,
            x=[hi - lo for lo, hi in zip(lows, highs, strict=True)],
            base=lows,
            text=ranges,
            textposition="outside",
            cliponaxis=False,
            marker={"color": PALETTE["sky"], "line": {"width": 0}},
            customdata=[[label, text] for label, text in zip(labels, ranges, strict=True)],
            hovertemplate=_hover(
                "%{customdata[0]}", t("chart.stability.hover", lang, k=k) + ": %{customdata[1]}"
            ),
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
            customdata=[[label, percent(c, lang)] for label, c in zip(labels, currents, strict=True)],
            hovertemplate=_hover("%{customdata[0]}", t("chart.stability.now", lang) + ": %{customdata[1]}"),
            name=t("chart.stability.now", lang),
        )
    )
    legend = [t("chart.stability.range", lang, k=k), t("chart.stability.now", lang)]
    head = _frame(
        fig,
        lang,
        t("chart.stability.title", lang, k=k),
        subtitle=t("chart.stability.subtitle", lang),
        legend=legend,
    )
    fig.update_xaxes(
        range=[0, 1.25],
        tickvals=[0, 0.25, 0.5, 0.75, 1.0],
        ticktext=[percent(v, lang) for v in (0, 0.25, 0.5, 0.75, 1.0)],
        title_text=t("chart.stability.axis", lang),
        showgrid=False,
    )
    _category_axis(fig, ids, [_wrap(label, 28, 2) for label in labels])
    fig.update_layout(bargap=0.45, barmode="overlay")
    _finish(fig, head, 64 * max(len(ids), 1), bottom=70)
    return fig
