"""The bundled example as a multi-party workshop: who is at the table, their sheets, two fiches.

A team that opens the example sees a netbeheerder, riolering and a waterschap score beside
the others, two of the top three worked out into fiches for the projectteam, and groups
that disagree: one group puts a koppelkans in its top three that another puts in its
bottom third. Everything here is computed with the domain functions, not written down.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from decision.domain.analysis import rank_workshop, score_cube
from decision.domain.facts import facts_of
from decision.domain.fiche import missing_fields
from decision.domain.perspectives import group_rankings
from decision.files.paths import EXAMPLE_WORKSHOP
from decision.files.workshop_file import load_workshop
from decision.text.plain_language import check_b1


@pytest.fixture(scope="module")
def example():
    return load_workshop(EXAMPLE_WORKSHOP)


def test_the_netbeheerder_riolering_and_the_waterschap_take_part(example):
    by_group = {p.group for p in example.participants}
    assert {"netbeheerder", "waterschap", "gemeente"} <= by_group
    riolering = [p for p in example.participants if "riolering" in p.role.lower()]
    assert [p.group for p in riolering] == ["gemeente"]
    for p in example.participants:
        if p.group in ("netbeheerder", "waterschap") or p in riolering:
            assert p.name  # a realistic person, not an anonymous sheet


def test_every_sheet_of_the_new_parties_is_full(example):
    """Every cell holds a number: asked cells a score, factual cells the inventory's level."""
    new = tuple(p.id for p in example.participants if p.group in ("netbeheerder", "waterschap"))
    new += tuple(p.id for p in example.participants if "riolering" in p.role.lower())
    assert len(new) == 3
    cube = score_cube(example, new)
    assert not np.isnan(cube.values).any()
    factual = {c.id for c in example.criteria if c.fact is not None}
    asked = [c for c in example.criterion_ids if c not in factual]
    for pid in new:  # the asked criteria are answered on the sheet itself
        assert all((pid, k, c) in example.scores for k in example.kans_ids for c in asked)


def test_a_stored_factual_score_stays_within_its_koppelkans_range(example):
    facts = facts_of(example)
    for (_pid, kid, cid), value in example.scores.items():
        if (kid, cid) in facts and value is not None:
            assert facts[(kid, cid)].low <= value <= facts[(kid, cid)].high


def test_two_of_the_top_three_have_a_complete_fiche_in_plain_words(example):
    top = rank_workshop(example).top(3)
    worked_out = [k for k in example.kansen if not k.fiche.empty]
    assert len(worked_out) == 2
    for kans in worked_out:
        assert kans.id in top
        assert missing_fields(kans) == ()
        f = kans.fiche
        texts = (f.resident_summary, f.location, f.resident_effect, f.participation_moment)
        assert all(text.strip() for text in texts)
        assert [flag for text in texts for flag in check_b1(text)] == []


def test_one_group_puts_in_its_top_three_what_another_puts_in_its_bottom_third(example):
    view = group_rankings(example)
    m = len(example.kansen)
    bottom_from = m - math.floor(m / 3) + 1  # 14 koppelkansen: ranks 10 to 14
    split = [
        kid
        for kid, row in view.ranks.iterrows()
        if (row.dropna() <= 3).any() and (row.dropna() >= bottom_from).any()
    ]
    assert split
    # the screen's "most divided" list leads with such a koppelkans
    spread = dict(view.divisive)
    assert max(spread.values()) >= bottom_from - 3
