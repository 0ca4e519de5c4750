"""A double click in a real browser makes one workshop: on "Open het voorbeeld", on "Nieuw exemplaar"
and on "Workshop aanmaken".

Chromium sends both clicks of a double click to the server, as an impatient user
(or a slow projector laptop) does; only one workshop may come of each.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from decision.store import open_store

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SLOW = 20_000  # ms: a busy machine draws a page in more than Playwright's default 5 s


def _ids(app) -> set[str]:
    return {s.id for s in open_store(app.db).workshops.list_recent(1000)}


def _named(app, name: str) -> list[str]:
    return [s.id for s in open_store(app.db).workshops.list_recent(1000) if s.name == name]


def _after_the_clicks(app, page) -> None:
    """Both clicks handled: the app is idle, and stays idle a moment (a queued rerun would start)."""
    app.settle(page)
    time.sleep(1.0)
    app.settle(page)


def test_a_double_click_makes_one_workshop(app, page):
    page.goto("/")
    expect(page.get_by_role("button", name=app.nl("start.new_button"))).to_be_visible(timeout=SLOW)
    app.settle(page)
    before = _ids(app)
    # With no example of its own or open to it, "Open het voorbeeld" makes one; with one
    # (the tests share a server), it goes on with that one. A double click never makes two.
    page.get_by_role("button", name=app.nl("start.example_button")).dblclick()
    page.wait_for_url("**/?w=*", timeout=SLOW)
    _after_the_clicks(app, page)
    made = _ids(app) - before
    assert len(made) <= 1, made
    opened = app.workshop_id(page)
    assert opened in made or (not made and opened in before)
    expect(page.get_by_role("link", name=app.nl("start.go_on"))).to_be_visible(timeout=SLOW)

    # Now there is an example, so "Nieuw exemplaar" is offered: a double click on it makes one copy.
    page.goto("/")
    expect(page.get_by_role("button", name=app.nl("start.example_new_copy"))).to_be_visible(timeout=SLOW)
    app.settle(page)
    before = _ids(app)
    page.get_by_role("button", name=app.nl("start.example_new_copy")).dblclick()
    _after_the_clicks(app, page)
    made = _ids(app) - before
    assert len(made) == 1, made
    expect(page.get_by_role("link", name=app.nl("start.go_on"))).to_be_visible(timeout=SLOW)
    assert app.workshop_id(page) in made

    name = f"Dubbelklik {time.time_ns()}"
    page.get_by_label(app.nl("start.field_name")).fill(name)
    page.get_by_role("button", name=app.nl("start.new_button")).dblclick()
    _after_the_clicks(app, page)
    expect(page.get_by_text(app.nl("start.continue", name=name))).to_be_visible(timeout=SLOW)
    assert len(_named(app, name)) == 1
