"""Numbers, money and dates the way a Dutch (or English) reader expects them.

Babel with an explicit locale per call, never ``locale.setlocale``: that one is
process-wide, so in a server with several users the last caller would win.
Dutch money follows CLDR ``nl``: ``€ 1.234,56`` with a no-break space after the
sign, and ``€ -1.234,56`` for a negative amount.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Protocol, TypeGuard

from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.dates import format_time as _format_time
from babel.numbers import format_currency, format_decimal, format_percent

from decision.text.i18n import t

LOCAL_TIME: dt.tzinfo
try:  # Dutch local time; the tzdata package supplies the zone where the system has none
    from zoneinfo import ZoneInfo

    LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
except Exception:  # noqa: BLE001 - any failure to load zone data means: no local time
    LOCAL_TIME = dt.UTC


class Range(Protocol):
    """Anything with a low and a high end, such as the domain's cost or duration range."""

    @property
    def low(self) -> float: ...

    @property
    def high(self) -> float: ...


LOCALES = {"nl": "nl_NL", "en": "en_GB"}
NBSP = "\xa0"
DASH = "–"


def _locale(lang: str) -> str:
    return LOCALES.get(lang, "nl_NL")


def _known(x: float | None) -> TypeGuard[float]:
    """A number to show; None and NaN (no score, no estimate) are shown as a dash."""
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def money(amount: float | None, lang: str = "nl", *, cents: bool = True) -> str:
    """``€ 1.234,56``; with ``cents=False`` whole euros: ``€ 250.000``."""
    if not _known(amount):
        return DASH
    if cents:
        return format_currency(amount, "EUR", locale=_locale(lang))
    return format_currency(
        round(amount), "EUR", format="¤ #,##0;¤ -#,##0", locale=_locale(lang), currency_digits=False
    ).replace(" ", NBSP if lang == "nl" else "")


def money_short(amount: float | None, lang: str = "nl") -> str:
    """Large amounts in words: ``€ 1,5 mln``, ``€ 250.000``, for charts and cards."""
    if not _known(amount):
        return DASH
    if abs(amount) >= 1_000_000:
        millions = format_decimal(amount / 1_000_000, format="#,##0.##", locale=_locale(lang))
        if lang == "nl":
            return f"€{NBSP}{millions}{NBSP}mln"
        return f"€{millions}m"  # English style, like "€250,000" from money()
    return money(amount, lang, cents=False)


def money_range(r: Range | None, lang: str = "nl") -> str:
    """``€ 250.000 – € 750.000``, or a single amount when both ends are equal."""
    if r is None:
        return DASH
    if r.low == r.high:
        return money_short(r.low, lang)
    return f"{money_short(r.low, lang)} {DASH} {money_short(r.high, lang)}"


def number(x: float | None, lang: str = "nl", digits: int = 2) -> str:
    if not _known(x):
        return DASH
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(x, format=pattern, locale=_locale(lang))


def decimal(x: float | None, lang: str = "nl") -> str:
    """A number as short as it is: ``25``, ``2,5`` (Dutch comma), ``2.5`` in English; never ``25.0``."""
    if not _known(x):
        return DASH
    return format_decimal(x, format="#,##0.##", locale=_locale(lang))


def percent(share: float | None, lang: str = "nl", digits: int = 0) -> str:
    """A share (0.25) as ``25%``."""
    if not _known(share):
        return DASH
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    return format_percent(share, format=pattern, locale=_locale(lang))


def months_range(r: Range | None, lang: str = "nl") -> str:
    if r is None:
        return DASH
    unit = "mnd" if lang == "nl" else "months"

    def months(value: float) -> str:
        # a half month as entered ("1,5"), never rounded: a range shown narrower than
        # the inventory says would be a different fact
        return number(value, lang, 0 if float(value).is_integer() else 1)

    if r.low == r.high:
        return f"{months(r.low)} {unit}"
    return f"{months(r.low)}{DASH}{months(r.high)} {unit}"


def date(d: dt.date | None, lang: str = "nl", *, long: bool = True) -> str:
    """``12 maart 2026`` (long) or ``12-03-2026``."""
    if d is None:
        return DASH
    if long:
        return _format_date(d, format="long", locale=_locale(lang))
    return _format_date(d, format="dd-MM-yyyy", locale=_locale(lang))


def month_year(d: dt.date, lang: str = "nl") -> str:
    """``juli 2028``: as precise as a plan by start year is."""
    return _format_date(d, format="LLLL y", locale=_locale(lang))


def moment(at: dt.datetime, lang: str = "nl", *, now: dt.datetime | None = None) -> str:
    """When something happened, as a person says it, in Dutch local time.

    ``vandaag 14:05``, ``gisteren 09:12``, else ``3 nov 2026 09:12``. ``at`` and
    ``now`` must be aware (the store writes UTC).
    """
    local = at.astimezone(LOCAL_TIME)
    today = (now or dt.datetime.now(dt.UTC)).astimezone(LOCAL_TIME).date()
    clock = _format_time(local, format="HH:mm", locale=_locale(lang))
    if local.date() == today:
        return t("when.today", lang, time=clock)
    if local.date() == today - dt.timedelta(days=1):
        return t("when.yesterday", lang, time=clock)
    return _format_datetime(local, format="d MMM y HH:mm", locale=_locale(lang))


def score(x: float | None, lang: str = "nl") -> str:
    """A 0..1 score shown on a 0–100 scale, which a room reads more easily."""
    if not _known(x):
        return DASH
    return number(100 * x, lang, 0)
