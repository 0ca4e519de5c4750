"""The live flow as a stranger on the same network sees it, in a real browser.

The facilitator opens a round on the projector. A participant goes to the bare
address on the screen and types the code; a stranger tries the facilitator's
address without the PIN. Each browser is its own context (own cookies, own session).
"""

from __future__ import annotations

from playwright.sync_api import expect

from decision.store import open_store
from decision.store.security import MIN_PIN_LENGTH

PIN = "274193"


def test_the_bare_address_leads_a_participant_to_the_join_form(app, page, new_page):
    wid = app.open_example(page)
    app.go(page, "page.ronde")
    page.get_by_label(app.nl("ronde.pin_new", n=MIN_PIN_LENGTH)).fill("27 41 93")
    page.get_by_label(app.nl("ronde.pin_again")).fill(PIN)
    page.get_by_role("button", name=app.nl("ronde.pin_save")).click()
    page.get_by_role("button", name=app.nl("ronde.open", n=1)).click()
    expect(page.get_by_role("button", name=app.nl("ronde.close", n=1))).to_be_visible()
    code = open_store(app.db).live.latest_round(wid).join_code

    phone = new_page(app.phone)
    phone.goto("/")  # the bare address, as the projector shows it
    app.settle(phone)
    field = phone.get_by_label(app.nl("join.code"))
    expect(field).to_be_visible()
    field.fill(code.lower())
    phone.get_by_role("button", name=app.nl("start.join_button")).click()
    expect(phone.get_by_role("heading", name=app.nl("join.title"))).to_be_visible()
    expect(phone.get_by_label(app.nl("join.code"))).to_have_value(code)
    # the participant's page: no facilitator sidebar, no workshop list
    expect(phone.get_by_test_id("stSidebarNav")).to_have_count(0)
    phone.screenshot(path=str(app.artifacts / "screenshots" / "kaal-adres-code-390.png"), full_page=True)

    # a stranger at the facilitator's own address gets the PIN question and nothing else
    stranger = new_page()
    stranger.goto(f"/ambitie?w={wid}")
    app.settle(stranger)
    expect(stranger.get_by_text("beschermd met een begeleiders-PIN")).to_be_visible()
    expect(stranger.get_by_test_id("stDataFrame")).to_have_count(0)
    # and the start page lists no protected workshop of someone else
    stranger.goto("/")
    app.settle(stranger)
    expect(stranger.get_by_text(app.nl("start.stranger"))).to_be_visible()
    expect(stranger.get_by_test_id("stFileUploader")).to_have_count(0)
    stranger.screenshot(path=str(app.artifacts / "screenshots" / "kaal-adres-vreemde.png"), full_page=True)
