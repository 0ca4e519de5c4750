"""Resultaten: the ranking, the top three and the trade-offs behind them.

On the projector (presentation mode) the page is a row of slides, one section per
screen, with the method and aggregation folded into "Instellingen" under it.
"""

import streamlit as st

from decision.core.aggregation import AGGREGATIONS
from decision.core.methods import DEFAULT_METHOD, METHODS
from decision.text import formatting
from ui import layout, location, presentation, sheet_basis, state
from ui.cards import rank_text, top_cards
from ui.cell_notes import discuss_first
from ui.figures import method_table, show_results_figure
from ui.state import tr
from ui.text import md

w = layout.page("page.resultaten_title", "page.resultaten_intro")
if w is None:  # layout.page has said so and stopped; this tells the type checker
    st.stop()
lang = state.lang()
if not w.kansen or not w.scores:
    st.info(tr("results.no_scores"), icon=":material/info:")
    st.stop()

# method, aggregation and the presented section are kept in the URL: a reload shows the same
location.bound_choice("methode", "method", list(METHODS), DEFAULT_METHOD)
location.bound_choice("aggregatie", "aggregation", list(AGGREGATIONS), AGGREGATIONS[0])
# On the projector the section comes first and the controls fold away under it.
slide_area = st.container() if state.presenting() else None
settings = presentation.settings()
left, right = settings.columns(2)
method = left.segmented_control(
    tr("results.method"),
    list(METHODS),
    required=True,
    key="method",
    format_func=lambda m: tr(METHODS[m].label_key),
    persist_state="session",
)
aggregation = right.segmented_control(
    tr("results.aggregation"),
    list(AGGREGATIONS),
    required=True,
    key="aggregation",
    format_func=lambda a: tr(f"aggregation.{a}"),
    persist_state="session",
)
with settings:
    sheet_basis.control(w, method, aggregation)
ranking = state.ranking(method, aggregation)


def ranking_table() -> None:
    table = ranking.table
    ranks = [
        rank_text(int(r), bool(t)) if s == s else "–"
        for r, t, s in zip(table["rank"], table["tied"], table["score"], strict=True)
    ]
    score = tr("results.score")
    view = {
        tr("col.rank"): ranks,
        "ID": table["id"],
        tr("kans.name"): table["name"],
        tr("results.score"): (100 * table["score"]).round(0),
        # Shown as Dutch text (decimal comma), whatever the browser's locale.
        tr("results.col_coverage"): [formatting.percent(x, lang) for x in table["coverage"]],
        tr("results.col_spread"): [formatting.number(x, lang, 2) for x in table["spread"]],
        tr("results.col_dont_know"): table["n_unknown"],
    }
    with st.container(key="fit_wide_ranking"):
        st.dataframe(
            view,
            hide_index=True,
            height="content",
            column_config={
                # Widths chosen so every column, "weet niet" included, fits a laptop screen next
                # to the sidebar; only the longest names are cut (the cards show them whole).
                tr("col.rank"): st.column_config.TextColumn(width=150),  # "Gedeelde 12e plaats"
                tr("kans.name"): st.column_config.TextColumn(width=270),
                score: st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d", width=130),
            },
        )
    if not state.presenting():
        # A phone shows this one instead (ui/layout.py): rank, name and score fit its
        # width, so the score is seen without scrolling sideways.
        with st.container(key="fit_narrow_ranking"):
            st.dataframe(
                {
                    tr("results.col_rank_short"): [
                        str(int(r)) if s == s else "–"
                        for r, s in zip(table["rank"], table["score"], strict=True)
                    ],
                    tr("kans.name"): table["name"],
                    score: view[score],
                },
                hide_index=True,
                height="content",
                column_config={
                    tr("results.col_rank_short"): st.column_config.TextColumn(width=44),
                    tr("kans.name"): st.column_config.TextColumn(width=190),
                    score: st.column_config.ProgressColumn(
                        min_value=0, max_value=100, format="%d", width=100
                    ),
                },
            )
    if ranking.ties:
        st.caption(tr("results.ties", groups="; ".join(" = ".join(g) for g in ranking.ties)))


def method_view() -> None:
    # On the projector the chart shows who moves; the sentence naming them is for the page.
    show_results_figure("methods", method, aggregation, key="method_chart", reserve=70)
    comparison = method_table(aggregation)
    moved = comparison[comparison["shift"] != 0]
    if not moved.empty and state.presenting():
        return
    if moved.empty:
        st.success(tr("results.methods_agree"), icon=":material/check:")
    else:
        listed = ", ".join(f"{md(r.name)} ({r.rank_wsm} → {r.rank_topsis})" for r in moved.itertuples())
        st.write(tr("results.methods_differ", kansen=listed))


def chart(kind: str):
    return lambda: show_results_figure(kind, method, aggregation, key=f"{kind}_chart")


def discussion() -> None:
    """The cells to discuss first, with the facilitator's notes."""
    with st.container(key="discuss_first"):
        st.subheader(tr("ronde.discuss_first"), anchor=False)
        st.caption(tr("ronde.discuss_help"))
        discuss_first(w, ranking, editable=not state.presenting())


def disagreement() -> None:
    """The scores with disagreement, and the cells to discuss first."""
    chart("heatmap")()
    discussion()


SECTIONS = {
    "top": lambda: top_cards(w, ranking),
    "table": ranking_table,
    "contributions": chart("contributions"),
    "profile": chart("profile"),
    "value": chart("value"),
    "heatmap": disagreement,
    "methods": method_view,
}

if slide_area is not None:
    # One thing per screen: the facilitator steps through the sections, and the cells to
    # discuss first get a screen of their own after the scores (under them they fall off it).
    slides = {
        **{k: SECTIONS[k] for k in ("top", "table", "contributions", "profile", "value")},
        "heatmap": chart("heatmap"),
        "discuss": discussion,
        "methods": method_view,
    }
    location.bound_choice("onderdeel", "slide", list(slides), "top")
    with slide_area:
        presentation.slides(
            slides, lambda s: tr(f"results.section_{s}"), key="slide", title=tr("results.slide")
        )
else:
    st.header(tr("results.section_top"), anchor=False)
    st.caption(tr("results.top_help"))
    SECTIONS["top"]()
    st.header(tr("results.section_table"), anchor=False)
    SECTIONS["table"]()
    st.header(tr("results.tradeoffs"), anchor=False)
    tabs = st.tabs(
        [tr(f"results.section_{s}") for s in ("contributions", "profile", "value", "heatmap", "methods")]
    )
    for tab, section in zip(tabs, ("contributions", "profile", "value", "heatmap", "methods"), strict=True):
        with tab:
            st.caption(tr(f"results.help_{section}"))
            SECTIONS[section]()
layout.how_it_works("howto.resultaten")
