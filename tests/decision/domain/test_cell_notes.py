"""The facilitator's note on a contested cell: kept in the workshop, its file, the log, report and CSV.

What a team relies on: the note said at the table ("bewoners tellen de overlast mee")
survives saving, exporting and reading back; every change of it is in the besluitlog;
two facilitators noting different cells at once both keep their note; the report and
the scores CSV carry it, as text, never as HTML.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.domain.changelog import LogEntry, describe_changes
from decision.domain.merge import merge_workshops
from decision.errors import ConflictError, FileFormatError
from decision.files.csv_export import scores_long_frame
from decision.files.workshop_file import dump_workshop, parse_workshop_text, workshop_to_data
from decision.output.logview import describe, log_frame
from decision.output.report import build_report

NOTE = "Bewoners tellen de overlast mee, de corporatie niet <b>nog navragen</b>"


@pytest.fixture
def noted(small_workshop):
    return small_workshop.with_cell_note("K01", "risico", NOTE)


def test_a_note_is_kept_trimmed_and_a_blank_one_is_none(small_workshop):
    w = small_workshop.with_cell_note("K01", "risico", "  kort  ")
    assert dict(w.cell_notes) == {("K01", "risico"): "kort"}
    assert w.with_cell_note("K01", "risico", "   ").cell_notes == {}
    assert replace(small_workshop, cell_notes={("K01", "risico"): " "}) == small_workshop


def test_the_workshop_file_keeps_notes_under_notities(noted, small_workshop):
    data = workshop_to_data(noted)
    assert data["notities"] == {"K01": {"risico": NOTE}}
    assert "notities" not in workshop_to_data(small_workshop)  # older versions read a file without notes
    again = parse_workshop_text(dump_workshop(noted), "terug.yaml")
    assert again == noted
    assert again.cell_notes[("K01", "risico")] == NOTE


def test_a_note_on_an_unknown_cell_is_refused_naming_it(noted):
    text = dump_workshop(noted).replace("  K01:\n    risico:", "  K99:\n    risico:")
    with pytest.raises(FileFormatError) as info:
        parse_workshop_text(text, "notities.yaml")
    message = info.value.localized("nl")
    assert "notities.yaml" in message and "K99" in message


def test_every_change_of_a_note_is_a_log_entry_that_reads(small_workshop, noted):
    [written] = describe_changes(small_workshop, noted)
    assert written.action == "cell_note"
    assert written.detail == {"kans": "K01", "criterion": "risico", "note": NOTE}
    entry = LogEntry(1, "2026-03-12T09:15:00.000+00:00", "", written.action, written.detail)
    sentence = describe(entry, noted, "nl")
    assert noted.kans("K01").name in sentence and noted.criterion("risico").label.nl in sentence
    assert sentence.endswith(NOTE)
    assert list(log_frame([entry], noted, "nl")["Soort"]) == ["Notitie"]
    [removed] = describe_changes(noted, small_workshop)
    gone = LogEntry(2, entry.at, "", removed.action, removed.detail)
    assert describe(gone, noted, "nl").endswith("verwijderd")
    assert describe_changes(noted, noted) == []


def test_notes_on_different_cells_merge_and_on_the_same_cell_collide(small_workshop, noted):
    theirs = small_workshop.with_cell_note("K02", "wensen", "Hangt af van de planning")
    merged = merge_workshops(small_workshop, noted, theirs)
    assert dict(merged.cell_notes) == {("K01", "risico"): NOTE, ("K02", "wensen"): "Hangt af van de planning"}
    other = small_workshop.with_cell_note("K01", "risico", "Iets anders")
    with pytest.raises(ConflictError) as info:
        merge_workshops(small_workshop, noted, other)
    assert info.value.fields == ("notitie bij K01 · risico",)


def test_a_note_goes_with_its_koppelkans(small_workshop, noted):
    without = replace(small_workshop, kansen=tuple(k for k in small_workshop.kansen if k.id != "K01"))
    merged = merge_workshops(small_workshop, noted, without)
    assert merged.cell_notes == {}
    assert replace(noted, kansen=without.kansen).cell_notes == {}
    assert replace(noted, criteria=noted.criteria[:1]).cell_notes == {}  # "risico" is not the first


def test_the_report_shows_the_note_as_text(noted, small_workshop):
    page = build_report(noted, "nl")
    assert "Besproken verschillen" in page
    assert "&lt;b&gt;nog navragen&lt;/b&gt;" in page and "<b>nog navragen</b>" not in page
    assert "Besproken verschillen" not in build_report(small_workshop, "nl")
    assert "Differences discussed" in build_report(noted, "en")


def test_the_scores_csv_has_the_note_next_to_each_score_of_its_cell(noted):
    frame = scores_long_frame(noted, "nl")
    column = frame["Notitie bij deze cel"]
    in_cell = (frame["ID koppelkans"] == "K01") & (frame["ID criterium"] == "risico")
    assert in_cell.any()
    assert set(column[in_cell]) == {NOTE}
    assert set(column[~in_cell]) == {""}
