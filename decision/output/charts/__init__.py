"""Charts for the workshop: pure builders that return a plotly ``go.Figure``.

Where to look:

- :mod:`._style`: the typeface, the Okabe–Ito palette, patterns, marker symbols,
  and :func:`user_text_as_text`, which escapes the team's texts for plotly;
- :mod:`._layout`: the frame every chart shares (title, subtitle, legend and
  notes laid out in pixels) and small helpers (wrapping, hover templates);
- :mod:`.weights`: the weights per criterion (Ambitie & criteria);
- :mod:`.timeline`: when the linked projects start (Koppelkansen);
- :mod:`.results`: contributions, profile and heatmap (Resultaten);
- :mod:`.value_for_money`: score against extra cost (Resultaten);
- :mod:`.methods`: the weighted sum against TOPSIS (Resultaten);
- :mod:`.robustness`: top-k probability and stability intervals (Gevoeligheid);
- :mod:`.packages`: workload per year, relations and core index of packages (Pakketten).

Every builder follows the same rules: colours that stay apart for colour-blind
readers and never colour alone; large fonts, a white background, no gridlines;
numbers the Dutch way with money and numbers formatted by
:mod:`decision.text.formatting`; every visible text from the catalog; names the
team typed in go into plotly only as escaped data text (hover texts refer to
them through ``%{customdata}``, never by pasting them into a template). Nothing
here imports streamlit, and the same input gives the same figure.
"""

from ._style import (
    CRITERION_COLORS,
    CRITERION_PATTERNS,
    DASHES,
    DISAGREEMENT_MARK,
    FONT_FAMILY,
    FONT_SIZE,
    NOTE_SIZE,
    PALETTE,
    SERIES,
    SYMBOLS,
    TITLE_SIZE,
    TYPE_STYLE,
    UNSCORED_MARK,
    plotly_text,
    separators,
    user_text_as_text,
)
from .methods import METHOD_COLUMNS, SLOPE_STYLE, method_comparison
from .packages import RELATION_STYLE, core_index_chart, relations_chart, workload_chart
from .results import contributions_bar, profile_chart, score_heatmap
from .robustness import stability_chart, topk_probability_bar
from .timeline import DEFAULT_DURATION_YEARS, MOMENT_STYLE, timeline
from .value_for_money import FRONT_OUTLINE, value_for_money
from .weights import weights_bar

__all__ = [
    "CRITERION_COLORS",
    "CRITERION_PATTERNS",
    "DASHES",
    "DEFAULT_DURATION_YEARS",
    "DISAGREEMENT_MARK",
    "FONT_FAMILY",
    "FONT_SIZE",
    "FRONT_OUTLINE",
    "METHOD_COLUMNS",
    "MOMENT_STYLE",
    "NOTE_SIZE",
    "PALETTE",
    "RELATION_STYLE",
    "SERIES",
    "SLOPE_STYLE",
    "SYMBOLS",
    "TITLE_SIZE",
    "TYPE_STYLE",
    "UNSCORED_MARK",
    "contributions_bar",
    "core_index_chart",
    "method_comparison",
    "plotly_text",
    "profile_chart",
    "relations_chart",
    "score_heatmap",
    "separators",
    "stability_chart",
    "timeline",
    "topk_probability_bar",
    "user_text_as_text",
    "value_for_money",
    "weights_bar",
    "workload_chart",
]
