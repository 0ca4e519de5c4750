"""The besluitlog records only real changes, and says who made them.

A decision set twice to the same status, a motivation that only gained a space, a
weight whose share does not move, an import of what is already stored: none of these
is an entry. Each entry names its actor, or its role ("begeleider") when no name is known.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.domain.changelog import LogEntry, describe_changes
from decision.domain.model import Participant, Status
from decision.files import paths
from decision.files.workshop_file import load_workshop
from decision.output.logview import actor_name, describe, log_frame
from decision.store import open_store

AT = "2026-03-12T09:15:00.000+00:00"


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "besluitlog.sqlite")


@pytest.fixture
def stored(store):
    wid = store.workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP), actor="Anna")
    return wid, store.workshops.load(wid)


def decided(w, kid: str, status: Status, motivation: str):
    return w.with_kans(replace(w.kans(kid), status=status, motivation=motivation))


def new_entries(store, wid: str, since: int) -> list[LogEntry]:
    return [e for e in store.log.entries(wid) if e.id > since]


def last_id(store, wid: str) -> int:
    entries = store.log.entries(wid, limit=1)
    return entries[0].id if entries else 0


# -- the diff itself --------------------------------------------------------------------
def test_a_new_motivation_under_the_same_status_is_no_status_change(small_workshop):
    kans = small_workshop.kansen[0]
    chosen = decided(small_workshop, kans.id, Status.CHOSEN, "Sluit aan bij het riool")
    again = decided(chosen, kans.id, Status.CHOSEN, "Sluit aan bij het riool in 2028")
    (change,) = describe_changes(chosen, again)
    assert change.action == "motivation"
    assert change.detail == {
        "kans": kans.id,
        "name": kans.name,
        "status": "gekozen",
        "motivation": "Sluit aan bij het riool in 2028",
    }
    sentence = describe(LogEntry(1, AT, "Anna", change.action, change.detail), small_workshop, "nl")
    assert "gekozen → gekozen" not in sentence and "→" not in sentence
    assert sentence == f"{kans.name} (gekozen): motivatie gewijzigd: Sluit aan bij het riool in 2028"


def test_setting_a_decision_to_the_status_it_has_changes_nothing(small_workshop):
    kans = small_workshop.kansen[0]
    chosen = decided(small_workshop, kans.id, Status.CHOSEN, "Breed gedragen")
    assert describe_changes(chosen, decided(chosen, kans.id, Status.CHOSEN, "Breed gedragen")) == []
    # a trailing space or line break typed after the motivation is no new motivation
    assert describe_changes(chosen, decided(chosen, kans.id, Status.CHOSEN, "Breed gedragen \n")) == []


def test_a_status_change_keeps_its_before_and_after(small_workshop):
    kans = small_workshop.kansen[0]
    chosen = decided(small_workshop, kans.id, Status.CHOSEN, "Breed gedragen")
    (change,) = describe_changes(chosen, decided(chosen, kans.id, Status.NOT_CHOSEN, "Breed gedragen"))
    assert (change.action, change.detail["old"], change.detail["new"]) == (
        "decision",
        "gekozen",
        "niet gekozen",
    )


def test_a_weight_whose_share_the_log_would_show_unchanged_is_no_entry(small_workshop):
    first, *others = small_workshop.criteria
    # the first criterion weighs exactly 25%; 25.02 of 100.02 is 25.015%: shown as 25% still
    even = small_workshop.with_weights({first.id: 25.0, **{c.id: 75.0 / len(others) for c in others}})
    nudged = even.with_weights({first.id: 25.02})
    assert [c for c in describe_changes(even, nudged) if c.action == "weight"] == []
    for change in describe_changes(small_workshop, small_workshop.with_weights({first.id: first.weight * 2})):
        if change.action == "weight":
            assert change.detail["old"] != change.detail["new"]


# -- through the store -------------------------------------------------------------------
def test_a_decision_set_twice_to_the_same_status_is_logged_once(store, stored):
    """Two tabs drawn from the same version both choose K03; the second also changes a weight."""
    wid, drawn = stored
    store.workshops.save(wid, decided(drawn.workshop, "K03", Status.CHOSEN, "Natuurlijk moment"),
                         base=drawn, actor="Anna")  # fmt: skip
    before_second = last_id(store, wid)
    second = decided(drawn.workshop, "K03", Status.CHOSEN, "Natuurlijk moment").with_weights({"kosten": 40.0})
    store.workshops.save(wid, second, base=drawn, actor="Bram")
    logged = new_entries(store, wid, before_second)
    assert logged and {e.action for e in logged} == {"weight"}, [e.action for e in logged]
    decisions = [e for e in store.log.entries(wid) if e.action == "decision"]
    assert [(e.actor, e.detail["kans"], e.detail["new"]) for e in decisions] == [("Anna", "K03", "gekozen")]


def test_saving_the_same_decision_again_writes_no_entry(store, stored):
    wid, drawn = stored
    store.workshops.save(wid, decided(drawn.workshop, "K03", Status.CHOSEN, "Natuurlijk moment"),
                         base=drawn, actor="Anna")  # fmt: skip
    now = store.workshops.load(wid)
    before = last_id(store, wid)
    store.workshops.save(wid, decided(now.workshop, "K03", Status.CHOSEN, "Natuurlijk moment"),
                         base=now, actor="Anna")  # fmt: skip
    assert new_entries(store, wid, before) == []


def test_an_import_of_what_is_stored_is_no_entry_and_no_version(store, stored):
    wid, drawn = stored
    before = last_id(store, wid)
    assert store.workshops.save(wid, drawn.workshop, base=None, actor="Anna") == drawn.version
    assert new_entries(store, wid, before) == []
    changed = replace(drawn.workshop, name="Kastanjehof, tweede ronde")
    store.workshops.save(wid, changed, base=None, actor="Anna")
    assert [e.action for e in new_entries(store, wid, before)] == ["replaced"]


# -- who --------------------------------------------------------------------------------
def test_the_log_names_who_made_each_entry(store, stored):
    wid, drawn = stored
    store.workshops.save(wid, decided(drawn.workshop, "K03", Status.CHOSEN, "Natuurlijk moment"),
                         base=drawn, actor="Anna de Vries")  # fmt: skip
    w = store.workshops.load(wid).workshop
    for lang, column in (("nl", "Wie"), ("en", "Who")):
        frame = log_frame(store.log.entries(wid), w, lang)
        assert frame[column].iloc[0] == "Anna de Vries"
        assert all(isinstance(x, str) and x.strip() for x in frame[column]), "never blank"


@pytest.mark.parametrize("recorded", ["", "  ", "begeleider", "facilitator"])
def test_a_facilitator_without_a_name_reads_as_the_role_in_the_readers_language(small_workshop, recorded):
    """The app records "" without a name; older versions recorded the Dutch role word."""
    entry = LogEntry(1, AT, recorded, "decision", {"kans": "K01", "name": "x", "old": "kandidaat",
                                                   "new": "gekozen", "motivation": ""})  # fmt: skip
    assert actor_name(entry, small_workshop, "nl") == "begeleider"
    assert actor_name(entry, small_workshop, "en") == "facilitator"
    assert log_frame([entry], small_workshop, "en")["Who"][0] == "facilitator"
    assert log_frame([entry], small_workshop, "nl")["Wie"][0] == "begeleider"


@pytest.mark.parametrize("recorded", ["beheerder (server)", "administrator (server)"])
def test_the_servers_administrator_reads_in_the_readers_language(small_workshop, recorded):
    entry = LogEntry(1, AT, recorded, "link_made", {})
    assert actor_name(entry, small_workshop, "nl") == "beheerder (server)"
    assert actor_name(entry, small_workshop, "en") == "administrator (server)"


def test_a_participant_is_named_by_their_current_name(small_workshop):
    w = replace(small_workshop, participants=(Participant("P1", "Fatima"), Participant("P2", "")))
    assert actor_name(LogEntry(1, AT, "P1", "joined", {}), w, "nl") == "Fatima"
    assert actor_name(LogEntry(2, AT, "P2", "joined", {}), w, "nl") == "anoniem (P2)"
    # a refused attempt was made by whoever was at the keyboard
    assert actor_name(LogEntry(3, AT, "", "pin_failed", {}), w, "nl") == "onbekende bezoeker"


def test_an_older_entry_with_the_same_status_before_and_after_reads_as_a_new_motivation(small_workshop):
    kans = small_workshop.kansen[0]
    detail = {
        "kans": kans.id,
        "name": kans.name,
        "old": "gekozen",
        "new": "gekozen",
        "motivation": "Betaalbaar",
    }
    sentence = describe(LogEntry(1, AT, "Anna", "decision", detail), small_workshop, "nl")
    assert sentence == f"{kans.name} (gekozen): motivatie gewijzigd: Betaalbaar"
