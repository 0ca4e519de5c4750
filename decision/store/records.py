"""What the store hands out: plain frozen values, the same for every backend.

A page keeps a :class:`StoredWorkshop` as the version it was drawn from and gives
it back to ``save`` as ``base``; the rest describe live rounds, the people in
them and the outcome of a PIN check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    protected: bool = False  # a PIN is set
    archived: bool = False  # put away: not in the default list on Start, nothing of it removed


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
    ask_weights: bool = False  # participants also give their own 100 points over the criteria


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
    """The outcome of a PIN (or facilitator link) attempt: a grant, or how long to wait."""

    ok: bool
    wait_seconds: float = 0.0
    grant: str | None = field(default=None, repr=False)  # the secret that proves the right PIN


@dataclass(frozen=True)
class Client:
    """Who makes a PIN attempt, for slowing down wrong guesses per client.

    ``session`` is one browser session (any stable random string the app keeps for
    it); ``ip`` is the address the server saw, where it knows one.
    """

    session: str
    ip: str | None = None


@dataclass(frozen=True)
class AccessState:
    """What the app shows about who may change a workshop."""

    protected: bool  # a PIN is set: only holders of a grant may change it
    has_link: bool  # a facilitator link exists
    granted: bool  # the grant asked about is live
    failed_attempts: int  # wrong PIN attempts since the PIN was set


@dataclass(frozen=True)
class Ownership:
    """A workshop just created, with what its creator needs to stay its facilitator."""

    workshop_id: str
    grant: str = field(repr=False)
    link_secret: str = field(repr=False)  # shown to the creator once; only its hash is kept
