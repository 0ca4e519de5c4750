"""The route of a koppelkans's status, as data: which steps are allowed from where."""

from __future__ import annotations

from decision.domain.fiche import missing_fields
from decision.domain.model import Koppelkans, Status
from decision.errors import RouteError

ROUTE: tuple[Status, ...] = (
    Status.CANDIDATE,
    Status.PRIORITISED,
    Status.PROPOSED,
    Status.CHOSEN,
    Status.ADOPTED,
)


def next_status(status: Status) -> Status | None:
    """The next status on the route, or None at its end or off it."""
    if status not in ROUTE:
        return None
    i = ROUTE.index(status)
    return ROUTE[i + 1] if i + 1 < len(ROUTE) else None


def allowed_steps(kans: Koppelkans) -> tuple[Status, ...]:
    """Forward one step, back one step, or off the route; from off the route only back to the start."""
    if kans.status == Status.NOT_CHOSEN:
        return (Status.CANDIDATE,)
    i = ROUTE.index(kans.status)
    steps = []
    if i + 1 < len(ROUTE):
        steps.append(ROUTE[i + 1])
    if i > 0:
        steps.append(ROUTE[i - 1])
    steps.append(Status.NOT_CHOSEN)
    return tuple(steps)


def check_step(kans: Koppelkans, status: Status, motivation: str = "") -> None:
    """Raise :class:`RouteError` when the step is not allowed or lacks what it needs.

    Leaving the route needs a motivation; a proposal needs a complete fiche.
    """
    if status not in allowed_steps(kans):
        raise RouteError("route.step_refused", old=kans.status.value, new=status.value)
    if status == Status.NOT_CHOSEN and not motivation.strip():
        raise RouteError("route.motivation_needed")
    if status == Status.PROPOSED and (missing := missing_fields(kans)):
        raise RouteError("route.fiche_incomplete", missing=", ".join(missing))


def is_chosen(status: Status) -> bool:
    """Chosen by the stuurgroep, or already taken into the wijkuitvoeringsplan."""
    return status in (Status.CHOSEN, Status.ADOPTED)


def in_work(status: Status) -> bool:
    """The statuses that have a fiche being worked out."""
    return status in ROUTE[1:]
