"""Shared fixtures: small workshops built in code, and the shipped files.

``small_workshop`` is the running example of the domain tests: three koppelkansen,
three criteria (wishes 1–5, risk 1–5 where lower is better, and extra cost in euros),
two participants, one of whom answered "weet niet" once. Its numbers are chosen so
the expected scores can be worked out by hand (see tests/decision/test_analysis.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

import pytest

from decision.domain.model import (
    AmbitionTheme,
    Criterion,
    Direction,
    Fiche,
    Funding,
    FundingState,
    KansType,
    Koppelkans,
    LinkedProject,
    NextStep,
    NumericScale,
    OrdinalScale,
    Participant,
    Range,
    Text,
    Workshop,
)
from decision.store import Client, Store
from tests.pg_cluster import Cluster

ROOT = Path(__file__).resolve().parent.parent
WEET_NIET = "weet niet"


def complete_fiche(k: Koppelkans) -> Koppelkans:
    """The koppelkans with every required field of its fiche set (decision.domain.fiche.FIELDS)."""
    fiche = Fiche(
        cost_bearer="Gemeente",
        funding=(Funding("Wijkbudget", 10_000.0, FundingState.COMMITTED),),
        consequences="Straat twee weken dicht.",
        conditions=("Akkoord VvE",),
        next_steps=(NextStep("Offerte vragen", "Sanne", dt.date(2027, 3, 1)),),
    )
    return replace(k, lead=k.lead or "Team Wijk", fiche=fiche)


def ordinal_criterion(
    ident: str,
    label: str = "",
    *,
    direction: Direction = Direction.BENEFIT,
    weight: float = 1.0,
    levels: int = 5,
) -> Criterion:
    """An ordinal 1..levels criterion with a Dutch and English anchor per level."""
    anchors = tuple(Text(f"niveau {i}", f"level {i}") for i in range(1, levels + 1))
    return Criterion(
        id=ident,
        label=Text(label or ident.capitalize(), label or ident.capitalize()),
        description=Text(""),
        direction=direction,
        scale=OrdinalScale(anchors),
        weight=weight,
    )


def euro_criterion(ident: str = "meerkosten", *, weight: float = 1.0, high: float = 3_000_000) -> Criterion:
    """Extra cost in euros, 0..high, lower is better."""
    return Criterion(
        id=ident,
        label=Text("Meerkosten", "Extra cost"),
        description=Text("Kosten bovenop het basisalternatief.", "Cost on top of the base alternative."),
        direction=Direction.COST,
        scale=NumericScale("€", 0.0, high),
        weight=weight,
    )


SMALL_CRITERIA = (
    Criterion(
        id="wensen",
        label=Text("Wensen in de wijk", "Wishes in the neighbourhood"),
        description=Text("Sluit het aan bij wat bewoners willen?", "Does it match what residents want?"),
        direction=Direction.BENEFIT,
        scale=OrdinalScale(
            (
                Text("Geen wens", "Not wanted"),
                Text("Enkele bewoners", "A few residents"),
                Text("Deel van de wijk", "Part of the neighbourhood"),
                Text("Breed gedragen", "Widely shared"),
                Text("Topwens", "Top wish"),
            )
        ),
        weight=50,
    ),
    Criterion(
        id="risico",
        label=Text("Risico's", "Risks"),
        description=Text("Hoe lager, hoe beter.", "The lower, the better."),
        direction=Direction.COST,
        scale=OrdinalScale(
            (
                Text("Nauwelijks risico", "Hardly any risk"),
                Text("Klein", "Small"),
                Text("Wezenlijk", "Real"),
                Text("Groot", "Large"),
                Text("Zeer groot", "Very large"),
            )
        ),
        weight=20,
    ),
    euro_criterion(weight=30),
)

SMALL_KANSEN = (
    Koppelkans(
        id="K01",
        name="Warmtenet meeleggen met rioolvervanging",
        type=KansType.PHYSICAL,
        description="Warmteleidingen in dezelfde sleuf als het nieuwe riool.",
        policy_domains=("Riolering", "Energietransitie"),
        parties=("Gemeente", "Warmtebedrijf", "Waterschap"),
        project=LinkedProject("Rioolvervanging fase 1", 2028),
        extra_cost=Range(250_000, 750_000),
        duration_months=Range(24, 48),
        opportunities=("Straat één keer open",),
        risks=("Te weinig aansluitingen",),
        themes=("aardgasvrij",),
    ),
    Koppelkans(
        id="K02",
        name="Energiecoaches bij huisbezoeken",
        type=KansType.SOCIAL,
        policy_domains=("Sociaal domein",),
        parties=("Gemeente", "Welzijnsorganisatie"),
        project=LinkedProject("Start wijkaanpak", 2026),
        extra_cost=Range(50_000, 150_000),
        duration_months=Range(6, 12),
        themes=("woonlasten",),
    ),
    Koppelkans(
        id="K03",
        name="Ontmoetingstuin bij het wijkcentrum",
        type=KansType.PHYSICAL,
        project=LinkedProject("Renovatie wijkcentrum", 2027),
        extra_cost=Range(10_000, 50_000),
        duration_months=Range(12, 24),
        themes=("woonlasten", "aardgasvrij"),
    ),
)

# participant -> koppelkans -> criterion -> raw value ("weet niet" for don't know)
SMALL_SHEETS = {
    "anna": {
        "K01": {"wensen": 3, "risico": 4, "meerkosten": 600_000},
        "K02": {"wensen": 4, "risico": 2, "meerkosten": 150_000},
        "K03": {"wensen": 5, "risico": 1, "meerkosten": 30_000},
    },
    "bewoner": {
        "K01": {"wensen": WEET_NIET, "risico": 5, "meerkosten": 750_000},
        "K02": {"wensen": 5, "risico": 2, "meerkosten": 90_000},
        "K03": {"wensen": 4, "risico": 2, "meerkosten": 30_000},
    },
}


def sheets_to_scores(sheets: Mapping[str, Mapping[str, Mapping[str, object]]]) -> dict:
    scores = {}
    for pid, rows in sheets.items():
        for kid, row in rows.items():
            for cid, value in row.items():
                scores[(pid, kid, cid)] = None if value == WEET_NIET else float(value)
    return scores


def build_workshop(
    sheets: Mapping[str, Mapping[str, Mapping[str, object]]],
    *,
    criteria: tuple[Criterion, ...] = SMALL_CRITERIA,
    kansen: tuple[Koppelkans, ...] | None = None,
    participants: tuple[Participant, ...] | None = None,
    **meta: object,
) -> Workshop:
    """A workshop from score sheets; koppelkansen and participants default to the ids used."""
    if participants is None:
        participants = tuple(Participant(pid) for pid in sheets)
    if kansen is None:
        ids: list[str] = []
        for rows in sheets.values():
            ids.extend(k for k in rows if k not in ids)
        kansen = tuple(
            Koppelkans(id=k, name=f"Koppelkans {k}", type=KansType.SOCIAL if i % 2 else KansType.PHYSICAL)
            for i, k in enumerate(ids)
        )
    defaults: dict[str, object] = {
        "name": "Testworkshop",
        "neighbourhood": "Teststraat",
        "municipality": "Testdorp",
    }
    defaults.update(meta)
    return Workshop(
        criteria=criteria,
        kansen=kansen,
        participants=participants,
        scores=sheets_to_scores(sheets),
        **defaults,  # type: ignore[arg-type]
    )


@pytest.fixture
def small_workshop() -> Workshop:
    return build_workshop(
        SMALL_SHEETS,
        kansen=SMALL_KANSEN,
        participants=(
            Participant("anna", "Anna de Boer", "Projectleider warmte"),
            Participant("bewoner", "", "Bewonersvertegenwoordiger"),
        ),
        name="Koppelkansen Teststraat",
        date=dt.date(2026, 3, 12),
        description="Klein voorbeeld voor de tests.",
        themes=(
            AmbitionTheme("aardgasvrij", "Aardgasvrij-ready woningen", "60% in 2032", "aantal woningen"),
            AmbitionTheme("woonlasten", "Betaalbare woonlasten"),
        ),
        criteria_set="test",
    )


@pytest.fixture
def make_workshop() -> Callable[..., Workshop]:
    """Factory: ``make_workshop({pid: {kid: {cid: value}}}, criteria=…, …)``.

    Values are raw scale levels or "weet niet". Criteria default to the three of
    ``small_workshop``; koppelkansen and participants default to the ids in the sheets.
    """
    return build_workshop


@pytest.fixture
def make_criterion() -> Callable[..., Criterion]:
    """Factory for an ordinal criterion: ``make_criterion("wensen", weight=25)``."""
    return ordinal_criterion


@pytest.fixture
def criteria_dir() -> Path:
    return ROOT / "criteria"


@pytest.fixture
def example_path() -> Path:
    return ROOT / "data" / "kastanjehof.yaml"


# -- facilitator access -------------------------------------------------------------
TEST_PIN = "274193"  # six digits without a pattern: a PIN the store accepts
TEST_CLIENT = Client("test-session")


_GRANTS: dict[tuple[int, str], str] = {}


def protect(store: Store, workshop_id: str, pin: str = TEST_PIN) -> str:
    """Set the facilitator PIN as the server's operator can; returns the facilitator's grant.

    The grant is also kept for :func:`grant_of`, so a test that is not about access
    can act as that facilitator without passing the grant around.
    """
    known = _GRANTS.get((id(store), workshop_id))
    if not store.access.grant_is_valid(workshop_id, known):
        known = store.access.grant_as_operator(workshop_id)
    grant = store.access.set_pin(workshop_id, pin, grant=known)
    _GRANTS[(id(store), workshop_id)] = grant
    return grant


def grant_of(store: Store, workshop_id: str) -> str | None:
    """The grant :func:`protect` got for this workshop through this store (None: none was set)."""
    return _GRANTS.get((id(store), workshop_id))


# -- PostgreSQL ---------------------------------------------------------------------
@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A real PostgreSQL server of this test session (tests/pg_cluster.py).

    Started only when a test asks for it; with pytest-xdist each worker has its own.
    Fails (never skips) when PostgreSQL is not installed: ``make postgresql`` installs it.
    """
    cluster = Cluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """The url of a fresh, empty database for this test alone; dropped afterwards."""
    url = pg_cluster.new_database()
    yield url
    # dropped, so a long run does not fill the disk with one database per test
    pg_cluster.drop_database(url)
