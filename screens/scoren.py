"""Scoren: every koppelkans on every criterion, as a group or per participant."""

from dataclasses import replace

import streamlit as st

from decision.domain.model import Participant
from decision.domain.operations import replace_participants
from decision.domain.progress import GROUP_ID, kans_complete, open_cells, participant_progress
from decision.files.tables import participants_frame, participants_from_frame
from ui import layout, state
from ui.editors import saving_editor
from ui.scoring import kans_card, sheet_table
from ui.state import tr
from ui.text import md, unique_labels

w = layout.page("page.scoren_title", "page.scoren_intro")
lang = state.lang()

if not w.kansen or not w.criteria:
    st.info(tr("scoren.nothing_to_score"), icon=":material/info:")
    st.stop()


def _participants_changed(frame):
    return replace_participants(w, participants_from_frame(frame, w.participants))


def _add_group() -> None:
    current = state.current()
    if GROUP_ID not in current.participant_ids:
        group = Participant(GROUP_ID, tr("scoren.group_name"), tr("scoren.group_role"))
        state.commit(replace(current, participants=(group, *current.participants)))
    st.session_state["score_who"] = GROUP_ID


with st.expander(
    tr("scoren.participants", n=len(w.participants)), icon=":material/group:", expanded=not w.participants
):
    st.caption(tr("scoren.participants_help"))
    saving_editor(
        "participants",
        participants_frame(w),
        _participants_changed,
        num_rows="dynamic",
        column_config={
            "id": st.column_config.TextColumn("ID", width="small"),
            "naam": st.column_config.TextColumn(tr("scoren.col_name"), help=tr("scoren.anonymous_help")),
            "rol": st.column_config.TextColumn(tr("scoren.col_role")),
        },
    )

if GROUP_ID not in w.participant_ids:
    st.button(tr("scoren.as_group"), icon=":material/groups:", on_click=state.on(_add_group), key="as_group")
if not w.participants:
    st.stop()

people = unique_labels({p.id: p.name or tr("scoren.anonymous", id=p.id) for p in w.participants})
who = st.selectbox(tr("scoren.who"), list(people), key="score_who", format_func=people.get)
view = st.segmented_control(
    tr("scoren.view"),
    ["one", "table"],
    default="one",
    required=True,
    key="score_view",
    format_func=lambda v: tr(f"scoren.view_{v}"),
)

if view == "table":
    sheet_table(w, who)
else:
    ids = list(w.kans_ids)
    if st.session_state.get("score_kans") not in ids:
        st.session_state["score_kans"] = ids[0]

    def _step(delta: int, key: str) -> None:
        position = ids.index(st.session_state["score_kans"])
        st.session_state["score_kans"] = st.session_state[key] = ids[(position + delta) % len(ids)]

    def _picked(key: str) -> None:
        st.session_state["score_kans"] = st.session_state[key]

    # The list marks each koppelkans done (✓) or not (○). Streamlit keeps a selectbox's
    # choice by its label, so a label that changes (the last score of a koppelkans turns
    # ○ into ✓) would no longer be found: the choice is kept by id in "score_kans", and
    # the list is a new widget whenever its marks change.
    done = tuple(kans_complete(w, who, kid) for kid in ids)
    pick_key = f"score_kans_pick_{who}_{''.join('1' if d else '0' for d in done)}"
    nav = st.columns([1, 4, 1], vertical_alignment="bottom")
    nav[0].button(
        tr("scoren.previous"),
        icon=":material/chevron_left:",
        on_click=state.on(_step, -1, pick_key),
        key="prev",
    )
    nav[1].selectbox(
        tr("scoren.kans"),
        ids,
        index=ids.index(st.session_state["score_kans"]),
        key=pick_key,
        on_change=state.on(_picked, pick_key),
        format_func=lambda kid: ("✓ " if done[ids.index(kid)] else "○ ") + f"{kid} · {w.kans(kid).name}",
    )
    nav[2].button(
        tr("scoren.next"), icon=":material/chevron_right:", on_click=state.on(_step, 1, pick_key), key="next"
    )
    kans_card(state.current_id(), who, st.session_state["score_kans"])

st.header(tr("scoren.progress"), anchor=False)
progress = participant_progress(w)
for row in progress.itertuples():
    label = row.name or tr("scoren.anonymous", id=row.participant)
    st.progress(
        row.share,
        text=tr(
            "scoren.progress_row",
            name=md(label),
            answered=row.answered,
            total=row.total,
            dont_know=row.dont_know,
        ),
    )
missing = open_cells(w, who)
if missing:
    names = {c.id: c.label.get(lang) for c in w.criteria}
    shown = ", ".join(f"{kid} ({names[cid]})" for kid, cid in missing[:12])
    more = tr("scoren.and_more", n=len(missing) - 12) if len(missing) > 12 else ""
    st.caption(tr("scoren.open_cells", cells=md(shown), more=more))
else:
    st.success(tr("scoren.complete"), icon=":material/task_alt:")
