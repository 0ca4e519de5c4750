"""The besluitlog follows a koppelkans along the route and notes an edit of its fiche."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from decision.domain.changelog import LogEntry, describe_changes
from decision.domain.model import Fiche, KansType, Koppelkans, Status, Workshop
from decision.domain.operations import set_fiche, step_status
from decision.output.logview import describe


def _workshop() -> Workshop:
    return Workshop(
        name="Kastanjehof",
        kansen=(Koppelkans("K05", "Warmtenet en riool in één keer", KansType.PHYSICAL, lead="Sanne"),),
    )


def _read(change, lang="nl") -> str:
    entry = LogEntry(1, "2026-12-03T10:00:00.000+00:00", "begeleider", change.action, change.detail)
    return describe(entry, _workshop(), lang)


def test_each_step_on_the_route_is_an_entry_in_words():
    before = _workshop()
    after = step_status(before, "K05", Status.PRIORITISED)
    [change] = describe_changes(before, after)
    assert change.action == "decision"
    assert (change.detail["old"], change.detail["new"]) == ("kandidaat", "geprioriteerd")
    assert "geprioriteerd (uit te werken)" in _read(change)
    assert "prioritised (to work out)" in _read(change, "en")


def test_a_fiche_edit_is_named_as_the_working_out():
    before = _workshop()
    after = set_fiche(before, "K05", Fiche(cost_bearer="Gemeente", milestones=()))
    [change] = describe_changes(before, after)
    assert change.action == "kans_changed" and change.detail["fields"] == ["uitwerking"]
    assert "uitwerking" in _read(change)
    assert "working-out" in _read(change, "en")
    unchanged = replace(after, date=dt.date(2026, 12, 3))
    assert not [c for c in describe_changes(after, unchanged) if c.action == "kans_changed"]
