"""The bewonersversie of the example, printed by chromium: at most two A4 pages, and a
screenshot in test-artifacts/screenshots/bewonersversie.png to look at after a change."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.model import Fiche, ParticipationLevel, ReportSettings, Status, Workshop
from decision.files.workshop_file import load_workshop
from decision.output.residents import residents_html

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"

NOT_NOW = "Dit past nu niet in de planning van de wijk."
FICHES = {
    "K01": Fiche(
        resident_summary="We leggen een warmtenet aan. Dat doen we als de riolering toch al open ligt.",
        location="Kastanjelaan, Eikenhof en Beukenstraat",
        resident_effect="De straat is ongeveer drie maanden open. Uw huis blijft altijd bereikbaar.",
        participation_moment="Inloopavond in buurthuis De Kastanje",
        participation_date=dt.date(2027, 3, 11),
        participation_level=ParticipationLevel.CONSULT,
    ),
    "K02": Fiche(
        resident_summary="We maken het plein groener. Er komen bomen, bankjes en een plek om te spelen.",
        location="Het plein bij het wijkcentrum",
        resident_effect="Het plein is een half jaar dicht. Daarna is er meer schaduw en groen.",
        participation_moment="Ontwerpavond voor het nieuwe plein",
        participation_date=dt.date(2027, 5, 20),
        participation_level=ParticipationLevel.COPRODUCE,
    ),
    "K06": Fiche(
        resident_summary="Een energiecoach komt langs en helpt u om minder energie te gebruiken.",
        location="De hele wijk",
        resident_effect="U kunt een afspraak maken. Het kost u niets.",
        participation_moment="Aanmelden bij het wijkteam",
        participation_level=ParticipationLevel.INFORM,
    ),
}


def example_letter() -> Workshop:
    """The example with three chosen, each with a fiche for residents, and the two lowest not chosen."""
    w = load_workshop(ROOT / "data" / "kastanjehof.yaml")
    ranking = rank_workshop(w, "wsm", "mean")
    fiche = {kid: f for kid, f in FICHES.items() if kid in w.kans_ids}
    bottom = [kid for kid in ranking.table["id"] if kid not in fiche][-2:]
    kansen = []
    for k in w.kansen:
        if k.id in fiche:
            k = replace(k, status=Status.CHOSEN, fiche=fiche[k.id])
        elif k.id in bottom:
            k = replace(k, status=Status.NOT_CHOSEN, motivation=NOT_NOW)
        kansen.append(k)
    contact = "Wijkteam Kastanjehof\nTelefoon: 010 123 45 67\nE-mail: wijkteam@rivierstad.nl"
    return replace(w, kansen=tuple(kansen), reports=ReportSettings(contact=contact))


def test_the_letter_prints_on_at_most_two_a4_pages(browser):
    html = residents_html(example_letter(), generated=dt.date(2026, 12, 3))
    context = browser.new_context(viewport={"width": 900, "height": 1200})
    try:
        page = context.new_page()
        page.set_content(html, wait_until="load")
        pdf = page.pdf(format="A4")
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert 1 <= pages <= 2, f"{pages} pages"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / "bewonersversie.png", full_page=True)
    finally:
        context.close()
