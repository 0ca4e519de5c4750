"""Each group's own ranking, side by side, and which group ranks a koppelkans lowest, and why."""

from __future__ import annotations

from dataclasses import replace

from decision.domain.analysis import rank_workshop
from decision.domain.model import (
    Criterion,
    Direction,
    KansType,
    Koppelkans,
    OrdinalScale,
    Participant,
    Text,
    Workshop,
)
from decision.domain.perspectives import group_rankings, lowest_group, lowest_group_sentence
from decision.files.paths import EXAMPLE_WORKSHOP
from decision.files.workshop_file import load_workshop

SCALE = OrdinalScale(tuple(Text(str(i)) for i in range(1, 6)))


def _workshop() -> Workshop:
    """Residents want the green schoolyard; the grid operator sees its risk in the heat network."""
    criteria = (
        Criterion("wensen", Text("Wensen in de wijk"), Text(""), Direction.BENEFIT, SCALE, 50),
        Criterion("risico", Text("Risico's"), Text(""), Direction.COST, SCALE, 50),
    )
    kansen = tuple(
        Koppelkans(kid, name, KansType.PHYSICAL)
        for kid, name in (("K01", "Warmtenet"), ("K02", "Groen schoolplein"), ("K03", "Riool afkoppelen"))
    )
    people = (
        Participant("b1", "", "Huurder", "bewoners"),
        Participant("b2", "", "Eigenaar", "bewoners"),
        Participant("n1", "Erik", "Netbeheerder", "netbeheerder"),
    )
    levels = {  # (wensen, risico) per person and koppelkans
        "b1": {"K01": (4, 2), "K02": (5, 1), "K03": (3, 2)},
        "b2": {"K01": (4, 2), "K02": (5, 1), "K03": (2, 2)},
        "n1": {"K01": (4, 5), "K02": (3, 1), "K03": (4, 1)},
    }
    scores = {
        (pid, kid, cid): float(value)
        for pid, row in levels.items()
        for kid, pair in row.items()
        for cid, value in zip(("wensen", "risico"), pair, strict=True)
    }
    return Workshop(name="Kastanjehof", criteria=criteria, kansen=kansen, participants=people, scores=scores)


def test_each_group_ranks_on_its_own_sheets():
    w = _workshop()
    view = group_rankings(w)
    assert view.group_ids == ("bewoners", "netbeheerder")  # in the workshop's group order
    # bewoners: K02 (5, 1) > K01 (4, 2) > K03 (2.5, 2); netbeheerder: K03 (4, 1) > K02 (3, 1) > K01 (4, 5)
    assert view.ranks["bewoners"].to_dict() == {"K01": 2, "K02": 1, "K03": 3}
    assert view.ranks["netbeheerder"].to_dict() == {"K01": 3, "K02": 2, "K03": 1}
    assert view.divisive == (("K03", 2), ("K01", 1), ("K02", 1))  # most divided first, ties by id


def test_win_win_is_in_every_groups_top_five():
    view = group_rankings(_workshop())
    assert set(view.win_win) == {"K01", "K02", "K03"}  # three koppelkansen: all are in every top five


def test_the_lowest_group_and_the_criterion_where_it_differs():
    w = _workshop()
    view = group_rankings(w)
    found = lowest_group(w, view, "K01")
    assert found is not None
    assert (found.group_id, found.rank, found.criterion_id) == ("netbeheerder", 3, "risico")
    assert (found.group_score, found.others_score) == (5.0, 2.0)
    sentence = lowest_group_sentence(w, found)
    assert sentence.startswith("Netbeheerder zet K01 het laagst (plaats 3)")
    assert "Risico's" in sentence and "5,0 tegen 2,0" in sentence
    assert "5.0 against 2.0" in lowest_group_sentence(w, found, "en")


def test_a_groups_own_weights_change_only_its_own_ranking():
    w = _workshop()
    only_wishes = {"wensen": 100, "risico": 0}
    weighted = replace(w, group_weights={"netbeheerder": only_wishes})
    view = group_rankings(weighted)
    # on wishes alone the netbeheerder puts K01 and K03 (both 4) above K02 (3)
    assert view.ranks["netbeheerder"]["K02"] == 3
    assert view.ranks["bewoners"].to_dict() == group_rankings(w).ranks["bewoners"].to_dict()
    assert rank_workshop(weighted).table.equals(rank_workshop(w).table)  # the overall ranking is the team's


def test_on_the_example_a_koppelkans_one_group_ranks_high_and_another_low():
    w = load_workshop(EXAMPLE_WORKSHOP)
    view = group_rankings(w)
    assert len(view.group_ids) >= 4
    kans, spread = view.divisive[0]
    assert spread >= 5
    found = lowest_group(w, view, kans)
    assert found is not None and found.group_id in view.group_ids
    assert lowest_group_sentence(w, found)
