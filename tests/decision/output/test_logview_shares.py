"""The besluitlog reads a weight change in the whole percentages the screens show.

New entries hold whole percentages (43 → 50); entries written before hold one
decimal (42.9) and still read, in the language's own notation.
"""

from __future__ import annotations

from decision.domain.changelog import LogEntry, describe_changes
from decision.output.logview import describe

AT = "2026-03-02T10:00:00.000+00:00"


def test_a_weight_change_reads_whole_percentages(small_workshop):
    ids = small_workshop.criterion_ids
    thirds = small_workshop.with_weights(dict.fromkeys(ids, 1.0))
    changes = describe_changes(thirds, thirds.with_weights({ids[0]: 2.0}))
    label = small_workshop.criteria[0].label
    [change] = [c for c in changes if c.action == "weight" and c.detail["criterion"] == label.nl]
    entry = LogEntry(1, AT, "Anna", change.action, change.detail)
    assert describe(entry, small_workshop, "nl") == f"Gewicht van {label.nl}: 34% → 50%"
    assert describe(entry, small_workshop, "en") == f"Weight of {label.nl}: 34% → 50%"


def test_an_older_entry_with_a_decimal_still_reads_in_each_language(small_workshop):
    entry = LogEntry(1, AT, "begeleider", "weight", {"criterion": "Risico", "old": 42.9, "new": 50.0})
    assert describe(entry, small_workshop, "nl") == "Gewicht van Risico: 42,9% → 50%"
    assert describe(entry, small_workshop, "en") == "Weight of Risico: 42.9% → 50%"
