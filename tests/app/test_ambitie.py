"""Ambitie & criteria: the criteria set and the four ways to weigh the criteria."""

from __future__ import annotations

import pytest

from decision.core.weighting import ahp, pairwise_from_judgements, rank_weights
from decision.domain.model import WeightMethod
from decision.text import formatting
from ui.catalog import t
from ui.text import md

IDS = ["wensen", "kosten", "tijd", "risico", "ambitie"]  # the example's criteria, in order


def weights(w) -> dict[str, float]:
    return {c.id: c.weight for c in w.criteria}


def choose_method(at, method: WeightMethod):
    return at.segmented_control(key="weight_method_choice").set_value(method).run()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_ambitie_page_in_both_languages(app, wid, lang):
    at = app("ambitie", wid, lang=lang)
    assert not at.exception
    assert at.title[0].value == t("page.ambitie_title", lang)
    assert t("ambitie.weights", lang) in at.header.values
    assert at.get("plotly_chart"), "the weights chart"


def test_ambitie_needs_an_open_workshop(app):
    at = app("ambitie")
    assert not at.exception
    assert at.info[0].value == t("layout.no_workshop", "nl")
    assert at.get("page_link")
    assert not at.header


def test_switching_the_weight_method_shows_its_editor(app, wid):
    at = app("ambitie", wid)
    assert at.segmented_control(key="weight_method_choice").value == WeightMethod.DIRECT
    assert len([s for s in at.slider if s.key.startswith("wd_")]) == 5
    choose_method(at, WeightMethod.POINTS)
    assert not at.exception
    assert [n.key for n in at.number_input if n.key.startswith("wp_")]
    assert not [s for s in at.slider if s.key.startswith("wd_")]
    choose_method(at, WeightMethod.RANK)
    assert {f"wr_{c}" for c in IDS} <= {s.key for s in at.selectbox}
    choose_method(at, WeightMethod.AHP)
    assert len(at.select_slider) == 10  # 5 criteria: 10 pairs


def test_a_direct_slider_changes_the_stored_weights(app, wid, saved):
    at = app("ambitie", wid)
    assert weights(saved(wid)) == {"wensen": 25, "kosten": 20, "tijd": 15, "risico": 15, "ambitie": 25}
    slider = next(s for s in at.slider if s.key == "wd_wensen")
    assert slider.value == 25
    slider.set_value(50).run()
    assert not at.exception
    w = saved(wid)
    assert weights(w)["wensen"] == 50
    assert w.weight_method == WeightMethod.DIRECT
    # The slider stays at 50; the others share the other 50 (test_weights.py has the details).
    assert next(s for s in at.slider if s.key == "wd_wensen").value == 50
    assert sum(weights(w).values()) == 100


def test_100_points_can_only_be_applied_when_they_add_up(app, wid, saved):
    at = choose_method(app("ambitie", wid), WeightMethod.POINTS)
    assert not at.button(key="apply_points").disabled  # the stored weights add up to 100
    at.number_input(key="wp_wensen").set_value(35).run()
    assert at.button(key="apply_points").disabled
    assert at.warning[0].value == t("weights.points_over", "nl", n=10)
    at.number_input(key="wp_ambitie").set_value(5).run()
    assert at.button(key="apply_points").disabled
    assert at.warning[0].value == t("weights.points_left", "nl", n=10)
    at.number_input(key="wp_kosten").set_value(30).run()
    assert not at.button(key="apply_points").disabled
    assert at.success[0].value == t("weights.points_done", "nl")
    at.button(key="apply_points").click().run()
    assert not at.exception
    w = saved(wid)
    assert w.weight_method == WeightMethod.POINTS
    assert weights(w) == pytest.approx({"wensen": 35, "kosten": 30, "tijd": 15, "risico": 15, "ambitie": 5})
    assert w.weight_inputs["punten"] == {"wensen": 35, "kosten": 30, "tijd": 15, "risico": 15, "ambitie": 5}


def test_a_ranking_is_turned_into_roc_weights(app, wid, saved):
    at = choose_method(app("ambitie", wid), WeightMethod.RANK)
    for rank, cid in enumerate(IDS, start=1):
        at.selectbox(key=f"wr_{cid}").set_value(rank)
    at.run()
    assert at.segmented_control(key="wr_method").value == "roc"
    at.button(key="apply_rank").click().run()
    assert not at.exception
    w = saved(wid)
    assert w.weight_method == WeightMethod.RANK
    stored = [weights(w)[c] for c in IDS]
    assert sum(stored) == pytest.approx(100)
    assert stored == sorted(stored, reverse=True) and len(set(stored)) == 5  # strictly in rank order
    assert stored == pytest.approx(list(100 * rank_weights([1, 2, 3, 4, 5], "roc")))
    assert stored[0] == pytest.approx(45.67, abs=0.01)
    assert w.weight_inputs["rangorde"] == {c: r for r, c in enumerate(IDS, start=1)}


def _judge(at, pairs: dict[str, int]):
    for key, value in pairs.items():
        at.select_slider(key=f"wa_{key}").set_value(value)
    return at.run()


def test_ahp_shows_the_consistency_ratio_and_stores_ahp_weights(app, wid, saved):
    at = choose_method(app("ambitie", wid), WeightMethod.AHP)
    # All "even belangrijk": perfectly consistent.
    assert at.success[0].value == t("weights.ahp_cr_ok", "nl", cr=formatting.number(0.0, "nl", 2))
    # Wensen three times as important as each of the others: still consistent.
    _judge(at, {f"wensen|{other}": 3 for other in IDS[1:]})
    assert not at.exception
    assert at.success[0].value == t("weights.ahp_cr_ok", "nl", cr=formatting.number(0.0, "nl", 2))
    assert not at.warning
    at.button(key="apply_ahp").click().run()
    assert not at.exception
    w = saved(wid)
    assert w.weight_method == WeightMethod.AHP
    assert [weights(w)[c] for c in IDS] == pytest.approx([300 / 7] + [100 / 7] * 4)
    assert w.weight_inputs["oordelen"]["wensen|kosten"] == 3


def test_ahp_names_the_most_inconsistent_pair(app, wid, saved):
    at = choose_method(app("ambitie", wid), WeightMethod.AHP)
    # wensen > kosten > tijd, and yet tijd > wensen: a circle.
    _judge(at, {"wensen|kosten": 9, "kosten|tijd": 9, "wensen|tijd": -9})
    assert not at.exception
    result = ahp(pairwise_from_judgements(5, {(0, 1): 9.0, (1, 2): 9.0, (0, 2): 1 / 9}))
    assert not result.acceptable
    cr = formatting.number(result.consistency_ratio, "nl", 2)
    assert at.warning[0].value == t("weights.ahp_cr_high", "nl", cr=cr)
    labels = {c.id: md(c.label.nl) for c in saved(wid).criteria}
    a, b = result.worst_pair
    assert {IDS[a], IDS[b]} <= {"wensen", "kosten", "tijd"}
    ratio = formatting.number(result.weights[a] / result.weights[b], "nl", 1)
    assert at.info[0].value == t("weights.ahp_worst", "nl", a=labels[IDS[a]], b=labels[IDS[b]], ratio=ratio)


def test_another_criteria_set_warns_and_then_drops_the_scores_it_has_no_criteria_for(app, wid, saved):
    before = saved(wid)
    keep = {"enthousiasme", "tempo", "politiek", "doorbraak", "kosten"}  # the afwegingskader set
    stale = [key for key in before.scores if key[2] not in keep]
    assert stale and len(stale) < len(before.scores)
    at = app("ambitie", wid)
    assert at.button(key="apply_set").disabled  # the set in use
    assert not at.warning
    at.selectbox(key="criteria_set_pick").set_value("wijkkompas-afwegingskader").run()
    assert not at.exception
    assert at.warning[0].value == t("ambitie.set_warning", "nl", n=len(stale))
    assert saved(wid) == before, "nothing changes before the button"
    at.button(key="apply_set").click().run()
    assert not at.exception
    after = saved(wid)
    assert after.criteria_set == "wijkkompas-afwegingskader"
    assert set(after.criterion_ids) == keep
    assert set(after.scores) == {key for key in before.scores if key[2] == "kosten"}
    assert all(after.scores[key] == before.scores[key] for key in after.scores)
    assert at.button(key="apply_set").disabled
    assert not at.warning
