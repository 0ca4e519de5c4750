"""When a workshop last changed, as Start says it: Dutch local time, today and yesterday in words."""

from __future__ import annotations

import datetime as dt

from decision.text.formatting import moment

NOW = dt.datetime(2026, 11, 5, 15, 30, tzinfo=dt.UTC)  # 16:30 in Amsterdam (winter time)


def test_today_yesterday_and_earlier_in_dutch_local_time():
    assert moment(dt.datetime(2026, 11, 5, 13, 5, tzinfo=dt.UTC), "nl", now=NOW) == "vandaag 14:05"
    assert moment(dt.datetime(2026, 11, 4, 8, 0, tzinfo=dt.UTC), "nl", now=NOW) == "gisteren 09:00"
    assert moment(dt.datetime(2026, 11, 3, 8, 12, tzinfo=dt.UTC), "nl", now=NOW) == "3 nov 2026 09:12"
    assert moment(dt.datetime(2026, 11, 3, 8, 12, tzinfo=dt.UTC), "en", now=NOW) == "3 Nov 2026 09:12"
    assert moment(dt.datetime(2026, 11, 5, 13, 5, tzinfo=dt.UTC), "en", now=NOW) == "today 14:05"


def test_the_day_is_the_local_day_not_the_utc_day():
    late = dt.datetime(2026, 11, 4, 23, 30, tzinfo=dt.UTC)  # 00:30 on the 5th in Amsterdam
    assert moment(late, "nl", now=NOW) == "vandaag 00:30"
    summer = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
    assert moment(summer, "nl", now=summer) == "vandaag 14:00"  # summer time: UTC+2
