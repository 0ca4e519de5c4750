"""Weights in the browser: a percentage slider released at a value keeps that value, the
others visibly rebalance, and every slider shows what the server stored."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

LABELS = {
    "wensen": "Wensen in de wijk",
    "kosten": "Extra kosten",
    "tijd": "Tijd voor besluitvorming en uitvoering",
    "risico": "Risico's",
    "ambitie": "Bijdrage aan de ambitie",
}


def shown(page) -> dict[str, int]:
    return {
        cid: int(page.get_by_role("slider", name=label).get_attribute("aria-valuenow") or -1)
        for cid, label in LABELS.items()
    }


def stored(app, wid: str) -> dict[str, float]:
    return {c.id: c.weight for c in app.workshop(wid).criteria}


def drag(page, label: str, share: float) -> None:
    """Drag a slider's thumb with the mouse to ``share`` of its track, and let go."""
    thumb = page.get_by_role("slider", name=label)
    track = page.get_by_test_id("stSlider").filter(has=thumb).locator('[data-baseweb="slider"]')
    box, handle = track.bounding_box(), thumb.bounding_box()
    assert box and handle
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + share * box["width"], handle["y"] + handle["height"] / 2, steps=8)
    page.mouse.up()


def test_a_slider_released_at_a_value_keeps_it_and_the_others_rebalance(app, page):
    wid = app.open_example(page)
    app.go(page, "page.ambitie")
    assert shown(page) == {"wensen": 25, "kosten": 20, "tijd": 15, "risico": 15, "ambitie": 25}
    drag(page, LABELS["wensen"], 0.40)
    deadline = time.monotonic() + 15
    while stored(app, wid)["wensen"] == 25:
        assert time.monotonic() < deadline, "the slider's value was not stored"
        time.sleep(0.2)
    app.settle(page)
    weights = stored(app, wid)
    released = int(weights["wensen"])
    assert 35 <= released <= 45, weights
    thumb = page.get_by_role("slider", name=LABELS["wensen"])
    expect(thumb).to_have_attribute("aria-valuenow", str(released))
    assert shown(page) == {cid: int(w) for cid, w in weights.items()}, "the sliders show what is stored"
    assert sum(shown(page).values()) == 100
    # The other four keep their proportions 20 : 15 : 15 : 25 within a whole percentage.
    rest = 100 - released
    for cid, before in {"kosten": 20, "tijd": 15, "risico": 15, "ambitie": 25}.items():
        assert abs(weights[cid] - rest * before / 75) < 1, weights
    page.screenshot(path=str(app.artifacts / "weights-rebalanced.png"), full_page=True)
