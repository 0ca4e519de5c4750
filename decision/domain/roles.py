"""The roles a participant picks from when joining a round: who sits at the table in a wijkaanpak.

The list follows the parties of a Dutch neighbourhood approach: residents (tenants and
owners apart, because their stake in the same measure differs), the housing
association, the municipality, the grid operator and the heat company (two parties
with their own plans and budgets), the water board, care and welfare, schools,
businesses. "Anders" lets a participant type their own.

The keys are codes; the labels are in the app's catalog (``role.<key>``). What is
stored for a participant is the label as people read it (or the role they typed),
never the key, so roles stored under an earlier version of this list, such as
"Netbeheerder of warmtebedrijf", stay readable as they are.
"""

from __future__ import annotations

OTHER = "anders"

ROLES = (
    "bewoner",
    "huurder",
    "eigenaar_vve",
    "bewonersorganisatie",
    "corporatie",
    "gemeente",
    "netbeheer",
    "warmtebedrijf",
    "waterschap",
    "drinkwater",
    "zorg_welzijn",
    "onderwijs",
    "ondernemer",
    "energiecooperatie",
    OTHER,
)


def needs_own_words(role: str | None) -> bool:
    """Whether the chosen role asks the participant to type it ("Anders")."""
    return role == OTHER
