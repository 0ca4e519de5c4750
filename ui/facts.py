"""How a cell the inventory fills in is shown: the fact, and an answer that differs from it.

The rule itself (which cells, which level, what a sheet keeps) is in
:mod:`decision.domain.facts`; here are only its words on screen.
"""

from __future__ import annotations

from decision.domain.facts import COST, Fact
from decision.domain.model import Criterion, NumericScale
from decision.text import formatting
from ui.state import tr
from ui.text import md


def range_text(found: Fact, lang: str) -> str:
    """The koppelkans's own range: euros for its cost, months for its duration."""
    if found.source == COST:
        return formatting.money_range(found.range, lang)
    return formatting.months_range(found.range, lang)


def _value_text(c: Criterion, value: float, lang: str) -> str:
    if isinstance(c.scale, NumericScale):
        digits = 0 if float(value).is_integer() else 2
        return f"{formatting.number(value, lang, digits)} {md(c.scale.unit)}".strip()
    return f"{value:g}"


def fact_sentence(c: Criterion, found: Fact, lang: str) -> str:
    """ "Volgens de inventarisatie: € 50.000 – € 250.000, niveau 2".

    The range and levels are numbers the app formats itself; only a scale's unit is the
    user's text, and that is made literal.
    """
    shown = range_text(found, lang)
    if isinstance(c.scale, NumericScale):
        return tr("facts.from_inventory_number", range=shown, value=_value_text(c, found.value, lang))
    if found.spans:
        return tr(
            "facts.from_inventory_span",
            range=shown,
            level=f"{found.value:g}",
            low=f"{found.low:g}",
            high=f"{found.high:g}",
        )
    return tr("facts.from_inventory", range=shown, level=f"{found.value:g}")


def override_warning(c: Criterion, found: Fact, chosen: float | None, lang: str) -> str:
    """ "Volgens de inventarisatie € 50.000 – € 250.000 (niveau 2); je kiest 1"."""
    shown = range_text(found, lang)
    choice = tr("score.dont_know") if chosen is None else _value_text(c, chosen, lang)
    if isinstance(c.scale, NumericScale):
        return tr(
            "facts.override_number",
            range=shown,
            value=_value_text(c, found.value, lang),
            chosen=choice,
        )
    return tr("facts.override", range=shown, level=f"{found.value:g}", chosen=choice)
