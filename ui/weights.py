"""Four ways to set criterion weights: percentages, 100 points, a ranking (ROC), AHP.

Each editor shows its result live and saves with the method and its inputs,
so the workshop file records *how* the weights came about.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import streamlit as st

from decision.core.weighting import ahp, pairwise_from_judgements, points_weights, rank_weights
from decision.domain.model import WeightMethod, Workshop
from decision.domain.operations import weigh, weigh_directly
from decision.errors import DecisionError
from decision.text import formatting
from ui import state
from ui.state import tr
from ui.text import md

# Saaty's odd verbal scale; a negative value means "the right-hand criterion is more important".
AHP_SCALE = (-9, -7, -5, -3, 1, 3, 5, 7, 9)


def _save(w: Workshop, weights: dict[str, float], method: WeightMethod, inputs: dict) -> None:
    _commit(lambda: weigh(w, weights, method, inputs))


def _commit(weighed: Callable[[], Workshop]) -> None:
    try:
        state.commit(weighed())
    except DecisionError as err:  # e.g. every weight at 0: say so, keep the stored weights
        st.session_state["weights_error"] = err.localized(state.lang())


def _shares(w: Workshop) -> np.ndarray:
    raw = np.array([c.weight for c in w.criteria], dtype=float)
    return raw / raw.sum() if raw.sum() > 0 else raw


def _labels(w: Workshop) -> dict[str, str]:
    return {c.id: md(c.label.get(state.lang())) for c in w.criteria}


def _signature(w: Workshop) -> str:
    # Widgets are keyed on the stored weights, so they show a change made elsewhere.
    return str(abs(hash(tuple(round(c.weight, 6) for c in w.criteria))) % 10**8)


def direct_editor(w: Workshop) -> None:
    st.caption(tr("weights.direct_help"))
    shares = _shares(w)
    sig = _signature(w)

    def changed() -> None:
        values = {c.id: float(st.session_state[f"wd_{c.id}_{sig}"]) for c in w.criteria}
        _commit(lambda: weigh_directly(w, values))

    for c, share in zip(w.criteria, shares, strict=True):
        st.slider(
            _labels(w)[c.id],
            0,
            100,
            int(round(100 * share)),
            step=1,
            format="%d%%",
            key=f"wd_{c.id}_{sig}",
            on_change=state.on(changed),
        )


def points_editor(w: Workshop) -> None:
    st.caption(tr("weights.points_help"))
    shares = _shares(w)
    stored = w.weight_inputs.get("punten") if w.weight_method == WeightMethod.POINTS else None
    points = {}
    cols = st.columns(min(len(w.criteria), 3))
    for i, c in enumerate(w.criteria):
        default = int(stored.get(c.id, 0)) if isinstance(stored, dict) else int(round(100 * shares[i]))
        points[c.id] = cols[i % len(cols)].number_input(
            _labels(w)[c.id], min_value=0, max_value=100, value=default, step=1, key=f"wp_{c.id}"
        )
    spent = sum(points.values())
    left = 100 - spent
    if left == 0:
        st.success(tr("weights.points_done"), icon=":material/check:")
    else:
        st.warning(tr("weights.points_left", n=left) if left > 0 else tr("weights.points_over", n=-left))

    def apply() -> None:
        try:
            shares_ = points_weights([points[c.id] for c in w.criteria])
        except DecisionError as err:
            st.session_state["weights_error"] = err.localized(state.lang())
            return
        _save(
            w, dict(zip(w.criterion_ids, 100 * shares_, strict=True)), WeightMethod.POINTS, {"punten": points}
        )

    st.button(
        tr("weights.apply"), on_click=state.on(apply), disabled=left != 0, key="apply_points", type="primary"
    )


def rank_editor(w: Workshop) -> None:
    st.caption(tr("weights.rank_help"))
    n = len(w.criteria)
    stored = w.weight_inputs.get("rangorde") if w.weight_method == WeightMethod.RANK else None
    order_default = np.argsort(-_shares(w), kind="stable")
    default_rank = {w.criteria[j].id: pos + 1 for pos, j in enumerate(order_default)}
    ranks = {}
    cols = st.columns(min(n, 3))
    for i, c in enumerate(w.criteria):
        default = (
            int(stored.get(c.id, default_rank[c.id])) if isinstance(stored, dict) else default_rank[c.id]
        )
        ranks[c.id] = cols[i % len(cols)].selectbox(
            _labels(w)[c.id], list(range(1, n + 1)), index=min(default, n) - 1, key=f"wr_{c.id}"
        )
    method = st.segmented_control(
        tr("weights.rank_method"),
        ["roc", "rs", "rr"],
        default="roc",
        required=True,
        key="wr_method",
        format_func=lambda m: tr(f"weights.rank_{m}"),
    )
    shares = rank_weights([ranks[c.id] for c in w.criteria], method)
    st.write(
        tr("weights.preview")
        + " "
        + ", ".join(
            f"{_labels(w)[c.id]} {formatting.percent(s, state.lang())}"
            for c, s in zip(w.criteria, shares, strict=True)
        )
    )

    def apply() -> None:
        _save(
            w,
            dict(zip(w.criterion_ids, 100 * shares, strict=True)),
            WeightMethod.RANK,
            {"rangorde": ranks, "methode": method},
        )

    st.button(tr("weights.apply"), on_click=state.on(apply), key="apply_rank", type="primary")


def _ahp_label(value: int, left: str, right: str) -> str:
    strength = tr(f"weights.ahp_{abs(value)}")
    if value == 1:
        return strength
    return f"{left if value > 0 else right}: {strength}"


def ahp_editor(w: Workshop) -> None:
    st.caption(tr("weights.ahp_help"))
    ids = w.criterion_ids
    labels = _labels(w)  # Markdown-escaped, for labels and messages
    plain = {c.id: c.label.get(state.lang()) for c in w.criteria}  # option texts are not Markdown
    stored = w.weight_inputs.get("oordelen") if w.weight_method == WeightMethod.AHP else None
    judgements = {}
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            key = f"{ids[i]}|{ids[j]}"
            default = 1
            if isinstance(stored, dict) and key in stored:
                a = float(stored[key])
                default = min(AHP_SCALE, key=lambda v: abs((v if v > 0 else 1 / -v) - a))
            choice = st.select_slider(
                f"{labels[ids[i]]} ↔ {labels[ids[j]]}",
                options=AHP_SCALE,
                value=default,
                key=f"wa_{key}",
                format_func=partial(_ahp_label, left=plain[ids[i]], right=plain[ids[j]]),
            )
            judgements[(i, j)] = float(choice) if choice > 0 else 1.0 / -choice
    result = ahp(pairwise_from_judgements(len(ids), judgements))
    lang = state.lang()
    cr_text = formatting.number(result.consistency_ratio, lang, 2)
    if result.acceptable:
        st.success(tr("weights.ahp_cr_ok", cr=cr_text), icon=":material/check:")
    else:
        st.warning(tr("weights.ahp_cr_high", cr=cr_text), icon=":material/warning:")
    if result.worst_pair is not None and not result.acceptable:
        a, b = result.worst_pair
        implied = result.weights[a] / result.weights[b]
        st.info(
            tr(
                "weights.ahp_worst",
                a=labels[ids[a]],
                b=labels[ids[b]],
                ratio=formatting.number(implied, lang, 1),
            ),
            icon=":material/lightbulb:",
        )

    def apply() -> None:
        inputs = {"oordelen": {f"{ids[i]}|{ids[j]}": v for (i, j), v in judgements.items()}}
        _save(w, dict(zip(ids, 100 * result.weights, strict=True)), WeightMethod.AHP, inputs)

    st.button(tr("weights.apply"), on_click=state.on(apply), key="apply_ahp", type="primary")


EDITORS = {
    WeightMethod.DIRECT: direct_editor,
    WeightMethod.POINTS: points_editor,
    WeightMethod.RANK: rank_editor,
    WeightMethod.AHP: ahp_editor,
}


def weights_section(w: Workshop) -> None:
    message = st.session_state.pop("weights_error", None)
    if message:
        st.error(message, icon=":material/error:")
    method = st.segmented_control(
        tr("weights.method"),
        list(EDITORS),
        default=w.weight_method,
        required=True,
        key="weight_method_choice",
        format_func=lambda m: tr(f"weights.method_{m.value}"),
    )
    EDITORS[WeightMethod(method)](w)
