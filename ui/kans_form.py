"""The detail form of one koppelkans: everything the inventory table does not show.

It is saved with its button ("Opslaan"). It is no ``st.form``: that sends nothing of
what was typed until it is submitted, so a click elsewhere or a visit to another page
lost it. Every field's change is kept as a draft of the session (``ui.drafts``) until
it is saved or thrown away, and the form says when there are unsaved changes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from decision.domain.model import KansType, Koppelkans, LinkedProject, Range, Status, Workshop
from decision.domain.vocabulary import PARTIES, POLICY_DOMAINS
from decision.errors import RangeError
from decision.files.limits import MAX_TEXT_CHARS
from decision.files.tables import START_YEAR_HIGH, START_YEAR_LOW
from decision.text import formatting
from ui import state
from ui.drafts import DraftForm
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


def stored_fields(kans: Koppelkans) -> dict[str, Any]:
    """The form's fields as stored, by field name (what a field shows without a draft)."""
    cost, dur = kans.extra_cost, kans.duration_months
    return {
        "name": kans.name,
        "type": kans.type.value,
        "description": kans.description,
        "domains": list(kans.policy_domains),
        "parties": list(kans.parties),
        "project": kans.project.name if kans.project else "",
        "year": kans.project.start_year if kans.project else None,
        "cost_low": cost.low if cost else None,
        "cost_high": cost.high if cost else None,
        "dur_low": dur.low if dur else None,
        "dur_high": dur.high if dur else None,
        "opportunities": "\n".join(kans.opportunities),
        "risks": "\n".join(kans.risks),
        "themes": list(kans.themes),
    }


def draft_form(kans_id: str, version: int) -> DraftForm:
    # Keyed on the stored version, so the form shows an edit made in the table (or in
    # another tab) instead of old values that saving would write back; what was typed
    # and not saved is a draft (ui/drafts.py), shown on top of that.
    return DraftForm(f"kans:{kans_id}", f"kf_{kans_id}_{{version}}_{{generation}}_{{field}}", version)


def unsaved(kans_id: str) -> bool:
    """Whether this session has typed something in the form of this koppelkans and not saved it."""
    return bool(draft_form(kans_id, 0).changed())


def _submit(kans_id: str, version: int) -> None:
    ss = st.session_state
    w = state.current()
    assert w is not None  # the form is drawn only while a workshop is open
    base = w.kans(kans_id)
    form = draft_form(kans_id, version)
    stored = stored_fields(base)

    def field(name: str) -> Any:
        return form.current(name, stored[name])

    name = field("name").strip()
    if not name:
        ss["kans_form_error"] = tr("kans.name_required")
        return
    try:
        cost = _range(field("cost_low"), field("cost_high"), tr("kans.cost"))
        duration = _range(field("dur_low"), field("dur_high"), tr("kans.duration"))
    except ValueError as err:
        ss["kans_form_error"] = str(err)
        return
    project_name = field("project").strip()
    year = field("year")
    updated = replace(
        base,
        name=name,
        type=KansType(field("type")),
        description=field("description").strip(),
        policy_domains=tuple(field("domains")),
        parties=tuple(field("parties")),
        project=LinkedProject(project_name, int(year) if year else None) if project_name else None,
        extra_cost=cost,
        duration_months=duration,
        opportunities=_lines(field("opportunities")),
        risks=_lines(field("risks")),
        themes=tuple(field("themes")),
    )
    if state.commit(w.with_kans(updated)):  # refused: the page says why, and the drafts stay
        form.discard()
        ss["kans_form_saved"] = tr("kans.saved", name=md(name))
    elif state.conflict_notice() is not None:
        now = state.current()
        if now is not None and kans_id in now.kans_ids:
            form.drop_overtaken(stored_fields(now.kans(kans_id)))


def kans_form(w: Workshop, kans: Koppelkans) -> None:
    """The details of one koppelkans, saved with its button; what is typed is kept until then."""
    wid = state.current_id()
    assert wid is not None  # drawn only while a workshop is open
    version = state.store().workshops.version(wid)
    form = draft_form(kans.id, version)
    stored = stored_fields(kans)

    def shown(name: str) -> Any:
        return form.value(name, stored[name])

    def args(name: str) -> dict[str, Any]:
        return {"key": form.key(name), "on_change": state.on(form.keep, name, stored[name])}

    for key, show in (("kans_form_error", st.error), ("kans_form_saved", st.success)):
        message = st.session_state.pop(key, None)
        if message:
            show(message)
    with st.container(border=True, key=f"kans_form_{kans.id}"):
        left, right = st.columns([3, 1])
        left.text_input(tr("kans.name"), shown("name"), max_chars=160, **args("name"))
        types = [t.value for t in KansType]
        right.selectbox(
            tr("kans.type"),
            types,
            index=types.index(shown("type")),
            format_func=lambda v: tr(f"type.{v}"),
            **args("type"),
        )
        st.text_area(
            tr("kans.description"),
            shown("description"),
            height=90,
            max_chars=MAX_TEXT_CHARS,
            **args("description"),
        )
        left, right = st.columns(2)
        domains, parties = list(shown("domains")), list(shown("parties"))
        left.multiselect(
            tr("kans.domains"),
            sorted(set(POLICY_DOMAINS) | set(kans.policy_domains) | set(domains)),
            default=domains,
            accept_new_options=True,
            placeholder=tr("framework.choose_or_add"),
            **args("domains"),
        )
        right.multiselect(
            tr("kans.parties"),
            sorted(set(PARTIES) | set(kans.parties) | set(parties)),
            default=parties,
            accept_new_options=True,
            placeholder=tr("framework.choose_or_add"),
            **args("parties"),
        )
        left, right = st.columns([3, 1])
        left.text_input(tr("kans.project"), shown("project"), **args("project"))
        right.number_input(
            tr("kans.start_year"),
            min_value=START_YEAR_LOW,
            max_value=START_YEAR_HIGH,
            step=1,
            value=shown("year"),
            **args("year"),
        )
        ranges = (  # label, field, step
            ("kans.cost_low", "cost_low", 10000.0),
            ("kans.cost_high", "cost_high", 10000.0),
            ("kans.dur_low", "dur_low", 1.0),
            ("kans.dur_high", "dur_high", 1.0),
        )
        columns = st.columns(4)
        for column, (label, name, step) in zip(columns, ranges, strict=True):
            column.number_input(
                tr(label), min_value=0.0, step=step, format="%.0f", value=shown(name), **args(name)
            )
        low, high = shown("cost_low"), shown("cost_high")
        if low is not None or high is not None:
            # a number box shows 1250000; the amount as a gemeente writes it: € 1.250.000
            ends = list(
                dict.fromkeys(
                    formatting.money(x, state.lang(), cents=False) for x in (low, high) if x is not None
                )
            )
            st.caption(tr("kans.cost_amount", amount=f" {formatting.DASH} ".join(ends)))
        left, right = st.columns(2)
        left.text_area(
            tr("kans.opportunities"),
            shown("opportunities"),
            help=tr("kans.one_per_line"),
            **args("opportunities"),
        )
        right.text_area(tr("kans.risks"), shown("risks"), help=tr("kans.one_per_line"), **args("risks"))
        themes = {t.id: t.theme for t in w.themes}
        st.multiselect(
            tr("kans.themes"),
            list(themes),
            default=[t for t in shown("themes") if t in themes],
            format_func=lambda tid: themes.get(tid, tid),
            placeholder=tr("framework.choose_options"),
            **args("themes"),
        )
        form.notice(f"kans_form_{kans.id}", what=tr("kans.unsaved_what", name=md(kans.name)))
        st.button(
            tr("kans.save"),
            type="primary",
            icon=":material/save:",
            key=f"kans_form_{kans.id}_save",
            on_click=state.on(_submit, kans.id, version),
        )
    if kans.status is not Status.CANDIDATE:
        st.caption(tr("kans.status_note", status=tr(f"status.{kans.status.name.lower()}")))
