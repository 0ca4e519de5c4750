"""Resultaten and Gevoeligheid on a phone of 390 px: every chart fits the width (nothing
scrolls sideways, not even inside a chart's frame), chart titles are not cut off, the
ranking shows the score without scrolling, and segmented controls wrap instead of running
off the screen. Screenshots go to test-artifacts/phone/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TOLERANCE = 2  # px

# Everything a phone user would have to scroll sideways for, on the visible part of the page.
MEASURE = """(scoreLabel) => {
    const visible = (e) => e.offsetParent !== null && e.getBoundingClientRect().width > 0;
    const main = document.querySelector('[data-testid="stMain"]');
    const charts = Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]')).filter(visible)
        .map((c) => {
            const frame = c.closest('[data-testid="stElementContainer"]');
            const box = c.getBoundingClientRect();
            const title = c.querySelector('.gtitle');
            const t = title ? title.getBoundingClientRect() : null;
            return {left: box.left, right: box.right,
                    frameScroll: frame.scrollWidth, frameWidth: frame.clientWidth,
                    titleLeft: t ? t.left : null, titleRight: t ? t.right : null};
        });
    const groups = Array.from(document.querySelectorAll('[data-testid="stMain"] [role="radiogroup"]'))
        .filter(visible).map((g) => ({right: g.getBoundingClientRect().right, scroll: g.scrollWidth,
                                        width: g.clientWidth}));
    const headers = Array.from(document.querySelectorAll('[data-testid="stDataFrame"] [role="columnheader"]'))
        .filter((h) => h.closest('[data-testid="stDataFrame"]').offsetParent !== null
                       && h.innerText.trim() === scoreLabel)
        .map((h) => h.getBoundingClientRect().right);
    const tables = Array.from(document.querySelectorAll('[data-testid="stDataFrame"]')).filter(visible)
        .map((d) => d.getBoundingClientRect().right);
    return {innerWidth: window.innerWidth, pageWidth: document.documentElement.scrollWidth,
            mainScroll: main.scrollWidth, mainWidth: main.clientWidth, charts, groups, headers, tables};
}"""


def open_on_phone(app, new_page, page_name: str, wid: str):
    page = new_page(app.phone)
    page.goto(f"/{page_name}?w={wid}")
    expect(page.get_by_role("heading", level=1, name=app.nl(f"page.{page_name}_title"))).to_be_visible()
    app.settle(page)
    page.wait_for_function(
        """() => {
            const shown = Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
                .filter((c) => c.offsetParent !== null);
            return shown.length > 0 && shown.every((c) => c.querySelector('.gtitle'));
        }""",
        polling=200,
    )
    page.wait_for_timeout(500)  # plotly follows its container's width
    return page


def assert_fits_the_phone(sizes: dict) -> None:
    width = sizes["innerWidth"] + TOLERANCE
    assert sizes["pageWidth"] <= width and sizes["mainScroll"] <= sizes["mainWidth"] + TOLERANCE, sizes
    assert sizes["charts"], "the page shows its charts"
    for chart in sizes["charts"]:
        assert chart["left"] >= -TOLERANCE and chart["right"] <= width, chart
        assert chart["frameScroll"] <= chart["frameWidth"] + TOLERANCE, ("scrolls inside its frame", chart)
        assert chart["titleLeft"] >= chart["left"] - TOLERANCE, ("title cut on the left", chart)
        assert chart["titleRight"] <= chart["right"] + TOLERANCE, ("title cut on the right", chart)
    for group in sizes["groups"]:
        assert group["right"] <= width and group["scroll"] <= group["width"] + TOLERANCE, group
    for table in sizes["tables"]:
        assert table <= width, sizes["tables"]


def test_resultaten_fits_a_phone(app, new_page, stored_example):
    page = open_on_phone(app, new_page, "resultaten", stored_example)
    score = app.nl("results.score")
    # the grid draws its header cells after the page has run: wait for the score column's
    page.wait_for_function(
        """(label) => Array.from(
                document.querySelectorAll('[data-testid="stDataFrame"] [role="columnheader"]'))
            .some((h) => h.closest('[data-testid="stDataFrame"]').offsetParent !== null
                         && h.innerText.trim() === label)""",
        arg=score,
        polling=200,
    )
    sizes = page.evaluate(MEASURE, score)
    folder = app.artifacts / "phone"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "resultaten-390.png"))
    chart = page.locator('[data-testid="stPlotlyChart"]:visible').first
    chart.scroll_into_view_if_needed()
    chart.screenshot(path=str(folder / "resultaten-1-contributions-390.png"))
    assert_fits_the_phone(sizes)
    # the compact ranking: its score column is on the screen, without scrolling sideways
    assert sizes["headers"], "the score column of the ranking is shown"
    assert all(right <= sizes["innerWidth"] + TOLERANCE for right in sizes["headers"]), sizes["headers"]
    # every trade-off tab's chart fits as well
    for n, section in enumerate(("profile", "value", "heatmap", "methods"), start=2):
        page.get_by_role("tab", name=app.nl(f"results.section_{section}")).click()
        page.wait_for_timeout(700)
        chart = page.locator('[data-testid="stPlotlyChart"]:visible').first
        chart.scroll_into_view_if_needed()
        chart.screenshot(path=str(folder / f"resultaten-{n}-{section}-390.png"))
        assert_fits_the_phone(page.evaluate(MEASURE, score))


def test_gevoeligheid_fits_a_phone(app, new_page, stored_example):
    page = open_on_phone(app, new_page, "gevoeligheid", stored_example)
    page.screenshot(path=str(app.artifacts / "phone" / "gevoeligheid-390.png"), full_page=True)
    assert_fits_the_phone(page.evaluate(MEASURE, app.nl("results.score")))
