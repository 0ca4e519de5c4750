"""Two tabs of one browser on one workshop: a motivation typed in one tab is not wiped out
by a weight moved in the other, and a real collision is shown, with the typed text kept.

The conflict message is saved as a screenshot (test-artifacts/screenshots/) to look at.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from decision.files import paths
from decision.files.workshop_file import load_workshop
from decision.store import open_store

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SLOW = 20_000  # ms: a busy machine draws a page in more than Playwright's default 5 s

MOTIVATION = "Past bij de vervanging van de riolering in 2027"


def wait_until(check, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"not saved: {what}"
        time.sleep(0.2)


def motivation_box(app, page, wid: str, kans_id: str):
    """The motivation field of one koppelkans, by its widget's key (``dec_motivation_<id>_…``)
    rather than by its place in the list, which moves with the ranking."""
    return page.get_by_test_id("stMain").locator(
        f"[class*='st-key-dec_motivation_{kans_id}_']:not([data-stale='true']) textarea"
    )


def open_page(app, page, path: str, wid: str, title_key: str) -> None:
    page.goto(f"/{path}?w={wid}")
    heading = page.get_by_role("heading", level=1, name=app.nl(title_key))
    expect(heading).to_be_visible(timeout=SLOW)
    app.settle(page)


def save_motivation(app, page, wid: str, kans_id: str, text: str) -> None:
    box = motivation_box(app, page, wid, kans_id)
    box.fill(text)
    page.get_by_role("button", name=app.nl("besluit.save")).click()
    app.settle(page)


def test_a_motivation_saved_in_one_tab_survives_a_weight_moved_in_the_other(app, page):
    wid = open_store(app.db).workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP))
    tab_a, tab_b = page, page.context.new_page()
    open_page(app, tab_a, "ambitie", wid, "page.ambitie_title")  # tab A shows the weights
    open_page(app, tab_b, "besluit", wid, "page.besluit_title")

    save_motivation(app, tab_b, wid, "K03", MOTIVATION)
    wait_until(lambda: app.workshop(wid).kans("K03").motivation == MOTIVATION, "the motivation")
    before = app.workshop(wid).criterion("kosten").weight

    slider = tab_a.get_by_role("slider", name="Extra kosten")  # drawn before B saved
    slider.focus()
    slider.press("Home")
    wait_until(lambda: app.workshop(wid).criterion("kosten").weight == 0, "the weight")
    app.settle(tab_a)
    assert before != 0
    assert app.workshop(wid).kans("K03").motivation == MOTIVATION
    expect(tab_a.get_by_test_id("stAlertContentError")).to_have_count(0, timeout=SLOW)

    tab_b.reload()
    app.settle(tab_b)
    expect(motivation_box(app, tab_b, wid, "K03")).to_have_value(MOTIVATION, timeout=SLOW)


def test_the_same_motivation_typed_in_both_tabs_is_refused_with_the_text_kept(app, page):
    wid = open_store(app.db).workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP))
    tab_a, tab_b = page, page.context.new_page()
    open_page(app, tab_a, "besluit", wid, "page.besluit_title")
    open_page(app, tab_b, "besluit", wid, "page.besluit_title")

    save_motivation(app, tab_b, wid, "K03", MOTIVATION)
    wait_until(lambda: app.workshop(wid).kans("K03").motivation == MOTIVATION, "the motivation")
    mine = "Te duur <b>nu</b>; **later** opnieuw bekijken"
    save_motivation(app, tab_a, wid, "K03", mine)

    message = tab_a.get_by_test_id("stAlertContentError")
    expect(message).to_contain_text(
        "Iemand anders heeft dit net gewijzigd; de pagina is ververst", timeout=SLOW
    )
    expect(message).to_contain_text("koppelkans K03 · motivatie", timeout=SLOW)
    refused = tab_a.get_by_test_id("stCode")
    expect(refused).to_have_count(1, timeout=SLOW)
    expect(refused).to_contain_text(mine, timeout=SLOW)  # as typed: no markup read into it
    expect(motivation_box(app, tab_a, wid, "K03")).to_have_value(
        MOTIVATION, timeout=SLOW
    )  # redrawn from what is stored
    assert app.workshop(wid).kans("K03").motivation == MOTIVATION

    shots = app.artifacts / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    tab_a.get_by_test_id("stMain").screenshot(path=shots / "twee-tabbladen-conflict.png")
