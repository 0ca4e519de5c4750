"""Editing what each criterion means: its description and the anchor text of every level."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from decision.domain.model import Criterion, NumericScale, OrdinalScale, Text, Workshop
from decision.files.limits import MAX_TEXT_CHARS
from ui import state
from ui.state import tr
from ui.text import md


def _save(w: Workshop, updated: Criterion) -> None:
    current = state.current()
    assert current is not None  # drawn only while a workshop is open
    criteria = tuple(updated if c.id == updated.id else c for c in current.criteria)
    state.commit(replace(current, criteria=criteria))


def _submit(w: Workshop, c: Criterion) -> None:
    ss = st.session_state
    label = md(c.label.get(state.lang()))
    description = Text(ss[f"an_desc_nl_{c.id}"].strip(), ss[f"an_desc_en_{c.id}"].strip())
    scale: OrdinalScale | NumericScale
    if isinstance(c.scale, OrdinalScale):
        anchors = []
        for level in c.scale.levels:
            nl = ss[f"an_{c.id}_{level}_nl"].strip()
            if not nl:
                ss["anchors_error"] = tr("anchors.empty", criterion=label, level=level)
                return
            anchors.append(Text(nl, ss[f"an_{c.id}_{level}_en"].strip()))
        scale = OrdinalScale(tuple(anchors))
    else:
        low, high = float(ss[f"an_{c.id}_min"]), float(ss[f"an_{c.id}_max"])
        if low >= high:
            ss["anchors_error"] = tr("anchors.bounds", criterion=label)
            return
        outside = [
            v for (_, _, cid), v in w.scores.items() if cid == c.id and v is not None and not low <= v <= high
        ]
        if outside:
            ss["anchors_error"] = tr("anchors.outside", criterion=label, n=len(outside))
            return
        scale = NumericScale(ss[f"an_{c.id}_unit"].strip(), low, high)
    _save(w, replace(c, description=description, scale=scale))


def anchors_editor(w: Workshop) -> None:
    st.subheader(tr("anchors.title"), anchor=False)
    st.caption(tr("anchors.help"))
    message = st.session_state.pop("anchors_error", None)
    if message:
        st.error(message, icon=":material/error:")
    lang = state.lang()
    for c in w.criteria:
        with st.expander(md(c.label.get(lang)), icon=":material/straighten:"):
            with st.form(f"anchors_{c.id}", border=False):
                left, right = st.columns(2)
                left.text_area(
                    tr("anchors.desc_nl"),
                    c.description.nl,
                    key=f"an_desc_nl_{c.id}",
                    height=80,
                    max_chars=MAX_TEXT_CHARS,
                )
                right.text_area(
                    tr("anchors.desc_en"),
                    c.description.en,
                    key=f"an_desc_en_{c.id}",
                    height=80,
                    max_chars=MAX_TEXT_CHARS,
                )
                if isinstance(c.scale, OrdinalScale):
                    for level, anchor in zip(c.scale.levels, c.scale.anchors, strict=True):
                        left, right = st.columns(2)
                        left.text_input(
                            tr("anchors.level_nl", level=level), anchor.nl, key=f"an_{c.id}_{level}_nl"
                        )
                        right.text_input(
                            tr("anchors.level_en", level=level), anchor.en, key=f"an_{c.id}_{level}_en"
                        )
                else:
                    cols = st.columns(3)
                    cols[0].text_input(tr("anchors.unit"), c.scale.unit, key=f"an_{c.id}_unit")
                    cols[1].number_input(tr("anchors.min"), value=float(c.scale.low), key=f"an_{c.id}_min")
                    cols[2].number_input(tr("anchors.max"), value=float(c.scale.high), key=f"an_{c.id}_max")
                st.form_submit_button(tr("anchors.save"), on_click=state.on(_submit, w, c))
