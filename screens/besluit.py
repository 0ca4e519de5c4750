"""Besluit & export: record the choice with its reasons, and take the result home."""

import streamlit as st

from decision.domain.fiche import complete
from decision.domain.model import Status
from decision.domain.operations import (
    ADVISED_CHOICES,
    adopt_proposal,
    chosen,
    confirm_proposal,
    missing_motivations,
    prioritised,
    proposed,
    record_decisions,
)
from decision.errors import DecisionError
from ui import downloads, layout, location, packages, report_settings, sheet_basis, state
from ui.cards import rank_text, top_cards
from ui.drafts import DraftForm
from ui.state import tr
from ui.text import md

w = layout.page("page.besluit_title", "page.besluit_intro")
assert w is not None  # layout.page stops the page when no workshop is open
lang = state.lang()
if not w.kansen:
    st.info(tr("kansen.none_yet"), icon=":material/info:")
    st.stop()

method, aggregation = location.results_choice()
ranking = state.ranking(method, aggregation) if w.scores else None
order = list(ranking.table["id"]) if ranking is not None else list(w.kans_ids)
ranks = ranking.table.set_index("id") if ranking is not None else None
STATUSES = [s.value for s in Status]


# Statuses and motivations are saved with "Besluit vastleggen"; until then what was
# chosen and typed is a draft of this session (ui/drafts.py), kept through "Pakket A
# als voorstel overnemen", a save in another tab and a visit to another page. The widget keys carry
# the stored version, so the page shows what changed elsewhere wherever there is no draft.
version = state.store().workshops.version(state.current_id())
form = DraftForm("besluit", "dec_{field}_{version}_{generation}", version)


def _adopt_package(members: tuple[str, ...]) -> None:
    if state.commit(adopt_proposal(state.current(), members)):
        # the proposal sets every status; motivations typed so far stay drafts
        form.discard([f for f in form.changed() if f.startswith("status_")])


def _confirm_proposal() -> None:
    if state.commit(confirm_proposal(state.current())):
        form.discard([f for f in form.changed() if f.startswith("status_")])


def _save_decisions() -> None:
    current = state.current()
    decisions = {
        k.id: (
            Status(form.current(f"status_{k.id}", k.status.value)),
            form.current(f"motivation_{k.id}", k.motivation),
        )
        for k in current.kansen
    }
    if state.commit(record_decisions(current, decisions)):
        form.discard()
        st.session_state["decision_saved"] = True
    elif state.conflict_notice() is not None:
        now = state.current()
        form.drop_overtaken(
            {f"status_{k.id}": k.status.value for k in now.kansen}
            | {f"motivation_{k.id}": k.motivation for k in now.kansen}
        )


if state.presenting() and ranking is not None:
    # What the room decides on, large, above the facilitator's form.
    with st.container(key="besluit_top"):
        top_cards(w, ranking)
st.header(tr("besluit.decide"), anchor=False)
st.caption(tr("besluit.decide_help"))
# The proposal is the best package that can be carried out together (Pakketten), which is
# the ranking's top when no relation or package rule is in the way.
best = packages.analysis(method, aggregation) if ranking is not None else None
if isinstance(best, DecisionError):
    st.warning(tr("packages.none", reason=best.localized(lang)), icon=":material/block:")
elif best is not None and best.packages:
    view = best.packages[0]
    st.button(
        tr("packages.adopt", letter=view.letter),
        icon=":material/playlist_add_check:",
        on_click=state.on(_adopt_package, view.members),
        key="adopt",
    )
    st.caption(tr("besluit.adopt_help", letter=view.letter, kansen=packages.names(w, view.members)))
# Taking over makes the koppelkansen *geprioriteerd*: they are worked out on Uitwerken,
# where each one can be moved on by itself. The facilitator who has worked out all three
# expects to send them to the projectteam in one press, as the old "Voorstel bevestigen"
# did; so the button stays, and moves on only the ones whose fiche is complete (the route
# refuses the others), naming those that are not.
if in_work := prioritised(w):
    names = ", ".join(md(k.name) for k in in_work)
    st.info(tr("besluit.prioritised_open", kansen=names), icon=":material/construction:")
    unfinished = [k for k in in_work if not complete(k)]
    st.button(
        tr("besluit.confirm_proposal"),
        type="primary",
        icon=":material/done_all:",
        on_click=state.on(_confirm_proposal),
        key="confirm_proposal",
        disabled=len(unfinished) == len(in_work),
    )
    if unfinished:
        st.caption(tr("besluit.not_worked_out", kansen=", ".join(md(k.name) for k in unfinished)))
if proposal := proposed(w):
    names = ", ".join(md(k.name) for k in proposal)
    st.info(tr("besluit.proposal_open", kansen=names), icon=":material/info:")
sheet_basis.note(w)
if st.session_state.pop("decision_saved", False):
    st.success(tr("besluit.saved"), icon=":material/check:")

with st.container(border=True, key="decisions"):
    for kid in order:
        kans = w.kans(kid)
        head = f"**{md(kans.name)}**"
        if ranks is not None and ranks.loc[kid, "score"] == ranks.loc[kid, "score"]:
            head = f"{rank_text(int(ranks.loc[kid, 'rank']), bool(ranks.loc[kid, 'tied']))} · " + head
        if f"status_{kid}" in form.changed() or f"motivation_{kid}" in form.changed():
            head += " · " + tr("besluit.unsaved_mark")
        st.markdown(head)
        left, right = st.columns([2, 3])
        shown_status = form.value(f"status_{kid}", kans.status.value)
        left.radio(
            tr("besluit.status"),
            STATUSES,
            index=STATUSES.index(shown_status),
            horizontal=True,
            key=form.key(f"status_{kid}"),
            label_visibility="collapsed",
            format_func=lambda s: tr(f"status.{Status(s).name.lower()}"),
            on_change=state.on(form.keep, f"status_{kid}", kans.status.value),
        )
        right.text_area(
            tr("besluit.motivation"),
            form.value(f"motivation_{kid}", kans.motivation),
            key=form.key(f"motivation_{kid}"),
            height=68,
            label_visibility="collapsed",
            placeholder=tr("besluit.motivation_placeholder"),
            on_change=state.on(form.keep, f"motivation_{kid}", kans.motivation),
        )
    unsaved = sorted({f.split("_", 1)[1] for f in form.changed()}, key=order.index)
    form.notice("decisions", what=", ".join(unsaved))
    st.caption(tr("besluit.save_help"))
    st.button(
        tr("besluit.save"),
        type="primary",
        icon=":material/save:",
        key="decisions_save",
        on_click=state.on(_save_decisions),
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
downloads.export_area(ranking, method, aggregation, version)
report_settings.settings_form(w)
report_settings.residents_area(w, version)
