"""A CSV list with several mistakes: every one is reported at once, and nothing is imported.

Also the two rules a project leader ran into: a start year without a linked project
is read (the koppelkans's own work starts then), and the README names the same
required and optional columns as the importer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from decision.domain.model import KansType, Koppelkans, LinkedProject, Workshop
from decision.errors import FileErrors, FileFormatError
from decision.files.csv_import import (
    COLUMNS,
    KANS_COLUMNS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    merge_kansen,
    parse_kansen_csv,
)

ROOT = Path(__file__).resolve().parents[3]
HEADER = "id;naam;type;gekoppeld_project;startjaar;kosten_min_eur;kosten_max_eur"


def csv_bytes(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def errors_of(raw: bytes) -> FileErrors:
    with pytest.raises(FileErrors) as info:
        parse_kansen_csv(raw, "inventaris.csv")
    return info.value


def test_every_problem_in_the_file_is_reported_with_row_and_column():
    raw = csv_bytes(
        HEADER,
        "K1;Warmtenet;fysiek;Riool;2028;250000;750000",
        "K2;Coaches;groen;Start;20x6;50000;250000",  # two problems in one row
        "K3;;sociaal;Plein;2027;veel;2000",  # two more
        "K1;Dubbel;fysiek;Riool;2028;1;2",  # an id used before
        "K5;Tuin;fysiek;Plein;2029;1",  # too few fields
    )
    err = errors_of(raw)
    found = [(p.place("nl"), p.problem) for p in err.problems]
    assert found == [
        ("rij 3, kolom type", "choice"),
        ("rij 3, kolom startjaar", "csv_year"),
        ("rij 4, kolom naam", "empty"),
        ("rij 4, kolom kosten_min_eur", "csv_number"),
        ("rij 5, kolom id", "duplicate"),
        ("rij 6", "csv_row_width"),
    ]
    message = err.localized("nl")
    lines = message.splitlines()
    assert lines[0].startswith("inventaris.csv: 6 problemen gevonden. Er is niets ingelezen")
    assert lines[1] == "- rij 3, kolom type: 'groen' is geen geldige keuze; kies uit: sociaal, fysiek, beide."
    assert len(lines) == 7 and "{" not in message
    assert (
        err.localized("en").splitlines()[0].startswith("inventaris.csv: 6 problems found. Nothing was read")
    )
    # one error tree: a caller that knows only FileFormatError still catches it, and sees the first
    assert isinstance(err, FileFormatError) and (err.place(), err.problem) == ("rij 3, kolom type", "choice")


def test_a_single_problem_reads_as_one_message():
    err = errors_of(csv_bytes("naam;type", "Tuin;groen"))
    assert err.localized("nl").startswith("inventaris.csv, bij rij 2, kolom type: 'groen'")
    assert "\n" not in err.localized("nl")


def test_a_long_list_of_problems_shows_fifty_and_counts_the_rest():
    raw = csv_bytes("naam;type", *(f"Kans {n};groen" for n in range(80)))
    err = errors_of(raw)
    assert len(err.problems) == 80
    heading, lines, rest = err.parts("nl")
    assert len(lines) == FileErrors.SHOWN == 50
    assert lines[-1].startswith("rij 51, kolom type")
    assert rest == "… en nog 30 problemen."
    assert err.localized("nl").splitlines()[-1] == rest
    assert err.parts("en")[2] == "… and 30 more problems."


def test_header_problems_are_reported_together():
    err = errors_of(csv_bytes("naam;Naam;soort werk", "Tuin;Tuin;x"))
    assert [(p.place("nl"), p.problem) for p in err.problems] == [
        ("rij 1, kolom Naam", "duplicate"),
        ("rij 1", "csv_columns"),
    ]


def test_a_start_year_without_a_linked_project_is_the_koppelkans_own_start():
    raw = csv_bytes(
        "naam;type;gekoppeld_project;startjaar",
        "Buurtbatterij;fysiek;;2027",
        "Warmtenet;fysiek;Rioolvervanging;2028",
        "Coaches;sociaal;;",
    )
    result = parse_kansen_csv(raw, "inventaris.csv")
    assert [k.project for k in result.kansen] == [
        LinkedProject("Buurtbatterij", 2027),
        LinkedProject("Rioolvervanging", 2028),
        None,
    ]
    assert result.own_projects == (2,)


def test_a_start_year_column_without_a_project_column_is_read_too():
    result = parse_kansen_csv(csv_bytes("naam;type;startjaar", "Buurtbatterij;fysiek;2027"), "x.csv")
    assert result.kansen[0].project == LinkedProject("Buurtbatterij", 2027)


def _workshop() -> Workshop:
    return Workshop(name="W", kansen=(Koppelkans("K01", "Bestaand", KansType.SOCIAL),))


def test_merging_reports_every_clash_and_changes_nothing():
    w = _workshop()
    raw = csv_bytes("id;naam;type;ambitie", "K01;Nieuw;fysiek;", "K02;Ander;fysiek;Onbekend thema")
    imported = parse_kansen_csv(raw, "inventaris.csv")
    with pytest.raises(FileErrors) as info:
        merge_kansen(w, imported)
    assert [(p.place("nl"), p.problem) for p in info.value.problems] == [
        ("rij 2, kolom id", "duplicate"),
        ("rij 3, kolom ambitie", "unknown_ref"),
    ]
    assert w == _workshop()


# -- one list of columns, in code and in the README ----------------------------------------
def test_the_column_lists_are_one_split_of_what_the_importer_reads():
    assert KANS_COLUMNS == tuple(COLUMNS)
    assert set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS) == set(KANS_COLUMNS)
    assert not set(REQUIRED_COLUMNS) & set(OPTIONAL_COLUMNS)
    assert REQUIRED_COLUMNS == ("naam", "type")


def _readme_csv_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("**CSV met koppelkansen importeren**")
    return text[start : text.index("\n\n", start) + 1]


def test_the_readme_names_the_required_and_optional_columns_of_the_importer():
    section = _readme_csv_section()
    required = re.search(r"\*\*Verplichte kolommen\*\*: (.*?)\.\n", section, re.S)
    optional = re.search(r"\*\*Overige kolommen\*\*[^:]*: (.*?)\.\n", section, re.S)
    assert required and optional, section
    assert re.findall(r"`([a-z_]+)`", required.group(1)) == list(REQUIRED_COLUMNS)
    assert re.findall(r"`([a-z_]+)`", optional.group(1)) == list(OPTIONAL_COLUMNS)
