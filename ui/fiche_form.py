"""The fiche form of one koppelkans on Uitwerken: its text fields, its row lists and its save button.

The text fields keep what was typed and not saved as drafts (:mod:`ui.drafts`), as the
Besluit form does, so another button, a save elsewhere or a visit to another page does
not lose it. The row lists (dekking, afgestemd met, mijlpalen, vervolgstappen) are
``st.data_editor`` tables, which keep their own edits while the page is open.

"Fiche opslaan" saves in the page's run rather than in a callback: only there does a
table give its edited rows, and a callback would see the rows of the run before.

The conversions between the fiche's rows and the tables are plain functions, so they
are tested without a browser.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from decision.domain.model import (
    Consultation,
    Fiche,
    Funding,
    FundingState,
    Koppelkans,
    Milestone,
    NextStep,
    ParticipationLevel,
)
from decision.domain.operations import set_fiche
from ui import state
from ui.drafts import DraftForm
from ui.state import tr

# (field, multi-line): the text fields, in the order the form shows them
TEXT_FIELDS: tuple[tuple[str, bool], ...] = (
    ("lead", False),
    ("cost_bearer", False),
    ("consequences", True),
    ("conditions", True),
)
RESIDENT_FIELDS: tuple[tuple[str, bool], ...] = (
    ("resident_summary", True),
    ("location", False),
    ("resident_effect", True),
    ("participation_moment", False),
)
# table -> its columns, as the frames name them
COLUMNS: dict[str, tuple[str, ...]] = {
    "funding": ("source", "amount", "state"),
    "consultations": ("domain", "person", "date", "outcome"),
    "milestones": ("name", "date"),
    "next_steps": ("action", "owner", "due", "done"),
}


def stored_values(k: Koppelkans) -> dict[str, Any]:
    """What each form field shows when there is no draft: the stored fiche."""
    f = k.fiche
    return {
        "lead": k.lead,
        "cost_bearer": f.cost_bearer,
        "consequences": f.consequences,
        "conditions": "\n".join(f.conditions),  # one voorwaarde per line
        "resident_summary": f.resident_summary,
        "location": f.location,
        "resident_effect": f.resident_effect,
        "participation_moment": f.participation_moment,
        "participation_date": f.participation_date,
        "participation_level": f.participation_level.value if f.participation_level else "",
    }


# -- the tables ---------------------------------------------------------------------------------
def frames(f: Fiche) -> dict[str, pd.DataFrame]:
    """The fiche's row lists as the tables show them."""
    rows: dict[str, list[tuple[Any, ...]]] = {
        "funding": [(x.source, x.amount, x.state.value) for x in f.funding],
        "consultations": [(c.domain, c.person, c.date, c.outcome) for c in f.consultations],
        "milestones": [(m.name, m.date) for m in f.milestones],
        "next_steps": [(s.action, s.owner, s.due, s.done) for s in f.next_steps],
    }
    out = {name: pd.DataFrame(rows[name], columns=list(cols), dtype=object) for name, cols in COLUMNS.items()}
    out["funding"]["amount"] = pd.to_numeric(out["funding"]["amount"], errors="coerce").astype(float)
    out["next_steps"]["done"] = out["next_steps"]["done"].fillna(False).astype(bool)
    return out


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()


def _date(value: Any) -> dt.date | None:
    """A table cell as a date: the editor gives a date, a timestamp, a text or nothing."""
    # NaT, the editor's empty date, is a datetime too: ask pandas first
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _amount(value: Any) -> float | None:
    try:
        amount = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(amount) else amount


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [] if frame is None else frame.to_dict("records")


def fiche_from(values: dict[str, Any], tables: dict[str, pd.DataFrame]) -> Fiche:
    """The fiche from what the form holds. A row without its first column (a bron, a domein,
    a mijlpaal, a stap) is an empty row of the table, not a line of the fiche; a mijlpaal
    needs its date, as the timeline draws it there."""
    states = {s.value for s in FundingState}
    funding = tuple(
        Funding(
            _text(r.get("source")),
            _amount(r.get("amount")),
            FundingState(r["state"]) if r.get("state") in states else FundingState.TO_ARRANGE,
        )
        for r in _records(tables["funding"])
        if _text(r.get("source"))
    )
    consultations = tuple(
        Consultation(
            _text(r.get("domain")), _text(r.get("person")), _date(r.get("date")), _text(r.get("outcome"))
        )
        for r in _records(tables["consultations"])
        if _text(r.get("domain"))
    )
    milestones = tuple(
        Milestone(_text(r.get("name")), day)
        for r in _records(tables["milestones"])
        if _text(r.get("name")) and (day := _date(r.get("date"))) is not None
    )
    steps = tuple(
        NextStep(
            _text(r.get("action")), _text(r.get("owner")), _date(r.get("due")), bool(r.get("done") is True)
        )
        for r in _records(tables["next_steps"])
        if _text(r.get("action"))
    )
    level = values.get("participation_level") or ""
    return Fiche(
        cost_bearer=_text(values.get("cost_bearer")),
        funding=funding,
        consequences=_text(values.get("consequences")),
        conditions=tuple(
            line.strip() for line in str(values.get("conditions") or "").splitlines() if line.strip()
        ),
        consultations=consultations,
        milestones=milestones,
        next_steps=steps,
        resident_summary=_text(values.get("resident_summary")),
        location=_text(values.get("location")),
        resident_effect=_text(values.get("resident_effect")),
        participation_moment=_text(values.get("participation_moment")),
        participation_date=_date(values.get("participation_date")),
        participation_level=ParticipationLevel(level) if level else None,
    )


def _column_config(table: str) -> dict[str, Any]:
    cc = st.column_config
    if table == "funding":
        return {
            "source": cc.TextColumn(tr("uitwerken.col_source")),
            "amount": cc.NumberColumn(tr("uitwerken.col_amount"), min_value=0.0, step=1000.0, format="%.0f"),
            "state": cc.SelectboxColumn(
                tr("uitwerken.col_state"),
                options=[s.value for s in FundingState],
                default=FundingState.TO_ARRANGE.value,
                format_func=lambda v: tr(f"uitwerken.state_{v}"),
            ),
        }
    if table == "consultations":
        return {
            "domain": cc.TextColumn(tr("uitwerken.col_domain")),
            "person": cc.TextColumn(tr("uitwerken.col_person")),
            "date": cc.DateColumn(tr("uitwerken.col_date"), format="DD-MM-YYYY"),
            "outcome": cc.TextColumn(tr("uitwerken.col_outcome")),
        }
    if table == "milestones":
        return {
            "name": cc.TextColumn(tr("uitwerken.col_milestone")),
            "date": cc.DateColumn(tr("uitwerken.col_date"), format="DD-MM-YYYY"),
        }
    return {
        "action": cc.TextColumn(tr("uitwerken.col_action")),
        "owner": cc.TextColumn(tr("uitwerken.col_owner")),
        "due": cc.DateColumn(tr("uitwerken.col_due"), format="DD-MM-YYYY"),
        "done": cc.CheckboxColumn(tr("uitwerken.col_done"), default=False),
    }


# -- the form ------------------------------------------------------------------------------------
def _text_widget(form: DraftForm, field: str, multi: bool, stored: dict[str, Any]) -> None:
    label, value = tr(f"uitwerken.{field}"), str(form.value(field, stored[field]) or "")
    if multi:
        st.text_area(
            label, value, key=form.key(field), on_change=state.on(form.keep, field, stored[field]), height=90
        )
    else:
        st.text_input(label, value, key=form.key(field), on_change=state.on(form.keep, field, stored[field]))


def draw(kans: Koppelkans, version: int) -> None:
    """The form of one koppelkans's fiche, with its save button."""
    kid = kans.id
    form = DraftForm(f"fiche_{kid}", "fiche_" + kid + "_{field}_{version}_{generation}", version)
    stored = stored_values(kans)
    for field, multi in TEXT_FIELDS:
        _text_widget(form, field, multi, stored)
    tables = frames(kans.fiche)
    edited: dict[str, pd.DataFrame] = {}
    for table in COLUMNS:
        st.markdown(f"**{tr(f'uitwerken.{table}')}**")
        edited[table] = st.data_editor(
            tables[table],
            key=form.key(f"table_{table}"),
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config=_column_config(table),
        )
    st.markdown(f"**{tr('uitwerken.residents')}**")
    for field, multi in RESIDENT_FIELDS:
        _text_widget(form, field, multi, stored)
    left, right = st.columns(2)
    left.date_input(
        tr("uitwerken.participation_date"),
        form.value("participation_date", stored["participation_date"]),
        key=form.key("participation_date"),
        format="DD-MM-YYYY",
        on_change=state.on(form.keep, "participation_date", stored["participation_date"]),
    )
    levels = ["", *(level.value for level in ParticipationLevel)]
    shown = form.value("participation_level", stored["participation_level"])
    right.selectbox(
        tr("uitwerken.participation_level"),
        levels,
        index=levels.index(shown) if shown in levels else 0,
        key=form.key("participation_level"),
        format_func=lambda v: tr(f"appendix.level.{v}") if v else tr("uitwerken.level_none"),
        on_change=state.on(form.keep, "participation_level", stored["participation_level"]),
    )
    form.notice(f"fiche_{kid}")
    if st.button(tr("uitwerken.save"), type="primary", icon=":material/save:", key=f"fiche_save_{kid}"):
        values = {field: form.current(field, value) for field, value in stored.items()}
        fiche = fiche_from(values, edited)
        current = state.current()
        assert current is not None  # the page is drawn only while a workshop is open
        if state.commit(set_fiche(current, kid, fiche, lead=str(values["lead"] or ""))):
            form.discard()
            st.session_state["fiche_saved"] = kid
            st.rerun()
