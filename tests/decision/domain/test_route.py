"""The route of statuses: every allowed and refused step, and the motivation rule."""

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decision.domain.model import Fiche, Funding, KansType, Koppelkans, NextStep, Status
from decision.domain.route import ROUTE, allowed_steps, check_step, in_work, is_chosen, next_status
from decision.errors import RouteError

S = Status
KANS = Koppelkans(
    id="k1",
    name="Groen dak",
    type=list(KansType)[0],
    lead="Anna",
    fiche=Fiche(
        cost_bearer="gemeente",
        funding=(Funding(source="subsidie"),),
        consequences="later klaar",
        conditions=("vergunning",),
        next_steps=(NextStep(action="offerte", owner="Bas", due=dt.date(2027, 1, 1)),),
    ),
)

ALLOWED = {
    S.CANDIDATE: {S.PRIORITISED, S.NOT_CHOSEN},
    S.PRIORITISED: {S.PROPOSED, S.CANDIDATE, S.NOT_CHOSEN},
    S.PROPOSED: {S.CHOSEN, S.PRIORITISED, S.NOT_CHOSEN},
    S.CHOSEN: {S.ADOPTED, S.PROPOSED, S.NOT_CHOSEN},
    S.ADOPTED: {S.CHOSEN, S.NOT_CHOSEN},
    S.NOT_CHOSEN: {S.CANDIDATE},
}


@pytest.mark.parametrize("old", list(S))
@pytest.mark.parametrize("new", list(S))
def test_each_step_allowed_or_refused(old: Status, new: Status) -> None:
    kans = replace(KANS, status=old)
    if new in ALLOWED[old]:
        check_step(kans, new, motivation="past niet in de planning")
    else:
        with pytest.raises(RouteError):
            check_step(kans, new, motivation="past niet in de planning")


def test_not_chosen_needs_a_motivation() -> None:
    with pytest.raises(RouteError):
        check_step(KANS, S.NOT_CHOSEN, motivation="  ")


def test_next_and_groups() -> None:
    assert next_status(S.CANDIDATE) == S.PRIORITISED
    assert next_status(S.ADOPTED) is None
    assert next_status(S.NOT_CHOSEN) is None
    assert [s for s in S if is_chosen(s)] == [S.CHOSEN, S.ADOPTED]
    assert [s for s in S if in_work(s)] == [S.PRIORITISED, S.PROPOSED, S.CHOSEN, S.ADOPTED]


@given(st.lists(st.integers(0, 5), max_size=30))
def test_allowed_steps_stay_on_route(picks: list[int]) -> None:
    kans = KANS
    for p in picks:
        steps = allowed_steps(kans)
        new = steps[p % len(steps)]
        check_step(kans, new, motivation="m")
        kans = replace(kans, status=new)
        assert kans.status in ROUTE or kans.status == S.NOT_CHOSEN


def test_proposed_needs_a_complete_fiche() -> None:
    kans = replace(KANS, status=S.PRIORITISED, fiche=replace(KANS.fiche, cost_bearer=""))
    with pytest.raises(RouteError) as err:
        check_step(kans, S.PROPOSED)
    assert "kostendrager" in err.value.localized("nl")


def test_step_status_in_a_workshop() -> None:
    from decision.domain.model import Workshop
    from decision.domain.operations import step_status

    w = Workshop(name="Proef", kansen=(KANS,))
    w = step_status(w, "k1", S.NOT_CHOSEN, motivation=" te duur ")
    assert (w.kans("k1").status, w.kans("k1").motivation) == (S.NOT_CHOSEN, "te duur")
    w = step_status(w, "k1", S.CANDIDATE)
    assert (w.kans("k1").status, w.kans("k1").motivation) == (S.CANDIDATE, "")
    with pytest.raises(RouteError):
        step_status(w, "k1", S.CHOSEN)
