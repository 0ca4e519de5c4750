"""AppTest fixtures: a fresh store per test, the example workshop, and the app run through its router.

Every test gets its own SQLite file (``KOPPELKANSEN_DB``) and empty Streamlit
caches, so the cached store of one test never leaks into the next.

Pages are run through ``app.py`` (``at.switch_page(page("resultaten")).run()``),
so the sidebar (language, workshop picker, presentation mode) and the
navigation behave as in the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from decision.analysis import rank_workshop
from decision.model import Workshop
from decision.storage import ENV_DB, SqliteStore
from decision.workshop_file import load_workshop

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PAGES_DIR = "pages"
EXAMPLE = ROOT / "data" / "kastanjehof.yaml"
TIMEOUT = 30


def page(name: str) -> str:
    """The page file of one screen, as ``AppTest.switch_page`` wants it."""
    return f"{PAGES_DIR}/{name}.py"


class _RouterPagesManager(PagesManager):
    """AppTest starts every run as if the server had just started, and a server
    that has just started runs a ``pages/`` file on its own, without app.py (the
    old multipage mode, until app.py calls ``st.navigation`` once). Tests want
    the router on every run, as in a running server, so that mode is switched off.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


@pytest.fixture(autouse=True)
def fresh_app(tmp_path, monkeypatch):
    """A database of its own and empty caches for every test."""
    monkeypatch.setenv(ENV_DB, str(tmp_path / "koppelkansen.db"))
    monkeypatch.setattr(app_test_module, "PagesManager", _RouterPagesManager)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()
    PagesManager.uses_pages_directory = None


@pytest.fixture
def store(fresh_app) -> SqliteStore:
    """The same database the app uses in this test."""
    return SqliteStore()


@pytest.fixture
def example() -> Workshop:
    return load_workshop(EXAMPLE)


@pytest.fixture
def wid(store, example) -> str:
    """The example workshop, stored; its id."""
    return store.create(example)


@pytest.fixture
def saved(store) -> Callable[[str], Workshop]:
    """``saved(wid)``: what the app stored, read back from the database."""
    return lambda workshop_id: store.load(workshop_id).workshop


@pytest.fixture
def top3() -> Callable[..., list[str]]:
    """``top3(w, "topsis")``: the expected top three, computed by the engine."""
    return lambda w, method="wsm", aggregation="mean": list(rank_workshop(w, method, aggregation).top(3))


@pytest.fixture
def app() -> Callable[..., AppTest]:
    """``app("scoren", wid, lang="en")``: the app, run once on that page.

    ``workshop`` is opened the way a shared link opens it (``?w=…``); ``state``
    seeds more session state before the first run.
    """

    def open_page(name: str = "start", workshop: str | None = None, *, lang: str | None = None,
                  **state: object) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        if workshop is not None:
            at.session_state["w"] = workshop
            at.query_params["w"] = workshop
        if lang is not None:
            at.session_state["lang"] = lang
        for key, value in state.items():
            at.session_state[key] = value
        # The page files are registered under their own names, so the page can be
        # chosen before the first run: one run instead of two.
        return at.switch_page(page(name)).run()

    return open_page


TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")


def _shown(at: AppTest) -> str:
    parts: list[str] = []
    for kind in TEXT_ELEMENTS:
        parts.extend(str(e.value) for e in at.get(kind))
    return "\n".join(parts)


@pytest.fixture
def shown() -> Callable[[AppTest], str]:
    """``shown(at)``: all the text on the screen as one string, for "the user sees X" checks."""
    return _shown
