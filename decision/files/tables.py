"""Editable tables: domain objects to data frames and back.

The app edits ambition themes, criteria and koppelkansen in ``st.data_editor``.
That widget reports *changes* (``edited_rows``, ``added_rows``,
``deleted_rows``) against the frame it was given; :func:`apply_edits` replays
them on that frame, and the ``*_from_frame`` functions turn the result back into
domain objects, refusing a table that would make an invalid workshop with a
message that names the row and column.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

import pandas as pd

from decision.domain.model import (
    AmbitionTheme,
    Criterion,
    Direction,
    KansType,
    Koppelkans,
    LinkedProject,
    OrdinalScale,
    Participant,
    Range,
    StakeholderGroup,
    Status,
    Text,
    Workshop,
)
from decision.errors import FileFormatError, RangeError
from decision.files.cells import LIST_SEPARATOR, fresh_ids, join_items, split_items

TABLE = "tabel"  # the file name shown for in-app table edits


def apply_edits(frame: pd.DataFrame, edits: Mapping[str, Any]) -> pd.DataFrame:
    """Replay a data editor's change record on the frame it was shown."""
    out = frame.copy().reset_index(drop=True)
    for row, changes in (edits.get("edited_rows") or {}).items():
        for column, value in changes.items():
            if column in out.columns:
                out.at[int(row), column] = value
    deleted = sorted({int(r) for r in edits.get("deleted_rows") or []})
    out = out.drop(index=[r for r in deleted if r in out.index]).reset_index(drop=True)
    added = [dict(row) for row in edits.get("added_rows") or []]
    if added:
        out = pd.concat([out, pd.DataFrame(added, columns=out.columns)], ignore_index=True)
    return out


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def _text(value: Any) -> str:
    return "" if _blank(value) else str(value).strip()


def _split(value: Any) -> tuple[str, ...]:
    # as the CSV reads a list cell: a "|" inside a value is written "\|"
    return split_items(_text(value))


def _join(values: tuple[str, ...]) -> str:
    return join_items(values, f" {LIST_SEPARATOR} ")


def _fail(row: int, column: str, problem: str, **params: Any) -> FileFormatError:
    return FileFormatError(TABLE, ("where.cell", {"row": row + 1, "column": column}), problem, **params)


def _ids(frame: pd.DataFrame, prefix: str, existing: Iterable[str] = ()) -> list[str]:
    """The id column, with fresh ids for new rows; duplicates are refused.

    A fresh id never reuses one of ``existing`` (the ids before this edit), even
    one whose row was just deleted: the new row would silently inherit the old
    one's hidden fields and scores.
    """
    taken = {_text(v) for v in frame["id"] if not _blank(v)} | set(existing)
    ids: list[str] = []
    seen: set[str] = set()
    for row, value in frame["id"].items():
        ident = _text(value) or fresh_ids(prefix, taken | seen)[0]
        if any(ch.isspace() for ch in ident):
            raise _fail(row, "id", "identifier", value=ident)
        if ident in seen:
            raise _fail(row, "id", "duplicate", what="id", value=ident)
        seen.add(ident)
        ids.append(ident)
    return ids


# -- ambition themes ---------------------------------------------------------------
THEME_COLUMNS = ["id", "thema", "doel", "indicator"]


def themes_frame(w: Workshop) -> pd.DataFrame:
    rows = [(t.id, t.theme, t.goal, t.indicator) for t in w.themes]
    return pd.DataFrame(rows, columns=THEME_COLUMNS).astype("object")


def themes_from_frame(
    frame: pd.DataFrame, existing: Iterable[AmbitionTheme] = ()
) -> tuple[AmbitionTheme, ...]:
    frame = frame[~frame[["thema", "doel", "indicator"]].map(_blank).all(axis=1)]
    ids = _ids(frame, "T", (t.id for t in existing))
    themes = []
    for row, ident in zip(frame.index, ids, strict=True):
        theme = _text(frame.at[row, "thema"])
        if not theme:
            raise _fail(row, "thema", "empty")
        themes.append(
            AmbitionTheme(ident, theme, _text(frame.at[row, "doel"]), _text(frame.at[row, "indicator"]))
        )
    return tuple(themes)


# -- criteria ------------------------------------------------------------------------
CRITERION_COLUMNS = ["id", "label_nl", "label_en", "richting", "gewicht"]
DEFAULT_ANCHORS = (
    Text("Zeer laag", "Very low"),
    Text("Laag", "Low"),
    Text("Gemiddeld", "Medium"),
    Text("Hoog", "High"),
    Text("Zeer hoog", "Very high"),
)


def criteria_frame(w: Workshop) -> pd.DataFrame:
    rows = [(c.id, c.label.nl, c.label.en, c.direction.code, c.weight) for c in w.criteria]
    return pd.DataFrame(rows, columns=CRITERION_COLUMNS).astype({"gewicht": float})


def criteria_from_frame(frame: pd.DataFrame, existing: tuple[Criterion, ...]) -> tuple[Criterion, ...]:
    """Criteria from the edited table; scales and descriptions of kept criteria stay."""
    frame = frame[~frame[["label_nl", "label_en"]].map(_blank).all(axis=1)]
    by_id = {c.id: c for c in existing}
    ids = _ids(frame, "C", by_id)
    out = []
    for row, ident in zip(frame.index, ids, strict=True):
        label = _text(frame.at[row, "label_nl"])
        if not label:
            raise _fail(row, "label_nl", "empty")
        try:
            direction = Direction.from_alias(_text(frame.at[row, "richting"]) or "hoger-is-beter")
        except ValueError:
            raise _fail(row, "richting", "choice", value=_text(frame.at[row, "richting"]),
                        allowed="hoger-is-beter, lager-is-beter") from None  # fmt: skip
        weight_raw = frame.at[row, "gewicht"]
        weight = 0.0 if _blank(weight_raw) else float(weight_raw)
        if weight < 0 or math.isnan(weight):
            raise _fail(row, "gewicht", "range", value=f"{weight:g}", low="0", high="∞")
        base = by_id.get(ident)
        label_text = Text(label, _text(frame.at[row, "label_en"]))
        if base is None:
            out.append(
                Criterion(ident, label_text, Text(""), direction, OrdinalScale(DEFAULT_ANCHORS), weight)
            )
        else:
            out.append(replace(base, label=label_text, direction=direction, weight=weight))
    if not out:
        raise FileFormatError(TABLE, "", "empty")
    if sum(c.weight for c in out) <= 0:
        raise FileFormatError(TABLE, ("where.column", {"column": "gewicht"}), "weights_zero")
    return tuple(out)


# -- koppelkansen --------------------------------------------------------------------
KANS_COLUMNS = [
    "id", "naam", "type", "project", "startjaar", "kosten_min", "kosten_max",
    "duur_min", "duur_max", "beleidsdomeinen", "partijen", "status",
]  # fmt: skip


# The years a linked project may start in (as a workshop file allows). The table does not
# hold the grid to them: a grid with min/max refuses a value without a word, so the cell
# just stays as it was; here the message names the row, the column and the range.
START_YEAR_LOW, START_YEAR_HIGH = 1900, 2200


def kansen_frame(w: Workshop) -> pd.DataFrame:
    rows = []
    for k in w.kansen:
        rows.append(
            {
                "id": k.id,
                "naam": k.name,
                "type": k.type.value,
                "project": k.project.name if k.project else "",
                "startjaar": k.project.start_year if k.project and k.project.start_year else None,
                "kosten_min": k.extra_cost.low if k.extra_cost else None,
                "kosten_max": k.extra_cost.high if k.extra_cost else None,
                "duur_min": k.duration_months.low if k.duration_months else None,
                "duur_max": k.duration_months.high if k.duration_months else None,
                "beleidsdomeinen": _join(k.policy_domains),
                "partijen": _join(k.parties),
                "status": k.status.value,
            }
        )
    frame = pd.DataFrame(rows, columns=KANS_COLUMNS)
    numeric = ["startjaar", "kosten_min", "kosten_max", "duur_min", "duur_max"]
    frame[numeric] = frame[numeric].astype("Float64")
    return frame


def _number(frame: pd.DataFrame, row: int, column: str, *, low: float = 0) -> float | None:
    value = frame.at[row, column]
    if _blank(value) or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _fail(row, column, "csv_number", value=str(value)) from None
    if math.isnan(number):
        return None
    if number < low:
        raise _fail(row, column, "range", value=f"{number:g}", low=f"{low:g}", high="∞")
    return number


def _range(frame: pd.DataFrame, row: int, low_col: str, high_col: str) -> Range | None:
    try:
        return Range.from_ends(_number(frame, row, low_col), _number(frame, row, high_col))
    except RangeError as err:
        raise _fail(row, high_col, err.key, **err.params) from None


def kansen_from_frame(frame: pd.DataFrame, existing: tuple[Koppelkans, ...]) -> tuple[Koppelkans, ...]:
    """Koppelkansen from the edited inventory; fields the table does not show are kept."""
    frame = frame[~frame[["naam", "project"]].map(_blank).all(axis=1)]
    by_id = {k.id: k for k in existing}
    ids = _ids(frame, "K", by_id)
    out = []
    for row, ident in zip(frame.index, ids, strict=True):
        name = _text(frame.at[row, "naam"])
        if not name:
            raise _fail(row, "naam", "empty")
        kind = _text(frame.at[row, "type"]) or KansType.PHYSICAL.value
        if kind not in {t.value for t in KansType}:
            raise _fail(row, "type", "choice", value=kind, allowed="sociaal, fysiek")
        year = _number(frame, row, "startjaar", low=-math.inf)
        if year is not None and not START_YEAR_LOW <= year <= START_YEAR_HIGH:
            raise _fail(
                row, "startjaar", "range", value=f"{year:g}", low=START_YEAR_LOW, high=START_YEAR_HIGH
            )
        if year is not None and year != int(year):
            raise _fail(row, "startjaar", "csv_year", value=f"{year:g}")
        project_name = _text(frame.at[row, "project"])
        project = (
            LinkedProject(project_name, int(year) if year is not None else None) if project_name else None
        )
        base = by_id.get(ident) or Koppelkans(ident, name, KansType(kind))
        status_text = _text(frame.at[row, "status"]) or base.status.value
        if status_text not in {s.value for s in Status}:
            raise _fail(
                row, "status", "choice", value=status_text, allowed=", ".join(s.value for s in Status)
            )
        out.append(
            replace(
                base,
                name=name,
                type=KansType(kind),
                project=project,
                extra_cost=_range(frame, row, "kosten_min", "kosten_max"),
                duration_months=_range(frame, row, "duur_min", "duur_max"),
                policy_domains=_split(frame.at[row, "beleidsdomeinen"]),
                parties=_split(frame.at[row, "partijen"]),
                status=Status(status_text),
            )
        )
    return tuple(out)


def kans_added(existing: tuple[Koppelkans, ...], name: str, kind: KansType) -> tuple[Koppelkans, ...]:
    """The koppelkansen with a new one at the end, under the first free ``Knn`` id."""
    name = _text(name)
    if not name:
        raise _fail(len(existing), "naam", "empty")
    return (*existing, Koppelkans(fresh_ids("K", (k.id for k in existing))[0], name, kind))


# -- participants ----------------------------------------------------------------------
PARTICIPANT_COLUMNS = ["id", "naam", "rol", "groep"]


def participants_frame(w: Workshop) -> pd.DataFrame:
    """One row per participant; ``groep`` holds the group's Dutch name as the table shows it."""
    labels = {g.id: g.label.nl for g in w.groups}
    rows = [(p.id, p.name, p.role, labels.get(p.group, "")) for p in w.participants]
    return pd.DataFrame(rows, columns=PARTICIPANT_COLUMNS).astype("object")


def participants_from_frame(
    frame: pd.DataFrame, existing: Iterable[Participant] = (), groups: Iterable[StakeholderGroup] = ()
) -> tuple[Participant, ...]:
    """Participants from the edited table; a row without a name is an anonymous participant.

    A row with nothing in it at all (no id, no name, no role) is a row the grid added
    and nobody filled in yet: it is left out, never stored as a blank participant.
    ``groep`` is a group's name (Dutch or English) or id among ``groups``; anything else
    leaves the participant without a group.
    """
    by_word: dict[str, str] = {}
    for g in groups:
        for word in (g.id, g.label.nl, g.label.en):
            if word:
                by_word.setdefault(word.strip().lower(), g.id)
    if "groep" not in frame.columns:
        frame = frame.assign(groep=None)
    frame = frame[~frame[PARTICIPANT_COLUMNS].map(_blank).all(axis=1)]
    ids = _ids(frame, "P", (p.id for p in existing))
    return tuple(
        Participant(
            ident,
            _text(frame.at[row, "naam"]),
            _text(frame.at[row, "rol"]),
            by_word.get(_text(frame.at[row, "groep"]).lower(), ""),
        )
        for row, ident in zip(frame.index, ids, strict=True)
    )


def participant_added(
    existing: tuple[Participant, ...], name: str, role: str = ""
) -> tuple[Participant, ...]:
    """The participants with one more at the end, under the first free ``Pnn`` id.

    An empty name is an anonymous participant (that is a choice the user makes by
    pressing "add" with the name left empty).
    """
    ident = fresh_ids("P", (p.id for p in existing))[0]
    return (*existing, Participant(ident, _text(name), _text(role)))


GROUP_COLUMNS = ["id", "naam", "naam_en"]


def groups_frame(groups: Iterable[StakeholderGroup]) -> pd.DataFrame:
    """The stakeholder groups as the editor shows them (the id column is kept out of sight)."""
    rows = [{"id": g.id, "naam": g.label.nl, "naam_en": g.label.en} for g in groups]
    return pd.DataFrame(rows, columns=GROUP_COLUMNS).astype("object")


def groups_from_frame(
    frame: pd.DataFrame, existing: Iterable[StakeholderGroup] = ()
) -> tuple[StakeholderGroup, ...]:
    """The groups from the edited table: a new row gets an id of its own, a row left blank is dropped.

    A group needs a Dutch name, and two groups never share one (a phone could not tell
    them apart); the message names the row.
    """
    frame = frame[~frame[["naam", "naam_en"]].map(_blank).all(axis=1)]
    ids = _ids(frame, "G", (g.id for g in existing))
    seen: set[str] = set()
    out: list[StakeholderGroup] = []
    for row, ident in zip(frame.index, ids, strict=True):
        name = _text(frame.at[row, "naam"])
        if not name:
            raise _fail(int(row), "naam", "empty")
        if name.lower() in seen:
            raise _fail(int(row), "naam", "duplicate", what="groep", value=name)
        seen.add(name.lower())
        out.append(StakeholderGroup(ident, Text(name, _text(frame.at[row, "naam_en"]))))
    return tuple(out)
