"""Pakketten: the best packages of koppelkansen that can be carried out together."""

import streamlit as st

from decision.core.methods import METHODS
from decision.errors import DecisionError
from decision.output.charts import packages as charts
from ui import layout, location, packages, state
from ui.figures import show_fitted
from ui.state import tr

w = layout.page("page.pakketten_title", "page.pakketten_intro")
assert w is not None  # layout.page stops the page when no workshop is open
lang = state.lang()
if not w.kansen or not w.scores:
    st.info(tr("results.no_scores"), icon=":material/info:")
    st.stop()

method, aggregation = location.results_choice()
st.caption(
    tr(
        "packages.basis",
        size=w.package.size,
        method=tr(METHODS[method].label_key),
        relations=len(w.relations),
    )
)
st.page_link("screens/samenhang.py", label=tr("packages.to_samenhang"), icon=":material/hub:")
result = packages.analysis(method, aggregation)
if isinstance(result, DecisionError):
    st.error(tr("packages.none", reason=result.localized(lang)), icon=":material/block:")
    st.stop()
if st.session_state.pop("package_adopted", False):
    st.success(tr("packages.adopted"), icon=":material/check:")

packages.plain_top_notice(result, w)
st.header(tr("packages.best", n=len(result.packages), feasible=result.feasible), anchor=False)
for row in range(0, len(result.packages), 3):
    columns = st.columns(3)
    for column, view in zip(columns, result.packages[row : row + 3], strict=False):
        with column:
            packages.card(view, result, w)
packages.groups_check(result, method, aggregation)

st.header(tr("packages.core_title"), anchor=False)
st.caption(tr("packages.core_help", n=result.samples))
show_fitted(
    lambda **fit: charts.core_index_chart(result, w, lang, **fit),
    key="core_index_chart",
    alternative=charts.core_index_table(result, w, lang),
)
st.header(tr("packages.workload_title"), anchor=False)
st.caption(tr("packages.workload_help"))
show_fitted(
    lambda **fit: charts.workload_chart(result, w, lang, **fit),
    key="workload_chart",
    alternative=charts.workload_table(result, w, lang),
)
layout.how_it_works("howto.pakketten")
