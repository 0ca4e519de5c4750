"""A participant's own 100 points over the criteria, and a stakeholder group's weights made of them.

In a round that asks for weights, each phone divides 100 points over the criteria. A
group's weights are then the mean of its members' points: every member counts the same
within the group, and each group has a set of its own (the workshop's ``group_weights``),
so the results can be checked against every group's view of what matters.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

from decision.domain.groups import NO_GROUP
from decision.domain.model import Workshop
from decision.errors import WeightsError

POINTS_TOTAL = 100.0
# a sum typed on a phone is whole points; this only absorbs float round-off
POINTS_TOLERANCE = 1e-6


def formatted(total: float) -> str:
    """A sum of points as the message shows it: 90, or 99.5 where halves were typed."""
    return f"{total:.2f}".rstrip("0").rstrip(".")


def checked_points(w: Workshop, points: Mapping[str, float]) -> dict[str, float]:
    """The points as stored: one entry per criterion of the workshop (0 where none were given).

    Raises :class:`WeightsError` naming the criterion for a value that is not a number
    from 0 to 100 or a criterion the workshop does not have, and naming the total when
    the points do not add up to 100.
    """
    labels = {c.id: c.label for c in w.criteria}
    for criterion_id, value in points.items():
        if criterion_id not in labels:
            raise WeightsError("points_unknown_criterion", criterion=criterion_id)
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
            raise WeightsError("points_not_a_number", criterion=labels[criterion_id])
        if not 0 <= value <= POINTS_TOTAL:
            raise WeightsError("points_out_of_range", criterion=labels[criterion_id], value=value)
    total = sum(float(v) for v in points.values())
    if abs(total - POINTS_TOTAL) > POINTS_TOLERANCE:
        raise WeightsError("points_total", spent=formatted(total), total=int(POINTS_TOTAL))
    return {c.id: float(points.get(c.id, 0.0)) for c in w.criteria}


def group_points(w: Workshop, points: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    """Per stakeholder group that gave points: the mean of its members' points, per criterion.

    ``points`` maps a participant id to their points. Participants without a group, or
    with a group the workshop no longer has, count for no group. The means of sets that
    each add up to 100 add up to 100 as well, so a group's result is a weighting as it is.
    """
    known = {g.id for g in w.groups}
    by_group: dict[str, list[Mapping[str, float]]] = {}
    for person in w.participants:
        given = points.get(person.id)
        group = person.group or NO_GROUP
        if given and group in known:
            by_group.setdefault(group, []).append(given)
    return {
        group: {c.id: sum(float(p.get(c.id, 0.0)) for p in sets) / len(sets) for c in w.criteria}
        for group, sets in by_group.items()
    }


def with_group_weights(w: Workshop, points: Mapping[str, Mapping[str, float]]) -> Workshop:
    """The workshop with each group that gave points weighted by its members' mean.

    Groups that gave no points keep the weights they had (typed in on the facilitator's
    screen, say); a group whose criterion got no points at all gets 0 there.
    """
    taken = group_points(w, points)
    if not taken:
        return w
    return replace(w, group_weights={**{g: dict(ws) for g, ws in w.group_weights.items()}, **taken})
