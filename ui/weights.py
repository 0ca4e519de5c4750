"""Four ways to set criterion weights: percentages, 100 points, a ranking (ROC), AHP.

Every weight is shown as a whole percentage through
:func:`~decision.core.weighting.display_percentages`, so the sliders, the
previews, the chart and the other pages show the same numbers, summing to 100.

- Percentages are stored at once: the slider that moved keeps its value exactly
  and the others move along in proportion (:func:`~decision.domain.operations.set_percentage`).
- The other three editors show the weights their inputs give before the team
  applies them, and keep inputs not yet applied while the team looks at another
  method (until they are applied, or another workshop is opened).

Each saves with the method and its inputs, so the workshop file records *how*
the weights came about.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import numpy as np
import streamlit as st

from decision.core.weighting import (
    RANK_METHODS,
    ahp,
    display_percentages,
    pairwise_from_judgements,
    points_weights,
    rank_weights,
)
from decision.domain.model import WeightMethod, Workshop
from decision.domain.operations import set_percentage, weigh
from decision.errors import DecisionError
from decision.text import formatting
from ui import state
from ui.state import tr
from ui.text import md

# Saaty's odd verbal scale as the slider runs, left to right: 9 at the left end means
# "the left-hand criterion is extremely more important", -9 at the right end the same
# for the right-hand one. Stored judgements keep their meaning: "a|b" above 1 means
# a (the left-hand criterion) is more important than b.
AHP_SCALE = (9, 7, 5, 3, 1, -3, -5, -7, -9)

# Inputs typed in the points, rank and AHP editors and not yet applied. Streamlit
# forgets a widget's value once it is not drawn (another method chosen), so each
# editor copies its inputs here and draws its widgets from them again.
DRAFTS_KEY = "weights_drafts"
DRAFT_WIDGET_PREFIXES = ("wp_", "wr_", "wa_")
# The weights before the percentage slider that is moving now started to move.
BASIS_KEY = "weights_direct_basis"
POINT_OPTIONS = range(101)  # what a points field accepts: 0..100


def _save(w: Workshop, weights: dict[str, float], method: WeightMethod, inputs: dict) -> None:
    if _commit(lambda: weigh(w, weights, method, inputs)):
        _forget(method)


def _commit(weighed: Callable[[], Workshop]) -> bool:
    try:
        return state.commit(weighed())
    except DecisionError as err:  # e.g. every weight at 0: say so, keep the stored weights
        st.session_state["weights_error"] = err.localized(state.lang())
        return False


def _stored(w: Workshop) -> dict[str, float]:
    return {c.id: c.weight for c in w.criteria}


def _shown(w: Workshop) -> tuple[int, ...]:
    """The stored weights as the whole percentages every screen shows."""
    return display_percentages([c.weight for c in w.criteria])


def _labels(w: Workshop) -> dict[str, str]:
    return {c.id: md(c.label.get(state.lang())) for c in w.criteria}


def preview(w: Workshop, shares: Sequence[float] | np.ndarray) -> None:
    """The weights an editor's inputs give, as the whole percentages they will show."""
    labels = _labels(w)
    lang = state.lang()
    parts = [
        f"{labels[c.id]} **{formatting.percent(p / 100, lang)}**"
        for c, p in zip(w.criteria, display_percentages(shares), strict=True)
    ]
    st.markdown(tr("weights.preview") + " " + " · ".join(parts))


# -- inputs not yet applied ------------------------------------------------------------


def _drafts(w: Workshop) -> dict[str, Any]:
    """This workshop's unapplied inputs, by ``method|...`` key; another workshop starts afresh."""
    wid = state.current_id()
    kept = st.session_state.get(DRAFTS_KEY)
    if not isinstance(kept, dict) or kept.get("workshop") != wid:
        # The editors' widgets still hold the other workshop's inputs while they are drawn.
        for key in [k for k in st.session_state if str(k).startswith(DRAFT_WIDGET_PREFIXES)]:
            del st.session_state[key]
        kept = {"workshop": wid, "inputs": {}}
        st.session_state[DRAFTS_KEY] = kept
    return kept["inputs"]


def _seed(key: str, drafts: Mapping[str, Any], draft_key: str, default: Any, options: Sequence[Any]) -> None:
    """Give a widget its unapplied input (or the default) when it is drawn anew.

    A value that is no longer an option (a rank beyond the number of criteria after
    one was removed) gives way to the default.
    """
    if st.session_state.get(key, options[0]) not in options:
        del st.session_state[key]
    if key not in st.session_state:
        draft = drafts.get(draft_key, default)
        st.session_state[key] = draft if draft in options else default


def _remember(drafts: dict[str, Any], draft_key: str, value: Any, default: Any) -> None:
    if value == default:
        drafts.pop(draft_key, None)
    else:
        drafts[draft_key] = value


def _forget(method: WeightMethod) -> None:
    """Drop a method's unapplied inputs once they are applied: the stored ones speak now."""
    kept = st.session_state.get(DRAFTS_KEY)
    if isinstance(kept, dict):
        prefix = f"{method.value}|"
        for key in [k for k in kept.get("inputs", {}) if k.startswith(prefix)]:
            del kept["inputs"][key]


def _unapplied_note(drafts: Mapping[str, Any], method: WeightMethod) -> None:
    if any(key.startswith(f"{method.value}|") for key in drafts):
        st.caption(tr("weights.unapplied"))


# -- percentages -----------------------------------------------------------------------


def _set_percentage(w: Workshop, criterion_id: str, key: str) -> None:
    value = int(st.session_state[key])
    current = _stored(w)
    memo = st.session_state.get(BASIS_KEY)
    # While the same slider keeps moving (and nothing else changed the weights), the
    # others are rebalanced from where they were before it started: dragging it to 90
    # and back to 40 leaves their proportions as they were, not rounded twice.
    same_move = (
        isinstance(memo, dict)
        and memo.get("workshop") == state.current_id()
        and memo.get("criterion") == criterion_id
        and memo.get("result") == current
    )
    basis = memo["basis"] if same_move and isinstance(memo, dict) else current
    weighed = set_percentage(w, criterion_id, value, basis)
    if _commit(lambda: weighed):
        st.session_state[BASIS_KEY] = {
            "workshop": state.current_id(),
            "criterion": criterion_id,
            "basis": basis,
            "result": _stored(weighed),
        }


def direct_editor(w: Workshop) -> None:
    st.caption(tr("weights.direct_help"))
    labels = _labels(w)
    for c, shown in zip(w.criteria, _shown(w), strict=True):
        # One key per criterion for good: a slider keyed anew on every change would be a
        # new element, and the keyboard's focus would be lost after each arrow step. The
        # stored weights (changed by this slider's neighbours, another tab, an undo) are
        # put into its state before it is drawn instead.
        key = f"wd_{c.id}"
        if st.session_state.get(key) != shown:
            st.session_state[key] = shown
        st.slider(
            labels[c.id],
            0,
            100,
            step=1,
            format="%d%%",
            key=key,
            on_change=state.on(_set_percentage, w, c.id, key),
        )


# -- 100 points ------------------------------------------------------------------------


def points_editor(w: Workshop) -> None:
    st.caption(tr("weights.points_help"))
    drafts = _drafts(w)
    stored = w.weight_inputs.get("punten") if w.weight_method == WeightMethod.POINTS else None
    shown = dict(zip(w.criterion_ids, _shown(w), strict=True))
    points: dict[str, int] = {}
    cols = st.columns(min(len(w.criteria), 3))
    for i, c in enumerate(w.criteria):
        default = min(max(int(stored.get(c.id, 0)), 0), 100) if isinstance(stored, dict) else shown[c.id]
        key, draft_key = f"wp_{c.id}", f"{WeightMethod.POINTS.value}|{c.id}"
        _seed(key, drafts, draft_key, default, POINT_OPTIONS)
        points[c.id] = int(
            cols[i % len(cols)].number_input(_labels(w)[c.id], min_value=0, max_value=100, step=1, key=key)
        )
        _remember(drafts, draft_key, points[c.id], default)
    spent = sum(points.values())
    left = 100 - spent
    if left == 0:
        st.success(tr("weights.points_done"), icon=":material/check:")
        preview(w, [points[c.id] for c in w.criteria])
    else:
        st.warning(tr("weights.points_left", n=left) if left > 0 else tr("weights.points_over", n=-left))
    _unapplied_note(drafts, WeightMethod.POINTS)

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


# -- a ranking -------------------------------------------------------------------------


def rank_editor(w: Workshop) -> None:
    st.caption(tr("weights.rank_help"))
    drafts = _drafts(w)
    n = len(w.criteria)
    is_rank = w.weight_method == WeightMethod.RANK
    stored = w.weight_inputs.get("rangorde") if is_rank else None
    order_default = np.argsort(-np.array([c.weight for c in w.criteria], dtype=float), kind="stable")
    default_rank = {w.criteria[j].id: pos + 1 for pos, j in enumerate(order_default)}
    prefix = WeightMethod.RANK.value
    ranks: dict[str, int] = {}
    places = list(range(1, n + 1))
    cols = st.columns(min(n, 3))
    for i, c in enumerate(w.criteria):
        default = default_rank[c.id]
        if isinstance(stored, dict):
            default = min(max(int(stored.get(c.id, default)), 1), n)
        key, draft_key = f"wr_{c.id}", f"{prefix}|{c.id}"
        _seed(key, drafts, draft_key, default, places)
        ranks[c.id] = int(cols[i % len(cols)].selectbox(_labels(w)[c.id], places, key=key))
        _remember(drafts, draft_key, ranks[c.id], default)
    stored_method = str(w.weight_inputs.get("methode", "roc")) if is_rank else "roc"
    method_default = stored_method if stored_method in RANK_METHODS else "roc"
    _seed("wr_method", drafts, f"{prefix}|methode", method_default, RANK_METHODS)
    method = str(
        st.segmented_control(
            tr("weights.rank_method"),
            list(RANK_METHODS),
            required=True,
            key="wr_method",
            format_func=lambda m: tr(f"weights.rank_{m}"),
        )
    )
    _remember(drafts, f"{prefix}|methode", method, method_default)
    shares = rank_weights([ranks[c.id] for c in w.criteria], method)
    preview(w, shares)
    _unapplied_note(drafts, WeightMethod.RANK)

    def apply() -> None:
        _save(
            w,
            dict(zip(w.criterion_ids, 100 * shares, strict=True)),
            WeightMethod.RANK,
            {"rangorde": ranks, "methode": method},
        )

    st.button(tr("weights.apply"), on_click=state.on(apply), key="apply_rank", type="primary")


# -- pairwise (AHP) --------------------------------------------------------------------


def _ahp_label(value: int, left: str, right: str) -> str:
    strength = tr(f"weights.ahp_{abs(value)}")
    if value == 1:
        return strength
    return f"{left if value > 0 else right}: {strength}"


def _ahp_position(judgement: float) -> int:
    """The slider position nearest to a stored judgement (3.0 -> 3, 1/5 -> -5)."""
    return min(AHP_SCALE, key=lambda v: abs((v if v > 0 else 1 / -v) - judgement))


def ahp_editor(w: Workshop) -> None:
    st.caption(tr("weights.ahp_help"))
    drafts = _drafts(w)
    ids = w.criterion_ids
    labels = _labels(w)  # Markdown-escaped, for labels and messages
    plain = {c.id: c.label.get(state.lang()) for c in w.criteria}  # option texts are not Markdown
    stored = w.weight_inputs.get("oordelen") if w.weight_method == WeightMethod.AHP else None
    judgements = {}
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            pair = f"{ids[i]}|{ids[j]}"
            default = 1
            if isinstance(stored, dict) and pair in stored:
                default = _ahp_position(float(stored[pair]))
            key, draft_key = f"wa_{pair}", f"{WeightMethod.AHP.value}|{pair}"
            _seed(key, drafts, draft_key, default, AHP_SCALE)
            choice = int(
                st.select_slider(
                    f"{labels[ids[i]]} ↔ {labels[ids[j]]}",
                    options=AHP_SCALE,
                    key=key,
                    format_func=partial(_ahp_label, left=plain[ids[i]], right=plain[ids[j]]),
                )
            )
            _remember(drafts, draft_key, choice, default)
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
    preview(w, result.weights)
    _unapplied_note(drafts, WeightMethod.AHP)

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
