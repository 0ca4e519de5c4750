"""Numbers, money and dates as a Dutch (or English) reader expects them.

The Dutch strings follow CLDR ``nl``: the euro sign is followed by a no-break
space (U+00A0), thousands are grouped with a dot and decimals follow a comma, and
a negative amount is written ``€ -1.234,56``. Each expected string below is
written out by hand, character for character.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from decision.domain.model import Range
from decision.text import formatting
from decision.text.formatting import (
    date,
    money,
    money_range,
    money_short,
    months_range,
    number,
    percent,
    score,
)

NBSP = "\u00a0"
DASH = "\u2013"  # en dash, the sign for "no value"


# -- money ---------------------------------------------------------------------------
def test_dutch_money_has_a_no_break_space_dot_grouping_and_decimal_comma():
    assert money(1234.56) == "€\u00a01.234,56"
    assert money(1234.56, "nl") == "€" + NBSP + "1.234,56"
    assert money(0) == "€\u00a00,00"
    assert money(1_000_000) == "€\u00a01.000.000,00"


def test_dutch_negative_money_puts_the_minus_after_the_euro_sign():
    assert money(-1234.56) == "€\u00a0-1.234,56"


def test_dutch_whole_euros():
    assert money(250000, cents=False) == "€\u00a0250.000"
    assert money(999.4, cents=False) == "€\u00a0999"
    assert money(1234.6, cents=False) == "€\u00a01.235"


def test_dutch_negative_whole_euros_follow_the_same_pattern_as_with_cents():
    # € -1.234,56 with cents, so € -250.000 without: the sign always comes first.
    assert money(-250000, cents=False) == "€\u00a0-250.000"


def test_the_space_after_the_euro_sign_never_breaks():
    for text in (money(1234.56), money(250000, cents=False), money_short(1_500_000)):
        assert " " not in text, f"ordinary space in {text!r}"
        assert NBSP in text


def test_english_money():
    assert money(1234.56, "en") == "€1,234.56"
    assert money(250000, "en", cents=False) == "€250,000"


def test_short_money_in_millions():
    assert money_short(1_500_000) == "€\u00a01,5\u00a0mln"
    assert money_short(3_000_000) == "€\u00a03\u00a0mln"
    assert money_short(1_250_000) == "€\u00a01,25\u00a0mln"
    assert money_short(1_500_000, "en") == "€1.5m"
    assert money_short(3_000_000, "en") == "€3m"


def test_short_money_below_a_million_is_whole_euros():
    assert money_short(250_000) == "€\u00a0250.000"
    assert money_short(999_999) == "€\u00a0999.999"
    assert money_short(250_000, "en") == "€250,000"


def test_money_range():
    assert money_range(Range(250_000, 750_000)) == "€\u00a0250.000 – €\u00a0750.000"
    assert money_range(Range(250_000, 1_500_000)) == "€\u00a0250.000 – €\u00a01,5\u00a0mln"
    assert money_range(Range(250_000, 750_000), "en") == "€250,000 – €750,000"


def test_money_range_with_equal_ends_is_one_amount():
    assert money_range(Range(50_000, 50_000)) == "€\u00a050.000"
    assert money_range(Range(2_000_000, 2_000_000), "en") == "€2m"


# -- months ------------------------------------------------------------------------
def test_months_range():
    assert months_range(Range(24, 48)) == "24–48 mnd"
    assert months_range(Range(24, 48), "en") == "24–48 months"
    assert months_range(Range(12, 12)) == "12 mnd"
    # halves as entered, not rounded (half to even made 1,5–4,5 read "2–4")
    assert months_range(Range(1.5, 4.5)) == "1,5–4,5 mnd"
    assert months_range(Range(1.5, 4.5), "en") == "1.5–4.5 months"
    assert months_range(Range(6, 6), "en") == "6 months"


# -- numbers and percentages ------------------------------------------------------
def test_number_uses_a_decimal_comma_in_dutch():
    assert number(1234.5) == "1.234,50"
    assert number(0.1, digits=1) == "0,1"
    assert number(1234.5, "en") == "1,234.50"
    assert number(3.14159, digits=3) == "3,142"
    assert number(12.7, digits=0) == "13"


def test_percent_of_a_share():
    assert percent(0.25) == "25%"
    assert percent(1.0) == "100%"
    assert percent(0.125, digits=1) == "12,5%"
    assert percent(0.125, "en", digits=1) == "12.5%"


# -- dates -----------------------------------------------------------------------
def test_long_and_short_dates():
    d = dt.date(2026, 3, 12)
    assert date(d) == "12 maart 2026"
    assert date(d, long=False) == "12-03-2026"
    assert date(d, "en") == "12 March 2026"
    assert date(dt.date(2026, 1, 5), long=False) == "05-01-2026"


# -- scores ---------------------------------------------------------------------
def test_score_is_shown_on_a_0_to_100_scale():
    assert score(0.8375) == "84"
    assert score(0.0) == "0"
    assert score(1.0) == "100"
    assert score(0.5) == "50"


# -- missing values --------------------------------------------------------------
MISSING = [None, float("nan"), math.nan, np.nan, np.float64("nan")]


@pytest.mark.parametrize("value", MISSING, ids=repr)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_missing_number_is_a_dash(value, lang):
    assert money(value, lang) == DASH
    assert money(value, lang, cents=False) == DASH
    assert money_short(value, lang) == DASH
    assert number(value, lang) == DASH
    assert percent(value, lang) == DASH
    assert score(value, lang) == DASH


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_missing_range_and_date_are_a_dash(lang):
    assert money_range(None, lang) == DASH
    assert months_range(None, lang) == DASH
    assert date(None, lang) == DASH
    assert date(None, lang, long=False) == DASH


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [(25.0, "nl", "25"), (25.5, "nl", "25,5"), (2.25, "nl", "2,25"), (1250000.0, "nl", "1.250.000"),
     (25.0, "en", "25"), (2.5, "en", "2.5"), (None, "nl", "–")],
)  # fmt: skip
def test_decimal_is_as_short_as_the_number_with_the_languages_comma(value, lang, shown):
    assert formatting.decimal(value, lang) == shown
