"""The example on Start: "Open het voorbeeld" again goes on with it, "Nieuw exemplaar" makes another.

What a facilitator relies on: trying the example twice does not fill the list with
identical copies; a fresh copy is there when wanted, named so it can be told apart;
a copy someone else protected with a PIN is never the one reopened.
"""

from __future__ import annotations

from dataclasses import replace

from tests.conftest import protect
from ui.catalog import t

NAME = "Koppelkansen kiezen Kastanjehof"


def _names(store) -> list[str]:
    return sorted(s.name for s in store.workshops.list_recent())


def test_the_example_a_second_time_reopens_it_with_the_way_on(app, store, shown):
    at = app()
    assert not [b for b in at.button if b.key == "new_example_copy"]  # nothing to copy yet
    at.button(key="open_example").click().run()
    [first] = store.workshops.list_recent()
    at = app()  # another browser session on the same server
    at.button(key="open_example").click().run()
    assert not at.exception
    assert [s.id for s in store.workshops.list_recent()] == [first.id]
    assert at.session_state["w"] == first.id and at.query_params["w"] == first.id
    assert t("start.continue", "nl", name=NAME) in shown(at)
    [link] = [p for p in at.get("page_link") if p.proto.label == t("start.go_on", "nl")]
    assert link.proto.page.endswith("ambitie")


def test_a_new_copy_is_numbered_and_opened(app, store, shown):
    at = app()
    at.button(key="open_example").click().run()
    assert t("start.example_again", "nl", name=NAME) in shown(at)
    at.button(key="new_example_copy").click().run()
    at.button(key="new_example_copy").click().run()
    assert not at.exception
    assert _names(store) == [NAME, f"{NAME} (2)"]  # the second click came within the double-click window
    newest = store.workshops.list_recent()[0]
    assert newest.name == f"{NAME} (2)" and at.session_state["w"] == newest.id
    assert t("start.continue", "nl", name=f"{NAME} (2)") in shown(at).replace("\\", "")
    at.button(key="open_example").click().run()
    assert at.session_state["w"] == newest.id  # going on means the newest copy


def test_a_copy_protected_by_someone_else_is_not_reopened(app, store, example):
    theirs = store.workshops.create(example)
    protect(store, theirs)
    at = app()
    at.button(key="open_example").click().run()
    assert not at.exception
    mine = at.session_state["w"]
    assert mine != theirs
    assert store.workshops.load(mine).workshop.name == NAME  # their name is not listed here, so not taken
    at = app()
    at.button(key="open_example").click().run()
    assert at.session_state["w"] == mine  # the open one, not theirs


def test_a_renamed_or_archived_example_is_not_the_example_any_more(app, store, example):
    renamed = store.workshops.create(replace(example, name="Onze eigen wijk"))
    archived = store.workshops.create(example)
    store.workshops.set_archived(archived, True)
    at = app()
    at.button(key="open_example").click().run()
    opened = at.session_state["w"]
    assert opened not in (renamed, archived)
    assert store.workshops.load(opened).workshop.name == f"{NAME} (2)"  # the archived one keeps its name


def test_a_visitor_reopening_the_open_example_gets_the_way_on(app, store, example, shown):
    """A server holding someone's protected workshop shows a visitor only how to start; the
    example opened again (an open one, anyone may change it) still leads on."""
    protect(store, store.workshops.create(replace(example, name="Van een ander team")))
    opened = store.workshops.create(example)
    at = app()
    assert t("start.stranger", "nl") in shown(at)
    at.button(key="open_example").click().run()
    assert not at.exception
    assert at.session_state["w"] == opened
    assert t("start.continue", "nl", name=NAME) in shown(at)
    assert "Van een ander team" not in shown(at)
