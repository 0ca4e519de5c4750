"""The detail form of one koppelkans: everything the inventory table does not show."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from decision.domain.model import KansType, Koppelkans, LinkedProject, Range, Status, Workshop
from decision.domain.vocabulary import PARTIES, POLICY_DOMAINS
from decision.errors import RangeError
from decision.files.limits import MAX_TEXT_CHARS
from ui import state
from ui.state import tr
from ui.text import md


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip(" •-\t") for line in text.splitlines() if line.strip(" •-\t"))


def _range(low: float | None, high: float | None, what: str) -> Range | None:
    try:
        return Range.from_ends(low, high)
    except RangeError as err:  # in the form's own words: which field, 'from' and 'up to'
        if err.key == "range_order":
            raise ValueError(tr("kans.range_order", what=what)) from None
        raise ValueError(err.localized(state.lang())) from None


def _prefix(kans_id: str, version: int) -> str:
    # Keyed on the stored version, so the form shows an edit made in the table (or in
    # another tab) instead of old values that saving would write back.
    return f"kf_{kans_id}_{version}_"


def _submit(kans_id: str, version: int) -> None:
    ss = st.session_state
    p = _prefix(kans_id, version)
    w = state.current()
    assert w is not None  # the form is drawn only while a workshop is open
    base = w.kans(kans_id)
    name = ss[p + "name"].strip()
    if not name:
        ss["kans_form_error"] = tr("kans.name_required")
        return
    try:
        cost = _range(ss[p + "cost_low"], ss[p + "cost_high"], tr("kans.cost"))
        duration = _range(ss[p + "dur_low"], ss[p + "dur_high"], tr("kans.duration"))
    except ValueError as err:
        ss["kans_form_error"] = str(err)
        return
    project_name = ss[p + "project"].strip()
    year = ss[p + "year"]
    updated = replace(
        base,
        name=name,
        type=KansType(ss[p + "type"]),
        description=ss[p + "description"].strip(),
        policy_domains=tuple(ss[p + "domains"]),
        parties=tuple(ss[p + "parties"]),
        project=LinkedProject(project_name, int(year) if year else None) if project_name else None,
        extra_cost=cost,
        duration_months=duration,
        opportunities=_lines(ss[p + "opportunities"]),
        risks=_lines(ss[p + "risks"]),
        themes=tuple(ss[p + "themes"]),
    )
    if state.commit(w.with_kans(updated)):  # refused: the page says why, and what was typed stays
        ss["kans_form_saved"] = tr("kans.saved", name=md(name))


def kans_form(w: Workshop, kans: Koppelkans) -> None:
    wid = state.current_id()
    assert wid is not None  # drawn only while a workshop is open
    version = state.store().workshops.version(wid)
    p = _prefix(kans.id, version)
    for key, show in (("kans_form_error", st.error), ("kans_form_saved", st.success)):
        message = st.session_state.pop(key, None)
        if message:
            show(message)
    with st.form(f"kans_form_{kans.id}"):
        left, right = st.columns([3, 1])
        left.text_input(tr("kans.name"), kans.name, key=p + "name", max_chars=160)
        right.selectbox(
            tr("kans.type"),
            [t.value for t in KansType],
            key=p + "type",
            index=[t.value for t in KansType].index(kans.type.value),
            format_func=lambda v: tr(f"type.{v}"),
        )
        st.text_area(
            tr("kans.description"),
            kans.description,
            key=p + "description",
            height=90,
            max_chars=MAX_TEXT_CHARS,
        )
        left, right = st.columns(2)
        left.multiselect(
            tr("kans.domains"),
            sorted(set(POLICY_DOMAINS) | set(kans.policy_domains)),
            default=list(kans.policy_domains),
            key=p + "domains",
            accept_new_options=True,
        )
        right.multiselect(
            tr("kans.parties"),
            sorted(set(PARTIES) | set(kans.parties)),
            default=list(kans.parties),
            key=p + "parties",
            accept_new_options=True,
        )
        left, right = st.columns([3, 1])
        left.text_input(tr("kans.project"), kans.project.name if kans.project else "", key=p + "project")
        right.number_input(
            tr("kans.start_year"),
            min_value=1900,
            max_value=2200,
            step=1,
            value=kans.project.start_year if kans.project else None,
            key=p + "year",
        )
        cost, dur = kans.extra_cost, kans.duration_months
        ranges = (  # label, key, step, current value
            ("kans.cost_low", "cost_low", 10000.0, cost.low if cost else None),
            ("kans.cost_high", "cost_high", 10000.0, cost.high if cost else None),
            ("kans.dur_low", "dur_low", 1.0, dur.low if dur else None),
            ("kans.dur_high", "dur_high", 1.0, dur.high if dur else None),
        )
        for column, (label, key, step, value) in zip(st.columns(4), ranges, strict=True):
            column.number_input(tr(label), min_value=0.0, step=step, format="%.0f", value=value, key=p + key)
        left, right = st.columns(2)
        left.text_area(
            tr("kans.opportunities"),
            "\n".join(kans.opportunities),
            key=p + "opportunities",
            help=tr("kans.one_per_line"),
        )
        right.text_area(
            tr("kans.risks"), "\n".join(kans.risks), key=p + "risks", help=tr("kans.one_per_line")
        )
        themes = {t.id: t.theme for t in w.themes}
        st.multiselect(
            tr("kans.themes"),
            list(themes),
            default=[t for t in kans.themes if t in themes],
            format_func=lambda tid: themes.get(tid, tid),
            key=p + "themes",
        )
        st.form_submit_button(tr("kans.save"), type="primary", on_click=state.on(_submit, kans.id, version))
    if kans.status is not Status.CANDIDATE:
        st.caption(tr("kans.status_note", status=tr(f"status.{kans.status.name.lower()}")))
