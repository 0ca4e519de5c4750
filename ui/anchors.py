"""Editing what each criterion means: its description and the anchor text of every level.

Saved per criterion with its button; what was typed before that is kept as a draft of
the session (``ui.drafts``), through other clicks and visits to other pages.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from decision.domain.model import Criterion, NumericScale, OrdinalScale, Text, Workshop
from decision.files.limits import MAX_TEXT_CHARS
from ui import state
from ui.drafts import DraftForm
from ui.state import tr
from ui.text import md


def stored_fields(c: Criterion) -> dict[str, Any]:
    """The form's fields as stored, by field name (what a field shows without a draft)."""
    fields: dict[str, Any] = {"desc_nl": c.description.nl, "desc_en": c.description.en}
    if isinstance(c.scale, OrdinalScale):
        for level, anchor in zip(c.scale.levels, c.scale.anchors, strict=True):
            fields[f"{level}_nl"], fields[f"{level}_en"] = anchor.nl, anchor.en
    else:
        fields |= {"unit": c.scale.unit, "min": float(c.scale.low), "max": float(c.scale.high)}
    return fields


def stale_language(nl: str, en: str, before: dict[str, Any] | None, prefix: str) -> str | None:
    """Which language still holds the old text of a pair edited in the other; None when none.

    ``before`` is the pair as it was (the stored text, or the criteria set's own text):
    a text changed in Dutch while its English is still the one from before, and not
    empty, means the English tells readers something else; the same the other way round.
    """
    if before is None:
        return None
    old_nl, old_en = before.get(f"{prefix}_nl"), before.get(f"{prefix}_en")
    if old_nl is None or old_en is None:
        return None
    if nl.strip() != old_nl.strip() and en.strip() == old_en.strip() and en.strip():
        return "en"
    if en.strip() != old_en.strip() and nl.strip() == old_nl.strip() and nl.strip():
        return "nl"
    return None


def _original(w: Workshop, criterion_id: str) -> dict[str, Any] | None:
    """The criterion's fields as its criteria set has them, if it came from one."""
    cs = state.criteria_sets().get(w.criteria_set)
    original = next((c for c in cs.criteria if c.id == criterion_id), None) if cs else None
    return stored_fields(original) if original is not None else None


def _stale_note(nl: str, en: str, prefix: str, before: dict[str, Any]) -> None:
    stale = stale_language(nl, en, before, prefix)
    if stale is not None:
        st.caption(":material/translate: " + tr(f"anchors.stale_{stale}"))


def draft_form(criterion_id: str, version: int) -> DraftForm:
    # Keyed on the stored version (a change elsewhere shows), with what was typed and not
    # saved on top of it (ui/drafts.py): kept through other clicks and other pages.
    return DraftForm(
        f"anchors:{criterion_id}", f"an_{criterion_id}_{{field}}_{{version}}_{{generation}}", version
    )


def _submit(criterion_id: str, version: int) -> None:
    ss = st.session_state
    w = state.current()
    assert w is not None  # drawn only while a workshop is open
    c = w.criterion(criterion_id)
    form = draft_form(criterion_id, version)
    stored = stored_fields(c)

    def field(name: str) -> Any:
        return form.current(name, stored[name])

    label = md(c.label.get(state.lang()))
    description = Text(field("desc_nl").strip(), field("desc_en").strip())
    scale: OrdinalScale | NumericScale
    if isinstance(c.scale, OrdinalScale):
        anchors = []
        for level in c.scale.levels:
            nl = field(f"{level}_nl").strip()
            if not nl:
                ss["anchors_error"] = tr("anchors.empty", criterion=label, level=level)
                return
            anchors.append(Text(nl, field(f"{level}_en").strip()))
        scale = OrdinalScale(tuple(anchors))
    else:
        low, high = float(field("min")), float(field("max"))
        if low >= high:
            ss["anchors_error"] = tr("anchors.bounds", criterion=label)
            return
        outside = [
            v for (_, _, cid), v in w.scores.items() if cid == c.id and v is not None and not low <= v <= high
        ]
        if outside:
            ss["anchors_error"] = tr("anchors.outside", criterion=label, n=len(outside))
            return
        scale = NumericScale(field("unit").strip(), low, high)
    criteria = tuple(
        replace(c, description=description, scale=scale) if x.id == c.id else x for x in w.criteria
    )
    if state.commit(replace(w, criteria=criteria)):
        form.discard()
    elif state.conflict_notice() is not None:
        now = state.current()
        if now is not None and criterion_id in now.criterion_ids:
            form.drop_overtaken(stored_fields(now.criterion(criterion_id)))


def anchors_editor(w: Workshop) -> None:
    """Per criterion: its explanation and what each level means, saved with its button."""
    st.subheader(tr("anchors.title"), anchor=False)
    st.caption(tr("anchors.help"))
    message = st.session_state.pop("anchors_error", None)
    if message:
        st.error(message, icon=":material/error:")
    lang = state.lang()
    wid = state.current_id()
    assert wid is not None  # drawn only while a workshop is open
    version = state.store().workshops.version(wid)
    for c in w.criteria:
        form = draft_form(c.id, version)
        stored = stored_fields(c)

        def shown(name: str, form: DraftForm = form, stored: dict[str, Any] = stored) -> Any:
            return form.value(name, stored[name])

        def args(name: str, form: DraftForm = form, stored: dict[str, Any] = stored) -> dict[str, Any]:
            return {"key": form.key(name), "on_change": state.on(form.keep, name, stored[name])}

        # open while it holds unsaved changes, so they are in view
        with st.expander(md(c.label.get(lang)), icon=":material/straighten:", expanded=bool(form.changed())):
            left, right = st.columns(2)
            left.text_area(
                tr("anchors.desc_nl"),
                shown("desc_nl"),
                height=80,
                max_chars=MAX_TEXT_CHARS,
                **args("desc_nl"),
            )
            right.text_area(
                tr("anchors.desc_en"),
                shown("desc_en"),
                height=80,
                max_chars=MAX_TEXT_CHARS,
                **args("desc_en"),
            )
            # Against the criteria set's own text, so the note stays after saving; a
            # criterion of the team's own is held against what was saved (its draft).
            before = _original(w, c.id) or stored
            _stale_note(shown("desc_nl"), shown("desc_en"), "desc", before)
            if isinstance(c.scale, OrdinalScale):
                for level in c.scale.levels:
                    left, right = st.columns(2)
                    left.text_input(
                        tr("anchors.level_nl", level=level), shown(f"{level}_nl"), **args(f"{level}_nl")
                    )
                    right.text_input(
                        tr("anchors.level_en", level=level), shown(f"{level}_en"), **args(f"{level}_en")
                    )
                    _stale_note(shown(f"{level}_nl"), shown(f"{level}_en"), str(level), before)
            else:
                cols = st.columns(3)
                cols[0].text_input(tr("anchors.unit"), shown("unit"), **args("unit"))
                cols[1].number_input(tr("anchors.min"), value=shown("min"), **args("min"))
                cols[2].number_input(tr("anchors.max"), value=shown("max"), **args("max"))
            form.notice(f"anchors_{c.id}", what=tr("anchors.unsaved_what", criterion=md(c.label.get(lang))))
            st.button(
                tr("anchors.save"),
                icon=":material/save:",
                key=f"anchors_{c.id}_save",
                on_click=state.on(_submit, c.id, version),
            )
