"""Operations on a workshop: removing what scores refer to, replacing the criteria,
weighing, adopting a proposal, and the missing-motivation rule of the Besluit step.

The running example is ``small_workshop`` (tests/conftest.py): K01–K03, the
criteria wensen / risico / meerkosten, and the participants anna and bewoner
(whose K01 × wensen is "weet niet"), 18 scores in all.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.domain.model import (
    CriteriaSet,
    KansType,
    Koppelkans,
    Participant,
    Status,
    Text,
    WeightMethod,
    Workshop,
)
from decision.domain.operations import (
    ADVISED_CHOICES,
    PROPOSAL_STATUS,
    adopt_proposal,
    apply_criteria_set,
    chosen,
    confirm_proposal,
    dropped_scores,
    missing_motivations,
    prioritised,
    proposed,
    record_decisions,
    remove_criterion,
    remove_kans,
    remove_participant,
    replace_criteria,
    replace_kansen,
    replace_participants,
    weigh,
    weigh_directly,
)
from decision.errors import WeightsError
from decision.files.criteria_sets import load_criteria_sets
from decision.files.workshop_file import dump_workshop, load_workshop, parse_workshop_text
from tests.conftest import complete_fiche, ordinal_criterion


def orphans(w: Workshop) -> list:
    """Scores that name a participant, koppelkans or criterion the workshop does not have."""
    people, kansen, criteria = set(w.participant_ids), set(w.kans_ids), set(w.criterion_ids)
    return [key for key in w.scores if key[0] not in people or key[1] not in kansen or key[2] not in criteria]


def ids(kansen) -> list[str]:
    return [k.id for k in kansen]


# -- removing a koppelkans, participant or criterion ------------------------------------


def test_removing_a_koppelkans_drops_exactly_its_scores(small_workshop):
    w = remove_kans(small_workshop, "K02")
    assert w.kans_ids == ("K01", "K03")
    assert not [key for key in w.scores if key[1] == "K02"]
    assert len(w.scores) == 12
    # every other score is still there, with its value ("weet niet" included)
    assert dict(w.scores) == {k: v for k, v in small_workshop.scores.items() if k[1] != "K02"}
    assert w.scores[("bewoner", "K01", "wensen")] is None
    assert (w.participants, w.criteria) == (small_workshop.participants, small_workshop.criteria)


def test_removing_a_participant_drops_their_scores_and_their_weet_niet(small_workshop):
    w = remove_participant(small_workshop, "bewoner")
    assert w.participant_ids == ("anna",)
    assert len(w.scores) == 9
    assert dict(w.scores) == {k: v for k, v in small_workshop.scores.items() if k[0] == "anna"}
    assert None not in w.scores.values()
    assert (w.kansen, w.criteria) == (small_workshop.kansen, small_workshop.criteria)


def test_removing_a_criterion_drops_exactly_its_scores(small_workshop):
    w = remove_criterion(small_workshop, "meerkosten")
    assert w.criterion_ids == ("wensen", "risico")
    assert len(w.scores) == 12
    assert dict(w.scores) == {k: v for k, v in small_workshop.scores.items() if k[2] != "meerkosten"}
    assert [c.weight for c in w.criteria] == [50, 20], "the other weights stay as they were"


@pytest.mark.parametrize(
    ("remove", "item"),
    [(remove_kans, k) for k in ("K01", "K02", "K03")]
    + [(remove_participant, p) for p in ("anna", "bewoner")]
    + [(remove_criterion, c) for c in ("wensen", "risico", "meerkosten")],
)
def test_no_orphan_score_remains_after_any_removal(small_workshop, remove, item):
    w = remove(small_workshop, item)
    assert not orphans(w)
    assert item not in {part for key in w.scores for part in key}


def test_removals_one_after_another_leave_only_the_scores_of_what_is_left(small_workshop):
    w = remove_criterion(remove_participant(remove_kans(small_workshop, "K01"), "anna"), "risico")
    assert set(w.scores) == {("bewoner", k, c) for k in ("K02", "K03") for c in ("wensen", "meerkosten")}
    assert all(w.scores[key] == small_workshop.scores[key] for key in w.scores)


def test_removing_an_unknown_id_changes_nothing(small_workshop):
    assert remove_kans(small_workshop, "K99") == small_workshop
    assert remove_participant(small_workshop, "niemand") == small_workshop
    assert remove_criterion(small_workshop, "geluk") == small_workshop


def test_a_workshop_after_removals_can_be_saved_and_read_back(example_path):
    example = load_workshop(example_path)
    kans, person, criterion = example.kans_ids[0], example.participant_ids[-1], example.criterion_ids[1]
    w = remove_criterion(remove_participant(remove_kans(example, kans), person), criterion)
    assert len(w.scores) < len(example.scores)
    assert parse_workshop_text(dump_workshop(w), "na verwijderen") == w


# -- replacing a whole list (the table editors) ------------------------------------------


def test_a_renamed_koppelkans_id_loses_the_scores_of_the_old_id(small_workshop):
    renamed = tuple(replace(k, id="K10") if k.id == "K03" else k for k in small_workshop.kansen)
    w = replace_kansen(small_workshop, renamed)
    assert w.kans_ids == ("K01", "K02", "K10")
    assert not [key for key in w.scores if key[1] in {"K03", "K10"}]
    assert not orphans(w)


def test_a_new_koppelkans_keeps_every_existing_score(small_workshop):
    new = Koppelkans("K04", "Speeltuin vergroenen", KansType.PHYSICAL)
    w = replace_kansen(small_workshop, (*small_workshop.kansen, new))
    assert w.kans("K04") == new
    assert w.scores == small_workshop.scores


def test_replacing_the_participants_drops_the_scores_of_those_left_out(small_workshop):
    carla = Participant("carla", "Carla", "Wijkagent")
    w = replace_participants(small_workshop, (small_workshop.participants[0], carla))
    assert w.participant_ids == ("anna", "carla")
    assert {key[0] for key in w.scores} == {"anna"}
    assert len(w.scores) == 9


def test_replacing_the_criteria_keeps_the_scores_of_a_kept_criterion_even_when_edited(small_workshop):
    edited = replace(small_workshop.criteria[0], label=Text("Wensen", "Wishes"), weight=10)
    draagvlak = ordinal_criterion("draagvlak", "Draagvlak")
    w = replace_criteria(small_workshop, (edited, draagvlak))
    assert w.criterion_ids == ("wensen", "draagvlak")
    assert dict(w.scores) == {k: v for k, v in small_workshop.scores.items() if k[2] == "wensen"}
    assert not orphans(w)


# -- weighing inputs follow the criteria ---------------------------------------------------


def test_removing_a_criterion_takes_it_out_of_the_rank_order_and_renumbers(small_workshop):
    ranked = replace(
        small_workshop,
        weight_method=WeightMethod.RANK,
        weight_inputs={"rangorde": {"wensen": 2, "risico": 1, "meerkosten": 3}, "methode": "roc"},
    )
    w = remove_criterion(ranked, "risico")
    assert w.weight_method == WeightMethod.RANK
    assert dict(w.weight_inputs) == {"rangorde": {"wensen": 1, "meerkosten": 2}, "methode": "roc"}


def test_tied_ranks_stay_tied_when_renumbered(small_workshop):
    crit = (*small_workshop.criteria, ordinal_criterion("tempo"))
    ranked = replace(
        small_workshop,
        criteria=crit,
        weight_method=WeightMethod.RANK,
        weight_inputs={"rangorde": {"wensen": 1, "risico": 2, "meerkosten": 2, "tempo": 4}},
    )
    w = remove_criterion(ranked, "wensen")
    assert w.weight_inputs["rangorde"] == {"risico": 1, "meerkosten": 1, "tempo": 3}


def test_removing_a_criterion_drops_its_ahp_pairs_and_keeps_the_others(small_workshop):
    judged = replace(
        small_workshop,
        weight_method=WeightMethod.AHP,
        weight_inputs={
            "oordelen": {"wensen|risico": 3.0, "wensen|meerkosten": 5.0, "risico|meerkosten": 0.5}
        },
    )
    w = remove_criterion(judged, "meerkosten")
    assert w.weight_inputs["oordelen"] == {"wensen|risico": 3.0}


def test_removing_a_criterion_drops_its_points_and_percentages(small_workshop):
    pointed = replace(
        small_workshop,
        weight_method=WeightMethod.POINTS,
        weight_inputs={"punten": {"wensen": 50, "risico": 20, "meerkosten": 30}},
    )
    assert remove_criterion(pointed, "wensen").weight_inputs["punten"] == {"risico": 20, "meerkosten": 30}
    direct = weigh_directly(small_workshop, {"wensen": 60, "risico": 20, "meerkosten": 20})
    assert remove_criterion(direct, "risico").weight_inputs["procenten"] == {"wensen": 60, "meerkosten": 20}


# -- another criteria set ------------------------------------------------------------------


def test_applying_a_criteria_set_takes_its_criteria_and_its_weights_directly(small_workshop):
    judged = replace(
        small_workshop, weight_method=WeightMethod.AHP, weight_inputs={"oordelen": {"wensen|risico": 3}}
    )
    criteria = (ordinal_criterion("wensen", weight=40), ordinal_criterion("tempo", weight=60))
    cset = CriteriaSet("eigen", Text("Eigen set"), Text(""), "test", criteria)
    w = apply_criteria_set(judged, cset)
    assert (w.criteria_set, w.criteria) == ("eigen", criteria)
    assert (w.weight_method, dict(w.weight_inputs)) == (WeightMethod.DIRECT, {})
    assert dict(w.scores) == {k: v for k, v in small_workshop.scores.items() if k[2] == "wensen"}
    assert dropped_scores(judged, w) == 12


def test_every_shipped_set_applied_to_the_example_leaves_no_orphans(example_path, criteria_dir):
    example = load_workshop(example_path)
    for cset in load_criteria_sets(criteria_dir).values():
        w = apply_criteria_set(example, cset)
        assert not orphans(w), cset.id
        kept = {c.id for c in cset.criteria}
        assert set(w.scores) == {key for key in example.scores if key[2] in kept}
        assert dropped_scores(example, w) == len(example.scores) - len(w.scores)


def test_dropped_scores_counts_what_a_change_removes(small_workshop):
    assert dropped_scores(small_workshop, small_workshop) == 0
    assert dropped_scores(small_workshop, remove_kans(small_workshop, "K01")) == 6
    assert dropped_scores(small_workshop, remove_participant(small_workshop, "anna")) == 9


# -- weighing ---------------------------------------------------------------------------


def test_weighing_stores_the_weights_the_method_and_its_inputs(small_workshop):
    inputs = {"punten": {"wensen": 70, "risico": 10, "meerkosten": 20}}
    w = weigh(small_workshop, {"wensen": 70, "risico": 10, "meerkosten": 20}, WeightMethod.POINTS, inputs)
    assert [c.weight for c in w.criteria] == [70, 10, 20]
    assert (w.weight_method, dict(w.weight_inputs)) == (WeightMethod.POINTS, inputs)
    assert w.scores == small_workshop.scores


def test_weighing_directly_records_the_percentages(small_workshop):
    w = weigh_directly(small_workshop, {"wensen": 40, "risico": 40, "meerkosten": 20})
    assert [c.weight for c in w.criteria] == [40, 40, 20]
    assert w.weight_method == WeightMethod.DIRECT
    assert dict(w.weight_inputs) == {"procenten": {"wensen": 40.0, "risico": 40.0, "meerkosten": 20.0}}


@pytest.mark.parametrize(
    ("weights", "problem"),
    [
        ({"wensen": 0, "risico": 0, "meerkosten": 0}, "weights_zero"),
        ({"wensen": 50, "risico": -10, "meerkosten": 0}, "weights_negative"),
        ({"wensen": float("nan"), "risico": 1, "meerkosten": 1}, "weights_nan"),
    ],
)
def test_weights_the_ranking_cannot_use_are_refused(small_workshop, weights, problem):
    with pytest.raises(WeightsError) as caught:
        weigh_directly(small_workshop, weights)
    assert caught.value.key == problem


# -- the decision -----------------------------------------------------------------------


@pytest.fixture
def five_kansen(small_workshop) -> Workshop:
    """Five koppelkansen, some already decided and motivated."""
    extra = (
        Koppelkans("K04", "Geveltuinen in de Kastanjestraat", KansType.PHYSICAL),
        Koppelkans("K05", "Buurtconciërge", KansType.SOCIAL),
    )
    kansen = (*small_workshop.kansen, *extra)
    kansen = tuple(
        replace(k, status=Status.NOT_CHOSEN, motivation="Past niet in de planning van het waterschap.")
        if k.id == "K01"
        else replace(k, motivation="Bewoners vroegen er zelf om.")
        if k.id == "K05"
        else k
        for k in kansen
    )
    return replace(small_workshop, kansen=kansen)


def test_adopting_a_proposal_prioritises_those_and_decides_nothing(five_kansen):
    assert PROPOSAL_STATUS is Status.PRIORITISED
    w = adopt_proposal(five_kansen, ["K02", "K03", "K05"])
    assert ids(prioritised(w)) == ["K02", "K03", "K05"]
    assert proposed(w) == (), "taking over makes them to be worked out, not a proposal yet"
    assert chosen(w) == (), "a selection is not the team's choice yet"
    assert {k.id: k.status for k in w.kansen} == {
        "K01": Status.NOT_CHOSEN,  # the team's own "not chosen" stays
        "K02": Status.PRIORITISED,
        "K03": Status.PRIORITISED,
        "K04": Status.CANDIDATE,
        "K05": Status.PRIORITISED,
    }
    assert w.kans_ids == five_kansen.kans_ids, "the inventory order stays"


def test_a_new_selection_puts_an_earlier_selection_proposal_and_choice_back_to_candidate(five_kansen):
    earlier = record_decisions(
        adopt_proposal(five_kansen, ["K02", "K03"]),
        {"K04": (Status.CHOSEN, "Snel."), "K05": (Status.PROPOSED, "Bewoners vroegen er zelf om.")},
    )
    assert [k.status for k in earlier.kansen][1:] == [
        Status.PRIORITISED,
        Status.PRIORITISED,
        Status.CHOSEN,
        Status.PROPOSED,
    ]
    w = adopt_proposal(earlier, ["K03"])
    assert {k.id: k.status for k in w.kansen} == {
        "K01": Status.NOT_CHOSEN,
        "K02": Status.CANDIDATE,  # was prioritised
        "K03": Status.PRIORITISED,
        "K04": Status.CANDIDATE,  # was chosen
        "K05": Status.CANDIDATE,  # was proposed
    }
    assert w.kans("K04").motivation == "Snel.", "a reason typed stays with its koppelkans"


def test_a_new_selection_keeps_what_is_already_in_the_plan_and_every_fiche(five_kansen):
    worked = replace(five_kansen, kansen=tuple(
        replace(complete_fiche(k), status=Status.ADOPTED) if k.id == "K04" else complete_fiche(k)
        for k in five_kansen.kansen
    ))  # fmt: skip
    w = adopt_proposal(worked, ["K02"])
    assert w.kans("K04").status is Status.ADOPTED, "opgenomen in het plan is past the team's choice"
    assert [k.fiche for k in w.kansen] == [k.fiche for k in worked.kansen]


def test_a_proposal_takes_in_a_top_koppelkans_marked_not_chosen(five_kansen):
    # the button says "take over the top three": a top one the team had ruled out is prioritised again
    assert adopt_proposal(five_kansen, ["K01"]).kans("K01").status is Status.PRIORITISED


def test_confirming_proposes_only_the_prioritised_with_a_complete_fiche(five_kansen):
    w = adopt_proposal(five_kansen, ["K02", "K03", "K05"])
    w = replace(w, kansen=tuple(complete_fiche(k) if k.id in ("K03", "K04") else k for k in w.kansen))
    confirmed = confirm_proposal(w)
    assert {k.id: k.status for k in confirmed.kansen} == {
        "K01": Status.NOT_CHOSEN,
        "K02": Status.PRIORITISED,  # fiche empty: stays to be worked out
        "K03": Status.PROPOSED,  # worked out: on to the projectteam
        "K04": Status.CANDIDATE,  # a complete fiche alone is no selection
        "K05": Status.PRIORITISED,
    }
    assert chosen(confirmed) == (), "the stuurgroep chooses, not this button"
    assert confirm_proposal(five_kansen) == five_kansen, "without a selection there is nothing to confirm"
    assert confirm_proposal(confirmed) == confirmed, "a proposal is not pushed further"


def test_adopting_keeps_the_motivations_already_typed(five_kansen):
    w = adopt_proposal(five_kansen, ["K02", "K03", "K04"])
    assert {k.id: k.motivation for k in w.kansen} == {k.id: k.motivation for k in five_kansen.kansen}
    assert w.kans("K01").motivation == "Past niet in de planning van het waterschap."
    # nothing but the status changes
    assert [replace(k, status=Status.CANDIDATE) for k in w.kansen] == [
        replace(k, status=Status.CANDIDATE) for k in five_kansen.kansen
    ]
    assert w.scores == five_kansen.scores


def test_adopting_ignores_ids_no_longer_there(five_kansen):
    w = adopt_proposal(five_kansen, ["K02", "K99"])
    assert ids(prioritised(w)) == ["K02"]


def test_the_wijkkompas_advises_three():
    assert ADVISED_CHOICES == 3


def test_recording_decisions_strips_motivations_and_keeps_the_rest(five_kansen):
    w = record_decisions(
        five_kansen,
        {"K02": (Status.CHOSEN, "  Sluit aan bij de huisbezoeken.\n"), "K99": (Status.CHOSEN, "weg")},
    )
    assert (w.kans("K02").status, w.kans("K02").motivation) == (
        Status.CHOSEN,
        "Sluit aan bij de huisbezoeken.",
    )
    assert [k for k in w.kansen if k.id != "K02"] == [k for k in five_kansen.kansen if k.id != "K02"]


def test_missing_motivations_flags_decided_koppelkansen_without_a_reason(five_kansen):
    w = record_decisions(
        five_kansen,
        {
            "K02": (Status.CHOSEN, ""),  # chosen, no reason: flagged
            "K03": (Status.NOT_CHOSEN, "   \n "),  # not chosen, only spaces: flagged
            "K04": (Status.CHOSEN, "Goedkoop en snel."),  # chosen with a reason
            # K01: not chosen with a reason; K05: a candidate (with a note) is not decided yet
        },
    )
    # record_decisions strips, so build the only-spaces case directly too
    spaces = replace(w, kansen=tuple(replace(k, motivation=" ") if k.id == "K03" else k for k in w.kansen))
    assert ids(missing_motivations(w)) == ["K02", "K03"]
    assert ids(missing_motivations(spaces)) == ["K02", "K03"]


def test_candidates_never_need_a_motivation(small_workshop):
    assert all(k.status is Status.CANDIDATE and not k.motivation for k in small_workshop.kansen)
    assert missing_motivations(small_workshop) == ()


def test_a_selection_needs_no_reason_until_it_is_chosen(five_kansen):
    w = adopt_proposal(five_kansen, ["K01", "K02", "K03"])
    assert missing_motivations(w) == (), "a selection is not decided yet"
    ready = replace(w, kansen=tuple(complete_fiche(k) for k in w.kansen))
    assert missing_motivations(confirm_proposal(ready)) == (), "a proposal is not decided yet either"
    # chosen: K01 carries the reason typed earlier, K02 and K03 have none
    decided = record_decisions(
        ready, {k: (Status.CHOSEN, ready.kans(k).motivation) for k in ("K01", "K02", "K03")}
    )
    assert ids(missing_motivations(decided)) == ["K02", "K03"]


def test_set_fiche_sets_the_trekker_only_when_given(five_kansen):
    from decision.domain.model import Fiche
    from decision.domain.operations import set_fiche

    fiche = Fiche(cost_bearer="Gemeente")
    w = set_fiche(five_kansen, "K02", fiche, lead="  Team Wijk ")
    assert (w.kans("K02").fiche, w.kans("K02").lead) == (fiche, "Team Wijk")
    assert set_fiche(w, "K02", Fiche()).kans("K02").lead == "Team Wijk", "no trekker given: it stays"
    assert [k for k in w.kansen if k.id != "K02"] == [k for k in five_kansen.kansen if k.id != "K02"]


def test_the_team_package_is_the_choice_else_what_was_taken_over(five_kansen):
    from decision.domain.packages import team_package

    assert team_package(five_kansen) == ("", ())
    w = adopt_proposal(five_kansen, ["K05", "K02"])
    assert team_package(w) == ("proposed", ("K02", "K05")), "inventory order"
    w = record_decisions(w, {"K03": (Status.PROPOSED, "")})
    assert team_package(w) == ("proposed", ("K02", "K03", "K05"))
    w = record_decisions(w, {"K04": (Status.ADOPTED, "In het plan.")})
    assert team_package(w) == ("chosen", ("K04",))
