"""One of two app servers is killed mid-round: its phones go on through the proxy, nothing is lost.

The set-up a municipality runs (see deploy/): the shipped nginx config in a real nginx,
in front of two app servers on one PostgreSQL database. Phones come in through the
proxy, which keeps each phone on one server (a route cookie) so its Streamlit session
stays where it lives. The facilitator's screen is on server A.

With a phone on each server, both score. Then server B is killed (SIGKILL, no
clean-up), in the middle of the round. Its phone notices the lost connection,
connects again through the proxy, which now sends it to A, and carries on where it
was: every tap it had been shown as saved is in the database and shown again, and
the rest of its score sheet can still be filled in. The phone on A never notices, and
the facilitator's screen follows both to the end without a reload.
"""

from __future__ import annotations

import os
import signal

import pytest
from playwright.sync_api import expect

from tests.browser.test_live_session import (
    SHARED_SCREEN_WAIT,
    Phone,
    chosen,
    scoring_steps,
    shoot,
)
from tests.browser.test_two_servers_in_chromium import open_round_on_screen, progress_line, tap_together
from tests.deploy.nginx_proxy import UPSTREAM_HEADER, nginx

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

PLANS = {
    "Ilse": [[4, 2, 5], [1, 3, None], [2, 5, 4]],  # her phone lands on server A
    "Kees": [[5, 1, 3], [2, 4, 4], [None, 3, 1]],  # his on server B, which is killed
}
BEFORE_THE_KILL = 5  # steps: koppelkans 1 (3 taps and "Volgende"), then one tap on koppelkans 2
RECONNECT_WAIT = 45_000  # ms: Streamlit's page retries with a growing pause between attempts


def upstream(phone: Phone) -> str:
    """The app server the proxy sends this phone to now (nginx names it in a header)."""
    response = phone.context.request.get("/_stcore/health")
    assert response.ok, response.status
    return response.headers[UPSTREAM_HEADER.lower()].split(", ")[-1]


def phone_on_each_server(proxy, browser, servers: list) -> dict[str, Phone]:
    """Phones through the proxy until one lands on each server: the proxy spreads new phones
    at random, so a few are drawn, and the ones not needed are put away."""
    wanted = {server.url.removeprefix("http://"): server for server in servers}
    found: dict[str, Phone] = {}
    for _ in range(32):
        phone = Phone(proxy, browser)
        address = upstream(phone)
        assert address in wanted, address
        if address in found:
            phone.close()
            continue
        # the route cookie holds: the same phone keeps reaching the same server
        assert {upstream(phone) for _ in range(4)} == {address}
        found[address] = phone
        if len(found) == len(wanted):
            return found
    raise AssertionError(f"32 new phones all reached {sorted(found)}")


def test_a_phone_whose_server_is_killed_goes_on_through_the_proxy(servers_on_postgres, browser, tmp_path):
    server_a, server_b = servers_on_postgres
    address_a, address_b = (s.url.removeprefix("http://") for s in servers_on_postgres)
    ports = (int(address_a.rsplit(":", 1)[1]), int(address_b.rsplit(":", 1)[1]))
    folder = tmp_path / "nginx"
    folder.mkdir()
    screen = browser.new_context(viewport=server_a.desktop, base_url=server_a.url, locale="nl-NL")
    screen.set_default_timeout(server_a.timeout_ms)
    phones: dict[str, Phone] = {}
    with nginx(folder, ports) as proxy_port:
        proxy = type(server_a)(f"http://127.0.0.1:{proxy_port}", server_a.db)  # an App, through nginx
        try:
            # The facilitator, on server A, opens round 1.
            page = screen.new_page()
            opened = open_round_on_screen(server_a, page)
            wid, kansen, criteria, total = opened.workshop_id, opened.kansen, opened.criteria, opened.total
            main = page.get_by_test_id("stMain")

            by_server = phone_on_each_server(proxy, browser, servers_on_postgres)
            phones = {"Ilse": by_server[address_a], "Kees": by_server[address_b]}
            for name, phone in phones.items():
                phone.join(opened.join_code, name, "bewoner")
                hello = proxy.nl("participant.hello", name=name)
                expect(phone.page.get_by_role("heading", level=1, name=hello)).to_be_visible()
            joined = server_a.store.workshops.load(wid).workshop.participants
            ids = {p.name: p.id for p in joined if p.id not in opened.participants_before}
            assert set(ids) == set(PLANS)
            steps = {n: scoring_steps(proxy, p, PLANS[n], kansen, criteria) for n, p in phones.items()}

            # Both score koppelkans 1 and the first criterion of koppelkans 2, each tap shown as saved.
            tap_together(proxy, list(phones.values()), [steps[name][:BEFORE_THE_KILL] for name in phones])

            def acknowledged(name: str, kans_count: int, extra_taps: int) -> dict:
                plan, pid = PLANS[name], ids[name]
                taps = [(i, j) for i in range(kans_count) for j in range(len(criteria))]
                taps += [(kans_count, j) for j in range(extra_taps)]
                return {
                    (pid, kansen[i], criteria[j]): None if plan[i][j] is None else float(plan[i][j])
                    for i, j in taps
                }

            def stored(name: str) -> dict:
                scores = server_a.store.workshops.load(wid).workshop.scores
                return {key: value for key, value in scores.items() if key[0] == ids[name]}

            saved_before = {name: acknowledged(name, 1, 1) for name in PLANS}
            assert {name: stored(name) for name in PLANS} == saved_before

            # Server B dies in the middle of the round.
            os.kill(server_b.pid, signal.SIGKILL)
            kees = phones["Kees"]
            # Kees's page loses its connection, connects again, and the proxy sends it to A
            kees.page.wait_for_function(
                "() => document.querySelector('[data-testid=\"stApp\"]')"
                ".dataset.testConnectionState !== 'CONNECTED'",
                timeout=RECONNECT_WAIT,
                polling=100,
            )
            proxy.settle(kees.page, timeout=RECONNECT_WAIT)
            assert upstream(kees) == address_a
            # ... still Kees, on koppelkans 2 where he was, with his saved tap shown as saved
            hello = proxy.nl("participant.hello", name="Kees")
            expect(kees.page.get_by_role("heading", level=1, name=hello)).to_be_visible()
            where = proxy.nl("participant.kans_of", n=2, total=len(kansen))
            expect(kees.page.get_by_text(where)).to_be_visible()
            chosen(kees.level(kansen[1], criteria[0], PLANS["Kees"][1][0]))
            shoot(kees.page, proxy.artifacts / "screenshots" / "telefoon-na-serveruitval.png")
            # nothing that either phone had been shown as saved is lost
            assert {name: stored(name) for name in PLANS} == saved_before

            # Both finish their sheets: Kees now on server A, Ilse where she always was.
            tap_together(proxy, list(phones.values()), [steps[name][BEFORE_THE_KILL:] for name in phones])
            for name in PLANS:
                assert stored(name) == acknowledged(name, len(PLANS[name]), 0)
                label = f"{name} · {proxy.nl('role.bewoner')}"
                answered = len(PLANS[name]) * len(criteria)
                expect(progress_line(server_a, main, label, answered, total)).to_be_visible(
                    timeout=SHARED_SCREEN_WAIT
                )
            assert page.evaluate("() => window.notReloaded === true"), "the facilitator page was reloaded"
            assert upstream(phones["Ilse"]) == address_a
        finally:
            for phone in phones.values():
                phone.close()
            screen.close()
