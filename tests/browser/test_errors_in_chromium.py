"""A failure nobody expected, in the real server: the browser gets a message and a reference, no traceback.

The failure is a real one: a workshop whose document in the database is damaged
(cut off halfway, as after a disk error or a hand edit), so the YAML reader raises
its own error when the page opens the workshop. The page must show the app's message
with a reference and nothing of the exception; the server's log must hold the
traceback under that same reference. A screenshot is saved in
test-artifacts/screenshots/ to look at.

The test server and its database are shared with the other browser tests, so the
damaged workshop is a copy of its own, repaired again afterwards.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from decision.files import paths
from decision.files.workshop_file import load_workshop
from decision.store import open_store

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = re.compile(r"K-[0-9A-F]{6}")
DAMAGED_DOCUMENT = "workshop: {naam: 'Kastanjehof'\nkoppelkansen: [\n"  # cut off halfway


@pytest.fixture
def damaged_workshop(app) -> Iterator[str]:
    """A copy of the example whose stored document is damaged; repaired after the test."""
    wid = open_store(app.db).workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP))
    with sqlite3.connect(app.db) as conn:
        (intact,) = conn.execute("SELECT document FROM workshops WHERE id = ?", (wid,)).fetchone()
        conn.execute(
            "UPDATE workshops SET document = ?, document_version = document_version + 1 WHERE id = ?",
            (DAMAGED_DOCUMENT, wid),
        )
    try:
        yield wid
    finally:
        with sqlite3.connect(app.db) as conn:
            conn.execute(
                "UPDATE workshops SET document = ?, document_version = document_version + 1 WHERE id = ?",
                (intact, wid),
            )


def server_log(app) -> str:
    """What the test server wrote to its console (tests/browser/conftest.py names the file)."""
    return (app.db.parent / f"server-{urlparse(app.url).port}.log").read_text(encoding="utf-8")


def server_paths(app) -> list[str]:
    """Folders of the server's machine whose names must never reach a browser."""
    found = {str(ROOT), str(app.db.parent), str(Path(sys.executable).parent), "site-packages", "/tmp/"}
    return sorted(found)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_damaged_workshop_shows_a_reference_and_no_traceback(app, new_page, damaged_workshop, device):
    page = new_page(getattr(app, device))
    page.goto(f"/?w={damaged_workshop}")
    alert = page.get_by_test_id("stAlertContentError").filter(has_text=REFERENCE)
    expect(alert).to_be_visible()
    app.settle(page)
    shots = app.artifacts / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=shots / f"onverwachte-fout-{device}.png", full_page=True)

    message = alert.get_by_test_id("stMarkdownContainer").inner_text()  # the icon aside
    (reference,) = REFERENCE.findall(message)
    assert message.strip() == app.nl("errors.page_failed", reference=reference)
    text = page.locator("body").inner_text()
    assert "Traceback" not in text and 'File "' not in text
    for detail in ("yaml", "ParserError", "line 2", "column"):
        assert detail not in text, detail
    html = page.content()
    for folder in server_paths(app):
        assert folder not in text and folder not in html, folder
    expect(page.get_by_test_id("stException")).to_have_count(0)  # no Streamlit exception box either

    log = server_log(app)
    assert f"unexpected error {reference}" in log
    logged = log[log.index(reference) :]
    assert "Traceback (most recent call last)" in logged and "yaml" in logged  # for the operator
