"""A B1 check for Dutch text meant for residents.

Flags sentences over 20 words and words from a jargon list, so a facilitator can
rewrite them before a letter goes out. "Koppelkans" is deliberately NOT jargon:
the whole wijkaanpak uses it towards residents and the letter explains it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

MAX_WORDS = 20

# Abbreviations whose dot does not end a sentence.
_ABBREVIATIONS = ("o.a.", "bijv.", "d.w.z.", "m.b.t.", "i.p.v.", "t.o.v.", "e.d.", "nr.", "ca.", "z.o.z.")

# Jargon -> plain suggestion ("" when there is none). Multi-word terms first so
# they win over their parts.
JARGON: dict[str, str] = {
    "onrendabele top": "het deel dat niet terugverdiend wordt",
    "meerkosten": "extra kosten",
    "topsis": "",
    "mcda": "",
    "criterium": "punt waar we op letten",
    "criteria": "punten waar we op letten",
    "gewogen": "",
    "weging": "hoe zwaar iets telt",
    "robuustheid": "hoe zeker de uitkomst is",
    "aggregatie": "optellen",
    "bandbreedte": "marge",
}


@dataclass(frozen=True)
class B1Flag:
    kind: Literal["long_sentence", "jargon"]
    text: str
    position: int
    suggestion: str = ""


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Sentences with their start offset: a break is . ! ? followed by space or end."""
    result: list[tuple[int, str]] = []
    start = 0
    for match in re.finditer(r"[.!?](?=\s|$)", text):
        end = match.end()
        lower = text[:end].lower()
        if match.group() == "." and any(lower.endswith(a) for a in _ABBREVIATIONS):
            continue
        sentence = text[start:end].strip()
        if sentence:
            result.append((start + (len(text[start:end]) - len(text[start:end].lstrip())), sentence))
        start = end
    rest = text[start:].strip()
    if rest:
        result.append((start + (len(text[start:]) - len(text[start:].lstrip())), rest))
    return result


def check_b1(text: str) -> tuple[B1Flag, ...]:
    flags: list[B1Flag] = []
    for pos, sentence in split_sentences(text):
        if len(sentence.split()) > MAX_WORDS:
            flags.append(B1Flag("long_sentence", sentence, pos))
    taken: list[tuple[int, int]] = []
    for term, suggestion in JARGON.items():
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, term.split())) + r"(?!\w)"
        for match in re.finditer(pattern, text, flags=re.IGNORECASE):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            flags.append(B1Flag("jargon", match.group(), match.start(), suggestion))
    return tuple(sorted(flags, key=lambda f: (f.position, f.kind)))
