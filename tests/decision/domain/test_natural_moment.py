"""The natural moment: too late, in the window, or later, seen from a given day.

Every test passes ``today``: the classes must not depend on the clock.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decision.domain.changelog import describe_changes
from decision.domain.model import DEFAULT_MOMENT_WINDOW, KansType, Koppelkans, LinkedProject, Workshop
from decision.domain.moment import (
    MAX_WINDOW_YEARS,
    NaturalMoment,
    classify,
    classify_year,
    moments,
    set_moment_window,
    start_date,
    years_until,
)
from decision.errors import MomentWindowError

NOW, WINDOW, LATER = NaturalMoment.NOW, NaturalMoment.WINDOW, NaturalMoment.LATER
ORDER = {NOW: 0, WINDOW: 1, LATER: 2}


def kans(year: int | None, *, project: bool = True, kid: str = "K01") -> Koppelkans:
    linked = LinkedProject("Rioolvervanging", year) if project else None
    return Koppelkans(kid, "Warmtenet", KansType.PHYSICAL, project=linked)


def test_the_default_window_is_one_and_a_half_to_four_years():
    assert DEFAULT_MOMENT_WINDOW == (1.5, 4.0)
    assert Workshop("w").moment_window == (1.5, 4.0)


def test_a_start_year_counts_as_the_first_of_july():
    assert start_date(2028) == dt.date(2028, 7, 1)
    assert years_until(2028, dt.date(2027, 7, 1)) == pytest.approx(366 / 365.25)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2020, NOW),  # started long ago
        (2026, NOW),  # this year
        (2027, NOW),  # 0.58 years ahead: the plans are made
        (2028, WINDOW),  # 1.58 years: the natural moment
        (2030, WINDOW),  # 3.58 years
        (2031, LATER),  # 4.58 years: keep it in view
        (2040, LATER),
    ],
)
def test_classes_seen_from_december_2026(year, expected):
    assert classify_year(year, dt.date(2026, 12, 2)) is expected


def test_the_first_of_july_rule_decides_at_the_lower_edge():
    # 2028 counts as 1 July 2028: seen from 31 December 2026 that is 548 days ahead (1.5003
    # years, in the window); from 2 January 2027, 546 days (1.495 years, too late).
    in_window = dt.date(2026, 12, 31)
    assert years_until(2028, in_window) >= 1.5
    assert classify_year(2028, in_window) is WINDOW
    assert classify_year(2028, dt.date(2027, 1, 2)) is NOW


def test_both_edges_of_the_window_belong_to_it():
    today = dt.date(2026, 7, 1)
    # exactly 2 and 4 years ahead, to the day (with a window put on those values)
    window = (years_until(2028, today), years_until(2030, today))
    assert classify_year(2028, today, window) is WINDOW
    assert classify_year(2030, today, window) is WINDOW
    assert classify_year(2031, today, window) is LATER
    assert classify_year(2027, today, window) is NOW


def test_the_upper_edge_seen_from_two_days():
    # 2030 is 1 July 2030; 4 years before is 1 July 2026 (1461 days, 4.0 years of 365.25)
    assert classify_year(2030, dt.date(2026, 7, 1)) is WINDOW
    assert classify_year(2030, dt.date(2026, 6, 30)) is LATER


def test_this_year_is_too_late_even_when_the_window_starts_at_zero():
    window = (0.0, 2.0)
    assert classify_year(2026, dt.date(2026, 1, 2), window) is NOW  # half a year ahead, but this year
    assert classify_year(2027, dt.date(2026, 1, 2), window) is WINDOW


def test_a_custom_window():
    today = dt.date(2026, 3, 12)
    assert classify_year(2027, today, (1.0, 2.0)) is WINDOW  # 1.3 years
    assert classify_year(2028, today, (1.0, 2.0)) is LATER  # 2.3 years
    assert classify_year(2028, today, (2.5, 6.0)) is NOW  # before a window that starts later
    assert classify_year(2031, today, (2.5, 6.0)) is WINDOW  # 5.3 years
    assert classify_year(2032, today, (2.5, 6.0)) is LATER  # 6.3 years


def test_an_unknown_start_year_has_no_class():
    today = dt.date(2026, 12, 2)
    assert classify(kans(None), today) is None
    assert classify(kans(None, project=False), today) is None
    assert classify(kans(2029), today) is WINDOW


def test_moments_classifies_every_koppelkans_by_id():
    kansen = (kans(2026, kid="a"), kans(2029, kid="b"), kans(2035, kid="c"), kans(None, kid="d"))
    assert moments(kansen, dt.date(2026, 12, 2)) == {"a": NOW, "b": WINDOW, "c": LATER, "d": None}


years = st.integers(min_value=1900, max_value=2200)
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
windows = st.tuples(
    st.floats(min_value=0, max_value=MAX_WINDOW_YEARS), st.floats(min_value=0, max_value=MAX_WINDOW_YEARS)
).filter(lambda w: w[0] < w[1])


@given(first=years, second=years, today=days, window=windows)
def test_a_later_start_never_gives_an_earlier_class(first, second, today, window):
    early, late = sorted((first, second))
    a, b = classify_year(early, today, window), classify_year(late, today, window)
    assert a is not None and b is not None
    assert ORDER[a] <= ORDER[b]


@given(year=years, first=days, second=days, window=windows)
def test_as_time_passes_a_start_only_comes_closer(year, first, second, window):
    earlier, later = sorted((first, second))
    then, now = classify_year(year, earlier, window), classify_year(year, later, window)
    assert then is not None and now is not None
    assert ORDER[now] <= ORDER[then]


# -- the setting -----------------------------------------------------------------------
def test_set_moment_window_changes_it_and_the_besluitlog_names_it():
    w = Workshop("w")
    changed = set_moment_window(w, (2, 5))
    assert changed.moment_window == (2.0, 5.0)
    [entry] = describe_changes(w, changed)
    assert entry.action == "moment_window"
    assert entry.detail == {"old_from": 1.5, "old_to": 4, "new_from": 2, "new_to": 5}


def test_an_unchanged_window_is_no_entry():
    w = Workshop("w")
    assert describe_changes(w, set_moment_window(w, (1.5, 4))) == []


@pytest.mark.parametrize("window", [(3, 2), (2, 2), (-1, 2), (1, MAX_WINDOW_YEARS + 1)])
def test_set_moment_window_refuses_a_window_it_cannot_use(window):
    with pytest.raises(MomentWindowError) as caught:
        set_moment_window(Workshop("w"), window)
    message = caught.value.localized("nl")
    assert "natuurlijk moment" in message.lower()
    assert f"{window[0]:g}" in message


def test_the_besluitlog_entry_reads_in_dutch_and_english():
    from decision.domain.changelog import LogEntry
    from decision.output.logview import describe

    w = Workshop("w")
    [change] = describe_changes(w, set_moment_window(w, (2, 5)))
    entry = LogEntry(1, "2026-12-02T08:00:00.000+00:00", "", change.action, change.detail)
    assert describe(entry, w, "nl") == "Natuurlijk moment: 1,5–4 → 2–5 jaar vanaf vandaag"
    assert describe(entry, w, "en") == "Natural moment: 1.5–4 → 2–5 years from today"
