"""The besluitlog: what changed, in entries a person can read back (changelog and logview)."""

from __future__ import annotations

from dataclasses import replace

from decision.domain.changelog import Change, LogEntry, describe_changes, score_change
from decision.domain.model import Range, Status
from decision.output.logview import describe, log_frame


def _actions(changes: list[Change]) -> list[str]:
    return [c.action for c in changes]


def test_nothing_changed_gives_no_entries(small_workshop):
    assert describe_changes(small_workshop, small_workshop) == []


def test_a_weight_change_is_logged_as_shares_before_and_after(small_workshop):
    first, second, third = small_workshop.criteria  # weights 50, 20, 30
    new = small_workshop.with_weights({first.id: 150.0})  # its share goes up to 75%
    weights = [c for c in describe_changes(small_workshop, new) if c.action == "weight"]
    changed = {c.detail["criterion"]: (c.detail["old"], c.detail["new"]) for c in weights}
    # the other criteria's shares went down proportionally, and that is logged too
    assert changed == {first.label.nl: (50, 75), second.label.nl: (20, 10), third.label.nl: (30, 15)}


def test_a_weight_change_is_logged_in_the_whole_percentages_the_screens_show(small_workshop):
    """Thirds read 34/33/33 on the sliders and the chart; the log says the same, not 33.3."""
    ids = small_workshop.criterion_ids
    thirds = small_workshop.with_weights(dict.fromkeys(ids, 1.0))
    doubled = thirds.with_weights({ids[2]: 2.0})  # 25/25/50
    changed = {c.detail["criterion"]: (c.detail["old"], c.detail["new"])
               for c in describe_changes(thirds, doubled) if c.action == "weight"}  # fmt: skip
    labels = [c.label.nl for c in small_workshop.criteria]
    assert changed == {labels[0]: (34, 25), labels[1]: (33, 25), labels[2]: (33, 50)}
    assert all(isinstance(n, int) for pair in changed.values() for n in pair)


def test_a_decision_is_logged_with_its_motivation(small_workshop):
    kans = small_workshop.kansen[0]
    new = small_workshop.with_kans(replace(kans, status=Status.NOT_CHOSEN, motivation="Te duur voor nu"))
    (entry,) = [c for c in describe_changes(small_workshop, new) if c.action == "decision"]
    assert entry.detail == {
        "kans": kans.id,
        "name": kans.name,
        "old": "kandidaat",
        "new": "niet gekozen",
        "motivation": "Te duur voor nu",
    }


def test_added_removed_and_edited_koppelkansen(small_workshop):
    first, second, *_ = small_workshop.kansen
    edited = replace(first, description="Nieuwe beschrijving", risks=("Vertraging",))
    new = replace(small_workshop, kansen=(edited,) + tuple(small_workshop.kansen[2:]))
    changes = describe_changes(small_workshop, new)
    assert "kans_removed" in _actions(changes)
    (change,) = [c for c in changes if c.action == "kans_changed"]
    assert change.detail["fields"] == ["beschrijving", "risicos"]
    assert [c.detail["kans"] for c in changes if c.action == "kans_removed"] == [second.id]


def test_score_changes_say_what_it_was_and_what_it_became(small_workshop):
    key = next(iter(small_workshop.scores))
    change = score_change(key, 2.0, None)
    assert change.detail["old"] == 2 and change.detail["old_state"] == "value"
    assert change.detail["new"] is None and change.detail["new_state"] == "unknown"
    removed = score_change(key, None, "absent")
    assert (removed.detail["old_state"], removed.detail["new_state"]) == ("unknown", "absent")


def test_the_log_reads_as_sentences_with_current_names(small_workshop):
    p, k, c = next(iter(small_workshop.scores))
    entry = LogEntry(1, "2026-03-12T09:15:00.000+00:00", p, "score", score_change((p, k, c), 2.0, 4.0).detail)
    sentence = describe(entry, small_workshop, "nl")
    person = next(x for x in small_workshop.participants if x.id == p)
    assert small_workshop.kans(k).name in sentence
    assert small_workshop.criterion(c).label.nl in sentence
    assert sentence.endswith("2 → 4")
    assert (person.name or "anoniem") in sentence
    assert "weet niet" in describe(
        LogEntry(2, entry.at, p, "score", score_change((p, k, c), 2.0, None).detail), small_workshop, "nl"
    )


def test_the_log_table_shows_dutch_local_time_and_kinds(small_workshop):
    entries = [
        LogEntry(1, "2026-03-12T09:15:00.000+00:00", "begeleider", "round_opened", {"round": 1}),
        LogEntry(2, "2026-07-01T09:15:00.000+00:00", "begeleider", "pin_set", {}),
    ]
    frame = log_frame(entries, small_workshop, "nl")
    assert list(frame.columns) == ["Wanneer", "Wie", "Soort", "Wat"]
    # 09:15 UTC is 10:15 in winter and 11:15 in summer in the Netherlands
    assert list(frame["Wanneer"]) == ["12-03-2026 10:15:00", "01-07-2026 11:15:00"]
    assert list(frame["Soort"]) == ["Scoreronde", "Toegang"]
    assert frame["Wat"][0] == "Scoreronde 1 geopend"
    english = log_frame(entries, small_workshop, "en")
    assert english["What"][0] == "Scoring round 1 opened"


def test_the_log_names_changed_fields_and_statuses_in_the_readers_language(small_workshop):
    first = small_workshop.kansen[0]
    edited = replace(first, extra_cost=None if first.extra_cost else Range(1, 2), risks=("Vertraging",))
    new = replace(small_workshop, kansen=(edited, *small_workshop.kansen[1:]))
    (change,) = [c for c in describe_changes(small_workshop, new) if c.action == "kans_changed"]
    entry = LogEntry(1, "2026-03-12T10:00:00+00:00", "", change.action, change.detail)
    assert describe(entry, small_workshop, "nl").endswith("gewijzigd: extra kosten, risico's")
    assert describe(entry, small_workshop, "en").endswith("changed: extra cost, risks")
    detail = {"kans": first.id, "name": first.name, "old": "kandidaat", "new": "voorstel", "motivation": ""}
    proposal = LogEntry(2, "2026-03-12T10:00:00+00:00", "", "decision", detail)
    assert describe(proposal, small_workshop, "nl").startswith(f"{first.name}: in afweging → voorstel")
    english = describe(proposal, small_workshop, "en")
    assert english.startswith(f"{first.name}: under consideration → proposal")
