"""The firmness of a workshop's top k, in numbers and in one sentence per koppelkans.

:func:`analyse` runs the robustness engine on a :class:`~decision.domain.model.Workshop`
(with weights the team is trying out) and :func:`sentences` words the outcome in
plain Dutch or English, e.g. "Kans X blijft in de top 3 zolang 'risico's' tussen
10% en 34% weegt; in 87% van de scenario's zit X in de top 3."
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from decision.core.methods import DEFAULT_METHOD
from decision.core.robustness import (
    MemberInterval,
    Remedy,
    StabilityInterval,
    member_intervals,
    rank_acceptability,
    stability_intervals,
    what_would_it_take,
)
from decision.core.weighting import display_percentages
from decision.domain.analysis import Ranking, bounds_of, directions_of, rank_workshop, score_cube
from decision.domain.facts import fact_ranges
from decision.domain.groups import counts_by_group, group_index_of
from decision.domain.model import Workshop
from decision.text.formatting import number, percent
from decision.text.i18n import t

SAMPLES, SEED = 10_000, 0

# An interval end found by bisection lies within about 1e-6 of the true edge: an edge
# at 27.0000004% is 27%, not 28%.
_EDGE_SLACK = 1e-4

# Named levels of weight uncertainty for the page: the Dirichlet concentration.
UNCERTAINTY = {"none": None, "small": 200.0, "medium": 60.0, "large": 20.0}


@dataclass(frozen=True)
class SensitivityReport:
    ranking: Ranking
    k: int
    top: tuple[str, ...]
    probabilities: np.ndarray  # per koppelkans, in workshop order
    intervals: tuple[StabilityInterval, ...]
    members: dict[str, tuple[MemberInterval, ...]]
    uncertain: bool  # whether any scenario differs from the point estimate

    def probability(self, kans_id: str) -> float:
        return float(self.probabilities[self.ranking.kans_ids.index(kans_id)])


@dataclass(frozen=True)
class ScenarioSetup:
    """What the scenarios of a ranking are drawn from: the arrays the robustness engine takes.

    ``matrix`` is the counted sheets (p×m×n) when the participants are bootstrapped,
    else the ranking's aggregated matrix; ``ranges`` the cells the inventory fills in
    with a span of levels (None: none); ``groups`` each sheet's stakeholder group when
    every group counts equally, so the bootstrap draws within each group (None: per
    person). ``varies`` says whether scenarios can differ without drawn weights (more
    than one sheet, or with groups a group of several, or a cell with a span).
    """

    matrix: np.ndarray
    weights: np.ndarray
    directions: np.ndarray
    bounds: np.ndarray
    ranges: np.ndarray | None
    varies: bool
    groups: np.ndarray | None = None


def scenario_setup(
    w: Workshop, ranking: Ranking, *, participants: bool = True, facts: bool = True
) -> ScenarioSetup:
    """The scenario inputs for ``ranking``, the same for every page that asks "what if".

    Gevoeligheid and the packages both draw their scenarios from here, so with the same
    seed, number of samples and concentration they weigh the very same scenarios.
    """
    # the bootstrap draws from the very sheets the base ranking rests on, and no others
    cube = score_cube(w, ranking.sheets.sheets)
    use_sheets = participants and cube.values.shape[0] > 1
    matrix = cube.values if use_sheets else ranking.matrix
    # As the base ranking counts each group equally, so does every scenario: a resample
    # that dropped a group, or let the largest one outweigh the rest, is not a plausible
    # version of that ranking.
    groups = group_index_of(w, cube.participant_ids) if use_sheets and counts_by_group(w) else None
    people_vary = use_sheets and (groups is None or bool((np.bincount(groups) > 1).any()))
    sheets = ranking.sheets.sheets
    ranges = fact_ranges(w, sheets) if facts and sheets else None
    spans = ranges is not None and bool((ranges[..., 0] < ranges[..., 1]).any())
    return ScenarioSetup(
        matrix, ranking.result.weights, directions_of(w), bounds_of(w), ranges, people_vary or spans, groups
    )


def analyse(
    w: Workshop,
    *,
    method: str = DEFAULT_METHOD,
    aggregation: str = "mean",
    k: int = 3,
    concentration: float | None = 60.0,
    participants: bool = True,
    facts: bool = True,
    samples: int = SAMPLES,
    seed: int = SEED,
) -> SensitivityReport:
    """Top-k probabilities and stability for the workshop as given (weights included).

    ``aggregation`` ("mean" or "median") combines the participants' scores as on
    the results page: it gives the base ranking, the matrix whose weights the
    intervals move, and, with ``participants``, how every bootstrap scenario
    combines the sheets; when the workshop counts each group equally
    (:func:`decision.domain.groups.counts_by_group`) the bootstrap draws within each
    group, so every scenario keeps every group. Only the sheets the workshop counts take part
    (:func:`decision.domain.sheets.sheets_used`), in the ranking and in the bootstrap.

    A cell the inventory fills in (:mod:`decision.domain.facts`) and no counted sheet
    overrides is as uncertain as its koppelkans's range: every scenario draws its level
    from the span of levels that range reaches (``facts=False`` keeps it at its level).
    """
    ranking = rank_workshop(w, method, aggregation)
    setup = scenario_setup(w, ranking, participants=participants, facts=facts)
    weights, directions, bounds, ranges = setup.weights, setup.directions, setup.bounds, setup.ranges
    probabilities = rank_acceptability(
        setup.matrix,
        weights,
        directions,
        bounds,
        k=k,
        samples=samples,
        concentration=concentration,
        seed=seed,
        method=method,
        aggregation=aggregation,
        ranges=ranges,
        groups=setup.groups,
    )
    top = tuple(ranking.top(k))
    intervals = tuple(stability_intervals(ranking.matrix, weights, directions, bounds, k=k, method=method))
    members = {
        kid: tuple(
            member_intervals(
                ranking.matrix, weights, directions, bounds, ranking.kans_ids.index(kid), k=k, method=method
            )
        )
        for kid in top
    }
    return SensitivityReport(
        ranking,
        k,
        top,
        probabilities,
        intervals,
        members,
        uncertain=setup.varies or concentration is not None,
    )


def remedy(report: SensitivityReport, w: Workshop, kans_id: str) -> Remedy:
    r = report.ranking
    return what_would_it_take(
        r.matrix,
        r.result.weights,
        directions_of(w),
        bounds_of(w),
        r.kans_ids.index(kans_id),
        k=report.k,
        method=r.method,
    )


def _percent_text(whole: int, lang: str) -> str:
    return percent(whole / 100, lang)


def _whole_percent_past(edge: float, current: float) -> int:
    """The whole percentage nearest to ``edge`` on the far side from the ``current`` share.

    The team sets weights in whole percentages (the sliders), so the remedy names
    one they can set that does reach past the edge: rounded up when the weight has
    to grow, down when it has to shrink.
    """
    exact = 100 * edge
    whole = math.ceil(exact - _EDGE_SLACK) if edge >= current else math.floor(exact + _EDGE_SLACK)
    return int(min(max(whole, 0), 100))


def _criterion_label(w: Workshop, index: int, lang: str) -> str:
    return w.criteria[index].label.get(lang)


def member_sentence(report: SensitivityReport, w: Workshop, kans_id: str, lang: str = "nl") -> str:
    """One sentence on how firm a top-k member is: its tightest weight limit and its probability."""
    name = w.kans(kans_id).name
    intervals = report.members.get(kans_id, ())
    tight = min(intervals, key=lambda iv: iv.margin) if intervals else None
    k = report.k
    if tight is None or tight.margin >= 1.0:
        first = t("sens.sentence.any_weight", lang, name=name, k=k)
    else:
        criterion = _criterion_label(w, tight.criterion, lang)
        low, high = percent(tight.low, lang), percent(tight.high, lang)
        if tight.low <= 0:
            first = t("sens.sentence.at_most", lang, name=name, k=k, criterion=criterion, high=high)
        elif tight.high >= 1:
            first = t("sens.sentence.at_least", lang, name=name, k=k, criterion=criterion, low=low)
        else:
            first = t("sens.sentence.between", lang, name=name, k=k, criterion=criterion, low=low, high=high)
    if not report.uncertain:
        return first + "."
    share = percent(report.probability(kans_id), lang)
    return first + t("sens.sentence.probability", lang, name=name, k=k, share=share)


def remedy_sentence(report: SensitivityReport, w: Workshop, kans_id: str, lang: str = "nl") -> str:
    """What would bring a koppelkans outside the top k in: one weight, or one score."""
    fix = remedy(report, w, kans_id)
    name = w.kans(kans_id).name
    weights = report.ranking.result.weights
    parts = []
    if fix.weight is not None:
        j = fix.weight.criterion
        old_percent = display_percentages(weights)[j]
        new_percent = _whole_percent_past(fix.weight.weight, float(weights[j]))
        parts.append(
            t(
                "sens.remedy.weight",
                lang,
                criterion=_criterion_label(w, j, lang),
                new=_percent_text(new_percent, lang),
                old=_percent_text(old_percent, lang),
            )
        )
    if fix.score is not None:
        j = fix.score.criterion
        i = report.ranking.kans_ids.index(kans_id)
        old_value, new_value = report.ranking.matrix[i, j], fix.score.value
        digits = 1 if number(old_value, lang, 1) != number(new_value, lang, 1) else 2  # show that it moves
        parts.append(
            t(
                "sens.remedy.score",
                lang,
                criterion=_criterion_label(w, j, lang),
                new=number(new_value, lang, digits),
                old=number(old_value, lang, digits),
            )
        )
    if not parts:
        return t("sens.remedy.none", lang, name=name, k=report.k)
    joined = t("sens.remedy.or", lang).join(parts)
    return t("sens.remedy.lead", lang, name=name, k=report.k, changes=joined)
