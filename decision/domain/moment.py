"""The natural moment: whether the works a koppelkans could join start at the right time.

The Wijkkompas puts it plainly: it is more effective to see whether the
neighbourhood approach can join projects that start in about two years than
projects that start now. Works that start now are planned, budgeted and put out
to tender; linking in means changing them, which is seldom still possible. Works
that start much later are worth keeping in view, but nothing has to be arranged
for them yet. So a koppelkans falls in one of three classes:

- :attr:`NaturalMoment.NOW`: the works have started, start this year or within
  the window's lower end: too late to link in, unless the work can still be changed;
- :attr:`NaturalMoment.WINDOW`: the works start within the window (by default
  1.5 to 4 years from today): the natural moment;
- :attr:`NaturalMoment.LATER`: after the window: keep it in view.

A koppelkans whose works have no start year gets no class (``None``).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import replace

from decision.domain.model import DEFAULT_MOMENT_WINDOW, Koppelkans, Workshop
from decision.errors import MomentWindowError

__all__ = [
    "DEFAULT_WINDOW",
    "MAX_WINDOW_YEARS",
    "NaturalMoment",
    "classify",
    "classify_year",
    "moments",
    "set_moment_window",
    "start_date",
    "start_year",
    "window_error",
    "years_until",
]

DEFAULT_WINDOW = DEFAULT_MOMENT_WINDOW
MAX_WINDOW_YEARS = 30.0  # works planned further ahead than this are no planning a team can join yet
DAYS_PER_YEAR = 365.25


class NaturalMoment(enum.StrEnum):
    NOW = "now"
    WINDOW = "window"
    LATER = "later"


def start_year(kans: Koppelkans) -> int | None:
    """The start year of the works the koppelkans could join; None when not known."""
    return None if kans.project is None else kans.project.start_year


def start_date(year: int) -> dt.date:
    # A start year is a whole number: the works may start on any day of it. Counting
    # it as the middle of the year (1 July) is off by at most half a year either way,
    # where 1 January would make every start look half a year earlier on average and
    # push works out of the window a whole season too soon.
    return dt.date(year, 7, 1)


def years_until(year: int, today: dt.date) -> float:
    """Years from ``today`` until works starting in ``year`` start (negative: already started)."""
    return (start_date(year) - today).days / DAYS_PER_YEAR


def window_error(window: tuple[float, float]) -> str | None:
    """Why a window cannot be used, as a catalog ``problem.`` key; None when it is fine."""
    low, high = window
    if not (0 <= low <= MAX_WINDOW_YEARS and 0 <= high <= MAX_WINDOW_YEARS):
        return "moment_window_range"
    if not low < high:
        return "moment_window_order"
    return None


def classify_year(
    year: int | None, today: dt.date, window: tuple[float, float] = DEFAULT_WINDOW
) -> NaturalMoment | None:
    """The class of works that start in ``year``, seen from ``today``.

    Works that start this year or have started are always :attr:`NaturalMoment.NOW`,
    whatever the window says: they are under way or about to be, and their plans
    are made. Both ends of the window belong to it.
    """
    if year is None:
        return None
    low, high = window
    if year <= today.year:
        return NaturalMoment.NOW
    ahead = years_until(year, today)
    if ahead < low:
        return NaturalMoment.NOW
    if ahead <= high:
        return NaturalMoment.WINDOW
    return NaturalMoment.LATER


def classify(
    kans: Koppelkans, today: dt.date, window: tuple[float, float] = DEFAULT_WINDOW
) -> NaturalMoment | None:
    """The natural-moment class of one koppelkans; None when its works have no start year."""
    return classify_year(start_year(kans), today, window)


def moments(
    kansen: Iterable[Koppelkans], today: dt.date, window: tuple[float, float] = DEFAULT_WINDOW
) -> dict[str, NaturalMoment | None]:
    """Per koppelkans id, its class."""
    return {k.id: classify(k, today, window) for k in kansen}


def set_moment_window(w: Workshop, window: tuple[float, float]) -> Workshop:
    """The workshop with this natural-moment window (years from today, from–to).

    Raises :class:`~decision.errors.MomentWindowError` for a window that cannot be used
    (negative, beyond :data:`MAX_WINDOW_YEARS`, or not from low to high); nothing changes then.
    """
    low, high = float(window[0]), float(window[1])
    problem = window_error((low, high))
    if problem is not None:
        raise MomentWindowError(problem, low=f"{low:g}", high=f"{high:g}", limit=f"{MAX_WINDOW_YEARS:g}")
    return replace(w, moment_window=(low, high))
