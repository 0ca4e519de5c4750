"""Two app servers on one PostgreSQL database: the facilitator on one, the phones on the other.

A municipality runs several app servers behind one address (see deploy/), and the load
balancer puts each browser on one of them, so the shared screen and the phones in the
room often sit on different servers. Streamlit keeps a browser's session in the memory
of its own server; what the room shares must therefore travel through the database.

Here the two servers are reached directly, with no proxy in between: the facilitator
on server A opens a round, two phones on server B join and score, and A's live panel
follows without a reload, koppelkans by koppelkans. When A closes the round, the phones
on B see it closed, and B refuses their writes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from decision.domain.facts import fact
from decision.errors import RoundClosedError
from tests.browser.test_live_session import (
    SHARED_SCREEN_WAIT,
    STATUS_WAIT,
    Phone,
    scoring_steps,
    shoot,
    start_round,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

# What each phone taps, koppelkans by koppelkans, one level per criterion asked; None is "Weet niet".
BEREND = [[3, 4, 2], [5, None, 1], [2, 2, 4]]
NETBEHEER = [[1, 5, 5], [4, 3, None], [3, 1, 2]]


@dataclass(frozen=True)
class OpenRound:
    """A round the facilitator opened on the screen, with what the phones will be asked."""

    workshop_id: str
    join_code: str
    kansen: list[str]
    criteria: list[str]  # the criteria asked (the example fills kosten and tijd in itself)
    participants_before: set[str]  # the example's own participants, there before anyone joined

    @property
    def total(self) -> int:
        return len(self.kansen) * len(self.criteria)


def open_round_on_screen(server, page) -> OpenRound:
    """The facilitator opens the example and round 1 on ``server``; the page is marked, so a test
    can tell later whether it was reloaded."""
    wid = start_round(server, page)
    code = page.get_by_test_id("stMain").locator("h1 code").inner_text().strip()
    page.evaluate("() => { window.notReloaded = true; }")
    w = server.store.workshops.load(wid).workshop
    kansen = list(w.kans_ids)
    criteria = [c.id for c in w.criteria if all(fact(w, kid, c.id) is None for kid in kansen)]
    assert len(criteria) == 3, criteria
    return OpenRound(wid, code, kansen, criteria, {p.id for p in w.participants})


def tap_together(app, phones: list[Phone], queues: list[list]) -> None:
    """Each step is tapped on every phone before any answer is awaited, as in a room."""
    for position in range(max(len(q) for q in queues)):
        current = [q[position] for q in queues if position < len(q)]
        for phone in phones:
            app.settle(phone.page)
        for button, _ in current:
            button.tap()
        for _, arrived in current:
            arrived()
    for phone in phones:
        app.settle(phone.page)


def progress_line(app, main, name: str, answered: int, total: int):
    line = app.nl("ronde.person", name=name, answered=answered, total=total)
    return main.get_by_test_id("stProgress").get_by_text(line, exact=True)


def test_phones_on_one_server_show_live_on_the_facilitators_screen_on_the_other(servers_on_postgres, browser):
    server_a, server_b = servers_on_postgres
    assert server_a.url != server_b.url
    screen = browser.new_context(viewport=server_a.desktop, base_url=server_a.url, locale="nl-NL")
    screen.set_default_timeout(server_a.timeout_ms)
    phones = [Phone(server_b, browser), Phone(server_b, browser)]
    try:
        page = screen.new_page()
        # 1. On server A, the facilitator opens the example and round 1.
        opened = open_round_on_screen(server_a, page)
        wid, code, kansen, criteria, total = (
            opened.workshop_id,
            opened.join_code,
            opened.kansen,
            opened.criteria,
            opened.total,
        )
        main = page.get_by_test_id("stMain")
        assert code == server_b.store.live.latest_round(wid).join_code

        # 2. Two phones join on server B, which learns of the round from the database alone.
        berend, netbeheer = phones
        berend.join(code, "Berend", "bewoner")
        netbeheer.join(code, "Netbeheer Noord", "netbeheer")
        for phone, name in ((berend, "Berend"), (netbeheer, "Netbeheer Noord")):
            hello = server_b.nl("participant.hello", name=name)
            expect(phone.page.get_by_role("heading", level=1, name=hello)).to_be_visible()
            expect(
                phone.page.get_by_text(server_b.nl("participant.kans_of", n=1, total=len(kansen)))
            ).to_be_visible()
        labels = {
            "Berend": f"Berend · {server_a.nl('role.bewoner')}",
            "Netbeheer Noord": f"Netbeheer Noord · {server_a.nl('role.netbeheer')}",
        }
        # both appear on A's screen, with nothing answered yet
        for label in labels.values():
            expect(progress_line(server_a, main, label, 0, total)).to_be_visible(timeout=SHARED_SCREEN_WAIT)
        joined = server_a.store.workshops.load(wid).workshop.participants
        people = {p.name: p for p in joined if p.id not in opened.participants_before}
        assert set(people) == set(labels)

        # 3. They score the first koppelkans: A's screen shows it, without a reload.
        plans = {"Berend": BEREND, "Netbeheer Noord": NETBEHEER}
        queues = [scoring_steps(server_b, phone, plans[name][:1], kansen, criteria) for phone, name in
                  ((berend, "Berend"), (netbeheer, "Netbeheer Noord"))]  # fmt: skip
        tap_together(server_b, phones, queues)
        for label in labels.values():
            expect(progress_line(server_a, main, label, len(criteria), total)).to_be_visible(
                timeout=SHARED_SCREEN_WAIT
            )

        # 4. And the rest: A follows to the end.
        queues = []
        for phone, name in ((berend, "Berend"), (netbeheer, "Netbeheer Noord")):
            # the steps of koppelkans 2 and 3 (scoring_steps counts from the first)
            queues.append(scoring_steps(server_b, phone, plans[name], kansen, criteria)[len(criteria) + 1 :])
        tap_together(server_b, phones, queues)
        for name, label in labels.items():
            answered = len(plans[name]) * len(criteria)
            expect(progress_line(server_a, main, label, answered, total)).to_be_visible(
                timeout=SHARED_SCREEN_WAIT
            )
        assert page.evaluate("() => window.notReloaded === true"), "the facilitator page was reloaded"
        shoot(page, server_a.artifacts / "screenshots" / "twee-servers-facilitator.png")

        # every tap is in the one database, exactly as tapped
        scores = server_a.store.workshops.load(wid).workshop.scores
        for name, plan in plans.items():
            pid = people[name].id
            tapped = {
                (pid, kansen[i], criterion): None if value is None else float(value)
                for i, values in enumerate(plan)
                for criterion, value in zip(criteria, values, strict=True)
            }
            assert {key: v for key, v in scores.items() if key[0] == pid} == tapped

        # 5. A closes the round: the phones on B see it closed, and B takes no more writes.
        page.get_by_role("button", name=server_a.nl("ronde.close", n=1)).click()
        expect(page.get_by_role("button", name=server_a.nl("ronde.reopen", n=1))).to_be_visible()
        for phone in phones:
            expect(phone.page.get_by_text(server_b.nl("participant.closed"))).to_be_visible(
                timeout=STATUS_WAIT
            )
            buttons = phone.level_buttons()
            for i in range(buttons.count()):
                expect(buttons.nth(i)).to_be_disabled()
        with pytest.raises(RoundClosedError):
            server_b.store.live.participant_write(berend.token, kansen[0], criteria[0], 1.0)
    finally:
        for phone in phones:
            phone.close()
        screen.close()
