"""The fiche form's tables and fields turned into a fiche and back, without a browser."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from decision.domain.model import (
    Consultation,
    Fiche,
    Funding,
    FundingState,
    KansType,
    Koppelkans,
    Milestone,
    NextStep,
    ParticipationLevel,
)
from ui.fiche_form import fiche_from, frames, stored_values

FULL = Fiche(
    cost_bearer="Gemeente",
    funding=(Funding("Wijkbudget", 25_000.0, FundingState.COMMITTED), Funding("Provincie", None)),
    consequences="Straat twee weken dicht.",
    conditions=("Akkoord VvE", "Vergunning"),
    consultations=(Consultation("Sociaal domein", "Aylin", dt.date(2027, 1, 5), "Eens"),),
    milestones=(Milestone("Ontwerp klaar", dt.date(2027, 6, 1)),),
    next_steps=(NextStep("Offerte vragen", "Sanne", dt.date(2027, 2, 1), done=True),),
    resident_summary="We leggen groen aan.",
    location="Kastanjeplein",
    resident_effect="Twee weken geen parkeerplek.",
    participation_moment="Inloopavond",
    participation_date=dt.date(2027, 3, 1),
    participation_level=ParticipationLevel.ADVISE,
)


def test_a_fiche_comes_back_as_it_went_into_the_form():
    k = Koppelkans("K01", "Groen plein", KansType.PHYSICAL, lead="Team Wijk", fiche=FULL)
    assert fiche_from(stored_values(k), frames(FULL)) == FULL
    assert fiche_from(stored_values(Koppelkans("K02", "x", KansType.SOCIAL)), frames(Fiche())) == Fiche()


def test_empty_rows_are_dropped_and_what_the_editor_gives_is_read():
    tables = frames(Fiche())
    tables["funding"] = pd.DataFrame(
        [
            {"source": " Wijkbudget ", "amount": float("nan"), "state": None},
            {"source": "", "amount": 5.0, "state": "toegezegd"},
        ]
    )
    tables["milestones"] = pd.DataFrame(
        [
            {"name": "Start", "date": pd.Timestamp("2027-04-01")},
            {"name": "Zonder datum", "date": pd.NaT},  # a mijlpaal needs its date
            {"name": None, "date": dt.date(2027, 1, 1)},
        ]
    )
    tables["next_steps"] = pd.DataFrame(
        [{"action": "Bellen", "owner": None, "due": "2027-02-03", "done": None}]
    )
    values = stored_values(Koppelkans("K01", "x", KansType.SOCIAL)) | {"conditions": "  a \n\n b  "}
    f = fiche_from(values, tables)
    assert f.funding == (Funding("Wijkbudget", None, FundingState.TO_ARRANGE),)
    assert f.milestones == (Milestone("Start", dt.date(2027, 4, 1)),)
    assert f.next_steps == (NextStep("Bellen", "", dt.date(2027, 2, 3), False),)
    assert f.conditions == ("a", "b")
