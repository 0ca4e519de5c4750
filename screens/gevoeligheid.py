"""Gevoeligheid: how firm the top three is, recomputed on every weight change."""

import pandas as pd
import streamlit as st

from decision.core.aggregation import AGGREGATIONS
from decision.core.methods import DEFAULT_METHOD, METHODS
from decision.core.weighting import display_percentages, rebalance
from decision.domain.operations import weigh_directly
from decision.domain.perspectives import group_weight_sentence, holds_under_group_weights
from decision.domain.sensitivity import SAMPLES, SEED, UNCERTAINTY, member_sentence, remedy_sentence
from decision.errors import DecisionError
from decision.output import charts
from decision.output.charts import alternatives
from decision.text import formatting
from ui import layout, presentation, sheet_basis, state
from ui.figures import show_fitted
from ui.state import tr
from ui.text import md

w = layout.page("page.gevoeligheid_title", "page.gevoeligheid_intro")
lang = state.lang()
if not w.kansen or not w.scores or not w.criteria:
    st.info(tr("results.no_scores"), icon=":material/info:")
    st.stop()

# The sliders are whole percentages summing to 100, as on Ambitie: the sentences below
# then name the very percentages the sliders show.
stored = dict(zip(w.criterion_ids, display_percentages([c.weight for c in w.criteria]), strict=True))
slider_keys = {c.id: f"gv_{c.id}" for c in w.criteria}
BASIS_KEY = "gv_basis"  # the sliders before the one moving now started to move


def _reset() -> None:
    st.session_state.pop(BASIS_KEY, None)
    for c in w.criteria:
        st.session_state[slider_keys[c.id]] = stored[c.id]


def _rebalance(criterion_id: str) -> None:
    """The moved slider keeps its value; the others share the rest in proportion."""
    value = int(st.session_state[slider_keys[criterion_id]])
    others = {cid: int(st.session_state[key]) for cid, key in slider_keys.items() if cid != criterion_id}
    memo = st.session_state.get(BASIS_KEY)
    # While one slider keeps moving, rebalance from where the others were before it
    # started, so dragging it far and back does not wear down their proportions.
    same_move = isinstance(memo, dict) and memo["criterion"] == criterion_id and memo["result"] == others
    basis = memo["basis"] if same_move and isinstance(memo, dict) else others
    ids = w.criterion_ids
    index = ids.index(criterion_id)
    whole = rebalance([basis.get(cid, 0) for cid in ids], index, value)
    result = {cid: int(p) for cid, p in zip(ids, whole, strict=True)}
    for cid, p in result.items():
        st.session_state[slider_keys[cid]] = p
    st.session_state[BASIS_KEY] = {
        "criterion": criterion_id,
        "basis": basis,
        "result": {cid: p for cid, p in result.items() if cid != criterion_id},
    }


def _save() -> None:
    trial = {cid: float(st.session_state[key]) for cid, key in slider_keys.items()}
    try:
        weighed = weigh_directly(w, trial)
    except DecisionError:
        return  # all sliders at 0: the page already says so, and there is nothing to save
    # Only a weighing that was stored is called saved: during an open round the store
    # refuses it, and the page says why (and only that).
    st.session_state["gv_saved"] = state.commit(weighed)


for c in w.criteria:  # first visit, or weights changed elsewhere: start from the stored weights
    st.session_state.setdefault(slider_keys[c.id], stored[c.id])

# On the projector the findings come first, one per screen; the controls fold away under them.
slide_area = st.container() if state.presenting() else None
settings = presentation.settings()
controls = settings.columns(2, vertical_alignment="bottom")
method = controls[0].segmented_control(
    tr("sens.method"),
    list(METHODS),
    default=DEFAULT_METHOD,
    required=True,
    key="gv_method",
    format_func=lambda m: tr(METHODS[m].label_key),
)
k = controls[1].selectbox(tr("sens.k"), [1, 2, 3, 4, 5], index=2, key="gv_k")
# Combined as on Resultaten (its control keeps the choice for the session), so the base
# ranking here is the one the team saw there.
aggregation = st.session_state.get("aggregation")
if aggregation not in AGGREGATIONS:
    aggregation = AGGREGATIONS[0]
more = settings.columns(2, vertical_alignment="bottom")
level = more[0].segmented_control(
    tr("sens.uncertainty"),
    list(UNCERTAINTY),
    default="medium",
    required=True,
    key="gv_uncertainty",
    format_func=lambda u: tr(f"sens.uncertainty.{u}"),
    help=tr("sens.uncertainty_help"),
)
use_people = more[1].toggle(
    tr("sens.participants"),
    value=sheet_basis.count(w) > 1,
    key="gv_people",
    help=tr("sens.participants_help"),
    disabled=sheet_basis.count(w) < 2,
)
settings.caption(tr("sens.aggregation_note", aggregation=tr(f"aggregation.{aggregation}").lower()))
sheet_basis.note(w)

# (an expander cannot hold another one: when presenting the weights sit in "Instellingen" itself)
weights_box = (
    settings.container()
    if state.presenting()
    else st.expander(tr("sens.weights"), expanded=True, icon=":material/tune:")
)
with weights_box:
    st.caption(tr("sens.weights_help"))
    for c in w.criteria:
        st.slider(
            md(c.label.get(lang)),
            0,
            100,
            step=1,
            format="%d%%",
            key=slider_keys[c.id],
            on_change=state.on(_rebalance, c.id),
        )
    left, right = st.columns(2)
    left.button(tr("sens.reset"), on_click=state.on(_reset), icon=":material/restart_alt:", key="gv_reset")
    right.button(tr("sens.save"), on_click=state.on(_save), icon=":material/save:", key="gv_save")
    if st.session_state.pop("gv_saved", False):
        st.success(tr("sens.saved"), icon=":material/check:")

trial = {cid: float(st.session_state[key]) for cid, key in slider_keys.items()}
if sum(trial.values()) <= 0:
    st.warning(tr("weights.all_zero"), icon=":material/warning:")
    st.stop()
tried = w.with_weights(trial)
report = state.sensitivity(trial, method, aggregation, k, level, use_people)
base_top = set(state.ranking(method, aggregation).top(k))
now_top = set(report.top)
intervals = [(iv.low, iv.high, iv.current) for iv in report.intervals]


def firmness() -> None:
    if now_top == base_top:
        st.success(tr("sens.same", k=k), icon=":material/check:")
    else:
        names = lambda ids: ", ".join(md(w.kans(i).name) for i in sorted(ids)) or "–"  # noqa: E731
        st.warning(
            tr("sens.changed", k=k, entered=names(now_top - base_top), left=names(base_top - now_top)),
            icon=":material/swap_vert:",
        )
    st.header(tr("sens.firmness"), anchor=False)
    for kid in report.top:
        st.markdown("- " + md(member_sentence(report, tried, kid, lang)))
    if w.group_weights:  # the groups that gave their own weights: does the top three hold for them?
        check = holds_under_group_weights(w, method, aggregation)
        st.caption(tr("sens.group_weights", sentence=group_weight_sentence(w, check, lang)))


def topk_chart() -> None:
    show_fitted(
        lambda **fit: charts.topk_probability_bar(
            tried.kansen, report.probabilities, report.top, k, lang, **fit
        ),
        key="gv_topk",
        alternative=alternatives.topk_table(tried.kansen, report.probabilities, k, lang),
    )


def stability_chart() -> None:
    show_fitted(
        lambda **fit: charts.stability_chart(tried.criteria, intervals, k, lang, **fit),
        key="gv_stability",
        alternative=alternatives.stability_table(tried.criteria, intervals, k, lang),
    )


def ranking_table() -> None:
    st.header(tr("sens.table"), anchor=False)
    table = report.ranking.table
    probability = dict(zip(report.ranking.kans_ids, report.probabilities, strict=True))
    st.dataframe(
        pd.DataFrame(
            {
                tr("col.rank"): table["rank"],
                tr("kans.name"): table["name"],
                tr("results.score"): [formatting.score(x, lang) for x in table["score"]],
                tr("sens.col_probability", k=k): [
                    formatting.percent(probability[i], lang) for i in table["id"]
                ],
            }
        ),
        hide_index=True,
        height="content",
    )


SLIDE_TITLES = {
    "firmness": "sens.firmness",
    "topk": "sens.section_topk",
    "stability": "sens.section_stability",
    "table": "sens.table",
}
if slide_area is not None:
    with slide_area:
        presentation.slides(
            {
                "firmness": firmness,
                "topk": topk_chart,
                "stability": stability_chart,
                "table": ranking_table,
            },
            lambda s: tr(SLIDE_TITLES[s]),
            key="gv_slide",
        )
    st.stop()
firmness()
topk_chart()
stability_chart()
ranking_table()

outside = [kid for kid in report.ranking.table["id"] if kid not in now_top]
if outside:
    st.header(tr("sens.what_would_it_take"), anchor=False)
    pick = st.selectbox(
        tr("sens.pick"), outside, key="gv_pick", format_func=lambda kid: f"{kid} · {w.kans(kid).name}"
    )
    st.markdown(md(remedy_sentence(report, tried, pick, lang)))
st.caption(tr("sens.method_note", samples=formatting.number(SAMPLES, lang, 0), seed=SEED))
layout.how_it_works("howto.gevoeligheid")
