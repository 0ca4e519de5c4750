"""Typing at once after a click: every character arrives.

In a grid cell the first characters typed right after the click were lost (the cell's
editor opens a moment later). Names and long texts are therefore typed in ordinary
fields: the small forms that add a participant or a koppelkans, and the detail form of
a koppelkans. These tests click such a field and type straight away, without a pause,
and check that the whole text was stored.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from decision.files import paths
from decision.files.workshop_file import load_workshop
from decision.store import open_store

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

BUSY = 90_000  # ms: a page with charts, on a machine shared with other work


def wait_until(check, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"not stored: {what() if callable(what) else what}"
        time.sleep(0.2)


def open_page(app, page, path: str, title_key: str) -> str:
    wid = open_store(app.db).workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP))
    page.goto(f"/{path}?w={wid}")
    expect(page.get_by_role("heading", level=1, name=app.nl(title_key))).to_be_visible()
    app.settle(page, timeout=BUSY)
    return wid


def test_a_new_koppelkans_name_typed_at_once_arrives_whole(app, page):
    wid = open_page(app, page, "koppelkansen", "page.koppelkansen_title")
    name = "Speelplek en groen schoolplein bij De Kastanje"
    field = page.get_by_label(app.nl("kansen.add_title"))
    expect(field).to_be_visible(timeout=BUSY)
    field.click()
    page.keyboard.type(name)  # no pause after the click, no delay between keys
    page.keyboard.press("Enter")
    wait_until(lambda: app.workshop(wid).kansen[-1].name == name, name)
    app.settle(page)
    expect(page.get_by_text(app.nl("kansen.added", name=name, id="K15").split(" is ")[0])).to_be_visible()


def test_a_description_typed_at_once_in_the_detail_form_arrives_whole(app, page):
    wid = open_page(app, page, "koppelkansen", "page.koppelkansen_title")
    text = "Warmtenet en riool in één sleuf; de straat gaat één keer open."
    box = page.get_by_label(app.nl("kans.description"))
    expect(box).to_be_visible(timeout=BUSY)
    box.click()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)
    page.get_by_role("button", name=app.nl("kans.save")).click()
    wait_until(lambda: app.workshop(wid).kans("K01").description == text, text)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_participant_name_typed_at_once_arrives_whole_with_enter(app, page):
    wid = open_page(app, page, "scoren", "page.scoren_title")
    panel = page.get_by_text(app.nl("scoren.participants_panel"))
    expect(panel).to_be_visible(timeout=BUSY)
    panel.click()
    field = page.get_by_role("textbox", name=app.nl("scoren.col_name"), exact=True)
    expect(field).to_be_visible(timeout=BUSY)
    field.click()
    page.keyboard.type("Fatima Ouali")
    page.keyboard.press("Enter")
    wait_until(
        lambda: app.workshop(wid).participants[-1].name == "Fatima Ouali",
        lambda: (
            f"Fatima Ouali, stored: {[p.name for p in app.workshop(wid).participants]}, "
            f"field shows {field.input_value()!r}"
        ),
    )
    app.settle(page)
    expect(page.get_by_text(app.nl("scoren.participants_panel"))).to_be_visible()
    expect(field).to_be_visible()  # the panel stays open for the next name
    expect(field).to_have_value("")  # and the field is empty for it
