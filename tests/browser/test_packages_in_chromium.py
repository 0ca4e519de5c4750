"""Samenhang and Pakketten in a real browser: relations change the best package, a package
becomes the proposal, and both pages fit a laptop and a phone.

A facilitator removes a relation and adds one with the two dropdowns and a kind; each time
package A on Pakketten is what :func:`decision.domain.packages.analyse_packages` computes
from the workshop the server stored (never written down here). Then package B becomes the
proposal, and the stored statuses say so. Screenshots go to ``test-artifacts/packages/``.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from decision.core.aggregation import AGGREGATIONS
from decision.core.methods import DEFAULT_METHOD, METHODS
from decision.domain.analysis import rank_workshop
from decision.domain.model import Relation, RelationKind, Status
from decision.domain.packages import PackageAnalysis, analyse_packages
from tests.browser.test_phone_width_in_chromium import MEASURE, TOLERANCE, assert_fits_the_phone
from tests.browser.test_screenshots import full_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

# The ids a package card lists as its members, in the order shown: the bold id that opens
# each member's line (the lines in the collapsed "Waarom dit pakket?" are not members).
CARD_MEMBERS = """(card) => Array.from(card.querySelectorAll('li > strong:first-child'))
    .filter((s) => !s.closest('[data-testid="stExpander"]'))
    .map((s) => s.innerText.trim())"""

# Each package card against the window: nothing sticks out, nothing inside scrolls sideways.
CARDS = """() => Array.from(document.querySelectorAll('[class*="st-key-package_"]')).map((c) => {
    const box = c.getBoundingClientRect();
    return {key: Array.from(c.classList).find((n) => n.startsWith('st-key-')),
            left: box.left, right: box.right, width: box.width,
            scroll: c.scrollWidth, client: c.clientWidth};
})"""

# Every piece of text a chart draws (title, subtitle, legend, ticks, notes) against the
# chart's own box: text running past its edge is cut off on the screen.
CHART_TEXT = """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    .filter((c) => c.offsetParent !== null)
    .flatMap((c) => {
        const box = c.getBoundingClientRect();
        return Array.from(c.querySelectorAll('svg text'))
            .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0)
            .map((t) => {
                const r = t.getBoundingClientRect();
                return {text: t.textContent.trim(), left: r.left, right: r.right,
                        chartLeft: box.left, chartRight: box.right};
            });
    })"""

# Buttons whose label is cut off with an ellipsis (its text wider than its box).
CUT_LABELS = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] button'))
    .filter((b) => b.offsetParent !== null)
    .flatMap((b) => Array.from(b.querySelectorAll('[data-testid="stMarkdownContainer"]')))
    .filter((e) => e.scrollWidth > e.clientWidth + 1 && e.innerText.trim())
    .map((e) => e.innerText.trim())"""

# Per chart, the boxes of its row labels (the y axis), top to bottom.
ROW_LABELS = """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    .filter((c) => c.offsetParent !== null)
    .map((c) => Array.from(c.querySelectorAll('.yaxislayer-above .ytick text, .yaxislayer-below .ytick text'))
        .filter((t) => t.textContent.trim())
        .map((t) => { const r = t.getBoundingClientRect();
                      return {text: t.textContent.trim(), top: r.top, bottom: r.bottom}; })
        .sort((a, b) => a.top - b.top))"""


def assert_row_labels_apart(page) -> None:
    """No chart's row label runs into the next one (a crowded axis on a phone)."""
    for labels in page.evaluate(ROW_LABELS):
        for upper, lower in zip(labels, labels[1:], strict=False):
            assert upper["bottom"] <= lower["top"] + TOLERANCE, ("row labels overlap", upper, lower)


def assert_chart_text_inside(page) -> None:
    texts = page.evaluate(CHART_TEXT)
    assert texts, "the page shows its charts"
    cut = [
        t for t in texts if t["left"] < t["chartLeft"] - TOLERANCE or t["right"] > t["chartRight"] + TOLERANCE
    ]
    assert not cut, ("text cut off at a chart's edge", cut)


def wait_for(check, what: str, timeout: float = 30.0):
    """Poll the store until ``check()`` is truthy (a save lands after the click's rerun)."""
    deadline = time.monotonic() + timeout
    while not (result := check()):
        assert time.monotonic() < deadline, f"not stored in time: {what}"
        time.sleep(0.2)
    return result


def stored_when(app, wid: str, holds, what: str):
    """The stored workshop, once ``holds(workshop)`` is true."""

    def check():
        stored = app.workshop(wid)
        return stored if holds(stored) else None

    return wait_for(check, what)


def holds_relation(w, relation: Relation) -> bool:
    return any(
        (r.source, r.target, r.kind) == (relation.source, relation.target, relation.kind) for r in w.relations
    )


def no_traceback(page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stMain").locator(".stAlert").filter(has_text="Traceback")).to_have_count(0)


def packages_of(w) -> PackageAnalysis:
    """The packages the domain computes for the stored workshop, on the ranking Pakketten
    uses when Resultaten chose nothing else (the default method and aggregation)."""
    aggregation = AGGREGATIONS[0]
    ranking = rank_workshop(w, DEFAULT_METHOD, aggregation)
    return analyse_packages(w, ranking, method=DEFAULT_METHOD, aggregation=aggregation)


def basis(app, w) -> str:
    """What Pakketten says it counts with: the size, the method and the number of relations."""
    return app.nl(
        "packages.basis",
        size=w.package.size,
        method=app.nl(METHODS[DEFAULT_METHOD].label_key),
        relations=len(w.relations),
    )


def shown_package(app, page, letter: str, expected: tuple[str, ...]) -> tuple[str, ...]:
    """The member ids on package card ``letter``, once the card shows ``expected`` (a card
    drawn before the change may still be on the page for a moment)."""
    card = page.locator(f".st-key-package_{letter}")
    expect(card).to_be_visible()
    deadline = time.monotonic() + app.timeout_ms / 1000
    while (members := tuple(card.evaluate(CARD_MEMBERS))) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    return members


def relation_line(app, w, relation: Relation) -> str:
    """A relation as Samenhang writes it (without the bold marks of its kind)."""
    return app.nl(
        "relations.line",
        source=f"{relation.source} {w.kans(relation.source).name}",
        kind=app.nl(f"relation.{relation.kind.value}"),
        target=f"{relation.target} {w.kans(relation.target).name}",
    ).replace("**", "")


def relation_rows(page):
    """The rows of the relations list: each has its own "Verwijderen" button."""
    return page.get_by_test_id("stHorizontalBlock").filter(has=page.locator("[class*='st-key-rel_remove_']"))


def choose(page, form, label: str, option: str) -> None:
    form.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def shot(app, page, name: str) -> None:
    full_screenshot(page, app.artifacts / "packages" / f"{name}.png")


def open_page(app, page, name: str, wid: str) -> None:
    page.goto(f"/{name}?w={wid}")
    expect(page.get_by_role("heading", level=1, name=app.nl(f"page.{name}_title"))).to_be_visible()
    app.settle(page)


def wait_for_charts(page) -> None:
    """Every chart on the page drawn with its title; then plotly follows its container's width."""
    page.wait_for_function(
        """() => {
            const shown = Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
                .filter((c) => c.offsetParent !== null);
            return shown.length > 0 && shown.every((c) => c.querySelector('.gtitle'));
        }""",
        polling=200,
    )
    page.wait_for_timeout(500)


def test_relations_change_the_best_package_and_b_becomes_the_proposal(app, page):
    wid = app.open_example(page)
    w = app.workshop(wid)
    needs = Relation("K02", "K01", RelationKind.REQUIRES)
    assert holds_relation(w, needs), "the example holds the relation K02 heeft nodig K01"
    before = packages_of(w).view("A").members

    # Pakketten first: package A as the domain computes it for the example as shipped.
    app.go(page, "page.pakketten")
    assert shown_package(app, page, "A", before) == before
    no_traceback(page)

    # 1. Remove "K02 heeft nodig K01" on Samenhang.
    app.go(page, "page.samenhang")
    rows = relation_rows(page)
    expect(rows).to_have_count(len(w.relations))
    row = rows.filter(has_text=relation_line(app, w, needs))
    expect(row).to_have_count(1)
    row.get_by_role("button", name=app.nl("relations.remove")).click()
    app.settle(page)
    w = stored_when(
        app,
        wid,
        lambda s: not holds_relation(s, needs),
        "the relation removed",
    )
    expect(relation_rows(page)).to_have_count(len(w.relations))
    no_traceback(page)
    shot(app, page, "samenhang-removed-1366")

    without = packages_of(w).view("A").members
    assert without != before, "removing the relation changes the best package"
    app.go(page, "page.pakketten")
    assert shown_package(app, page, "A", without) == without
    expect(page.get_by_text(basis(app, w))).to_be_visible()
    no_traceback(page)

    # 2. Add "K06 sluit uit K09" with the two dropdowns and the kind.
    app.go(page, "page.samenhang")
    form = page.locator(".st-key-relation_add")
    source, target, kind = "K06", "K09", RelationKind.EXCLUDES
    choose(page, form, app.nl("relations.source"), f"{source} · {w.kans(source).name}")
    choose(page, form, app.nl("relations.kind"), app.nl(f"relation.{kind.value}"))
    choose(page, form, app.nl("relations.target"), f"{target} · {w.kans(target).name}")
    note = "Beide vragen dezelfde plek in het plantsoen."
    form.get_by_label(app.nl("relations.note")).fill(note)
    form.get_by_role("button", name=app.nl("relations.add")).click()
    app.settle(page)
    w = stored_when(
        app,
        wid,
        lambda s: holds_relation(s, Relation(source, target, kind)),
        "the relation added",
    )
    (added,) = [r for r in w.relations if (r.source, r.target, r.kind) == (source, target, kind)]
    assert added.note == note
    expect(relation_rows(page).filter(has_text=relation_line(app, w, added))).to_have_count(1)
    no_traceback(page)

    excluded = packages_of(w)
    after = excluded.view("A").members
    assert after != without, "the new relation changes the best package"
    assert not {source, target} <= set(after), "package A does not hold two that exclude each other"
    app.go(page, "page.pakketten")
    assert shown_package(app, page, "A", after) == after
    expect(page.get_by_text(basis(app, w))).to_be_visible()
    no_traceback(page)

    # 3. Package B becomes the proposal.
    b = excluded.view("B").members
    assert shown_package(app, page, "B", b) == b
    page.locator(".st-key-adopt_package_B").get_by_role(
        "button", name=app.nl("packages.adopt", letter="B")
    ).click()
    app.settle(page)
    w = stored_when(
        app,
        wid,
        lambda s: {k.id for k in s.kansen if k.status is Status.PRIORITISED} == set(b),
        "package B prioritised",
    )
    assert all(k.status is not Status.CHOSEN for k in w.kansen), "to be worked out, not yet a choice"
    expect(page.get_by_text(app.nl("packages.adopted"))).to_be_visible()
    no_traceback(page)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_pakketten_fits_the_screen(app, new_page, stored_example, viewport):
    size = getattr(app, viewport)
    page = new_page(size)
    open_page(app, page, "pakketten", stored_example)
    wait_for_charts(page)
    no_traceback(page)
    w = app.workshop(stored_example)
    expected = packages_of(w)
    cards = page.locator("[class*='st-key-package_']")
    expect(cards).to_have_count(len(expected.packages))
    assert_fits_the_phone(page.evaluate(MEASURE, app.nl("results.score")))
    assert_chart_text_inside(page)
    assert_row_labels_apart(page)
    for card in page.evaluate(CARDS):
        assert card["left"] >= -TOLERANCE and card["right"] <= size["width"] + TOLERANCE, card
        assert card["scroll"] <= card["client"] + TOLERANCE, ("scrolls inside the card", card)
        if viewport == "phone":
            # the cards stack on a phone: each as wide as the page's column, not a third of it
            assert card["width"] >= 0.8 * size["width"] - 2 * 16, ("cramped", card)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("name", ["samenhang", "pakketten"])
def test_screenshots_of_samenhang_and_pakketten(app, new_page, stored_example, name, viewport):
    size = getattr(app, viewport)
    page = new_page(size)
    open_page(app, page, name, stored_example)
    wait_for_charts(page)
    no_traceback(page)
    sizes = page.evaluate(MEASURE, app.nl("results.score"))
    assert sizes["pageWidth"] <= sizes["innerWidth"] + TOLERANCE, sizes
    assert sizes["mainScroll"] <= sizes["mainWidth"] + TOLERANCE, sizes
    shot(app, page, f"{name}-{size['width']}")
    assert_chart_text_inside(page)
    assert_row_labels_apart(page)
    assert not page.evaluate(CUT_LABELS), "a button's label is cut off"
