"""What the app may ask of the store, whatever database is behind it.

The app (``ui/``, ``screens/``, the CLI) is typed against these protocols only,
never against a backend's classes. :class:`Store` bundles one implementation of
each; :func:`decision.store.open_store` builds it from a database address.

- :class:`WorkshopStore`: workshops, their versions, facilitator edits and scores.
- :class:`LiveSessions`: scoring rounds, joining with a code, participants' own writes.
- :class:`PinGuard`: the facilitator PIN.
- :class:`ChangeLogReader`: the change log (besluitlog).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from decision.domain.changelog import LogEntry
from decision.domain.model import ScoreKey, Workshop
from decision.store.records import ParticipantSession, PinCheck, Round, StoredWorkshop, WorkshopSummary


class WorkshopStore(Protocol):
    def create(self, w: Workshop, workshop_id: str | None = None, *, actor: str = "") -> str:
        """Store a new workshop at version 1; returns its id (a new hard-to-guess one if none is given)."""
        ...

    def load(self, workshop_id: str) -> StoredWorkshop:
        """The workshop as stored now, with the version its content belongs to."""
        ...

    def version(self, workshop_id: str) -> int:
        """The current version: it grows with every change, by anyone."""
        ...

    def exists(self, workshop_id: str) -> bool: ...

    def save(self, workshop_id: str, w: Workshop, *, base: StoredWorkshop | None, actor: str = "") -> int:
        """Store an edit made against ``base`` (what the page was drawn from); returns the new version.

        Edits by others since ``base`` are merged in, or the save is refused with
        :class:`~decision.errors.ConflictError` and nothing is stored. ``base=None``
        replaces everything (an import).
        """
        ...

    def set_scores(
        self,
        workshop_id: str,
        updates: Mapping[ScoreKey, float | None],
        remove: Iterable[ScoreKey] = (),
        *,
        actor: str = "",
    ) -> int:
        """Write some scores (None is "weet niet") and remove others, atomically; returns the new version."""
        ...

    def list_recent(self, limit: int = 10) -> list[WorkshopSummary]:
        """The workshops changed last, newest first."""
        ...

    def delete(self, workshop_id: str) -> None: ...


class LiveSessions(Protocol):
    def rounds(self, workshop_id: str) -> list[Round]:
        """Every round of the workshop, first round first."""
        ...

    def latest_round(self, workshop_id: str) -> Round | None: ...

    def open_round(self, workshop_id: str, *, actor: str = "") -> Round:
        """Open the next round with a new join code (or return the open one); needs a PIN set."""
        ...

    def close_round(self, workshop_id: str, *, actor: str = "") -> Round | None:
        """Close the open round, keeping its scores as they stand."""
        ...

    def reopen_round(self, workshop_id: str, *, actor: str = "") -> Round | None:
        """Open the latest round again, with the same join code."""
        ...

    def set_show_individual(self, workshop_id: str, show: bool, *, actor: str = "") -> None: ...

    def round_scores(self, round_id: int) -> dict[ScoreKey, float | None]:
        """The scores as they stood when the round closed."""
        ...

    def join(
        self, code: str, name: str = "", role: str = "", *, known_tokens: Iterable[str] = ()
    ) -> tuple[str, str]:
        """Join the open round of this code; returns (personal token, participant id).

        When one of ``known_tokens`` (the tokens the joining browser holds, newest
        first) is a participant's of that workshop, that participant is returned
        unchanged and nothing is stored or logged: one browser is one participant.
        """
        ...

    def returning_participant(self, code: str, known_tokens: Iterable[str]) -> tuple[str, str] | None:
        """The participant ``join`` would return for these tokens without making a new one, or None."""
        ...

    def participant_session(self, token: str) -> ParticipantSession: ...

    def participant_write(
        self, token: str, kans_id: str, criterion_id: str, value: float | None, *, remove: bool = False
    ) -> int:
        """Write (or take back) one of the participant's own scores; returns the new version."""
        ...


class PinGuard(Protocol):
    def has_pin(self, workshop_id: str) -> bool: ...

    def set_pin(self, workshop_id: str, pin: str, *, actor: str = "") -> None: ...

    def check_pin(self, workshop_id: str, pin: str) -> PinCheck:
        """Whether the PIN is right; after wrong guesses, how long the next attempt must wait."""
        ...


class ChangeLogReader(Protocol):
    def entries(self, workshop_id: str, limit: int | None = None) -> list[LogEntry]:
        """The change log of one workshop, newest first."""
        ...


class Closable(Protocol):
    def close(self) -> None: ...


@dataclass(frozen=True)
class Store:
    """One store: its parts, all working on the same database.

    One instance serves every session of the app server; it is safe to share
    between threads.
    """

    workshops: WorkshopStore
    live: LiveSessions
    pins: PinGuard
    log: ChangeLogReader
    database: Closable

    def close(self) -> None:
        """Close the database connections (at shutdown; the next use opens new ones)."""
        self.database.close()
