"""Names for copies: "Kastanjehof", then "Kastanjehof (2)", "Kastanjehof (3)", ...

A facilitator who opens the bundled example a second time, on purpose, gets a
copy whose name says it is another one, so two workshops in the recent list never
look the same. The rule is pure: the names already in use go in, a name comes out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FIRST_NUMBER = 2  # the first copy keeps the name; the second one is "(2)"
_NUMBERED = re.compile(r"^(?P<base>.*?) \((?P<n>[1-9][0-9]{0,8})\)$")


def base_name(name: str) -> str:
    """The name without a copy number: "Kastanjehof (3)" is a copy of "Kastanjehof"."""
    clean = " ".join(name.split())
    found = _NUMBERED.match(clean)
    return found.group("base") if found and found.group("base") else clean


def is_copy_of(name: str, base: str) -> bool:
    """Whether ``name`` is ``base`` itself or ``base`` with a copy number."""
    clean = " ".join(name.split())
    wanted = " ".join(base.split())
    if clean == wanted:
        return True
    found = _NUMBERED.match(clean)
    if found is None:
        return False
    return found.group("base") == wanted and int(found.group("n")) >= FIRST_NUMBER


def numbered_name(base: str, taken: Iterable[str], *, limit: int | None = None) -> str:
    """``base`` if no name in ``taken`` is ``base``, else ``base (n)`` with the lowest free n from 2.

    Names compare with their spaces tidied, as the store keeps them. With ``limit``
    the result is at most that many characters: the base is shortened, never the
    number, so the copy stays recognisable as a copy.
    """
    used = {" ".join(name.split()) for name in taken}
    clean = " ".join(base.split())
    if limit is not None:
        clean = clean[:limit].rstrip()
    if clean not in used:
        return clean
    n = FIRST_NUMBER
    while True:
        suffix = f" ({n})"
        head = clean if limit is None else clean[: max(limit - len(suffix), 0)].rstrip()
        candidate = f"{head}{suffix}"
        if candidate not in used:
            return candidate
        n += 1
