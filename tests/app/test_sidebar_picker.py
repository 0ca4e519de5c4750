"""The sidebar's workshop picker lists the workshops in use, not the archived ones.

The Start page keeps archived workshops in a section of their own (to restore or
delete them); the picker on every page is for opening a workshop to work on.
"""

from __future__ import annotations

from dataclasses import replace


def _picker_names(at) -> list[str]:
    """The workshop names the picker offers (its labels read "name · wijk")."""
    return [label.split(" · ")[0] for label in at.sidebar.selectbox[0].options]


def test_an_archived_workshop_is_not_in_the_picker(app, store, example):
    store.workshops.create(replace(example, name="Kastanjehof"))
    put_away = store.workshops.create(replace(example, name="Oude Haven"))
    store.workshops.set_archived(put_away, True)
    at = app("start")
    assert not at.exception
    assert _picker_names(at) == ["Kastanjehof"]
    store.workshops.set_archived(put_away, False)
    assert sorted(_picker_names(app("start"))) == ["Kastanjehof", "Oude Haven"]


def test_the_open_workshop_stays_in_the_picker_when_it_is_archived(app, store, example):
    """Archived while open (from the Start page): the picker still names what is open."""
    wid = store.workshops.create(replace(example, name="Oude Haven"))
    store.workshops.set_archived(wid, True)
    at = app("ambitie", wid)
    assert not at.exception
    assert at.sidebar.selectbox[0].value == wid
    assert list(at.sidebar.selectbox[0].options) == [f"Oude Haven · {example.neighbourhood}"]
