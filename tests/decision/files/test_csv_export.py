"""CSV exports: Dutch Excel dialect, international dialect, formula neutralisation,
and the ranking and score tables that go into them.

Expected values are worked out by hand from the scores below (see ``_workshop``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.model import KansType, Koppelkans, Participant, Status, Workshop
from decision.files.criteria_sets import load_criteria_set
from decision.files.csv_export import (
    DUTCH,
    INTERNATIONAL,
    neutralize,
    ranking_frame,
    scores_long_frame,
    to_csv,
)

ROOT = Path(__file__).resolve().parents[3]
CRITERIA_FILE = ROOT / "criteria" / "01-wijkkompas-fase3.yaml"
BOM = b"\xef\xbb\xbf"
CRITERIA = ("wensen", "kosten", "tijd", "risico", "ambitie")
MOTIVATION = 'Breed gedragen; "topwens" van het café\nen van bewoners, budget € 40.000'


def parse(data: bytes, separator: str) -> list[list[str]]:
    """Read CSV bytes back the way a careful program would."""
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))


def _workshop(first_name: str = "Groen schoolplein") -> Workshop:
    """Four koppelkansen, three participants, one "weet niet", some cells not scored.

    Wijkkompas weights 25/20/15/15/25; every scale runs 1..5, so for the weighted
    sum a "hoger is beter" level x counts (x-1)/4 and a "lager is beter" level (5-x)/4.

    K01  5 2 2 2 4 (all three)            -> .25 + .75 x .75                   = 0.8125
    K02  4 3 3 3 3                        -> .25x.75 + .2x.5 + .3x.5 + .25x.5  = 0.5625
    K03  3 3 3 3 4 (P3 did not score it)  -> .25x.5 + .2x.5 + .3x.5 + .25x.75  = 0.5625
    K04  wensen: weet niet / 2 / 2, kosten 5, tijd 4, risico 4, ambitie 5 / 1 / 1
         mean -> .25x.25 + 0 + .15x.25 + .15x.25 + .25x(4/3)/4             = 0.2208333
    """
    cs = load_criteria_set(CRITERIA_FILE)
    sheets = {
        "K01": {"P1": [5, 2, 2, 2, 4], "P2": [5, 2, 2, 2, 4], "P3": [5, 2, 2, 2, 4]},
        "K02": {"P1": [4, 3, 3, 3, 3], "P2": [4, 3, 3, 3, 3], "P3": [4, 3, None, 3, 3]},
        "K03": {"P1": [3, 3, 3, 3, 4], "P2": [3, 3, 3, 3, 4]},
        "K04": {"P1": ["?", 5, 4, 4, 5], "P2": [2, 5, 4, 4, 1], "P3": [2, 5, 4, 4, 1]},
    }
    scores: dict[tuple[str, str, str], float | None] = {}
    for kid, by_person in sheets.items():
        for pid, values in by_person.items():
            for cid, value in zip(CRITERIA, values, strict=False):
                if value == "?":
                    scores[(pid, kid, cid)] = None  # "weet niet"
                elif value is not None:
                    scores[(pid, kid, cid)] = float(value)
    return Workshop(
        name="Proefwijk Eikenlaan",
        criteria_set=cs.id,
        criteria=cs.criteria,
        kansen=(
            Koppelkans("K01", first_name, KansType.PHYSICAL, status=Status.CHOSEN, motivation=MOTIVATION),
            Koppelkans("K02", "Buurtkamer in de school", KansType.SOCIAL),
            Koppelkans("K03", "Wadi's in de Kastanjelaan", KansType.PHYSICAL),
            Koppelkans(
                "K04",
                "Warmtenet meekoppelen",
                KansType.PHYSICAL,
                status=Status.NOT_CHOSEN,
                motivation="-2+3 jaar vertraging",
            ),
        ),  # fmt: skip
        participants=(
            Participant("P1", "Anouk de Vries", "wijkregisseur"),
            Participant("P2", "Jeroen Bakker", "netbeheerder"),
            Participant("P3"),
        ),
        scores=scores,
    )


# -- Dutch dialect ---------------------------------------------------------------
def test_dutch_is_the_default_and_exact_bytes_are_as_excel_nl_expects():
    frame = pd.DataFrame({"naam": ["Wadi"], "score": [0.8375]})
    expected = BOM + b"naam;score\r\nWadi;0,8375\r\n"
    assert to_csv(frame) == expected
    assert to_csv(frame, "nl") == expected
    assert to_csv(frame, DUTCH) == expected


def test_dutch_starts_with_exactly_one_bom():
    data = to_csv(pd.DataFrame({"a": [1]}), "nl")
    assert data.startswith(BOM)
    assert not data[3:].startswith(BOM)
    assert data.count(BOM) == 1


def test_dutch_decimal_comma_for_every_float():
    frame = pd.DataFrame({"x": [0.8375, -1.5, 0.1 + 0.2, 1234.5]})
    rows = parse(to_csv(frame, "nl"), ";")
    assert [r[0] for r in rows[1:]] == ["0,8375", "-1,5", "0,3", "1234,5"]


def test_whole_numbers_have_no_decimal_part_and_missing_is_empty():
    frame = pd.DataFrame({"n": [3, 0, -2], "f": [2.0, float("nan"), 0.25]})
    rows = parse(to_csv(frame, "nl"), ";")
    assert rows[1:] == [["3", "2"], ["0", ""], ["-2", "0,25"]]


def test_dutch_lines_end_in_crlf():
    frame = pd.DataFrame({"a": ["x", "y"], "b": [1.5, 2.5]})
    data = to_csv(frame, "nl")
    assert data.endswith(b"\r\n")
    assert data.count(b"\r\n") == 3  # header + two rows
    assert data.count(b"\n") == data.count(b"\r\n")


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("a;b", '"a;b"'),
        ('zeg "ja"', '"zeg ""ja"""'),
        ("regel 1\nregel 2", '"regel 1\nregel 2"'),
        ("regel 1\r\nregel 2", '"regel 1\r\nregel 2"'),
    ],
)
def test_dutch_quotes_fields_per_rfc4180(text, raw):
    frame = pd.DataFrame({"id": ["K01"], "tekst": [text]})
    body = to_csv(frame, "nl").decode("utf-8-sig")
    assert body == f"id;tekst\r\nK01;{raw}\r\n"
    assert parse(to_csv(frame, "nl"), ";") == [["id", "tekst"], ["K01", text]]


def test_dutch_round_trips_through_the_csv_module():
    cells = {
        "naam": ["Café Ëvers", 'Wadi "De Beek"', "Tuin; speelplek", "Regel\nnieuwe regel"],
        "kosten": ["€ 40.000", "€ 1,2 mln", "", "n.v.t."],
        "score": [0.8375, 0.5, 1.0, 0.125],
    }
    rows = parse(to_csv(pd.DataFrame(cells), "nl"), ";")
    assert rows[0] == ["naam", "kosten", "score"]
    assert [r[0] for r in rows[1:]] == cells["naam"]
    assert [r[1] for r in rows[1:]] == cells["kosten"]
    assert [r[2] for r in rows[1:]] == ["0,8375", "0,5", "1", "0,125"]


def test_accents_and_euro_sign_survive_as_utf8():
    frame = pd.DataFrame({"naam": ["Café Ëvers"], "kosten": ["€ 40.000"]})
    data = to_csv(frame, "nl")
    assert "é".encode() in data and "Ë".encode() in data and "€".encode() in data
    assert parse(data, ";")[1] == ["Café Ëvers", "€ 40.000"]


# -- international dialect -------------------------------------------------------
def test_international_exact_bytes():
    frame = pd.DataFrame({"naam": ["Wadi"], "score": [0.8375]})
    assert to_csv(frame, "intl") == b"naam,score\r\nWadi,0.8375\r\n"
    assert to_csv(frame, INTERNATIONAL) == b"naam,score\r\nWadi,0.8375\r\n"


def test_international_has_no_bom_and_quotes_commas():
    frame = pd.DataFrame({"naam": ["Tuin, speelplek", "Café"], "score": [-1.5, 2.25]})
    data = to_csv(frame, "intl")
    assert not data.startswith(BOM)
    assert data.startswith(b"naam,score")
    assert b'"Tuin, speelplek"' in data
    assert parse(data, ",") == [["naam", "score"], ["Tuin, speelplek", "-1.5"], ["Café", "2.25"]]


# -- formula injection -----------------------------------------------------------
DANGEROUS = [
    '=HYPERLINK("http://example.invalid","klik hier")',
    "=1+1",
    "-2+3",
    "+31 6 12345678",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", DANGEROUS)
@pytest.mark.parametrize(("dialect", "sep"), [("nl", ";"), ("intl", ",")])
def test_text_that_starts_like_a_formula_gets_an_apostrophe(text, dialect, sep):
    frame = pd.DataFrame({"naam": [text], "score": [0.5]})
    rows = parse(to_csv(frame, dialect), sep)
    assert rows[1][0] == "'" + text


@pytest.mark.parametrize("text", ["Groen schoolplein", "2-onder-1-kap", "e-mail", "'al veilig", "K=1", ""])
def test_ordinary_text_is_left_alone(text):
    assert neutralize(text) == text
    rows = parse(to_csv(pd.DataFrame({"naam": [text]}), "nl"), ";")
    assert rows[1] == [text]


def test_numbers_are_never_neutralised():
    frame = pd.DataFrame({"f": [-0.5, -3.25], "i": [-3, -12]})
    rows = parse(to_csv(frame, "nl"), ";")
    assert rows[1:] == [["-0,5", "-3"], ["-3,25", "-12"]]
    rows = parse(to_csv(frame, "intl"), ",")
    assert rows[1:] == [["-0.5", "-3"], ["-3.25", "-12"]]


def test_header_cells_are_neutralised_too():
    frame = pd.DataFrame({"=1+1": ["a"], "@x": ["b"], "gewoon": ["c"]})
    rows = parse(to_csv(frame, "nl"), ";")
    assert rows[0] == ["'=1+1", "'@x", "gewoon"]


def test_dangerous_names_and_motivations_are_neutralised_in_the_exports():
    name = '=HYPERLINK("http://example.invalid","klik")'
    w = _workshop(first_name=name)
    rows = parse(to_csv(ranking_frame(rank_workshop(w), w)), ";")
    header = rows[0]
    by_id = {r[header.index("id")]: r for r in rows[1:]}
    assert by_id["K01"][header.index("naam")] == "'" + name
    assert by_id["K04"][header.index("motivatie")] == "'-2+3 jaar vertraging"
    long_rows = parse(to_csv(scores_long_frame(w)), ";")
    col = long_rows[0].index("Koppelkans")
    assert {r[col] for r in long_rows[1:] if r[long_rows[0].index("ID koppelkans")] == "K01"} == {"'" + name}


# -- ranking_frame ---------------------------------------------------------------
def test_ranking_frame_has_one_row_per_koppelkans_in_rank_order():
    w = _workshop()
    frame = ranking_frame(rank_workshop(w), w)
    assert len(frame) == 4
    assert list(frame["id"]) == ["K01", "K02", "K03", "K04"]
    assert list(frame["rang"]) == [1, 2, 2, 4]
    assert list(frame["gelijke_stand"]) == ["nee", "ja", "ja", "nee"]
    assert list(frame["score"]) == pytest.approx([0.8125, 0.5625, 0.5625, 0.2208333], abs=1e-6)
    assert list(frame["weet_niet"]) == [0, 0, 0, 1]


def test_ranking_frame_dutch_headers_by_default():
    w = _workshop()
    cols = list(ranking_frame(rank_workshop(w), w).columns)
    expected = (
        "rang",
        "id",
        "naam",
        "score",
        "gelijke_stand",
        "gescoord_gewicht",
        "weet_niet",
        "status",
        "motivatie",
    )
    for header in expected:
        assert header in cols
    assert [c for c in cols if c.startswith("bijdrage_")] == [f"bijdrage_{c}" for c in CRITERIA]
    assert cols[:3] == ["rang", "id", "naam"]


def test_ranking_frame_english_headers():
    w = _workshop()
    cols = list(ranking_frame(rank_workshop(w), w, "en").columns)
    for header in (
        "rank",
        "id",
        "name",
        "score",
        "tied",
        "weight_scored",
        "dont_know",
        "status",
        "motivation",
    ):
        assert header in cols
    for dutch in ("rang", "naam", "gelijke_stand", "weet_niet", "motivatie"):
        assert dutch not in cols


def test_ranking_frame_status_and_motivation():
    w = _workshop()
    frame = ranking_frame(rank_workshop(w), w).set_index("id")
    assert frame.loc["K01", "status"] == "gekozen"
    assert frame.loc["K02", "status"] == "kandidaat"
    assert frame.loc["K04", "status"] == "niet gekozen"
    assert frame.loc["K01", "motivatie"] == MOTIVATION
    assert frame.loc["K02", "motivatie"] == ""


def test_ranking_frame_contributions_add_up_to_the_score():
    w = _workshop()
    frame = ranking_frame(rank_workshop(w), w)
    parts = frame[[f"bijdrage_{c}" for c in CRITERIA]].sum(axis=1)
    assert np.allclose(parts, frame["score"], atol=1e-5)
    # K01: wensen level 5 -> 0.25 x 1; kosten level 2 -> 0.20 x 0.75
    k01 = frame.set_index("id").loc["K01"]
    assert k01["bijdrage_wensen"] == pytest.approx(0.25)
    assert k01["bijdrage_kosten"] == pytest.approx(0.15)


def test_ranking_csv_as_dutch_excel_reads_it():
    w = _workshop()
    data = to_csv(ranking_frame(rank_workshop(w), w), "nl")
    assert data.startswith(BOM)
    rows = parse(data, ";")
    header, body = rows[0], rows[1:]
    assert len(body) == 4
    assert all(len(r) == len(header) for r in body)
    k01 = dict(zip(header, body[0], strict=False))
    assert k01["id"] == "K01"
    assert k01["score"] == "0,8125"
    assert k01["gescoord_gewicht"] == "1"
    assert k01["motivatie"] == MOTIVATION  # ; " newline é € all intact
    k04 = dict(zip(header, body[3], strict=False))
    assert k04["score"] == "0,220833"
    assert k04["weet_niet"] == "1"


# -- scores_long_frame -----------------------------------------------------------
def test_scores_long_frame_has_one_row_per_given_score():
    w = _workshop()
    frame = scores_long_frame(w)
    assert len(frame) == len(w.scores) == 3 * 4 * 5 - 5 - 1  # P3 skipped K03 and K02.tijd
    keys = set(zip(frame["ID deelnemer"], frame["ID koppelkans"], frame["ID criterium"], strict=False))
    assert keys == set(w.scores)
    assert ("P3", "K03", "wensen") not in keys
    assert ("P3", "K02", "tijd") not in keys


def test_scores_long_frame_weet_niet_row():
    w = _workshop()
    frame = scores_long_frame(w)
    dont_know = frame[frame["Weet niet"] == "ja"]
    assert len(dont_know) == 1
    row = dont_know.iloc[0]
    assert (row["ID deelnemer"], row["ID koppelkans"], row["ID criterium"]) == ("P1", "K04", "wensen")
    assert pd.isna(row["Score"])
    assert set(frame.loc[frame["Weet niet"] == "nee", "Score"].notna()) == {True}
    rows = parse(to_csv(frame, "nl"), ";")
    header = rows[0]
    unknown = header.index("Weet niet")
    csv_row = next(dict(zip(header, r, strict=True)) for r in rows[1:] if r[unknown] == "ja")
    assert csv_row["Score"] == ""
    assert csv_row["ID koppelkans"] == "K04"


def test_scores_long_frame_values_names_and_roles():
    w = _workshop()
    frame = scores_long_frame(w)
    pick = (frame["ID deelnemer"] == "P2") & (frame["ID koppelkans"] == "K04")
    pick &= frame["ID criterium"] == "ambitie"
    row = frame[pick]
    assert len(row) == 1
    assert row.iloc[0]["Score"] == 1
    assert row.iloc[0]["Deelnemer"] == "Jeroen Bakker"
    assert row.iloc[0]["Rol"] == "netbeheerder"
    assert row.iloc[0]["Koppelkans"] == "Warmtenet meekoppelen"
    anonymous = frame[frame["ID deelnemer"] == "P3"]
    assert set(anonymous["Deelnemer"]) == {""}


def test_scores_long_frame_headers_in_both_languages():
    w = _workshop()
    nl = list(scores_long_frame(w).columns)
    en_frame = scores_long_frame(w, "en")
    en = list(en_frame.columns)
    assert nl == ["ID deelnemer", "Deelnemer", "Rol", "ID koppelkans", "Koppelkans",
                  "ID criterium", "Criterium", "Score", "Weet niet", "Notitie bij deze cel"]  # fmt: skip
    assert en == ["Participant ID", "Participant", "Role", "Linking opportunity ID", "Linking opportunity",
                  "Criterion ID", "Criterion", "Score", "Don't know", "Note on this cell"]  # fmt: skip
    assert set(en_frame["Don't know"]) == {"yes", "no"}


def test_scores_long_frame_names_each_criterion_by_its_label_in_the_language():
    w = _workshop()
    labels = {c.id: c.label for c in w.criteria}
    for lang, header in (("nl", "Criterium"), ("en", "Criterion")):
        frame = scores_long_frame(w, lang)
        id_header = "ID criterium" if lang == "nl" else "Criterion ID"
        shown = dict(zip(frame[id_header], frame[header], strict=True))
        assert shown == {cid: labels[cid].get(lang) for cid in shown}
        assert set(shown) == {c.id for c in w.criteria}
