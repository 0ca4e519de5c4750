"""The natural-moment window and the type "beide" in the workshop file, the CSV list and the exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from decision.domain.analysis import rank_workshop
from decision.domain.model import KansType, LinkedProject
from decision.errors import FileErrors, FileFormatError
from decision.files.csv_export import inventory_csv, ranking_frame, results_frame
from decision.files.csv_import import parse_kansen_csv, parse_type
from decision.files.workshop_file import dump_workshop, load_workshop, workshop_from_data
from decision.text.i18n import t

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "data" / "kastanjehof.yaml"
TODAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def example():
    return load_workshop(EXAMPLE)


def _data(example, **top) -> dict:
    data = yaml.safe_load(dump_workshop(example))
    data.update(top)
    return data


# -- the window in the workshop file ---------------------------------------------------
def test_a_file_without_the_key_has_the_default_window_and_writes_none(example):
    assert example.moment_window == (1.5, 4.0)
    assert "natuurlijk_moment" not in dump_workshop(example)


def test_a_changed_window_survives_writing_and_reading(example):
    changed = replace(example, moment_window=(2.0, 5.5))
    text = dump_workshop(changed)
    assert yaml.safe_load(text)["natuurlijk_moment"] == {"vanaf_jaren": 2, "tot_jaren": 5.5}
    again = workshop_from_data(yaml.safe_load(text), "kopie.yaml")
    assert again.moment_window == (2.0, 5.5)
    assert again == changed


def test_one_end_left_out_keeps_its_default(example):
    w = workshop_from_data(_data(example, natuurlijk_moment={"tot_jaren": 6}), "w.yaml")
    assert w.moment_window == (1.5, 6.0)


@pytest.mark.parametrize(
    ("value", "place", "words"),
    [
        ({"vanaf_jaren": 5, "tot_jaren": 2}, "natuurlijk_moment", ["vanaf_jaren (5)", "tot_jaren (2)"]),
        ({"vanaf_jaren": -1}, "natuurlijk_moment.vanaf_jaren", ["-1", "0–30"]),
        ({"tot_jaren": "veel"}, "natuurlijk_moment.tot_jaren", ["number", "text"]),
        ({"vanaf": 1}, "natuurlijk_moment", ["vanaf", "vanaf_jaren, tot_jaren"]),
    ],
)
def test_a_bad_window_is_refused_with_a_dutch_message_naming_the_field(example, value, place, words):
    with pytest.raises(FileFormatError) as caught:
        workshop_from_data(_data(example, natuurlijk_moment=value), "w.yaml")
    message = caught.value.localized("nl")
    assert "w.yaml" in message and place in message
    for word in words:
        assert word in message


# -- the type "beide" -------------------------------------------------------------------
def test_the_example_has_a_koppelkans_that_is_both(example):
    assert example.kans("K14").type is KansType.BOTH
    assert yaml.safe_load(dump_workshop(example))["koppelkansen"][13]["type"] == "beide"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("beide", KansType.BOTH),
        ("Both", KansType.BOTH),
        ("sociaal en fysiek", KansType.BOTH),
        ("fysiek/sociaal", KansType.BOTH),
        ("Social and physical", KansType.BOTH),
        ("sociaal", KansType.SOCIAL),
        ("fysiek (openbare ruimte)", KansType.PHYSICAL),
    ],
)
def test_the_csv_list_reads_both_kinds(cell, expected):
    assert parse_type(cell) is expected


def test_the_inventory_csv_writes_beide_and_reads_it_back(example):
    imported = parse_kansen_csv(inventory_csv(example), "lijst.csv")
    assert {k.id: k.type for k in imported.kansen}["K14"] is KansType.BOTH


def test_an_unknown_type_in_the_csv_names_beide_among_the_choices():
    raw = b"id;naam;type\nK01;Tuin;allebei\n"
    with pytest.raises((FileFormatError, FileErrors)) as caught:
        parse_kansen_csv(raw, "lijst.csv")
    assert "sociaal, fysiek, beide" in caught.value.localized("nl")


# -- the results CSV and the ranking for programs --------------------------------------
def test_the_results_csv_has_the_start_year_and_the_natural_moment(example):
    ranking = rank_workshop(example)
    frame = results_frame(ranking, example, "nl", today=TODAY).set_index("ID")
    assert frame.loc["K02", "Startjaar"] == 2028
    assert frame.loc["K02", "Natuurlijk moment"] == t("moment.window", "nl")
    assert frame.loc["K06", "Natuurlijk moment"] == t("moment.now", "nl")
    assert frame.loc["K14", "Natuurlijk moment"] == t("moment.later", "nl")
    assert frame.loc["K14", "Type"] == "sociaal en fysiek"
    english = results_frame(ranking, example, "en", today=TODAY).set_index("ID")
    assert english.loc["K02", "Natural moment"] == "Natural moment"
    assert english.loc["K14", "Type"] == "social and physical"


def test_the_results_csv_follows_the_workshops_window(example):
    ranking = rank_workshop(example)
    narrow = replace(example, moment_window=(0.5, 1.0))
    frame = results_frame(ranking, narrow, "nl", today=TODAY).set_index("ID")
    assert frame.loc["K05", "Natuurlijk moment"] == t("moment.window", "nl")  # 2027: 0.58 years
    assert frame.loc["K02", "Natuurlijk moment"] == t("moment.later", "nl")


def test_the_results_csv_leaves_the_moment_empty_without_a_start_year(example):
    k = replace(example.kans("K01"), project=LinkedProject("Riool", None))
    w = example.with_kans(k)
    frame = results_frame(rank_workshop(w), w, "nl", today=TODAY).set_index("ID")
    assert frame.loc["K01", "Natuurlijk moment"] == ""
    assert frame.loc["K01", "Startjaar"] is not None and str(frame.loc["K01", "Startjaar"]) == "<NA>"


def test_the_ranking_for_programs_has_the_moment_as_a_code(example):
    frame = ranking_frame(rank_workshop(example), example, "en", today=TODAY).set_index("id")
    assert frame.loc["K02", "natural_moment"] == "window"
    assert frame.loc["K06", "natural_moment"] == "now"
    assert frame.loc["K14", "natural_moment"] == "later"
    assert frame.loc["K14", "start_year"] == 2031
