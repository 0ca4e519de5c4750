"""The report's cards say each koppelkans's natural moment, seen from the report's day, and name "beide"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from decision.files.workshop_file import load_workshop
from decision.output.report import build_report
from decision.text.i18n import t

EXAMPLE = Path(__file__).resolve().parents[3] / "data" / "kastanjehof.yaml"


def card(html: str, kans_id: str) -> str:
    match = re.search(rf'<article class="card [a-z]+" id="kans-{kans_id}">(.*?)</article>', html, re.S)
    assert match, kans_id
    return match.group(1)


def test_each_card_names_its_natural_moment_from_the_reports_day():
    w = load_workshop(EXAMPLE)
    html = build_report(w, "nl", generated=dt.date(2026, 12, 2))
    assert t("moment.window", "nl") in card(html, "K02")
    assert t("moment.now", "nl") in card(html, "K06")
    assert t("moment.later", "nl") in card(html, "K14")
    assert "1,5 tot 4 jaar na 2 december 2026" in html
    # a year earlier the school's renovation (2030) was still to be kept in view
    earlier = build_report(w, "nl", generated=dt.date(2025, 12, 2))
    assert t("moment.later", "nl") in card(earlier, "K11")
    assert t("moment.window", "nl") in card(html, "K11")


def test_the_report_follows_the_workshops_window_and_speaks_english():
    w = replace(load_workshop(EXAMPLE), moment_window=(0.5, 1.0))
    html = build_report(w, "en", generated=dt.date(2026, 12, 2))
    assert "Natural moment" in card(html, "K05")  # 2027: 0.58 years ahead
    assert "Later: keep in view" in card(html, "K02")
    assert "0.5 to 1 years after" in html


def test_a_koppelkans_of_both_kinds_is_shown_as_such():
    html = build_report(load_workshop(EXAMPLE), "nl", generated=dt.date(2026, 12, 2))
    assert '<article class="card beide" id="kans-K14">' in html
    assert "sociaal en fysiek" in card(html, "K14")
