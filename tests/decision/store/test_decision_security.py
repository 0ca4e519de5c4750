"""Secrets of live sessions (decision.store.security): the facilitator PIN, its backoff
after wrong guesses, join codes and participant tokens.

(Named after the package so it does not clash with the app's security tests.)
"""

from __future__ import annotations

import re
import threading
import types

import pytest

import decision.store.pins
from decision.store import PinCheck, security

PIN = "24681357"


# -- hashing the PIN ----------------------------------------------------------------------
def test_a_pin_hash_checks_the_right_pin_only():
    stored = security.hash_pin(PIN)
    assert security.check_pin(PIN, stored)
    for wrong in ("24681358", "2468135", PIN + "0", "", " " + PIN):
        assert not security.check_pin(wrong, stored)


def test_two_hashes_of_the_same_pin_differ_by_their_salt():
    a, b = security.hash_pin(PIN), security.hash_pin(PIN)
    assert a != b
    assert a.split("$")[4] != b.split("$")[4]  # the salts
    assert security.check_pin(PIN, a) and security.check_pin(PIN, b)


@pytest.mark.parametrize("pin", [PIN, "Zwolle-Kwartier!", "pïn ünïcode"])
def test_the_stored_string_never_contains_the_pin(pin):
    stored = security.hash_pin(pin)
    assert pin not in stored
    assert pin.encode() not in stored.encode()
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, int(n), int(r), int(p)) == (
        "scrypt",
        security.SCRYPT_N,
        security.SCRYPT_R,
        security.SCRYPT_P,
    )
    assert re.fullmatch(r"[0-9a-f]{32}", salt) and re.fullmatch(r"[0-9a-f]{64}", digest)
    assert security.check_pin(pin, stored)


@pytest.mark.parametrize(
    "stored", ["", "plain-text-pin", "md5$abc$def", "scrypt$16384$8$1$zz$00", "bcrypt$1$2$3$aa$bb"]
)
def test_a_damaged_or_foreign_hash_never_matches(stored):
    assert not security.check_pin("1234", stored)
    assert not security.check_pin(stored, stored)


# -- the backoff ----------------------------------------------------------------------------
def test_three_free_attempts_then_doubling_delays_up_to_the_cap():
    delays = [security.delay_after(n) for n in range(14)]
    assert delays == [0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]
    assert security.FREE_ATTEMPTS == 3 and security.MAX_DELAY_SECONDS == 300


@pytest.mark.parametrize("failures", [1_000, 1_025, 1_026, 5_000, 10**9])
def test_the_delay_stays_at_the_cap_however_many_failures(failures):
    # 2.0 ** 1024 does not fit in a float; the counter keeps growing under a patient attacker
    assert security.delay_after(failures) == security.MAX_DELAY_SECONDS


# -- join codes and tokens -----------------------------------------------------------------------
def test_join_codes_use_the_unambiguous_alphabet():
    assert not set("01OIL") & set(security.CODE_ALPHABET)
    codes = {security.new_join_code() for _ in range(2000)}
    assert len(codes) == 2000
    pattern = re.compile(rf"[{security.CODE_ALPHABET}]{{4}}-[{security.CODE_ALPHABET}]{{4}}")
    assert all(pattern.fullmatch(c) for c in codes)
    # every symbol turns up: the codes are drawn from the whole alphabet
    assert set("".join(codes).replace("-", "")) == set(security.CODE_ALPHABET)


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("KQ7M-X4PD", "KQ7M-X4PD"),
        ("kq7m-x4pd", "KQ7M-X4PD"),
        ("kq7mx4pd", "KQ7M-X4PD"),
        (" KQ7M X4PD ", "KQ7M-X4PD"),
        ("k q 7 m - x 4 p d", "KQ7M-X4PD"),
        ("KQ7M–X4PD", "KQ7M-X4PD"),  # en dash from a word processor
        ("KQ7M_X4PD\n", "KQ7M-X4PD"),
        ("kq7m", "KQ7M"),  # too short: left as typed, never matches a code
        ("kq7m-x4pd-9", "KQ7MX4PD9"),
        ("", ""),
    ],
)
def test_normalize_code(typed, normalized):
    assert security.normalize_code(typed) == normalized


def test_normalizing_is_idempotent():
    for _ in range(200):
        code = security.new_join_code()
        assert security.normalize_code(code) == code
        assert security.normalize_code(security.normalize_code(code.lower())) == code


def test_tokens_are_long_random_and_hashed_with_sha256():
    tokens = {security.new_token() for _ in range(500)}
    assert len(tokens) == 500
    assert all(len(t) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", t) for t in tokens)
    token = next(iter(tokens))
    digest = security.token_hash(token)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest == security.token_hash(token)
    assert token not in digest


# -- the PIN in the store ----------------------------------------------------------------------------
class Clock:
    """Stands in for time in decision.store.pins, so waiting costs no real time."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(decision.store.pins, "time", types.SimpleNamespace(time=fake.time))
    return fake


@pytest.fixture
def wid(store, small_workshop) -> str:
    ident = store.workshops.create(small_workshop)
    store.pins.set_pin(ident, PIN)
    return ident


def failures(backend, wid) -> int:
    return backend.query("SELECT pin_failures FROM workshops WHERE id = ?", wid)[0][0]


def test_the_store_keeps_only_the_pin_hash(store, wid, backend):
    assert store.pins.has_pin(wid)
    stored = backend.query("SELECT pin_hash FROM workshops WHERE id = ?", wid)[0][0]
    assert stored.startswith("scrypt$") and PIN not in stored
    store.close()
    # the SQLite file, its WAL and shared memory
    assert PIN.encode() not in b"".join(p.read_bytes() for p in backend.path.parent.iterdir())
    assert [e.action for e in store.log.entries(wid)][0] == "pin_set"


def test_the_right_pin_passes_and_spaces_around_it_do_not_matter(store, wid, clock):
    assert store.pins.check_pin(wid, PIN).ok
    assert store.pins.check_pin(wid, f"  {PIN} ").ok
    assert not store.pins.check_pin(wid, "1234").ok


def test_no_pin_or_no_workshop_never_passes(store, small_workshop, clock):
    bare = store.workshops.create(small_workshop)
    assert store.pins.check_pin(bare, "") == PinCheck(False)
    assert store.pins.check_pin("bestaat-niet", PIN) == PinCheck(False)


def test_after_three_wrong_pins_even_the_right_one_must_wait(store, wid, clock, backend):
    for n in range(1, 4):
        check = store.pins.check_pin(wid, "0000")
        assert not check.ok
        assert check.wait_seconds == security.delay_after(n)
    assert check.wait_seconds == 2
    assert failures(backend, wid) == 3

    # during the wait the right PIN is refused, and not even checked
    clock.advance(1.0)
    refused = store.pins.check_pin(wid, PIN)
    assert not refused.ok
    assert refused.wait_seconds == pytest.approx(1.0)
    assert failures(backend, wid) == 3

    # after the wait, another wrong one doubles it
    clock.advance(1.01)
    check = store.pins.check_pin(wid, "0000")
    assert (check.ok, check.wait_seconds) == (False, 4)
    clock.advance(3.9)
    assert store.pins.check_pin(wid, PIN).wait_seconds == pytest.approx(0.1)
    clock.advance(0.11)
    assert store.pins.check_pin(wid, PIN).ok


def test_the_wait_grows_to_the_cap(store, wid, clock):
    waits = []
    for _ in range(14):
        check = store.pins.check_pin(wid, "9999")
        waits.append(check.wait_seconds)
        clock.advance(check.wait_seconds + 0.001)
    assert waits == [0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300]


def test_a_right_pin_resets_the_counter(store, wid, clock, backend):
    for _ in range(3):
        store.pins.check_pin(wid, "0000")
    clock.advance(2.5)
    assert store.pins.check_pin(wid, PIN).ok
    assert failures(backend, wid) == 0
    # three free attempts again
    assert [store.pins.check_pin(wid, "0000").wait_seconds for _ in range(2)] == [0, 0]
    assert store.pins.check_pin(wid, "0000").wait_seconds == 2


def test_setting_a_new_pin_lifts_the_wait(store, wid, clock):
    for _ in range(6):
        clock.advance(store.pins.check_pin(wid, "0000").wait_seconds + 0.001)
    store.pins.check_pin(wid, "0000")
    assert store.pins.check_pin(wid, PIN).wait_seconds > 0
    store.pins.set_pin(wid, "13579")
    assert store.pins.check_pin(wid, "13579").ok
    assert not store.pins.check_pin(wid, PIN).ok


def test_a_huge_failure_count_still_means_waiting(store, wid, clock, backend):
    backend.execute("UPDATE workshops SET pin_failures = 2000 WHERE id = ?", wid)
    check = store.pins.check_pin(wid, "0000")
    assert (check.ok, check.wait_seconds) == (False, security.MAX_DELAY_SECONDS)
    assert store.pins.check_pin(wid, PIN).wait_seconds == security.MAX_DELAY_SECONDS
    assert failures(backend, wid) == 2001


def test_guesses_at_the_same_moment_do_not_skip_the_wait(store, wid, backend):
    """Twenty guesses sent at once (twenty browser sessions): after the free attempts the
    rest must wait, as when they come one by one. Each guess that is checked against
    the hash counts as a failure, so the counter says how many were really tried."""
    n = 20
    start = threading.Barrier(n)
    results = []

    def guess(i: int) -> None:
        start.wait()
        results.append(store.pins.check_pin(wid, f"{1000 + i}"))

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == n and not any(r.ok for r in results)
    tried = failures(backend, wid)
    assert tried <= security.FREE_ATTEMPTS + 1, f"{tried} of {n} simultaneous guesses were checked"
