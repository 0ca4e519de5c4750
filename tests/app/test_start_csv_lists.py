"""Lists from Excel in the app: the koppelkansen CSV on Start, the participants list on Scoren.

What a project leader relies on: a list with mistakes shows all of them at once and
adds nothing; a clean list says how many were added, and that message is still on
screen after the page redrew itself.
"""

from __future__ import annotations

from ui.catalog import t

HEADER = "naam;type;gekoppeld_project;startjaar;kosten_min_eur;kosten_max_eur"
TEN = "\r\n".join(
    [HEADER, *(f"Kans {n};{'fysiek' if n % 2 else 'sociaal'};;{2027 + n % 3};1.000;2.000" for n in range(10))]
).encode("utf-8")


def test_a_list_with_mistakes_shows_each_and_adds_nothing(app, store, wid, example):
    raw = "\r\n".join([HEADER, "Tuin;groen;;;;", ";fysiek;;20x8;;", "Plein;fysiek;;;veel;"]).encode()
    at = app("start", wid)
    at.file_uploader(key="kansen_csv_0").upload("inventaris.csv", raw, "text/csv").run()
    assert not at.exception
    [error] = at.error.values
    plain = error.replace("\\", "")  # file text is escaped, so Markdown shows it as typed
    heading, items = plain.split("\n\n")
    assert heading.startswith("inventaris.csv: 4 problemen gevonden. Er is niets ingelezen")
    assert [line.split(":")[0] for line in items.splitlines()] == [
        "- rij 2, kolom type",
        "- rij 3, kolom naam",
        "- rij 3, kolom startjaar",
        "- rij 4, kolom kosten_min_eur",
    ]
    assert not [b for b in at.button if b.label.startswith(t("csv.add", "nl", n=0)[:2])]
    assert store.workshops.load(wid).workshop == example


def test_ten_koppelkansen_from_dutch_excel_are_added_and_the_message_stays(app, store, wid, example):
    at = app("start", wid)
    at.file_uploader(key="kansen_csv_0").upload("inventaris.csv", TEN, "text/csv").run()
    assert not at.exception and not at.error
    assert t("csv.own_projects", "nl", rows="2, 3, 4, 5, 6, 7, 8, 9, 10, 11") in [c.value for c in at.caption]
    next(b for b in at.button if b.label == t("csv.add", "nl", n=10)).click().run()
    assert not at.exception
    done = t("csv.added", "nl", n=10)
    assert done in at.success.values
    kansen = store.workshops.load(wid).workshop.kansen
    assert len(kansen) == len(example.kansen) + 10
    assert kansen[-1].project is not None and kansen[-1].project.start_year == 2027 + 9 % 3
    at.run()  # the page redraws (any rerun): the outcome is still there
    assert done in at.success.values
    at.file_uploader(key="kansen_csv_1").upload("nog-een.csv", TEN, "text/csv").run()
    assert done not in at.success.values  # a new action: the old outcome is gone


def test_participants_from_a_pasted_list_on_scoren(app, store, wid, example):
    at = app("scoren", wid)
    text = "naam;rol\nAhmed Yilmaz;bewoner\n;jongerenwerker\n"
    at.text_area(key="people_text_0").input(text).run()
    assert not at.exception and not at.error
    preview = t("people.import_preview", "nl", n=2, added=2, updated=0, unchanged=0)
    assert preview in [c.value for c in at.caption]
    at.button(key="people_import_add").click().run()
    assert not at.exception
    people = store.workshops.load(wid).workshop.participants
    assert people[: len(example.participants)] == example.participants
    assert [(p.name, p.role) for p in people[len(example.participants) :]] == [
        ("Ahmed Yilmaz", "bewoner"),
        ("", "jongerenwerker"),
    ]
    assert t("people.import_done", "nl", added=2, updated=0) in at.success.values
    assert at.text_area(key="people_text_1").value in ("", None)  # emptied for the next list


def test_a_participants_list_with_a_name_twice_adds_nobody(app, store, wid, example):
    at = app("scoren", wid)
    at.text_area(key="people_text_0").input("Ahmed Yilmaz;bewoner\nahmed yilmaz;wethouder\n").run()
    assert not at.exception
    [error] = at.error.values
    assert "rij 2, kolom naam" in error and "ahmed yilmaz" in error
    assert not [b for b in at.button if b.key == "people_import_add"]
    assert store.workshops.load(wid).workshop == example


def test_the_list_help_says_how_to_write_a_separator_inside_a_value(app, wid):
    """The help shows ``\\|`` as typed: Markdown would read a bare ``\\|`` as an escaped ``|``."""
    at = app("start", wid, lang="en")
    [help_text] = [m.value for m in at.markdown if "Separate several values" in m.value]
    assert help_text.endswith("write a | that is part of a value as \\\\\\|.")
