"""What the store hands out: plain frozen values, the same for every backend.

A page keeps a :class:`StoredWorkshop` as the version it was drawn from and gives
it back to ``save`` as ``base``; the rest describe live rounds, the people in
them and the outcome of a PIN check.
"""

from __future__ import annotations

from dataclasses import dataclass

from decision.domain.model import Participant, Workshop


@dataclass(frozen=True)
class StoredWorkshop:
    """A workshop as it was stored at one version: what ``load`` returned."""

    id: str
    version: int
    workshop: Workshop


@dataclass(frozen=True)
class WorkshopSummary:
    """One line of the list of recent workshops."""

    id: str
    name: str
    neighbourhood: str
    municipality: str
    updated_at: str
    version: int


@dataclass(frozen=True)
class Round:
    """A live scoring round; its join code works only while it is open."""

    id: int
    workshop_id: str
    number: int
    join_code: str
    is_open: bool
    show_individual: bool
    opened_at: str
    closed_at: str | None


@dataclass(frozen=True)
class ParticipantSession:
    """Who a participant's personal link belongs to, and the round they are in."""

    workshop_id: str
    participant: Participant
    round: Round | None

    @property
    def can_write(self) -> bool:
        return self.round is not None and self.round.is_open


@dataclass(frozen=True)
class PinCheck:
    """The outcome of a PIN attempt: passed, or how long to wait before the next one."""

    ok: bool
    wait_seconds: float = 0.0
