"""What the app may ask of the store, whatever database is behind it.

The app (``ui/``, ``screens/``, the CLI) is typed against these protocols only,
never against a backend's classes. :class:`Store` bundles one implementation of
each; :func:`decision.store.open_store` builds it from a database address.

- :class:`WorkshopStore`: workshops, their versions, facilitator edits and scores.
- :class:`LiveSessions`: scoring rounds, joining with a code, participants' own writes.
- :class:`FacilitatorAccess`: who may change a workshop: PIN, facilitator link, grants.

Every facilitator write takes the ``grant`` of the browser session making it;
the store checks it in the write's own transaction (see :mod:`decision.store.access`).
- :class:`ChangeLogReader`: the change log (besluitlog).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from decision.domain.changelog import LogEntry
from decision.domain.model import ScoreKey, Workshop
from decision.store.records import (
    AccessState,
    Client,
    Ownership,
    ParticipantSession,
    PinCheck,
    Round,
    StoredWorkshop,
    WorkshopSummary,
)


class WorkshopStore(Protocol):
    def create(self, w: Workshop, workshop_id: str | None = None, *, actor: str = "") -> str:
        """Store a new workshop at version 1, without an owner; returns its id.

        For the server's operator (an import on the command line). The app uses
        :meth:`create_owned`.
        """
        ...

    def create_owned(self, w: Workshop, *, actor: str = "", workshop_id: str | None = None) -> Ownership:
        """Store a new workshop (new hard-to-guess id), with a grant and facilitator link for its creator."""
        ...

    def load(self, workshop_id: str) -> StoredWorkshop:
        """The workshop as stored now, with the version its content belongs to."""
        ...

    def version(self, workshop_id: str) -> int:
        """The current version: it grows with every change, by anyone."""
        ...

    def exists(self, workshop_id: str) -> bool: ...

    def deleted_folder(self) -> Path | None:
        """Where :meth:`delete` keeps the workshop file of a deleted workshop (None: nowhere)."""
        ...

    def save(
        self,
        workshop_id: str,
        w: Workshop,
        *,
        base: StoredWorkshop | None,
        grant: str | None = None,
        actor: str = "",
    ) -> int:
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
        grant: str | None = None,
        actor: str = "",
    ) -> int:
        """Write some scores (None is "weet niet") and remove others, atomically; returns the new version."""
        ...

    def list_recent(self, limit: int = 10, *, archived: bool | None = None) -> list[WorkshopSummary]:
        """The workshops changed last, newest first; ``archived`` True or False gives only those."""
        ...

    def rename(
        self,
        workshop_id: str,
        name: str,
        *,
        base: StoredWorkshop | None = None,
        grant: str | None = None,
        actor: str = "",
    ) -> int:
        """A new name, saved against ``base`` like every edit (a rename by others since is a conflict).

        Logged in the besluitlog; returns the new version.
        """
        ...

    def set_archived(
        self, workshop_id: str, archived: bool, *, grant: str | None = None, actor: str = ""
    ) -> None:
        """Archive (hide from the default list) or restore a workshop; logged; nothing is removed."""
        ...

    def delete(
        self,
        workshop_id: str,
        *,
        base: StoredWorkshop | None = None,
        grant: str | None = None,
        actor: str = "",
    ) -> Path | None:
        """Remove the workshop with everything of it (a facilitator's grant if protected).

        Its workshop file is kept first, in a ``verwijderd`` folder next to the data;
        returns that file's path. Changed since ``base`` (what the confirmation showed):
        refused with :class:`~decision.errors.ConflictError`, nothing removed.
        """
        ...


class LiveSessions(Protocol):
    def rounds(self, workshop_id: str) -> list[Round]:
        """Every round of the workshop, first round first."""
        ...

    def latest_round(self, workshop_id: str) -> Round | None: ...

    def open_round(self, workshop_id: str, *, grant: str | None = None, actor: str = "") -> Round:
        """Open the next round with a new join code (or return the open one); needs a PIN set."""
        ...

    def close_round(self, workshop_id: str, *, grant: str | None = None, actor: str = "") -> Round | None:
        """Close the open round, keeping its scores as they stand."""
        ...

    def reopen_round(self, workshop_id: str, *, grant: str | None = None, actor: str = "") -> Round | None:
        """Open the latest round again, with the same join code."""
        ...

    def set_show_individual(
        self, workshop_id: str, show: bool, *, grant: str | None = None, actor: str = ""
    ) -> None: ...

    def set_ask_weights(
        self, workshop_id: str, ask: bool, *, grant: str | None = None, actor: str = ""
    ) -> None:
        """Whether the current round also asks each participant for their own 100 points."""
        ...

    def points(self, workshop_id: str, participant_id: str | None = None) -> dict[str, dict[str, float]]:
        """The 100 points each participant gave (or only this one's): participant → criterion → points."""
        ...

    def participant_points_write(self, token: str, points: Mapping[str, float]) -> int:
        """Store a participant's own 100 points (an open round that asks for them); the new version."""
        ...

    def round_scores(self, round_id: int) -> dict[ScoreKey, float | None]:
        """The scores as they stood when the round closed."""
        ...

    def join(
        self,
        code: str,
        name: str = "",
        role: str = "",
        group: str = "",
        *,
        known_tokens: Iterable[str] = (),
    ) -> tuple[str, str]:
        """Join the open round of this code; returns (personal token, participant id).

        When one of ``known_tokens`` (the tokens the joining browser holds, newest
        first) is a participant's of that workshop, that participant is returned
        unchanged and nothing is stored or logged: one browser is one participant.
        """
        ...

    def workshop_of_code(self, code: str) -> str | None:
        """The workshop whose open round has this join code, or None."""
        ...

    def returning_participant(self, code: str, known_tokens: Iterable[str]) -> tuple[str, str] | None:
        """The participant ``join`` would return for these tokens without making a new one, or None."""
        ...

    def participant_session(self, token: str) -> ParticipantSession: ...

    def own_sheet(self, workshop_id: str, participant_id: str) -> Workshop:
        """The document with this participant and only their own scores (a phone's view)."""
        ...

    def participant_write(
        self, token: str, kans_id: str, criterion_id: str, value: float | None, *, remove: bool = False
    ) -> int:
        """Write (or take back) one of the participant's own scores; returns the new version."""
        ...


class FacilitatorAccess(Protocol):
    def has_pin(self, workshop_id: str) -> bool: ...

    def state(self, workshop_id: str, grant: str | None) -> AccessState:
        """Protected or open, whether this grant is live, and the wrong attempts since the PIN was set."""
        ...

    def grant_is_valid(self, workshop_id: str, grant: str | None) -> bool: ...

    def check_pin(self, workshop_id: str, pin: str, client: Client) -> PinCheck:
        """A grant for the right PIN; after wrong guesses, how long this client must wait."""
        ...

    def grant_by_link(self, workshop_id: str, secret: str, client: Client) -> PinCheck:
        """A grant for the holder of the facilitator link."""
        ...

    def set_pin(self, workshop_id: str, pin: str, *, grant: str | None, actor: str = "") -> str:
        """Set or change the PIN (needs a grant, also the first time); returns a new grant."""
        ...

    def new_link(self, workshop_id: str, *, grant: str | None, actor: str = "") -> str:
        """A new facilitator link secret; the previous one stops working."""
        ...

    def grant_as_operator(self, workshop_id: str, *, actor: str = "") -> str:
        """A grant for whoever holds the database itself (the command line on the server)."""
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
    access: FacilitatorAccess
    log: ChangeLogReader
    database: Closable

    def close(self) -> None:
        """Close the database connections (at shutdown; the next use opens new ones)."""
        self.database.close()
