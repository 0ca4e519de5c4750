"""The frame of every chart: title, subtitle and legend above the plot, notes below, in pixels.

Plotly places titles and legends in fractions of the figure's height, so a long
title or a legend of three rows runs into the plot. :func:`frame` and
:func:`finish` lay the block above the plot out in pixels and then set the
figure's height, so title, subtitle, legend, plot and notes never overlap,
whatever the language or the number of koppelkansen. The smaller helpers here
(wrapping, hover templates, the category axis) are shared by several charts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import plotly.graph_objects as go

from decision.domain.analysis import Ranking
from decision.domain.model import Criterion, KansType, Workshop
from decision.text.i18n import t

from ._style import FONT_FAMILY, FONT_SIZE, NOTE_SIZE, PALETTE, SERIES, TITLE_SIZE, separators

NAME_WIDTH = 34  # characters of a shortened name; the hover always shows all of it
PAD = 14  # pixels between the figure's edge and the title
TITLE_LINE = 34
SUBTITLE_LINE = 22
LEGEND_ROW = 30
NOTE_LINE = 24
LEGEND_WIDTH = 900  # the width a legend is laid out for when estimating its rows
TEXT_WIDTH = 75  # characters per line of a subtitle or note


def shorten(text: str, width: int = NAME_WIDTH) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def wrap_lines(text: str, width: int, max_lines: int = 3) -> list[str]:
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = shorten(lines[-1] + " …", width)
    return [shorten(line, width) for line in lines]


def wrap(text: str, width: int, max_lines: int = 3) -> str:
    """Break a label over lines at spaces (plotly draws ``<br>`` as a line break)."""
    return "<br>".join(wrap_lines(text, width, max_lines))


def nan_to_none(values: Iterable[float | None]) -> list[float | None]:
    return [None if v is None or math.isnan(float(v)) else float(v) for v in values]


def type_label(kind: KansType | str, lang: str) -> str:
    return t(f"chart.type.{KansType(kind).value}", lang)


def criterion_label(c: Criterion, lang: str) -> str:
    return c.label.get(lang)


def kans_tick(rank: int | None, name: str) -> str:
    """A koppelkans on an axis: ``3. Name`` over at most two lines."""
    prefix = f"{rank}. " if rank is not None else ""
    return wrap(prefix + str(name), 30, 2)


def hover_template(*lines: str) -> str:
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


def frame(
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
    subtitle, which :func:`finish` needs to place the legend.
    """
    title_lines = wrap_lines(title, 56, 2)
    sub_lines = wrap_lines(subtitle, TEXT_WIDTH, 3) if subtitle else []
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


def finish(fig: go.Figure, head: int, body: int, *, bottom: int = 20, notes: Sequence[str] = ()) -> None:
    """Set the margins and the height in pixels; notes go under the plot.

    ``head`` comes from :func:`frame`, ``body`` is the height of the plot area and
    ``bottom`` the room under it for tick labels and the axis title; the notes
    start below that.
    """
    lines = [line for note in notes if note for line in wrap_lines(note, TEXT_WIDTH, 4)]
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


def names_list(names: Sequence[str], limit: int = 6) -> str:
    shown = [shorten(n, 40) for n in names[:limit]]
    if len(names) > limit:
        shown.append(f"… (+{len(names) - limit})")
    return ", ".join(shown)


def kans_order(ranking: Ranking) -> tuple[list[str], list[int | None], list[float]]:
    """Ids, ranks (None when unscored) and scores in rank order."""
    table = ranking.table
    ids = [str(i) for i in table["id"]]
    scores = [float(s) for s in table["score"]]
    ranks = [None if math.isnan(s) else int(r) for r, s in zip(table["rank"], scores, strict=True)]
    return ids, ranks, scores


def ranked_criteria(w: Workshop, ranking: Ranking, lang: str) -> tuple[list[Criterion], list[str]]:
    """The criteria in the ranking's column order, and their labels in ``lang``."""
    criteria = [w.criterion(cid) for cid in ranking.criterion_ids]
    return criteria, [criterion_label(c, lang) for c in criteria]


def is_additive(ranking: Ranking) -> bool:
    """Whether the score is a sum of per-criterion parts (so a stacked bar adds up to it)."""
    return ranking.method_entry.additive


def center_key(ranking: Ranking) -> str:
    return "chart.center.median" if ranking.aggregation == "median" else "chart.center.mean"


def category_axis(fig: go.Figure, ids: Sequence[str], ticktext: Sequence[str]) -> None:
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


def labelled_bars(
    ids: Sequence[str],
    values: Sequence[float],
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    hover_label: str,
    marker: dict,
    **bar: object,
) -> go.Bar:
    """Horizontal bars with their value written after them (so they read in black and
    white) and, on hover, the full label and the value; ``bar`` goes to :class:`go.Bar`."""
    return go.Bar(
        orientation="h",
        y=list(ids),
        x=list(values),
        text=list(texts),
        textposition="outside",
        cliponaxis=False,
        marker={"line": {"width": 0}, **marker},
        customdata=[[label, text] for label, text in zip(labels, texts, strict=True)],
        hovertemplate=hover_template("%{customdata[0]}", hover_label + ": %{customdata[1]}"),
        **bar,
    )
