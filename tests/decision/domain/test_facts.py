"""Facts before opinions: a cost or a duration the inventory holds fills in its criterion's level.

- The mapping of a range onto the anchor levels, at every bound, and a range over
  several levels (the middle's level, its span kept as the uncertainty).
- A higher cost never gives a better level for a lower-is-better criterion.
- The level is filled in when scores are read, never stored; an explicit answer
  (a level or "weet niet") overrides it, and a sheet keeps only what differs.
- The progress leaves out the cells the inventory fills in.
- The bundled example: every cost or time score lies within the levels its own range allows.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from decision.domain import facts
from decision.domain.analysis import rank_workshop, score_cube
from decision.domain.facts import COST, DURATION, FactSource, fact_for, level_of, level_span
from decision.domain.model import (
    Criterion,
    Direction,
    KansType,
    Koppelkans,
    NumericScale,
    OrdinalScale,
    Participant,
    Range,
    Text,
    Workshop,
)
from decision.domain.progress import kans_complete, open_cells, participant_progress
from decision.files.workshop_file import dump_workshop, load_workshop, parse_workshop_text

EXAMPLE = Path(__file__).resolve().parents[3] / "data" / "kastanjehof.yaml"
COST_BOUNDS = (50_000.0, 250_000.0, 1_000_000.0, 3_000_000.0)  # the Wijkkompas anchors
FIVE = OrdinalScale(tuple(Text(str(i)) for i in range(1, 6)))


def cost_criterion(**kw) -> Criterion:
    values = dict(
        id="kosten",
        label=Text("Extra kosten"),
        description=Text(""),
        direction=Direction.COST,
        scale=FIVE,
        weight=1.0,
        fact=FactSource(COST, COST_BOUNDS),
    )
    values.update(kw)
    return Criterion(**values)


def kans(kid: str, low: float | None, high: float | None = None, months: Range | None = None) -> Koppelkans:
    cost = None if low is None else Range(low, low if high is None else high)
    return Koppelkans(kid, kid, KansType.PHYSICAL, extra_cost=cost, duration_months=months)


def workshop(*kansen: Koppelkans, scores=None) -> Workshop:
    wishes = Criterion("wensen", Text("Wensen"), Text(""), Direction.BENEFIT, FIVE, 1.0)
    return Workshop(
        name="Proef",
        criteria=(wishes, cost_criterion()),
        kansen=kansen,
        participants=(Participant("anna", "Anna"), Participant("bram", "Bram")),
        scores=scores or {},
    )


# -- the mapping -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "level"),
    [
        (0, 1),
        (49_999, 1),
        (50_000, 1),  # "minder dan € 50.000" and "€ 50.000 – € 250.000" meet here: the lower level
        (50_001, 2),
        (250_000, 2),
        (250_001, 3),
        (1_000_000, 3),
        (3_000_000, 4),
        (3_000_001, 5),
        (50_000_000, 5),
    ],
)
def test_an_amount_has_the_level_whose_anchor_holds_it(amount, level):
    assert level_of(COST_BOUNDS, amount) == level


@pytest.mark.parametrize(
    ("low", "high", "span"),
    [
        (250_000, 750_000, (3, 3)),  # it starts on a bound: level 2 is not reached
        (50_000, 250_000, (2, 2)),  # exactly the range of "Laag"
        (100_000, 400_000, (2, 3)),
        (48_000, 120_000, (1, 2)),
        (10_000, 4_000_000, (1, 5)),
        (250_000, 250_000, (2, 2)),  # a single amount on a bound: the lower level
    ],
)
def test_a_range_spans_the_levels_it_reaches(low, high, span):
    assert level_span(COST_BOUNDS, low, high) == span


def test_a_range_over_several_levels_fills_in_the_level_of_its_middle_and_keeps_the_span():
    found = fact_for(cost_criterion(), kans("K", 100_000, 400_000))  # middle 250.000: level 2
    assert found is not None
    assert (found.value, found.low, found.high) == (2, 2, 3)
    assert found.spans and found.range == Range(100_000, 400_000)
    wide = fact_for(cost_criterion(), kans("K", 200_000, 2_000_000))  # middle 1.1 mln: level 4
    assert wide is not None and (wide.value, wide.low, wide.high) == (4, 2, 4)


def test_no_range_or_no_fact_means_the_cell_is_asked():
    assert fact_for(cost_criterion(), kans("K", None)) is None
    plain = cost_criterion(fact=None)
    assert fact_for(plain, kans("K", 100_000, 200_000)) is None


def test_a_duration_reads_the_months():
    time = cost_criterion(id="tijd", fact=FactSource(DURATION, (6, 12, 24, 48)))
    found = fact_for(time, kans("K", 1_000_000, months=Range(12, 24)))
    assert found is not None and (found.value, found.low, found.high, found.source) == (3, 3, 3, DURATION)


def test_a_numeric_scale_gets_the_middle_within_its_bounds():
    euros = cost_criterion(scale=NumericScale("€", 0, 1_000_000), fact=FactSource(COST))
    found = fact_for(euros, kans("K", 200_000, 600_000))
    assert found is not None and (found.value, found.low, found.high) == (400_000, 200_000, 600_000)
    capped = fact_for(euros, kans("K", 800_000, 1_600_000))
    assert capped is not None and (capped.value, capped.low, capped.high) == (1_000_000, 800_000, 1_000_000)


amounts = st.floats(min_value=0, max_value=10_000_000, allow_nan=False)


@given(a=amounts, b=amounts)
def test_a_higher_cost_never_gives_a_better_level(a, b):
    """For a lower-is-better criterion a better level is a lower one: more money, never lower."""
    cheap, dear = sorted((a, b))
    assert level_of(COST_BOUNDS, cheap) <= level_of(COST_BOUNDS, dear)


@given(a=amounts, b=amounts, width=st.floats(min_value=0, max_value=5_000_000))
def test_a_dearer_range_never_fills_in_a_better_level_and_its_level_lies_in_its_span(a, b, width):
    c = cost_criterion()
    cheap, dear = sorted((a, b))
    low = fact_for(c, kans("K", cheap, cheap + width))
    high = fact_for(c, kans("K", dear, dear + width))
    assert low is not None and high is not None
    assert low.value <= high.value and low.low <= high.low and low.high <= high.high
    for found in (low, high):
        assert found.low <= found.value <= found.high


# -- filled in when read, never stored -------------------------------------------------------
def test_the_level_is_filled_in_when_the_scores_are_read_and_not_stored():
    w = workshop(
        kans("K1", 100_000, 200_000),
        kans("K2", 2_000_000, 2_500_000),
        scores={("anna", "K1", "wensen"): 4.0},
    )
    cube = score_cube(w)
    assert cube.participant_ids == ("anna",)
    assert cube.values[0, 0, 1] == 2 and cube.values[0, 1, 1] == 4
    assert ("anna", "K1", "kosten") not in w.scores
    text = dump_workshop(w)
    assert parse_workshop_text(text, "proef.yaml").scores == w.scores  # the file keeps no filled-in level
    assert "kosten: 2" not in text


def test_an_explicit_answer_overrides_the_fact():
    w = workshop(
        kans("K1", 100_000, 200_000),
        scores={("anna", "K1", "kosten"): 3.0, ("bram", "K1", "kosten"): None, ("bram", "K1", "wensen"): 2.0},
    )
    cube = score_cube(w)
    assert cube.values[0, 0, 1] == 3  # anna's own level
    assert np.isnan(cube.values[1, 0, 1]) and cube.unknown[1, 0, 1]  # bram's "weet niet"
    assert facts.is_override(w, ("anna", "K1", "kosten"))
    assert not facts.is_override(w, ("bram", "K1", "wensen"))


def test_a_sheet_nobody_started_gets_no_fact():
    w = workshop(kans("K1", 100_000, 200_000))
    assert np.isnan(score_cube(w).values).all()


def test_the_ranking_counts_the_fact():
    w = workshop(
        kans("cheap", 10_000, 20_000),
        kans("dear", 3_500_000, 4_000_000),
        scores={("anna", "cheap", "wensen"): 3.0, ("anna", "dear", "wensen"): 3.0},
    )
    ranking = rank_workshop(w)
    assert ranking.top(1) == ["cheap"]
    assert ranking.table.set_index("id").loc["dear", "coverage"] == pytest.approx(1.0)


def test_a_sheet_keeps_only_what_differs_from_the_fact():
    w = workshop(kans("K1", 100_000, 200_000))
    kept, removed = facts.keep_differing(
        w,
        {("anna", "K1", "kosten"): 2.0, ("bram", "K1", "kosten"): 1.0, ("anna", "K1", "wensen"): 2.0},
        [("bram", "K1", "wensen")],
    )
    assert kept == {("bram", "K1", "kosten"): 1.0, ("anna", "K1", "wensen"): 2.0}
    assert removed == [("bram", "K1", "wensen"), ("anna", "K1", "kosten")]
    dont_know, _ = facts.keep_differing(w, {("anna", "K1", "kosten"): None})
    assert dont_know == {("anna", "K1", "kosten"): None}  # "weet niet" is an answer of its own


def test_the_span_of_an_unchallenged_fact_is_its_cells_uncertainty():
    w = workshop(
        kans("K1", 100_000, 400_000),
        kans("K2", 10_000, 20_000),
        kans("K3", None),
        scores={("anna", "K2", "kosten"): 2.0},
    )
    ranges = facts.fact_ranges(w, ("anna", "bram"))
    assert ranges.shape == (3, 2, 2)
    assert tuple(ranges[0, 1]) == (2, 3)
    assert np.isnan(ranges[1, 1]).all()  # anna scored it herself: it varies with the people
    assert np.isnan(ranges[2, 1]).all() and np.isnan(ranges[:, 0]).all()


# -- progress ---------------------------------------------------------------------------------
def test_the_progress_leaves_out_what_the_inventory_fills_in():
    w = workshop(kans("K1", 100_000, 200_000), kans("K2", None), scores={("anna", "K1", "wensen"): 4.0})
    assert kans_complete(w, "anna", "K1")
    assert open_cells(w, "anna") == [("K2", "wensen"), ("K2", "kosten")]
    row = participant_progress(w).set_index("participant").loc["anna"]
    assert (row["answered"], row["total"]) == (1, 3)


# -- the bundled example ----------------------------------------------------------------------
def test_every_example_score_of_a_factual_criterion_lies_within_its_own_range():
    w = load_workshop(EXAMPLE)
    factual = [c for c in w.criteria if c.fact is not None]
    assert {c.id for c in factual} == {"kosten", "tijd"}
    checked = 0
    for (pid, kid, cid), value in w.scores.items():
        c = w.criterion(cid)
        if c.fact is None:
            continue
        found = fact_for(c, w.kans(kid))
        assert found is not None, f"{kid} has no range for {cid}"
        assert value is not None, f"{pid} {kid} {cid}: 'weet niet' where the inventory knows"
        assert found.low <= value <= found.high, f"{pid} {kid} {cid}: {value} outside {found}"
        assert value != found.value, f"{pid} {kid} {cid}: stores the level the inventory fills in"
        checked += 1
    assert checked > 0  # the example shows deviations too
    every_kans_has_both = all(fact_for(c, k) is not None for c in factual for k in w.kansen)
    assert every_kans_has_both


def test_a_changed_criterion_keeps_its_fact_through_a_file():
    w = load_workshop(EXAMPLE)
    again = parse_workshop_text(dump_workshop(w), "kopie.yaml")
    assert again.criterion("kosten").fact == w.criterion("kosten").fact
    assert again.criterion("tijd").fact == FactSource(DURATION, (6, 12, 24, 48))
    renamed = replace(w.criterion("kosten"), label=Text("Meerkosten"))
    assert renamed.fact == w.criterion("kosten").fact


# -- robustness --------------------------------------------------------------------------------
def test_the_robustness_draws_a_facts_level_from_the_span_of_its_range():
    """Two koppelkansen alike but for cost: one costs € 200.000 (level 2), the other's
    range reaches from level 2 into level 3. With fixed weights and one sheet, only the
    range can make the order uncertain."""
    from decision.domain.sensitivity import analyse

    scores = {("anna", kid, "wensen"): 3.0 for kid in ("sure", "wide")}
    w = workshop(kans("sure", 200_000), kans("wide", 60_000, 800_000), scores=scores)  # middle 430.000
    assert fact_for(w.criterion("kosten"), w.kans("wide")).value == 3
    report = analyse(w, k=1, concentration=None, samples=4000)
    assert report.uncertain
    # "wide" is level 2 (tied, half the place) or 3 (behind) or ... never ahead
    assert 0 < report.probability("wide") < 0.5 < report.probability("sure") < 1
    overridden = w.with_scores({("anna", "wide", "kosten"): 3.0})
    fixed = analyse(overridden, k=1, concentration=None, samples=4000)
    assert fixed.probability("sure") == 1.0  # an own answer is no range
