"""Uitwerken: work out each prioritised koppelkans into a fiche, and move it on along its route."""

import streamlit as st

from decision.domain.fiche import missing_labels
from decision.domain.route import in_work
from ui import fiche_form, layout, route_steps, state
from ui.figures import show, work_timeline
from ui.state import tr
from ui.text import md

w = layout.page("page.uitwerken_title", "page.uitwerken_intro")
assert w is not None  # layout.page stops the page when no workshop is open
lang = state.lang()
route_steps.stepped_notice(w)
saved = st.session_state.pop("fiche_saved", None)
if saved is not None and saved in w.kans_ids:
    st.success(tr("uitwerken.saved", name=md(w.kans(saved).name)), icon=":material/check:")

kansen = [k for k in w.kansen if in_work(k.status)]
if not kansen:
    st.info(tr("uitwerken.none"), icon=":material/info:")
    with st.container(horizontal=True):
        st.page_link("screens/resultaten.py", label=tr("page.resultaten"), icon=":material/leaderboard:")
        st.page_link("screens/pakketten.py", label=tr("page.pakketten"), icon=":material/inventory_2:")
    st.stop()

# The widget keys carry the stored version: a save anywhere draws the form anew from
# what is stored, with the drafts (ui/drafts.py) on top.
version = state.store().workshops.version(state.current_id())
for kans in kansen:
    with st.container(border=True, key=f"uitwerk_{kans.id}"):
        with st.container(horizontal=True, vertical_alignment="center"):
            st.subheader(f"{md(kans.id)} {md(kans.name)}", anchor=False)
            st.badge(route_steps.status_label(kans.status), icon=":material/flag:", color="blue")
        if missing := missing_labels(kans, lang):
            st.warning(tr("uitwerken.missing", fields=", ".join(missing)), icon=":material/edit_note:")
        else:
            st.success(tr("uitwerken.complete"), icon=":material/task_alt:")
        # a worked-out fiche folds away, so the ones still to do stand out on a long page
        with st.expander(tr("uitwerken.fiche"), expanded=bool(missing)):
            fiche_form.draw(kans, version)
        route_steps.draw(kans)

st.header(tr("uitwerken.timeline"), anchor=False)
show(work_timeline(), key="work_timeline_chart")
