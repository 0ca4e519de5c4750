"""AppTest fixtures: a fresh store per test, the example workshop, and the app run through its router.

Every test gets its own SQLite file (``KOPPELKANSEN_DB``) and empty Streamlit
caches, so the cached store of one test never leaks into the next.

Pages are run through the router, ``app.py`` (``app("resultaten", wid)``, or
``at.switch_page("screens/besluit.py").run()`` to move on), so the sidebar
(language, workshop picker, presentation mode) and the navigation behave as in
the browser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from decision.domain.model import Workshop
from decision.files.workshop_file import load_workshop
from decision.store import ENV_DB, Store, open_store
from ui import memo
from ui.state import GRANTS_KEY

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PAGES_DIR = "screens"
EXAMPLE = ROOT / "data" / "kastanjehof.yaml"
TIMEOUT = 30


def page(name: str) -> str:
    """The page file of one screen, as ``AppTest.switch_page`` wants it."""
    return f"{PAGES_DIR}/{name}.py"


@pytest.fixture(autouse=True)
def fresh_app(tmp_path, monkeypatch):
    """A database of its own and empty caches for every test."""
    monkeypatch.setenv(ENV_DB, str(tmp_path / "koppelkansen.db"))
    st.cache_resource.clear()
    st.cache_data.clear()
    memo.clear_all()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()
    memo.clear_all()


@pytest.fixture
def store(fresh_app) -> Store:
    """The same database the app uses in this test."""
    return open_store()


@pytest.fixture
def example() -> Workshop:
    return load_workshop(EXAMPLE)


@pytest.fixture
def wid(store, example) -> str:
    """The example workshop, stored; its id."""
    return store.workshops.create(example)


@pytest.fixture
def saved(store) -> Callable[[str], Workshop]:
    """``saved(wid)``: what the app stored, read back from the database."""
    return lambda workshop_id: store.workshops.load(workshop_id).workshop


@pytest.fixture
def app() -> Callable[..., AppTest]:
    """``app("scoren", wid, lang="en")``: the app, run once on that page.

    ``workshop`` is opened as the app itself opens one (session state and the
    ``?w=…`` of the URL); with ``link_only=True`` only the URL carries it, as
    after a reload or from a shared link. ``unlocked`` names workshops this
    browser session is facilitator of (it holds a grant, as after the right PIN).
    ``state`` seeds more session state.
    """

    def open_page(
        name: str = "start",
        workshop: str | None = None,
        *,
        lang: str | None = None,
        link_only: bool = False,
        unlocked: Iterable[str] = (),
        **state: object,
    ) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        if unlocked:
            facilitators = open_store()
            at.session_state[GRANTS_KEY] = {w: facilitators.access.grant_as_operator(w) for w in unlocked}
        if workshop is not None:
            at.query_params["w"] = workshop
            if not link_only:
                at.session_state["w"] = workshop
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


def _walk(node) -> list:
    found = []
    for child in getattr(node, "children", {}).values():
        found.append(child)
        found.extend(_walk(child))
    return found


@pytest.fixture
def elements() -> Callable[[AppTest], list]:
    """``elements(at)``: every element and block on the screen, sidebar included."""
    return lambda at: _walk(at._tree)


@pytest.fixture
def submit() -> Callable[[AppTest, str], AppTest]:
    """``submit(at, "decisions")``: press the submit button of that form and rerun.

    A form whose fields keep drafts is no ``st.form``; its save button is keyed ``<form>_save``."""

    def press(at: AppTest, form: str) -> AppTest:
        button = next(
            b
            for b in at.button
            if (b.key or "").startswith(f"FormSubmitter:{form}-") or b.key == f"{form}_save"
        )
        return button.click().run()

    return press


class _KeptMediaStorage(MemoryMediaFileStorage):
    """The in-memory media store of a test run, kept so downloads can be read back."""

    made: list[MemoryMediaFileStorage] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _KeptMediaStorage.made.append(self)


@pytest.fixture
def download(monkeypatch) -> Callable[[AppTest, str], bytes]:
    """``download(at, "dl_rank")``: the bytes behind the download button whose key starts so."""
    _KeptMediaStorage.made = []
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", _KeptMediaStorage)

    def data(at: AppTest, key_prefix: str) -> bytes:
        button = next(b for b in at.download_button if b.key.startswith(key_prefix))
        name = button.proto.url.rsplit("/", 1)[-1]
        return _KeptMediaStorage.made[-1].get_file(name).content

    return data
