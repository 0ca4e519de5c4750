"""What a refused save tells the user: which fields collided, and what they entered.

When a save collides with someone else's edit (:class:`~decision.errors.ConflictError`),
nothing is stored and the page is drawn again from the stored version. So that
what the user typed is not lost, the notice keeps their value of every colliding
field as plain text, which the page shows under the message in a copyable block.
Nothing here draws; :func:`ui.layout.page` shows the notice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from decision.domain.merge import MISSING, FieldConflict
from decision.domain.model import Direction, KansType, Range, Status, Text
from decision.text import formatting
from ui.catalog import t


@dataclass(frozen=True)
class Refused:
    """One field that was not saved: its readable path and the value the user gave it."""

    field: str
    value: str


@dataclass(frozen=True)
class ConflictNotice:
    """The message of a refused save and what it refused, for the workshop it belongs to."""

    workshop_id: str
    message: str
    refused: tuple[Refused, ...] = ()


def notice(
    workshop_id: str, conflicts: tuple[FieldConflict, ...], fallback: tuple[str, ...], lang: str
) -> ConflictNotice:
    """The notice of a refused save; ``fallback`` names the fields when none can be found any more
    (the stored version moved on again after the refusal)."""
    fields = ", ".join(c.label(lang) for c in conflicts) or ", ".join(fallback)
    refused = tuple(Refused(c.label(lang), plain(c.ours, lang, score=c.kind == "score")) for c in conflicts)
    return ConflictNotice(workshop_id, t("error.conflict", lang, fields=fields), refused)


def plain(value: Any, lang: str, *, score: bool = False) -> str:
    """A field's value as plain text a person can read (and copy back)."""
    if value is MISSING:
        return t("merge.not_scored" if score else "merge.deleted", lang)
    if value is None:
        return t("log.value.unknown", lang) if score else t("merge.empty", lang)
    if isinstance(value, bool):
        return t("merge.yes" if value else "merge.no", lang)
    if isinstance(value, str):
        return value if value.strip() else t("merge.empty", lang)
    if isinstance(value, Direction):  # an IntEnum: named before it passes for a number
        return t(f"direction.{value.code}", lang)
    if isinstance(value, KansType):
        return t(f"type.{value.value}", lang)
    if isinstance(value, int | float):
        return formatting.number(float(value), lang, 0 if float(value).is_integer() else 2)
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, Status):
        return t(f"status.{value.name.lower()}", lang)
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return formatting.date(value, lang)
    if isinstance(value, Range):
        return f"{formatting.number(value.low, lang)} – {formatting.number(value.high, lang)}"
    if isinstance(value, Mapping):
        pairs = (f"{key}: {plain(item, lang)}" for key, item in value.items())
        return "; ".join(pairs) or t("merge.empty", lang)
    if isinstance(value, tuple | list):
        return ", ".join(plain(item, lang) for item in value) or t("merge.empty", lang)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = (getattr(value, f.name) for f in dataclasses.fields(value))
        return ", ".join(plain(part, lang) for part in parts if part not in (None, "", ()))
    return str(value)
