"""Scoren: every koppelkans on every criterion, as a group or per participant.

Who is scoring, the koppelkans and the view are kept in the URL (:mod:`ui.location`),
so a reload of the facilitator's screen opens the same sheet; a banner above the
score card says whose sheet it is, in its own colour for the group's consensus sheet.
"""

from dataclasses import replace

import streamlit as st

from decision.domain.model import Participant
from decision.domain.operations import replace_participants
from decision.domain.progress import (
    GROUP_ID,
    kans_complete,
    open_cells,
    participant_name,
    participant_progress,
)
from decision.files.tables import participant_added, participants_frame, participants_from_frame
from ui import layout, location, state
from ui.editors import saving_editor
from ui.participants_import import participants_import
from ui.scoring import kans_card, sheet_table
from ui.state import tr
from ui.text import md, unique_labels

w = layout.page("page.scoren_title", "page.scoren_intro")
assert w is not None  # layout.page stops the page when no workshop is open
lang = state.lang()

if not w.kansen or not w.criteria:
    st.info(tr("scoren.nothing_to_score"), icon=":material/info:")
    st.stop()

WHO_KEY = "score_who"
KANS_KEY = "score_kans"
VIEW_KEY = "score_view"
ADD_FORM = "participant_add"
# Open or closed, the panel stays as the facilitator left it: its label and its initial
# state never change while the page is used (a new label or a new `expanded` would be a
# new expander, drawn collapsed, with the name just typed in it gone from view).
PANEL_KEY = "participants_panel"
PANEL_START_KEY = "_participants_panel_start"


def _participants_changed(frame):
    return replace_participants(w, participants_from_frame(frame, w.participants, w.groups))


def _add_participant(name_key: str, role_key: str) -> None:
    current = state.current()
    assert current is not None  # drawn only while a workshop is open
    name, role = st.session_state.get(name_key) or "", st.session_state.get(role_key) or ""
    added = participant_added(current.participants, name, role)
    if state.commit(replace(current, participants=added)):
        # the new participant's sheet is the one to fill in next
        st.session_state[WHO_KEY] = added[-1].id
        st.session_state[PANEL_KEY] = True


def _add_group() -> None:
    current = state.current()
    if GROUP_ID not in current.participant_ids:
        group = Participant(GROUP_ID, tr("scoren.group_name"), tr("scoren.group_role"))
        state.commit(replace(current, participants=(group, *current.participants)))
    st.session_state[WHO_KEY] = GROUP_ID


panel_starts = st.session_state.setdefault(PANEL_START_KEY, {})
panel_start = panel_starts.setdefault(state.current_id(), not w.participants)
with st.expander(
    tr("scoren.participants_panel"),
    expanded=panel_start,
    icon=":material/group:",
    key=PANEL_KEY,
    on_change="rerun",
):
    st.markdown(f"**{tr('scoren.participants', n=len(w.participants))}**")
    st.caption(tr("scoren.participants_help"))
    # New participants come in through this small form, not through an empty last row of
    # the table: a grid row saved on its first click became a blank participant, and the
    # typed name went to the page. Enter adds, and the fields are empty for the next name.
    with st.form(ADD_FORM, clear_on_submit=True, border=False):
        name_col, role_col, add_col = st.columns([3, 3, 2], vertical_alignment="bottom")
        name_col.text_input(
            tr("scoren.col_name"), key="participant_add_name", max_chars=120, help=tr("scoren.anonymous_help")
        )
        role_col.text_input(tr("scoren.col_role"), key="participant_add_role", max_chars=120)
        add_col.form_submit_button(
            tr("scoren.add_participant"),
            icon=":material/person_add:",
            on_click=state.on(_add_participant, "participant_add_name", "participant_add_role"),
        )
    if w.participants:
        st.caption(tr("scoren.participants_table_help"))
        saving_editor(
            "participants",
            participants_frame(w),
            _participants_changed,
            num_rows="delete",
            column_config={
                "id": st.column_config.TextColumn("ID", width="small"),
                "naam": st.column_config.TextColumn(tr("scoren.col_name"), help=tr("scoren.anonymous_help")),
                "rol": st.column_config.TextColumn(tr("scoren.col_role")),
                "groep": st.column_config.SelectboxColumn(
                    tr("scoren.col_group"), options=[g.label.nl for g in w.groups]
                ),
            },
        )
    participants_import(w)

if GROUP_ID not in w.participant_ids:
    st.button(tr("scoren.as_group"), icon=":material/groups:", on_click=state.on(_add_group), key="as_group")
if not w.participants:
    st.stop()

people = {p.id: participant_name(p, state.lang()) or tr("scoren.anonymous", id=p.id) for p in w.participants}
individuals = [p.id for p in w.participants if p.id != GROUP_ID]
# Without a choice, the first individual's sheet: the consensus sheet only when asked for.
who_choice = location.bound_choice("wie", WHO_KEY, list(people), individuals[0] if individuals else GROUP_ID)
if who_choice.refused is not None:
    st.warning(
        tr("scoren.unknown_participant", id=who_choice.refused, name=md(people[who_choice.value])),
        icon=":material/person_alert:",
    )
labels = unique_labels(people)
st.selectbox(tr("scoren.who"), list(labels), key=WHO_KEY, format_func=labels.get)
who = who_choice.value  # what the list shows: it is drawn from this
location.bound_choice("weergave", VIEW_KEY, ["one", "table"], "one")
view = st.segmented_control(
    tr("scoren.view"),
    ["one", "table"],
    required=True,
    key=VIEW_KEY,
    format_func=lambda v: tr(f"scoren.view_{v}"),
)


def sheet_banner(pid: str) -> None:
    """Whose sheet the answers go into, right above them: never the wrong sheet unnoticed."""
    if pid == GROUP_ID:
        st.warning(tr("scoren.banner_group"), icon=":material/groups:")
    else:
        st.info(tr("scoren.banner_person", name=md(labels[pid])), icon=":material/person:")


if view == "table":
    location.forget("kans", KANS_KEY)
    sheet_banner(who)
    sheet_table(w, who)
else:
    ids = list(w.kans_ids)
    location.bound_choice("kans", KANS_KEY, ids, ids[0])

    def _step(delta: int, key: str) -> None:
        position = ids.index(st.session_state[KANS_KEY])
        st.session_state[KANS_KEY] = st.session_state[key] = ids[(position + delta) % len(ids)]

    def _picked(key: str) -> None:
        st.session_state[KANS_KEY] = st.session_state[key]

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
        index=ids.index(st.session_state[KANS_KEY]),
        key=pick_key,
        on_change=state.on(_picked, pick_key),
        format_func=lambda kid: ("✓ " if done[ids.index(kid)] else "○ ") + f"{kid} · {w.kans(kid).name}",
    )
    nav[2].button(
        tr("scoren.next"), icon=":material/chevron_right:", on_click=state.on(_step, 1, pick_key), key="next"
    )
    sheet_banner(who)
    kans_card(state.current_id(), who, st.session_state[KANS_KEY])

st.header(tr("scoren.progress"), anchor=False)
progress = participant_progress(w, state.lang())
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
