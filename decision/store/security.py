"""Secrets for live sessions: the facilitator PIN and link, grants, participant tokens and join codes.

- The PIN is stored as an scrypt hash with its own random salt, never in clear.
  What a person types is compared in one way only (:func:`normalize_pin`):
  Unicode NFKC (so a full-width or Arabic-Indic digit is the digit), and every
  space removed, wherever it is: "12 34 56" and "123456" are the same PIN.
  Letters keep their case. A new PIN must have at least :data:`MIN_PIN_LENGTH`
  characters and not be trivially guessable (:func:`weak_pin_reason`).
- A facilitator link and a grant are long random strings (192 bits); the database
  keeps only their SHA-256.
- A participant's token is a long random string in their personal link; the
  database keeps only its SHA-256, so a copied database does not hand out access.
- A join code is short enough to type from a projector (``KQ7M-X4PD``) but has
  40 bits of randomness, and it works only while its round is open; wrong guesses
  are slowed down by the caller.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

from decision.errors import LiveError

# 32 symbols without 0/O, 1/I/L: nothing to misread on a washed-out projector.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8

# scrypt cost: about 50 ms and 16 MiB per check on a small server. Slow enough to
# make guessing expensive, fast enough for a person typing a PIN.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PIN_LENGTH = 6
MAX_PIN_LENGTH = 64

# The rows of a keyboard and a phone's keypad: walking along one is not a secret.
_KEY_RUNS = ("0123456789", "9876543210", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz")
_COMMON = {"password", "wachtwoord", "welkom", "geheim", "koppelkansen", "gemeente", "begeleider"}


def new_join_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_code(text: str) -> str:
    """What a person typed, made comparable: case, spaces and dashes do not matter."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == CODE_LENGTH else raw


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalize_pin(pin: str) -> str:
    """The one way a typed PIN is compared: NFKC, without any whitespace; case kept."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", pin) if not ch.isspace())


def weak_pin_reason(pin: str) -> str | None:
    """Why a (normalised) new PIN is too easy to guess, as an error key; None when it is fine."""
    if len(pin) < MIN_PIN_LENGTH:
        return "pin_short"
    if len(pin) > MAX_PIN_LENGTH:
        return "pin_long"
    lowered = pin.lower()
    if len(set(lowered)) == 1:
        return "pin_repeated"
    if any(lowered in run for run in _KEY_RUNS):
        return "pin_sequence"
    if lowered in _COMMON:
        return "pin_common"
    for size in (2, 3):  # 121212, 123123, 789789: one short group repeated
        if len(lowered) % size == 0 and lowered == lowered[:size] * (len(lowered) // size):
            return "pin_repeated"
    return None


def check_new_pin(pin: str) -> str:
    """A new PIN, normalised; :class:`~decision.errors.LiveError` naming why when it is too weak."""
    normalized = normalize_pin(pin)
    reason = weak_pin_reason(normalized)
    if reason is not None:
        raise LiveError(reason, n=MIN_PIN_LENGTH, most=MAX_PIN_LENGTH)
    return normalized


def new_link_secret() -> str:
    return secrets.token_urlsafe(24)


def link_matches(secret: str, stored_hash: str) -> bool:
    if not stored_hash or not secret.strip():
        return False
    return hmac.compare_digest(token_hash(secret.strip()), stored_hash)


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:  # an empty ``stored`` (no PIN) never matches
    """Whether a typed PIN matches the stored hash, compared after :func:`normalize_pin`.

    PINs set before normalisation was one rule were stored with only the outer
    spaces removed; such a PIN still opens with exactly that text.
    """
    if len(pin) > 4 * MAX_PIN_LENGTH:  # scrypt's cost does not depend on it, but no need to hash a novel
        return False
    candidates = dict.fromkeys((normalize_pin(pin), pin.strip()))
    return any(_matches(candidate, stored) for candidate in candidates)


def _matches(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    try:
        candidate = hashlib.scrypt(
            pin.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(digest) // 2,
        )
    except (ValueError, MemoryError):  # a damaged or foreign hash never matches
        return False
    return hmac.compare_digest(candidate.hex(), digest)
