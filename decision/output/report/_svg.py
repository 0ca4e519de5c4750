"""The report's charts, drawn as inline SVG: no script, no external file, and they print.

Each bar carries its number as text and each stacked segment the number of its
criterion in the legend, so the charts read in black-and-white print too.
Everything put into the SVG is escaped first.
"""

from __future__ import annotations

from html import escape

from decision.core.weighting import display_percentages
from decision.text.formatting import number, score

from ._context import ReportContext, is_nan, shorten
from ._style import INK, OKABE_ITO

# chart geometry (SVG user units, about pixels)
_CHART_WIDTH = 680
_LABEL_WIDTH = 250
_BAR_WIDTH = 340
_ROW = 28
_BAR = 18
_MIN_SEGMENT_LABEL = 16  # a segment narrower than this carries no number
HIDDEN_GREY = "#BBBBBB"  # the criteria left out of the public report, together


def weights_chart(report: ReportContext, weights: list[float]) -> str:
    """Each criterion's share of the weight as a bar with its percentage."""
    top = 8
    # the shares stay those of all criteria: a hidden one still weighs, it is only not named
    rows_of_all = zip(report.w.criteria, weights, display_percentages(weights), strict=True)
    visible = [(c, share, pct) for c, share, pct in rows_of_all if report.shown(c.id)]
    height = top + _ROW * len(visible) + 8
    scale = _BAR_WIDTH / max(max(weights), 1e-12)
    title = report.tx("chart_weights")
    rows = []
    for i, (c, share, pct) in enumerate(visible):
        y = top + i * _ROW
        width = share * scale
        label, value = escape(report.label(c)), escape(report.pct(pct / 100))
        rows.append(
            f'<g class="weight-bar"><title>{label}: {value}</title>'
            + _text(_LABEL_WIDTH - 8, y + _BAR - 4, escape(shorten(report.label(c))), anchor="end")
            + _rect(_LABEL_WIDTH, y, width, OKABE_ITO[0])
            + _text(_LABEL_WIDTH + width + 6, y + _BAR - 4, value)
            + "</g>"
        )
    return _figure(title, _svg(title, height, "".join(rows)))


def scores_chart(report: ReportContext) -> str:
    """The score of every koppelkans in rank order: a bar split per criterion when the
    score adds up (each segment numbered as in the legend), a plain bar otherwise."""
    assert report.table is not None and report.ranking is not None
    criteria = [c for c in report.w.criteria if report.shown(c.id)]
    hidden = [c for c in report.w.criteria if not report.shown(c.id)]
    stacked = report.additive()
    top, axis = 8, 22
    n = len(report.table)
    bottom = top + _ROW * n
    height = bottom + axis + (12 + 20 * (len(criteria) + bool(hidden)) if stacked else 0)
    unit = _BAR_WIDTH / 100
    grid = []
    for tick in (0, 25, 50, 75, 100):
        x = _LABEL_WIDTH + tick * unit
        grid.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom}" stroke="#bbbbbb"/>'
            + _text(x, bottom + 15, str(tick), size=11, anchor="middle")
        )
    rows = []
    for i, r in enumerate(report.table.to_dict("records")):
        y = top + i * _ROW
        name = report.w.kans(r["id"]).name
        value = escape(score(r["score"], report.lang))
        rank_label = "" if is_nan(r["score"]) else f"{int(r['rank'])}. "
        pieces = [
            f'<g class="score-row"><title>{escape(name)}: {value}</title>',
            _text(_LABEL_WIDTH - 8, y + _BAR - 4, escape(rank_label + shorten(name)), anchor="end"),
        ]
        if is_nan(r["score"]):
            pieces.append(_text(_LABEL_WIDTH + 4, y + _BAR - 4, report.tx("rank_none"), size=12, italic=True))
            rows.append("".join(pieces) + "</g>")
            continue
        x = float(_LABEL_WIDTH)
        if stacked:
            for j, c in enumerate(criteria):
                part = float(r[f"contrib.{c.id}"])
                if is_nan(part) or part <= 0:
                    continue
                width = part * 100 * unit
                colour = OKABE_ITO[j % len(OKABE_ITO)]
                tip = f"{escape(report.label(c))}: {escape(number(part * 100, report.lang, 1))}"
                pieces.append(_rect(x, y, width, colour, cls="segment", tip=tip))
                if width >= _MIN_SEGMENT_LABEL:
                    pieces.append(
                        _text(
                            x + width / 2,
                            y + _BAR - 5,
                            str(j + 1),
                            size=11,
                            anchor="middle",
                            fill=INK[colour],
                        )
                    )
                x += width
            # what the hidden criteria add, as one grey piece without a name or number
            rest = sum(float(r[f"contrib.{c.id}"]) for c in hidden if not is_nan(r[f"contrib.{c.id}"]))
            if rest > 0:
                width = rest * 100 * unit
                tip = f"{report.tx('chart_hidden_part')}: {escape(number(rest * 100, report.lang, 1))}"
                pieces.append(_rect(x, y, width, HIDDEN_GREY, cls="segment", tip=tip))
                x += width
        else:
            width = float(r["score"]) * 100 * unit
            pieces.append(_rect(x, y, width, OKABE_ITO[0], cls="segment"))
            x += width
        pieces.append(_text(x + 6, y + _BAR - 4, value, bold=True))
        rows.append("".join(pieces) + "</g>")
    legend = []
    if stacked:
        y0 = bottom + axis + 12
        for j, c in enumerate(criteria):
            colour = OKABE_ITO[j % len(OKABE_ITO)]
            y = y0 + j * 20
            legend.append(
                '<g class="legend">'
                + f'<rect x="{_LABEL_WIDTH}" y="{y}" width="22" height="14" fill="{colour}"/>'
                + _text(_LABEL_WIDTH + 11, y + 11, str(j + 1), size=11, anchor="middle", fill=INK[colour])
                + _text(_LABEL_WIDTH + 30, y + 11, escape(report.label(c)), size=12)
                + "</g>"
            )
        if hidden:
            y = y0 + len(criteria) * 20
            legend.append(
                '<g class="legend">'
                + f'<rect x="{_LABEL_WIDTH}" y="{y}" width="22" height="14" fill="{HIDDEN_GREY}"/>'
                + _text(_LABEL_WIDTH + 30, y + 11, report.tx("chart_hidden_part"), size=12, italic=True)
                + "</g>"
            )
    title = report.tx("chart_scores" if stacked else "chart_scores_plain")
    caption = f"<p>{report.tx('chart_scores_legend')}</p>" if stacked else ""
    return _figure(title, _svg(title, height, "".join(grid + rows + legend)), caption)


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: int = 13,
    anchor: str = "",
    fill: str = "",
    bold: bool = False,
    italic: bool = False,
) -> str:
    """An SVG text; ``content`` must already be escaped."""
    attrs = f'x="{x:.1f}" y="{y:.1f}" font-size="{size}"'
    if anchor:
        attrs += f' text-anchor="{anchor}"'
    if fill:
        attrs += f' fill="{fill}"'
    if bold:
        attrs += ' font-weight="bold"'
    if italic:
        attrs += ' font-style="italic"'
    return f"<text {attrs}>{content}</text>"


def _rect(x: float, y: float, width: float, fill: str, *, cls: str = "", tip: str = "") -> str:
    """A bar of the standard height; ``tip`` (a tooltip) must already be escaped."""
    attrs = f'x="{x:.1f}" y="{y}" width="{width:.1f}" height="{_BAR}" fill="{fill}"'
    if cls:
        attrs = f'class="{cls}" {attrs} stroke="#ffffff" stroke-width="1"'
    if tip:
        return f"<rect {attrs}><title>{tip}</title></rect>"
    return f"<rect {attrs}/>"


def _svg(title: str, height: int, content: str) -> str:
    """``title`` is already escaped."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_CHART_WIDTH} {height}" '
        f'width="{_CHART_WIDTH}" height="{height}" role="img" aria-label="{title}">'
        f"<title>{title}</title>{content}</svg>"
    )


def _figure(title: str, svg: str, after: str = "") -> str:
    return f"<figure>\n<figcaption>{title}</figcaption>\n{svg}\n{after}</figure>"
