"""The look every chart shares, and the one place where team text is made safe for plotly.

The charts are shown on a projector at the back of a room, on phones and on
paper, so they share:

- colours from the Okabe–Ito palette, which stays apart for colour-blind
  readers, and never colour alone: marker symbols, line dashes and fill
  patterns carry the same meaning;
- one typeface in large sizes;
- numbers the Dutch way in Dutch (``separators=",."``).

Plotly reads a subset of HTML in every label (``<b>``, ``<br>``, ``<a href>``),
so a name the team typed in would be drawn as markup. :func:`user_text_as_text`
wraps every public builder and entity-escapes the team's texts (names of
koppelkansen and projects, criterion labels) before the builder sees them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType
from typing import Any, ParamSpec, TypeVar

import pandas as pd

from decision.domain.model import Criterion, KansType, Koppelkans, Text, Workshop

PALETTE = MappingProxyType(
    {
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "green": "#009E73",
        "purple": "#CC79A7",
        "orange": "#E69F00",
        "sky": "#56B4E9",
        "grey": "#4D4D4D",
        "muted": "#ABABAB",
        "text": "#1A1A1A",
        "band": "#56B4E9",
        "missing": "#EDEDED",
    }
)

# one colour after another for series that have no meaning of their own
SERIES = tuple(PALETTE[k] for k in ("blue", "vermillion", "green", "purple", "orange", "sky", "grey"))
# criteria in stacked bars: neighbours differ in lightness as well as hue
CRITERION_COLORS = tuple(
    PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "grey")
)
CRITERION_PATTERNS = ("", "/", ".", "x", "\\", "+", "-")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star")

TYPE_STYLE = MappingProxyType(
    {
        KansType.SOCIAL: MappingProxyType({"color": PALETTE["vermillion"], "symbol": "circle"}),
        KansType.PHYSICAL: MappingProxyType({"color": PALETTE["blue"], "symbol": "square"}),
        KansType.BOTH: MappingProxyType({"color": PALETTE["purple"], "symbol": "diamond"}),
    }
)

FONT_FAMILY = '"Source Sans", "Source Sans Pro", Arial, Helvetica, sans-serif'  # the app's own type
FONT_SIZE = 18
TITLE_SIZE = 26
NOTE_SIZE = 16
DISAGREEMENT_MARK = "⚑"
UNSCORED_MARK = "?"

_Params = ParamSpec("_Params")
_Figure = TypeVar("_Figure")


def plotly_text(text: str) -> str:
    """User text made literal for plotly, which reads a subset of HTML in every label
    (``<b>``, ``<br>``, ``<a href>``): its markup characters become entities, which
    plotly shows as the characters themselves."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain_kans(k: Koppelkans) -> Koppelkans:
    project = k.project and replace(k.project, name=plotly_text(k.project.name))
    milestones = tuple(replace(m, name=plotly_text(m.name)) for m in k.fiche.milestones)
    fiche = replace(k.fiche, milestones=milestones)
    return replace(k, name=plotly_text(k.name), project=project, fiche=fiche)


def _plain_criterion(c: Criterion) -> Criterion:
    return replace(c, label=Text(plotly_text(c.label.nl), plotly_text(c.label.en)))


def _plain(value: Any) -> Any:
    """``value`` with every text the team typed escaped; other values as they are."""
    if isinstance(value, Workshop):
        return replace(
            value,
            kansen=tuple(map(_plain_kans, value.kansen)),
            criteria=tuple(map(_plain_criterion, value.criteria)),
        )
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Koppelkans) for v in value):
        return [_plain_kans(v) for v in value]
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Criterion) for v in value):
        return [_plain_criterion(v) for v in value]
    if isinstance(value, pd.DataFrame) and "name" in value.columns:
        return value.assign(name=value["name"].map(plotly_text))
    return value


def user_text_as_text(builder: Callable[_Params, _Figure]) -> Callable[_Params, _Figure]:
    """Every builder gets the team's texts escaped for plotly, in one place."""

    @functools.wraps(builder)
    def wrapped(*args: _Params.args, **kwargs: _Params.kwargs) -> _Figure:
        return builder(*map(_plain, args), **{k: _plain(v) for k, v in kwargs.items()})

    return wrapped


def separators(lang: str) -> str:
    """Decimal and thousands separator for plotly: ``,.`` in Dutch, ``.,`` in English."""
    return ".," if lang == "en" else ",."
