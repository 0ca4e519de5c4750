"""Each language speaks only itself: no English word in a Dutch text, no Dutch word in an English one.

The lists hold words that are really wrong in the other language, not loanwords a
Dutch gemeente uses itself (score, download, workshop, PIN, CSV). What a text quotes,
a word of a file or a value the user types ('sociaal', `naam;rol`, "…"), and its
placeholders ({name}) are skipped: they are the file's or the user's words.
"""

from __future__ import annotations

import re

import pytest

from decision.text.catalog import CATALOG
from ui.catalog import UI_CATALOG

ENGLISH_IN_DUTCH = (
    "the", "and", "of the", "score card", "score sheet", "ranking", "weight", "weights", "upload",
    "scoring round", "facilitator", "proposal", "chosen", "candidate", "linking opportunity",
    "coverage", "value for money", "settings", "please", "click here",
)  # fmt: skip
DUTCH_IN_ENGLISH = (
    "koppelkans", "koppelkansen", "de", "het", "een", "gekozen", "niet gekozen", "kandidaat", "voorstel",
    "begeleider", "groep", "weging", "scoronde", "scoreronde", "deelnemer", "deelnemers", "gewicht",
    "in afweging", "sociaal", "fysiek", "hoger-is-beter", "lager-is-beter", "weet niet", "en", "van",
)  # fmt: skip
# Names that are the same in both languages: a product, a method, Dutch places and programmes.
NAMES = ("Koppelkansen", "Wijkkompas", "Kastanjehof", "Rivierstad", "Platform31")

QUOTED = re.compile(r"'[^']*'|`[^`]*`|\"[^\"]*\"|\{[^}]*\}")


def _plain(text: str) -> str:
    """The text without what it quotes, its placeholders and the names both languages share."""
    # an apostrophe inside an English word (don't, team's) is no quote
    text = re.sub(r"(?<=\w)'(?=\w)", "’", text)
    text = QUOTED.sub(" ", text)
    text = re.sub(r"\((NL|EN)\)|\S*/\S*", " ", text)  # a language's code, a path or an address
    for name in NAMES:
        text = re.sub(rf"\b{name}\b( {{?\w*}}?)?", " ", text)
    return text


def _found(text: str, words: tuple[str, ...]) -> list[str]:
    plain = _plain(text)
    return [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", plain, re.IGNORECASE)]


ENTRIES = sorted((CATALOG | UI_CATALOG).items())


@pytest.mark.parametrize(("key", "entry"), ENTRIES, ids=[k for k, _ in ENTRIES])
def test_dutch_texts_have_no_english_words(key, entry):
    assert _found(entry[0], ENGLISH_IN_DUTCH) == [], entry[0]


@pytest.mark.parametrize(("key", "entry"), ENTRIES, ids=[k for k, _ in ENTRIES])
def test_english_texts_have_no_dutch_words(key, entry):
    assert _found(entry[1], DUTCH_IN_ENGLISH) == [], entry[1]


def test_the_check_finds_what_it_looks_for():
    # a check that cannot fail says nothing: each list catches a wrong word and lets quotes be
    assert _found("Kies de ranking", ENGLISH_IN_DUTCH) == ["ranking"]
    assert _found("Choose the koppelkans", DUTCH_IN_ENGLISH) == ["koppelkans"]
    assert _found("Type is 'sociaal' or `fysiek`", DUTCH_IN_ENGLISH) == []
    assert _found("Made with Koppelkansen {version}", DUTCH_IN_ENGLISH) == []
    assert _found("Don't know, the team's choice", DUTCH_IN_ENGLISH) == []
