"""benchmarks/live_scoring.py still runs end to end: both backends, both loads, both paces, nothing lost.

A tiny load on the session's PostgreSQL server (``--db``), so the spawned server
processes and the read-back through the store are exercised; the figures
themselves (and so the exit code, which depends on them) are not checked here.
"""

from __future__ import annotations

import pytest

from benchmarks import live_scoring


def rows(out: str, label: str) -> list[list[str]]:
    """The cells after ``label`` in each table row that starts with it."""
    return [line[len(label) :].split() for line in out.splitlines() if line.startswith(label)]


@pytest.mark.slow
def test_both_backends_both_loads_and_both_paces_report_every_score(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    tiny = "--participants 2 --kansen 2 --spread-participants 4 --jitter-ms 2 --burst-ms 1"
    live_scoring.main(["--db", pg_url, *tiny.split()])
    out = capsys.readouterr().out
    assert "== a room's pace: 0–2 ms between taps" in out and "== burst: 0–1 ms between taps" in out
    assert out.count("one server (2 participants)") == 2 and out.count("two servers (4 participants)") == 2
    # 2 koppelkansen × 5 criteria per participant; SQLite and PostgreSQL side by side; each pace
    assert rows(out, "scores stored / expected") == [["20", "/", "20"] * 2, ["40", "/", "40"] * 2] * 2
    assert rows(out, "writes (ok / errors)") == [["20", "/", "0"] * 2, ["40", "/", "0"] * 2] * 2
    assert rows(out, "scores lost") == [["0", "0"]] * 4
    assert len(rows(out, "pool: borrowings queued")) == 4
    assert len(rows(out, "writes per second")) == 4
    assert "error:" not in out
    # judged at the room's pace only; the burst is summed up beside it
    assert [line.split(":")[0] for line in out.splitlines() if "goal at a room's pace" in line] == [
        "SQLite",
        "PostgreSQL",
    ]
    assert len([line for line in out.splitlines() if ", burst (not judged): one server:" in line]) == 2


@pytest.mark.slow
def test_without_a_burst_only_the_room_is_measured(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    tiny = "--participants 1 --kansen 1 --spread-participants 2 --jitter-ms 1 --burst-ms 0"
    live_scoring.main(["--db", pg_url, *tiny.split()])
    out = capsys.readouterr().out
    assert "== a room's pace" in out and "== burst" not in out and "burst (not judged)" not in out
    assert rows(out, "scores lost") == [["0", "0"]] * 2
