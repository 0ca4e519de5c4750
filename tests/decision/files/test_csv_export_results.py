"""The results CSV for people: the screen's 0–100 score, readable headers, safe in Excel.

The workshop and its hand-worked scores are those of ``test_csv_export``:
K01 0.8125, K02 and K03 0.5625 (tied), K04 0.2208.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_csv_export import CRITERIA, MOTIVATION, _workshop, parse

from decision.domain.analysis import rank_workshop
from decision.domain.model import Text
from decision.files.csv_export import ranking_frame, results_frame, to_csv

LABELS_NL = ["Wensen in de wijk", "Extra kosten", "Tijd voor besluitvorming en uitvoering", "Risico's",
             "Bijdrage aan de ambitie"]  # fmt: skip


def rows_of(w, lang: str = "nl", dialect: str = "nl", method: str = "wsm") -> list[dict[str, str]]:
    separator = ";" if dialect == "nl" else ","
    header, *body = parse(to_csv(results_frame(rank_workshop(w, method), w, lang), dialect), separator)
    return [dict(zip(header, row, strict=True)) for row in body]


def test_the_score_is_the_screens_whole_number_out_of_100():
    w = _workshop()
    rows = rows_of(w)
    assert [(r["ID"], r["Score (0–100)"]) for r in rows] == [("K01", "81"), ("K02", "56"), ("K03", "56"),
                                                            ("K04", "22")]  # fmt: skip
    # the same rounding as the Resultaten table: (100 * score).round(0)
    table = rank_workshop(w).table
    assert [float(r["Score (0–100)"]) for r in rows] == list((100 * table["score"]).round(0))


def test_dutch_headers_name_the_criteria_by_their_labels():
    header = list(results_frame(rank_workshop(_workshop()), _workshop(), "nl").columns)
    assert header == [
        "Plaats", "Gedeelde plaats", "ID", "Koppelkans", "Type", "Startjaar", "Natuurlijk moment",
        "Score (0–100)", "Gescoord gewicht (%)", "Spreiding",
        "Weet niet", "Niet gescoord", *[f"Bijdrage: {label}" for label in LABELS_NL], "Status", "Motivatie",
    ]  # fmt: skip
    assert not any(c.startswith("bijdrage_") for c in header)


def test_english_headers_and_values_are_english():
    w = _workshop()
    rows = rows_of(w, "en")
    first = rows[0]
    contributions = [c for c in first if c.startswith("Contribution: ")]
    assert contributions == [f"Contribution: {c.label.en}" for c in w.criteria]
    assert (first["Rank"], first["Type"], first["Status"], first["Shared rank"]) == (
        "1",
        "physical",
        "chosen",
        "no",
    )
    assert rows[1]["Shared rank"] == "yes" and rows[3]["Status"] == "not chosen"
    assert not any(name in first for name in ("Plaats", "Koppelkans", "Motivatie"))


def test_contributions_are_points_of_the_score():
    k01 = rows_of(_workshop())[0]
    parts = [k01[f"Bijdrage: {label}"] for label in LABELS_NL]
    # 25 + .2 x .75 + .15 x .75 + .15 x .75 + .25 x .75, in points out of 100, to one decimal
    assert parts == ["25", "15", "11,2", "11,2", "18,8"]
    for row in rows_of(_workshop())[:3]:
        total = sum(float(row[f"Bijdrage: {label}"].replace(",", ".")) for label in LABELS_NL)
        assert total == pytest.approx(float(row["Score (0–100)"]), abs=0.5 + 0.05 * len(LABELS_NL))


def test_two_criteria_with_the_same_label_get_their_ids():
    w = _workshop()
    twin = replace(w.criteria[1], label=Text("Wensen in de wijk", "Wishes"))
    w = replace(w, criteria=(w.criteria[0], twin, *w.criteria[2:]))
    header = list(results_frame(rank_workshop(w), w, "nl").columns)
    assert "Bijdrage: Wensen in de wijk (wensen)" in header
    assert "Bijdrage: Wensen in de wijk (kosten)" in header
    assert "Bijdrage: Wensen in de wijk" not in header
    assert len(set(header)) == len(header)


def test_topsis_has_no_contribution_columns_that_would_not_add_up():
    rows = rows_of(_workshop(), method="topsis")
    assert not [c for c in rows[0] if c.startswith("Bijdrage")]
    assert all(0 <= float(r["Score (0–100)"]) <= 100 for r in rows)


def test_dutch_excel_dialect_and_the_international_one():
    data = to_csv(results_frame(rank_workshop(_workshop()), _workshop()), "nl")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").split("\r\n")[0].startswith("Plaats;Gedeelde plaats;ID;")
    assert rows_of(_workshop())[0]["Spreiding"].count(".") == 0
    international = rows_of(_workshop(), dialect="intl")
    assert international[0]["Bijdrage: Tijd voor besluitvorming en uitvoering"] == "11.2"


def test_text_that_a_spreadsheet_would_run_is_made_inert():
    w = _workshop(first_name='=HYPERLINK("http://evil.example","klik")')
    w = replace(w, criteria=(replace(w.criteria[0], label=Text("+Wensen", "+Wishes")), *w.criteria[1:]))
    header, *body = parse(to_csv(results_frame(rank_workshop(w), w)), ";")
    assert "'Bijdrage: +Wensen" not in header and "Bijdrage: +Wensen" in header  # starts with "B": safe
    k01 = dict(zip(header, body[0], strict=True))
    assert k01["Koppelkans"] == '\'=HYPERLINK("http://evil.example","klik")'
    assert k01["Motivatie"] == MOTIVATION
    k04 = dict(zip(header, body[3], strict=True))
    assert k04["Motivatie"] == "'-2+3 jaar vertraging"


def test_a_koppelkans_nobody_scored_has_no_rank_and_no_score():
    w = _workshop()
    w = replace(w, scores={k: v for k, v in w.scores.items() if k[1] != "K03"})
    k03 = next(r for r in rows_of(w) if r["ID"] == "K03")
    assert (k03["Plaats"], k03["Score (0–100)"], k03["Gedeelde plaats"]) == ("", "", "nee")


def test_the_command_lines_table_keeps_its_machine_names():
    """``koppelkansen rank --format csv`` is read by scripts: 0–1 scores, ``bijdrage_<id>``."""
    frame = ranking_frame(rank_workshop(_workshop()), _workshop())
    assert [c for c in frame.columns if c.startswith("bijdrage_")] == [f"bijdrage_{c}" for c in CRITERIA]
    assert frame["score"].iloc[0] == pytest.approx(0.8125)
