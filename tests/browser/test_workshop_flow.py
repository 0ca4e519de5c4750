"""A workshop in the browser: open the example, change the weighting, see the ranking
follow, take the ranking home as a CSV, and survive a reload.

The expected rankings are not written down here: they are computed with the
decision engine from the workshop exactly as the server stored it.
"""

from __future__ import annotations

import csv
import io
import re
import time

import pytest
from playwright.sync_api import expect

from decision.domain.analysis import rank_workshop

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]


def expected_ids(app, wid: str) -> list[str]:
    """The ranking (ids, best first) the engine gives for the stored workshop."""
    return list(rank_workshop(app.workshop(wid), "wsm", "mean").table["id"])


def shown_ids(app, page) -> list[str]:
    """The ids in the ranking table on Resultaten, best first (the visible rows)."""
    rows = app.table_rows(page)
    assert len(rows) >= 10, rows
    return [row[1] for row in rows]


def shown_top3(app, page) -> list[str]:
    """The names on the three top cards, in order."""
    headings = page.get_by_test_id("stMain").locator("h4")
    expect(headings.first).to_be_visible()
    return headings.all_inner_texts()[:3]


def weight_shares(app, wid: str) -> dict[str, float]:
    criteria = app.workshop(wid).criteria
    total = sum(c.weight for c in criteria)
    return {c.label.get("nl"): c.weight / total for c in criteria}


def wait_for_stored(app, wid: str, check, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check(weight_shares(app, wid)):
        assert time.monotonic() < deadline, f"not saved: {weight_shares(app, wid)}"
        time.sleep(0.2)


def set_slider(app, page, label: str, key: str) -> None:
    """Move a weight slider with the keyboard: focus its thumb and press one key."""
    slider = page.get_by_role("slider", name=label)
    slider.focus()
    slider.press(key)


def test_weights_change_ranking_and_csv_export(app, page):
    wid = app.open_example(page)

    # Resultaten: the table and the top three are the engine's ranking of the example.
    app.go(page, "page.resultaten")
    before = expected_ids(app, wid)
    shown = shown_ids(app, page)
    assert shown == before[: len(shown)]
    names = {k.id: k.name for k in app.workshop(wid).kansen}
    assert shown_top3(app, page) == [names[k] for k in before[:3]]
    expect(page.get_by_text(app.nl("results.rank", rank=1), exact=True).first).to_be_visible()

    # Ambitie & criteria: the ambition counts for (almost) everything, extra cost for nothing.
    app.go(page, "page.ambitie")
    set_slider(app, page, "Bijdrage aan de ambitie", "End")
    wait_for_stored(app, wid, lambda s: s["Bijdrage aan de ambitie"] > 0.5)
    app.settle(page)
    set_slider(app, page, "Extra kosten", "Home")
    wait_for_stored(app, wid, lambda s: s["Extra kosten"] == 0)
    app.settle(page)
    expect(page.get_by_role("slider", name="Extra kosten")).to_have_value("0")

    after = expected_ids(app, wid)
    assert after != before, "the new weights should change the order of the example"

    # Resultaten follows the new weights.
    app.go(page, "page.resultaten")
    expect(page.get_by_test_id("stMain").locator("h4").first).to_have_text(names[after[0]])
    assert shown_top3(app, page) == [names[k] for k in after[:3]]
    shown = shown_ids(app, page)
    assert shown == after[: len(shown)]

    # Besluit & export: the ranking as a CSV for Dutch Excel.
    app.go(page, "page.besluit")
    with page.expect_download() as download:
        page.get_by_role("button", name=app.nl("besluit.download_ranking")).click()
    assert download.value.suggested_filename.endswith("-rangorde.csv")
    raw = download.value.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Dutch Excel needs the UTF-8 byte-order mark"
    text = raw[3:].decode("utf-8")
    assert text.startswith("Plaats;Gedeelde plaats;ID;Koppelkans;")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, body = rows[0], [r for r in rows[1:] if r]
    assert len(body) == 14
    assert all(len(r) == len(header) for r in body)
    assert [r[2] for r in body] == after
    assert body[0][0] == "1" and body[0][3] == names[after[0]]
    scores = [r[header.index("Score (0–100)")] for r in body]
    assert all(re.fullmatch(r"\d{1,3}", x) for x in scores), f"expected whole points out of 100: {scores}"
    parts = [r[i] for r in body for i, c in enumerate(header) if c.startswith("Bijdrage: ")]
    assert any("," in x for x in parts) and not any("." in x for x in parts), "decimal commas"


def test_reload_keeps_the_workshop_open(app, page):
    wid = app.open_example(page)
    app.go(page, "page.resultaten")
    top = shown_top3(app, page)

    page.reload()
    expect(page.get_by_role("heading", level=1, name=app.nl("page.resultaten_title"))).to_be_visible()
    app.settle(page)
    assert app.workshop_id(page) == wid
    expect(page.get_by_text(app.nl("layout.no_workshop"))).to_have_count(0)
    assert shown_top3(app, page) == top
    picker = page.get_by_test_id("stSidebar").get_by_role("combobox", name=app.nl("sidebar.workshop"))
    expect(picker).to_have_value(re.compile("^" + re.escape(app.workshop(wid).name)))


def test_english_in_the_sidebar(app, page):
    app.open_example(page)
    app.go(page, "page.resultaten")
    page.get_by_test_id("stSidebar").get_by_role("radio", name="English").click()
    expect(page.get_by_role("heading", level=1, name="Results")).to_be_visible()
    expect(page.get_by_role("heading", name="Top three")).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name="Decision & export")).to_be_visible()


def test_presentation_mode_hides_the_sidebar(app, page):
    app.open_example(page)
    app.go(page, "page.resultaten")
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(app.nl("sidebar.presentation"), exact=True).click()
    stop = page.get_by_role("button", name=app.nl("layout.stop_presenting"))
    expect(stop).to_be_visible()
    expect(sidebar).to_be_hidden()
    expect(page.get_by_role("heading", level=1, name=app.nl("page.resultaten_title"))).to_be_visible()

    stop.click()
    expect(sidebar).to_be_visible()
    expect(stop).to_have_count(0)


def test_shared_link_right_after_a_server_restart(app, new_page, restarted_server):
    """The first thing a restarted server is asked for is a link to Resultaten (the
    projector reloading): it opens inside the app, with the workshop, not bare."""
    wid = app.open_example(new_page())  # stored through the running server
    page = new_page()
    page.goto(f"{restarted_server}/resultaten?w={wid}")
    expect(page.get_by_role("heading", level=1, name=app.nl("page.resultaten_title"))).to_be_visible()
    app.settle(page)
    expect(page.get_by_text(app.nl("layout.no_workshop"))).to_have_count(0)
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link", name=app.nl("page.besluit"))).to_be_visible()
    expect(nav.get_by_role("link", name="app", exact=True)).to_have_count(0)
    names = {k.id: k.name for k in app.workshop(wid).kansen}
    assert shown_top3(app, page) == [names[k] for k in expected_ids(app, wid)[:3]]
