"""The participant's phone in a real browser: one browser is one participant.

A phone opens the join link, joins and scores a level. Opening the join link again
in a new tab of the same browser brings back the same participant with that score
(the browser's cookie holds the personal token); a second browser is somebody
else. Tapping the chosen level again keeps it. A tap the store refuses (the round
closed under the phone) is marked "niet opgeslagen" at its criterion, and the
retry stores it once the round is open again.

The phone's screens are saved (test-artifacts/screenshots/) to look at.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from decision.files import paths
from decision.files.workshop_file import load_workshop
from decision.store import open_store
from tests.conftest import grant_of, protect
from ui.participant import COOKIE_MAX_AGE, COOKIE_NAME

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

PIN = "274193"
KANS, CRITERION = "K01", "wensen"
STATUS_WAIT = 25_000  # ms: the phone looks at the round every 10 s


def wait_until(check, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"did not happen: {what}"
        time.sleep(0.2)


class Phone:
    """One tab of a phone-sized, touch browser (a context is one browser: its cookies)."""

    def __init__(self, app, context) -> None:
        self.app = app
        self.page = context.new_page()

    def open_link(self, code: str) -> None:
        self.page.goto(f"/?code={code}")
        self.app.settle(self.page)

    def join(self, name: str) -> None:
        page, nl = self.page, self.app.nl
        expect(page.get_by_role("heading", level=1, name=nl("join.title"))).to_be_visible()
        if name:
            page.get_by_role("textbox", name=nl("join.name"), exact=True).fill(name)
        page.get_by_role("button", name=nl("join.submit")).tap()
        expect(page.get_by_text(nl("participant.kans_of", n=1, total=14))).to_be_visible()
        page.wait_for_url(lambda url: "t=" in url)
        self.app.settle(page)

    def level(self, value: int | str, criterion: str = CRITERION):
        return self.page.locator(f".st-key-pb_{KANS}_{criterion}_{value} button")

    @property
    def token(self) -> str:
        return parse_qs(urlparse(self.page.url).query)["t"][0]


def chosen(button) -> None:
    expect(button).to_have_attribute("data-testid", "stBaseButton-primary")


def not_chosen(button) -> None:
    expect(button).not_to_have_attribute("data-testid", "stBaseButton-primary")


@pytest.fixture
def browsers(app, browser):
    """Factory: a new phone browser (own cookies), closed at the end."""
    contexts = []

    def make():
        context = browser.new_context(
            viewport=app.phone, is_mobile=True, has_touch=True, base_url=app.url, locale="nl-NL"
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def live(app) -> dict:
    """A workshop of its own with an open round, straight in the server's database."""
    store = open_store(app.db)
    wid = store.workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP))
    protect(store, wid, PIN)
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    return {"wid": wid, "code": code, "store": store, "before": len(app.workshop(wid).participants)}


def own(app, wid: str, pid: str, criterion: str = CRITERION):
    return app.workshop(wid).scores.get((pid, KANS, criterion), "absent")


def joined(app, live) -> dict[str, str]:
    """The participants who joined in this test: token-less, so by id → name."""
    people = app.workshop(live["wid"]).participants[live["before"] :]
    return {p.id: p.name for p in people}


def shoot(page, name: str, app) -> None:
    path = app.artifacts / "screenshots" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)
    page.screenshot(path=path, full_page=False)


def test_one_browser_is_one_participant(app, browsers, live):
    nl, wid, code = app.nl, live["wid"], live["code"]
    anna_browser = browsers()

    # 1. The join link, a name, and one tapped level.
    first = Phone(app, anna_browser)
    first.open_link(code)
    first.join("Anna")
    ((pid, name),) = joined(app, live).items()
    assert name == "Anna"
    expect(first.page.get_by_text(nl("participant.you_are", id=pid))).to_be_visible()
    first.level(4).tap()
    chosen(first.level(4))
    wait_until(lambda: own(app, wid, pid) == 4.0, "the first tap stored")
    shoot(first.page, "meedoen-phone-joined.png", app)

    # The browser now holds the personal token, for a week, for this site only.
    def kept() -> list[dict]:
        return [c for c in anna_browser.cookies() if c["name"] == COOKIE_NAME]

    wait_until(kept, "the browser keeps the token")
    (cookie,) = kept()
    assert cookie["value"] == first.token
    assert cookie["path"] == "/" and cookie["sameSite"] == "Lax"
    assert abs(cookie["expires"] - (time.time() + COOKIE_MAX_AGE)) < 600

    # 2. The join link again, in a new tab of the same browser: the same participant.
    again = Phone(app, anna_browser)
    again.open_link(code)
    expect(
        again.page.get_by_role("heading", level=1, name=nl("participant.hello", name="Anna"))
    ).to_be_visible()
    expect(again.page.get_by_text(nl("participant.returning", id=pid, name="Anna"))).to_be_visible()
    again.page.wait_for_url(lambda url: "t=" in url)
    app.settle(again.page)
    assert again.token == first.token
    chosen(again.level(4))  # the score is still there
    assert joined(app, live) == {pid: "Anna"}
    joins = [e for e in app_log(live) if e.action == "joined"]
    assert len(joins) == 1
    shoot(again.page, "meedoen-phone-returning.png", app)

    # 3. The chosen level tapped again: still chosen, still 4 in the store.
    version = live["store"].workshops.version(wid)
    again.level(4).tap()
    wait_until(lambda: live["store"].workshops.version(wid) > version, "the second tap reached the store")
    app.settle(again.page)
    chosen(again.level(4))
    not_chosen(again.level("dk"))
    assert own(app, wid, pid) == 4.0

    # 4. Another browser is another participant.
    other = Phone(app, browsers())
    other.open_link(code)
    other.join("")
    assert other.token != first.token
    people = joined(app, live)
    assert len(people) == 2 and pid in people
    expect(other.page.get_by_text(nl("participant.returning", id=pid, name="Anna"))).to_have_count(0)


def app_log(live):
    return live["store"].log.entries(live["wid"])


def tap_if_enabled(button) -> bool:
    """Tap unless the page already switched the button off; whether it was tapped."""
    return button.evaluate("(b) => { const on = !b.disabled; if (on) { b.click(); } return on; }")


def test_a_refused_tap_is_marked_at_its_criterion_and_the_retry_stores_it(app, browsers, live):
    nl, wid, code, store = app.nl, live["wid"], live["code"], live["store"]
    phone = Phone(app, browsers())
    phone.open_link(code)
    phone.join("Bo")
    ((pid, _),) = joined(app, live).items()
    # risico: kosten and tijd are filled in from the inventory, and not asked
    phone.level(2, "risico").tap()
    chosen(phone.level(2, "risico"))

    # The round closes before the phone has noticed (it looks every 10 s), and Bo taps.
    for _ in range(3):
        store.live.close_round(wid, grant=grant_of(store, wid))
        if tap_if_enabled(phone.level(5)):
            break
        # The phone noticed first: open again, wait until it has seen that, try again.
        store.live.reopen_round(wid, grant=grant_of(store, wid))
        expect(phone.level(5)).to_be_enabled(timeout=STATUS_WAIT)
    else:
        pytest.fail("the phone always noticed the closing before the tap")
    notice = phone.page.locator(f".st-key-pu_{KANS}_{CRITERION}")
    expect(notice).to_contain_text(nl("error.round_closed"))
    anchor = app.workshop(wid).criterion(CRITERION).scale.anchor(5, "nl")
    expect(notice).to_contain_text(nl("participant.unstored", answer=f"5 · {anchor}").replace("**", ""))
    assert own(app, wid, pid) == "absent"
    assert own(app, wid, pid, "risico") == 2.0  # the earlier answer is kept
    not_chosen(phone.level(5))
    retry = phone.page.locator(f".st-key-pr_{KANS}_{CRITERION} button")
    expect(retry).to_be_disabled(timeout=STATUS_WAIT)  # closed: nothing to retry into
    notice.scroll_into_view_if_needed()
    shoot(phone.page, "meedoen-phone-not-stored.png", app)

    # Open again: the retry stores the same answer.
    store.live.reopen_round(wid, grant=grant_of(store, wid))
    # While the page redraws, the old (switched off) button may still be there for a moment.
    expect(phone.page.locator(f".st-key-pr_{KANS}_{CRITERION} button:enabled")).to_have_count(
        1, timeout=STATUS_WAIT
    )
    app.settle(phone.page)
    retry.tap()
    chosen(phone.level(5))
    expect(notice).to_have_count(0)
    wait_until(lambda: own(app, wid, pid) == 5.0, "the retried answer stored")
    assert own(app, wid, pid, "risico") == 2.0
