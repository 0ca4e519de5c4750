"""Whose view counts how: the stakeholder groups behind the sheets of a workshop.

With "elke groep telt even zwaar" (:attr:`GroupWeighting.GROUPS`) the mean is taken within
each group first and then across the groups, so the one resident among seven professionals
weighs as much as the seven. Participants who gave no group together form one group of
their own. ``automatisch`` counts per person: a live round, where every phone names its
group, sets the choice to per group when it opens.
"""

from __future__ import annotations

import numpy as np

from decision.domain.model import GroupWeighting, Workshop

NO_GROUP = ""  # the group of participants who gave none


def counts_by_group(w: Workshop) -> bool:
    """Whether the sheets are averaged per stakeholder group before across the groups."""
    return w.group_weighting is GroupWeighting.GROUPS


def group_index_of(w: Workshop, participant_ids: tuple[str, ...]) -> np.ndarray:
    """One whole number per sheet: equal numbers are the same group (in the workshop's group order)."""
    order = {g.id: i for i, g in enumerate(w.groups)}
    group_of = {p.id: p.group for p in w.participants}
    no_group = len(order)
    return np.array([order.get(group_of.get(pid, NO_GROUP), no_group) for pid in participant_ids], dtype=int)
