"""Facilitator authority in the store (decision.store.access): grants, PINs per client, the link.

The store, not a page, decides who may change a workshop. These tests go to the
store directly, as a forged request or a raced callback would: without a grant, or
with the wrong one, every facilitator write is refused, nothing changes, and the
besluitlog says a write was refused.
"""

from __future__ import annotations

import threading
import types
from dataclasses import replace

import pytest

import decision.store.access
from decision.domain.model import NumericScale
from decision.errors import AccessDenied, LiveError, ScoreError
from decision.store import Client, PinCheck, access, security
from tests.conftest import TEST_PIN, protect

ATTACKER = Client("attacker-session", "192.168.1.66")
FACILITATOR = Client("facilitator-session", "192.168.1.10")


class Clock:
    """Stands in for time in decision.store.access, so waiting costs no real time."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(decision.store.access, "time", types.SimpleNamespace(time=fake.time))
    return fake


@pytest.fixture
def owned(store, small_workshop):
    return store.workshops.create_owned(small_workshop, actor="Marieke")


@pytest.fixture
def wid(store, small_workshop) -> str:
    ident = store.workshops.create(small_workshop)
    protect(store, ident)
    return ident


def actions(store, wid) -> list[str]:
    return [e.action for e in store.log.entries(wid)]


# -- the back-off counts per client ---------------------------------------------------------
def test_three_free_attempts_per_session_then_doubling_delays_up_to_the_cap():
    delays = [access.delay_after(n, access.SESSION_FREE_ATTEMPTS) for n in range(14)]
    assert delays == [0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]
    assert access.delay_after(10**9, 3) == access.MAX_DELAY_SECONDS  # 2.0 ** 1024 does not fit a float


def test_the_right_pin_gives_a_grant_for_that_workshop_only(store, wid, small_workshop, clock):
    other = store.workshops.create(small_workshop)
    protect(store, other, "908172")
    check = store.access.check_pin(wid, TEST_PIN, FACILITATOR)
    assert check.ok and check.grant
    assert store.access.grant_is_valid(wid, check.grant)
    assert not store.access.grant_is_valid(other, check.grant)
    assert check.grant not in repr(check)  # never printed into a log by accident


def test_no_pin_or_no_workshop_never_passes(store, small_workshop, clock):
    bare = store.workshops.create(small_workshop)
    assert store.access.check_pin(bare, "", FACILITATOR) == PinCheck(False)
    assert store.access.check_pin("bestaat-niet", TEST_PIN, FACILITATOR) == PinCheck(False)


def test_an_attackers_wrong_guesses_never_lock_out_the_facilitator(store, wid, clock):
    """The hole: one counter per workshop let a stranger keep the facilitator out for good."""
    for _ in range(12):  # an attacker guessing whenever allowed, for hours
        check = store.access.check_pin(wid, "000000", ATTACKER)
        clock.advance(check.wait_seconds + 0.001)
    assert store.access.check_pin(wid, "000000", ATTACKER).wait_seconds == access.MAX_DELAY_SECONDS
    # the last wrong guess blocked the attacker again: even the right PIN waits for them
    assert store.access.check_pin(wid, TEST_PIN, ATTACKER).wait_seconds > 0
    check = store.access.check_pin(wid, TEST_PIN, FACILITATOR)
    assert check.ok, "the facilitator with the right PIN is let in at once"


def test_a_new_session_from_the_same_address_shares_the_address_counter(store, wid, clock):
    """Reloading for a fresh session does not give an attacker fresh attempts."""
    waits = []
    for n in range(14):
        fresh = Client(f"reloaded-{n}", ATTACKER.ip)  # three free per session, but one address
        waits.append(store.access.check_pin(wid, "000000", fresh).wait_seconds)
        if n < 13:
            clock.advance(waits[-1] + 0.001)
    assert waits[: access.IP_FREE_ATTEMPTS - 1] == [0] * (access.IP_FREE_ATTEMPTS - 1)
    assert waits[access.IP_FREE_ATTEMPTS - 1 :] == [2, 4, 8, 16, 32]
    assert store.access.check_pin(wid, TEST_PIN, Client("again", ATTACKER.ip)).wait_seconds > 0
    assert store.access.check_pin(wid, TEST_PIN, FACILITATOR).ok


def test_a_loopback_address_is_nobodys_own_so_only_the_session_counts(store, wid, clock):
    """Behind a proxy on the same machine every visitor comes from 127.0.0.1."""
    for n in range(20):
        store.access.check_pin(wid, "000000", Client(f"visitor-{n}", "127.0.0.1"))
    assert store.access.check_pin(wid, TEST_PIN, Client("facilitator", "127.0.0.1")).ok


def test_the_facilitators_own_wrong_attempts_cost_them_their_own_wait_only(store, wid, clock):
    for _ in range(3):
        check = store.access.check_pin(wid, "000000", FACILITATOR)
    assert check.wait_seconds == 2
    refused = store.access.check_pin(wid, TEST_PIN, FACILITATOR)
    assert (refused.ok, refused.wait_seconds) == (False, pytest.approx(2))
    clock.advance(2.01)
    assert store.access.check_pin(wid, TEST_PIN, FACILITATOR).ok, "after the current wait, the right PIN"
    # a right PIN resets the client's counters: three free attempts again
    assert [store.access.check_pin(wid, "000000", FACILITATOR).wait_seconds for _ in range(3)] == [0, 0, 2]


def test_wrong_attempts_are_counted_per_workshop_and_shown_to_the_facilitator(store, wid, clock):
    for n in range(7):
        store.access.check_pin(wid, "000000", Client(f"s{n}", f"10.0.0.{n}"))
    grant = store.access.check_pin(wid, TEST_PIN, FACILITATOR).grant
    # a right PIN resets only its own client's counters: the workshop's count says what happened
    assert store.access.state(wid, grant).failed_attempts == 7
    assert store.access.check_pin(wid, TEST_PIN, Client("s1", "10.0.0.1")).ok  # no lockout either
    protect(store, wid, "908172")
    assert store.access.state(wid, None).failed_attempts == 0


def test_failed_and_refused_attempts_are_logged_without_the_guess(store, wid, clock, backend):
    for _ in range(4):
        store.access.check_pin(wid, "583920", ATTACKER)
    logged = actions(store, wid)
    assert logged.count("pin_failed") == 3 and logged.count("pin_refused") == 1
    rows = backend.query("SELECT actor, detail FROM log WHERE workshop_id = ?", wid)
    assert not any("583920" in actor + detail for actor, detail in rows)
    store.close()
    assert b"583920" not in backend.stored_bytes()


def test_guesses_at_the_same_moment_do_not_skip_the_wait(store, wid, backend):
    """Twenty guesses sent at once from one session: after the free attempts the rest
    must wait, as when they come one by one (each check runs under the workshop lock)."""
    n = 20
    start = threading.Barrier(n)
    results = []

    def guess(i: int) -> None:
        start.wait()
        results.append(store.access.check_pin(wid, f"{100000 + i}", ATTACKER))

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == n and not any(r.ok for r in results)
    tried = actions(store, wid).count("pin_failed")
    assert tried == access.SESSION_FREE_ATTEMPTS, f"{tried} of {n} simultaneous guesses were checked"


def test_the_store_keeps_only_hashes_of_pins_and_grants(store, wid, backend, clock):
    grant = store.access.check_pin(wid, TEST_PIN, FACILITATOR).grant
    assert grant
    stored = backend.query("SELECT pin_hash FROM workshops WHERE id = ?", wid)[0][0]
    assert stored.startswith("scrypt$") and TEST_PIN not in stored
    hashes = [row[0] for row in backend.query("SELECT token_hash FROM grants WHERE workshop_id = ?", wid)]
    assert security.token_hash(grant) in hashes and grant not in hashes
    store.close()
    kept = backend.stored_bytes()
    assert security.token_hash(grant).encode() in kept  # what is looked at is really the store
    assert TEST_PIN.encode() not in kept and grant.encode() not in kept


# -- grants: who may write ------------------------------------------------------------------------
def facilitator_writes(store, wid):
    """Every write a facilitator can make, each as a call taking the grant to try."""
    stored = store.workshops.load(wid)
    w = stored.workshop
    renamed = replace(w, name="Overgenomen")
    key = (w.participants[0].id, w.kansen[0].id, w.criteria[0].id)
    return {
        "save": lambda g: store.workshops.save(wid, renamed, base=stored, grant=g),
        "replace": lambda g: store.workshops.save(wid, renamed, base=None, grant=g),
        "set_scores": lambda g: store.workshops.set_scores(wid, {key: 1.0}, grant=g),
        "delete": lambda g: store.workshops.delete(wid, grant=g),
        "open_round": lambda g: store.live.open_round(wid, grant=g),
        "close_round": lambda g: store.live.close_round(wid, grant=g),
        "reopen_round": lambda g: store.live.reopen_round(wid, grant=g),
        "show_individual": lambda g: store.live.set_show_individual(wid, True, grant=g),
        "set_pin": lambda g: store.access.set_pin(wid, "908172", grant=g),
        "new_link": lambda g: store.access.new_link(wid, grant=g),
    }


def participant_token(store, wid) -> str:
    grant = store.access.grant_as_operator(wid)
    code = store.live.open_round(wid, grant=grant).join_code
    token, _ = store.live.join(code, "Deelnemer")
    return token


WRITES = [
    "save",
    "replace",
    "set_scores",
    "delete",
    "open_round",
    "close_round",
    "reopen_round",
    "show_individual",
    "set_pin",
    "new_link",
]


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("credential", ["none", "garbage", "participant token", "other workshop's grant"])
def test_every_facilitator_write_to_a_protected_workshop_needs_its_grant(
    store, wid, small_workshop, write, credential
):
    token = participant_token(store, wid)  # a round is open, a participant joined
    other = store.workshops.create_owned(small_workshop)
    grant = {
        "none": None,
        "garbage": "x" * 32,
        "participant token": token,
        "other workshop's grant": other.grant,
    }[credential]
    before = store.workshops.load(wid)
    rounds = store.live.rounds(wid)
    with pytest.raises(AccessDenied) as refused:
        facilitator_writes(store, wid)[write](grant)
    assert refused.value.key == "facilitator_only"
    assert store.workshops.load(wid) == before  # same version, same content
    assert store.live.rounds(wid) == rounds
    assert store.access.check_pin(wid, TEST_PIN, FACILITATOR).ok  # the PIN is unchanged
    assert actions(store, wid)[0] == "write_refused"  # newest first (a right PIN is not logged)


@pytest.mark.parametrize("write", WRITES)
def test_every_facilitator_write_passes_with_a_live_grant(store, wid, write):
    participant_token(store, wid)
    grant = store.access.check_pin(wid, TEST_PIN, FACILITATOR).grant
    if write == "reopen_round":
        store.live.close_round(wid, grant=grant)
    facilitator_writes(store, wid)[write](grant)
    assert "write_refused" not in actions(store, wid) or write == "delete"


def test_a_grant_expires(store, wid, clock):
    grant = store.access.check_pin(wid, TEST_PIN, FACILITATOR).grant
    clock.advance(access.GRANT_HOURS * 3600 - 5)
    assert store.access.grant_is_valid(wid, grant)
    clock.advance(10)
    assert not store.access.grant_is_valid(wid, grant)
    with pytest.raises(AccessDenied):
        store.live.open_round(wid, grant=grant)


def test_changing_the_pin_revokes_every_other_grant(store, wid, clock):
    mine = store.access.check_pin(wid, TEST_PIN, FACILITATOR).grant
    theirs = store.access.check_pin(wid, TEST_PIN, Client("co-facilitator")).grant
    fresh = store.access.set_pin(wid, "908172", grant=mine)
    assert store.access.grant_is_valid(wid, fresh)
    assert not store.access.grant_is_valid(wid, mine)
    assert not store.access.grant_is_valid(wid, theirs)
    assert not store.access.check_pin(wid, TEST_PIN, FACILITATOR).ok
    assert store.access.check_pin(wid, "908172", FACILITATOR).ok


def test_an_open_workshop_is_open_to_edits_without_a_grant(store, small_workshop):
    wid = store.workshops.create(small_workshop)
    stored = store.workshops.load(wid)
    store.workshops.save(wid, replace(stored.workshop, name="Nieuw"), base=stored)
    assert store.workshops.load(wid).workshop.name == "Nieuw"
    assert store.access.state(wid, None).protected is False


def test_a_live_round_needs_a_pin_even_for_the_owner(store, owned):
    with pytest.raises(LiveError) as refused:
        store.live.open_round(owned.workshop_id, grant=owned.grant)
    assert refused.value.key == "pin_required"


def test_a_stranger_cannot_set_the_first_pin_of_an_open_workshop(store, owned):
    """The hole: anyone could set a PIN on a workshop without one and lock its owner out."""
    with pytest.raises(AccessDenied) as refused:
        store.access.set_pin(owned.workshop_id, "908172", grant=None)
    assert refused.value.key == "owner_only"
    assert not store.access.has_pin(owned.workshop_id)
    assert actions(store, owned.workshop_id)[0] == "write_refused"
    # the creator can, and keeps access through the grant it gets back
    grant = store.access.set_pin(owned.workshop_id, "908172", grant=owned.grant)
    assert store.access.has_pin(owned.workshop_id) and store.access.grant_is_valid(owned.workshop_id, grant)


def test_weak_pins_are_refused_before_anything_is_stored(store, owned):
    with pytest.raises(LiveError) as refused:
        store.access.set_pin(owned.workshop_id, "123456", grant=owned.grant)
    assert refused.value.key == "pin_sequence"
    assert not store.access.has_pin(owned.workshop_id)


def test_the_facilitator_link_gives_a_grant_and_a_new_link_disables_the_old(store, clock, owned):
    wid = owned.workshop_id
    store.access.set_pin(wid, "908172", grant=owned.grant)
    by_link = store.access.grant_by_link(wid, owned.link_secret, FACILITATOR)
    assert by_link.ok and store.access.grant_is_valid(wid, by_link.grant)
    assert not store.access.grant_by_link(wid, owned.link_secret[:-1], ATTACKER).ok
    assert not store.access.grant_by_link(wid, "", ATTACKER).ok
    newer = store.access.new_link(wid, grant=by_link.grant)
    assert not store.access.grant_by_link(wid, owned.link_secret, FACILITATOR).ok
    assert store.access.grant_by_link(wid, newer, FACILITATOR).ok


def test_the_link_of_one_workshop_opens_no_other(store, owned, small_workshop):
    other = store.workshops.create_owned(small_workshop)
    assert not store.access.grant_by_link(other.workshop_id, owned.link_secret, FACILITATOR).ok


# -- every score on its scale, on every write path ------------------------------------------------
def test_a_facilitator_score_outside_the_scale_is_refused(store, owned):
    """The hole: 99 was stored, and Resultaten and Besluit then crashed."""
    wid = owned.workshop_id
    w = store.workshops.load(wid).workshop
    key = (w.participants[0].id, w.kansen[0].id, w.criteria[0].id)
    for bad in (99.0, 0.0, 2.5, float("nan")):
        with pytest.raises(ScoreError) as refused:
            store.workshops.set_scores(wid, {key: bad}, grant=owned.grant)
        assert refused.value.key == "scores_off_scale"
        assert key[1] in refused.value.localized("nl")
    stored = store.workshops.load(wid)
    with pytest.raises(ScoreError):
        store.workshops.save(wid, stored.workshop.with_scores({key: 99.0}), base=stored, grant=owned.grant)
    with pytest.raises(ScoreError):
        store.workshops.save(wid, stored.workshop.with_scores({key: 99.0}), base=None, grant=owned.grant)
    assert store.workshops.load(wid) == stored


def test_a_score_on_an_unknown_criterion_is_refused(store, owned):
    w = store.workshops.load(owned.workshop_id).workshop
    with pytest.raises(ScoreError):
        store.workshops.set_scores(
            owned.workshop_id,
            {(w.participants[0].id, w.kansen[0].id, "bestaat_niet"): 3.0},
            grant=owned.grant,
        )


def test_a_scale_change_that_leaves_scores_off_the_scale_is_refused_naming_them(store, owned):
    wid = owned.workshop_id
    stored = store.workshops.load(wid)
    w = stored.workshop
    scored = next(c for c in w.criteria if any(k[2] == c.id for k in w.scores))
    narrowed = replace(scored, scale=NumericScale("euro", 0.0, 0.5))
    changed = replace(w, criteria=tuple(narrowed if c.id == scored.id else c for c in w.criteria))
    with pytest.raises(ScoreError) as refused:
        store.workshops.save(wid, changed, base=stored, grant=owned.grant)
    assert scored.id in refused.value.localized("nl")
    assert store.workshops.load(wid) == stored


def test_weet_niet_is_always_on_the_scale(store, owned):
    w = store.workshops.load(owned.workshop_id).workshop
    key = (w.participants[0].id, w.kansen[0].id, w.criteria[0].id)
    store.workshops.set_scores(owned.workshop_id, {key: None}, grant=owned.grant)
    assert store.workshops.load(owned.workshop_id).workshop.scores[key] is None
