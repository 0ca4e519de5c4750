"""Every page on a laptop and on a phone: it renders without an error, shows its title,
and a phone never has to scroll sideways. Each page is saved as a screenshot in
test-artifacts/screenshots/ to look at after a change.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[2]


def facilitator_pages() -> list[str]:
    """Every page in the app's navigation that has a title of its own, in menu order
    (a page added to the app is photographed without touching this test)."""
    routed = re.findall(r"screens/(\w+)\.py", (ROOT / "app.py").read_text(encoding="utf-8"))
    titled = [
        name for name in dict.fromkeys(routed)
        if (ROOT / "screens" / f"{name}.py").exists()
        and f'"page.{name}_title"' in (ROOT / "screens" / f"{name}.py").read_text(encoding="utf-8")
    ]  # fmt: skip
    return titled


PAGES = facilitator_pages()
DEVICES = ["desktop", "phone"]
TOLERANCE = 2  # px

# Streamlit scrolls its main area itself, so the page's own scroll sizes are not enough.
SIZES = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const root = document.documentElement;
    return {
        innerWidth: window.innerWidth,
        pageWidth: root.scrollWidth,
        mainWidth: main.scrollWidth,
        mainClientWidth: main.clientWidth,
        height: Math.max(root.scrollHeight, main.scrollHeight),
    };
}"""


def url(page_name: str, wid: str, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"w": wid, **params}.items())
    return f"/{'' if page_name == 'start' else page_name}?{query}"


def full_screenshot(page, path) -> None:
    """The whole page, not just the window: grow the window to the content, then shoot."""
    viewport = page.viewport_size
    height = page.evaluate(SIZES)["height"]
    page.set_viewport_size({"width": viewport["width"], "height": max(height, viewport["height"])})
    page.wait_for_timeout(400)  # charts and tables follow the new size
    height = page.evaluate(SIZES)["height"]
    page.set_viewport_size({"width": viewport["width"], "height": max(height, viewport["height"])})
    page.wait_for_timeout(200)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size(viewport)


def open_page(app, page, page_name: str, wid: str, **params: str) -> None:
    page.goto(url(page_name, wid, **params))
    expect(page.get_by_role("heading", level=1, name=app.nl(f"page.{page_name}_title"))).to_be_visible()
    app.settle(page)
    page.wait_for_timeout(300)  # let charts finish drawing


def check_page(page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stMain").locator(".stAlert").filter(has_text="Traceback")).to_have_count(0)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("page_name", PAGES)
def test_page_renders(app, new_page, stored_example, page_name, device):
    viewport = getattr(app, device)
    page = new_page(viewport)
    open_page(app, page, page_name, stored_example)
    check_page(page)
    sizes = page.evaluate(SIZES)
    if device == "phone":
        # Wide tables may scroll inside their own frame; the page itself must not.
        assert sizes["pageWidth"] <= sizes["innerWidth"] + TOLERANCE, sizes
        assert sizes["mainWidth"] <= sizes["mainClientWidth"] + TOLERANCE, sizes
    full_screenshot(page, app.artifacts / "screenshots" / f"{page_name}-{viewport['width']}.png")


@pytest.mark.parametrize("page_name", ["start", "resultaten"])
def test_presentation_mode(app, new_page, stored_example, page_name):
    page = new_page(app.desktop)
    open_page(app, page, page_name, stored_example, presentation="true")
    check_page(page)
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_role("button", name=app.nl("layout.stop_presenting"))).to_be_visible()
    full_screenshot(
        page, app.artifacts / "screenshots" / f"{page_name}-presentatie-{app.desktop['width']}.png"
    )
