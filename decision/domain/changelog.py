"""The besluitlog: what changed between two versions of a workshop, in plain entries.

:func:`describe_changes` compares two workshops and returns one
:class:`Change` per thing a person would name ("gewicht van Risico's 15 → 20",
"K04 niet gekozen: motivatie …"). The store writes them with who and when, so a
decision can be traced afterwards. Actions are codes; the app words them.

Only real changes become entries: a field whose before equals its after is no
change, and neither is one that only looks different to a program (a weight share
that moves less than the whole percent every screen shows, a motivation that only
gained a trailing space). A new motivation under an unchanged status is its own
``motivation`` entry, never "gekozen → gekozen".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from decision.core.weighting import display_percentages
from decision.domain.model import PackageSettings, Relation, ScoreKey, Workshop
from decision.domain.relations import relation_identity


def timestamp() -> str:
    """UTC, to the millisecond: the order of entries in the log and of edits."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Change:
    action: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LogEntry:
    id: int
    at: str
    actor: str
    action: str
    detail: dict[str, Any]


KANS_FIELDS = (
    ("name", "naam"), ("type", "type"), ("description", "beschrijving"),
    ("policy_domains", "beleidsdomeinen"), ("parties", "partijen"), ("project", "project"),
    ("extra_cost", "extra_kosten"), ("duration_months", "duur_maanden"), ("opportunities", "kansen"),
    ("risks", "risicos"), ("themes", "ambitie"), ("fiche", "uitwerking"),
)  # fmt: skip


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(float(x), 4)


ABSENT = "absent"  # not scored, as opposed to None: "weet niet"
StoredScore = float | None | str  # a value, "weet niet" (None), or ABSENT


def _score_changes(old: Mapping[ScoreKey, StoredScore], new: Mapping[ScoreKey, StoredScore]) -> list[Change]:
    changes = []
    for key in sorted(set(old) | set(new)):
        before = old.get(key, ABSENT)
        after = new.get(key, ABSENT)
        if before == after:
            continue
        p, k, c = key
        changes.append(
            Change(
                "score",
                {
                    "participant": p,
                    "kans": k,
                    "criterion": c,
                    "old": None if before is None or isinstance(before, str) else _num(before),
                    "new": None if after is None or isinstance(after, str) else _num(after),
                    "old_state": "absent"
                    if before == "absent"
                    else ("unknown" if before is None else "value"),
                    "new_state": "absent" if after == "absent" else ("unknown" if after is None else "value"),
                },
            )
        )
    return changes


def score_change(key: ScoreKey, before: float | None | str, after: float | None | str) -> Change:
    """One score edit; ``"absent"`` stands for "not scored"."""
    old: dict[ScoreKey, StoredScore] = {} if before == ABSENT else {key: before}
    new: dict[ScoreKey, StoredScore] = {} if after == ABSENT else {key: after}
    return _score_changes(old, new)[0]


def describe_changes(old: Workshop | None, new: Workshop) -> list[Change]:
    """Everything that differs between ``old`` and ``new``, most meaningful first."""
    if old is None:
        return [
            Change("created", {"name": new.name, "kansen": len(new.kansen), "criteria": len(new.criteria)})
        ]
    out: list[Change] = []
    for attr, label in (("name", "naam"), ("neighbourhood", "wijk"), ("municipality", "gemeente")):
        if getattr(old, attr) != getattr(new, attr):
            out.append(Change("meta", {"field": label, "old": getattr(old, attr), "new": getattr(new, attr)}))
    old_themes, new_themes = {t.id: t for t in old.themes}, {t.id: t for t in new.themes}
    for tid in new_themes.keys() - old_themes.keys():
        out.append(Change("theme_added", {"theme": new_themes[tid].theme}))
    for tid in old_themes.keys() - new_themes.keys():
        out.append(Change("theme_removed", {"theme": old_themes[tid].theme}))
    for tid in old_themes.keys() & new_themes.keys():
        if old_themes[tid] != new_themes[tid]:
            out.append(Change("theme_changed", {"theme": new_themes[tid].theme}))
    old_c, new_c = {c.id: c for c in old.criteria}, {c.id: c for c in new.criteria}
    for cid in [c.id for c in new.criteria if c.id not in old_c]:
        out.append(Change("criterion_added", {"criterion": new_c[cid].label.nl}))
    for cid in [c.id for c in old.criteria if c.id not in new_c]:
        out.append(Change("criterion_removed", {"criterion": old_c[cid].label.nl}))
    # Shares as every screen shows them (whole percentages summing to 100), compared as
    # the log shows them: a share whose percentage stays the same would read "15% → 15%".
    old_shown = dict(zip(old_c, display_percentages([c.weight for c in old.criteria]), strict=True))
    new_shown = dict(zip(new_c, display_percentages([c.weight for c in new.criteria]), strict=True))
    for cid in [c.id for c in new.criteria if c.id in old_c]:
        before, after = old_c[cid], new_c[cid]
        share_before, share_after = old_shown[cid], new_shown[cid]
        if share_before != share_after:
            out.append(
                Change("weight", {"criterion": after.label.nl, "old": share_before, "new": share_after})
            )
        if (before.label, before.direction, before.scale, before.description) != (
            after.label,
            after.direction,
            after.scale,
            after.description,
        ):
            out.append(Change("criterion_changed", {"criterion": after.label.nl}))
    if old.weight_method != new.weight_method:
        out.append(Change("weight_method", {"old": old.weight_method.value, "new": new.weight_method.value}))
    if old.sheet_basis != new.sheet_basis:
        out.append(Change("sheet_basis", {"old": old.sheet_basis.value, "new": new.sheet_basis.value}))
    if old.group_weighting != new.group_weighting:
        out.append(
            Change("group_weighting", {"old": old.group_weighting.value, "new": new.group_weighting.value})
        )
    if old.groups != new.groups:
        out.append(Change("groups", {"groups": [g.label.nl for g in new.groups]}))
    changed_groups = [g.id for g in new.groups if _own_points(old, g.id) != _own_points(new, g.id)]
    if changed_groups:
        out.append(Change("group_weights", {"groups": changed_groups}))
    if tuple(old.moment_window) != tuple(new.moment_window):
        out.append(
            Change(
                "moment_window",
                {
                    "old_from": _num(old.moment_window[0]),
                    "old_to": _num(old.moment_window[1]),
                    "new_from": _num(new.moment_window[0]),
                    "new_to": _num(new.moment_window[1]),
                },
            )
        )
    old_k, new_k = {k.id: k for k in old.kansen}, {k.id: k for k in new.kansen}
    for kid in [k.id for k in new.kansen if k.id not in old_k]:
        out.append(Change("kans_added", {"kans": kid, "name": new_k[kid].name}))
    for kid in [k.id for k in old.kansen if k.id not in new_k]:
        out.append(Change("kans_removed", {"kans": kid, "name": old_k[kid].name}))
    for kid in [k.id for k in new.kansen if k.id in old_k]:
        was, now = old_k[kid], new_k[kid]
        changed = [label for attr, label in KANS_FIELDS if getattr(was, attr) != getattr(now, attr)]
        if changed:
            out.append(Change("kans_changed", {"kans": kid, "name": now.name, "fields": changed}))
        if was.status == now.status:
            if was.motivation.strip() != now.motivation.strip():
                out.append(
                    Change(
                        "motivation",
                        {
                            "kans": kid,
                            "name": now.name,
                            "status": now.status.value,
                            "motivation": now.motivation,
                        },
                    )
                )
        else:
            out.append(
                Change(
                    "decision",
                    {
                        "kans": kid,
                        "name": now.name,
                        "old": was.status.value,
                        "new": now.status.value,
                        "motivation": now.motivation,
                    },
                )
            )
    old_p, new_p = {p.id: p for p in old.participants}, {p.id: p for p in new.participants}
    for pid in [p.id for p in new.participants if p.id not in old_p]:
        out.append(Change("participant_added", {"participant": pid, "name": new_p[pid].name}))
    for pid in [p.id for p in old.participants if p.id not in new_p]:
        out.append(Change("participant_removed", {"participant": pid, "name": old_p[pid].name}))
    for pid in [p.id for p in new.participants if p.id in old_p]:
        if old_p[pid] != new_p[pid]:
            out.append(Change("participant_changed", {"participant": pid, "name": new_p[pid].name}))
    out.extend(_flag_changes(old, new))
    out.extend(_relation_changes(old, new))
    out.extend(_package_changes(old, new))
    if old.reports != new.reports:
        # what the public report leaves out is a choice the council may ask about: it is in the log
        r = new.reports
        out.append(
            Change(
                "reports",
                {"address": r.address.value, "contact": r.contact, "hidden": list(r.hidden_criteria)},
            )
        )
    out.extend(_score_changes(old.scores, new.scores))
    out.extend(_note_changes(old, new))
    return out


def _own_points(w: Workshop, group_id: str) -> dict[str, float]:
    """A group's own points as the ranking reads them: a criterion given 0 is one not given."""
    return {cid: float(v) for cid, v in w.group_weights.get(group_id, {}).items() if v}


FLAGS = (("essential", "essential"), ("baseline", "baseline"))  # attribute, log.flag.<word>


def _flag_changes(old: Workshop, new: Workshop) -> list[Change]:
    """A koppelkans made randvoorwaardelijk or basisalternatief (or no longer), and a new trekker."""
    out = []
    before = {k.id: k for k in old.kansen}
    for now in new.kansen:
        was = before.get(now.id)
        if was is None:
            continue
        for attr, word in FLAGS:
            if getattr(was, attr) != getattr(now, attr):
                action = "kans_flag_set" if getattr(now, attr) else "kans_flag_cleared"
                out.append(Change(action, {"kans": now.id, "name": now.name, "flag": word}))
        if was.lead.strip() != now.lead.strip():
            out.append(
                Change("kans_lead", {"kans": now.id, "name": now.name, "old": was.lead, "new": now.lead})
            )
    return out


def _relation_detail(r: Relation) -> dict[str, Any]:
    return {"source": r.source, "target": r.target, "kind": r.kind.value, "note": r.note, "points": r.points}


def _relation_changes(old: Workshop, new: Workshop) -> list[Change]:
    """A relation added, removed, or with another note or points (kind and pair name the relation)."""
    before = {relation_identity(r): r for r in old.relations}
    after = {relation_identity(r): r for r in new.relations}
    out = [Change("relation_added", _relation_detail(r)) for key, r in after.items() if key not in before]
    out += [Change("relation_removed", _relation_detail(r)) for key, r in before.items() if key not in after]
    out += [
        Change("relation_changed", _relation_detail(r))
        for key, r in after.items()
        if key in before and (before[key].note.strip(), before[key].points) != (r.note.strip(), r.points)
    ]
    return out


def _package_changes(old: Workshop, new: Workshop) -> list[Change]:
    """One entry naming every package setting that changed, with its values before and after."""
    changed = [
        f.name for f in dataclasses.fields(PackageSettings) if _setting(old, f.name) != _setting(new, f.name)
    ]
    if not changed:
        return []
    return [
        Change(
            "package",
            {
                "fields": changed,
                "old": {name: _setting(old, name) for name in changed},
                "new": {name: _setting(new, name) for name in changed},
            },
        )
    ]


def _setting(w: Workshop, name: str) -> Any:
    """A package setting as the log stores it: a number, a word, a list of ids, or None (no cap)."""
    value = getattr(w.package, name)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, enum.Enum):
        return value.value
    return _num(value) if isinstance(value, float) else value


def _note_changes(old: Workshop, new: Workshop) -> list[Change]:
    """A note on a cell written, changed or removed: one entry each, with the note as it is now."""
    out = []
    keys = [*new.cell_notes, *(k for k in old.cell_notes if k not in new.cell_notes)]
    for kans, criterion in keys:
        before, after = old.cell_notes.get((kans, criterion), ""), new.cell_notes.get((kans, criterion), "")
        if before != after:
            out.append(Change("cell_note", {"kans": kans, "criterion": criterion, "note": after}))
    return out
