"""Two phones in different stakeholder groups, in chromium: each scores and divides its 100 points,
the facilitator's Perspectieven page follows without a reload, and the Ronde page takes each
group's points over as that group's weighting.

The facilitator opens the example, sets a PIN, opens a round that also asks for weights.
A resident (group bewoners) and a grid operator (group netbeheerder) join on their phones
and score the first koppelkans as far apart as they can. Once people of more than one group
have joined, "automatisch" counts each group equally: the switch on Perspectieven says so.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from decision.domain.facts import fact
from decision.domain.groups import counts_by_group
from decision.domain.perspectives import group_rankings
from tests.browser.test_live_session import Phone, phones, start_round, stored  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

FOLLOW = 20_000  # ms: a few refreshes of the facilitator's views (every 3 s)


def join_in_group(app, phone: Phone, code: str, name: str, role: str, group_label: str) -> None:
    page, nl = phone.page, app.nl
    page.goto(f"/?code={code}")
    expect(page.get_by_role("heading", level=1, name=nl("join.title"))).to_be_visible()
    app.settle(page)
    page.get_by_role("textbox", name=nl("join.name"), exact=True).fill(name)
    page.get_by_role("combobox", name=nl("join.role")).click()
    page.get_by_role("option", name=nl(f"role.{role}"), exact=True).click()
    page.get_by_role("combobox", name=nl("join.group")).click()
    page.get_by_role("option", name=group_label, exact=True).click()
    page.get_by_role("button", name=nl("join.submit")).tap()
    expect(page.get_by_role("heading", level=1, name=nl("participant.hello", name=name))).to_be_visible()
    app.settle(page)


def score_first_kans(app, phone: Phone, kans_id: str, criteria, best: bool) -> None:
    for c in criteria:
        level = (c.scale.high if c.direction == 1 else c.scale.low) if best else (
            c.scale.low if c.direction == 1 else c.scale.high
        )  # fmt: skip
        button = phone.level(kans_id, c.id, int(level))
        button.tap()
        expect(button).to_have_attribute("data-testid", "stBaseButton-primary")
        app.settle(phone.page)


def give_points(app, phone: Phone, points: dict[str, int], labels: dict[str, str]) -> None:
    card = phone.page.locator(".st-key-phone_points")
    expect(card.get_by_role("heading", name=app.nl("points.title"))).to_be_visible()
    for criterion_id, value in points.items():
        box = card.get_by_role("spinbutton", name=labels[criterion_id])
        box.fill(str(value))
        box.press("Tab")
        app.settle(phone.page)
    save = card.get_by_role("button", name=app.nl("points.save"))
    expect(save).to_be_enabled()
    save.tap()
    expect(card.get_by_text(app.nl("points.saved"))).to_be_visible()


def sheets_caption(app, page, groups: int, sheets: int):
    return page.get_by_test_id("stMain").get_by_text(app.nl("persp.sheets", groups=groups, sheets=sheets))


def test_two_phones_in_two_groups_move_the_per_group_view(app, page, phones):  # noqa: F811
    wid = start_round(app, page)
    main = page.get_by_test_id("stMain")
    ask = main.get_by_role("switch", name=app.nl("points.ask"))
    # the round also asks for 100 points each (the label takes the click, as for a person)
    main.get_by_test_id("stCheckbox").filter(has_text=app.nl("points.ask")).get_by_text(
        app.nl("points.ask")
    ).click()
    expect(ask).to_be_checked()
    app.settle(page)
    for _ in range(50):
        if stored(app).live.latest_round(wid).ask_weights:
            break
        page.wait_for_timeout(200)
    assert stored(app).live.latest_round(wid).ask_weights
    code = main.locator("h1 code").inner_text().strip()

    w = stored(app).workshops.load(wid).workshop
    groups = {g.id: g.label.get("nl") for g in w.groups}
    kans_id = w.kans_ids[0]
    asked = [c for c in w.criteria if fact(w, kans_id, c.id) is None]
    sheets_before = len({p for p, _, _ in w.scores})
    groups_before = len(group_rankings(w).group_ids)

    # The facilitator's Perspectieven page, before anyone joined
    app.go(page, "page.perspectieven")
    expect(sheets_caption(app, page, groups_before, sheets_before)).to_be_visible()
    page.evaluate("() => { window.notReloaded = true; }")

    resident, grid = phones(), phones()
    join_in_group(app, resident, code, "Fatima", "bewoner", groups["bewoners"])
    join_in_group(app, grid, code, "Ruud", "netbeheer", groups["netbeheerder"])
    people = {p.name: p for p in stored(app).workshops.load(wid).workshop.participants}
    assert (people["Fatima"].group, people["Ruud"].group) == ("bewoners", "netbeheerder")

    score_first_kans(app, resident, kans_id, asked, best=True)
    score_first_kans(app, grid, kans_id, asked, best=False)

    # The per-group view follows the phones by itself: two more sheets, in the groups it had
    now = stored(app).workshops.load(wid).workshop
    assert len({p for p, _, _ in now.scores}) == sheets_before + 2
    expect(sheets_caption(app, page, len(group_rankings(now).group_ids), sheets_before + 2)).to_be_visible(
        timeout=FOLLOW
    )
    assert page.evaluate("() => window.notReloaded === true"), "the page was reloaded"
    # two groups have joined the round: "automatisch" now counts each group equally
    assert counts_by_group(now)
    app.go(page, "page.resultaten")  # the switch is drawn with the page, not with the refreshing view
    app.go(page, "page.perspectieven")
    expect(page.get_by_role("switch", name=app.nl("persp.toggle"))).to_be_checked()

    # Each phone divides its 100 points; the Ronde page takes the groups' means over
    labels = {c.id: c.label.get("nl") for c in w.criteria}
    first, second = w.criteria[0].id, w.criteria[1].id
    give_points(app, resident, {first: 70, second: 30}, labels)
    give_points(app, grid, {first: 10, second: 90}, labels)
    app.go(page, "page.ronde")
    expect(main.get_by_text(re.compile(r"^2 van \d+ deelnemers hebben hun punten verdeeld"))).to_be_visible()
    main.get_by_role("button", name=app.nl("points.take_over")).click()
    expect(main.get_by_text(app.nl("points.taken"))).to_be_visible()
    weights = stored(app).workshops.load(wid).workshop.group_weights
    assert (weights["bewoners"][first], weights["bewoners"][second]) == (70.0, 30.0)
    assert (weights["netbeheerder"][first], weights["netbeheerder"][second]) == (10.0, 90.0)
    shots = app.artifacts / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    app.go(page, "page.perspectieven")
    page.screenshot(path=shots / "perspectieven-live.png", full_page=True)
    resident.page.locator(".st-key-phone_points").screenshot(path=shots / "telefoon-punten.png")
