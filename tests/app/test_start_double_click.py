"""A double click on Start makes one workshop, not a pile of copies.

A double click reaches the server as two clicks. Their callbacks run one after the
other; the second one runs with what its button was drawn with *before* the first
click's rerun redrew it (when that rerun was still under way), or with the
redrawn button (when it had finished). Both must open the workshop the first made.
"""

from __future__ import annotations

import time

from streamlit.testing.v1 import AppTest


def _metadata(at: AppTest) -> dict:
    """The callbacks the last run drew, per widget id (what Streamlit calls on the next click)."""
    return at.session_state._state._state._new_widget_state.widget_metadata


def _click_before_redraw(at: AppTest, widget_id: str, drawn) -> AppTest:
    """A second click whose callback is the one drawn before the first click was handled."""
    _metadata(at)[widget_id] = drawn
    return at


def _later(monkeypatch, seconds: float) -> None:
    """The clock moved on: a click this long after the first is a deliberate second click."""
    real = time.monotonic
    monkeypatch.setattr(time, "monotonic", lambda: real() + seconds)


def test_two_runs_of_the_example_button_drawn_once_make_one_workshop(app, store, monkeypatch):
    at = app()
    button = at.button(key="open_example")
    drawn = _metadata(at)[button.id]
    button.click().run()
    [first] = store.workshops.list_recent()
    _later(monkeypatch, 60)  # not the time window: the nonce alone must recognise it
    _click_before_redraw(at, button.id, drawn).button(key="open_example").click().run()
    assert not at.exception
    assert [s.id for s in store.workshops.list_recent()] == [first.id]
    assert at.session_state["w"] == first.id


def test_a_second_click_on_the_redrawn_example_button_just_after_makes_none(app, store):
    at = app()
    at.button(key="open_example").click().run()
    at.button(key="open_example").click().run()
    assert not at.exception
    [only] = store.workshops.list_recent()
    assert at.session_state["w"] == only.id


def test_a_deliberate_new_copy_later_is_a_second_workshop(app, store, monkeypatch):
    at = app()
    at.button(key="open_example").click().run()
    _later(monkeypatch, 60)
    at.button(key="new_example_copy").click().run()
    assert len(store.workshops.list_recent()) == 2


def test_two_runs_of_the_new_copy_button_drawn_once_make_one_copy(app, store, monkeypatch):
    at = app()
    at.button(key="open_example").click().run()
    button = at.button(key="new_example_copy")
    drawn = _metadata(at)[button.id]
    button.click().run()
    assert len(store.workshops.list_recent()) == 2
    _later(monkeypatch, 60)  # not the time window: the nonce alone must recognise it
    _click_before_redraw(at, button.id, drawn).button(key="new_example_copy").click().run()
    assert not at.exception
    assert len(store.workshops.list_recent()) == 2


def _fill_new(at: AppTest, name: str) -> AppTest:
    at.text_input(key="new_name").input(name)
    return at


def _submit_button(at: AppTest):
    return next(b for b in at.button if (b.key or "").startswith("FormSubmitter:new_workshop-"))


def test_two_runs_of_create_workshop_make_one(app, store, monkeypatch):
    at = app()
    button = _submit_button(at)
    drawn = _metadata(at)[button.id]
    _fill_new(at, "Koppelkansen Lindenhof")
    button.click().run()
    [first] = store.workshops.list_recent()
    assert first.name == "Koppelkansen Lindenhof"
    _later(monkeypatch, 60)
    _click_before_redraw(at, button.id, drawn)
    _submit_button(at).click().run()
    assert not at.exception
    assert [s.id for s in store.workshops.list_recent()] == [first.id]
    monkeypatch.undo()
    _submit_button(at).click().run()  # just after, on the redrawn form, with the same name
    assert [s.id for s in store.workshops.list_recent()] == [first.id]


def test_create_workshop_twice_with_another_name_makes_two(app, store):
    at = _fill_new(app(), "Eerste")
    _submit_button(at).click().run()
    _fill_new(at, "Tweede")
    _submit_button(at).click().run()
    assert sorted(s.name for s in store.workshops.list_recent()) == ["Eerste", "Tweede"]


def test_the_same_workshop_file_twice_makes_one_workshop(app, store, example_path, monkeypatch):
    at = app()
    uploader = at.file_uploader(key="import_file")
    drawn = _metadata(at)[uploader.id]
    raw = example_path.read_bytes()
    uploader.upload("kastanjehof.yaml", raw, "application/x-yaml").run()
    [first] = store.workshops.list_recent()
    # the same file again, on the uploader as drawn before the first upload was handled
    _metadata(at)[uploader.id] = drawn
    _later(monkeypatch, 60)
    at.file_uploader(key="import_file").upload("kopie.yaml", raw, "application/x-yaml").run()
    assert not at.exception
    assert [s.id for s in store.workshops.list_recent()] == [first.id]
    assert at.session_state["w"] == first.id
