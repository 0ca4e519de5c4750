"""Whose view counts how: the stakeholder groups behind the sheets of a workshop.

With "elke groep telt even zwaar" (:attr:`GroupWeighting.GROUPS`) the mean is taken within
each group first and then across the groups, so the one resident among seven professionals
weighs as much as the seven. Participants who gave no group together form one group of
their own.

``automatisch`` (:attr:`GroupWeighting.AUTO`) counts per person until a live round, where
every phone names its group, brings in people from more than one stakeholder group: from
then on it counts per group (:func:`counts_by_group` with ``live_groups``). The store knows
the rounds and who joined them, and applies the rule when it loads a workshop
(:func:`after_live_rounds`), so every ranking of that workshop follows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import numpy as np

from decision.domain.model import GroupWeighting, Workshop

NO_GROUP = ""  # the group of participants who gave none


def counts_by_group(w: Workshop, live_groups: Iterable[str] = ()) -> bool:
    """Whether the sheets are averaged per stakeholder group before across the groups.

    ``live_groups`` are the groups of the participants who joined an open or finished live
    round of the workshop. Per group when the workshop chose so; with ``automatisch`` also
    when those participants come from more than one stakeholder group (a participant who
    gave none is of no group here); else per person.
    """
    if w.group_weighting is GroupWeighting.AUTO:
        return len(set(live_groups) - {NO_GROUP}) > 1
    return w.group_weighting is GroupWeighting.GROUPS


def after_live_rounds(w: Workshop, live_groups: Iterable[str]) -> Workshop:
    """The workshop with ``automatisch`` made per group when its live rounds say so; else as it is.

    An explicit choice (per person or per group) always stays.
    """
    if w.group_weighting is GroupWeighting.AUTO and counts_by_group(w, live_groups):
        return replace(w, group_weighting=GroupWeighting.GROUPS)
    return w


def group_index_of(w: Workshop, participant_ids: tuple[str, ...]) -> np.ndarray:
    """One whole number per sheet: equal numbers are the same group (in the workshop's group order)."""
    order = {g.id: i for i, g in enumerate(w.groups)}
    group_of = {p.id: p.group for p in w.participants}
    no_group = len(order)
    return np.array([order.get(group_of.get(pid, NO_GROUP), no_group) for pid in participant_ids], dtype=int)
