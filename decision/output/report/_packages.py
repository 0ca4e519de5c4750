"""The report's package section: the package the team goes for, the best alternative, and
the trade-off between them; and the relations between the koppelkansen it rests on.

The package the team goes for is what it chose, else what it proposed; without either the
section shows the best package that can be carried out together. Its alternative is the
best other package. Both come from :func:`decision.domain.packages.analyse_packages` over
the same ranking as the rest of the report.
"""

from __future__ import annotations

from html import escape

from decision.domain.packages import (
    PackageAnalysis,
    PackageView,
    analyse_packages,
    describe_issue,
    package_issues,
    package_sentence,
    team_package,
)
from decision.errors import DecisionError
from decision.text.formatting import money_short, number, percent
from decision.text.i18n import t

from ._context import ReportContext


class PackageSection(ReportContext):
    def _analysis(self) -> PackageAnalysis | DecisionError | None:
        if self.ranking is None:
            return None
        try:
            return analyse_packages(
                self.w, self.ranking, method=self.method_name, aggregation=self.aggregation
            )
        except DecisionError as err:  # no package meets the rules
            return err

    def _names(self, ids) -> str:
        return ", ".join(escape(self.w.kans(kid).name) for kid in ids)

    def _cost(self, view: PackageView) -> str:
        return f"{money_short(view.cost_low, self.lang)} – {money_short(view.cost_high, self.lang)}"

    def packages(self) -> str:
        analysis = self._analysis()
        if analysis is None:
            return ""
        parts = [f'<section id="pakket">\n<h2>{self.tx("package_title")}</h2>']
        if isinstance(analysis, DecisionError):
            parts.append(f"<p>{escape(analysis.localized(self.lang))}</p>")
            return "\n".join([*parts, self.relations(), "</section>"])
        which, members = team_package(self.w)
        if not members:
            which, members = "best", analysis.packages[0].members if analysis.packages else ()
        parts.append(f"<p>{self.tx('package_' + which)} <strong>{self._names(members)}</strong>.</p>")
        issues = package_issues(self.w, members)
        if issues:
            parts.append(f"<p>{self.tx('package_not_feasible')}</p><ul>")
            parts += [f"<li>{escape(describe_issue(i, self.w, self.lang))}</li>" for i in issues]
            parts.append("</ul>")
        own = next((v for v in analysis.packages if set(v.members) == set(members)), None)
        other = next((v for v in analysis.packages if set(v.members) != set(members)), None)
        if own is not None:
            parts.append(f"<p>{escape(self._sentence(own, analysis))}</p>")
        if other is not None:
            parts.append(f"<h3>{self.tx('package_alternative')}</h3>")
            parts.append(f"<p><strong>{self._names(other.members)}</strong></p>")
            parts.append(self.trade_off(own, other))
        return "\n".join([*parts, self.relations(), "</section>"])

    def _sentence(self, view: PackageView, analysis: PackageAnalysis) -> str:
        """The package's sentence; without the weight it hinges on when that criterion is hidden."""
        nearest = view.threshold.nearest
        if nearest is not None and not self.shown(nearest[0].criterion):
            share = percent(view.share, self.lang)
            return t("package.sentence.share", self.lang, letter=view.letter, share=share) + "."
        return package_sentence(view, analysis, self.lang)

    def trade_off(self, own: PackageView | None, other: PackageView) -> str:
        rows = [
            (
                self.tx("package_alt_score"),
                number(other.total, self.lang, 1),
                own and number(own.total, self.lang, 1),
            )
        ]
        rows.append((self.tx("package_alt_cost"), self._cost(other), own and self._cost(own)))
        rows.append((self.tx("package_alt_themes"), str(len(other.themes)), own and str(len(own.themes))))
        rows.append((self.tx("package_alt_share"), self.pct(other.share), own and self.pct(own.share)))
        head = (
            f"<tr><th></th><th>{self.tx('package_col_own')}</th><th>{self.tx('package_col_other')}</th></tr>"
        )
        body = "".join(
            f"<tr><th>{label}</th><td>{escape(mine or '–')}</td><td>{escape(theirs)}</td></tr>"
            for label, theirs, mine in rows
        )
        return f"<table><thead>{head}</thead><tbody>{body}</tbody></table>"

    def relations(self) -> str:
        if not self.w.relations:
            return ""
        items = []
        for r in self.w.relations:
            kind = t(f"report.relation.{r.kind.value}", self.lang)
            note = f" — {escape(r.note)}" if r.note else ""
            source, target = escape(self.w.kans(r.source).name), escape(self.w.kans(r.target).name)
            items.append(f"<li>{source} <em>{kind}</em> {target}{note}</li>")
        return f"<h3>{self.tx('package_relations')}</h3>\n<ul>{''.join(items)}</ul>"
