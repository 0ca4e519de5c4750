"""benchmarks/live_scoring.py still runs end to end: both backends, both loads, nothing lost.

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
def test_both_backends_and_both_loads_report_every_score(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    tiny = "--participants 2 --kansen 2 --spread-participants 4 --jitter-ms 1"
    live_scoring.main(["--db", pg_url, *tiny.split()])
    out = capsys.readouterr().out
    assert "one server (2 participants)" in out and "two servers (4 participants)" in out
    # 2 koppelkansen × 5 criteria per participant; SQLite and PostgreSQL side by side
    assert rows(out, "scores stored / expected") == [["20", "/", "20"] * 2, ["40", "/", "40"] * 2]
    assert rows(out, "writes (ok / errors)") == [["20", "/", "0"] * 2, ["40", "/", "0"] * 2]
    assert rows(out, "scores lost") == [["0", "0"], ["0", "0"]]
    assert len(rows(out, "pool: borrowings queued")) == 2
    assert "error:" not in out
