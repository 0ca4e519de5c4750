"""Importing koppelkansen from CSV as Dutch teams make it in Excel.

The sample follows the layout of the domain reference (§2.2): ``;`` between fields,
lists inside a cell separated by ``|``, amounts as whole euros, plus score and
source columns the import does not use.
"""

from __future__ import annotations

import pytest

from decision.domain.model import AmbitionTheme, KansType, Koppelkans, LinkedProject, Range, Status, Workshop
from decision.errors import FileFormatError
from decision.files.cells import parse_number, parse_year
from decision.files.csv_import import (
    KansenImport,
    detect_delimiter,
    merge_kansen,
    normalize_header,
    parse_kansen_csv,
    parse_type,
)

HEADER = (
    "id;naam;type;beleidsdomeinen;partijen;gekoppeld_project;startjaar;kosten_min_eur;kosten_max_eur;"
    "tijd_min_mnd;tijd_max_mnd;score_wensen;score_kosten;score_tijd;score_risico;score_ambitie;bron_status"
)
ROWS = (
    "K01;Warmtenet meeleggen met rioolvervanging;fysiek;Riolering | Energietransitie | Openbare ruimte;"
    "Gemeente | Warmtebedrijf | Netbeheerder;Rioolvervanging fase 1;2028;250000;750000;24;48;"
    "3;2;2;2;5;S (casus D)",
    "K06;Armoedescan + energiefixers;sociaal;Sociaal domein | Werk en inkomen;Gemeente | Schuldhulp | UWV;"
    "Start wijkaanpak;2026;50000;250000;6;12;4;5;5;4;4;S",
    "K09;Wijkbudget vergroenen;fysiek;Openbare ruimte | Groen;Bewoners | Gemeente;Regulier beheer;2026;"
    "20000;60000;3;12;4;5;5;5;2;S (Biezen D)",
)
SAMPLE = "\r\n".join((HEADER, *ROWS)) + "\r\n"


def csv_bytes(*lines: str, bom: bool = False) -> bytes:
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


def fail(raw: bytes, file: str = "kansen.csv") -> FileFormatError:
    with pytest.raises(FileFormatError) as info:
        parse_kansen_csv(raw, file)
    return info.value


# -- the reference sample -------------------------------------------------------------
def test_sample_from_the_reference_layout():
    result = parse_kansen_csv(SAMPLE.encode("utf-8"), "kansen.csv")
    assert isinstance(result, KansenImport)
    assert [k.id for k in result.kansen] == ["K01", "K06", "K09"]
    k01 = result.kansen[0]
    assert k01 == Koppelkans(
        id="K01",
        name="Warmtenet meeleggen met rioolvervanging",
        type=KansType.PHYSICAL,
        policy_domains=("Riolering", "Energietransitie", "Openbare ruimte"),
        parties=("Gemeente", "Warmtebedrijf", "Netbeheerder"),
        project=LinkedProject("Rioolvervanging fase 1", 2028),
        extra_cost=Range(250_000, 750_000),
        duration_months=Range(24, 48),
    )
    assert result.kansen[1].type is KansType.SOCIAL
    assert result.kansen[2].duration_months == Range(3, 12)
    assert result.ignored_columns == (
        "score_wensen", "score_kosten", "score_tijd", "score_risico", "score_ambitie", "bron_status",
    )  # fmt: skip
    assert result.rows == (2, 3, 4)
    assert not result.generated_ids


def test_with_bom_gives_the_same_result():
    plain = parse_kansen_csv(SAMPLE.encode("utf-8"), "a.csv")
    with_bom = parse_kansen_csv(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "a.csv")
    assert with_bom.kansen == plain.kansen
    assert with_bom.ignored_columns == plain.ignored_columns


def test_comma_and_tab_variants_give_the_same_result():
    expected = parse_kansen_csv(SAMPLE.encode("utf-8"), "a.csv").kansen
    comma = "\n".join(line.replace(";", ",") for line in SAMPLE.splitlines())
    tab = "\n".join(line.replace(";", "\t") for line in SAMPLE.splitlines())
    assert parse_kansen_csv(comma.encode("utf-8"), "a.csv").kansen == expected
    assert parse_kansen_csv(tab.encode("utf-8"), "a.csv").kansen == expected


def test_delimiter_comes_from_the_header_not_from_the_data():
    # many commas in the data, but the header is split by semicolons
    raw = "naam;type;beschrijving\nA, B en C;fysiek;een, twee, drie, vier\n"
    assert detect_delimiter(raw) == ";"
    kans = parse_kansen_csv(raw.encode(), "a.csv").kansen[0]
    assert kans.name == "A, B en C"
    assert kans.description == "een, twee, drie, vier"
    assert detect_delimiter('"naam","type"\n"x","fysiek"\n') == ","


def test_excel_sep_hint_line_is_honoured_and_not_counted_as_a_row():
    raw = csv_bytes("sep=,", "naam,type,startjaar", "Tuin,sociaal,20x8")
    err = fail(raw)
    assert err.place() == "rij 2, kolom startjaar"


def test_quoted_fields_with_separators_quotes_and_line_breaks():
    raw = csv_bytes(
        "id;naam;type;beschrijving;partijen",
        'K1;"Tuin; groot";fysiek;"Zegt ""ja""; en\nnog een regel";"Gemeente | Bewoners; samen"',
        "K2;Coaches;sociaal;;",
    )
    result = parse_kansen_csv(raw, "a.csv")
    k1 = result.kansen[0]
    assert k1.name == "Tuin; groot"
    assert k1.description == 'Zegt "ja"; en\nnog een regel'
    # only | separates list items, also where the field separator is ;
    assert k1.parties == ("Gemeente", "Bewoners; samen")
    assert result.rows == (2, 3)


def test_semicolon_inside_a_comma_file_is_no_list_separator():
    raw = csv_bytes("naam,type,partijen", "Tuin,fysiek,Gemeente; Bewoners | Corporatie")
    assert parse_kansen_csv(raw, "a.csv").kansen[0].parties == ("Gemeente; Bewoners", "Corporatie")


# -- headers ----------------------------------------------------------------------------
def test_headers_are_matched_loosely_in_dutch_and_english():
    raw = csv_bytes(
        " Name ;TYPE;Description;Betrokken partijen;Project;Start_Year;Kosten min (€);Kosten max (€);"
        "Duur min;Duur max;Kansen;Risico's;Ambitie",
        "Tuin;Social;Iets moois;Gemeente|Bewoners;Renovatie;2027;€ 10.000;€ 50.000;12;24;Groen;Geld;T1 | T2",
    )
    result = parse_kansen_csv(raw, "a.csv")
    k = result.kansen[0]
    assert k == Koppelkans(
        id="K01", name="Tuin", type=KansType.SOCIAL, description="Iets moois",
        parties=("Gemeente", "Bewoners"), project=LinkedProject("Renovatie", 2027),
        extra_cost=Range(10_000, 50_000), duration_months=Range(12, 24),
        opportunities=("Groen",), risks=("Geld",), themes=("T1", "T2"),
    )  # fmt: skip
    assert result.ignored_columns == ()
    assert result.header("kosten_min_eur") == "Kosten min (€)"


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("Risico's", "risicos"),
        ("Kosten min (€)", "kosten_min_eur"),
        ("gekoppeld project", "gekoppeld_project"),
    ],
)
def test_normalize_header(header, canonical):
    assert normalize_header(header) == canonical


def test_without_id_column_ids_are_numbered():
    raw = csv_bytes("naam;type", "A;fysiek", "", "B;sociaal")
    result = parse_kansen_csv(raw, "a.csv")
    assert [k.id for k in result.kansen] == ["K01", "K02"]
    assert result.generated_ids
    assert result.rows == (2, 4)  # the empty row still counts, as in Excel


def test_empty_rows_including_excel_semicolon_rows_are_skipped():
    raw = csv_bytes("naam;type;beschrijving", "A;fysiek;iets", ";;", "   ", "B;sociaal;")
    assert [k.name for k in parse_kansen_csv(raw, "a.csv").kansen] == ["A", "B"]


def test_formula_guard_apostrophe_is_removed():
    raw = csv_bytes("naam;type;kansen", "'=Tuin;fysiek;'-minder hitte")
    k = parse_kansen_csv(raw, "a.csv").kansen[0]
    assert k.name == "=Tuin"
    assert k.opportunities == ("-minder hitte",)


# -- type -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sociaal", KansType.SOCIAL),
        ("FYSIEK", KansType.PHYSICAL),
        ("Social", KansType.SOCIAL),
        ("physical", KansType.PHYSICAL),
        ("sociaal/fysiek", KansType.BOTH),  # only the two kinds: both
        ("fysiek/sociaal", KansType.BOTH),
        ("beide", KansType.BOTH),
        ("fysiek (sociaal effect)", KansType.PHYSICAL),
        ("mensgericht", KansType.SOCIAL),
    ],
)
def test_type_values(text, expected):
    assert parse_type(text) is expected


def test_unknown_type_names_row_column_and_choices():
    err = fail(csv_bytes("naam;type", "A;fysiek", "B;groen"))
    assert err.place() == "rij 3, kolom type"
    assert err.problem == "choice"
    assert err.problem_params == {"value": "groen", "allowed": "sociaal, fysiek, beide"}
    assert "rij 3, kolom type" in err.localized("nl")
    assert "'groen'" in err.localized("nl")


# -- numbers ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("250000", 250_000),
        ("250.000", 250_000),
        ("1.250.000", 1_250_000),
        ("250.000,50", 250_000.5),
        ("€ 250.000", 250_000),
        ("€250.000,-", 250_000),
        ("€\xa0250.000", 250_000),
        ("250.000 euro", 250_000),
        ("EUR 3000", 3000),
        ("€ 1,5 mln", 1_500_000),
        ("2 miljoen", 2_000_000),
        ("250k", 250_000),
        ("250 000", 250_000),
        ("1,5", 1.5),
        ("1,500", 1.5),  # the comma is the decimal separator, always
        ("1.5", 1.5),  # a single dot not followed by three digits can only be a decimal point
        ("0.500", 0.5),  # a group starting with 0 is no thousands group
        ("1234.5", 1234.5),
        ("1,234.56", 1234.56),  # both separators: only the English reading fits
        ("1,250,000", 1_250_000),  # two commas: only the English reading fits
        ("", None),
        ("  ", None),
    ],
)
def test_money_numbers(text, expected):
    assert parse_number(text, money=True) == expected


@pytest.mark.parametrize("text", ["abc", "1.2.3", "12.5.000", "1,2,3", "1,", "€", "250.000 - 750.000", "1 2"])
def test_unreadable_numbers(text):
    with pytest.raises(ValueError):
        parse_number(text, money=True)


def test_months_accept_a_unit_but_not_euros():
    assert parse_number("12 mnd", months=True) == 12
    assert parse_number("1,5 maanden", months=True) == 1.5
    with pytest.raises(ValueError):
        parse_number("€ 12", months=True)


@pytest.mark.parametrize(("text", "expected"), [("2028", 2028), (" 2030 ", 2030), ("", None)])
def test_years(text, expected):
    assert parse_year(text) == expected


@pytest.mark.parametrize("text", ["28", "2028,0", "2028.0", "twintig", "20288"])
def test_not_a_year(text):
    with pytest.raises(ValueError):
        parse_year(text)


def test_dutch_money_in_a_semicolon_file():
    raw = csv_bytes(
        "naam;type;kosten_min_eur;kosten_max_eur",
        "A;fysiek;€ 250.000;€ 750.000,-",
        'B;fysiek;"1.000,50";2.500',
        "C;fysiek;€ 1,5 mln;€ 3 mln",
    )
    costs = [k.extra_cost for k in parse_kansen_csv(raw, "a.csv").kansen]
    assert costs == [Range(250_000, 750_000), Range(1000.5, 2500), Range(1_500_000, 3_000_000)]


def test_one_end_of_a_range_is_used_for_both_and_none_gives_no_range():
    raw = csv_bytes(
        "naam;type;kosten_min;kosten_max;duur_min;duur_max",
        "A;fysiek;;50000;6;",
        "B;fysiek;;;;",
    )
    a, b = parse_kansen_csv(raw, "a.csv").kansen
    assert a.extra_cost == Range(50_000, 50_000)
    assert a.duration_months == Range(6, 6)
    assert b.extra_cost is None and b.duration_months is None


# -- errors name the row and the column ----------------------------------------------------
@pytest.mark.parametrize(
    ("row", "where", "problem"),
    [
        ("K4;Tuin;fysiek;Renovatie;20x8;1000;2000", "rij 4, kolom startjaar", "csv_year"),
        ("K4;Tuin;fysiek;Renovatie;1850;1000;2000", "rij 4, kolom startjaar", "range"),
        ("K4;Tuin;fysiek;Renovatie;2027;veel;2000", "rij 4, kolom kosten_min_eur", "csv_number"),
        ("K4;Tuin;fysiek;Renovatie;2027;-1000;2000", "rij 4, kolom kosten_min_eur", "range"),
        ("K4;Tuin;fysiek;Renovatie;2027;1000;1.2.3", "rij 4, kolom kosten_max_eur", "csv_number"),
        (
            "K4;Tuin;fysiek;Renovatie;2027;5000;2000",
            "rij 4, kolommen kosten_min_eur en kosten_max_eur",
            "range_order",
        ),
        ("K4;;fysiek;Renovatie;2027;1000;2000", "rij 4, kolom naam", "empty"),
        ("K4;Tuin;;Renovatie;2027;1000;2000", "rij 4, kolom type", "empty"),
        ("K4;Tuin;groen;Renovatie;2027;1000;2000", "rij 4, kolom type", "choice"),
        (";Tuin;fysiek;Renovatie;2027;1000;2000", "rij 4, kolom id", "empty"),
        ("K 4;Tuin;fysiek;Renovatie;2027;1000;2000", "rij 4, kolom id", "identifier"),
        ("K1;Tuin;fysiek;Renovatie;2027;1000;2000", "rij 4, kolom id", "duplicate"),
        ("K4;Tuin;fysiek;Renovatie;2027;1000", "rij 4", "csv_row_width"),
        ("K4;Tuin;fysiek;Renovatie;2027;1000;2000;extra", "rij 4", "csv_row_width"),
    ],
)
def test_each_error_names_row_and_column(row, where, problem):
    raw = csv_bytes(
        "id;naam;type;gekoppeld_project;startjaar;kosten_min_eur;kosten_max_eur",
        "K1;Warmtenet;fysiek;Riool;2028;250000;750000",
        "K2;Coaches;sociaal;Start;2026;50000;250000",
        row,
        "K5;Later;fysiek;Plein;2029;1;2",
    )
    err = fail(raw, "kansen.csv")
    assert (err.file, err.place(), err.problem) == ("kansen.csv", where, problem)
    message = err.localized("nl")
    assert message.startswith(f"kansen.csv, bij {where}: ")
    assert "{" not in message  # every placeholder filled in
    assert "{" not in err.localized("en")


def test_row_width_error_says_how_many_fields():
    err = fail(csv_bytes("naam;type;startjaar", "A;fysiek"))
    assert err.problem_params == {"got": 2, "expected": 3}


def test_trailing_empty_fields_beyond_the_header_are_tolerated():
    kansen = parse_kansen_csv(csv_bytes("naam;type", "A;fysiek;;"), "a.csv").kansen
    assert [k.name for k in kansen] == ["A"]


def test_error_row_counts_the_header_and_multiline_cells_as_one_row():
    raw = csv_bytes("naam;type;startjaar", '"A\nmet twee regels";fysiek;', "B;sociaal;volgend jaar")
    assert fail(raw).place() == "rij 3, kolom startjaar"


def test_missing_required_columns_lists_what_was_found():
    err = fail(csv_bytes("id;titelloos;soort_werk", "K1;A;fysiek"))
    assert err.problem == "csv_columns"
    assert err.place() == "rij 1"
    assert err.problem_params == {"missing": "naam, type", "found": "id, titelloos, soort_werk"}


def test_a_column_given_twice_is_refused():
    err = fail(csv_bytes("naam;type;name", "A;fysiek;B"))
    assert (err.place(), err.problem) == ("rij 1, kolom name", "duplicate")


@pytest.mark.parametrize("raw", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b";;;\r\n"])
def test_an_empty_file(raw):
    assert fail(raw).problem == "csv_empty"


def test_a_header_without_rows_is_empty_too():
    assert fail(csv_bytes("naam;type", ";")).problem == "csv_empty"


def test_not_utf8():
    err = fail("naam;type\nCafé;fysiek\n".encode("cp1252"))
    assert err.problem == "encoding"
    assert "UTF-8" in err.localized("nl")


def test_broken_quotes():
    err = fail(csv_bytes("naam;type", '"Tuin;fysiek'))
    assert err.problem == "csv_parse"
    assert err.place() == "rij 2"


def test_nothing_partial_is_returned():
    # the error sits in the last row: the good rows before it are not returned either
    raw = csv_bytes(HEADER, *ROWS, ROWS[0].replace("K01", "K99").replace(";2028;", ";ooit;"))
    err = fail(raw)
    assert err.place() == "rij 5, kolom startjaar"


# -- merging into a workshop -----------------------------------------------------------------
def _workshop() -> Workshop:
    return Workshop(
        name="Test",
        themes=(AmbitionTheme("aardgasvrij", "Aardgasvrij wonen"), AmbitionTheme("groen", "Meer groen")),
        kansen=(
            Koppelkans(
                "K01",
                "Oud warmtenet",
                KansType.PHYSICAL,
                status=Status.CHOSEN,
                motivation="Past bij riool",
                themes=("aardgasvrij",),
                risks=("oud risico",),
            ),
            Koppelkans("K02", "Coaches", KansType.SOCIAL),
        ),  # fmt: skip
        scores={("p1", "K01", "c1"): 3.0, ("p1", "K02", "c1"): 4.0},
    )


def test_merge_appends_new_koppelkansen():
    imported = parse_kansen_csv(csv_bytes("id;naam;type;ambitie", "K03;Tuin;fysiek;groen"), "a.csv")
    merged = merge_kansen(_workshop(), imported)
    assert merged.kans_ids == ("K01", "K02", "K03")
    assert merged.kans("K03").themes == ("groen",)
    assert dict(merged.scores) == dict(_workshop().scores)


def test_merge_refuses_an_existing_id_naming_the_row():
    imported = parse_kansen_csv(csv_bytes("id;naam;type", "K03;Tuin;fysiek", "K01;Nieuw;fysiek"), "a.csv")
    with pytest.raises(FileFormatError) as info:
        merge_kansen(_workshop(), imported)
    assert (info.value.file, info.value.place(), info.value.problem) == (
        "a.csv",
        "rij 3, kolom id",
        "duplicate",
    )
    # a plain sequence of koppelkansen is refused the same way
    with pytest.raises(FileFormatError) as info:
        merge_kansen(_workshop(), imported.kansen)
    assert info.value.problem == "duplicate"


def test_merge_replaces_in_place_keeping_scores_status_and_unlisted_fields():
    imported = parse_kansen_csv(
        csv_bytes(
            "id;naam;type;kosten_min;kosten_max", "K01;Warmtenet nieuw;fysiek;100;200", "K05;Extra;sociaal;;"
        ),
        "a.csv",
    )
    w = _workshop()
    merged = merge_kansen(w, imported, replace_existing=True)
    assert merged.kans_ids == ("K01", "K02", "K05")
    k01 = merged.kans("K01")
    assert k01.name == "Warmtenet nieuw"
    assert k01.extra_cost == Range(100, 200)
    # what the file has no column for stays as it was
    assert k01.status is Status.CHOSEN
    assert k01.motivation == "Past bij riool"
    assert k01.themes == ("aardgasvrij",)
    assert k01.risks == ("oud risico",)
    assert dict(merged.scores) == dict(w.scores)


def test_merge_with_generated_ids_numbers_on_after_the_workshop():
    imported = parse_kansen_csv(csv_bytes("naam;type", "Tuin;fysiek", "Bus;sociaal"), "a.csv")
    merged = merge_kansen(_workshop(), imported)
    assert merged.kans_ids == ("K01", "K02", "K03", "K04")
    assert merged.kans("K03").name == "Tuin"


def test_merge_resolves_themes_by_name_and_refuses_unknown_ones():
    ok = parse_kansen_csv(csv_bytes("naam;type;ambitie", "Tuin;fysiek;Meer groen | aardgasvrij"), "a.csv")
    assert merge_kansen(_workshop(), ok).kans("K03").themes == ("groen", "aardgasvrij")
    bad = parse_kansen_csv(
        csv_bytes("naam;type;Ambitie", "Tuin;fysiek;groen", "Bus;sociaal;vervoer"), "a.csv"
    )
    w = _workshop()
    with pytest.raises(FileFormatError) as info:
        merge_kansen(w, bad)
    assert (info.value.place(), info.value.problem) == ("rij 3, kolom Ambitie", "unknown_ref")
    assert w == _workshop()  # unchanged


def test_error_place_is_translated_for_english_readers():
    err = fail(csv_bytes("naam;type;startjaar", "Tuin;sociaal;20x8"))
    assert err.place("nl") == "rij 2, kolom startjaar"
    assert err.place("en") == "row 2, column startjaar"
    assert "row 2, column startjaar" in str(err)
    assert "rij 2, kolom startjaar" in err.localized("nl")


# -- the trekker: an optional column like the others ----------------------------------------
@pytest.mark.parametrize("header", ["trekker", "Trekker", "aanjager", "Trekker / aanjager", "lead"])
def test_the_trekker_column_is_read_under_its_dutch_and_english_names(header):
    raw = csv_bytes(f"naam;type;{header}", "Warmtenet;fysiek;Gemeente, team Riolering", "Wijkbudget;fysiek;")
    result = parse_kansen_csv(raw, "kansen.csv")
    assert [k.lead for k in result.kansen] == ["Gemeente, team Riolering", ""]
    assert result.ignored_columns == ()


def test_a_list_without_a_trekker_column_keeps_the_trekker_a_koppelkans_has():
    w = Workshop("w", kansen=(Koppelkans("K01", "Warmtenet", KansType.PHYSICAL, lead="Warmtebedrijf"),))
    raw = csv_bytes("id;naam;type", "K01;Warmtenet in de sleuf;fysiek")
    merged = merge_kansen(w, parse_kansen_csv(raw, "kansen.csv"), replace_existing=True)
    assert (merged.kans("K01").name, merged.kans("K01").lead) == ("Warmtenet in de sleuf", "Warmtebedrijf")
    raw = csv_bytes("id;naam;type;trekker", "K01;Warmtenet;fysiek;Netbeheerder")
    merged = merge_kansen(w, parse_kansen_csv(raw, "kansen.csv"), replace_existing=True)
    assert merged.kans("K01").lead == "Netbeheerder"
