"""What every part of the report shares: the workshop, its ranking, the language, and
small HTML building blocks that escape as they go.

Every text that reaches the page passes through here or through :func:`html.escape`:
catalog texts with their parameters (:meth:`ReportContext.tx`) and the team's own
names, labels and lists.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from html import escape

from decision.core.methods import method
from decision.domain.analysis import Ranking
from decision.domain.explain import workshop_favourability
from decision.domain.model import Criterion, Koppelkans, Status, Workshop
from decision.domain.sheets import sheet_choice
from decision.text.formatting import percent
from decision.text.i18n import t

STATUS_KEY = {
    Status.CHOSEN: "chosen",
    Status.NOT_CHOSEN: "not_chosen",
    Status.CANDIDATE: "candidate",
    Status.PROPOSED: "proposed",
    Status.PRIORITISED: "prioritised",
    Status.ADOPTED: "adopted",
}
# Taken over as a proposal and not decided yet: being worked out, or proposed to the
# projectteam. For council and residents both are "als voorstel overgenomen".
OPEN_PROPOSAL = frozenset({Status.PRIORITISED, Status.PROPOSED})


class ReportContext:
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
        # the sheets the numbers rest on: people are counted by their own sheets only
        self.sheets = ranking.sheets if ranking is not None else sheet_choice(w)
        # Criteria the team leaves out of the public report: they still count in every score,
        # but no table, chart or sentence names them (the report says that some are left out).
        self.hidden = set(w.reports.hidden_criteria) & set(w.criterion_ids)

    def shown(self, criterion_id: str) -> bool:
        return criterion_id not in self.hidden

    def hidden_note(self) -> str:
        """The one line that says some criteria are left out (not which); empty when none are."""
        return f'<p class="note">{self.tx("hidden_note")}</p>' if self.hidden else ""

    # -- building blocks --------------------------------------------------------------------
    def tx(self, key: str, /, **params: object) -> str:
        """A catalog text, escaped (with its parameters) for HTML."""
        return escape(t(f"report.{key}", self.lang, **params))

    def label(self, c: Criterion) -> str:
        return c.label.get(self.lang)

    def additive(self) -> bool:
        """Whether the method's score is a sum of per-criterion parts, which the report can
        show as a stacked bar and explain as "scale, weigh, add up"."""
        return method(self.method_name).additive

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
        return r is not None and not is_nan(r["score"])

    def rank_html(self, kans_id: str) -> str:
        r = self.row.get(kans_id)
        if r is None or is_nan(r["score"]):
            return f'<span class="tie">{self.tx("rank_none")}</span>'
        rank = int(r["rank"])
        if r["tied"]:
            return f'<strong>{rank}</strong> <span class="tie">{self.shared(rank)}</span>'
        return f"<strong>{rank}</strong>"

    def place(self, kans_id: str) -> str:
        """Where a koppelkans stands, escaped: ``2e``, ``gedeeld 2e`` when tied, or "nog geen score"."""
        r = self.row.get(kans_id)
        if r is None or is_nan(r["score"]):
            return self.tx("rank_none")
        rank = int(r["rank"])
        return (
            self.tx("place_shared", ordinal=self.ordinal(rank)) if r["tied"] else escape(self.ordinal(rank))
        )

    def by_rank(self, kansen: Iterable[Koppelkans]) -> list[Koppelkans]:
        """The koppelkansen in the order of the ranking (ties as the ranking lists them);
        unscored ones last, in the order of the inventory."""
        position = {kid: i for i, kid in enumerate(self.table["id"])} if self.table is not None else {}
        listed = list(kansen)
        unranked = len(position) + len(listed)

        def key(item: tuple[int, Koppelkans]) -> tuple[int, int]:
            i, k = item
            return (position[k.id] if self.scored(k.id) else unranked, i)

        return [k for _, k in sorted(enumerate(listed), key=key)]

    def shared(self, rank: int) -> str:
        """``gedeelde 3e plaats`` / ``shared 3rd place``, escaped."""
        return self.tx("rank_shared", ordinal=self.ordinal(rank))

    @staticmethod
    def items(values: tuple[str, ...]) -> str:
        return "".join(f"<li>{escape(v)}</li>" for v in values)


def is_nan(x: object) -> bool:
    """Whether a table cell holds no number (a koppelkans nobody scored)."""
    try:
        return x is None or math.isnan(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def shorten(text: str, limit: int = 34) -> str:
    """A name cut to fit a chart's label column; the full name is in the tooltip."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
