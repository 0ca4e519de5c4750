"""How far the scoring is: per participant, per koppelkans, and what is still open."""

from __future__ import annotations

import pandas as pd

from decision.domain.model import Workshop

GROUP_ID = "groep"


def participant_progress(w: Workshop) -> pd.DataFrame:
    """One row per participant: answers given (a "weet niet" counts as answered), out of all cells."""
    total = len(w.kansen) * len(w.criteria)
    rows = []
    for p in w.participants:
        answered = dont_know = 0
        for k in w.kansen:
            for c in w.criteria:
                key = (p.id, k.id, c.id)
                if key in w.scores:
                    answered += 1
                    dont_know += w.scores[key] is None
        rows.append((p.id, p.name, p.role, answered, dont_know, total, answered / total if total else 0.0))
    return pd.DataFrame(
        rows, columns=["participant", "name", "role", "answered", "dont_know", "total", "share"]
    )


def open_cells(w: Workshop, participant_id: str) -> list[tuple[str, str]]:
    """(koppelkans, criterion) pairs this participant has not answered yet, in table order."""
    return [
        (k.id, c.id) for k in w.kansen for c in w.criteria if (participant_id, k.id, c.id) not in w.scores
    ]


def kans_complete(w: Workshop, participant_id: str, kans_id: str) -> bool:
    return all((participant_id, kans_id, c.id) in w.scores for c in w.criteria)
