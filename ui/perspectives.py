"""The controls of Perspectieven: the switch "Elke groep telt even zwaar", the list of groups and
the table of each group's own weights, all saved through :func:`ui.state.commit` (so the
besluitlog has them)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from decision.core.weighting import display_percentages
from decision.domain.groups import counts_by_group
from decision.domain.model import GroupWeighting, Workshop
from decision.domain.operations import set_group_weighting, set_group_weights, set_groups
from decision.domain.perspectives import group_label
from decision.errors import WeightsError
from decision.files.tables import groups_frame, groups_from_frame
from ui import editors, state
from ui.state import tr

GROUP_COLUMN = "groep"
TOGGLE_KEY = "pv_groups"  # followed by the workshop's version: a fresh switch after every save
EDITOR = "group_weights"


def _version() -> int:
    wid = state.current_id()
    assert wid is not None  # drawn only while a workshop is open
    return state.store().workshops.version(wid)


def group_switch(w: Workshop) -> None:
    """On: every group counts the same; off: every person. ``automatisch`` shows as what it counts."""
    key = f"{TOGGLE_KEY}_{_version()}"

    def changed() -> None:
        on = bool(st.session_state[key])
        state.commit(set_group_weighting(w, GroupWeighting.GROUPS if on else GroupWeighting.PERSONS))

    st.toggle(
        tr("persp.toggle"),
        value=counts_by_group(w),
        key=key,
        on_change=state.on(changed),
        help=tr("persp.toggle_help"),
    )


def _points(value: object) -> float:
    """A cell of the editor as points; an empty cell is 0."""
    if value is None or pd.isna(value):
        return 0.0
    return float(value)  # type: ignore[arg-type]


def weights_frame(w: Workshop, lang: str) -> pd.DataFrame:
    """One row per group, one column per criterion; empty where a group gave no weights."""
    rows = []
    for g in w.groups:
        own = w.group_weights.get(g.id)
        row: dict[str, object] = {GROUP_COLUMN: group_label(w, g.id, lang)}
        if own:
            shown = display_percentages([float(own.get(cid, 0.0)) for cid in w.criterion_ids])
            row.update({cid: int(p) for cid, p in zip(w.criterion_ids, shown, strict=True)})
        else:
            row.update({cid: None for cid in w.criterion_ids})
        rows.append(row)
    return pd.DataFrame(rows, columns=[GROUP_COLUMN, *w.criterion_ids]).astype(
        {cid: "Float64" for cid in w.criterion_ids}
    )


def weights_from_frame(w: Workshop, frame: pd.DataFrame, lang: str) -> Workshop:
    """The workshop with the table's weights; a row that does not sum to 100 names its group."""
    weights = {
        g.id: {cid: _points(frame.at[i, cid]) for cid in w.criterion_ids} for i, g in enumerate(w.groups)
    }
    try:
        return set_group_weights(w, weights)
    except WeightsError as err:
        params = {**err.params, "group": group_label(w, str(err.params.get("group", "")), lang)}
        raise WeightsError(err.key, **params) from err


def weights_editor(w: Workshop) -> None:
    """The table of each group's own 100 points, saved on every change that holds."""
    lang = state.lang()
    config: dict[str, object] = {
        GROUP_COLUMN: st.column_config.TextColumn(tr("persp.col_group"), disabled=True),
    }
    for c in w.criteria:
        config[c.id] = st.column_config.NumberColumn(
            c.label.get(lang), min_value=0, max_value=100, step=1, format="%d"
        )
    editors.saving_editor(
        EDITOR,
        weights_frame(w, lang),
        lambda frame: weights_from_frame(w, frame, lang),
        column_config=config,
        num_rows="fixed",
    )


def groups_editor(w: Workshop) -> None:
    """The list of stakeholder groups: rename, add or remove one. The phones offer this list."""
    config: dict[str, object] = {
        "id": None,  # kept, never shown: the team reads names, not codes
        "naam": st.column_config.TextColumn(tr("persp.col_group_nl"), required=True, max_chars=80),
        "naam_en": st.column_config.TextColumn(tr("persp.col_group_en"), max_chars=80),
    }
    editors.saving_editor(
        "groups",
        groups_frame(w.groups),
        lambda frame: set_groups(w, groups_from_frame(frame, w.groups)),
        column_config=config,
        num_rows="dynamic",
    )
