"""Packages of koppelkansen (Pakketten): the workload per year, the relations, the core index.

- :func:`workload_chart`: per year, how many members of each package run (bars per package,
  with the cap per year as a line);
- :func:`relations_chart`: koppelkansen × koppelkansen, one symbol per relation kind in its
  cell (voorwaarde reads "the row needs the column");
- :func:`core_index_chart`: per koppelkans, the share of scenarios in which it is in the best
  package.

Each has a text alternative (:func:`workload_table`, :func:`relations_table`,
:func:`core_index_table`) as :mod:`.alternatives` has for the other charts.
"""

from __future__ import annotations

from types import MappingProxyType

import plotly.graph_objects as go

from decision.domain.model import Relation, RelationKind, Workshop
from decision.domain.packages import PackageAnalysis
from decision.text.formatting import decimal, percent
from decision.text.i18n import t

from ._layout import category_axis, finish, frame, hover_template, labelled_bars, wrap
from ._style import CRITERION_PATTERNS, NOTE_SIZE, PALETTE, SERIES, plotly_text, user_text_as_text
from .alternatives import EMPTY, ChartTable

# Per relation kind a colour, a marker symbol and a sign, so no kind rests on colour alone
# (Okabe–Ito; the symbols stay apart in black and white and on a projector).
RELATION_STYLE = MappingProxyType(
    {
        RelationKind.REQUIRES: MappingProxyType(
            {"color": PALETTE["blue"], "symbol": "triangle-right", "sign": "→"}
        ),
        RelationKind.STRENGTHENS: MappingProxyType(
            {"color": PALETTE["green"], "symbol": "circle", "sign": "+"}
        ),
        RelationKind.SAME_WORKS: MappingProxyType({"color": PALETTE["sky"], "symbol": "square", "sign": "="}),
        RelationKind.COMPETES: MappingProxyType(
            {"color": PALETTE["orange"], "symbol": "diamond", "sign": "−"}
        ),
        RelationKind.EXCLUDES: MappingProxyType({"color": PALETTE["vermillion"], "symbol": "x", "sign": "×"}),
    }
)


def relation_label(kind: RelationKind, lang: str = "nl") -> str:
    return t(f"chart.packages.kind.{kind.value}", lang)


def _years(analysis: PackageAnalysis) -> list[int]:
    return sorted({y for v in analysis.packages for y in v.workload})


# -- workload per year ---------------------------------------------------------------------
@user_text_as_text
def workload_chart(
    analysis: PackageAnalysis,
    w: Workshop,
    lang: str = "nl",
    *,
    narrow: bool = False,
    height: int | None = None,
) -> go.Figure:
    """Per year, the members of each package that run in it: one bar per package per year.

    Each package has its own colour and fill pattern and every bar its number, so the
    chart reads in black and white; the cap per year (``w.package.per_year``) is a dashed
    line. Members without a start year are in no year and named in a note.
    """
    years = _years(analysis)
    fig = go.Figure()
    names = []
    for i, view in enumerate(analysis.packages):
        name = t("chart.packages.package", lang, letter=view.letter)
        names.append(name)
        counts = [view.workload.get(y, 0) for y in years]
        fig.add_trace(
            go.Bar(
                x=[str(y) for y in years],
                y=counts,
                name=name,
                text=[str(n) if n else "" for n in counts],
                textposition="outside",
                cliponaxis=False,
                marker={
                    "color": SERIES[i % len(SERIES)],
                    "pattern": {"shape": CRITERION_PATTERNS[i % len(CRITERION_PATTERNS)], "fgcolor": "white"},
                    "line": {"width": 0},
                },
                customdata=[[name, str(y), str(n)] for y, n in zip(years, counts, strict=True)],
                hovertemplate=hover_template(
                    "%{customdata[0]}",
                    t("chart.packages.year", lang) + ": %{customdata[1]}",
                    t("chart.packages.running", lang) + ": %{customdata[2]}",
                ),
            )
        )
    cap = w.package.per_year
    if cap is not None and years:
        fig.add_hline(y=cap, line={"color": PALETTE["grey"], "width": 2, "dash": "dash"}, layer="above")
        fig.add_annotation(
            x=1,
            xref="paper",
            y=cap,
            yref="y",
            xanchor="right",
            yanchor="bottom",
            text=t("chart.packages.cap", lang, cap=cap),
            showarrow=False,
            font={"size": NOTE_SIZE, "color": PALETTE["grey"]},
        )
    head = frame(
        fig,
        lang,
        t("chart.packages.workload.title", lang),
        subtitle=t("chart.packages.workload.subtitle", lang),
        legend=names,
        narrow=narrow,
        projector=height is not None,
    )
    most = max([cap or 0, *(n for v in analysis.packages for n in v.workload.values())], default=1)
    fig.update_yaxes(range=[0, most + 1], dtick=1, title_text=t("chart.packages.running", lang))
    fig.update_xaxes(type="category", title_text=t("chart.packages.year", lang))
    fig.update_layout(barmode="group", bargap=0.25)
    undated = sorted({kid for v in analysis.packages for kid in v.no_start})
    notes = [t("chart.packages.workload.no_start", lang, ids=", ".join(undated))] if undated else []
    if not years:
        notes.append(t("chart.packages.workload.empty", lang))
    finish(fig, head, 360, bottom=80, notes=notes, narrow=narrow, height=height, min_body=200)
    return fig


def workload_table(analysis: PackageAnalysis, w: Workshop, lang: str = "nl") -> ChartTable:
    """Per year, the members running in it per package (as :func:`workload_chart`)."""
    years = _years(analysis)
    columns = (
        t("chart.packages.year", lang),
        *(t("chart.packages.package", lang, letter=v.letter) for v in analysis.packages),
    )
    rows = tuple((str(y), *(str(v.workload.get(y, 0)) for v in analysis.packages)) for y in years)
    return ChartTable(columns, rows)


# -- the relations matrix ------------------------------------------------------------------
def _cells(w: Workshop) -> list[tuple[str, str, Relation]]:
    """(row, column, relation) per drawn cell: a voorwaarde in the needing row only, the
    others, which read the same either way, in both cells."""
    known = set(w.kans_ids)
    out = []
    for r in w.relations:
        if r.source not in known or r.target not in known or r.source == r.target:
            continue
        out.append((r.source, r.target, r))
        if not r.kind.directed:
            out.append((r.target, r.source, r))
    return out


@user_text_as_text
def relations_chart(
    w: Workshop, lang: str = "nl", *, narrow: bool = False, height: int | None = None
) -> go.Figure:
    """Koppelkansen × koppelkansen with a symbol per relation in its cell.

    A row reads "this koppelkans … the column": a voorwaarde (→) is drawn in the row of the
    one that needs the other; the other kinds in both cells. Kind is shown by colour, by a
    marker symbol and by the sign written in the cell, large enough for a projector.
    """
    ids = list(w.kans_ids)
    position = {kid: i for i, kid in enumerate(ids)}
    cells = _cells(w)
    fig = go.Figure()
    legend = []
    for kind in RelationKind:
        chosen = [(a, b, r) for a, b, r in cells if r.kind is kind]
        style = RELATION_STYLE[kind]
        label = relation_label(kind, lang)
        legend.append(f"{style['sign']} {label}")
        fig.add_trace(
            go.Scatter(
                x=[position[b] for _, b, _ in chosen],
                y=[position[a] for a, _, _ in chosen],
                # On a phone a cell is about 16 px wide: the sign beside the marker would run
                # into the next cell (and off the chart at the last column), so there the
                # symbol and its colour say the kind, as the legend beside each sign shows.
                mode="markers" if narrow else "markers+text",
                text=[style["sign"] for _ in chosen],
                textposition="middle right",
                textfont={"size": NOTE_SIZE + 4, "color": style["color"]},
                marker={
                    "symbol": style["symbol"],
                    "size": 13 if narrow else 22,
                    "color": style["color"],
                    "line": {"width": 1.5, "color": PALETTE["text"]},
                },
                name=f"{style['sign']} {label}",
                customdata=[
                    [
                        plotly_text(a),
                        plotly_text(b),
                        label,
                        _points_text(r, lang),
                        plotly_text(r.note) or EMPTY,
                    ]
                    for a, b, r in chosen
                ],
                hovertemplate=hover_template(
                    "%{customdata[0]} · %{customdata[1]}",
                    "%{customdata[2]} %{customdata[3]}",
                    "%{customdata[4]}",
                ),
                cliponaxis=False,
            )
        )
    head = frame(
        fig,
        lang,
        t("chart.packages.relations.title", lang),
        subtitle=t("chart.packages.relations.subtitle", lang),
        legend=legend,
        narrow=narrow,
        projector=height is not None,
    )
    # the diagonal and the cell borders, so a projector shows which cell is which
    n = len(ids)
    for i in range(n + 1):
        for axis in ("x", "y"):
            line = {"color": PALETTE["missing"], "width": 1}
            if axis == "x":
                fig.add_shape(
                    type="line", x0=i - 0.5, x1=i - 0.5, y0=-0.5, y1=n - 0.5, line=line, layer="below"
                )
            else:
                fig.add_shape(
                    type="line", y0=i - 0.5, y1=i - 0.5, x0=-0.5, x1=n - 0.5, line=line, layer="below"
                )
    for i in range(n):
        fig.add_shape(
            type="rect", x0=i - 0.5, x1=i + 0.5, y0=i - 0.5, y1=i + 0.5,
            fillcolor=PALETTE["missing"], line={"width": 0}, layer="below",
        )  # fmt: skip
    fig.update_xaxes(
        type="linear",
        tickmode="array",
        tickvals=list(range(n)),
        ticktext=[plotly_text(kid) for kid in ids],
        side="top",
        range=[-0.5, n - 0.5],
        showline=False,
        ticks="",
    )
    names = {k.id: k.name for k in w.kansen}
    fig.update_yaxes(
        type="linear",
        tickmode="array",
        tickvals=list(range(n)),
        ticktext=[f"{plotly_text(kid)} " + wrap(names[kid], 12 if narrow else 26, 2) for kid in ids],
        range=[n - 0.5, -0.5],
        showline=False,
        ticks="",
    )
    notes = [] if cells else [t("chart.packages.relations.empty", lang)]
    size = 38 if narrow else 52
    finish(fig, head, size * max(n, 1), bottom=30, notes=notes, narrow=narrow, height=height, min_body=24 * n)
    return fig


def _points(r: Relation, lang: str) -> str:
    """A pair bonus as written in a cell: "+5", "−2,5"; "" for a kind without one."""
    if not r.pair_points:
        return ""
    sign = "+" if r.pair_points > 0 else "−"
    return sign + decimal(abs(r.pair_points), lang)


def _points_text(r: Relation, lang: str) -> str:
    points = _points(r, lang)
    return t("chart.packages.points", lang, points=points) if points else ""


def relations_table(w: Workshop, lang: str = "nl") -> ChartTable:
    """Every relation as a row: the two koppelkansen, the kind, the points and the note."""
    names = {k.id: k.name for k in w.kansen}
    rows = tuple(
        (
            f"{r.source} {names.get(r.source, '')}".strip(),
            relation_label(r.kind, lang),
            f"{r.target} {names.get(r.target, '')}".strip(),
            _points(r, lang) or EMPTY,
            r.note or EMPTY,
        )
        for r in w.relations
    )
    columns = (
        t("chart.packages.col_source", lang),
        t("chart.packages.col_kind", lang),
        t("chart.packages.col_target", lang),
        t("chart.packages.col_points", lang),
        t("chart.packages.col_note", lang),
    )
    return ChartTable(columns, rows)


# -- the core index ------------------------------------------------------------------------
def _core_order(analysis: PackageAnalysis) -> list[str]:
    return [str(kid) for kid in analysis.ranking.table["id"]]


@user_text_as_text
def core_index_chart(
    analysis: PackageAnalysis,
    w: Workshop,
    lang: str = "nl",
    *,
    narrow: bool = False,
    height: int | None = None,
) -> go.Figure:
    """Per koppelkans in ranking order, the share of scenarios in which it is in the best package.

    The members of package A are drawn strong, the others muted and hatched; every bar
    carries its percentage.
    """
    ids = _core_order(analysis)
    names = {k.id: k.name for k in w.kansen}
    best = set(analysis.packages[0].members) if analysis.packages else set()
    shares = [analysis.core_index[kid] for kid in ids]
    fig = go.Figure(
        labelled_bars(
            ids,
            shares,
            [percent(s, lang) for s in shares],
            [names[kid] for kid in ids],
            hover_label=t("chart.packages.core.hover", lang),
            marker={
                "color": [PALETTE["blue"] if kid in best else PALETTE["muted"] for kid in ids],
                "pattern": {"shape": ["" if kid in best else "/" for kid in ids]},
            },
            showlegend=False,
        )
    )
    head = frame(
        fig,
        lang,
        t("chart.packages.core.title", lang),
        subtitle=t("chart.packages.core.subtitle", lang),
        narrow=narrow,
        projector=height is not None,
    )
    fig.update_xaxes(range=[0, 1.3 if narrow else 1.15], visible=False)
    width, lines = (14, 3) if narrow else (30, 2)
    category_axis(fig, ids, [wrap(names[kid], width, lines) for kid in ids])
    fig.update_layout(bargap=0.3)
    rows = max(len(ids), 1)
    notes = [t("chart.packages.core.best", lang, ids=", ".join(sorted(best, key=ids.index)))] if best else []
    finish(
        fig,
        head,
        (56 if narrow else 52) * rows,  # three lines of a name on a phone need 52 px
        notes=notes,
        narrow=narrow,
        height=height,
        min_body=28 * rows,
    )
    return fig


def core_index_table(analysis: PackageAnalysis, w: Workshop, lang: str = "nl") -> ChartTable:
    """Per koppelkans in ranking order, its core index (as :func:`core_index_chart`)."""
    names = {k.id: k.name for k in w.kansen}
    rows = tuple((names[kid], percent(analysis.core_index[kid], lang)) for kid in _core_order(analysis))
    return ChartTable((t("alt.kans", lang), t("chart.packages.core.hover", lang)), rows)
