"""A three-way merge of two edits of one workshop, field by field.

Two facilitators (or two tabs) edit the same stored workshop. When one saves, the
store holds a version the other's page was not drawn from. Instead of letting the
last save replace the whole document, :func:`merge_workshops` combines

* ``base``: the version this user's page was drawn from,
* ``ours``: ``base`` plus this user's edit,
* ``theirs``: what is stored now (``base`` plus everyone else's edits),

by comparing every *field* three ways:

* changed on one side only: that side's value is taken;
* changed on both sides to the same value: that value;
* changed on both sides to different values: a conflict. Nothing is merged, and
  :class:`~decision.errors.ConflictError` names every colliding field as a
  readable Dutch path (``koppelkans K03 · motivatie``).

What counts as one field:

* the workshop's own fields (name, neighbourhood, municipality, date, fictitious,
  description, criteria set, weight method, weight inputs);
* per ambition theme, criterion and koppelkans (keyed by id): each of its fields.
  A weight change that rescales all weights changes each criterion's ``weight``
  only, so it merges with a label or motivation edit elsewhere;
* per participant (keyed by id): the participant as a whole;
* per score key (participant, koppelkans, criterion): the value, where "not
  scored" is a value too;
* per note on a cell (koppelkans, criterion): its text, where "no note" is a value
  too. A note goes with its koppelkans or criterion when that is deleted.

* per relation between koppelkansen (keyed by its kind and pair, see
  :func:`~decision.domain.relations.relation_identity`): the relation as a whole, where
  "no such relation" is a value too. So relations merge as a set: one side adding a
  relation and the other removing another both stand; both changing the same
  relation's note or points differently is a conflict. A relation of a koppelkans
  that was deleted goes with it;
* per package setting (size, cap, always, never, ...): its value. An always/never
  entry of a deleted koppelkans goes with it.

Lists keyed by id: items added by either side are kept (added by both: merged
field by field, with no base); an item deleted by one side and left alone by the
other is deleted; deleted by one side and modified by the other is a conflict on
each modified field. The order follows the side that changed the list when only
one did, else the side that reordered the common items, else ``theirs``; items
the other side added are appended. Both sides reordering differently is a
conflict on the list's order. The scores of a participant, koppelkans or
criterion that a side deleted go with it, unless that side kept them.

The function is pure: frozen dataclasses in, a new :class:`Workshop` out.
:func:`find_conflicts` gives the collisions as data (with both sides' values), so
a page can show the user what they typed and could not be saved.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, cast

from decision.domain.model import CellKey, PackageSettings, Relation, ScoreKey, Workshop
from decision.domain.relations import (
    PACKAGE_FIELD_KEYS,
    relation_identity,
    relation_label,
    relation_problems,
)
from decision.errors import ConflictError
from decision.text.i18n import t


class _Missing:
    """Marks a value that is not there: an item deleted or not yet added, a score not given."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()

# The keyed lists of a workshop, each with the kind of item it holds.
LISTS: Final = {"themes": "theme", "criteria": "criterion", "kansen": "kans", "participants": "participant"}
# Items that merge as a whole instead of field by field.
ATOMIC_KINDS: Final = frozenset({"participant"})
LISTS_OF: Final = {kind: name for name, kind in LISTS.items()}
SCORE_PARTS: Final = ("participant", "kans", "criterion")  # the kinds in a ScoreKey, in order


@dataclass(frozen=True)
class FieldConflict:
    """One field both sides changed differently.

    ``kind`` is ``workshop``, ``theme``, ``criterion``, ``kans``, ``participant``,
    ``score``, ``note``, ``relation``, ``package`` or ``order``; ``item`` the id (a
    ScoreKey for a score, the relation as ``K02 voorwaarde K01``, the list's name for an
    order, empty for the workshop and the package); ``field`` the attribute (empty when the
    item counts as a whole). ``base``, ``ours`` and ``theirs`` are the three values;
    :data:`MISSING` where the item or score is not there.
    """

    kind: str
    item: Hashable
    field: str
    base: Any
    ours: Any
    theirs: Any

    def label(self, lang: str = "nl") -> str:
        """The readable path of the field, such as ``koppelkans K03 · motivatie``."""
        if self.kind == "score":
            participant, kans, criterion = cast(ScoreKey, self.item)
            return t("merge.path.score", lang, participant=participant, kans=kans, criterion=criterion)
        if self.kind == "note":
            kans, criterion = cast(CellKey, self.item)
            return t("merge.path.note", lang, kans=kans, criterion=criterion)
        if self.kind == "order":
            return t("merge.path.order", lang, list=t(f"merge.list.{self.item}", lang))
        if self.kind == "participant":
            return t("merge.path.participant", lang, id=self.item)
        if self.kind == "relation":
            return t("merge.path.relation", lang, id=self.item)
        if self.kind == "package":
            return t("merge.path.package", lang, field=t(f"merge.field.package.{self.field}", lang))
        name = t(f"merge.field.{self.kind}.{self.field}", lang)
        if self.kind == "workshop":
            return t("merge.path.workshop", lang, field=name)
        return t(f"merge.path.{self.kind}", lang, id=self.item, field=name)


def merge_workshops(base: Workshop, ours: Workshop, theirs: Workshop) -> Workshop:
    """``base`` with both edits applied; raises ConflictError naming every collision."""
    merged, conflicts = _merge(base, ours, theirs)
    if conflicts:
        raise ConflictError(fields=tuple(c.label("nl") for c in conflicts))
    return merged


def find_conflicts(base: Workshop, ours: Workshop, theirs: Workshop) -> tuple[FieldConflict, ...]:
    """Every field both sides changed differently (empty when the edits merge)."""
    return tuple(_merge(base, ours, theirs)[1])


# -- the merge ------------------------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    # Mapping proxies and dicts with the same contents are the same value.
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return dict(a) == dict(b)
    return bool(a == b)


class _Merger:
    """Collects the merged values and every conflict, so all collisions are named at once."""

    def __init__(self) -> None:
        self.conflicts: list[FieldConflict] = []

    def pick(self, kind: str, item: Hashable, field: str, base: Any, ours: Any, theirs: Any) -> Any:
        if _same(ours, base):
            return theirs
        if _same(theirs, base) or _same(ours, theirs):
            return ours
        self.conflicts.append(FieldConflict(kind, item, field, base, ours, theirs))
        return theirs

    def record(self, kind: str, item_id: str, base: Any, ours: Any, theirs: Any) -> Any:
        """One item present on both sides (``base`` MISSING when both added it)."""
        if kind in ATOMIC_KINDS:
            return self.pick(kind, item_id, "", base, ours, theirs)
        values = {}
        for f in dataclasses.fields(theirs):
            if f.name == "id":
                continue
            old = MISSING if base is MISSING else getattr(base, f.name)
            mine, other = getattr(ours, f.name), getattr(theirs, f.name)
            values[f.name] = self.pick(kind, item_id, f.name, old, mine, other)
        return dataclasses.replace(theirs, **values)

    def deleted_vs_kept(self, kind: str, item_id: str, base: Any, kept: Any, *, ours_deleted: bool) -> None:
        """One side deleted the item, the other kept it: a conflict on each field the keeper changed."""
        if _same(kept, base):
            return
        names = [""] if kind in ATOMIC_KINDS else [f.name for f in dataclasses.fields(base) if f.name != "id"]
        for name in names:
            old, new = (base, kept) if not name else (getattr(base, name), getattr(kept, name))
            if not _same(old, new):
                ours, theirs = (MISSING, new) if ours_deleted else (new, MISSING)
                self.conflicts.append(FieldConflict(kind, item_id, name, old, ours, theirs))

    def items(self, name: str, base: Sequence[Any], ours: Sequence[Any], theirs: Sequence[Any]) -> tuple:
        kind = LISTS[name]
        b, o, t_ = ({i.id: i for i in side} for side in (base, ours, theirs))
        kept: dict[str, Any] = {}
        for item_id in [*b, *(i for i in o if i not in b), *(i for i in t_ if i not in b and i not in o)]:
            in_o, in_t = item_id in o, item_id in t_
            old = b.get(item_id, MISSING)
            if in_o and in_t:
                kept[item_id] = self.record(kind, item_id, old, o[item_id], t_[item_id])
            elif in_o or in_t:
                present = o[item_id] if in_o else t_[item_id]
                if old is MISSING:
                    kept[item_id] = present  # added by one side
                else:
                    self.deleted_vs_kept(kind, item_id, old, present, ours_deleted=not in_o)
        order = self.order(name, list(b), list(o), list(t_))
        return tuple(kept[i] for i in order if i in kept)

    def order(self, name: str, base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
        if ours == base:
            return theirs
        if theirs == base:
            return ours
        common = set(base) & set(ours) & set(theirs)
        b, o, t_ = ([i for i in side if i in common] for side in (base, ours, theirs))
        if o != b and t_ != b and o != t_:
            self.conflicts.append(FieldConflict("order", name, "", base, ours, theirs))
        first, second = (ours, theirs) if o != b and t_ == b else (theirs, ours)
        return [*first, *(i for i in second if i not in first)]

    def scores(self, base: Workshop, ours: Workshop, theirs: Workshop) -> dict[ScoreKey, float | None]:
        # What each side deleted; the scores of those items go with them, unless that side kept them.
        gone = {
            side: {part: set(_ids(base, part)) - set(_ids(w, part)) for part in SCORE_PARTS}
            for side, w in (("ours", ours), ("theirs", theirs))
        }
        out: dict[ScoreKey, float | None] = {}
        added = [k for k in ours.scores if k not in base.scores]
        added += [k for k in theirs.scores if k not in base.scores and k not in ours.scores]
        for key in [*base.scores, *added]:
            deleters = [
                w for side, w in (("ours", ours), ("theirs", theirs))
                if any(key[n] in gone[side][part] for n, part in enumerate(SCORE_PARTS))
            ]  # fmt: skip
            if any(key not in w.scores for w in deleters):
                continue
            value = self.pick(
                "score",
                key,
                "",
                base.scores.get(key, MISSING),
                ours.scores.get(key, MISSING),
                theirs.scores.get(key, MISSING),
            )
            if value is not MISSING:
                out[key] = value
        return out

    def notes(self, base: Workshop, ours: Workshop, theirs: Workshop, merged: dict[str, Any]) -> dict:
        """Each cell's note merged on its own; notes of a deleted koppelkans or criterion go with it."""
        kansen = {k.id for k in merged["kansen"]}
        criteria = {c.id for c in merged["criteria"]}
        out: dict[CellKey, str] = {}
        keys = [*base.cell_notes, *(k for k in ours.cell_notes if k not in base.cell_notes)]
        keys += [k for k in theirs.cell_notes if k not in base.cell_notes and k not in ours.cell_notes]
        for key in keys:
            if key[0] not in kansen or key[1] not in criteria:
                continue
            value = self.pick(
                "note",
                key,
                "",
                base.cell_notes.get(key, MISSING),
                ours.cell_notes.get(key, MISSING),
                theirs.cell_notes.get(key, MISSING),
            )
            if value is not MISSING:
                out[key] = value
        return out

    def relations(self, base: Workshop, ours: Workshop, theirs: Workshop, kansen: set[str]) -> tuple:
        """The relations as a set keyed by kind and pair: ``theirs``'s order, ``ours``'s additions after."""
        b, o, t_ = ({relation_identity(r): r for r in w.relations} for w in (base, ours, theirs))
        out: list[Relation] = []
        for key in [*t_, *(k for k in o if k not in t_), *(k for k in b if k not in t_ and k not in o)]:
            shown = b.get(key) or o.get(key) or t_[key]
            # An undirected relation read the other way round is the same relation: compare it
            # as written one way, and keep the side's own writing.
            sides = [_canonical(side.get(key, MISSING)) for side in (b, o, t_)]
            value = self.pick("relation", relation_label(shown), "", *sides)
            if value is MISSING:
                continue
            value = next(side[key] for side in (t_, o) if key in side and _canonical(side[key]) == value)
            if value.source in kansen and value.target in kansen:
                out.append(value)
        return tuple(out)

    def package(self, base: Workshop, ours: Workshop, theirs: Workshop, kansen: set[str]) -> PackageSettings:
        """Each package setting merged on its own; entries of a deleted koppelkans go."""
        values = {
            f.name: self.pick(
                "package",
                "",
                f.name,
                getattr(base.package, f.name),
                getattr(ours.package, f.name),
                getattr(theirs.package, f.name),
            )
            for f in dataclasses.fields(PackageSettings)
        }
        values["include"] = tuple(i for i in values["include"] if i in kansen)
        values["exclude"] = tuple(i for i in values["exclude"] if i in kansen)
        return PackageSettings(**values)


def _canonical(r: Relation | _Missing) -> Relation | _Missing:
    """The relation with an undirected pair in sorted order, so either order compares equal."""
    if isinstance(r, _Missing) or r.kind.directed or r.source <= r.target:
        return r
    return dataclasses.replace(r, source=r.target, target=r.source)


def _ids(w: Workshop, kind: str) -> tuple[str, ...]:
    return tuple(i.id for i in getattr(w, LISTS_OF[kind]))


def _merge(base: Workshop, ours: Workshop, theirs: Workshop) -> tuple[Workshop, list[FieldConflict]]:
    merger = _Merger()
    values: dict[str, Any] = {}
    for f in dataclasses.fields(Workshop):
        if f.name in LISTS:
            values[f.name] = merger.items(
                f.name, getattr(base, f.name), getattr(ours, f.name), getattr(theirs, f.name)
            )
        elif f.name not in ("scores", "cell_notes", "relations", "package"):
            values[f.name] = merger.pick(
                "workshop", "", f.name, getattr(base, f.name), getattr(ours, f.name), getattr(theirs, f.name)
            )
    values["scores"] = merger.scores(base, ours, theirs)
    values["cell_notes"] = merger.notes(base, ours, theirs, values)
    kansen = {k.id for k in values["kansen"]}
    values["relations"] = merger.relations(base, ours, theirs, kansen)
    values["package"] = merger.package(base, ours, theirs, kansen)
    merged = Workshop(**values)
    _clashes(merger, merged, (base, ours, theirs))
    return merged, merger.conflicts


def _clashes(merger: _Merger, merged: Workshop, sides: tuple[Workshop, Workshop, Workshop]) -> None:
    """Edits that merge one by one but not together are conflicts too.

    One side adding "K01 voorwaarde K02" and the other "K02 voorwaarde K01", or one
    keeping K04 out of the package while the other makes it randvoorwaardelijk: each is
    fine, both together are what a workshop file refuses (and the store could not read
    back). The rules are :func:`~decision.domain.relations.relation_problems`.
    """
    if merger.conflicts:
        return  # nothing is merged anyway; the collisions already named come first
    settings = {word: attr for attr, word in PACKAGE_FIELD_KEYS.items()}
    for problem in relation_problems(merged):
        if problem.in_package:
            name = settings[problem.path.split(".")[1].split("[")[0]]
            values = [getattr(w.package, name) for w in sides]
            merger.conflicts.append(FieldConflict("package", "", name, *values))
            continue
        index = int(problem.path.split("[")[1].split("]")[0]) - 1
        relation = merged.relations[index]
        key = relation_identity(relation)
        values = [next((r for r in w.relations if relation_identity(r) == key), MISSING) for w in sides]
        merger.conflicts.append(FieldConflict("relation", relation_label(relation), "", *values))
