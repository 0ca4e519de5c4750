"""Secrets for live sessions: the facilitator PIN, participant tokens and join codes.

- The PIN is stored as an scrypt hash with its own random salt, never in clear.
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

# 32 symbols without 0/O, 1/I/L: nothing to misread on a washed-out projector.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8

# scrypt cost: about 50 ms and 16 MiB per check on a small server. Slow enough to
# make guessing expensive, fast enough for a person typing a PIN.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PIN_LENGTH = 4

# After this many wrong PINs in a row, each further attempt waits twice as long
# as the one before, up to the cap.
FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 300.0


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


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
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


def delay_after(failures: int) -> float:
    """Seconds to wait before the next attempt after ``failures`` wrong PINs in a row."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(2.0 ** min(failures - FREE_ATTEMPTS + 1, 64), MAX_DELAY_SECONDS)  # no float overflow
