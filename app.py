"""Koppelkansen: the router. Page config, shared sidebar widgets, navigation."""

from pathlib import Path

import streamlit as st

from ui.errors import page_guard
from ui.layout import document_language
from ui.sidebar import language_switch, presentation_switch, workshop_picker
from ui.state import accept_facilitator_link, presenting, tr

dir_path = Path(__file__).parent


def participant_link() -> bool:
    """A join code or a personal token in the link: this browser belongs to a participant,
    who gets only the scoring page, never the facilitator's pages."""
    return "t" in st.query_params or "code" in st.query_params


def run() -> None:
    st.set_page_config(page_title="Koppelkansen", page_icon=":material/join_inner:", layout="wide")
    if participant_link():
        document_language()
        page = st.navigation(
            [st.Page(dir_path / "screens/meedoen.py", title=tr("page.meedoen"))], position="hidden"
        )
        page.run()
        return
    accept_facilitator_link()
    language_switch()
    workshop_picker()
    presentation_switch()
    document_language()
    page = st.navigation(
        {
            tr("nav.prepare"): [
                st.Page(
                    dir_path / "screens/start.py",
                    title=tr("page.start"),
                    icon=":material/home:",
                    default=True,
                ),
                st.Page(dir_path / "screens/ambitie.py", title=tr("page.ambitie"), icon=":material/flag:"),
                st.Page(
                    dir_path / "screens/koppelkansen.py", title=tr("page.koppelkansen"), icon=":material/hub:"
                ),
                st.Page(
                    dir_path / "screens/samenhang.py", title=tr("page.samenhang"), icon=":material/share:"
                ),
            ],
            tr("nav.choose"): [
                st.Page(
                    dir_path / "screens/scoren.py", title=tr("page.scoren"), icon=":material/how_to_vote:"
                ),
                st.Page(dir_path / "screens/ronde.py", title=tr("page.ronde"), icon=":material/cell_tower:"),
                st.Page(
                    dir_path / "screens/resultaten.py",
                    title=tr("page.resultaten"),
                    icon=":material/leaderboard:",
                ),
                st.Page(
                    dir_path / "screens/perspectieven.py",
                    title=tr("page.perspectieven"),
                    icon=":material/groups:",
                ),
                st.Page(
                    dir_path / "screens/gevoeligheid.py",
                    title=tr("page.gevoeligheid"),
                    icon=":material/balance:",
                ),
                st.Page(
                    dir_path / "screens/pakketten.py",
                    title=tr("page.pakketten"),
                    icon=":material/inventory_2:",
                ),
                st.Page(
                    dir_path / "screens/uitwerken.py",
                    title=tr("page.uitwerken"),
                    icon=":material/construction:",
                ),
                st.Page(dir_path / "screens/besluit.py", title=tr("page.besluit"), icon=":material/gavel:"),
                st.Page(
                    dir_path / "screens/besluitlog.py", title=tr("page.besluitlog"), icon=":material/history:"
                ),
            ],
        },
        position="top" if presenting() else "sidebar",
        # every step of the route in sight: the Besluit page must not hide behind "View more"
        expanded=True,
    )
    page.run()


# What the page raises is shown as a plain message, never as a traceback (ui/errors.py);
# what was typed but not saved is kept for when the page can be drawn again.
with page_guard(whole_page=True):
    run()
