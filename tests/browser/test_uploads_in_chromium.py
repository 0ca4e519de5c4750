"""An alias bomb uploaded in one browser does not freeze the app for everyone else.

Before the reader refused anchors, one 26 KB "billion laughs" file on the Start
page kept the server busy for some 90 seconds: a phone tapping in a workshop
waited 86 of them. Here one page uploads the same kind of file while a second
page moves between screens of a workshop; the second page must keep answering
promptly, and the first gets the Dutch message, with no workshop created.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SCREENS = ("page.resultaten", "page.koppelkansen", "page.ambitie")
# A screen change during the upload may take a few seconds more than the same change
# without it (a loaded test machine is slow at both); the expanding file took 90 s.
GRACE = 5.0


def alias_bomb(levels: int = 9, fan: int = 9) -> bytes:
    parts = ["&a0 [" + ", ".join(["lol"] * fan) + "]"]
    parts += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]" for i in range(1, levels)]
    lines = ["formaat: koppelkansen-workshop", "versie: 1", "workshop:", "  naam: Lachbom"]
    return ("\n".join([*lines, "  datum: [" + ", ".join(parts) + "]", "criteria: []"]) + "\n").encode()


def stored_ids(app) -> set[str]:
    from decision.store import open_store

    return {s.id for s in open_store(app.db).workshops.list_recent(1000)}


def test_an_alias_bomb_upload_leaves_other_pages_answering(app, new_page):
    uploader, other = new_page(), new_page()
    app.open_example(other)
    before = stored_ids(app)
    uploader.goto("/")
    app.settle(uploader)

    def screen_changes() -> list[float]:
        seconds = []
        for screen in SCREENS:
            started = time.monotonic()
            other.get_by_test_id("stSidebarNav").get_by_role("link", name=app.nl(screen)).click()
            heading = other.get_by_role("heading", level=1, name=app.nl(f"{screen}_title"))
            expect(heading).to_be_visible(timeout=60_000)  # measured below, not cut short here
            app.settle(other, timeout=60_000)
            seconds.append(time.monotonic() - started)
        return seconds

    quiet = screen_changes()  # also fills the caches, as in a running workshop
    uploader.get_by_test_id("stFileUploader").first.locator('input[type="file"]').set_input_files(
        files=[{"name": "lachbom.yaml", "mimeType": "application/x-yaml", "buffer": alias_bomb()}]
    )
    during = screen_changes()  # not waiting for the upload: it is handled meanwhile
    for screen, usual, now in zip(SCREENS, quiet, during, strict=True):
        assert now < 2 * usual + GRACE, f"{screen}: {now:.1f} s during the upload, {usual:.1f} s before"

    error = uploader.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("lachbom.yaml, bij regel 5")
    expect(error).to_contain_text(app.nl("problem.yaml_alias"))
    assert stored_ids(app) == before
    assert "w=" not in uploader.url
