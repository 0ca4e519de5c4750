"""What a package must meet, on Samenhang: the flags per koppelkans and the package settings."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from decision.domain.model import PACKAGE_SIZES, CostBasis, PackageSettings, Workshop
from decision.domain.operations import set_kans_flags, set_package_settings
from decision.errors import DecisionError
from ui import state
from ui.editors import saving_editor
from ui.state import tr


def _flags_frame(w: Workshop) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [k.id for k in w.kansen],
            "name": [k.name for k in w.kansen],
            "lead": [k.lead for k in w.kansen],
            "essential": [k.essential for k in w.kansen],
            "baseline": [k.baseline for k in w.kansen],
        }
    )


def _flags_changed(frame: pd.DataFrame) -> Workshop:
    current = state.current()
    assert current is not None
    for row in frame.itertuples():
        current = set_kans_flags(
            current,
            str(row.id),
            essential=bool(row.essential),
            baseline=bool(row.baseline),
            lead=str(row.lead or "").strip(),
        )
    return current


def flags_editor(w: Workshop) -> None:
    """Per koppelkans its trekker and whether it is randvoorwaardelijk or a basisalternatief."""
    st.subheader(tr("rules.flags_title"), anchor=False)
    st.caption(tr("rules.flags_help"))
    saving_editor(
        "package_flags",
        _flags_frame(w),
        _flags_changed,
        disabled=["id", "name"],
        num_rows="fixed",
        width="stretch",
        column_config={
            "id": st.column_config.TextColumn(tr("rules.col_id"), width="small"),
            "name": st.column_config.TextColumn(tr("kans.name"), width="large"),
            "lead": st.column_config.TextColumn(tr("rules.col_lead"), max_chars=80),
            "essential": st.column_config.CheckboxColumn(
                tr("rules.col_essential"), help=tr("rules.essential_help")
            ),
            "baseline": st.column_config.CheckboxColumn(
                tr("rules.col_baseline"), help=tr("rules.baseline_help")
            ),
        },
    )


def _none_if_zero(value: float | int | None) -> float | None:
    return None if value is None or value <= 0 else value


def _save_settings(version: int) -> None:
    current = state.current()
    assert current is not None

    def get(name: str):
        return st.session_state.get(f"pkg_{name}_{version}")

    settings = PackageSettings(
        size=int(get("size") or current.package.size),
        budget=_none_if_zero(get("budget")),
        cost_basis=CostBasis(get("basis") or CostBasis.HIGH),
        per_party=None if not get("party") else int(get("party")),
        per_year=None if not get("year") else int(get("year")),
        include=tuple(get("include") or ()),
        exclude=tuple(get("exclude") or ()),
    )
    try:
        changed = set_package_settings(current, settings)
    except DecisionError as err:  # an id both always and never, ...
        st.session_state["package_settings_error"] = err.localized(state.lang())
        return
    state.commit(changed)


def settings_form(w: Workshop) -> None:
    """Size, meerkosten cap, capacity caps and the koppelkansen always in or never in."""
    st.subheader(tr("rules.settings_title"), anchor=False)
    error = st.session_state.pop("package_settings_error", None)
    if error:
        st.error(error, icon=":material/error:")
    p = w.package
    ids = list(w.kans_ids)
    label = {k.id: f"{k.id} · {k.name}" for k in w.kansen}
    # the version in the keys: a save elsewhere shows here where nothing was typed
    version = state.store().workshops.version(state.current_id() or "")
    with st.form(f"package_settings_{version}", border=True, enter_to_submit=False):
        size_col, budget_col, basis_col = st.columns(3)
        size_col.number_input(
            tr("rules.size"),
            min_value=min(PACKAGE_SIZES),
            max_value=max(PACKAGE_SIZES),
            value=p.size,
            key=f"pkg_size_{version}",
        )
        budget_col.number_input(
            tr("rules.budget"),
            min_value=0,
            value=int(p.budget or 0),
            step=25_000,
            key=f"pkg_budget_{version}",
            help=tr("rules.budget_help"),
        )
        basis_col.radio(
            tr("rules.basis"),
            [b.value for b in CostBasis],
            index=[b.value for b in CostBasis].index(p.cost_basis.value),
            key=f"pkg_basis_{version}",
            format_func=lambda v: tr(f"rules.basis_{v}"),
        )
        party_col, year_col = st.columns(2)
        party_col.number_input(
            tr("rules.per_party"),
            min_value=0,
            max_value=7,
            value=p.per_party or 0,
            key=f"pkg_party_{version}",
            help=tr("rules.zero_is_none"),
        )
        year_col.number_input(
            tr("rules.per_year"),
            min_value=0,
            max_value=7,
            value=p.per_year or 0,
            key=f"pkg_year_{version}",
            help=tr("rules.zero_is_none"),
        )
        include_col, exclude_col = st.columns(2)
        include_col.multiselect(
            tr("rules.include"),
            ids,
            default=[i for i in p.include if i in ids],
            key=f"pkg_include_{version}",
            format_func=lambda kid: label.get(kid, kid),
        )
        exclude_col.multiselect(
            tr("rules.exclude"),
            ids,
            default=[i for i in p.exclude if i in ids],
            key=f"pkg_exclude_{version}",
            format_func=lambda kid: label.get(kid, kid),
        )
        st.form_submit_button(
            tr("rules.save"),
            type="primary",
            icon=":material/save:",
            on_click=state.on(_save_settings, version),
        )
