"""Samenhang: how the koppelkansen hang together, and what a package of them must meet."""

import streamlit as st

from decision.domain.model import Relation, RelationKind
from decision.domain.operations import add_relation, remove_relation
from decision.errors import DecisionError
from decision.output.charts import packages as charts
from ui import layout, package_rules, state
from ui.figures import show_fitted
from ui.state import tr
from ui.text import md

w = layout.page("page.samenhang_title", "page.samenhang_intro")
assert w is not None  # layout.page stops the page when no workshop is open
lang = state.lang()
if len(w.kansen) < 2:
    st.info(tr("relations.too_few"), icon=":material/info:")
    st.stop()
ids = list(w.kans_ids)
KINDS = [k.value for k in RelationKind]


def _label(kid: str) -> str:
    return f"{kid} · {w.kans(kid).name}"


def _add() -> None:
    current = state.current()
    assert current is not None
    relation = Relation(
        st.session_state["rel_source"],
        st.session_state["rel_target"],
        RelationKind(st.session_state["rel_kind"]),
        note=(st.session_state.get("rel_note") or "").strip(),
    )
    try:
        changed = add_relation(current, relation)
    except DecisionError as err:  # itself, twice, a voorwaarde both ways, ...
        st.session_state["relations_error"] = err.localized(state.lang())
        return
    if state.commit(changed):
        st.session_state["rel_note"] = ""


def _remove(relation: Relation) -> None:
    current = state.current()
    assert current is not None
    try:
        changed = remove_relation(current, relation.source, relation.target, relation.kind)
    except DecisionError as err:  # removed in another tab meanwhile
        st.session_state["relations_error"] = err.localized(state.lang())
        return
    state.commit(changed)


st.header(tr("relations.title"), anchor=False)
st.caption(tr("relations.help"))
with st.container(border=True, key="relation_add"):
    source_col, kind_col, target_col = st.columns([3, 2, 3], vertical_alignment="bottom")
    source_col.selectbox(tr("relations.source"), ids, key="rel_source", format_func=_label)
    kind_col.selectbox(tr("relations.kind"), KINDS, key="rel_kind", format_func=lambda v: tr(f"relation.{v}"))
    target_col.selectbox(tr("relations.target"), ids, index=1, key="rel_target", format_func=_label)
    st.text_input(tr("relations.note"), key="rel_note", max_chars=200)
    st.button(tr("relations.add"), icon=":material/add_link:", key="rel_add", on_click=state.on(_add))
error = st.session_state.pop("relations_error", None)
if error:
    st.error(error, icon=":material/error:")

if not w.relations:
    st.caption(tr("relations.none"))
for n, relation in enumerate(w.relations):
    # the button's column holds its label "Verwijderen" whole on a laptop
    text, remove = st.columns([3, 1], vertical_alignment="center")
    line = tr(
        "relations.line",
        source=f"{relation.source} {md(w.kans(relation.source).name)}",
        kind=tr(f"relation.{relation.kind.value}"),
        target=f"{relation.target} {md(w.kans(relation.target).name)}",
    )
    if relation.note:
        line += f"  \n{md(relation.note)}"
    text.markdown(line)
    remove.button(
        tr("relations.remove"),
        icon=":material/link_off:",
        key=f"rel_remove_{n}",
        on_click=state.on(_remove, relation),
    )
if w.relations:
    show_fitted(
        lambda **fit: charts.relations_chart(w, lang, **fit),
        key="relations_chart",
        alternative=charts.relations_table(w, lang),
    )

st.header(tr("rules.title"), anchor=False)
st.caption(tr("rules.help"))
package_rules.flags_editor(w)
package_rules.settings_form(w)
layout.how_it_works("howto.samenhang")
