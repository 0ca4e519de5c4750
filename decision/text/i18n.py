"""The one catalog of user-facing text, in Dutch and English.

``t(key, lang, **params)`` looks a key up and fills in its ``{placeholders}``.
A missing English text falls back to Dutch, a missing key to the key itself, so a
gap shows up on screen instead of crashing a workshop. The CLI, the report, the
charts and the error messages of the engine read from here; the app reads its
own texts from ``ui/catalog.py`` first and then from here. Nothing here imports
streamlit.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from decision.text.catalog import CATALOG

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_formatter = string.Formatter()


def fill(entry: tuple[str, str], lang: str, params: Mapping[str, object]) -> str:
    """One catalog entry ``(nl, en)`` in ``lang``, its ``{placeholders}`` filled in; an
    unknown placeholder stays as it is written. The app's own catalog uses this too."""
    nl, en = entry
    template = en if lang == "en" and en else nl
    if not params:
        return template
    return _formatter.vformat(template, (), _Lenient(params))


def t(key: str, lang: str = DEFAULT_LANG, /, **params: object) -> str:
    entry = CATALOG.get(key)
    if entry is None:
        return key
    return fill(entry, lang, params)


def has(key: str) -> bool:
    return key in CATALOG
