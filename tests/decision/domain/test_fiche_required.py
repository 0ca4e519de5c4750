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


def test_the_funding_sums_split_promised_from_still_to_find():
    from decision.domain.fiche import funding_summary
    from decision.domain.model import FundingState

    fiche = Fiche(
        funding=(
            Funding("Wijkbudget gemeente", 120_000, FundingState.COMMITTED),
            Funding("Subsidie klimaatadaptatie", 80_000, FundingState.TO_ARRANGE),
            Funding("Corporatie onderhoudsbudget", None, FundingState.COMMITTED),
            Funding("Waterschap", 30_000, FundingState.COMMITTED),
        )
    )
    summary = funding_summary(fiche)
    assert (summary.total, summary.committed, summary.to_arrange, summary.unknown) == (
        230_000,
        150_000,
        80_000,
        1,
    )
    assert funding_summary(Fiche()).total == 0
