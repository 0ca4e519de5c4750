"""The Perspectieven matrix: each stakeholder group's own ranking of the koppelkansen, side by side.

:func:`perspectives_matrix` draws koppelkansen (rows) × groups (columns) with the group's
place in every cell, coloured by the third of that group's ranking it falls in (green the
top third, amber the middle, red the bottom), a column that marks the win-wins, and
:data:`ATTENTION_MARK` where the group scores a support criterion low. The place is the
cell's text, so the colour never carries the meaning alone. :func:`perspectives_table` is
the same as text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go

from decision.domain.model import Workshop
from decision.domain.perspectives import Attention, Perspectives, rank_third
from decision.text.i18n import t

from ._layout import category_axis, finish, frame, hover_template, kans_tick, rows_too_low, shorten
from ._style import FONT_SIZE, NOTE_SIZE, PALETTE, plotly_text, user_text_as_text
from .alternatives import EMPTY, ChartTable

# Okabe–Ito green, orange and vermillion: a traffic light that stays apart for colour-blind
# readers, each dark enough behind black text.
THIRD_COLORS = (PALETTE["green"], PALETTE["orange"], PALETTE["vermillion"])
THIRD_KEYS = (
    "chart.perspectives.third_top",
    "chart.perspectives.third_middle",
    "chart.perspectives.third_bottom",
)
ATTENTION_MARK = "!"
WIN_WIN_MARK = "✓"
WIN_WIN_COLUMN = "__win_win__"  # the x category of the win-win column (no group has this id)


def _colorscale() -> list[list[object]]:
    """Three flat bands over z = 0, 1, 2."""
    scale: list[list[object]] = []
    for i, colour in enumerate(THIRD_COLORS):
        scale += [[i / 3, colour], [(i + 1) / 3, colour]]
    return scale


def _group_label(w: Workshop, gid: str, lang: str) -> str:
    group = w.group(gid)
    return group.label.get(lang) if group is not None else gid


def _cell(view: Perspectives, kid: str, gid: str) -> int | None:
    value = view.ranks.loc[kid, gid]
    return None if math.isnan(float(value)) else int(value)


def _flagged(flags: Sequence[Attention]) -> set[tuple[str, str]]:
    return {(f.kans_id, f.group_id) for f in flags}


def _short(label: str, width: int) -> str:
    """A group name for a column head: "Bewoners (huurders, …)" reads as "Bewoners" when too long."""
    if len(label) > width and " (" in label:
        label = label.split(" (", 1)[0]
    return shorten(label, width)


@user_text_as_text
def perspectives_matrix(
    w: Workshop,
    view: Perspectives,
    flags: Sequence[Attention] = (),
    lang: str = "nl",
    *,
    order: Sequence[str] | None = None,
    narrow: bool = False,
    height: int | None = None,
) -> go.Figure:
    """Koppelkansen (in ``order``, by default the workshop's) × groups, the place in each cell."""
    ids = [kid for kid in (order or w.kans_ids) if kid in view.ranks.index]
    names = {k.id: k.name for k in w.kansen}
    win = set(view.win_win)
    marked = _flagged(flags)
    counts = {gid: int(view.ranks[gid].notna().sum()) for gid in view.group_ids}
    # the group labels are the team's text too, and the wrapper does not know them
    labels = [plotly_text(_group_label(w, gid, lang)) for gid in view.group_ids]
    thirds = [t(key, lang) for key in THIRD_KEYS]
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    custom: list[list[list[str]]] = []
    for kid in ids:
        z_row: list[float | None] = []
        text_row: list[str] = []
        custom_row: list[list[str]] = []
        for gid, label in zip(view.group_ids, labels, strict=True):
            rank = _cell(view, kid, gid)
            if rank is None:
                z_row.append(None)
                text_row.append(EMPTY)
                custom_row.append([names[kid], label, EMPTY, ""])
                continue
            third = rank_third(rank, counts[gid])
            attention = (kid, gid) in marked
            z_row.append(float(third))
            text_row.append(f"{rank} {ATTENTION_MARK}" if attention else str(rank))
            note = t("chart.perspectives.attention", lang) if attention else ""
            custom_row.append([names[kid], label, f"{rank} ({thirds[third]})", note])
        z_row.append(None)
        text_row.append(WIN_WIN_MARK if kid in win else "")
        custom_row.append([names[kid], t("chart.perspectives.win_win", lang), "", ""])
        z.append(z_row)
        text.append(text_row)
        custom.append(custom_row)
    x = [*view.group_ids, WIN_WIN_COLUMN]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=ids,
            text=text,
            texttemplate="%{text}",
            textfont={"size": NOTE_SIZE - 2 if narrow else FONT_SIZE, "color": PALETTE["text"]},
            colorscale=_colorscale(),
            zmin=-0.5,
            zmax=2.5,
            showscale=False,
            xgap=3,
            ygap=3,
            hoverongaps=False,
            customdata=custom,
            hovertemplate=hover_template(
                "%{customdata[0]}", "%{customdata[1]}", "%{customdata[2]}", "%{customdata[3]}"
            ),
        )
    )
    # slanted, one line each: level they would not fit above a column, and plotly would
    # otherwise stand them upright into the title on its own
    column, angle = (16, -60) if narrow else (24, -35)
    head = frame(
        fig,
        lang,
        t("chart.perspectives.title", lang),
        subtitle=t("chart.perspectives.subtitle", lang),
        top_extra=int(column * (7 if narrow else 8) * abs(math.sin(math.radians(angle)))) + 20,
        narrow=narrow,
        projector=height is not None,
    )
    fig.update_layout(plot_bgcolor="#FFFFFF")
    fig.update_xaxes(
        side="top",
        tickmode="array",
        tickvals=x,
        ticktext=[_short(label, column) for label in (*labels, t("chart.perspectives.win_win", lang))],
        ticks="",
        showline=False,
        tickangle=angle,
        tickfont={"size": NOTE_SIZE - 4 if narrow else NOTE_SIZE},
    )
    rows, bottom = max(len(ids), 1), 40
    one_line = rows_too_low(fig, height, bottom, rows)
    category_axis(fig, ids, [kans_tick(None, f"{kid} {names[kid]}", narrow, one_line) for kid in ids])
    legend = t(
        "chart.perspectives.legend",
        lang,
        top=thirds[0],
        middle=thirds[1],
        bottom=thirds[2],
        mark=ATTENTION_MARK,
        win=WIN_WIN_MARK,
    )
    finish(
        fig,
        head,
        (30 if narrow else 30 if one_line else 48) * rows,  # two-line names need the room
        bottom=bottom,
        notes=[legend],
        narrow=narrow,
        height=height,
        min_body=200,
    )
    return fig


def perspectives_table(
    w: Workshop,
    view: Perspectives,
    flags: Sequence[Attention] = (),
    lang: str = "nl",
    *,
    order: Sequence[str] | None = None,
) -> ChartTable:
    """The matrix as text: per koppelkans its id and name, each group's place (with
    :data:`ATTENTION_MARK` for a "let op"), and whether it is a win-win."""
    ids = [kid for kid in (order or w.kans_ids) if kid in view.ranks.index]
    names = {k.id: k.name for k in w.kansen}
    win = set(view.win_win)
    marked = _flagged(flags)
    rows = []
    for kid in ids:
        cells = [kid, names[kid]]
        for gid in view.group_ids:
            rank = _cell(view, kid, gid)
            if rank is None:
                cells.append(EMPTY)
            else:
                cells.append(f"{rank} {ATTENTION_MARK}" if (kid, gid) in marked else str(rank))
        cells.append(t("value.yes" if kid in win else "value.no", lang))
        rows.append(tuple(cells))
    columns = (
        t("alt.id", lang),
        t("alt.kans", lang),
        *(_group_label(w, gid, lang) for gid in view.group_ids),
        t("chart.perspectives.win_win", lang),
    )
    return ChartTable(columns, tuple(rows))
