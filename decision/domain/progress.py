"""How far the scoring is: per participant, per koppelkans, and what is still open.

A cell the inventory fills in (:mod:`decision.domain.facts`) is not asked, so it is no
part of the progress: not in the total, not open, and never what keeps a koppelkans
from being complete. An answer given there anyway is an override, not progress.
"""

from __future__ import annotations

import pandas as pd

from decision.domain.facts import facts_of
from decision.domain.model import Participant, Workshop
from decision.text.i18n import t

GROUP_ID = "groep"
# The name the app gives the consensus sheet, in either language: a role, not a person's
# name, so it is shown in the reader's language whichever language it was made in.
GROUP_NAMES = frozenset({t("participant.group_name", "nl"), t("participant.group_name", "en")})


def participant_name(p: Participant, lang: str = "nl") -> str:
    """The name a participant is shown by: the consensus sheet as "Groep (consensus)" in ``lang``."""
    if p.id == GROUP_ID and p.name.strip() in GROUP_NAMES:
        return t("participant.group_name", lang)
    return p.name


def participant_progress(w: Workshop, lang: str = "nl") -> pd.DataFrame:
    """One row per participant: answers given (a "weet niet" counts as answered), out of all
    cells that are asked. Names are as :func:`participant_name` shows them in ``lang``."""
    cells = asked_cells(w)
    total = len(cells)
    rows = []
    for p in w.participants:
        answered = dont_know = 0
        for kid, cid in cells:
            key = (p.id, kid, cid)
            if key in w.scores:
                answered += 1
                dont_know += w.scores[key] is None
        share = answered / total if total else 0.0
        rows.append((p.id, participant_name(p, lang), p.role, answered, dont_know, total, share))
    return pd.DataFrame(
        rows, columns=["participant", "name", "role", "answered", "dont_know", "total", "share"]
    )


def open_cells(w: Workshop, participant_id: str) -> list[tuple[str, str]]:
    """(koppelkans, criterion) pairs this participant has not answered yet, in table order."""
    return [(kid, cid) for kid, cid in asked_cells(w) if (participant_id, kid, cid) not in w.scores]


def asked_cells(w: Workshop) -> list[tuple[str, str]]:
    """Every (koppelkans, criterion) pair a participant is asked, in table order."""
    filled = facts_of(w)
    return [(k.id, c.id) for k in w.kansen for c in w.criteria if (k.id, c.id) not in filled]


def kans_complete(w: Workshop, participant_id: str, kans_id: str) -> bool:
    filled = facts_of(w)
    return all(
        (participant_id, kans_id, c.id) in w.scores for c in w.criteria if (kans_id, c.id) not in filled
    )
