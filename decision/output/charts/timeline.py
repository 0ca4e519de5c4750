"""The timeline: when the linked projects start, and which start at the natural moment (Koppelkansen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from decision.domain.model import DEFAULT_MOMENT_WINDOW, Koppelkans, LinkedProject
from decision.domain.moment import DAYS_PER_YEAR, NaturalMoment, classify, start_date
from decision.text.formatting import month_year, months_range, number
from decision.text.i18n import t

from ._layout import category_axis, finish, frame, hover_template, names_list, shorten, wrap
from ._style import NOTE_SIZE, PALETTE, user_text_as_text

DEFAULT_DURATION_YEARS = 1.0  # the bar's length when the duration is not known

# How each class is drawn: the natural moment strong (and starred), too late in
# vermillion with a hatch, later muted; colour is never the only sign.
MOMENT_STYLE = {
    NaturalMoment.NOW: {"color": PALETTE["vermillion"], "pattern": "x", "text": PALETTE["vermillion"]},
    NaturalMoment.WINDOW: {"color": PALETTE["blue"], "pattern": "", "text": PALETTE["text"]},
    NaturalMoment.LATER: {"color": PALETTE["muted"], "pattern": "", "text": PALETTE["grey"]},
}


def decimal_year(day: dt.date) -> float:
    """A date as a position on the year axis: 1 July 2028 is 2028.496."""
    first = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - first).days
    return day.year + (day - first).days / length


def years_after(today: dt.date, years: float) -> dt.date:
    """The day ``years`` after ``today``, counted as :func:`decision.domain.moment.years_until` counts."""
    return today + dt.timedelta(days=round(years * DAYS_PER_YEAR))


def moment_label(moment: NaturalMoment | None, lang: str = "nl") -> str:
    """The class as a reader sees it; an unknown start year says so."""
    return t("moment.unknown" if moment is None else f"moment.{moment.value}", lang)


def timeline_table(
    kansen: Sequence[Koppelkans],
    *,
    today: dt.date,
    window: tuple[float, float] = DEFAULT_MOMENT_WINDOW,
    lang: str = "nl",
) -> pd.DataFrame:
    """The timeline as a table, for who cannot read the chart: per koppelkans its works,
    their start year and its natural-moment class, in the chart's order (earliest first,
    the ones without a start year last)."""
    ordered = sorted(kansen, key=lambda k: (k.project is None or k.project.start_year is None, _year(k) or 0))
    return pd.DataFrame(
        {
            t("chart.timeline.col_id", lang): [k.id for k in ordered],
            t("chart.timeline.col_name", lang): [k.name for k in ordered],
            t("chart.timeline.col_project", lang): [k.project.name if k.project else "" for k in ordered],
            t("chart.timeline.col_start", lang): pd.array([_year(k) for k in ordered], dtype="Int64"),
            t("chart.timeline.col_moment", lang): [
                moment_label(classify(k, today, window), lang) for k in ordered
            ],
        }
    )


def _year(k: Koppelkans) -> int | None:
    return None if k.project is None else k.project.start_year


@user_text_as_text
def timeline(
    kansen: Sequence[Koppelkans],
    *,
    today: dt.date,
    window: tuple[float, float] = DEFAULT_MOMENT_WINDOW,
    lang: str = "nl",
) -> go.Figure:
    """The planned works per koppelkans as bars over the years.

    A bar runs from the day its start year counts as (1 July, see
    :mod:`decision.domain.moment`) for the middle of its duration range (one year
    when unknown). The shaded band is the window: from ``window[0]`` to
    ``window[1]`` years after ``today``. Works at the natural moment are drawn
    strong and starred; works too late to link in are hatched; later ones are grey.
    Koppelkansen without a start year are left out and named in a note under the chart.
    The mijlpalen of a worked-out koppelkans's fiche are diamonds on its row, at their date.
    """
    low, high = window
    band_start, band_end = years_after(today, low), years_after(today, high)
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
        moment = classify(k, today, window)
        return {
            "id": k.id,
            "moment": moment,
            "start": decimal_year(start_date(start)),
            "length": float(years(k)),
            "project": project.name,
            "custom": [k.name, project.name, str(start), duration, moment_label(moment, lang)],
        }

    rows = [row(*entry) for entry in dated]
    by_moment = {m: [r for r in rows if r["moment"] is m] for m in NaturalMoment}
    hover = hover_template(
        "%{customdata[0]}",
        t("chart.hover.project", lang) + ": %{customdata[1]}",
        t("chart.hover.start", lang) + ": %{customdata[2]}",
        t("chart.hover.duration", lang) + ": %{customdata[3]}",
        "%{customdata[4]}",
    )
    labels = {m: moment_label(m, lang) for m in NaturalMoment}

    def bars(moment: NaturalMoment) -> go.Bar:
        chosen = by_moment[moment]
        style = MOMENT_STYLE[moment]
        strong = moment is NaturalMoment.WINDOW
        return go.Bar(
            orientation="h",
            y=[r["id"] for r in chosen],
            x=[r["length"] for r in chosen],
            base=[r["start"] for r in chosen],
            text=[shorten(r["project"], 36) for r in chosen],
            textposition="outside",
            cliponaxis=False,
            textfont={"size": NOTE_SIZE, "color": style["text"]},
            marker={
                "color": style["color"],
                "pattern": {"shape": style["pattern"], "fgcolor": "white"} if style["pattern"] else None,
                "line": {
                    "color": PALETTE["text"] if strong else style["color"],
                    "width": 1.5 if strong else 0,
                },
            },
            customdata=[r["custom"] for r in chosen],
            hovertemplate=hover,
            name=labels[moment],
            legendgroup=moment.value,
            # the natural moment's legend entry is its star, drawn below
            showlegend=not strong,
        )

    fig = go.Figure()
    for moment in (NaturalMoment.NOW, NaturalMoment.LATER, NaturalMoment.WINDOW):
        fig.add_trace(bars(moment))
    inside = by_moment[NaturalMoment.WINDOW]
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
            name=labels[NaturalMoment.WINDOW],
            legendgroup=NaturalMoment.WINDOW.value,
            cliponaxis=False,
        )
    )
    milestones = [
        (k, m) for k, _, _ in dated for m in sorted(k.fiche.milestones, key=lambda m: (m.date, m.name))
    ]
    if milestones:
        # only with milestones, so a chart of an inventory keeps its traces as they were
        fig.add_trace(
            go.Scatter(
                mode="markers",
                y=[k.id for k, _ in milestones],
                x=[decimal_year(m.date) for _, m in milestones],
                marker={
                    "symbol": "diamond",
                    "size": 12,
                    "color": PALETTE["text"],
                    "line": {"color": "white", "width": 1},
                },
                customdata=[[k.name, m.name, m.date.isoformat()] for k, m in milestones],
                hovertemplate=hover_template(
                    "%{customdata[0]}",
                    t("chart.timeline.milestone", lang) + ": %{customdata[1]}",
                    "%{customdata[2]}",
                ),
                name=t("chart.timeline.milestones", lang),
                cliponaxis=False,
            )
        )
    x0, x1 = decimal_year(band_start), decimal_year(band_end)
    fig.add_vrect(x0=x0, x1=x1, fillcolor=PALETTE["band"], opacity=0.2, line_width=0, layer="below")
    now = decimal_year(today)
    fig.add_vline(x=now, line={"color": PALETTE["grey"], "width": 1.5, "dash": "dot"}, layer="below")
    head = frame(
        fig,
        lang,
        t("chart.timeline.title", lang),
        subtitle=t(
            "chart.timeline.window_subtitle",
            lang,
            low=number(low, lang, 0 if float(low).is_integer() else 1),
            high=number(high, lang, 0 if float(high).is_integer() else 1),
            start=month_year(band_start, lang),
            end=month_year(band_end, lang),
        ),
        legend=[labels[NaturalMoment.NOW], labels[NaturalMoment.LATER], labels[NaturalMoment.WINDOW]]
        + ([t("chart.timeline.milestones", lang)] if milestones else []),
    )
    # an empty slot above the first bar holds the labels of the shaded band and of today
    for x, key, color in (
        (x0, "chart.timeline.band", PALETTE["blue"]),
        (now, "chart.timeline.today", PALETTE["grey"]),
    ):
        fig.add_annotation(
            x=x,
            xref="x",
            y=-0.9,
            yref="y",
            xanchor="left" if key == "chart.timeline.band" else "right",
            yanchor="middle",
            text=t(key, lang),
            showarrow=False,
            font={"size": NOTE_SIZE, "color": color},
        )
    fig.update_layout(barmode="overlay", bargap=0.35)
    marks = [decimal_year(m.date) for _, m in milestones]
    starts = [r["start"] for r in rows] + marks
    ends = [r["start"] + r["length"] for r in rows] + marks
    lo = int(min([now, *starts]))
    hi = max([x1, *ends])
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
