"""Accessible to everyone in the room: axe-core over every page, and the phone by keyboard.

axe-core (bundled in axe-playwright-python, see tests/browser/axe_scan.py) checks
WCAG 2.1 A and AA and its best practices on every facilitator page at 1366 px and
at 390 px wide, in presentation mode and in English, and on the participant's phone
(the join form and the scoring page). The bar: no serious or critical finding, but
for the few inside Streamlit's own parts the app cannot change, each excused by rule
and selector with its reason (``axe_scan.EXCUSED``).

Then a participant joins and scores with the keyboard alone (Tab, Enter, Space), and
the element that has the focus shows it: an outline of at least 2 px whose colour
stands out 3:1 from the page behind it (WCAG 2.4.7 and 1.4.11).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from decision.files import paths
from decision.files.workshop_file import load_workshop
from decision.store import open_store
from tests.browser import axe_scan
from tests.conftest import grant_of, protect
from ui.catalog import t

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

PIN = "274193"
VIEWS = {
    "1366": ({"width": 1366, "height": 900}, {}),
    "390": ({"width": 390, "height": 844}, {}),
    "presentatie": ({"width": 1366, "height": 900}, {"presentation": "true"}),
    # the language switch is bound to the URL by its label
    "english": ({"width": 1366, "height": 900}, {"lang": "English"}),
}


def report(found: list[axe_scan.Finding]) -> str:
    return "\n".join(str(f) for f in found)


@pytest.fixture
def live(app) -> dict:
    """A workshop of its own with an open round, straight in the server's database."""
    store = open_store(app.db)
    wid = store.workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP))
    protect(store, wid, PIN)
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    # the round asks for weights too, so the phone's 100-points card is scanned with the rest
    store.live.set_ask_weights(wid, True, grant=grant_of(store, wid))
    return {"wid": wid, "code": code, "store": store}


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_facilitator_page_passes_axe(app, browser, stored_example, view):
    viewport, params = VIEWS[view]
    lang = "en" if "lang" in params else "nl"
    context = browser.new_context(viewport=viewport, base_url=app.url, locale="nl-NL")
    context.set_default_timeout(app.timeout_ms)
    try:
        page = context.new_page()
        over: dict[str, list[axe_scan.Finding]] = {}
        for name in axe_scan.FACILITATOR_PAGES:
            axe_scan.open_page(page, name, stored_example, t(f"page.{name}_title", lang), **params)
            expect(page.locator("html")).to_have_attribute("lang", lang)
            # The team's texts are escaped for Markdown (ui/text.py); the escapes must not
            # show (the example's names hold punctuation, such as an apostrophe and hyphens).
            shown = page.get_by_test_id("stMain").inner_text()
            assert "\\" not in shown, f"a backslash shows on {name} ({view})"
            found = axe_scan.over_the_bar(page, axe_scan.findings(axe_scan.run_axe(page)))
            if found:
                over[name] = found
    finally:
        context.close()
    assert not over, "\n".join(f"{name} ({view}):\n{report(found)}" for name, found in over.items())


def test_the_phone_flow_passes_axe(app, browser, live):
    context = browser.new_context(
        viewport=app.phone, is_mobile=True, has_touch=True, base_url=app.url, locale="nl-NL"
    )
    context.set_default_timeout(app.timeout_ms)
    try:
        page = context.new_page()
        page.goto(f"/?code={live['code']}")
        expect(page.get_by_role("heading", level=1, name=app.nl("join.title"))).to_be_visible()
        axe_scan.wait_drawn(page)
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        join = axe_scan.over_the_bar(page, axe_scan.findings(axe_scan.run_axe(page)))
        page.get_by_role("textbox", name=app.nl("join.name"), exact=True).fill("Anna")
        page.get_by_role("button", name=app.nl("join.submit")).tap()
        page.wait_for_url(lambda url: "t=" in url)
        expect(page.get_by_text(app.nl("participant.kans_of", n=1, total=14))).to_be_visible()
        expect(page.get_by_role("heading", name=app.nl("points.title"))).to_be_visible()
        axe_scan.wait_drawn(page)
        scoring = axe_scan.over_the_bar(page, axe_scan.findings(axe_scan.run_axe(page)))
    finally:
        context.close()
    assert not join, f"join form:\n{report(join)}"
    assert not scoring, f"scoring page:\n{report(scoring)}"


# What the focused element shows, and the colour of the page behind it (the first
# ancestor with a background that is not transparent).
FOCUS_STYLE = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    let behind = el.parentElement, background = 'rgb(255, 255, 255)';
    while (behind) {
        const colour = getComputedStyle(behind).backgroundColor;
        if (colour && colour !== 'transparent' && !colour.endsWith(', 0)')) { background = colour; break; }
        behind = behind.parentElement;
    }
    return {outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth,
            outlineColor: style.outlineColor, background, tag: el.tagName,
            text: (el.innerText || el.getAttribute('aria-label') || '').trim()};
}"""


def luminance(rgb: str) -> float:
    red, green, blue = (int(x) / 255 for x in re.findall(r"\d+", rgb)[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def assert_focus_visible(page, what: str) -> None:
    style = page.evaluate(FOCUS_STYLE)
    assert style["outlineStyle"] not in ("none", ""), (what, style)
    assert float(style["outlineWidth"].removesuffix("px")) >= 2, (what, style)
    assert contrast(style["outlineColor"], style["background"]) >= 3, (what, style)


def tab_to(page, selector: str, what: str, limit: int = 40) -> None:
    """Press Tab until the focus is inside ``selector``, checking on the way that each
    focused element shows it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement.closest(s)", selector):
            assert_focus_visible(page, what)
            return
        if page.evaluate("() => document.activeElement !== document.body"):
            assert_focus_visible(page, f"on the way to {what}")
    raise AssertionError(f"Tab never reached {what} ({selector})")


def test_a_participant_joins_and_scores_with_the_keyboard_alone(app, browser, live):
    context = browser.new_context(viewport=app.phone, base_url=app.url, locale="nl-NL")
    context.set_default_timeout(app.timeout_ms)
    store, wid = live["store"], live["wid"]
    before = len(app.workshop(wid).participants)
    try:
        page = context.new_page()
        page.goto(f"/?code={live['code']}")
        expect(page.get_by_role("heading", level=1, name=app.nl("join.title"))).to_be_visible()
        axe_scan.wait_drawn(page)

        tab_to(page, ".st-key-join_name input", "the name field")
        page.keyboard.type("Kees")
        # Enter in the field only keeps the name; the button joins.
        tab_to(page, ".st-key-join_save button", "the join button")
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "t=" in url)
        expect(page.get_by_text(app.nl("participant.kans_of", n=1, total=14))).to_be_visible()
        expect(page.get_by_role("heading", name=app.nl("points.title"))).to_be_visible()
        axe_scan.wait_drawn(page)
        (joined,) = app.workshop(wid).participants[before:]
        assert joined.name == "Kees"

        level = ".st-key-pb_K01_wensen_4"
        tab_to(page, level, "level 4 of the first criterion", limit=80)
        page.keyboard.press("Space")
        expect(page.locator(f"{level} button")).to_have_attribute("data-testid", "stBaseButton-primary")
        deadline = 100
        while app.workshop(wid).scores.get((joined.id, "K01", "wensen")) != 4.0 and deadline:
            page.wait_for_timeout(200)
            deadline -= 1
        assert app.workshop(wid).scores.get((joined.id, "K01", "wensen")) == 4.0
        assert store.workshops.version(wid) > 0
    finally:
        context.close()
