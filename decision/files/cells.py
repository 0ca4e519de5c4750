"""Cells of a Dutch spreadsheet: amounts, durations, years and lists, as teams type them.

``250000``, ``250.000``, ``€ 250.000,-`` and ``€ 1,5 mln`` are all the same kind of amount; a
list cell holds its items with ``|`` between them. Each parser returns a clean value or None
for an empty cell, and raises ``ValueError`` for a cell it cannot read; the importer turns that
into a message that names the row and the column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

LIST_SEPARATOR = "|"
YEAR_LOW, YEAR_HIGH = 1900, 2200
# a leading apostrophe a spreadsheet puts before text that looks like a formula
FORMULA_GUARD = ("=", "+", "-", "@")

SPACES = str.maketrans({"\xa0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})
_MONEY_FACTORS = (("miljoen", 1e6), ("mln", 1e6), ("k", 1e3))
_MONTH_UNITS = ("maanden", "maand", "mnd", "months", "month")


def _clean(cell: str) -> str:
    text = cell.translate(SPACES).strip()
    # undo the apostrophe a spreadsheet export puts before text that looks like a formula
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_GUARD:
        text = text[1:]
    return text


ESCAPE = "\\"
# A backslash is escaped where it would otherwise be read as an escape: before the
# separator, before another backslash, and at the end of a value (the separator follows).
_ESCAPED_BACKSLASH = re.compile(r"\\(?=[\\|]|$)")
# a list cell read left to right: an escape pair, a separator, plain text, a lone backslash
_LIST_TOKENS = re.compile(r"\\[\\|]|\||[^\\|]+|\\")


def join_items(values: Iterable[str], separator: str = LIST_SEPARATOR) -> str:
    """A list cell: the values with ``|`` between them (``separator``: the ``|`` with the
    spaces around it a table shows), each ``|`` inside a value escaped."""
    return separator.join(_escaped(v) for v in values)


def _escaped(value: str) -> str:
    # a function as the replacement: re.sub would read a replacement string's backslashes
    doubled = _ESCAPED_BACKSLASH.sub(lambda _: ESCAPE * 2, value)
    return doubled.replace(LIST_SEPARATOR, ESCAPE + LIST_SEPARATOR)


def split_items(cell: str) -> tuple[str, ...]:
    """The values of a list cell: split on each ``|`` not escaped, stripped, empty ones left out."""
    parts: list[str] = []
    current = ""
    for token in _LIST_TOKENS.findall(cell):
        if token == LIST_SEPARATOR:
            parts, current = [*parts, current], ""
        else:  # an escape pair gives its second character; a lone backslash stays
            current += token[1] if token[0] == ESCAPE and len(token) == 2 else token
    return tuple(p.strip() for p in [*parts, current] if p.strip())


def _strip_suffix(text: str, words: Iterable[str]) -> tuple[str, str | None]:
    lowered = text.lower()
    for word in words:
        if lowered.endswith(word) and (len(text) == len(word) or not text[-len(word) - 1].isalpha()):
            return text[: -len(word)].rstrip(" ."), word
    return text, None


def parse_number(cell: str, *, money: bool = False, months: bool = False) -> float | None:
    """A number as written in a Dutch (or unambiguous English) spreadsheet; None if empty.

    Raises ``ValueError`` for anything else. The rules are in the module docstring.
    """
    text = cell.translate(SPACES).strip()
    if not text:
        return None
    factor = 1.0
    if money:
        text = re.sub(r"^(€|euro?)\s*", "", text, flags=re.IGNORECASE)
        text = re.sub(r"\s*(€|euro?)$", "", text, flags=re.IGNORECASE)
        text, word = _strip_suffix(text, (w for w, _ in _MONEY_FACTORS))
        factor = dict(_MONEY_FACTORS).get(word or "", 1.0)
        text = re.sub(r",[-–—=]{1,2}$", "", text)
    if months:
        text, _ = _strip_suffix(text, _MONTH_UNITS)
    text = text.strip()
    sign = 1.0
    if text[:1] in ("-", "−", "+"):
        sign = -1.0 if text[0] != "+" else 1.0
        text = text[1:].strip()
    if " " in text:
        if not re.fullmatch(r"\d{1,3}( \d{3})+([.,]\d+)?", text):
            raise ValueError(cell)
        text = text.replace(" ", "")
    value = _plain_number(text)
    if value is None:
        raise ValueError(cell)
    result = sign * value * factor
    if not math.isfinite(result):
        raise ValueError(cell)
    return result


def _plain_number(text: str) -> float | None:
    """Digits with ``.`` and ``,`` only, read by the Dutch-first rules; None if unreadable."""
    if re.fullmatch(r"\d+", text):
        return float(text)
    has_dot, has_comma = "." in text, "," in text
    if has_dot and has_comma:
        if re.fullmatch(r"\d{1,3}(\.\d{3})+,\d+", text):  # 1.234,56
            return float(text.replace(".", "").replace(",", "."))
        if re.fullmatch(r"\d{1,3}(,\d{3})+\.\d+", text):  # 1,234.56
            return float(text.replace(",", ""))
        return None
    if has_comma:
        if re.fullmatch(r"\d*,\d+", text):  # 1,5 — the Dutch decimal comma
            return float(text.replace(",", "."))
        if re.fullmatch(r"\d{1,3}(,\d{3}){2,}", text):  # 1,250,000 — only English reads it
            return float(text.replace(",", ""))
        return None
    if has_dot:
        if re.fullmatch(r"[1-9]\d{0,2}(\.\d{3})+", text):  # 250.000 — Dutch thousands
            return float(text.replace(".", ""))
        if re.fullmatch(r"\d*\.\d+", text):  # 1.5 — cannot be a thousands separator
            return float(text)
    return None


def parse_year(cell: str) -> int | None:
    """A four-digit year, or None when empty; ``ValueError`` otherwise."""
    text = cell.translate(SPACES).strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(cell)
    return int(text)


def fresh_ids(prefix: str, taken: Iterable[str], count: int = 1, *, after: int = 0) -> list[str]:
    """``count`` new ids ``<prefix>01``, ``<prefix>02`` …, numbered from ``after + 1`` on and
    skipping every id in ``taken``: the one way tables and imports number new rows."""
    used = set(taken)
    out: list[str] = []
    n = after + 1
    while len(out) < count:
        candidate = f"{prefix}{n:02d}"
        if candidate not in used:
            out.append(candidate)
        n += 1
    return out
