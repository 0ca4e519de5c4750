"""A reload of the facilitator's screen on Scoren opens the same sheet, and says whose it is.

A reload starts a new session. "Wie scoort?" fell back to the group's consensus sheet
and K01, and the facilitator typed the next scores into the wrong sheet. The sheet,
the koppelkans and the view are in the address now, and a banner above the score card
names whose sheet it is. The reloaded page is saved as a screenshot to look at.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace

import pytest
from playwright.sync_api import expect

from decision.domain.model import Participant
from decision.domain.progress import GROUP_ID
from decision.files import paths
from decision.files.workshop_file import load_workshop
from decision.store import open_store
from ui.catalog import t

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# the banner's words before the name, as shown (without the Markdown for bold)
BANNER = t("scoren.banner_person", "nl", name="§").replace("*", "").split("§")[0]


def test_a_reload_keeps_the_participant_and_the_koppelkans(app, page):
    example = load_workshop(paths.EXAMPLE_WORKSHOP)
    group = Participant(GROUP_ID, app.nl("scoren.group_name"), app.nl("scoren.group_role"))
    store = open_store(app.db)
    wid = store.workshops.create(replace(example, participants=(group, *example.participants)))
    page.goto(f"/scoren?w={wid}")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", level=1, name=app.nl("page.scoren_title"))).to_be_visible()
    app.settle(page)
    first = example.participants[0]
    banner = main.get_by_test_id("stAlertContentInfo").filter(has_text=BANNER)
    expect(banner).to_have_text(re.compile(re.escape(first.name)))

    main.get_by_label(app.nl("scoren.who")).click()
    page.get_by_role("option", name=app.nl("scoren.anonymous", id="bewoner")).click()
    app.settle(page)
    # a person clicks "Volgende" again once the next koppelkans is there, not before
    for kid in ("K02", "K03"):
        page.get_by_role("button", name=app.nl("scoren.next")).click()
        expect(main.get_by_role("heading", level=3, name=f"{kid} · ", exact=False)).to_be_visible()
        app.settle(page)
    expect(page).to_have_url(re.compile(r"wie=bewoner"))

    page.reload()
    expect(main.get_by_role("heading", level=3, name="K03 · ", exact=False)).to_be_visible()
    app.settle(page)
    expect(banner).to_have_text(re.compile(r"Anoniem \(bewoner\)"))
    expect(main.get_by_role("combobox", name=app.nl("scoren.who"))).to_have_value(
        app.nl("scoren.anonymous", id="bewoner")
    )
    app.artifacts.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(app.artifacts / "scoren-after-reload.png"), full_page=False)

    criterion = example.criterion("wensen").label.get("nl")
    group_of_answers = main.get_by_role("radiogroup", name=criterion)
    group_of_answers.get_by_text("1 · ", exact=False).first.click()
    # what the user waits for: the answer shown as chosen (a settle right after the click
    # can come before the run the click starts)
    expect(group_of_answers.get_by_role("radio").first).to_be_checked()
    app.settle(page)
    deadline = time.monotonic() + 30
    while open_store(app.db).workshops.load(wid).workshop.scores.get(("bewoner", "K03", "wensen")) != 1.0:
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    scores = open_store(app.db).workshops.load(wid).workshop.scores
    assert scores[("bewoner", "K03", "wensen")] == 1.0, "the answer went into the sheet shown"
    assert (GROUP_ID, "K03", "wensen") not in scores, "not into the consensus sheet"
    expect(page.get_by_test_id("stException")).to_have_count(0)
