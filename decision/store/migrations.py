"""The database schema, one step per version.

The database records where it stands (SQLite: ``PRAGMA user_version``;
PostgreSQL: the table ``schema_version``); :func:`migrate` runs
the missing steps, each in the same transaction as the version bump, so a crash
mid-migration leaves the database at the previous version. A released step is
never edited: a change is a new step. The steps are written in SQLite's spelling;
a PostgreSQL database rewrites each statement's types (``Database.ddl``), so both
backends run the same steps to the same tables.

Version 1: workshops (the workshop-file document) and scores.
Version 2: participants in their own table (many people join at once; rewriting
the document for each would serialise them needlessly), live scoring rounds
with join codes, the scores as they stood when a round closed, the change log
(besluitlog), and the facilitator PIN.
Version 3: facilitator authority kept in the database: grants (a browser
session's proof of the right PIN or link, stored as a hash, with an expiry), the
facilitator link's hash, and wrong-PIN counters per client and per workshop. The
version 2 counters on ``workshops`` (``pin_failures``, ``pin_blocked_until``) are
no longer read: one counter per workshop let a stranger lock out the facilitator.
Version 4: a workshop can be archived (``archived``, 0 or 1): it leaves the list of
recent workshops on Start but keeps everything, and can be restored.
Version 5: a participant belongs to a stakeholder group (``stakeholder_group``, the id of
one of the workshop's groups, empty when none was given), so results can be read per group.
Version 6: a round can also ask each participant for their own 100 points over the criteria
(``rounds.ask_weights``); those points are kept per participant and criterion
(``participant_points``), so a stakeholder group's weights can be taken from its members.
"""

from __future__ import annotations

from collections.abc import Callable

import yaml

from decision.errors import SchemaError
from decision.store.database import Connection, Database

V1 = """
CREATE TABLE workshops (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    neighbourhood TEXT NOT NULL DEFAULT '',
    municipality TEXT NOT NULL DEFAULT '',
    document TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE scores (
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL,
    kans_id TEXT NOT NULL,
    criterion_id TEXT NOT NULL,
    value REAL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (workshop_id, participant_id, kans_id, criterion_id)
);
"""

V2 = """
ALTER TABLE workshops ADD COLUMN document_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE workshops ADD COLUMN pin_hash TEXT;
ALTER TABLE workshops ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workshops ADD COLUMN pin_blocked_until REAL NOT NULL DEFAULT 0;
CREATE TABLE participants (
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    token_hash TEXT UNIQUE,
    joined_at TEXT,
    PRIMARY KEY (workshop_id, id)
);
CREATE TABLE rounds (
    id INTEGER PRIMARY KEY,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    join_code TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    show_individual INTEGER NOT NULL DEFAULT 0,
    opened_at TEXT NOT NULL,
    closed_at TEXT,
    UNIQUE (workshop_id, number)
);
CREATE TABLE round_scores (
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL,
    kans_id TEXT NOT NULL,
    criterion_id TEXT NOT NULL,
    value REAL,
    PRIMARY KEY (round_id, participant_id, kans_id, criterion_id)
);
CREATE TABLE log (
    id INTEGER PRIMARY KEY,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX log_by_workshop ON log (workshop_id, id);
"""


V3 = """
ALTER TABLE workshops ADD COLUMN link_hash TEXT;
CREATE TABLE grants (
    token_hash TEXT PRIMARY KEY,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    issued_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    via TEXT NOT NULL
);
CREATE INDEX grants_by_workshop ON grants (workshop_id);
CREATE TABLE pin_attempts (
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    client TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    blocked_until REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (workshop_id, client)
);
"""


V4 = """
ALTER TABLE workshops ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));
"""


V5 = """
ALTER TABLE participants ADD COLUMN stakeholder_group TEXT NOT NULL DEFAULT '';
"""


V6 = """
ALTER TABLE rounds ADD COLUMN ask_weights INTEGER NOT NULL DEFAULT 0;
CREATE TABLE participant_points (
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL,
    criterion_id TEXT NOT NULL,
    points REAL NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (workshop_id, participant_id, criterion_id)
);
"""


def _statements(script: str) -> list[str]:
    return [s for s in (part.strip() for part in script.split(";")) if s]


def _v2_move_participants(conn: Connection) -> None:
    """Participants leave the document for their own table, keeping their order."""
    rows = conn.execute("SELECT id, document FROM workshops").fetchall()
    for workshop_id, document in rows:
        data = yaml.safe_load(document) or {}
        people = data.pop("deelnemers", None) or []
        for position, person in enumerate(people):
            conn.execute(
                "INSERT INTO participants (workshop_id, id, name, role, position) VALUES (?, ?, ?, ?, ?)",
                (workshop_id, str(person["id"]), person.get("naam") or "", person.get("rol") or "", position),
            )
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        conn.execute("UPDATE workshops SET document = ? WHERE id = ?", (text, workshop_id))


Step = Callable[[Database[Connection], Connection], None]


def _sql(script: str) -> Step:
    def run(db: Database[Connection], conn: Connection) -> None:
        for statement in _statements(script):
            conn.execute(db.ddl(statement))

    return run


def _v2(db: Database[Connection], conn: Connection) -> None:
    _sql(V2)(db, conn)
    _v2_move_participants(conn)


STEPS: list[Step] = [_sql(V1), _v2, _sql(V3), _sql(V4), _sql(V5), _sql(V6)]
SCHEMA_VERSION = len(STEPS)


def migrate(db: Database[Connection], conn: Connection, *, target: int = SCHEMA_VERSION) -> int:
    """Run the missing steps up to ``target`` inside the caller's transaction.

    Returns the version the database had. A database newer than this code is left
    alone and reported by the caller.
    """
    current = db.schema_version(conn)
    for step in range(current, target):
        STEPS[step](db, conn)
        db.set_schema_version(conn, step + 1)
    return current


def bring_up_to_date(db: Database[Connection]) -> int:
    """Migrate the database to the current schema in one transaction; returns the version it had.

    A database written by a newer version of the app is left untouched
    (:class:`~decision.errors.SchemaError`). Two servers starting at once both
    call this: the database's transaction (SQLite's write lock, PostgreSQL's
    schema lock taken in ``schema_version``) lets one migrate and the other then
    find the schema up to date.
    """
    with db.transaction() as conn:
        current = db.schema_version(conn)
        if current > SCHEMA_VERSION:
            raise SchemaError("db_too_new", found=current, supported=SCHEMA_VERSION)
        migrate(db, conn)
    return current
