"""The parts of Pakketten and Samenhang: a package card, the analysis cached per version."""

from __future__ import annotations

import streamlit as st

from decision.domain.model import Workshop
from decision.domain.operations import adopt_proposal
from decision.domain.packages import (
    PackageAnalysis,
    PackageView,
    analyse_packages,
    describe_issue,
    explain_package,
    groups_sentence,
    package_holds_per_group,
    package_sentence,
)
from decision.errors import DecisionError
from decision.text import formatting
from ui import state
from ui.memo import per_version
from ui.state import tr
from ui.text import md


@per_version(max_entries=32)
def _analysis(workshop_id: str, version: int, method: str, aggregation: str, _w: Workshop):
    ranking = state.cached_ranking(workshop_id, version, method, aggregation, _w)
    return analyse_packages(_w, ranking, method=method, aggregation=aggregation)


def analysis(method: str, aggregation: str) -> PackageAnalysis | DecisionError:
    """The packages of the open workshop for this ranking, or the reason there are none."""
    stored = state.current_stored()
    assert stored is not None  # drawn only while a workshop is open
    try:
        return _analysis(stored.id, stored.version, method, aggregation, stored.workshop)
    except DecisionError as err:  # no feasible package, a cap below the forced costs, ...
        return err


@per_version(max_entries=32)
def _holds(
    workshop_id: str, version: int, method: str, aggregation: str, members: tuple[str, ...], _w: Workshop
):
    return package_holds_per_group(_w, members, method=method, aggregation=aggregation)


def groups_check(result: PackageAnalysis, method: str, aggregation: str) -> None:
    """Whether the best package stays the best under each group's own weights (when any gave them)."""
    stored = state.current_stored()
    assert stored is not None  # drawn only while a workshop is open
    w = stored.workshop
    if not result.packages or not any(w.group_weights.get(g.id) for g in w.groups):
        return
    view = result.packages[0]
    held, not_held = _holds(stored.id, stored.version, method, aggregation, tuple(view.members), w)
    sentence = groups_sentence(w, view.letter, held, not_held, state.lang(), quote=md)
    if not_held:
        st.warning(sentence, icon=":material/groups:")
    else:
        st.success(sentence, icon=":material/groups:")


def names(w: Workshop, ids) -> str:
    return ", ".join(f"{kid} {md(w.kans(kid).name)}" for kid in ids)


def _adopt(members: tuple[str, ...]) -> None:
    current = state.current()
    assert current is not None
    if state.commit(adopt_proposal(current, members)):
        st.session_state["package_adopted"] = True


def adopt_button(view: PackageView, *, key: str) -> None:
    st.button(
        tr("packages.adopt", letter=view.letter),
        icon=":material/playlist_add_check:",
        key=key,
        on_click=state.on(_adopt, view.members),
        width="stretch",
    )


def card(view: PackageView, result: PackageAnalysis, w: Workshop) -> None:
    """One package: what is in it, what it yields and costs, who carries it, and why."""
    lang = state.lang()
    with st.container(border=True, key=f"package_{view.letter}"):
        title = tr("packages.title", letter=view.letter)
        if view.tied:
            title += " · " + tr("packages.tied")
        st.subheader(title, anchor=False)
        for kid in view.members:
            mark = " · " + tr("packages.essential") if kid in view.forced else ""
            st.markdown(f"- **{kid}** {md(w.kans(kid).name)}{mark}")
        st.metric(tr("packages.total"), formatting.number(view.total, lang, 1))
        if view.synergy:
            st.caption(tr("packages.synergy", points=formatting.number(view.synergy, lang, 1)))
        st.caption(package_sentence(view, result, lang))
        themes = {t.id: t.theme for t in w.themes}
        facts = [
            tr("packages.themes", n=len(view.themes), total=len(w.themes))
            + (": " + ", ".join(md(themes[t]) for t in view.themes if t in themes) if view.themes else ""),
            tr(
                "packages.cost",
                low=formatting.money(view.cost_low, lang, cents=False),
                high=formatting.money(view.cost_high, lang, cents=False),
            ),
            tr(
                "packages.parties_one_lead" if len(view.leads) == 1 else "packages.parties",
                parties=len(view.parties),
                leads=len(view.leads),
            ),
        ]
        if view.cost_unknown:
            facts.append(tr("packages.cost_unknown", ids=", ".join(view.cost_unknown)))
        st.markdown("\n".join(f"- {line}" for line in facts))
        with st.expander(tr("packages.why"), icon=":material/help:"):
            for line in explain_package(view, result, w, lang):
                st.markdown(f"- {line}")
        adopt_button(view, key=f"adopt_package_{view.letter}")


def plain_top_notice(result: PackageAnalysis, w: Workshop) -> None:
    """Whether the ranking's own top k can be carried out together, and if not why."""
    lang = state.lang()
    top = names(w, result.plain_top)
    if result.plain_feasible:
        st.success(tr("packages.plain_ok", kansen=top), icon=":material/check:")
        return
    problems = "\n".join(f"- {md(describe_issue(i, w, lang))}" for i in result.plain_issues)
    st.warning(tr("packages.plain_not", kansen=top) + "\n\n" + problems, icon=":material/link_off:")
