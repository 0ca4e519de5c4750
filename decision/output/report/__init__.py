"""A self-contained HTML report of a workshop, for the council and for residents.

:func:`build_report` returns one HTML document: no JavaScript, no external files,
charts drawn as inline SVG. It reads on screen and prints to A4 from any
browser (``@page``, cards and table rows that do not break across pages, table
headers that repeat on every page, no dark backgrounds).

The text is plain language (B1 Dutch, or English) and comes from the catalog
(keys ``report.…``). Everything a team typed in (names, motivations, descriptions,
anchors) is escaped before it goes into the page. The charts use the Okabe–Ito
palette and carry text labels (the numbers in the stacked bars match the legend),
so they still read in black-and-white print.

The parts: :mod:`._style` (stylesheet and colours), :mod:`._context` (what every
part shares, and the escaping building blocks), :mod:`._sections` (the sections
in order) and :mod:`._svg` (the charts).
"""

from __future__ import annotations

import datetime as dt

from decision.core.aggregation import AGGREGATIONS
from decision.core.methods import METHODS
from decision.domain.analysis import rank_workshop
from decision.domain.model import Workshop
from decision.errors import InputError

from ._sections import Report
from ._style import CSS, OKABE_ITO

__all__ = ["CSS", "OKABE_ITO", "build_report"]


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
    return Report(w, lang, method, aggregation, ranking, generated or dt.date.today()).document()
