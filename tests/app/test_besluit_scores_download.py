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
           "ID criterium", "Criterium", "Score", "Weet niet"],
    "en": ["Participant ID", "Participant", "Role", "Linking opportunity ID", "Linking opportunity",
           "Criterion ID", "Criterion", "Score", "Don't know"],
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
    pid, person, _role, kid, kans, cid, criterion, _score, _unknown = ROWS_HEADERS[lang]
    for row in body:
        assert row[person] == people[row[pid]]
        assert row[kans] == kansen[row[kid]]
        assert row[criterion] == labels[row[cid]]
