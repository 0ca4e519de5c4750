"""A self-contained HTML report of a workshop, for the council and for residents.

:func:`build_report` returns one HTML document: no JavaScript, no external files,
charts drawn here as inline SVG. It reads on screen and prints to A4 from any
browser (``@page``, cards and table rows that do not break across pages, table
headers that repeat on every page, no dark backgrounds).

The text is plain language (B1 Dutch, or English) and comes from the catalog
(keys ``report.…``). Everything a team typed in (names, motivations, descriptions,
anchors) is escaped before it goes into the page. The charts use the Okabe–Ito
palette and carry text labels (the numbers in the stacked bars match the legend),
so they still read in black-and-white print.
"""

from __future__ import annotations

import datetime as dt
import math
from html import escape

from decision.core.aggregation import AGGREGATIONS
from decision.core.methods import METHODS
from decision.domain.analysis import Ranking, rank_workshop
from decision.domain.explain import strengths, workshop_favourability
from decision.domain.model import Criterion, Direction, Koppelkans, OrdinalScale, Status, Workshop
from decision.errors import InputError
from decision.text.formatting import date as format_date
from decision.text.formatting import money_range, months_range, number, percent, score
from decision.text.i18n import t
from decision.version import __version__

OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
# text on a bar segment: white on the dark colours, black on the light ones
_INK = {"#0072B2": "#FFFFFF", "#D55E00": "#FFFFFF", "#009E73": "#FFFFFF", "#CC79A7": "#000000",
        "#E69F00": "#000000", "#56B4E9": "#000000"}  # fmt: skip
_STATUS_KEY = {Status.CHOSEN: "chosen", Status.NOT_CHOSEN: "not_chosen", Status.CANDIDATE: "candidate"}

# chart geometry (SVG user units, about pixels)
_CHART_WIDTH = 680
_LABEL_WIDTH = 250
_BAR_WIDTH = 340
_ROW = 28
_BAR = 18
_MIN_SEGMENT_LABEL = 16  # a segment narrower than this carries no number

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 12pt;
  line-height: 1.45; color: #1a1a1a; background: #ffffff; max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
header.doc { border-bottom: 3px solid #0072B2; margin-bottom: 1rem; padding-bottom: .5rem; }
.kicker { text-transform: uppercase; letter-spacing: .05em; font-size: 10pt; color: #444444; margin: 0; }
h1 { font-size: 21pt; margin: .1rem 0 .3rem; line-height: 1.2; }
h2 { font-size: 15pt; margin: 2rem 0 .6rem; padding-bottom: .15rem; border-bottom: 1px solid #0072B2;
  break-after: avoid; page-break-after: avoid; }
h3 { font-size: 12.5pt; margin: 0 0 .4rem; break-after: avoid; page-break-after: avoid; }
h4 { font-size: 12pt; margin: 0 0 .3rem; }
p { margin: .3rem 0 .6rem; }
.meta { margin: 0; color: #333333; }
.note { border: 1px dashed #666666; padding: .4rem .6rem; }
.summary { border: 2px solid #0072B2; padding: .7rem 1rem; margin: 1rem 0; }
.summary h2 { margin-top: 0; border-bottom: 0; }
.summary ul { margin: .3rem 0 .3rem 1.2rem; padding: 0; }
.tag { display: inline-block; border: 1px solid #333333; border-radius: 3px; padding: 0 .35rem;
  font-size: 9.5pt; margin-left: .3rem; white-space: nowrap; }
.tie { font-size: 10pt; color: #333333; }
.missing { font-weight: bold; color: #A03A00; border: 1px dashed #A03A00; padding: 0 .3rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #8c8c8c; padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #e8f1f8; font-weight: 600; }
thead { display: table-header-group; }
tr, li { break-inside: avoid; page-break-inside: avoid; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.criterion, .card, .decision { border: 1px solid #8c8c8c; padding: .6rem .8rem; margin: .8rem 0;
  break-inside: avoid; page-break-inside: avoid; }
.card { border-left: 6px solid #0072B2; }
.card.sociaal { border-left-color: #CC79A7; }
.card.fysiek { border-left-color: #009E73; }
.anchors { margin: .3rem 0 0 1.4rem; padding: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .9rem; margin: .4rem 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.2rem; }
.two ul { margin: .2rem 0 .4rem 1.2rem; padding: 0; }
figure { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
svg { max-width: 100%; height: auto; }
svg text { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
footer { margin-top: 2rem; border-top: 1px solid #8c8c8c; padding-top: .5rem; font-size: 10pt;
  color: #333333; }
@page { size: A4; margin: 18mm; }
@media print {
  body { font-size: 11pt; max-width: none; margin: 0; padding: 0; }
  h2 { margin-top: 1.4rem; }
  .card, .criterion, .decision, figure, .summary, tr { break-inside: avoid; page-break-inside: avoid; }
  svg, .card, .tag { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""


class _Report:
    """One rendering: the workshop, its ranking and the language, with small HTML building blocks."""

    def __init__(
        self,
        w: Workshop,
        lang: str,
        method: str,
        aggregation: str,
        ranking: Ranking | None,
        generated: dt.date,
    ) -> None:
        self.w = w
        self.lang = lang
        self.method_name = method
        self.aggregation = aggregation
        self.ranking = ranking
        self.generated = generated
        self.table = ranking.table if ranking is not None else None
        self.row = {} if self.table is None else {r["id"]: r for r in self.table.to_dict("records")}
        self.favourability = workshop_favourability(w, ranking) if ranking is not None else None

    # -- building blocks --------------------------------------------------------------------
    def tx(self, key: str, /, **params: object) -> str:
        """A catalog text, escaped (with its parameters) for HTML."""
        return escape(t(f"report.{key}", self.lang, **params))

    def label(self, c: Criterion) -> str:
        return c.label.get(self.lang)

    def weights(self) -> list[float] | None:
        total = sum(c.weight for c in self.w.criteria)
        if total <= 0:
            return None
        return [c.weight / total for c in self.w.criteria]

    def pct(self, share: float) -> str:
        whole = abs(share * 100 - round(share * 100)) < 0.05
        return percent(share, self.lang, 0 if whole else 1)

    def ordinal(self, rank: int) -> str:
        if self.lang != "en":
            return f"{rank}e"
        suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
        return f"{rank}{suffix}"

    def type_name(self, kans_type: str) -> str:
        return self.tx(f"type_{kans_type}")

    def scored(self, kans_id: str) -> bool:
        r = self.row.get(kans_id)
        return r is not None and not _nan(r["score"])

    def rank_html(self, kans_id: str) -> str:
        r = self.row.get(kans_id)
        if r is None or _nan(r["score"]):
            return f'<span class="tie">{self.tx("rank_none")}</span>'
        rank = int(r["rank"])
        if r["tied"]:
            return f'<strong>{rank}</strong> <span class="tie">{self.shared(rank)}</span>'
        return f"<strong>{rank}</strong>"

    def shared(self, rank: int) -> str:
        """``gedeelde 3e plaats`` / ``shared 3rd place``, escaped."""
        return self.tx("rank_shared", ordinal=self.ordinal(rank))

    @staticmethod
    def items(values: tuple[str, ...]) -> str:
        return "".join(f"<li>{escape(v)}</li>" for v in values)

    # -- the document ------------------------------------------------------------------
    def document(self) -> str:
        w = self.w
        title = f"{w.name} – {t('report.kicker', self.lang)}"
        body = "\n".join(
            [
                self.header(),
                "<main>",
                self.summary(),
                self.ambition(),
                self.criteria(),
                self.ranking_section(),
                self.decisions(),
                self.cards(),
                self.method(),
                self.provenance(),
                "</main>",
                self.footer(),
            ]
        )
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{escape(self.lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="Koppelkansen {escape(__version__)}">\n'
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
        )

    def header(self) -> str:
        w = self.w
        facts = []
        if w.neighbourhood:
            facts.append(f"{self.tx('meta_wijk')} {escape(w.neighbourhood)}")
        if w.municipality:
            facts.append(f"{self.tx('meta_gemeente')} {escape(w.municipality)}")
        if w.date:
            facts.append(escape(format_date(w.date, self.lang)))
        meta = f'<p class="meta">{" · ".join(facts)}</p>' if facts else ""
        extra = f'<p class="note">{self.tx("fictitious")}</p>' if w.fictitious else ""
        description = f"<p>{escape(w.description)}</p>" if w.description else ""
        return (
            f'<header class="doc">\n<p class="kicker">{self.tx("kicker")}</p>\n'
            f"<h1>{escape(w.name)}</h1>\n{meta}\n{extra}{description}</header>"
        )

    def summary(self) -> str:
        w = self.w
        chosen = [k for k in w.kansen if k.status is Status.CHOSEN]
        parts = [f'<section id="samenvatting" class="summary">\n<h2>{self.tx("summary_title")}</h2>']
        if chosen:
            parts.append(f"<p>{self.tx('summary_chosen')}</p>\n<ul>")
            parts += [f"<li>{escape(k.name)}</li>" for k in chosen]
            parts.append("</ul>")
        elif self.ranking is not None and self.ranking.top(3):
            parts.append(f"<p>{self.tx('summary_proposal')}</p>\n<ul>")
            for kid in self.ranking.top(3):
                r = self.row[kid]
                detail = self.tx("score_of", score=score(r["score"], self.lang))
                if r["tied"]:
                    detail += "; " + self.shared(int(r["rank"]))
                tag = f'<span class="tag">{self.tx("proposal_tag")}</span>'
                parts.append(f"<li>{escape(w.kans(kid).name)} {tag} ({detail})</li>")
            parts.append("</ul>")
        elif not w.kansen:
            parts.append(f"<p>{self.tx('no_kansen')}</p>")
        else:
            parts.append(f"<p>{self.tx('summary_no_scores')}</p>")
        if w.kansen:
            counts = {
                "kansen": len(w.kansen),
                "criteria": len(w.criteria),
                "participants": len(w.participants),
            }
            parts.append(f"<p>{self.tx('summary_counts', **counts)}</p>")
        parts.append(f"<p>{self.tx('summary_tool')}</p>\n</section>")
        return "\n".join(parts)

    def ambition(self) -> str:
        parts = [f'<section id="ambitie">\n<h2>{self.tx("ambition_title")}</h2>']
        if not self.w.themes:
            parts.append(f"<p>{self.tx('ambition_none')}</p>")
        else:
            parts.append(f"<p>{self.tx('ambition_intro')}</p>")
            head = "".join(
                f'<th scope="col">{self.tx(k)}</th>' for k in ("col_theme", "col_goal", "col_indicator")
            )
            parts.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>")
            for theme in self.w.themes:
                parts.append(
                    f"<tr><td>{escape(theme.theme)}</td><td>{escape(theme.goal)}</td>"
                    f"<td>{escape(theme.indicator)}</td></tr>"
                )
            parts.append("</tbody>\n</table>")
        parts.append("</section>")
        return "\n".join(parts)

    def criteria(self) -> str:
        parts = [f'<section id="criteria">\n<h2>{self.tx("criteria_title")}</h2>']
        weights = self.weights()
        if not self.w.criteria:
            parts.append(f"<p>{self.tx('no_criteria')}</p>\n</section>")
            return "\n".join(parts)
        parts.append(f"<p>{self.tx('criteria_intro')}</p>")
        if weights is not None:
            parts.append(self.weights_chart(weights))
        for i, c in enumerate(self.w.criteria):
            direction = self.tx("direction_benefit" if c.direction is Direction.BENEFIT else "direction_cost")
            weight = self.pct(weights[i]) if weights is not None else "–"
            parts.append(f'<div class="criterion">\n<h3>{escape(self.label(c))}</h3>')
            if c.description.get(self.lang):
                parts.append(f"<p>{escape(c.description.get(self.lang))}</p>")
            parts.append(
                f'<dl class="facts"><dt>{self.tx("weight")}</dt><dd>{escape(weight)}</dd>'
                f"<dt>{self.tx('direction')}</dt><dd>{direction}</dd></dl>"
            )
            if isinstance(c.scale, OrdinalScale):
                parts.append(f'<p>{self.tx("anchors_intro")}</p>\n<ol class="anchors">')
                parts += [
                    f'<li value="{level}">{escape(c.scale.anchor(level, self.lang))}</li>'
                    for level in c.scale.levels
                ]
                parts.append("</ol>")
            else:
                parts.append(
                    "<p>"
                    + self.tx(
                        "numeric_scale",
                        unit=c.scale.unit or "-",
                        low=number(c.scale.low, self.lang, 0),
                        high=number(c.scale.high, self.lang, 0),
                    )
                    + "</p>"
                )
            parts.append("</div>")
        parts.append("</section>")
        return "\n".join(parts)

    def ranking_section(self) -> str:
        parts = [f'<section id="rangorde">\n<h2>{self.tx("ranking_title")}</h2>']
        if self.table is None:
            parts.append(f"<p>{self.tx('no_kansen' if not self.w.kansen else 'no_criteria')}</p>\n</section>")
            return "\n".join(parts)
        parts.append(f"<p>{self.tx('ranking_intro')}</p>")
        head = "".join(
            f'<th scope="col"{cls}>{self.tx(key)}</th>'
            for key, cls in (
                ("col_rank", ""), ("col_name", ""), ("col_type", ""), ("col_score", ' class="num"'),
                ("col_coverage", ' class="num"'), ("col_unknown", ' class="num"'),
                ("col_missing", ' class="num"'), ("col_status", ""),
            )
        )  # fmt: skip
        parts.append(f'<table class="ranking">\n<thead><tr>{head}</tr></thead>\n<tbody>')
        for r in self.table.to_dict("records"):
            k = self.w.kans(r["id"])
            coverage = percent(r["coverage"], self.lang) if self.scored(k.id) else "–"
            cells = (
                f"<td>{self.rank_html(k.id)}</td>",
                f"<td>{escape(k.name)}</td>",
                f"<td>{self.type_name(k.type.value)}</td>",
                f'<td class="num">{escape(score(r["score"], self.lang))}</td>',
                f'<td class="num">{escape(coverage)}</td>',
                f'<td class="num">{int(r["n_unknown"])}</td>',
                f'<td class="num">{int(r["n_missing"])}</td>',
                f"<td>{self.tx('status_' + _STATUS_KEY[k.status])}</td>",
            )
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody>\n</table>")
        parts.append(f"<p>{self.tx('ties_note')}</p>")
        parts.append(self.scores_chart())
        parts.append("</section>")
        return "\n".join(parts)

    def decisions(self) -> str:
        groups = (
            ("chosen", Status.CHOSEN),
            ("not_chosen", Status.NOT_CHOSEN),
            ("candidate", Status.CANDIDATE),
        )
        parts = [
            f'<section id="besluiten">\n<h2>{self.tx("decisions_title")}</h2>',
            f"<p>{self.tx('decisions_intro')}</p>",
        ]
        for key, status in groups:
            kansen = [k for k in self.w.kansen if k.status is status]
            if status is Status.CANDIDATE and not kansen:
                continue
            parts.append(
                f'<div class="decisions-{key.replace("_", "-")}">\n<h3>{self.tx("group_" + key)}</h3>'
            )
            if not kansen:
                parts.append(f"<p>{self.tx('none')}</p>")
            elif status is Status.CANDIDATE:
                parts.append("<ul>" + "".join(f"<li>{escape(k.name)}</li>" for k in kansen) + "</ul>")
            else:
                for k in kansen:
                    parts.append(f'<div class="decision">\n<h4>{escape(k.name)}</h4>')
                    if k.motivation.strip():
                        parts.append(
                            f"<p><strong>{self.tx('motivation')}:</strong> {escape(k.motivation)}</p>"
                        )
                    else:
                        parts.append(f'<p><span class="missing">⚠ {self.tx("motivation_missing")}</span></p>')
                    parts.append("</div>")
            parts.append("</div>")
        parts.append("</section>")
        return "\n".join(parts)

    def cards(self) -> str:
        parts = [f'<section id="koppelkansen">\n<h2>{self.tx("cards_title")}</h2>']
        if not self.w.kansen:
            parts.append(f"<p>{self.tx('no_kansen')}</p>\n</section>")
            return "\n".join(parts)
        order = list(self.table["id"]) if self.table is not None else list(self.w.kans_ids)
        parts += [self.card(self.w.kans(kid)) for kid in order]
        parts.append("</section>")
        return "\n".join(parts)

    def card(self, k: Koppelkans) -> str:
        unknown = self.tx("unknown")
        facts: list[tuple[str, str]] = [
            (self.tx("card_type"), self.type_name(k.type.value)),
            (self.tx("col_status"), self.tx("status_" + _STATUS_KEY[k.status])),
        ]
        if self.table is not None:
            facts.append((self.tx("col_rank"), self.rank_html(k.id)))
            facts.append((self.tx("card_score"), escape(score(self.row[k.id]["score"], self.lang))))
        if k.project is None:
            project = unknown
        elif k.project.start_year is None:
            project = escape(k.project.name)
        else:
            project = self.tx("project_year", name=k.project.name, year=k.project.start_year)
        facts.append((self.tx("card_project"), project))
        facts.append(
            (self.tx("card_cost"), escape(money_range(k.extra_cost, self.lang)) if k.extra_cost else unknown)
        )
        facts.append(
            (
                self.tx("card_duration"),
                escape(months_range(k.duration_months, self.lang)) if k.duration_months else unknown,
            )
        )
        if k.policy_domains:
            facts.append((self.tx("card_domains"), escape(", ".join(k.policy_domains))))
        if k.parties:
            facts.append((self.tx("card_parties"), escape(", ".join(k.parties))))
        if k.themes:
            names = {th.id: th.theme for th in self.w.themes}
            facts.append((self.tx("card_themes"), escape(", ".join(names.get(i, i) for i in k.themes))))
        if self.ranking is not None and self.scored(k.id):
            s = strengths(self.w, self.ranking, k.id)
            labels = {c.id: self.label(c) for c in self.w.criteria}
            row = self.favourability[self.ranking.kans_ids.index(k.id)]
            fav = dict(zip(self.ranking.criterion_ids, row, strict=True))
            # when every scored criterion is as favourable as the others, there is no strongest or weakest
            if s.strongest and s.weakest and fav[s.strongest[0]] > fav[s.weakest[0]] + 1e-9:
                facts.append((self.tx("card_strongest"), escape(labels[s.strongest[0]])))
                facts.append((self.tx("card_weakest"), escape(labels[s.weakest[0]])))
        dl = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts)
        description = f"<p>{escape(k.description)}</p>" if k.description else ""
        lists = "".join(
            f"<div><strong>{self.tx(key)}</strong>"
            + (f"<ul>{self.items(values)}</ul>" if values else f"<p>{unknown}</p>")
            + "</div>"
            for key, values in (("card_opportunities", k.opportunities), ("card_risks", k.risks))
        )
        lists = f'<div class="two">{lists}</div>'
        return (
            f'<article class="card {escape(k.type.value)}" id="kans-{escape(k.id)}">\n'
            f'<h3>{escape(k.name)} <span class="tag">{escape(k.id)}</span></h3>\n'
            f'{description}<dl class="facts">{dl}</dl>\n{lists}\n</article>'
        )

    def method(self) -> str:
        method, aggregation = self.method_name, self.aggregation
        steps = [
            "method_scores",
            f"method_aggregate_{aggregation}",
            *(("method_wsm_scale", "method_wsm_weights") if method == "wsm" else ("method_topsis",)),
            "method_unknown",
            "method_ties",
        ]
        parts = [f'<section id="methode">\n<h2>{self.tx("method_title")}</h2>\n<ol>']
        parts += [f"<li>{self.tx(step)}</li>" for step in steps]
        parts.append(f"</ol>\n<p>{self.tx('method_note')}</p>\n</section>")
        return "\n".join(parts)

    def provenance(self) -> str:
        w = self.w
        method, aggregation = self.method_name, self.aggregation
        n_unknown = sum(1 for v in w.scores.values() if v is None)
        rows = [
            ("prov_method", self.tx(f"method_name_{method}")),
            ("prov_aggregation", self.tx(f"aggregation_{aggregation}")),
            ("prov_weighting", self.tx(f"weighting_{w.weight_method.value}")),
        ]
        if w.criteria_set:
            rows.append(("prov_criteria_set", escape(w.criteria_set)))
        rows += [
            ("prov_participants", str(len(w.participants))),
            ("prov_scores", self.tx("prov_scores_value", n=len(w.scores), unknown=n_unknown)),
            ("prov_version", escape(__version__)),
            ("prov_generated", escape(format_date(self.generated, self.lang))),
        ]
        dl = "".join(f"<dt>{self.tx(key)}</dt><dd>{value}</dd>" for key, value in rows)
        heading = f"<h2>{self.tx('prov_title')}</h2>"
        return f'<section id="verantwoording">\n{heading}\n<dl class="facts">{dl}</dl>\n</section>'

    def footer(self) -> str:
        return f"<footer><p>{self.tx('footer', version=__version__)}</p></footer>"

    # -- charts -----------------------------------------------------------------------
    def weights_chart(self, weights: list[float]) -> str:
        criteria = self.w.criteria
        top = 8
        height = top + _ROW * len(criteria) + 8
        scale = _BAR_WIDTH / max(max(weights), 1e-12)
        title = self.tx("chart_weights")
        rows = []
        for i, (c, share) in enumerate(zip(criteria, weights, strict=True)):
            y = top + i * _ROW
            width = share * scale
            label, value = escape(self.label(c)), escape(self.pct(share))
            rows.append(
                f'<g class="weight-bar"><title>{label}: {value}</title>'
                + _text(_LABEL_WIDTH - 8, y + _BAR - 4, escape(_short(self.label(c))), anchor="end")
                + _rect(_LABEL_WIDTH, y, width, OKABE_ITO[0])
                + _text(_LABEL_WIDTH + width + 6, y + _BAR - 4, value)
                + "</g>"
            )
        return _figure(title, _svg(title, height, "".join(rows)))

    def scores_chart(self) -> str:
        assert self.table is not None and self.ranking is not None
        criteria = self.w.criteria
        stacked = self.ranking.method == "wsm"
        top, axis = 8, 22
        n = len(self.table)
        bottom = top + _ROW * n
        height = bottom + axis + (12 + 20 * len(criteria) if stacked else 0)
        unit = _BAR_WIDTH / 100
        grid = []
        for tick in (0, 25, 50, 75, 100):
            x = _LABEL_WIDTH + tick * unit
            grid.append(
                f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom}" stroke="#bbbbbb"/>'
                + _text(x, bottom + 15, str(tick), size=11, anchor="middle")
            )
        rows = []
        for i, r in enumerate(self.table.to_dict("records")):
            y = top + i * _ROW
            name = self.w.kans(r["id"]).name
            value = escape(score(r["score"], self.lang))
            rank_label = "" if _nan(r["score"]) else f"{int(r['rank'])}. "
            pieces = [
                f'<g class="score-row"><title>{escape(name)}: {value}</title>',
                _text(_LABEL_WIDTH - 8, y + _BAR - 4, escape(rank_label + _short(name)), anchor="end"),
            ]
            if _nan(r["score"]):
                pieces.append(
                    _text(_LABEL_WIDTH + 4, y + _BAR - 4, self.tx("rank_none"), size=12, italic=True)
                )
                rows.append("".join(pieces) + "</g>")
                continue
            x = float(_LABEL_WIDTH)
            if stacked:
                for j, c in enumerate(criteria):
                    part = float(r[f"contrib.{c.id}"])
                    if _nan(part) or part <= 0:
                        continue
                    width = part * 100 * unit
                    colour = OKABE_ITO[j % len(OKABE_ITO)]
                    tip = f"{escape(self.label(c))}: {escape(number(part * 100, self.lang, 1))}"
                    pieces.append(_rect(x, y, width, colour, cls="segment", tip=tip))
                    if width >= _MIN_SEGMENT_LABEL:
                        pieces.append(
                            _text(
                                x + width / 2,
                                y + _BAR - 5,
                                str(j + 1),
                                size=11,
                                anchor="middle",
                                fill=_INK[colour],
                            )
                        )
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
                    + _text(
                        _LABEL_WIDTH + 11, y + 11, str(j + 1), size=11, anchor="middle", fill=_INK[colour]
                    )
                    + _text(_LABEL_WIDTH + 30, y + 11, escape(self.label(c)), size=12)
                    + "</g>"
                )
        title = self.tx("chart_scores" if stacked else "chart_scores_plain")
        caption = f"<p>{self.tx('chart_scores_legend')}</p>" if stacked else ""
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


def _nan(x: object) -> bool:
    try:
        return x is None or math.isnan(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(title: str, height: int, content: str) -> str:
    """``title`` is already escaped."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_CHART_WIDTH} {height}" '
        f'width="{_CHART_WIDTH}" height="{height}" role="img" aria-label="{title}">'
        f"<title>{title}</title>{content}</svg>"
    )


def _figure(title: str, svg: str, after: str = "") -> str:
    return f"<figure>\n<figcaption>{title}</figcaption>\n{svg}\n{after}</figure>"


def build_report(
    w: Workshop,
    lang: str = "nl",
    *,
    method: str = "wsm",
    aggregation: str = "mean",
    generated: dt.date | None = None,
) -> str:
    """The workshop as one self-contained HTML page (string), in Dutch or English.

    An unknown ``method`` or ``aggregation`` raises :class:`~decision.errors.InputError`
    as :func:`~decision.domain.analysis.rank_workshop` does. A workshop without koppelkansen
    or criteria still gets a report, saying what is missing.
    """
    lang = "en" if lang == "en" else "nl"
    if method not in METHODS:
        raise InputError("method_unknown", value=repr(method), allowed=", ".join(METHODS))
    if aggregation not in AGGREGATIONS:
        raise InputError("aggregation_unknown", value=repr(aggregation), allowed=", ".join(AGGREGATIONS))
    ranking = rank_workshop(w, method, aggregation) if w.kansen and w.criteria else None
    return _Report(w, lang, method, aggregation, ranking, generated or dt.date.today()).document()
