"""The criteria table on Ambitie, with each weight as the whole percentage every screen shows.

The stored weights need not be percentages (a ranking or AHP gives shares such as
0.4567, a file may say 3, 2 and 1), and shown raw they read 42.9 where the sliders,
the chart and the report say 43%. So the table shows
:func:`~decision.core.weighting.display_percentages`, and an edit is read back so
that only what the team changed changes:

- A weight left as it was shown keeps its stored value exactly: renaming a
  criterion or removing one does not round the others' weights.
- One weight typed anew works as its slider does: that criterion gets exactly that
  percentage, the others share the rest in proportion
  (:func:`~decision.domain.operations.set_percentage`).
- Several weights at once (a pasted column, a new row with a weight): the numbers
  in the table, as percentages, become the weights
  (:func:`~decision.domain.operations.weigh_directly`).

A typed weight is a percentage, so 0 to 100; anything else is refused with a
message naming the cell, as the table does for other cells.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from decision.core.weighting import display_percentages
from decision.domain.model import Workshop
from decision.domain.operations import replace_criteria, set_percentage, weigh_directly
from decision.errors import FileFormatError
from decision.files.tables import TABLE, criteria_frame, criteria_from_frame

WEIGHT_COLUMN = "gewicht"
LOWEST, HIGHEST = 0, 100


def shown_weights(w: Workshop) -> dict[str, int]:
    """Each criterion's weight as the whole percentage the sliders and the chart show."""
    return dict(zip(w.criterion_ids, display_percentages([c.weight for c in w.criteria]), strict=True))


def criteria_table(w: Workshop) -> pd.DataFrame:
    """The criteria as the table shows them: the weight column in whole percentages."""
    frame = criteria_frame(w)
    frame[WEIGHT_COLUMN] = pd.Series(list(shown_weights(w).values()), index=frame.index, dtype="int64")
    return frame


def _refuse_beyond_percent(frame: pd.DataFrame) -> None:
    for row in frame.index:
        value = pd.to_numeric(frame.at[row, WEIGHT_COLUMN], errors="coerce")
        if pd.notna(value) and value > HIGHEST:
            where = ("where.cell", {"row": int(row) + 1, "column": WEIGHT_COLUMN})
            bounds = {"low": str(LOWEST), "high": str(HIGHEST)}
            raise FileFormatError(TABLE, where, "range", value=f"{value:g}", **bounds)


def workshop_from_table(frame: pd.DataFrame, w: Workshop) -> Workshop:
    """The workshop with the criteria of the edited table (see the module docstring).

    Raises :class:`~decision.errors.FileFormatError` for a cell the table refuses.
    """
    criteria = criteria_from_frame(frame, w.criteria)  # refuses empty labels, negative weights, ...
    _refuse_beyond_percent(frame)
    shown = shown_weights(w)
    stored = {c.id: c.weight for c in w.criteria}
    typed = {c.id: c.weight for c in criteria}
    changed = [cid for cid, weight in typed.items() if weight != shown.get(cid, 0)]
    # Kept criteria keep their stored weight; a new row weighs what was typed (0 if nothing).
    kept = replace_criteria(w, (replace(c, weight=stored.get(c.id, c.weight)) for c in criteria))
    if not changed:
        return kept
    if len(changed) == 1 and changed[0] in stored:
        return set_percentage(kept, changed[0], round(typed[changed[0]]))
    return weigh_directly(kept, typed)
