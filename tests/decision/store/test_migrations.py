"""Schema migrations: a database written by an earlier version of the app opens in
this one with everything in it, and a database from a newer app is left alone."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from decision.domain.model import Participant
from decision.errors import SchemaError
from decision.files.workshop_file import dump_workshop, load_workshop
from decision.store import SCHEMA_VERSION, migrations, open_store
from decision.store.database import SqliteDatabase
from tests.conftest import grant_of, protect

STAMP = "2025-06-01T09:30:00.000+00:00"


def build_v1(path: Path, workshops: dict[str, object]) -> None:
    """A version-1 database as the version-1 store wrote it: the whole workshop document
    (participants included, scores left out) in ``workshops``, the scores in ``scores``."""
    conn = sqlite3.connect(path)
    for statement in migrations._statements(migrations.V1):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    for wid, w in workshops.items():
        conn.execute(
            "INSERT INTO workshops (id, name, neighbourhood, municipality, document, version, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                wid,
                w.name,
                w.neighbourhood,
                w.municipality,
                dump_workshop(replace(w, scores={})),
                7,
                STAMP,
                STAMP,
            ),
        )
        conn.executemany(
            "INSERT INTO scores (workshop_id, participant_id, kans_id, criterion_id, value, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(wid, p, k, c, v, STAMP) for (p, k, c), v in w.scores.items()],
        )
    conn.commit()
    conn.close()


def query(path: Path, sql: str, *args) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def user_version(path: Path) -> int:
    return query(path, "PRAGMA user_version")[0][0]


@pytest.fixture
def example(example_path):
    return load_workshop(example_path)


@pytest.fixture
def v1_db(tmp_path, small_workshop, example) -> Path:
    path = tmp_path / "v1.db"
    build_v1(path, {"klein": small_workshop, "kastanjehof": example})
    return path


def test_the_v1_document_holds_the_participants(v1_db, small_workshop):
    # the starting point is what we say it is
    document = query(v1_db, "SELECT document FROM workshops WHERE id = 'klein'")[0][0]
    assert "deelnemers:" in document
    assert yaml.safe_load(document)["deelnemers"] == [
        {"id": "anna", "naam": "Anna de Boer", "rol": "Projectleider warmte"},
        {"id": "bewoner", "rol": "Bewonersvertegenwoordiger"},
    ]
    assert user_version(v1_db) == 1
    assert query(v1_db, "SELECT count(*) FROM scores WHERE workshop_id = 'klein'")[0][0] == len(
        small_workshop.scores
    )


def test_opening_a_v1_database_migrates_it_to_the_current_schema(v1_db, small_workshop, example):
    store = open_store(v1_db)
    assert user_version(v1_db) == SCHEMA_VERSION == 6
    tables = {r[0] for r in query(v1_db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"workshops", "scores", "participants", "rounds", "round_scores", "log"} <= tables
    for wid, w in (("klein", small_workshop), ("kastanjehof", example)):
        people = query(
            v1_db, "SELECT id, name, role, position, token_hash FROM participants WHERE workshop_id = ?"
            " ORDER BY position", wid,
        )  # fmt: skip
        assert [(i, n, r) for i, n, r, _, _ in people] == [(p.id, p.name, p.role) for p in w.participants]
        assert [pos for _, _, _, pos, _ in people] == list(range(len(w.participants)))
        assert all(token is None for *_, token in people)  # imported people have no link
        document = query(v1_db, "SELECT document FROM workshops WHERE id = ?", wid)[0][0]
        assert "deelnemers" not in yaml.safe_load(document)
        loaded = store.workshops.load(wid)
        assert loaded.version == 7  # the version counter carries on
        # a version 1 database predates stakeholder groups: the moved participants have none
        assert loaded.workshop.participants == tuple(replace(p, group="") for p in w.participants)
        assert dict(loaded.workshop.scores) == dict(w.scores)
        assert loaded.workshop == replace(w, participants=loaded.workshop.participants)


def test_the_migrated_database_works_as_a_new_one(v1_db, small_workshop):
    store = open_store(v1_db)
    store.workshops.set_scores("klein", {("anna", "K01", "wensen"): 1.0}, actor="facilitator")
    drawn = store.workshops.load("klein")
    w = drawn.workshop
    edited = w.with_kans(replace(w.kans("K02"), description="Na de migratie"))
    store.workshops.save("klein", edited, base=drawn)  # the version the edit started from
    protect(store, "klein", "274193")
    code = store.live.open_round("klein", grant=grant_of(store, "klein")).join_code
    token, pid = store.live.join(code, "Nieuw")
    assert pid not in w.participant_ids
    store.live.participant_write(token, "K03", "risico", 2)
    after = open_store(v1_db).workshops.load("klein").workshop
    assert after.participants == (*small_workshop.participants, Participant(pid, "Nieuw", ""))
    assert after.scores[("anna", "K01", "wensen")] == 1.0
    assert after.scores[(pid, "K03", "risico")] == 2.0
    assert after.kans("K02").description == "Na de migratie"
    assert store.log.entries("klein")[-1].action == "score"  # the first entry after migration


def test_migrating_twice_is_a_no_op(v1_db, small_workshop):
    open_store(v1_db)
    before = {
        table: query(v1_db, f"SELECT * FROM {table} ORDER BY 1, 2")
        for table in ("workshops", "participants", "scores", "log", "rounds")
    }
    schema = query(v1_db, "SELECT type, name, sql FROM sqlite_master ORDER BY name")
    again = open_store(v1_db)
    assert migrations.bring_up_to_date(SqliteDatabase(v1_db)) == SCHEMA_VERSION  # it already stood there
    conn = sqlite3.connect(v1_db)
    assert migrations.migrate(SqliteDatabase(v1_db), conn) == SCHEMA_VERSION
    conn.close()
    assert user_version(v1_db) == SCHEMA_VERSION
    assert query(v1_db, "SELECT type, name, sql FROM sqlite_master ORDER BY name") == schema
    for table, rows in before.items():
        assert query(v1_db, f"SELECT * FROM {table} ORDER BY 1, 2") == rows, table
    assert again.workshops.load("klein").workshop == small_workshop


def test_a_v1_workshop_without_participants(tmp_path, small_workshop):
    path = tmp_path / "leeg.db"
    bare = replace(small_workshop, participants=(), scores={})
    build_v1(path, {"leeg": bare})
    store = open_store(path)
    assert store.workshops.load("leeg").workshop == bare
    assert query(path, "SELECT count(*) FROM participants")[0][0] == 0


def test_a_failing_step_leaves_the_database_at_version_1(tmp_path, small_workshop):
    """A v1 document the migration cannot read: nothing of step 2 stays behind."""
    path = tmp_path / "kapot.db"
    build_v1(path, {"klein": small_workshop})
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE workshops SET document = ? WHERE id = 'klein'", ("deelnemers: [{naam: zonder id}]\n",)
    )
    conn.commit()
    conn.close()
    with pytest.raises(KeyError):
        open_store(path)
    assert user_version(path) == 1
    tables = {r[0] for r in query(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"workshops", "scores"}
    columns = [r[1] for r in query(path, "PRAGMA table_info(workshops)")]
    assert "pin_hash" not in columns


# -- a database from a newer app ---------------------------------------------------------------
def newer_database(path: Path, small_workshop) -> None:
    store = open_store(path)
    store.workshops.create(small_workshop, "klein")
    store.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_newer_database_is_refused_and_left_untouched(tmp_path, small_workshop):
    path = tmp_path / "nieuwer.db"
    newer_database(path, small_workshop)
    before = digest(path)
    rows = query(path, "SELECT * FROM scores ORDER BY 1, 2, 3, 4")
    for _ in range(2):
        with pytest.raises(SchemaError) as info:
            open_store(path)
        assert info.value.key == "db_too_new"
        assert info.value.params == {"found": SCHEMA_VERSION + 1, "supported": SCHEMA_VERSION}
    assert digest(path) == before
    assert user_version(path) == SCHEMA_VERSION + 1
    assert query(path, "SELECT * FROM scores ORDER BY 1, 2, 3, 4") == rows


def test_a_newer_database_in_rollback_mode_keeps_its_contents(tmp_path):
    path = tmp_path / "nieuwer-rollback.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE toekomst (x)")
    conn.execute("INSERT INTO toekomst VALUES ('bewaard')")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaError):
        open_store(path)
    assert user_version(path) == SCHEMA_VERSION + 5
    assert query(path, "SELECT name FROM sqlite_master") == [("toekomst",)]
    assert query(path, "SELECT x FROM toekomst") == [("bewaard",)]
