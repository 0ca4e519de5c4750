"""The report's sections on the work in hand: the fiche of each koppelkans being worked out,
and how each stakeholder group ranks the koppelkansen on its own.

The fiches are short: who leads, how it is paid for (:func:`decision.domain.fiche.funding_summary`),
the conditions and the next steps. The perspectives come from
:func:`decision.domain.perspectives.group_rankings` over the same method and aggregation as the
rest of the report; a sentence that would name a criterion left out of the public report is
left out with it.
"""

from __future__ import annotations

from html import escape

from decision.domain.fiche import funding_summary
from decision.domain.model import Koppelkans
from decision.domain.perspectives import group_rankings, lowest_group, lowest_group_sentence
from decision.domain.route import in_work
from decision.errors import DecisionError
from decision.text.formatting import date as format_date
from decision.text.formatting import money

from ._context import STATUS_KEY
from ._packages import PackageSection


class WorkSection(PackageSection):
    def fiches(self) -> str:
        """One short fiche per koppelkans in work, in rank order; no section when none is."""
        working = self.by_rank(k for k in self.w.kansen if in_work(k.status))
        if not working:
            return ""
        parts = [
            f'<section id="uitwerking">\n<h2>{self.tx("fiches_title")}</h2>',
            f"<p>{self.tx('fiches_intro')}</p>",
        ]
        parts += [self.fiche(k) for k in working]
        parts.append("</section>")
        return "\n".join(parts)

    def fiche(self, k: Koppelkans) -> str:
        f, none = k.fiche, self.tx("fiche_none")
        facts = [
            (self.tx("col_status"), self.tx("status_" + STATUS_KEY[k.status])),
            (self.tx("fiche_lead"), escape(k.lead.strip()) or none),
        ]
        if f.cost_bearer.strip():
            facts.append((self.tx("fiche_cost_bearer"), escape(f.cost_bearer.strip())))
        if f.funding:
            s = funding_summary(f)
            value = self.tx(
                "fiche_funding_value",
                total=money(s.total, self.lang, cents=False),
                committed=money(s.committed, self.lang, cents=False),
                to_arrange=money(s.to_arrange, self.lang, cents=False),
            )
            if s.unknown:
                value += "; " + self.tx("fiche_funding_unknown", n=s.unknown)
            facts.append((self.tx("fiche_funding"), value))
        else:
            facts.append((self.tx("fiche_funding"), none))
        conditions = [c.strip() for c in f.conditions if c.strip()]
        facts.append(
            (self.tx("fiche_conditions"), f"<ul>{self.items(tuple(conditions))}</ul>" if conditions else none)
        )
        steps = [self.step(s.action, s.owner, s.due, s.done) for s in f.next_steps if s.action.strip()]
        facts.append((self.tx("fiche_next_steps"), f"<ul>{''.join(steps)}</ul>" if steps else none))
        dl = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts)
        return (
            f'<article class="decision fiche" id="fiche-{escape(k.id)}">\n<h3>{escape(k.name)}</h3>\n'
            f'<dl class="facts">{dl}</dl>\n</article>'
        )

    def step(self, action: str, owner: str, due, done: bool) -> str:
        extra = []
        if owner.strip():
            extra.append(self.tx("fiche_step_owner", owner=owner.strip()))
        if due is not None:
            extra.append(self.tx("fiche_step_due", date=format_date(due, self.lang)))
        if done:
            extra.append(self.tx("fiche_step_done"))
        tail = f' <span class="tie">({", ".join(extra)})</span>' if extra else ""
        return f"<li>{escape(action.strip())}{tail}</li>"

    def perspectives(self) -> str:
        """The rank of every koppelkans per stakeholder group, the win-wins, and where the groups
        differ on the top three; only when there is a ranking to compare with."""
        if self.ranking is None:
            return ""
        parts = [
            f'<section id="perspectieven">\n<h2>{self.tx("perspectives_title")}</h2>',
        ]
        try:
            p = group_rankings(self.w, self.method_name, self.aggregation)
        except DecisionError as err:
            parts.append(f"<p>{escape(err.localized(self.lang))}</p>\n</section>")
            return "\n".join(parts)
        if not p.group_ids:
            parts.append(f"<p>{self.tx('perspectives_none')}</p>\n</section>")
            return "\n".join(parts)
        parts.append(f"<p>{self.tx('perspectives_intro')}</p>")
        labels = []
        for gid in p.group_ids:
            group = self.w.group(gid)
            labels.append(group.label.get(self.lang) if group is not None else gid)
        head = f'<th scope="col">{self.tx("col_name")}</th>' + "".join(
            f'<th scope="col" class="num">{escape(label)}</th>' for label in labels
        )
        parts.append(f'<table class="perspectives">\n<thead><tr>{head}</tr></thead>\n<tbody>')
        for k in self.by_rank(self.w.kansen):
            cells = []
            for gid in p.group_ids:
                rank = p.ranks.loc[k.id, gid]
                cells.append(f'<td class="num">{"–" if rank != rank else int(rank)}</td>')
            parts.append(f"<tr><td>{escape(k.name)}</td>{''.join(cells)}</tr>")
        parts.append("</tbody>\n</table>")
        if p.win_win:
            names = ", ".join(self.w.kans(kid).name for kid in p.win_win)
            parts.append(f"<p>{self.tx('perspectives_win_win', kansen=names)}</p>")
        else:
            parts.append(f"<p>{self.tx('perspectives_no_win_win')}</p>")
        sentences = []
        for kid in self.ranking.top(3):
            found = lowest_group(self.w, p, kid)
            if found is not None and self.shown(found.criterion_id):
                sentences.append(f"<li>{escape(lowest_group_sentence(self.w, found, self.lang))}</li>")
        if sentences:
            parts.append(f"<h3>{self.tx('perspectives_lowest_title')}</h3>\n<ul>{''.join(sentences)}</ul>")
        parts.append("</section>")
        return "\n".join(parts)
