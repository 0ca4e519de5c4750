"""Besluit: the "all scores" CSV reads for people, in the language of the page.

The headers are words, not program names (``participant_id``): the name of the
participant, the koppelkans and the criterion's label, with the ids kept in
columns of their own.
"""

from __future__ import annotations

import csv
import io

import pytest

ROWS_HEADERS = {
    "nl": ["ID deelnemer", "Deelnemer", "Rol", "ID koppelkans", "Koppelkans",
           "ID criterium", "Criterium", "Score", "Weet niet", "Notitie bij deze cel"],
    "en": ["Participant ID", "Participant", "Role", "Linking opportunity ID", "Linking opportunity",
           "Criterion ID", "Criterion", "Score", "Don't know", "Note on this cell"],
}  # fmt: skip


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_scores_download_has_readable_headers_and_names(app, wid, example, download, lang):
    at = app("besluit", wid, lang=lang)
    assert not at.exception
    text = download(at, "dl_scores").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ROWS_HEADERS[lang]
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(body) == len(example.scores)
    people = {p.id: p.name for p in example.participants}
    kansen = {k.id: k.name for k in example.kansen}
    labels = {c.id: c.label.get(lang) for c in example.criteria}
    pid, person, _role, kid, kans, cid, criterion, _score, _unknown, _note = ROWS_HEADERS[lang]
    for row in body:
        assert row[person] == people[row[pid]]
        assert row[kans] == kansen[row[kid]]
        assert row[criterion] == labels[row[cid]]


def test_the_scores_download_carries_the_note_of_each_cell(app, store, wid, download):
    base = store.workshops.load(wid)
    kans, criterion = base.workshop.kansen[0].id, base.workshop.criteria[0].id
    store.workshops.save(wid, base.workshop.with_cell_note(kans, criterion, "Navragen bij de VvE"), base=base)
    at = app("besluit", wid)
    text = download(at, "dl_scores").decode("utf-8-sig")
    lines = csv.reader(io.StringIO(text), delimiter=";")
    rows = [dict(zip(ROWS_HEADERS["nl"], r, strict=True)) for r in lines]
    noted = [r for r in rows[1:] if (r["ID koppelkans"], r["ID criterium"]) == (kans, criterion)]
    assert noted and {r["Notitie bij deze cel"] for r in noted} == {"Navragen bij de VvE"}
