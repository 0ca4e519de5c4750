"""The weights chart: each criterion's share of the total weight (Ambitie & criteria)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from decision.core.validate import as_weights
from decision.core.weighting import display_percentages
from decision.domain.model import Criterion
from decision.text.formatting import percent
from decision.text.i18n import t

from ._layout import category_axis, criterion_label, finish, frame, labelled_bars, wrap
from ._style import PALETTE, user_text_as_text


@user_text_as_text
def weights_bar(criteria: Sequence[Criterion], weights: Sequence[float], lang: str = "nl") -> go.Figure:
    """One horizontal bar per criterion with its share of the total weight (``25%``).

    The weights are rescaled to sum to 1; negative, NaN or all-zero weights raise
    the engine's :class:`~decision.errors.WeightsError`.
    """
    criteria = list(criteria)
    shares = [float(s) for s in as_weights(list(weights), len(criteria))] if criteria else []
    ids = [c.id for c in criteria]
    labels = [criterion_label(c, lang) for c in criteria]
    fig = go.Figure(
        labelled_bars(
            ids,
            shares,
            [percent(p / 100, lang) for p in display_percentages(shares)],
            labels,
            hover_label=t("chart.hover.share", lang),
            marker={"color": PALETTE["blue"]},
            name=t("chart.weights.axis", lang),
            showlegend=False,
        )
    )
    head = frame(fig, lang, t("chart.weights.title", lang))
    top = max(shares, default=0.0)
    fig.update_xaxes(range=[0, top * 1.18 if top > 0 else 1.0], visible=False)
    category_axis(fig, ids, [wrap(label, 28, 2) for label in labels])
    fig.update_layout(bargap=0.3)
    finish(fig, head, 60 * max(len(ids), 1))
    return fig
