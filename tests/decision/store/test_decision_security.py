"""Secrets of live sessions (decision.store.security): the facilitator PIN's hash, the one
way a typed PIN is compared, which new PINs are too weak, join codes and participant tokens.

The PIN in the store (back-off, grants) is tested in test_access.py.

(Named after the package so it does not clash with the app's security tests.)
"""

from __future__ import annotations

import re

import pytest

from decision.errors import LiveError
from decision.store import security

PIN = "24681357"


# -- hashing the PIN ----------------------------------------------------------------------
def test_a_pin_hash_checks_the_right_pin_only():
    stored = security.hash_pin(PIN)
    assert security.check_pin(PIN, stored)
    for wrong in ("24681358", "2468135", PIN + "0", "", PIN[::-1]):
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


# -- normalising and weak PINs ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("274193", "274193"),
        (" 274193 ", "274193"),
        ("27 41 93", "274193"),  # grouped as people read it out
        ("27\u00a041\t93", "274193"),  # a no-break space or tab from a password manager
        ("\uff12\uff17\uff14\uff11\uff19\uff13", "274193"),  # full-width digits (NFKC)
        ("Zwolle Kwartier", "ZwolleKwartier"),  # case is kept
    ],
)
def test_a_typed_pin_is_compared_in_one_way(typed, normalized):
    assert security.normalize_pin(typed) == normalized
    stored = security.hash_pin(security.check_new_pin("274193"))
    assert security.check_pin(typed, stored) == (normalized == "274193")


def test_case_matters_in_a_pin():
    stored = security.hash_pin(security.check_new_pin("Wijk-Noord7"))
    assert security.check_pin("Wijk-Noord7", stored)
    assert not security.check_pin("wijk-noord7", stored)


def test_a_pin_set_before_normalising_still_opens_with_its_own_text():
    """Older stores kept ``pin.strip()``: "12 34" stays "12 34", and still opens."""
    stored = security.hash_pin("12 34")
    assert security.check_pin(" 12 34 ", stored)
    assert not security.check_pin("1234", stored)


@pytest.mark.parametrize(
    ("pin", "reason"),
    [
        ("1234", "pin_short"),
        ("12345", "pin_short"),
        ("12 34", "pin_short"),  # four characters once the space goes
        ("111111", "pin_repeated"),
        ("aaaaaaaa", "pin_repeated"),
        ("121212", "pin_repeated"),
        ("123123", "pin_repeated"),
        ("123456", "pin_sequence"),
        ("12345678", "pin_sequence"),
        ("654321", "pin_sequence"),
        ("345678", "pin_sequence"),
        ("qwerty", "pin_sequence"),
        ("ABCDEF", "pin_sequence"),
        ("wachtwoord", "pin_common"),
        ("Welkom", "pin_common"),
        ("x" * 65 + "y", "pin_long"),
    ],
)
def test_trivially_weak_pins_are_refused_naming_why(pin, reason):
    with pytest.raises(LiveError) as caught:
        security.check_new_pin(pin)
    assert caught.value.key == reason
    assert "{" not in caught.value.localized("nl")


@pytest.mark.parametrize("pin", ["274193", "27 41 93", "908172", "Kastanjehof-2", "rivierstad!"])
def test_pins_without_a_pattern_are_accepted(pin):
    assert security.check_new_pin(pin) == security.normalize_pin(pin)


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
