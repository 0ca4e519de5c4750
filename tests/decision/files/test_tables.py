"""Editable tables: a data editor's changes replayed, and the tables turned back into
the workshop, refusing what would make it invalid with the row and column named."""

from __future__ import annotations

import pandas as pd
import pytest

from decision.domain.model import (
    AmbitionTheme,
    Direction,
    KansType,
    LinkedProject,
    OrdinalScale,
    Participant,
    Range,
    Status,
    Text,
)
from decision.errors import FileFormatError
from decision.files.tables import (
    apply_edits,
    criteria_frame,
    criteria_from_frame,
    kansen_frame,
    kansen_from_frame,
    participant_added,
    participants_frame,
    participants_from_frame,
    themes_frame,
    themes_from_frame,
)
from decision.files.workshop_file import load_workshop


@pytest.fixture(params=["small", "example"])
def workshop(request, small_workshop, example_path):
    return small_workshop if request.param == "small" else load_workshop(example_path)


def edited(frame, changes=None, added=None, deleted=None):
    """The frame after a change record as st.data_editor reports it."""
    return apply_edits(
        frame,
        {"edited_rows": changes or {}, "added_rows": added or [], "deleted_rows": deleted or []},
    )


def refused(call) -> FileFormatError:
    with pytest.raises(FileFormatError) as info:
        call()
    return info.value


# -- apply_edits --------------------------------------------------------------------
def _people() -> pd.DataFrame:
    return pd.DataFrame(
        {"id": ["P01", "P02", "P03"], "naam": ["Anna", "Bram", "Cor"], "rol": ["a", "b", "c"]}
    ).astype("object")


def test_apply_edits_changes_a_cell():
    out = edited(_people(), {0: {"naam": "x"}})
    assert list(out["naam"]) == ["x", "Bram", "Cor"]
    assert list(out["id"]) == ["P01", "P02", "P03"]
    assert list(out["rol"]) == ["a", "b", "c"]


def test_apply_edits_adds_rows_at_the_end():
    out = edited(_people(), added=[{"naam": "Dirk", "rol": "d"}, {"id": "P09", "naam": "Eva"}])
    assert list(out["naam"]) == ["Anna", "Bram", "Cor", "Dirk", "Eva"]
    assert out.at[4, "id"] == "P09"
    assert pd.isna(out.at[3, "id"])  # the editor leaves the id of a new row empty
    assert pd.isna(out.at[4, "rol"])


def test_apply_edits_deletes_rows():
    out = edited(_people(), deleted=[1])
    assert list(out["id"]) == ["P01", "P03"]
    assert list(out.index) == [0, 1]


def test_apply_edits_all_at_once_uses_positions_in_the_frame_that_was_shown():
    # edits and deletions both name rows of the frame shown; new rows come last
    out = edited(_people(), {2: {"rol": "z"}, 0: {"naam": "x"}}, [{"naam": "Dirk"}], [1])
    assert list(out["id"][:2]) == ["P01", "P03"]
    assert list(out["naam"]) == ["x", "Cor", "Dirk"]
    assert list(out["rol"][:2]) == ["a", "z"]


def test_apply_edits_accepts_row_numbers_as_text():
    # after a round trip through JSON the row numbers are strings
    out = apply_edits(_people(), {"edited_rows": {"1": {"naam": "B"}}, "deleted_rows": ["0"]})
    assert list(out["naam"]) == ["B", "Cor"]


def test_apply_edits_with_no_changes_and_leaves_the_input_alone():
    people = _people()
    assert apply_edits(people, {}).equals(people)
    edited(people, {0: {"naam": "x"}}, [{"naam": "Dirk"}], [2])
    assert people.equals(_people())


def test_apply_edits_ignores_unknown_columns():
    out = edited(_people(), {0: {"onbekend": 1, "naam": "x"}})
    assert list(out.columns) == ["id", "naam", "rol"]
    assert out.at[0, "naam"] == "x"


# -- round trips ----------------------------------------------------------------------
def test_themes_round_trip(workshop):
    assert themes_from_frame(themes_frame(workshop)) == workshop.themes


def test_criteria_round_trip(workshop):
    assert criteria_from_frame(criteria_frame(workshop), workshop.criteria) == workshop.criteria


def test_kansen_round_trip(workshop):
    assert kansen_from_frame(kansen_frame(workshop), workshop.kansen) == workshop.kansen


def test_participants_round_trip(workshop):
    frame = participants_frame(workshop)
    assert participants_from_frame(frame, (), workshop.groups) == workshop.participants


def test_frames_show_what_a_user_reads(small_workshop):
    crit = criteria_frame(small_workshop)
    assert list(crit["richting"]) == ["hoger-is-beter", "lager-is-beter", "lager-is-beter"]
    assert list(crit["gewicht"]) == [50.0, 20.0, 30.0]
    kans = kansen_frame(small_workshop).iloc[0]
    assert kans["startjaar"] == 2028
    assert (kans["kosten_min"], kans["kosten_max"]) == (250_000, 750_000)
    assert kans["beleidsdomeinen"] == "Riolering | Energietransitie"
    assert kans["partijen"] == "Gemeente | Warmtebedrijf | Waterschap"


# -- edits turned into the workshop -----------------------------------------------------
def test_an_edited_kans_keeps_the_fields_the_table_does_not_show(small_workshop):
    frame = edited(
        kansen_frame(small_workshop),
        {
            0: {
                "naam": "Warmtenet in de rioolsleuf",
                "kosten_max": 900_000,
                "partijen": "Gemeente|Netbeheerder",
            }
        },
    )
    k01 = kansen_from_frame(frame, small_workshop.kansen)[0]
    before = small_workshop.kans("K01")
    assert k01.name == "Warmtenet in de rioolsleuf"
    assert k01.extra_cost == Range(250_000, 900_000)
    assert k01.parties == ("Gemeente", "Netbeheerder")
    # not in the table, so kept as they were
    assert k01.description == before.description
    assert k01.opportunities == ("Straat één keer open",)
    assert k01.risks == ("Te weinig aansluitingen",)
    assert k01.themes == ("aardgasvrij",)
    assert k01.motivation == before.motivation


def test_edited_criteria_keep_their_description_and_scale(small_workshop):
    frame = edited(criteria_frame(small_workshop), {0: {"label_nl": "Wensen bewoners", "gewicht": 40}})
    criteria = criteria_from_frame(frame, small_workshop.criteria)
    wensen = criteria[0]
    assert wensen.label == Text("Wensen bewoners", "Wishes in the neighbourhood")
    assert wensen.weight == 40
    before = small_workshop.criterion("wensen")
    assert wensen.description == before.description
    assert wensen.scale == before.scale
    assert wensen.scale.anchor(5) == "Topwens"
    assert criteria[2].scale == small_workshop.criterion("meerkosten").scale


def test_direction_is_read_from_the_table(small_workshop):
    frame = edited(criteria_frame(small_workshop), {1: {"richting": "hoger-is-beter"}})
    assert criteria_from_frame(frame, small_workshop.criteria)[1].direction is Direction.BENEFIT


def test_deleted_rows_are_gone(small_workshop):
    frame = edited(kansen_frame(small_workshop), deleted=[1])
    assert [k.id for k in kansen_from_frame(frame, small_workshop.kansen)] == ["K01", "K03"]


def test_a_new_kans_gets_defaults_and_a_fresh_id(small_workshop):
    frame = edited(kansen_frame(small_workshop), added=[{"naam": "Geveltuinen", "project": "Herinrichting"}])
    new = kansen_from_frame(frame, small_workshop.kansen)[-1]
    assert new.id == "K04"
    assert new.name == "Geveltuinen"
    assert new.type is KansType.PHYSICAL
    assert new.status is Status.CANDIDATE
    assert new.project == LinkedProject("Herinrichting", None)
    assert new.extra_cost is None and new.duration_months is None
    assert new.description == "" and new.risks == ()


def test_one_end_of_a_range_is_a_range_of_one_value(small_workshop):
    frame = edited(kansen_frame(small_workshop), added=[{"naam": "Nieuw", "kosten_min": 40_000}])
    assert kansen_from_frame(frame, small_workshop.kansen)[-1].extra_cost == Range(40_000, 40_000)


def test_new_ids_fill_the_first_free_numbers():
    frame = edited(
        pd.DataFrame(
            {"id": ["T01", "T03"], "thema": ["Eerste", "Derde"], "doel": ["", ""], "indicator": ["", ""]}
        ).astype("object"),
        added=[{"thema": "Nieuw A"}, {"thema": "Nieuw B"}],
    )
    assert [t.id for t in themes_from_frame(frame)] == ["T01", "T03", "T02", "T04"]


@pytest.mark.parametrize(
    ("kind", "added", "expected"),
    [
        ("themes", {"thema": "Groen"}, "T01"),
        ("criteria", {"label_nl": "Draagvlak", "gewicht": 10}, "C01"),
        ("participants", {"naam": "Dirk"}, "P01"),
    ],
)
def test_first_new_row_in_a_table_without_numbered_ids(kind, added, expected, small_workshop):
    frames = {
        "themes": (themes_frame, lambda f: themes_from_frame(f)),
        "criteria": (criteria_frame, lambda f: criteria_from_frame(f, small_workshop.criteria)),
        "participants": (participants_frame, lambda f: participants_from_frame(f)),
    }
    to_frame, from_frame = frames[kind]
    result = from_frame(edited(to_frame(small_workshop), added=[added]))
    assert result[-1].id == expected
    assert expected not in {r.id for r in result[:-1]}


def test_a_new_criterion_gets_a_five_level_scale_and_is_benefit_by_default(small_workshop):
    frame = edited(criteria_frame(small_workshop), added=[{"label_nl": "Draagvlak", "gewicht": 10}])
    new = criteria_from_frame(frame, small_workshop.criteria)[-1]
    assert new.direction is Direction.BENEFIT
    assert isinstance(new.scale, OrdinalScale)
    assert new.scale.levels == (1, 2, 3, 4, 5)
    assert new.weight == 10


def test_a_new_participant_without_a_name_is_anonymous(small_workshop):
    frame = edited(participants_frame(small_workshop), added=[{"rol": "Bewoner"}])
    new = participants_from_frame(frame)[-1]
    assert new == Participant("P01", "", "Bewoner")
    assert new.anonymous


def test_a_new_kans_never_takes_over_a_deleted_one(small_workshop):
    """Delete K03 and add a koppelkans in the same change: the new one is not K03.

    With K03's id it would inherit K03's hidden fields (description, risks, themes)
    and, since the page keeps scores of ids that still exist, its scores too.
    """
    frame = edited(kansen_frame(small_workshop), added=[{"naam": "Geveltuinen"}], deleted=[2])
    kansen = kansen_from_frame(frame, small_workshop.kansen)
    new = kansen[-1]
    assert new.name == "Geveltuinen"
    assert new.id not in small_workshop.kans_ids
    assert new.themes == ()


def test_fully_empty_rows_are_dropped(small_workshop):
    themes = edited(themes_frame(small_workshop), added=[{"thema": "", "doel": None}])
    assert themes_from_frame(themes) == small_workshop.themes
    kansen = edited(kansen_frame(small_workshop), added=[{"naam": " "}])
    assert kansen_from_frame(kansen, small_workshop.kansen) == small_workshop.kansen


def test_whitespace_around_text_is_trimmed_and_lists_split_on_bars():
    frame = edited(
        pd.DataFrame(columns=["id", "thema", "doel", "indicator"]).astype("object"),
        added=[{"id": " T07 ", "thema": "  Groen  ", "doel": " Meer bomen "}],
    )
    assert themes_from_frame(frame) == (AmbitionTheme("T07", "Groen", "Meer bomen", ""),)


# -- refusals ---------------------------------------------------------------------------
def test_duplicate_ids_name_the_second_row(small_workshop):
    frame = edited(participants_frame(small_workshop), {1: {"id": "anna"}})
    err = refused(lambda: participants_from_frame(frame))
    assert err.problem == "duplicate"
    assert err.place("nl") == "rij 2, kolom id"
    assert err.place("en") == "row 2, column id"
    assert "anna" in err.localized("nl")


def test_duplicate_kans_ids(small_workshop):
    frame = edited(kansen_frame(small_workshop), {2: {"id": "K01"}})
    err = refused(lambda: kansen_from_frame(frame, small_workshop.kansen))
    assert err.place("nl") == "rij 3, kolom id"
    assert err.localized("nl") == "tabel, bij rij 3, kolom id: id 'K01' komt twee keer voor."


def test_an_id_with_a_space_is_refused(small_workshop):
    frame = edited(themes_frame(small_workshop), added=[{"id": "T 1", "thema": "Groen"}])
    err = refused(lambda: themes_from_frame(frame))
    assert err.problem == "identifier"
    assert err.place("nl") == "rij 3, kolom id"


@pytest.mark.parametrize(
    ("kind", "row", "changes", "column"),
    [
        ("themes", 1, {"thema": "", "doel": "Toch een doel"}, "thema"),
        ("criteria", 0, {"label_nl": ""}, "label_nl"),  # the English label is still there
        ("kansen", 2, {"naam": None}, "naam"),  # the project is still there
    ],
)
def test_an_empty_required_cell_is_refused(kind, row, changes, column, small_workshop):
    calls = {
        "themes": (themes_frame, themes_from_frame),
        "criteria": (criteria_frame, lambda f: criteria_from_frame(f, small_workshop.criteria)),
        "kansen": (kansen_frame, lambda f: kansen_from_frame(f, small_workshop.kansen)),
    }
    to_frame, from_frame = calls[kind]
    err = refused(lambda: from_frame(edited(to_frame(small_workshop), {row: changes})))
    assert err.problem == "empty"
    assert err.place("nl") == f"rij {row + 1}, kolom {column}"
    assert err.place("en") == f"row {row + 1}, column {column}"
    assert err.localized("nl").endswith("mag niet leeg zijn.")
    assert err.localized("en").endswith("must not be empty.")


def test_row_numbers_count_the_rows_as_the_table_shows_them(small_workshop):
    # The second new row is blank and is skipped; the error is in the third new row,
    # which the table shows as row 2 + 3 = 5.
    frame = edited(themes_frame(small_workshop), added=[{"thema": "Groen"}, {}, {"doel": "Zonder thema"}])
    err = refused(lambda: themes_from_frame(frame))
    assert err.place("nl") == "rij 5, kolom thema"


def test_an_unknown_direction_is_refused(small_workshop):
    frame = edited(criteria_frame(small_workshop), {2: {"richting": "omhoog"}})
    err = refused(lambda: criteria_from_frame(frame, small_workshop.criteria))
    assert err.problem == "choice"
    assert err.place("nl") == "rij 3, kolom richting"
    assert err.place("en") == "row 3, column richting"
    assert "omhoog" in err.localized("nl")


def test_a_negative_weight_is_refused(small_workshop):
    frame = edited(criteria_frame(small_workshop), {1: {"gewicht": -5}})
    err = refused(lambda: criteria_from_frame(frame, small_workshop.criteria))
    assert err.problem == "range"
    assert err.place("nl") == "rij 2, kolom gewicht"
    assert err.place("en") == "row 2, column gewicht"


def test_all_weights_zero_is_refused(small_workshop):
    frame = edited(criteria_frame(small_workshop), {0: {"gewicht": 0}, 1: {"gewicht": 0}, 2: {"gewicht": 0}})
    err = refused(lambda: criteria_from_frame(frame, small_workshop.criteria))
    assert err.problem == "weights_zero"
    assert err.place("nl") == "kolom gewicht"


def test_a_start_year_of_1800_is_refused_with_the_allowed_range(small_workshop):
    """The grid no longer refuses it silently: the message names row, column and range."""
    frame = edited(kansen_frame(small_workshop), {1: {"startjaar": 1800}})
    err = refused(lambda: kansen_from_frame(frame, small_workshop.kansen))
    assert err.problem == "range"
    assert err.place("nl") == "rij 2, kolom startjaar"
    assert err.place("en") == "row 2, column startjaar"
    assert err.localized("nl") == "tabel, bij rij 2, kolom startjaar: 1800 ligt buiten 1900–2200."
    assert err.localized("en").endswith("1800 lies outside 1900–2200.")


@pytest.mark.parametrize("year", [2201, -5])
def test_every_start_year_outside_the_range_is_refused(year, small_workshop):
    frame = edited(kansen_frame(small_workshop), {0: {"startjaar": year}})
    err = refused(lambda: kansen_from_frame(frame, small_workshop.kansen))
    assert (err.problem, err.problem_params["value"]) == ("range", str(year))


def test_a_start_year_with_a_fraction_is_no_year(small_workshop):
    frame = edited(kansen_frame(small_workshop), {0: {"startjaar": 2027.5}})
    err = refused(lambda: kansen_from_frame(frame, small_workshop.kansen))
    assert err.problem == "csv_year"


def test_the_first_and_last_allowed_years_are_taken(small_workshop):
    for year in (1900, 2200):
        frame = edited(kansen_frame(small_workshop), {0: {"project": "Riool", "startjaar": year}})
        assert kansen_from_frame(frame, small_workshop.kansen)[0].project.start_year == year


@pytest.mark.parametrize(("low", "high"), [("kosten_min", "kosten_max"), ("duur_min", "duur_max")])
def test_min_above_max_is_refused_at_the_max_column(low, high, small_workshop):
    frame = edited(kansen_frame(small_workshop), {0: {low: 500, high: 100}})
    err = refused(lambda: kansen_from_frame(frame, small_workshop.kansen))
    assert err.problem == "range_order"
    assert err.place("nl") == f"rij 1, kolom {high}"
    assert err.place("en") == f"row 1, column {high}"
    assert err.localized("nl").endswith("min (500) is groter dan max (100).")


def test_a_negative_cost_is_refused(small_workshop):
    frame = edited(kansen_frame(small_workshop), {2: {"kosten_min": -1}})
    err = refused(lambda: kansen_from_frame(frame, small_workshop.kansen))
    assert err.problem == "range"
    assert err.place("nl") == "rij 3, kolom kosten_min"


def test_an_unknown_type_or_status_is_refused(small_workshop):
    frame = edited(kansen_frame(small_workshop), {1: {"type": "digitaal"}})
    err = refused(lambda: kansen_from_frame(frame, small_workshop.kansen))
    assert (err.problem, err.place("nl")) == ("choice", "rij 2, kolom type")
    frame = edited(kansen_frame(small_workshop), {0: {"status": "misschien"}})
    err = refused(lambda: kansen_from_frame(frame, small_workshop.kansen))
    assert (err.problem, err.place("en")) == ("choice", "row 1, column status")


def test_an_added_row_left_empty_is_no_participant(small_workshop):
    """A row the grid added and nobody filled in yet is not stored as a blank participant."""
    frame = edited(participants_frame(small_workshop), added=[{}, {"id": None, "naam": " ", "rol": None}])
    assert participants_from_frame(frame, small_workshop.participants) == small_workshop.participants


def test_a_participant_added_gets_the_first_free_number(small_workshop):
    added = participant_added(small_workshop.participants, "  Sanne de Vries ", "Bewoner")
    assert added[:-1] == small_workshop.participants
    assert added[-1] == Participant("P01", "Sanne de Vries", "Bewoner")
    again = participant_added(added, "")
    assert again[-1] == Participant("P02", "", ""), "an empty name: anonymous, on purpose"


def test_a_bar_inside_a_list_value_survives_the_table(small_workshop):
    """A party called "Gemeente | Wijkteam" stays one party through the Koppelkansen table,
    as it does through the inventory CSV (the same escape)."""
    from dataclasses import replace

    first = small_workshop.kansen[0]
    odd = replace(first, parties=("Gemeente | Wijkteam", "Corporatie \\ Woonstad", "Buurt"))
    kansen = (odd, *small_workshop.kansen[1:])
    frame = kansen_frame(replace(small_workshop, kansen=kansen))
    assert frame.at[0, "partijen"] == "Gemeente \\| Wijkteam | Corporatie \\ Woonstad | Buurt"
    assert kansen_from_frame(frame, kansen)[0].parties == odd.parties
