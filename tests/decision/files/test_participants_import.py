"""Participants from a list of names and roles, as a project leader has it in Excel or pastes it."""

from __future__ import annotations

import pytest

from decision.domain.model import Participant, Workshop
from decision.errors import FileErrors, FileFormatError
from decision.files.limits import MAX_NAME_CHARS, MAX_PARTICIPANTS
from decision.files.participants_import import merge_participants, parse_participants


def people(text: str | bytes) -> list[tuple[str, str]]:
    return list(parse_participants(text, "deelnemers.csv").people)


@pytest.mark.parametrize(
    "text",
    [
        "Sanne de Vries;projectleider warmte\nAhmed Yilmaz;bewoner\n",
        "naam;rol\nSanne de Vries;projectleider warmte\nAhmed Yilmaz;bewoner",
        "Naam,Rol\r\nSanne de Vries,projectleider warmte\r\nAhmed Yilmaz,bewoner\r\n",
        "Sanne de Vries\tprojectleider warmte\nAhmed Yilmaz\tbewoner",  # pasted from Excel
        "sep=;\nSanne de Vries;projectleider warmte\nAhmed Yilmaz;bewoner",
        "\ufeffnaam;rol\nSanne de Vries;projectleider warmte\n\n;;\nAhmed Yilmaz;bewoner",
    ],
)
def test_the_ways_a_list_comes_in_give_the_same_people(text):
    assert people(text) == [("Sanne de Vries", "projectleider warmte"), ("Ahmed Yilmaz", "bewoner")]


def test_dutch_excel_bytes_with_a_bom_and_quotes():
    raw = '\ufeffnaam;rol\r\n"Vries, S. de";"wethouder; wonen"\r\n'.encode()
    assert people(raw) == [("Vries, S. de", "wethouder; wonen")]


def test_a_header_decides_the_order_of_the_columns_and_others_are_ignored():
    text = "Functie;E-mail;Naam\nwethouder;a@b.nl;Jan Bakker\n"
    assert people(text) == [("Jan Bakker", "wethouder")]


def test_a_name_alone_and_a_role_alone():
    assert people("Jan Bakker\n;bewoner\n") == [("Jan Bakker", ""), ("", "bewoner")]


def test_every_problem_is_named_by_its_row():
    text = "naam;rol\nJan Bakker;bewoner\n\njan  bakker;wethouder\nPiet;" + "x" * (MAX_NAME_CHARS + 1) + "\n"
    with pytest.raises(FileErrors) as info:
        parse_participants(text, "deelnemers.csv")
    found = [(p.place("nl"), p.problem) for p in info.value.problems]
    assert found == [("rij 4, kolom naam", "duplicate"), ("rij 5, kolom rol", "too_long")]
    assert "rij 4, kolom naam: deelnemer 'jan bakker' komt twee keer voor." in info.value.localized("nl")


def test_a_third_field_without_a_header_is_a_problem_with_its_row():
    with pytest.raises(FileErrors) as info:
        parse_participants("Jan,bewoner\nVries, S. de, wethouder\n", "lijst")
    [problem] = info.value.problems
    assert (problem.place("nl"), problem.problem) == ("rij 2", "participants_too_wide")
    assert "hoogstens 2" in problem.localized("nl")


def test_too_many_people_is_refused_whole():
    text = "\n".join(f"Persoon {n};bewoner" for n in range(MAX_PARTICIPANTS + 1))
    with pytest.raises(FileFormatError) as info:
        parse_participants(text, "lijst")
    assert info.value.problem == "participants_rows"
    assert info.value.problem_params == {"rows": MAX_PARTICIPANTS + 1, "limit": MAX_PARTICIPANTS}
    assert len(people("\n".join(f"Persoon {n};bewoner" for n in range(MAX_PARTICIPANTS)))) == MAX_PARTICIPANTS


def test_a_list_of_only_a_header_holds_nobody():
    with pytest.raises(FileFormatError) as info:
        parse_participants("naam;rol\n", "lijst")
    assert info.value.problem == "participants_empty"


# -- into the workshop ---------------------------------------------------------------------
def _workshop() -> Workshop:
    return Workshop(
        name="W",
        participants=(
            Participant("P1", "Sanne de Vries", "projectleider"),
            Participant("P02", "", "bewoner"),
        ),
        scores={("P1", "K01", "c"): 3.0},
    )


def test_known_names_keep_their_id_and_scores_and_new_ones_get_fresh_ids():
    w = _workshop()
    listed = parse_participants(
        "sanne de vries;projectleider warmte\nAhmed Yilmaz;bewoner\n;jongerenwerker", "x"
    )
    merged = merge_participants(w, listed)
    assert merged.workshop.participants == (
        Participant("P1", "Sanne de Vries", "projectleider warmte"),
        Participant("P02", "", "bewoner"),
        Participant("P01", "Ahmed Yilmaz", "bewoner"),
        Participant("P03", "", "jongerenwerker"),
    )
    assert merged.workshop.scores == w.scores
    assert (merged.added, merged.updated, merged.unchanged) == (2, 1, 0)


def test_an_empty_role_leaves_the_known_role():
    merged = merge_participants(_workshop(), parse_participants("Sanne de Vries;", "x"))
    assert merged.workshop == _workshop()
    assert (merged.added, merged.updated, merged.unchanged) == (0, 0, 1)


def test_a_list_that_would_bring_the_workshop_over_the_cap_is_refused():
    listed = parse_participants("\n".join(f"Nieuw {n};x" for n in range(MAX_PARTICIPANTS - 1)), "x")
    with pytest.raises(FileFormatError) as info:
        merge_participants(_workshop(), listed)
    assert info.value.problem_params["rows"] == MAX_PARTICIPANTS + 1
