"""Presentation mode on a projector of 1366×768 and of 1920×1080: each section (the top three,
each chart, the sensitivity sentences) fits the screen without scrolling, the type is large
enough for the back of the room, and the arrow keys step through the sections (but not while
typing in a field). Each section is saved as a screenshot in test-artifacts/presentation/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ui.presentation import nav_key, section_key

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SCREENS = {"1366x768": {"width": 1366, "height": 768}, "1920x1080": {"width": 1920, "height": 1080}}
# Each section, and what only it shows (so the test knows the new section is drawn).
RESULT_SECTIONS = {
    "top": "top_card_0",
    "contributions": "fit_short_contributions_chart",
    "profile": "fit_short_profile_chart",
    "value": "fit_short_value_chart",
    "heatmap": "fit_short_heatmap_chart",
    "discuss": "discuss_first",
    "methods": "fit_short_method_chart",
}
TOLERANCE = 4  # px
BODY_TYPE = 24  # px, the least for the back of the room

# Where the shown section ends, and what the screen is; the section's own box, since the
# settings under it are for the facilitator and may lie below the fold.
SECTION_BOX = """(key) => {
    const box = document.querySelector('.st-key-' + key).getBoundingClientRect();
    const charts = Array.from(document.querySelectorAll('.st-key-' + key + ' [data-testid="stPlotlyChart"]'))
        .filter((c) => c.offsetParent !== null).map((c) => c.getBoundingClientRect());
    return {top: box.top, bottom: box.bottom, right: box.right, innerHeight: window.innerHeight,
            innerWidth: window.innerWidth, charts: charts.map((c) => ({top: c.top, bottom: c.bottom,
            width: c.width}))};
}"""
# The body text of the shown section: its paragraphs and list items that start with ``text``.
BODY_SIZE = """([key, text]) => Math.min(...Array.from(document.querySelectorAll(
    '.st-key-' + key + ' [data-testid="stMarkdown"] :is(p, li)'))
    .filter((e) => e.innerText.startsWith(text)).map((e) => parseFloat(getComputedStyle(e).fontSize)))"""


# Drawn for good: the type is loaded, no widget is still a placeholder or left over from
# the previous run. A busy machine needs this, not a fixed wait.
FRESH = """() => !document.querySelector('[data-testid="stMain"] [data-stale="true"]')"""
DRAWN = """() => !document.querySelector('[data-testid="stMain"] [data-stale="true"]')
    && !document.querySelector('[data-testid="stSkeleton"], [data-testid="stMain"] [class*="Skeleton"]')
    && Array.from(document.querySelectorAll('[data-testid="stMain"] [data-testid="stButton"] button'))
        .filter((b) => b.checkVisibility()).every((b) => b.innerText.trim().length > 0)"""


def drawn(app, page, *, first: bool = False) -> None:
    app.settle(page)
    page.wait_for_function(DRAWN if first else FRESH, polling=200)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.wait_for_timeout(400)  # plotly lays out after its container has its size


def open_presenting(app, page, page_name: str, wid: str, **params: str) -> None:
    query = "&".join(f"{k}={v}" for k, v in {"w": wid, "presentation": "true", **params}.items())
    page.goto(f"/{page_name}?{query}")
    expect(page.get_by_role("heading", level=1, name=app.nl(f"page.{page_name}_title"))).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()  # the projector's stylesheet is in force
    drawn(app, page, first=True)


def assert_fits(page, key: str, what: str) -> None:
    box = page.evaluate(SECTION_BOX, key)
    assert box["bottom"] <= box["innerHeight"] + TOLERANCE, (what, box)
    assert box["right"] <= box["innerWidth"] + TOLERANCE, (what, box)
    for chart in box["charts"]:
        assert chart["bottom"] <= box["innerHeight"] + TOLERANCE, (what, "chart", box)


def section_shown(app, page, key: str, label_key: str) -> None:
    row = page.locator(f".st-key-{nav_key(key, 'row')}")
    expect(row.get_by_role("radio", name=app.nl(label_key), exact=True)).to_have_attribute(
        "aria-checked", "true"
    )


@pytest.mark.parametrize("screen", list(SCREENS))
def test_each_results_section_fits_the_projector(app, new_page, stored_example, screen):
    page = new_page(SCREENS[screen])
    open_presenting(app, page, "resultaten", stored_example)
    folder = app.artifacts / "presentation"
    folder.mkdir(parents=True, exist_ok=True)
    for section, only_there in RESULT_SECTIONS.items():
        page.locator(f".st-key-{nav_key('slide', 'row')}").get_by_role(
            "radio", name=app.nl(f"results.section_{section}"), exact=True
        ).click()
        expect(page.locator(f".st-key-{section_key('slide')} .st-key-{only_there}")).to_be_attached()
        drawn(app, page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        page.screenshot(path=str(folder / f"resultaten-{section}-{screen}.png"))
        assert_fits(page, section_key("slide"), section)
        if section == "top":
            strongest = app.nl("results.strongest", criterion="").split("**")[0].strip()
            assert page.evaluate(BODY_SIZE, [section_key("slide"), strongest]) >= BODY_TYPE


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_sensitivity_sentences_fit_the_projector(app, new_page, stored_example, screen):
    page = new_page(SCREENS[screen])
    open_presenting(app, page, "gevoeligheid", stored_example)
    expect(page.locator(f".st-key-{section_key('gv_slide')} li").first).to_be_visible()
    page.screenshot(path=str(app.artifacts / "presentation" / f"gevoeligheid-{screen}.png"))
    assert_fits(page, section_key("gv_slide"), "sentences")
    assert page.evaluate(BODY_SIZE, [section_key("gv_slide"), ""]) >= BODY_TYPE


def test_the_arrow_keys_step_through_the_sections_but_not_while_typing(app, new_page, stored_example):
    page = new_page(SCREENS["1366x768"])
    open_presenting(app, page, "resultaten", stored_example)
    section_shown(app, page, "slide", "results.section_top")
    page.get_by_role("heading", level=1).click()  # the page has the focus, not a field
    page.keyboard.press("ArrowRight")
    app.settle(page)
    section_shown(app, page, "slide", "results.section_table")
    page.keyboard.press("ArrowRight")
    app.settle(page)
    section_shown(app, page, "slide", "results.section_contributions")
    page.keyboard.press("ArrowLeft")
    app.settle(page)
    section_shown(app, page, "slide", "results.section_table")

    # Typing in a field (the workshop picker is hidden; the settings have a select field
    # on Gevoeligheid): the arrow moves the cursor there, the slide stays.
    open_presenting(app, page, "gevoeligheid", stored_example)
    page.get_by_text(app.nl("presentation.settings"), exact=True).click()
    field = page.get_by_role("combobox", name=app.nl("sens.k"))
    field.click()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(500)
    app.settle(page)
    # The open list hides the rest of the page from assistive technology (and from role
    # queries) until it closes; closing it is what a user does next.
    page.keyboard.press("Escape")
    expect(page.get_by_role("listbox")).to_have_count(0)
    app.settle(page)
    section_shown(app, page, "gv_slide", "sens.firmness")


def test_the_page_does_not_move_after_the_first_save(app, new_page):
    """The undo button is there from the start (disabled), and the confirmation is a toast
    over the page: the content under the pointer stays where it was."""
    page = new_page(app.desktop)
    app.open_example(page)
    app.go(page, "page.besluit")
    heading = page.get_by_role("heading", level=2, name=app.nl("besluit.decide"))
    expect(page.get_by_role("button", name=app.nl("layout.undo"))).to_be_disabled()
    before = heading.bounding_box()
    page.get_by_role("button", name=app.nl("packages.adopt", letter="A")).click()
    expect(page.get_by_test_id("stToast").filter(has_text=app.nl("feedback.saved"))).to_be_visible()
    app.settle(page)
    expect(page.get_by_role("button", name=app.nl("layout.undo"))).to_be_enabled()
    after = heading.bounding_box()
    assert before is not None and after is not None
    assert abs(after["y"] - before["y"]) <= 1, (before, after)
