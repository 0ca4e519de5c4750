"""The sections of the report, top to bottom: summary, ambition, criteria, ranking,
decisions, one card per koppelkans, the method, and where the numbers come from.

Each section is a method that returns its HTML; :meth:`Report.document` puts
them in order inside one page with the stylesheet of :mod:`._style`.
"""

from __future__ import annotations

from html import escape

from decision.core.ranking import TIE_TOLERANCE
from decision.core.weighting import display_percentages
from decision.domain.explain import strengths
from decision.domain.model import Direction, Koppelkans, OrdinalScale, Status
from decision.domain.moment import classify
from decision.domain.operations import missing_motivations
from decision.domain.sheets import basis_statement
from decision.text.formatting import date as format_date
from decision.text.formatting import money_range, months_range, number, percent, score
from decision.text.i18n import t
from decision.version import __version__

from ._context import OPEN_PROPOSAL, STATUS_KEY
from ._style import CSS
from ._svg import scores_chart, weights_chart
from ._work import WorkSection


class Report(WorkSection):
    """The whole document, section by section."""

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
                self.packages(),
                self.fiches(),
                self.perspectives(),
                self.notes(),
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
        chosen = self.by_rank(k for k in w.kansen if k.status is Status.CHOSEN)
        parts = [f'<section id="samenvatting" class="summary">\n<h2>{self.tx("summary_title")}</h2>']
        if chosen:
            # in rank order with each one's place, so a reader sees how the choice relates to the scores
            parts.append(f'<p>{self.tx("summary_chosen")}</p>\n<ul class="chosen">')
            parts += [
                f'<li><span class="place">{self.place(k.id)}</span> {escape(k.name)}</li>' for k in chosen
            ]
            parts.append("</ul>")
        elif proposal := self.by_rank(k for k in w.kansen if k.status in OPEN_PROPOSAL):
            # taken over as a proposal: not the team's choice until it confirms it
            parts.append(f'<p>{self.tx("summary_adopted")}</p>\n<ul class="proposed">')
            tag = f'<span class="tag">{self.tx("proposal_tag")}</span>'
            parts += [
                f'<li><span class="place">{self.place(k.id)}</span> {escape(k.name)} {tag}</li>'
                for k in proposal
            ]
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
            parts.append(f"<p>{self.counts()}</p>")
        parts.append(f"<p>{self.tx('summary_tool')}</p>\n</section>")
        return "\n".join(parts)

    def counts(self) -> str:
        """How much was weighed, by how many people: the consensus sheet is no participant."""
        people, consensus = self.sheets.n_individuals, self.sheets.consensus
        key = "summary_counts"
        if consensus:
            key = "summary_counts_consensus" if people else "summary_counts_group"
        return self.tx(key, kansen=len(self.w.kansen), criteria=len(self.w.criteria), participants=people)

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
        parts.append(self.hidden_note())
        if weights is not None:
            parts.append(weights_chart(self, weights))
        for i, c in enumerate(self.w.criteria):
            if not self.shown(c.id):
                continue
            direction = self.tx("direction_benefit" if c.direction is Direction.BENEFIT else "direction_cost")
            weight = self.pct(display_percentages(weights)[i] / 100) if weights is not None else "–"
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
        parts.append(f'<p class="note">{escape(basis_statement(self.w, self.lang))}</p>')
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
                f"<td>{self.tx('status_' + STATUS_KEY[k.status])}</td>",
            )
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody>\n</table>")
        parts.append(f"<p>{self.tx('ties_note')}</p>")
        parts.append(scores_chart(self))
        parts.append("</section>")
        return "\n".join(parts)

    def decisions(self) -> str:
        groups = (
            ("chosen", Status.CHOSEN),
            ("proposed", Status.PROPOSED),
            ("not_chosen", Status.NOT_CHOSEN),
            ("candidate", Status.CANDIDATE),
        )
        unexplained = {k.id for k in missing_motivations(self.w)}  # the one rule, as on Besluit
        parts = [
            f'<section id="besluiten">\n<h2>{self.tx("decisions_title")}</h2>',
            f"<p>{self.tx('decisions_intro')}</p>",
        ]
        for key, status in groups:
            if status is Status.PROPOSED:  # the group of everything taken over and not decided
                kansen = self.by_rank(k for k in self.w.kansen if k.status in OPEN_PROPOSAL)
            else:
                kansen = self.by_rank(k for k in self.w.kansen if k.status is status)
            if status in (Status.CANDIDATE, Status.PROPOSED) and not kansen:
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
                    parts.append(
                        f'<div class="decision">\n<h4>{escape(k.name)} '
                        f'<span class="tie">({self.tx("col_rank")}: {self.place(k.id)})</span></h4>'
                    )
                    if status is Status.PROPOSED and not k.motivation.strip():
                        pass  # a proposal owes no reason yet: the team has not decided
                    elif k.id not in unexplained:
                        parts.append(
                            f"<p><strong>{self.tx('motivation')}:</strong> {escape(k.motivation)}</p>"
                        )
                    else:
                        parts.append(f'<p><span class="missing">⚠ {self.tx("motivation_missing")}</span></p>')
                    parts.append("</div>")
            parts.append("</div>")
        parts.append("</section>")
        return "\n".join(parts)

    def notes(self) -> str:
        """The facilitator's notes on contested cells; no section when there are none."""
        w = self.w
        rows = [
            (k, c, w.cell_notes[(k.id, c.id)])
            for k in w.kansen
            for c in w.criteria
            if (k.id, c.id) in w.cell_notes and self.shown(c.id)
        ]
        if not rows:
            return ""
        head = "".join(f"<th>{self.tx('notes_col_' + col)}</th>" for col in ("kans", "criterion", "note"))
        body = "".join(
            f"<tr><td>{escape(k.name)}</td><td>{escape(c.label.get(self.lang))}</td><td>{escape(note)}</td></tr>"
            for k, c, note in rows
        )
        return (
            f'<section id="notities">\n<h2>{self.tx("notes_title")}</h2>\n<p>{self.tx("notes_intro")}</p>\n'
            f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody>\n</table>\n</section>"
        )

    def cards(self) -> str:
        parts = [f'<section id="koppelkansen">\n<h2>{self.tx("cards_title")}</h2>']
        if not self.w.kansen:
            parts.append(f"<p>{self.tx('no_kansen')}</p>\n</section>")
            return "\n".join(parts)
        order = list(self.table["id"]) if self.table is not None else list(self.w.kans_ids)
        low, high = self.w.moment_window
        parts.append(
            "<p>"
            + self.tx(
                "moment_note",
                low=number(low, self.lang, 0 if float(low).is_integer() else 1),
                high=number(high, self.lang, 0 if float(high).is_integer() else 1),
                date=format_date(self.generated, self.lang),
            )
            + "</p>"
        )
        parts += [self.card(self.w.kans(kid)) for kid in order]
        parts.append("</section>")
        return "\n".join(parts)

    def card(self, k: Koppelkans) -> str:
        unknown = self.tx("unknown")
        facts: list[tuple[str, str]] = [
            (self.tx("card_type"), self.type_name(k.type.value)),
            (self.tx("col_status"), self.tx("status_" + STATUS_KEY[k.status])),
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
        moment = classify(k, self.generated, self.w.moment_window)
        if moment is not None:
            facts.append((self.tx("card_moment"), escape(t(f"moment.{moment.value}", self.lang))))
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
        if self.ranking is not None and self.favourability is not None and self.scored(k.id):
            s = strengths(self.w, self.ranking, k.id)
            labels = {c.id: self.label(c) for c in self.w.criteria}
            row = self.favourability[self.ranking.kans_ids.index(k.id)]
            fav = dict(zip(self.ranking.criterion_ids, row, strict=True))
            # when every scored criterion is as favourable as the others, there is no strongest or weakest
            shown = s.strongest and s.weakest and self.shown(s.strongest[0]) and self.shown(s.weakest[0])
            if shown and fav[s.strongest[0]] > fav[s.weakest[0]] + TIE_TOLERANCE:
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
        steps = [
            "method_scores",
            f"method_aggregate_{self.aggregation}",
            *(("method_wsm_scale", "method_wsm_weights") if self.additive() else ("method_topsis",)),
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
            ("prov_participants", str(self.sheets.n_individuals)),
            ("prov_consensus", self.tx("prov_consensus_" + ("yes" if self.sheets.consensus else "no"))),
            ("prov_sheets", escape(basis_statement(w, self.lang))),
            ("prov_scores", self.tx("prov_scores_value", n=len(w.scores), unknown=n_unknown)),
            ("prov_version", escape(__version__)),
            ("prov_generated", escape(format_date(self.generated, self.lang))),
        ]
        dl = "".join(f"<dt>{self.tx(key)}</dt><dd>{value}</dd>" for key, value in rows)
        heading = f"<h2>{self.tx('prov_title')}</h2>"
        return f'<section id="verantwoording">\n{heading}\n<dl class="facts">{dl}</dl>\n</section>'

    def footer(self) -> str:
        return f"<footer><p>{self.tx('footer', version=__version__)}</p></footer>"
