"""axe-core over the app's pages: what is checked, the bar, and what is excused (and why).

Shared by tests/browser/test_accessibility_axe.py (the bar: no serious or critical
finding that is not excused) and benchmarks/axe_counts.py (the counts per page).
axe-core comes bundled in ``axe-playwright-python``; it runs inside the page, in
the browser Playwright drives.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Every facilitator page, by its URL path, in menu order, read from the router so that a page
# added to the app is scanned without touching this list; its h1 is ``page.<name>_title``.
ROOT = Path(__file__).resolve().parents[2]
FACILITATOR_PAGES = tuple(
    name
    for name in dict.fromkeys(re.findall(r"screens/(\w+)\.py", (ROOT / "app.py").read_text(encoding="utf-8")))
    if name != "meedoen"  # the participant's page, scanned in the phone flow
)
BAR = ("serious", "critical")
# WCAG 2.0/2.1 A and AA, and axe's best practices (landmarks, headings) on top.
RUN_OPTIONS: dict[str, Any] = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
}


@dataclass(frozen=True)
class Excuse:
    """A finding inside one of Streamlit's own parts that the app cannot change: the
    rule, the CSS selector of that part (the offending element must lie inside it),
    and why it is excused."""

    rule: str
    inside: str
    reason: str


# Streamlit's page menu: in the sidebar, and along the top in presentation mode.
PAGE_MENU = '[data-testid="stSidebarNav"], [data-testid="stTopNav"], [data-testid="stTopNavPopoverBody"]'
EXCUSED: tuple[Excuse, ...] = (
    Excuse(
        "list",
        PAGE_MENU,
        "Streamlit's page menu (st.navigation with sections) puts each section's <li> items "
        "in a <div> inside the <ul>; the app only hands Streamlit the pages and their titles.",
    ),
    Excuse(
        "listitem",
        PAGE_MENU,
        "The same page menu: its <li> items sit in a <div>, not directly in the <ul>.",
    ),
)


@dataclass(frozen=True)
class Finding:
    rule: str
    impact: str
    target: str
    summary: str

    def __str__(self) -> str:
        return f"{self.impact} {self.rule} at {self.target}: {self.summary}"


def run_axe(page) -> list[dict]:
    """axe's violations on the page as it is now (its raw results)."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options=RUN_OPTIONS).response["violations"]


def findings(violations: list[dict]) -> list[Finding]:
    """One finding per offending element."""
    out = []
    for violation in violations:
        for node in violation["nodes"]:
            target = " ".join(" > ".join(t) if isinstance(t, list) else str(t) for t in node["target"])
            summary = (node.get("failureSummary") or violation["help"]).replace("\n", " ")
            out.append(Finding(violation["id"], node.get("impact") or violation["impact"], target, summary))
    return out


INSIDE = """([target, inside]) => {
    const el = document.querySelector(target);
    return !!el && !!el.closest(inside);
}"""


def excused(page, finding: Finding) -> bool:
    """Whether an :data:`EXCUSED` entry covers the finding: the same rule, and the
    offending element (still on the page) lies inside that entry's part."""
    return any(e.rule == finding.rule and page.evaluate(INSIDE, [finding.target, e.inside]) for e in EXCUSED)


def over_the_bar(page, found: list[Finding]) -> list[Finding]:
    """The serious and critical findings on ``page`` that no :data:`EXCUSED` entry covers."""
    return [f for f in found if f.impact in BAR and not excused(page, f)]


def counts(found: list[Finding]) -> Counter[str]:
    """Offending elements per impact (minor, moderate, serious, critical)."""
    return Counter(f.impact for f in found)


# Drawn for good: no element is still stale or a placeholder, and the fonts are loaded.
DRAWN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.dataset.testScriptState === 'notRunning'
        && app.dataset.testConnectionState === 'CONNECTED'
        && !document.querySelector('[data-testid="stMain"] [data-stale="true"]')
        && !document.querySelector('[data-testid="stSkeleton"]');
}"""


def wait_drawn(page) -> None:
    page.wait_for_function(DRAWN, polling=200, timeout=120_000)  # a busy machine is slow
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.wait_for_timeout(500)  # plotly and the page's own scripts finish after the run


def open_page(page, name: str, workshop_id: str, title: str, **params: str) -> None:
    """Go to a facilitator page of the workshop by its URL and wait until it is drawn."""
    from playwright.sync_api import expect

    query = "&".join(f"{k}={v}" for k, v in {"w": workshop_id, **params}.items())
    path = "" if name == FACILITATOR_PAGES[0] else name  # the start page is the default, at /
    page.goto(f"/{path}?{query}")
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    wait_drawn(page)
