"""The timeline: when the linked projects start, and which fall in the coming years (Koppelkansen)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from decision.domain.explain import starts_within
from decision.domain.model import Koppelkans, LinkedProject
from decision.text.formatting import months_range
from decision.text.i18n import t

from ._layout import category_axis, finish, frame, hover_template, names_list, shorten, wrap
from ._style import NOTE_SIZE, PALETTE, user_text_as_text

DEFAULT_DURATION_YEARS = 1.0  # the bar's length when the duration is not known


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
    # (koppelkans, its project, the project's start year), earliest start first, ties in input order
    dated = sorted(
        (
            (k, k.project, k.project.start_year)
            for k in kansen
            if k.project is not None and k.project.start_year is not None
        ),
        key=lambda entry: entry[2],
    )
    undated = [k for k in kansen if k.project is None or k.project.start_year is None]

    def years(k: Koppelkans) -> float:
        return k.duration_months.mid / 12 if k.duration_months is not None else DEFAULT_DURATION_YEARS

    def row(k: Koppelkans, project: LinkedProject, start: int) -> dict:
        if k.duration_months is not None:
            duration = months_range(k.duration_months, lang)
        else:
            duration = t("chart.timeline.duration_assumed", lang)
        return {
            "id": k.id,
            "start": float(start),
            "length": float(years(k)),
            "project": project.name,
            "custom": [k.name, project.name, str(start), duration],
        }

    inside = [row(*entry) for entry in dated if starts_within(entry[0], current_year, horizon)]
    outside = [row(*entry) for entry in dated if not starts_within(entry[0], current_year, horizon)]
    hover = hover_template(
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
            text=[shorten(r["project"], 36) for r in rows],
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
    head = frame(
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
    starts = [start for _, _, start in dated]
    ends = [start + years(k) for k, _, start in dated]
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
    ids = [k.id for k, _, _ in dated]
    category_axis(fig, ids, [wrap(k.name, 30, 2) for k, _, _ in dated])
    fig.update_yaxes(autorange=None, range=[len(ids) - 0.5, -1.5])
    notes = []
    if not dated:
        notes.append(t("chart.timeline.empty", lang))
    if undated:
        notes.append(
            t("chart.timeline.no_start", lang, n=len(undated), names=names_list([k.name for k in undated]))
        )
    finish(fig, head, 56 * (len(ids) + 1), bottom=80, notes=notes)
    return fig
