"""What a koppelkans's fiche still lacks before it can go to the projectteam as a proposal."""

from __future__ import annotations

from dataclasses import dataclass

from decision.domain.model import Fiche, FundingState, Koppelkans
from decision.text.i18n import t

FIELDS: tuple[str, ...] = ("trekker", "kostendrager", "dekking", "gevolgen", "voorwaarden", "vervolgstappen")


def missing_fields(kans: Koppelkans) -> tuple[str, ...]:
    """Codes of the required fields not set, in the order a fiche shows them."""
    f = kans.fiche
    filled = {
        "trekker": bool(kans.lead.strip()),
        "kostendrager": bool(f.cost_bearer.strip()),
        "dekking": any(line.source.strip() for line in f.funding),
        "gevolgen": bool(f.consequences.strip()),
        "voorwaarden": any(c.strip() for c in f.conditions),
        # A step without an owner and a date is a wish, not a plan.
        "vervolgstappen": any(s.owner.strip() and s.due is not None for s in f.next_steps),
    }
    return tuple(code for code in FIELDS if not filled[code])


def complete(kans: Koppelkans) -> bool:
    """Whether every required field of the fiche is set."""
    return not missing_fields(kans)


def missing_labels(kans: Koppelkans, lang: str = "nl") -> tuple[str, ...]:
    """The required fields not set, as a screen names them ("kostendrager", "cost bearer")."""
    return tuple(t(f"fiche.field.{code}", lang) for code in missing_fields(kans))


@dataclass(frozen=True)
class FundingSummary:
    """The dekking in three sums (euros): all lines with an amount, those promised, those still to find.

    ``unknown`` counts the lines without an amount: a total that leaves them out says so.
    """

    total: float
    committed: float
    to_arrange: float
    unknown: int


def funding_summary(fiche: Fiche) -> FundingSummary:
    known = [line for line in fiche.funding if line.amount is not None]
    committed = sum(float(x.amount or 0) for x in known if x.state is FundingState.COMMITTED)
    to_arrange = sum(float(x.amount or 0) for x in known if x.state is FundingState.TO_ARRANGE)
    return FundingSummary(committed + to_arrange, committed, to_arrange, len(fiche.funding) - len(known))
