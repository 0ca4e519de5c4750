"""Besluit & export: record the choice with its reasons, and take the result home."""

import re

import streamlit as st

from decision.domain.model import Status
from decision.domain.operations import (
    ADVISED_CHOICES,
    adopt_proposal,
    chosen,
    missing_motivations,
    record_decisions,
)
from ui import downloads, layout, state
from ui.cards import rank_text, top_cards
from ui.state import tr
from ui.text import md

w = layout.page("page.besluit_title", "page.besluit_intro")
lang = state.lang()
if not w.kansen:
    st.info(tr("kansen.none_yet"), icon=":material/info:")
    st.stop()

method = st.session_state.get("method", "wsm")
aggregation = st.session_state.get("aggregation", "mean")
ranking = state.ranking(method, aggregation) if w.scores else None
order = list(ranking.table["id"]) if ranking is not None else list(w.kans_ids)
ranks = ranking.table.set_index("id") if ranking is not None else None
STATUSES = [s.value for s in Status]


def _adopt_top3() -> None:
    state.commit(adopt_proposal(state.current(), ranking.top(ADVISED_CHOICES)))


def _save_decisions(version: int) -> None:
    ss, current = st.session_state, state.current()
    decisions = {
        k.id: (
            Status(ss.get(f"dec_status_{k.id}_{version}", k.status.value)),
            ss.get(f"dec_motivation_{k.id}_{version}", k.motivation),
        )
        for k in current.kansen
    }
    st.session_state["decision_saved"] = state.commit(record_decisions(current, decisions))


if state.presenting() and ranking is not None:
    # What the room decides on, large, above the facilitator's form.
    with st.container(key="besluit_top"):
        top_cards(w, ranking)
st.header(tr("besluit.decide"), anchor=False)
st.caption(tr("besluit.decide_help"))
if ranking is not None:
    st.button(
        tr("besluit.adopt_top3"),
        icon=":material/playlist_add_check:",
        on_click=state.on(_adopt_top3),
        key="adopt",
    )
if st.session_state.pop("decision_saved", False):
    st.success(tr("besluit.saved"), icon=":material/check:")

# Keyed on the stored version, so the form shows a change made elsewhere ("Top drie
# overnemen", another tab) instead of old choices that saving would write back.
version = state.store().workshops.version(state.current_id())
with st.form("decisions"):
    for kid in order:
        kans = w.kans(kid)
        head = f"**{md(kans.name)}**"
        if ranks is not None and ranks.loc[kid, "score"] == ranks.loc[kid, "score"]:
            head = f"{rank_text(int(ranks.loc[kid, 'rank']), bool(ranks.loc[kid, 'tied']))} · " + head
        st.markdown(head)
        left, right = st.columns([2, 3])
        left.radio(
            tr("besluit.status"),
            STATUSES,
            index=STATUSES.index(kans.status.value),
            horizontal=True,
            key=f"dec_status_{kid}_{version}",
            label_visibility="collapsed",
            format_func=lambda s: tr(f"status.{Status(s).name.lower()}"),
        )
        right.text_area(
            tr("besluit.motivation"),
            kans.motivation,
            key=f"dec_motivation_{kid}_{version}",
            height=68,
            label_visibility="collapsed",
            placeholder=tr("besluit.motivation_placeholder"),
        )
    st.form_submit_button(
        tr("besluit.save"),
        type="primary",
        icon=":material/save:",
        on_click=state.on(_save_decisions, version),
    )

picked = chosen(w)
unexplained = missing_motivations(w)
if picked and len(picked) != ADVISED_CHOICES:
    st.info(tr("besluit.not_three", n=len(picked)), icon=":material/info:")
if unexplained:
    st.warning(
        tr("besluit.missing_motivation", kansen=", ".join(md(k.name) for k in unexplained)),
        icon=":material/edit_note:",
    )

st.header(tr("besluit.export"), anchor=False)
slug = re.sub(r"[^a-z0-9]+", "-", w.name.lower()).strip("-") or "workshop"
dialect = "intl" if st.toggle(tr("besluit.csv_international"), key="csv_intl") else "nl"
cols = st.columns(2)
if ranking is not None:
    cols[0].download_button(
        tr("besluit.download_ranking"),
        downloads.ranking_csv(method, aggregation, dialect),
        file_name=f"{slug}-rangorde.csv",
        mime="text/csv",
        icon=":material/table:",
        key=f"dl_rank_{version}",
    )
cols[1].download_button(
    tr("besluit.download_scores"),
    downloads.scores_csv(dialect),
    file_name=f"{slug}-scores.csv",
    mime="text/csv",
    icon=":material/table_rows:",
    key=f"dl_scores_{version}",
)
cols[0].download_button(
    tr("besluit.download_workshop"),
    downloads.workshop_file(),
    file_name=f"{slug}.yaml",
    mime="application/x-yaml",
    icon=":material/save:",
    key=f"dl_yaml_{version}",
)
if ranking is not None:
    cols[1].download_button(
        tr("besluit.download_report"),
        downloads.report(method, aggregation),
        file_name=f"{slug}-rapport.html",
        mime="text/html",
        icon=":material/description:",
        key=f"dl_report_{version}",
    )
st.caption(tr("besluit.export_help"))
