"""Scoren: adding participants in front of a room, one name after another.

New participants come in through a small form (name, role, "Toevoegen"), not through
an empty last row of the table: clicking that row stored a blank participant at once,
folded the panel shut and sent the typed name into the page. The panel stays as it is
while participants are added, and the table only edits and removes.
"""

from __future__ import annotations

from dataclasses import replace

from decision.domain.model import Participant
from ui.catalog import t


def panel(at):
    [expander] = [e for e in at.expander if e.label == t("scoren.participants_panel", "nl")]
    return expander


def add(at, name: str, role: str = ""):
    at.text_input(key="participant_add_name").input(name)
    at.text_input(key="participant_add_role").input(role)
    button = next(b for b in at.button if (b.key or "").startswith("FormSubmitter:participant_add-"))
    return button.click().run()


def test_participants_added_one_after_another_in_an_empty_workshop(app, store, example, saved):
    empty = store.workshops.create(replace(example, participants=(), scores={}))
    at = app("scoren", empty)
    assert panel(at).proto.expanded, "no participants yet: the panel is open"
    at = add(at, "Sanne de Vries", "Bewoner")
    assert not at.exception
    assert saved(empty).participants == (Participant("P01", "Sanne de Vries", "Bewoner"),)
    assert panel(at).proto.expanded, "the panel stays open for the next name"
    at = add(at, "Ahmed Yilmaz", "Woningcorporatie")
    at = add(at, "", "")
    assert [(p.id, p.name) for p in saved(empty).participants] == [
        ("P01", "Sanne de Vries"),
        ("P02", "Ahmed Yilmaz"),
        ("P03", ""),
    ], "an empty name, added on purpose, is an anonymous participant"
    assert panel(at).proto.expanded
    assert at.selectbox(key="score_who").value == "P03", "the newest participant's sheet is open"


def test_the_panel_stays_closed_or_open_as_the_facilitator_left_it(app, wid, saved, example):
    at = app("scoren", wid)
    assert not panel(at).proto.expanded, "with participants, the panel starts closed"
    at = add(at, "Laatkomer")
    assert len(saved(wid).participants) == len(example.participants) + 1
    assert panel(at).proto.expanded, "adding from an opened panel keeps it open"


def test_the_table_edits_and_removes_but_adds_no_blank_rows(app, wid):
    at = app("scoren", wid)
    [table] = [d for d in at.data_editor if (d.key or "").startswith("participants_")]
    assert table.editing_mode == "delete", "no empty last row to click into"
    assert list(table.value["naam"])[:2] == ["Sanne de Vries", "Youssef El Amrani"]


# -- a list of names and roles ------------------------------------------------------------
def paste(at, text: str):
    field = next(a for a in at.text_area if (a.key or "").startswith("people_text_"))
    return field.input(text).run()


def test_a_pasted_list_adds_its_people_and_says_so(app, store, example, saved):
    empty = store.workshops.create(replace(example, participants=(), scores={}))
    at = paste(app("scoren", empty), "Sanne de Vries;projectleider warmte\nAhmed Yilmaz;bewoner")
    assert not at.exception
    preview = t("people.import_preview", "nl", n=2, added=2, updated=0, unchanged=0)
    assert preview in at.caption.values, "before adding, the page says what the list will do"
    assert saved(empty).participants == (), "nothing is stored before the button"
    at.button(key="people_import_add").click().run()
    assert not at.exception
    assert [(p.name, p.role) for p in saved(empty).participants] == [
        ("Sanne de Vries", "projectleider warmte"),
        ("Ahmed Yilmaz", "bewoner"),
    ]
    assert t("people.import_done", "nl", added=2, updated=0) in [s.value for s in at.success]
    assert not any((a.value or "") for a in at.text_area if (a.key or "").startswith("people_text_")), (
        "the field is empty for the next list"
    )


def test_a_list_with_a_bad_row_is_refused_whole_and_names_the_row(app, store, example, saved):
    empty = store.workshops.create(replace(example, participants=(), scores={}))
    at = paste(app("scoren", empty), "Sanne de Vries;bewoner\nAhmed;bewoner;extra;kolom")
    assert not at.exception
    [error] = at.error
    assert t("where.row", "nl", row=2) in error.value, error.value
    assert not [b for b in at.button if b.key == "people_import_add"], "nothing to add from a refused list"
    assert saved(empty).participants == (), "no half import"
