"""Each required field of a fiche, missing in turn, is named and only that one."""

import datetime as dt
from dataclasses import replace

import pytest

from decision.domain.fiche import FIELDS, complete, missing_fields
from decision.domain.model import Fiche, Funding, KansType, Koppelkans, NextStep

FULL = Koppelkans(
    id="k1",
    name="Groen dak",
    type=list(KansType)[0],
    lead="Anna",
    fiche=Fiche(
        cost_bearer="gemeente",
        funding=(Funding(source="subsidie", amount=1000.0),),
        consequences="later klaar",
        conditions=("vergunning",),
        next_steps=(NextStep(action="offerte", owner="Bas", due=dt.date(2027, 1, 1)),),
    ),
)

EMPTIED = {
    "trekker": replace(FULL, lead=" "),
    "kostendrager": replace(FULL, fiche=replace(FULL.fiche, cost_bearer="")),
    "dekking": replace(FULL, fiche=replace(FULL.fiche, funding=(Funding(source=""),))),
    "gevolgen": replace(FULL, fiche=replace(FULL.fiche, consequences="")),
    "voorwaarden": replace(FULL, fiche=replace(FULL.fiche, conditions=())),
    "vervolgstappen": replace(
        FULL, fiche=replace(FULL.fiche, next_steps=(NextStep(action="offerte", owner="Bas"),))
    ),
}


def test_full_fiche_is_complete() -> None:
    assert missing_fields(FULL) == ()
    assert complete(FULL)


@pytest.mark.parametrize("code", FIELDS)
def test_each_missing_field_named_alone(code: str) -> None:
    assert missing_fields(EMPTIED[code]) == (code,)
    assert not complete(EMPTIED[code])


def test_the_missing_fields_are_named_in_the_readers_language():
    from decision.domain.fiche import missing_labels

    bare = Koppelkans("K01", "Warmtenet en riool in één keer", KansType.PHYSICAL)
    assert missing_labels(bare, "nl")[:2] == ("trekker", "kostendrager")
    assert missing_labels(bare, "en")[:2] == ("lead", "cost bearer")
