"""Ambitie & criteria, the weights: percentages that hold, AHP sliders that read as they run,
live previews, and inputs that survive a look at another method.

What a team relies on: "ambitie 40%" is stored and shown as exactly 40, the rest
visibly rebalanced to a total of 100; every place shows the same whole
percentages; dragging an AHP slider towards a criterion makes that criterion
weigh more; an editor shows the weights it will give before they are applied; and
points, ranks or judgements typed but not applied are still there after switching
to another method and back.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from decision.domain.model import WeightMethod
from decision.domain.operations import weigh
from ui.catalog import t
from ui.text import md
from ui.weights import AHP_SCALE

IDS = ["wensen", "kosten", "tijd", "risico", "ambitie"]  # the example's criteria, in order
STORED = [25, 20, 15, 15, 25]


def weights(w) -> list[float]:
    return [c.weight for c in w.criteria]


def slider(at, cid: str):
    return next(s for s in at.slider if s.key == f"wd_{cid}")


def sliders(at) -> list[int]:
    return [slider(at, cid).value for cid in IDS]


def choose(at, method: WeightMethod):
    return at.segmented_control(key="weight_method_choice").set_value(method).run()


def chart_percentages(at) -> list[str]:
    """The percentages written on the weights chart's bars, in criterion order."""
    chart = next(c for c in at.get("plotly_chart") if "weights_chart" in c.proto.id)
    bars = json.loads(chart.proto.spec)["data"][0]
    return [text.replace("\u00a0", "") for text in bars["text"]]


def preview(at) -> str:
    lead = t("weights.preview", "nl")
    return next(m.value for m in at.markdown if m.value.startswith(lead))


def previewed(at, w) -> dict[str, int]:
    """The preview's whole percentages per criterion id, read from the text the team sees."""
    text = preview(at)[len(t("weights.preview", "nl")) :]
    out = {}
    for c, part in zip(w.criteria, text.split(" · "), strict=True):
        label, percent = part.strip().rsplit(" ", 1)
        assert label == md(c.label.nl)
        out[c.id] = int(percent.strip("*%"))
    return out


# -- percentages ------------------------------------------------------------------------


def test_a_slider_set_to_40_stays_at_40_and_the_others_rebalance_to_100(app, wid, saved):
    at = app("ambitie", wid)
    assert sliders(at) == STORED
    slider(at, "wensen").set_value(40).run()
    assert not at.exception
    # The other 75 share 60 in proportion: 20:15:15:25 times 0.8.
    assert weights(saved(wid)) == [40, 16, 12, 12, 20]
    assert sliders(at) == [40, 16, 12, 12, 20], "the sliders show the stored, rebalanced weights at once"
    assert chart_percentages(at) == ["40%", "16%", "12%", "12%", "20%"]
    assert saved(wid).weight_inputs["procenten"] == dict(zip(IDS, [40, 16, 12, 12, 20], strict=True))


def test_dragging_one_slider_far_and_back_leaves_the_others_as_they_were(app, wid, saved):
    at = app("ambitie", wid)
    slider(at, "wensen").set_value(90).run()
    assert sum(sliders(at)) == 100 and sliders(at)[0] == 90
    slider(at, "wensen").set_value(25).run()
    assert not at.exception
    assert weights(saved(wid)) == STORED, "no rounding worn into the other criteria"


def test_moving_a_second_slider_keeps_the_first_slider_s_outcome_as_its_basis(app, wid, saved):
    at = app("ambitie", wid)
    slider(at, "wensen").set_value(40).run()  # 40, 16, 12, 12, 20
    slider(at, "ambitie").set_value(30).run()
    # The other four (40, 16, 12, 12) share 70: 35, 14, 10.5, 10.5 -> the first .5 gets the unit.
    assert weights(saved(wid)) == [35, 14, 11, 10, 30]
    assert sum(sliders(at)) == 100


def test_stored_weights_that_do_not_add_up_show_as_whole_percentages_summing_to_100(app, store, example):
    # AHP-like weights: rounded one by one they show 43 + 4 * 14 = 99.
    ahp_weights = dict(zip(IDS, [300 / 7] + [100 / 7] * 4, strict=True))
    wid = store.workshops.create(replace(example, criteria=example.with_weights(ahp_weights).criteria))
    at = app("ambitie", wid)
    assert sliders(at) == [43, 15, 14, 14, 14]
    assert chart_percentages(at) == ["43%", "15%", "14%", "14%", "14%"]


# -- AHP ------------------------------------------------------------------------------


def test_the_left_end_of_an_ahp_slider_makes_the_left_criterion_weigh_most(app, wid, saved):
    at = choose(app("ambitie", wid), WeightMethod.AHP)
    pair = at.select_slider(key="wa_tijd|risico")
    assert pair.label.startswith("Tijd")  # "Tijd ↔ Risico's": tijd is the left-hand criterion
    pair.set_value(AHP_SCALE[0]).run()  # the left end
    assert not at.exception
    shown = previewed(at, saved(wid))
    assert shown["tijd"] == max(shown.values()) and shown["risico"] == min(shown.values())
    at.button(key="apply_ahp").click().run()
    w = saved(wid)
    stored = dict(zip(IDS, weights(w), strict=True))
    assert stored["tijd"] == max(stored.values())
    assert stored["risico"] == min(stored.values())
    assert w.weight_inputs["oordelen"]["tijd|risico"] == 9, "a|b above 1 still means a is more important"


def test_a_stored_judgement_comes_back_on_the_side_of_the_criterion_it_favours(app, store, example):
    judged = weigh(
        example,
        dict(zip(IDS, STORED, strict=True)),
        WeightMethod.AHP,
        {"oordelen": {"wensen|kosten": 1 / 5, "tijd|risico": 7.0}},
    )
    at = app("ambitie", store.workshops.create(judged))
    assert at.segmented_control(key="weight_method_choice").value == WeightMethod.AHP
    options = list(AHP_SCALE)
    favour_right = at.select_slider(key="wa_wensen|kosten").value
    favour_left = at.select_slider(key="wa_tijd|risico").value
    middle = options.index(1)
    assert options.index(favour_right) > middle, "kosten (right-hand) is more important: right of the middle"
    assert options.index(favour_left) < middle, "tijd (left-hand) is more important: left of the middle"
    assert (favour_right, favour_left) == (-5, 7)


def test_ahp_shows_the_weights_before_they_are_applied(app, wid, saved):
    before = saved(wid)
    at = choose(app("ambitie", wid), WeightMethod.AHP)
    for other in IDS[1:]:
        at.select_slider(key=f"wa_wensen|{other}").set_value(3)
    at.run()
    # Wensen three times each of the others: 3/7 and 1/7 each, shown as 43 + 15 + 14 * 3 = 100.
    # Which of the four equal ones shows the 15 is left to float noise in the eigenvector
    # (a heavier weight wins the unit, by however little).
    shown = previewed(at, before)
    assert shown["wensen"] == 43
    assert sorted(shown[c] for c in IDS[1:]) == [14, 14, 14, 15]
    assert saved(wid) == before, "a preview stores nothing"


# -- 100 points and the ranking ---------------------------------------------------------


def test_points_default_to_the_shown_percentages_which_add_up_to_100(app, store, example):
    ahp_weights = dict(zip(IDS, [300 / 7] + [100 / 7] * 4, strict=True))
    wid = store.workshops.create(replace(example, criteria=example.with_weights(ahp_weights).criteria))
    at = choose(app("ambitie", wid), WeightMethod.POINTS)
    points = [at.number_input(key=f"wp_{cid}").value for cid in IDS]
    assert points == [43, 15, 14, 14, 14]
    assert not at.button(key="apply_points").disabled
    assert at.success[0].value == t("weights.points_done", "nl")


def test_points_typed_survive_a_switch_to_another_method_and_back(app, wid, saved):
    at = choose(app("ambitie", wid), WeightMethod.POINTS)
    at.number_input(key="wp_wensen").set_value(35).run()
    at.number_input(key="wp_ambitie").set_value(15).run()
    assert t("weights.unapplied", "nl") in at.caption.values
    choose(at, WeightMethod.RANK)
    choose(at, WeightMethod.DIRECT)
    choose(at, WeightMethod.POINTS)
    assert not at.exception
    assert [at.number_input(key=f"wp_{cid}").value for cid in IDS] == [35, 20, 15, 15, 15]
    assert t("weights.unapplied", "nl") in at.caption.values
    assert previewed(at, saved(wid)) == dict(zip(IDS, [35, 20, 15, 15, 15], strict=True))
    at.button(key="apply_points").click().run()
    assert weights(saved(wid)) == pytest.approx([35, 20, 15, 15, 15])
    assert t("weights.unapplied", "nl") not in at.caption.values, "applied: nothing is pending any more"
    choose(at, WeightMethod.DIRECT)
    assert sliders(at) == [35, 20, 15, 15, 15]


def test_a_ranking_and_its_rule_survive_a_switch_and_show_their_weights(app, wid, saved):
    before = saved(wid)
    at = choose(app("ambitie", wid), WeightMethod.RANK)
    for rank, cid in enumerate(IDS, start=1):
        at.selectbox(key=f"wr_{cid}").set_value(rank)
    at.segmented_control(key="wr_method").set_value("rs").run()
    # Rank sum for 5: 5/15, 4/15, 3/15, 2/15, 1/15 = 33.3, 26.7, 20, 13.3, 6.7 -> 33 + 27 + 20 + 13 + 7.
    assert previewed(at, before) == dict(zip(IDS, [33, 27, 20, 13, 7], strict=True))
    choose(at, WeightMethod.AHP)
    choose(at, WeightMethod.RANK)
    assert [at.selectbox(key=f"wr_{cid}").value for cid in IDS] == [1, 2, 3, 4, 5]
    assert at.segmented_control(key="wr_method").value == "rs"
    assert saved(wid) == before


def test_ahp_judgements_survive_a_switch_and_back(app, wid):
    at = choose(app("ambitie", wid), WeightMethod.AHP)
    at.select_slider(key="wa_kosten|tijd").set_value(-7).run()
    choose(at, WeightMethod.POINTS)
    choose(at, WeightMethod.AHP)
    assert at.select_slider(key="wa_kosten|tijd").value == -7


def test_unapplied_inputs_belong_to_their_workshop(app, wid, store, example):
    other = store.workshops.create(replace(example, name="Andere wijk"))
    at = choose(app("ambitie", wid), WeightMethod.POINTS)
    at.number_input(key="wp_wensen").set_value(50).run()
    at.session_state["w"] = other
    at.query_params["w"] = other
    at.run()
    assert not at.exception
    assert at.number_input(key="wp_wensen").value == 25, "another workshop starts from its own weights"
