"""The frame of every chart: title, subtitle and legend above the plot, notes below, in pixels.

Plotly places titles and legends in fractions of the figure's height, so a long
title or a legend of three rows runs into the plot. :func:`frame` and
:func:`finish` lay the block above the plot out in pixels and then set the
figure's height, so title, subtitle, legend, plot and notes never overlap,
whatever the language or the number of koppelkansen. The smaller helpers here
(wrapping, hover templates, the category axis) are shared by several charts.

Two things change with the screen a chart is shown on, and every builder takes
them as keywords:

- ``narrow=True``: a phone (about 360 px for the chart). Titles, subtitles and
  legends wrap at fewer characters, type is smaller, margins are thin, names on
  an axis wrap over more lines (:data:`NARROW`, against :data:`WIDE`).
- ``height=<pixels>``: the whole figure is that tall, so it fits a projector's
  screen without scrolling; the plot area takes what title, legend and notes
  leave, but never less than the builder's minimum (then the figure is taller).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import plotly.graph_objects as go
import plotly.io as pio

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


@dataclass(frozen=True)
class Room:
    """The sizes a chart is laid out with, for one kind of screen."""

    title_width: int  # characters per line of the title
    title_size: int
    title_line: int  # pixels per line of the title
    text_width: int  # characters per line of a subtitle or a note
    subtitle_line: int
    note_line: int
    legend_width: int  # pixels a legend is laid out in when estimating its rows
    legend_char: int  # pixels per character of a legend label
    legend_row: int
    font_size: int
    note_size: int
    tick_width: int  # characters per line of a koppelkans's name on an axis
    tick_lines: int
    margin_l: int
    margin_r: int


WIDE = Room(
    title_width=56, title_size=TITLE_SIZE, title_line=TITLE_LINE, text_width=TEXT_WIDTH,
    subtitle_line=SUBTITLE_LINE, note_line=NOTE_LINE, legend_width=LEGEND_WIDTH, legend_char=9,
    legend_row=LEGEND_ROW, font_size=FONT_SIZE, note_size=NOTE_SIZE, tick_width=30, tick_lines=2,
    margin_l=20, margin_r=30,
)  # fmt: skip
# A phone of 390 px leaves about 360 px for a chart.
NARROW = Room(
    title_width=28, title_size=19, title_line=25, text_width=42, subtitle_line=18, note_line=18,
    legend_width=340, legend_char=7, legend_row=24, font_size=13, note_size=13, tick_width=14,
    tick_lines=3, margin_l=4, margin_r=12,
)  # fmt: skip


# A projector's figure is as wide as the screen: subtitles and notes take longer lines.
PROJECTOR = replace(WIDE, title_width=80, text_width=120)


def room(narrow: bool, projector: bool = False) -> Room:
    return NARROW if narrow else PROJECTOR if projector else WIDE


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


def kans_tick(rank: int | None, name: str, narrow: bool = False, one_line: bool = False) -> str:
    """A koppelkans on an axis: ``3. Name`` over at most two lines (three, narrower, on a
    phone), or shortened to one line where its row has no room for more."""
    prefix = f"{rank}. " if rank is not None else ""
    sizes = room(narrow)
    if one_line:
        return shorten(prefix + str(name), NAME_WIDTH)
    return wrap(prefix + str(name), sizes.tick_width, sizes.tick_lines)


TWO_LINE_ROW = 44  # pixels a row needs for a name over two lines


def rows_too_low(fig: go.Figure, height: int | None, bottom: int, rows: int) -> bool:
    """Whether, in a figure ``height`` tall, a row of the plot gets too few pixels for a
    name over two lines (so the names go on one line); never without a height."""
    if height is None:
        return False
    return (height - fig.layout.margin.t - bottom - 10) / max(rows, 1) < TWO_LINE_ROW


def hover_template(*lines: str) -> str:
    return "<br>".join(lines) + "<extra></extra>"


def _legend_rows(labels: Sequence[str], sizes: Room = WIDE) -> int:
    """How many rows a horizontal legend with these labels takes at the reference width."""
    rows, used = 0, sizes.legend_width
    for label in labels:
        need = 48 + sizes.legend_char * len(label)
        if used + need > sizes.legend_width:
            rows, used = rows + 1, 0
        used += need
    return rows


def _title_shift(lines: int, sizes: Room = WIDE) -> int:
    """Plotly centres a title of several lines on its anchor: move it down by this much."""
    return (lines - 1) * sizes.title_line // 2


# The trace types our charts draw; the template's defaults for the others are left out.
TRACE_TYPES = ("bar", "scatter", "heatmap", "scatterpolar")


@functools.cache
def base_template() -> go.layout.Template:
    """Plotly's "simple_white", with the defaults of only the trace types we draw.

    Naming the template makes plotly copy and check all of it (some twenty trace types)
    for every figure: half of the time it took to build one, and 8 kB more of every
    chart sent to the browser. The same look for what we draw, made once.
    """
    white = pio.templates["simple_white"]
    return go.layout.Template(layout=white.layout, data={kind: white.data[kind] for kind in TRACE_TYPES})


def frame(
    fig: go.Figure,
    lang: str,
    title: str,
    *,
    subtitle: str = "",
    legend: Sequence[str] = (),
    top_extra: int = 0,
    narrow: bool = False,
    projector: bool = False,
) -> int:
    """Fonts, colours and the block above the plot: title, subtitle, legend.

    The block is laid out in pixels from the top of the figure, so title,
    subtitle and legend do not overlap; returns the height of title and
    subtitle, which :func:`finish` needs to place the legend. ``narrow`` lays
    it out for a phone (:data:`NARROW`), ``projector`` for a whole screen (:data:`PROJECTOR`).
    """
    sizes = room(narrow, projector)
    title_lines = wrap_lines(title, sizes.title_width, 3 if narrow else 2)
    sub_lines = wrap_lines(subtitle, sizes.text_width, 4 if narrow else 3) if subtitle else []
    head = (
        PAD
        + _title_shift(len(title_lines), sizes)
        + sizes.title_line * len(title_lines)
        + (sizes.subtitle_line * len(sub_lines) + 6 if sub_lines else 0)
    )
    rows = _legend_rows(legend, sizes)
    top = head + (8 + sizes.legend_row * rows if rows else 0) + 16 + top_extra
    title_spec: dict = {
        "text": "<br>".join(title_lines),
        "x": 0,
        "xanchor": "left",
        "xref": "container",
        "yref": "container",
        "yanchor": "top",
        "pad": {"l": 4 if narrow else 16},
        "font": {"size": sizes.title_size, "color": PALETTE["text"]},
    }
    if sub_lines:
        title_spec["subtitle"] = {
            "text": "<br>".join(sub_lines),
            "font": {"size": sizes.note_size, "color": PALETTE["grey"]},
        }
    fig.update_layout(
        template=base_template(),
        separators=separators(lang),
        font={"family": FONT_FAMILY, "size": sizes.font_size, "color": PALETTE["text"]},
        # the width follows the screen; the height is laid out here, in pixels
        autosize=True,
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
            "font": {"size": sizes.note_size},
            "itemsizing": "constant",
            "bgcolor": "rgba(0,0,0,0)",
        },
        margin={"l": sizes.margin_l, "r": sizes.margin_r, "t": top, "b": 20},
    )
    fig.update_xaxes(showgrid=False, zeroline=False, automargin=True)
    fig.update_yaxes(showgrid=False, zeroline=False, automargin=True)
    return head


def finish(
    fig: go.Figure,
    head: int,
    body: int,
    *,
    bottom: int = 20,
    notes: Sequence[str] = (),
    narrow: bool = False,
    height: int | None = None,
    min_body: int = 0,
) -> None:
    """Set the margins and the height in pixels; notes go under the plot.

    ``head`` comes from :func:`frame`, ``body`` is the height of the plot area and
    ``bottom`` the room under it for tick labels and the axis title; the notes
    start below that. With ``height`` the figure takes that many pixels and the
    plot area what is left, but never less than ``min_body`` (nor than 60 px).
    """
    sizes = room(narrow, projector=height is not None)
    most = 6 if narrow else 4
    lines = [line for note in notes if note for line in wrap_lines(note, sizes.text_width, most)]
    note_h = sizes.note_line * len(lines) + 10 if lines else 0
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
            font={"size": sizes.note_size, "color": PALETTE["grey"]},
        )
    top = fig.layout.margin.t
    if height is not None:
        body = max(min_body, 60, height - (top + bottom + note_h + 10))
    total = top + body + bottom + note_h + 10
    title_lines = fig.layout.title.text.count("<br>") + 1
    fig.update_layout(
        height=total,
        margin={"b": bottom + note_h + 10},
        title={"y": 1 - (PAD + _title_shift(title_lines, sizes)) / total},
        legend={"y": 1 - (head + 8) / total},
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
