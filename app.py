"""Koppelkansen: the router. Page config, shared sidebar widgets, navigation."""

from pathlib import Path

import streamlit as st

from ui.routing import routed
from ui.sidebar import language_switch, presentation_switch, workshop_picker
from ui.state import presenting, tr

dir_path = Path(__file__).parent


def participant_link() -> bool:
    """A join code or a personal token in the link: this browser belongs to a participant,
    who gets only the scoring page, never the facilitator's pages."""
    return "t" in st.query_params or "code" in st.query_params


def run() -> None:
    st.set_page_config(page_title="Koppelkansen", page_icon=":material/join_inner:", layout="wide")
    if participant_link():
        page = st.navigation(
            [st.Page(dir_path / "pages/meedoen.py", title=tr("page.meedoen"))], position="hidden"
        )
        with routed():
            page.run()
        return
    language_switch()
    workshop_picker()
    presentation_switch()
    page = st.navigation(
        {
            tr("nav.prepare"): [
                st.Page(
                    dir_path / "pages/start.py", title=tr("page.start"), icon=":material/home:", default=True
                ),
                st.Page(dir_path / "pages/ambitie.py", title=tr("page.ambitie"), icon=":material/flag:"),
                st.Page(
                    dir_path / "pages/koppelkansen.py", title=tr("page.koppelkansen"), icon=":material/hub:"
                ),
            ],
            tr("nav.choose"): [
                st.Page(dir_path / "pages/scoren.py", title=tr("page.scoren"), icon=":material/how_to_vote:"),
                st.Page(dir_path / "pages/ronde.py", title=tr("page.ronde"), icon=":material/cell_tower:"),
                st.Page(
                    dir_path / "pages/resultaten.py",
                    title=tr("page.resultaten"),
                    icon=":material/leaderboard:",
                ),
                st.Page(
                    dir_path / "pages/gevoeligheid.py",
                    title=tr("page.gevoeligheid"),
                    icon=":material/balance:",
                ),
                st.Page(dir_path / "pages/besluit.py", title=tr("page.besluit"), icon=":material/gavel:"),
                st.Page(
                    dir_path / "pages/besluitlog.py", title=tr("page.besluitlog"), icon=":material/history:"
                ),
            ],
        },
        position="top" if presenting() else "sidebar",
    )
    with routed():
        page.run()


run()
