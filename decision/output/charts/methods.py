"""The method comparison: does the order change under TOPSIS instead of the weighted sum (Resultaten)."""

from __future__ import annotations

from types import MappingProxyType

import pandas as pd
import plotly.graph_objects as go

from decision.text.i18n import t

from ._layout import finish, frame, hover_template, shorten
from ._style import FONT_SIZE, NOTE_SIZE, PALETTE, user_text_as_text

METHOD_COLUMNS = ("id", "name", "rank_wsm", "rank_topsis")


def _slope_style(colour: str, text: str, width: int, dash: str, symbol: str, size: int) -> MappingProxyType:
    return MappingProxyType(
        {"color": colour, "text": text, "width": width, "dash": dash, "symbol": symbol, "size": size}
    )


# a koppelkans that keeps its place is thin and grey; one that moves is strong, and the
# direction shows in the line dash and the marker, not only in the colour
SLOPE_STYLE = MappingProxyType(
    {
        "same": _slope_style(PALETTE["muted"], PALETTE["grey"], 2, "solid", "circle", 10),
        "up": _slope_style(PALETTE["blue"], PALETTE["text"], 5, "solid", "triangle-up", 16),
        "down": _slope_style(PALETTE["vermillion"], PALETTE["text"], 5, "dash", "triangle-down", 16),
    }
)


@user_text_as_text
def method_comparison(
    table: pd.DataFrame, lang: str = "nl", *, narrow: bool = False, height: int | None = None
) -> go.Figure:
    """A slope chart: the rank under the weighted sum (left) and under TOPSIS (right).

    Takes the table of :func:`decision.domain.explain.compare_methods`. Koppelkansen that
    move are drawn strong (up: solid blue, triangle up; down: dashed vermillion,
    triangle down); those that keep their place are thin and grey. Rank 1 is at
    the top. One trace per koppelkans, the unchanged ones first so the moving
    lines are drawn over them.

    ``narrow`` lays it out for a phone and ``height`` makes the figure that many
    pixels tall (see :mod:`._layout`).
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
            short = shorten(name, 13 if narrow else 30)
            fig.add_trace(
                go.Scatter(
                    x=[0, 1],
                    y=[a, b],
                    mode="lines+markers+text",
                    text=[f"{short}  {a}", f"{b}  {short}"],
                    textposition=["middle left", "middle right"],
                    textfont={"size": NOTE_SIZE - 4 if narrow else NOTE_SIZE, "color": style["text"]},
                    line={"color": style["color"], "width": style["width"], "dash": style["dash"]},
                    marker={"symbol": style["symbol"], "size": style["size"], "color": style["color"]},
                    name=t(f"chart.methods.{kind}", lang),
                    legendgroup=kind,
                    showlegend=kind not in shown,
                    customdata=[[name, str(a), str(b)], [name, str(a), str(b)]],
                    hovertemplate=hover_template(
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
    head = frame(
        fig,
        lang,
        t("chart.methods.title", lang),
        subtitle=t("chart.methods.subtitle", lang),
        legend=[t(f"chart.methods.{kind}", lang) for kind in shown],
        top_extra=30,
        narrow=narrow,
        projector=height is not None,
    )
    fig.update_xaxes(
        range=[-1.3, 2.3],
        tickmode="array",
        tickvals=[0, 1],
        ticktext=[wsm_label, topsis_label],
        side="top",
        showline=False,
        ticks="",
        tickfont={"size": NOTE_SIZE - 2 if narrow else FONT_SIZE},
    )
    fig.update_yaxes(range=[n + 0.5, 0.5], showticklabels=False, showline=False, ticks="")
    finish(fig, head, (36 if narrow else 48) * n, narrow=narrow, height=height, min_body=24 * n)
    return fig
