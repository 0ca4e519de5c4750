"""Browser tests: the real app in a real browser.

One Streamlit server per test session (on a free port, with its own database) and
one headless Debian chromium driven by Playwright. Every browser test module sets
``pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]``, so with
``-n 2 --dist loadgroup`` they all run on one worker and share that server.

Chromium is required: when it is missing the browser tests fail (as errors, with a hint
on how to install it), never skip. ``KOPPELKANSEN_SKIP_BROWSER=1`` skips every browser
test on purpose, whether chromium is there or not; ``make test`` then does not install it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

import pytest

from tests.app_servers import ROOT, serve_process, serve_several

ARTIFACTS = ROOT / "test-artifacts"
SKIP_ENV = "KOPPELKANSEN_SKIP_BROWSER"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# One patience for every wait: the page's own (clicks, waits) and Playwright's expect(), whose
# default of 5 s is too short on a busy machine, so a slow test would fail instead of waiting.
BROWSER_TIMEOUT_MS = 30_000
MISSING_CHROMIUM = (
    "chromium is not installed, so the browser tests cannot run. "
    "Install it with `sudo apt-get install chromium` (or `make chromium`), "
    f"or skip these tests on purpose with {SKIP_ENV}=1."
)


def chromium_path() -> str | None:
    return shutil.which("chromium")


def skip_requested() -> bool:
    return os.environ.get(SKIP_ENV, "").strip() == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Skipped at collection, before any fixture runs: no server, no browser, no chromium lookup.
    if not skip_requested():
        return
    skip = pytest.mark.skip(reason=f"{SKIP_ENV}=1: browser tests skipped on purpose")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of Debian's chromium. A missing browser fails the run, it is no reason to pass quietly."""
    path = chromium_path()
    if path is None:
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    return path


@pytest.fixture(scope="session")
def app_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SQLite database the test server writes to (read it to check what was saved)."""
    return tmp_path_factory.mktemp("app") / "koppelkansen.db"


@contextmanager
def serve(db: Path) -> Iterator[str]:
    """The app on a free port with the given database; its base URL. Stopped on exit,
    also when start-up fails."""
    with serve_process(db) as (url, _):
        yield url


@pytest.fixture(scope="session")
def app_server(app_db: Path, chromium_executable: str) -> Iterator[str]:
    """Start the app on a free port; yield its base URL; stop it afterwards."""
    with serve(app_db) as url:
        yield url


@pytest.fixture(scope="session")
def own_server(chromium_executable: str):
    """Factory, for a test that needs a server of its own (say, one whose database it breaks):
    ``with own_server(db, prefix=..., log_folder=...) as app:`` (see :func:`serve_process`);
    ``app`` is an :class:`App` on it, with the server's process id."""

    @contextmanager
    def start(db: Path, **options) -> Iterator[App]:
        with serve_process(db, **options) as (url, process):
            yield App(url, db, pid=process.pid)

    return start


@pytest.fixture
def servers_on_postgres(pg_cluster, tmp_path: Path, chromium_executable: str) -> Iterator[list[App]]:
    """Two app servers on one fresh PostgreSQL database, as a municipality runs them behind its
    load balancer (deploy/); an :class:`App` on each. The database is dropped afterwards."""
    address = pg_cluster.new_database()
    apps: list[App] = []
    try:
        with serve_several(address, 2, log_folder=tmp_path) as started:
            apps = [App(url, address, pid=process.pid) for url, process in started]
            yield apps
    finally:
        for app in apps:
            if "store" in app.__dict__:  # opened: give its connections back before the drop
                app.store.close()
        pg_cluster.drop_database(address)


@pytest.fixture
def restarted_server(app_db: Path, app_server: str) -> Iterator[str]:
    """A second, just-started server on the same database, as after a restart."""
    with serve(app_db) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_executable: str):
    """One headless chromium for the session."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def new_page(browser, app_server: str):
    """Factory: a fresh page (own context, so own cookies and downloads) at a given viewport."""
    contexts = []

    def make(viewport: dict[str, int] | None = None):
        context = browser.new_context(
            viewport=viewport or DESKTOP, base_url=app_server, accept_downloads=True, locale="nl-NL"
        )
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A fresh desktop-sized page on the test server."""
    return new_page()


# -- what the tests do with the app ----------------------------------------------

SETTLED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.dataset.testScriptState === 'notRunning'
        && app.dataset.testConnectionState === 'CONNECTED';
}"""

# The visible rows of a ranking table: Streamlit draws tables on a canvas and keeps an
# accessible copy of the visible cells in the page, which is what screen readers get.
TABLE_ROWS = """(grid) => Array.from(grid.querySelectorAll('tbody [role="row"]')).map(
    (row) => Array.from(row.querySelectorAll('[role="gridcell"]')).map((cell) => cell.innerText.trim()))"""


class App:
    """The running test server, seen the way a user sees it (plus its database)."""

    desktop = DESKTOP
    phone = PHONE
    artifacts = ARTIFACTS
    timeout_ms = BROWSER_TIMEOUT_MS

    def __init__(self, url: str, db: Path | str, pid: int | None = None) -> None:
        self.url = url
        self.db = db  # a SQLite file, or the address of the PostgreSQL database the server uses
        self.pid = pid  # the server's process, when the test started it itself

    @cached_property
    def store(self):
        """The server's store, opened once: on PostgreSQL each opening is a pool of connections."""
        from decision.store import open_store

        return open_store(self.db)

    @staticmethod
    def nl(key: str, /, **params: object) -> str:
        """A text as the app shows it in Dutch, the default language."""
        from ui.catalog import t

        return t(key, "nl", **params)

    @staticmethod
    def settle(page, timeout: float = 20_000) -> None:
        """Wait until the app has finished its current run and is connected."""
        page.wait_for_function(SETTLED, timeout=timeout)

    def choose(self, page, label: str, option: str, *, attempts: int = 3) -> None:
        """Pick ``option`` in the selectbox ``label``, as a person does: open the list, click.

        A run that was still redrawing the page when the list opened replaces the box and
        closes its list; a person then opens it again, and so does this (after the run).
        """
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        for attempt in range(attempts):
            self.settle(page)
            page.get_by_label(label).click()
            try:
                page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
                return
            except PlaywrightTimeout:
                if attempt == attempts - 1:
                    raise
                page.keyboard.press("Escape")

    @staticmethod
    def workshop_id(page) -> str:
        """The open workshop's code, as kept in the URL (``?w=…``)."""
        from urllib.parse import parse_qs, urlparse

        return parse_qs(urlparse(page.url).query)["w"][0]

    def open_example(self, page, *, fresh: bool = True) -> str:
        """Open the bundled example from the start page, as a user does; return its code.

        The tests share one server, so the example may be there already, changed by an
        earlier test (scored, renamed, protected with a PIN). "Open het voorbeeld" then
        goes on with it; with ``fresh`` (the default) the test asks for "Nieuw exemplaar"
        instead, so it starts from the example as shipped, in a workshop of its own.
        """
        from playwright.sync_api import expect

        from decision.files import paths
        from decision.files.workshop_file import load_workshop
        from decision.store.access import copies_to_reopen

        example_name = load_workshop(paths.EXAMPLE_WORKSHOP).name
        store = self.store
        before = {s.id for s in store.workshops.list_recent(10_000)}

        def click_on_start(key: str) -> None:
            page.goto("/")
            expect(page.get_by_role("button", name=self.nl("start.new_button"))).to_be_visible()
            self.settle(page)
            new_copy = page.get_by_role("button", name=self.nl("start.example_new_copy"))
            # What the page offers a new session, read from the store rather than from how far
            # a busy page has drawn: with a copy it may reopen there is "Nieuw exemplaar" (wait
            # for it; "Open het voorbeeld" would go on with that copy, made by another test).
            offered = copies_to_reopen(store.workshops.list_recent(200), (), example_name)
            if key == "start.example_new_copy" and offered:
                expect(new_copy).to_be_visible()
            elif key == "start.example_new_copy":
                key = "start.example_button"  # no example yet: opening it makes one
            page.get_by_role("button", name=self.nl(key)).click()
            page.wait_for_url("**/?w=*")
            self.settle(page)

        click_on_start("start.example_new_copy" if fresh else "start.example_button")
        if fresh and self.workshop_id(page) in before:
            # Another test made an example in between: now "Nieuw exemplaar" is offered.
            click_on_start("start.example_new_copy")
        expect(page.get_by_role("link", name=self.nl("start.go_on"))).to_be_visible()
        self.settle(page)
        return self.workshop_id(page)

    def go(self, page, title_key: str, *, heading_key: str | None = None) -> None:
        """Follow a page link in the sidebar and wait for the page's title."""
        from playwright.sync_api import expect

        page.get_by_test_id("stSidebarNav").get_by_role("link", name=self.nl(title_key)).click()
        expect(
            page.get_by_role("heading", level=1, name=self.nl(heading_key or f"{title_key}_title"))
        ).to_be_visible()
        self.settle(page)

    def table_rows(self, page, index: int = 0) -> list[list[str]]:
        """The visible body rows of the index-th data table on the page, as text."""
        from playwright.sync_api import expect

        grid = page.get_by_test_id("stDataFrame").nth(index)
        expect(grid.locator('tbody [role="row"]').first).to_be_attached()
        return grid.evaluate(TABLE_ROWS)

    def workshop(self, workshop_id: str):
        """The workshop as the server stored it."""
        return self.store.workshops.load(workshop_id).workshop


@pytest.fixture(scope="session")
def app(app_server: str, app_db: Path) -> App:
    return App(app_server, app_db)


@pytest.fixture(scope="session")
def stored_example(app: App) -> str:
    """A copy of the example written straight into the server's database; its code."""
    from decision.files import paths
    from decision.files.workshop_file import load_workshop
    from decision.store import open_store

    return open_store(app.db).workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP))
