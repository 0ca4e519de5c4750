"""``koppelkansen migrate-store FROM TO``: the operator moves workshops to another store.

What the operator relies on: every workshop (or the ones named) arrives with its
rounds and log, the printed counts are the rows in the target, the source is left
as it was, and a refusal is one line with exit code 2 that names the cause.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from decision.cli import main
from decision.store import open_store
from tests.conftest import protect


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def laptop(path: Path, small_workshop, *ids: str) -> None:
    """A store with these workshops; the first has a PIN and a live round two phones joined."""
    store = open_store(path)
    try:
        for wid in ids:
            store.workshops.create(small_workshop, wid)
        grant = protect(store, ids[0])
        code = store.live.open_round(ids[0], grant=grant).join_code
        for name in ("Fatima", "Kees"):
            token, _ = store.live.join(code, name)
            store.live.participant_write(token, "K01", "wensen", 4)
    finally:
        store.close()


def dump(path: Path) -> list:
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        return [(t, sorted(map(repr, conn.execute(f"SELECT * FROM {t}")))) for t in tables]
    finally:
        conn.close()


def test_all_workshops_are_copied_counted_and_the_source_left_as_it_was(capsys, tmp_path, small_workshop):
    source, target = tmp_path / "laptop.db", tmp_path / "server.db"
    laptop(source, small_workshop, "Wijk1", "Wijk2")
    before = dump(source)
    code, out, err = run(capsys, "migrate-store", str(source), f"sqlite:///{target}")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Wijk1 (Koppelkansen Teststraat): gekopieerd en nageteld:")
    # 2 listed participants + 2 phones, one round, 18 listed scores + 2 from the phones
    assert "participants 4," in lines[0] and "rounds 1," in lines[0] and "scores 20," in lines[0]
    assert lines[1].startswith("Wijk2 ") and "rounds 0," in lines[1]
    assert "De bron is gelaten zoals hij was" in lines[-1]
    assert dump(source) == before
    store = open_store(target)
    try:
        assert {s.id for s in store.workshops.list_recent()} == {"Wijk1", "Wijk2"}
        assert store.access.has_pin("Wijk1") and len(store.live.rounds("Wijk1")) == 1
    finally:
        store.close()


def test_only_the_named_workshops_are_copied_in_english(capsys, tmp_path, small_workshop):
    source, target = tmp_path / "laptop.db", tmp_path / "server.db"
    laptop(source, small_workshop, "Wijk1", "Wijk2", "Wijk3")
    code, out, err = run(
        capsys, "migrate-store", str(source), str(target), "--workshop", "Wijk3", "Wijk1", "--lang", "en"
    )
    assert code == 0, err
    assert [line.split(" ")[0] for line in out.splitlines()[:-1]] == ["Wijk3", "Wijk1"]
    assert "copied and counted again" in out and "The source was left as it was" in out
    store = open_store(target)
    try:
        assert {s.id for s in store.workshops.list_recent()} == {"Wijk1", "Wijk3"}
    finally:
        store.close()


def test_an_older_id_that_starts_with_a_dash_goes_after_a_double_dash(capsys, tmp_path, small_workshop):
    source, target = tmp_path / "laptop.db", tmp_path / "server.db"
    laptop(source, small_workshop, "-Fbx75MP2xC", "Wijk2")
    code, out, err = run(capsys, "migrate-store", str(source), str(target), "--", "-Fbx75MP2xC")
    assert code == 0, err
    assert out.startswith("-Fbx75MP2xC ") and "Wijk2" not in out
    code, out, err = run(
        capsys, "migrate-store", str(source), str(tmp_path / "b.db"), "--workshop=-Fbx75MP2xC"
    )
    assert code == 0 and out.startswith("-Fbx75MP2xC "), err


def test_a_workshop_the_target_has_is_one_line_and_exit_2(capsys, tmp_path, small_workshop):
    source, target = tmp_path / "laptop.db", tmp_path / "server.db"
    laptop(source, small_workshop, "Wijk1")
    laptop(target, small_workshop, "Wijk1")
    before = dump(target)
    code, out, err = run(capsys, "migrate-store", str(source), str(target))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "'Wijk1'" in err and "niets gekopieerd" in err
    assert dump(target) == before


def test_a_missing_source_is_refused_and_not_made(capsys, tmp_path):
    missing = tmp_path / "tikfout.db"
    code, _, err = run(capsys, "migrate-store", str(missing), str(tmp_path / "server.db"))
    assert code == 2 and "tikfout.db" in err and "bestaat niet" in err
    assert not missing.exists() and not (tmp_path / "server.db").exists()


def test_an_unknown_workshop_id_is_named(capsys, tmp_path, small_workshop):
    source = tmp_path / "laptop.db"
    laptop(source, small_workshop, "Wijk1")
    code, _, err = run(capsys, "migrate-store", str(source), str(tmp_path / "s.db"), "--workshop", "Wijk9")
    assert code == 2 and "Wijk9" in err


def test_the_real_command_refuses_without_a_traceback(tmp_path, small_workshop):
    source = tmp_path / "laptop.db"
    laptop(source, small_workshop, "Wijk1")
    done = subprocess.run(
        [sys.executable, "-m", "decision.cli", "migrate-store", str(source), str(source)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr and "'Wijk1'" in done.stderr
