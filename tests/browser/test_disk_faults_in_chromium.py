"""A database that refuses writes, in the real server: a Dutch message, and what was typed is kept.

Each test runs a server of its own on a database of its own, and breaks that
database the way it breaks on a real server, while a facilitator is typing a long
motivation on Besluit & export (the screen where the most is typed at once):

- read-only: the database file and its folder lose their write permission (a restored
  backup with the wrong owner, a volume mounted read-only). Tests often run as root,
  who may write anywhere; a real server does not run with that power, so as root the
  test server runs without the capability to override file permissions
  (``setpriv --bounding-set -dac_override``), and then the file's mode binds it as it
  binds any service account;
- full: the database lives on a small file system of its own (tmpfs) that is then
  filled to the last byte; where mounting is not allowed, the server's file-size limit
  is lowered to what its files hold (see :class:`SmallDisk`).

The save must fail with the catalog's message (no traceback, no driver text, no path
of the server), the motivation must still be in its field, and once the fault is
repaired the same click must store it, with nothing stored earlier lost. Screenshots
of each fault go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import errno
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from playwright.sync_api import expect

from decision.domain.analysis import rank_workshop
from decision.domain.model import Workshop
from decision.files import paths
from decision.files.workshop_file import load_workshop
from decision.store import open_store

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[2]
# What a facilitator types while the team talks: long, over several lines, with the
# characters a Dutch text has.
MOTIVATION = (
    "Niet gekozen, na lang overleg met de wijkraad en het waterschap.\n"
    "De kosten van de herinrichting vallen hoger uit dan begroot, omdat de riolering pas in 2029 "
    "wordt vervangen; samen optrekken levert dan geen werk-met-werk-voordeel op.\n"
    "Wél afspreken: in het najaar opnieuw bekijken, zodra de planning van het groot onderhoud "
    "bekend is, en de bewoners van de Kastanjehof daarover schriftelijk informeren (€ 0 extra)."
)


def server_prefix() -> list[str]:
    """The command to run the server through so that file permissions bind it.

    An ordinary account is bound by them already. Root is not (it has
    CAP_DAC_OVERRIDE), so root's server runs with that capability taken out of its
    bounding set, as a server should run anyway."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("these tests run as root and need setpriv (util-linux) to run the server without "
                    "the power to ignore file permissions", pytrace=False)  # fmt: skip
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


def forbidden_details(db: Path) -> list[str]:
    """What must never reach a browser: driver names, tracebacks, paths of the server."""
    return sorted(
        {
            "Traceback",
            'File "',
            "sqlite",
            "SQLITE",
            "errno",
            "Errno",
            str(db),
            str(db.parent),
            str(ROOT),
            str(Path(sys.executable).parent),
            "/tmp/",
        }  # fmt: skip
    )


@contextmanager
def facilitator_page(browser, app) -> Iterator:
    context = browser.new_context(viewport=app.desktop, base_url=app.url, locale="nl-NL")
    context.set_default_timeout(app.timeout_ms)
    try:
        yield context.new_page()
    finally:
        context.close()


def first_kans(w: Workshop) -> str:
    """The koppelkans whose motivation field comes first on Besluit (the form follows the ranking)."""
    return str(rank_workshop(w, "wsm", "mean").table["id"].iloc[0])


def open_besluit(app, page, wid: str):
    """Besluit & export for the workshop; its first motivation field."""
    page.goto(f"/besluit?w={wid}")
    expect(page.get_by_role("heading", level=1, name=app.nl("page.besluit_title"))).to_be_visible()
    app.settle(page)
    return page.get_by_test_id("stMain").get_by_test_id("stTextArea").first.locator("textarea")


def save(app, page) -> None:
    page.get_by_role("button", name=app.nl("besluit.save")).click()
    app.settle(page)


def shoot(page, name: str, box) -> None:
    """The top of the page with the message, and the field with what was typed."""
    shots = ROOT / "test-artifacts" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.get_by_test_id("stAlertContentError").first.scroll_into_view_if_needed()
    page.screenshot(path=shots / f"{name}.png")
    box.scroll_into_view_if_needed()
    page.screenshot(path=shots / f"{name}-veld.png")


def assert_refused_plainly(app, page, key: str, db: Path) -> None:
    """The catalog's message for the fault, and nothing of the fault's own text."""
    alert = page.get_by_test_id("stAlertContentError").filter(has_text=app.nl(key))
    expect(alert).to_be_visible()
    expect(page.get_by_text(app.nl("besluit.saved"))).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    text, html = page.locator("body").inner_text(), page.content()
    for detail in forbidden_details(db):
        assert detail not in text, detail
        assert detail not in html, detail


def without_motivation(w: Workshop, kans_id: str) -> Workshop:
    """The workshop apart from one koppelkans's motivation: what the save must have left alone."""
    return w.with_kans(replace(w.kans(kans_id), motivation=""))


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A folder of its own with a database holding the example (open: no PIN)."""
    folder = tmp_path / "opslag"
    folder.mkdir()
    return folder / "koppelkansen.db"


def test_a_read_only_database_refuses_in_dutch_and_keeps_the_motivation(browser, own_server, database):
    wid = open_store(database).workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP))
    with own_server(database, prefix=server_prefix()) as app, facilitator_page(browser, app) as page:
        before = app.workshop(wid)
        kans_id = first_kans(before)
        box = open_besluit(app, page, wid)
        box.fill(MOTIVATION)
        box.press("Tab")  # kept as a draft of this window before the save is tried
        app.settle(page)

        folder_mode, file_mode = database.parent.stat().st_mode, database.stat().st_mode
        os.chmod(database, 0o444)
        os.chmod(database.parent, 0o555)
        try:
            save(app, page)
            assert_refused_plainly(app, page, "error.storage_readonly", database)
            expect(box).to_have_value(MOTIVATION)
            shoot(page, "opslag-alleen-lezen", box)
            assert app.workshop(wid) == before  # nothing was written
        finally:
            os.chmod(database.parent, folder_mode)
            os.chmod(database, file_mode)

        save(app, page)  # write access is back: the same click stores what was typed
        expect(page.get_by_text(app.nl("besluit.saved"))).to_be_visible()
        after = app.workshop(wid)
        assert after.kans(kans_id).motivation == MOTIVATION
        assert without_motivation(after, kans_id) == without_motivation(before, kans_id)


# -- a full disk ---------------------------------------------------------------------------
SMALL_DISK = "8m"


@dataclass
class SmallDisk:
    """Where the database lives, and how it is made full and given room again.

    Where mounting is allowed (root with CAP_SYS_ADMIN) it is a real small file system
    (tmpfs), filled to its last byte: the disk is full (ENOSPC) and the message says so.
    Elsewhere (an ordinary account, a container without that capability) the server's
    own file-size limit (RLIMIT_FSIZE, set with prlimit as an operator's ``LimitFSIZE=``
    or a quota would) is lowered to what its files hold now: the write is refused
    (EFBIG, as for a quota) and the message names a refused write with "vol" in it.
    """

    folder: Path
    mounted: bool
    expected_key: str = ""
    _filler: Path | None = None

    def __post_init__(self) -> None:
        self.expected_key = "error.storage_full" if self.mounted else "error.storage_write_failed"

    def make_full(self, app) -> None:
        if self.mounted:
            self._filler = fill(self.folder)
        else:
            held = max(p.stat().st_size for p in self.folder.iterdir() if p.name.startswith(app.db.name))
            resource.prlimit(app.pid, resource.RLIMIT_FSIZE, (held, resource.RLIM_INFINITY))

    def give_room(self, app) -> None:
        if self.mounted:
            if self._filler is not None:
                self._filler.unlink()
        else:
            resource.prlimit(app.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


def fill(folder: Path) -> Path:
    """Fill the file system to its last byte; the file that does it (delete it to free the space)."""
    filler = folder / "vulling.bin"
    with filler.open("wb", buffering=0) as out:
        for size in (1 << 20, 1 << 16, 4096, 512, 1):  # big blocks first, then the last crumbs
            try:
                while True:
                    out.write(b"\0" * size)
            except OSError as err:
                assert err.errno == errno.ENOSPC, err
    return filler


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    folder = tmp_path / "kleine-schijf"
    folder.mkdir()
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={SMALL_DISK},mode=0755", "koppelkansen-test", str(folder)],
            capture_output=True,
        ).returncode
        == 0
    )
    try:
        yield SmallDisk(folder, mounted)
    finally:
        if mounted:  # lazy: a connection of this test process may still hold a file open
            subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_refuses_in_dutch_and_keeps_the_motivation(browser, own_server, small_disk, tmp_path):
    database = small_disk.folder / "koppelkansen.db"
    wid = open_store(database).workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP))
    # the server's console log is kept off the small disk (it is not what fills up)
    with own_server(database, log_folder=tmp_path) as app, facilitator_page(browser, app) as page:
        before = app.workshop(wid)
        kans_id = first_kans(before)
        box = open_besluit(app, page, wid)
        box.fill(MOTIVATION)
        # as in the read-only test: the text reaches the server (a draft of this window) before
        # the disk fills, so what is tested is the refusal, not how fast a click follows typing
        box.press("Tab")
        app.settle(page)

        small_disk.make_full(app)
        try:
            save(app, page)
            assert_refused_plainly(app, page, small_disk.expected_key, database)
            expect(box).to_have_value(MOTIVATION)
            shoot(page, "opslag-vol", box)
            assert app.workshop(wid) == before
        finally:
            small_disk.give_room(app)

        save(app, page)  # there is room again: the same click stores what was typed
        expect(page.get_by_text(app.nl("besluit.saved"))).to_be_visible()
        after = app.workshop(wid)
        assert after.kans(kans_id).motivation == MOTIVATION
        assert without_motivation(after, kans_id) == without_motivation(before, kans_id)
