"""The percentage sliders on Ambitie work from the keyboard: after an arrow step the
slider keeps the focus, so the next arrow steps on (a slider drawn anew after every
change would drop the focus, and the second arrow would go nowhere). Its neighbours
follow the change on screen, and the store holds what the slider shows."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from decision.core.weighting import display_percentages
from decision.files import paths
from decision.files.workshop_file import load_workshop
from decision.store import open_store

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def stored_percentages(app, wid: str) -> list[int]:
    return list(display_percentages([c.weight for c in app.workshop(wid).criteria]))


def test_arrow_steps_keep_the_focus_on_the_slider(app, new_page):
    wid = open_store(app.db).workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP))
    page = new_page(app.desktop)
    page.goto(f"/ambitie?w={wid}")
    expect(page.get_by_role("heading", level=1, name=app.nl("page.ambitie_title"))).to_be_visible()
    app.settle(page)
    page.get_by_role("radio", name=app.nl("weights.method_direct"), exact=True).click()
    app.settle(page)
    before = stored_percentages(app, wid)
    w = app.workshop(wid)
    first = w.criteria[0]
    thumb = page.get_by_role("slider").first
    expect(thumb).to_have_attribute("aria-valuetext", f"{before[0]}%")
    thumb.focus()
    for step in (1, 2, 3):
        page.keyboard.press("ArrowRight")
        deadline = time.monotonic() + 30
        while stored_percentages(app, wid)[0] != before[0] + step:
            assert time.monotonic() < deadline, (step, stored_percentages(app, wid))
            time.sleep(0.2)
        app.settle(page)
        # the same slider still has the keyboard, and shows what is stored
        expect(thumb).to_be_focused()
        expect(thumb).to_have_attribute("aria-valuetext", f"{before[0] + step}%")
    after = stored_percentages(app, wid)
    assert after[0] == before[0] + 3 and sum(after) == 100
    # the neighbours on screen follow the store
    for n, shown in enumerate(after):
        expect(page.get_by_role("slider").nth(n)).to_have_attribute("aria-valuetext", f"{shown}%")
    assert first.id == app.workshop(wid).criteria[0].id
