"""Moving workshops from one store to another: a laptop's SQLite file to a server, and back.

:func:`copy_workshops` copies everything of each workshop as it is stored: the
workshop row with every column (version, document, PIN and link hashes, archived),
its participants with their token hashes (a phone that joined keeps its session),
scores, rounds with their join codes and times, the scores kept per round, the
besluitlog in its order, the facilitators' grants, the wrong-PIN counters and the
participants' own points. Nothing is computed again and nothing is logged: the copy
is the workshop as it was, so the besluitlog says what happened in the source.

The source is read in one snapshot, the target written in one transaction (all of
it or nothing), and after the commit the rows are counted again in the target and
compared with the source, table by table. The source is never changed: whoever
runs the move archives or deletes the workshops there once the copy is checked.

Which tables and columns are copied is written down once, in :data:`TABLES`; a new
schema version adds its table (or column) there, and a test compares this list with
the schema. The SQL is plain enough for every backend behind
:class:`~decision.store.database.Database`: ``?`` placeholders, no backend's
pragmas or row ids, and the integer keys that the target hands out (``rounds.id``,
``log.id``) read back with ``RETURNING``.

Both stores are at the same schema version because :func:`decision.store.open_store`
brings every database it opens up to date (and refuses a newer one).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from decision.errors import NotFoundError, StorageError
from decision.store.protocols import Store

_OF_WORKSHOP = "workshop_id = ?"
_OF_ROUNDS = "round_id IN (SELECT id FROM rounds WHERE workshop_id = ?)"


@dataclass(frozen=True)
class TableSpec:
    """How the rows of one workshop in one table are found and copied.

    ``columns`` are every column of the table, in the schema's order. ``new_key``
    names the integer key the target hands out itself (left out of the insert and
    read back, old -> new); ``refers`` maps a column to the table whose new keys
    replace its values. ``order`` keeps the rows in their order (the log's new ids
    follow the old ones).
    """

    name: str
    columns: tuple[str, ...]
    where: str
    order: str
    new_key: str | None = None
    refers: tuple[tuple[str, str], ...] = ()


# Every table of the schema (decision/store/migrations.py, version 6). A table listed
# before another is written before it: rounds before round_scores, which refer to them.
TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "workshops",
        (
            "id", "name", "neighbourhood", "municipality", "document", "version", "created_at",
            "updated_at", "document_version", "pin_hash", "pin_failures", "pin_blocked_until",
            "link_hash", "archived",
        ),
        "id = ?",
        "id",
    ),
    TableSpec(
        "participants",
        ("workshop_id", "id", "name", "role", "position", "token_hash", "joined_at", "stakeholder_group"),
        _OF_WORKSHOP,
        "position, id",
    ),
    TableSpec(
        "scores",
        ("workshop_id", "participant_id", "kans_id", "criterion_id", "value", "updated_at"),
        _OF_WORKSHOP,
        "participant_id, kans_id, criterion_id",
    ),
    TableSpec(
        "rounds",
        (
            "id", "workshop_id", "number", "join_code", "status", "show_individual", "opened_at",
            "closed_at", "ask_weights",
        ),
        _OF_WORKSHOP,
        "number",
        new_key="id",
    ),
    TableSpec(
        "round_scores",
        ("round_id", "participant_id", "kans_id", "criterion_id", "value"),
        _OF_ROUNDS,
        "round_id, participant_id, kans_id, criterion_id",
        refers=(("round_id", "rounds"),),
    ),
    TableSpec(
        "log",
        ("id", "workshop_id", "at", "actor", "action", "detail"),
        _OF_WORKSHOP,
        "id",
        new_key="id",
    ),
    TableSpec(
        "grants",
        ("token_hash", "workshop_id", "issued_at", "expires_at", "via"),
        _OF_WORKSHOP,
        "token_hash",
    ),
    TableSpec(
        "pin_attempts",
        ("workshop_id", "client", "failures", "blocked_until"),
        _OF_WORKSHOP,
        "client",
    ),
    TableSpec(
        "participant_points",
        ("workshop_id", "participant_id", "criterion_id", "points", "updated_at"),
        _OF_WORKSHOP,
        "participant_id, criterion_id",
    ),
)  # fmt: skip


@dataclass(frozen=True)
class WorkshopTransfer:
    """One copied workshop: per table (in the order of :data:`TABLES`), the rows copied and checked."""

    workshop_id: str
    name: str
    rows: tuple[tuple[str, int], ...]

    def count(self, table: str) -> int:
        return dict(self.rows)[table]


@dataclass(frozen=True)
class TransferReport:
    """What :func:`copy_workshops` copied, one entry per workshop in the order copied."""

    workshops: tuple[WorkshopTransfer, ...]

    def total(self, table: str) -> int:
        return sum(w.count(table) for w in self.workshops)


@dataclass(frozen=True)
class _Read:
    """The rows of one workshop as the source holds them, table by table."""

    workshop_id: str
    name: str
    tables: tuple[tuple[TableSpec, list[Sequence[Any]]], ...]


def _database(store: Store) -> Any:
    """The database object behind a store (its transactions and snapshots)."""
    db = store.database
    if not (hasattr(db, "transaction") and hasattr(db, "snapshot")):
        raise TypeError(f"this store's database ({type(db).__name__}) has no transactions to copy with")
    return db


def _select(spec: TableSpec) -> str:
    return f"SELECT {', '.join(spec.columns)} FROM {spec.name} WHERE {spec.where} ORDER BY {spec.order}"


def _count(conn: Any, spec: TableSpec, workshop_id: str) -> int:
    row = conn.execute(f"SELECT COUNT(*) FROM {spec.name} WHERE {spec.where}", (workshop_id,)).fetchone()
    return int(row[0])


def _wanted(conn: Any, workshop_ids: Iterable[str] | None) -> list[str]:
    """The ids to copy, each once, in the order asked (all: oldest first)."""
    if workshop_ids is None:
        rows = conn.execute("SELECT id FROM workshops ORDER BY created_at, id").fetchall()
        return [str(r[0]) for r in rows]
    return list(dict.fromkeys(workshop_ids))


def _read(source: Store, workshop_ids: Iterable[str] | None) -> list[_Read]:
    found: list[_Read] = []
    with _database(source).snapshot() as conn:
        for wid in _wanted(conn, workshop_ids):
            head = conn.execute("SELECT name FROM workshops WHERE id = ?", (wid,)).fetchone()
            if head is None:
                raise NotFoundError("unknown_workshop", id=wid)
            tables = tuple((spec, list(conn.execute(_select(spec), (wid,)).fetchall())) for spec in TABLES)
            found.append(_Read(wid, str(head[0]), tables))
    return found


def _refuse_clashes(conn: Any, read: _Read) -> None:
    """Refuse before anything is written: the id, or a round's join code, is taken in the target."""
    if conn.execute("SELECT 1 FROM workshops WHERE id = ?", (read.workshop_id,)).fetchone() is not None:
        raise StorageError("transfer_workshop_exists", id=read.workshop_id)
    rounds = dict(read.tables)[_spec("rounds")]
    code_at = _spec("rounds").columns.index("join_code")
    number_at = _spec("rounds").columns.index("number")
    for row in rounds:
        taken = conn.execute("SELECT workshop_id FROM rounds WHERE join_code = ?", (row[code_at],)).fetchone()
        if taken is not None:
            raise StorageError(
                "transfer_join_code_taken",
                code=row[code_at],
                round=row[number_at],
                id=read.workshop_id,
                other=taken[0],
            )


def _spec(name: str) -> TableSpec:
    return next(spec for spec in TABLES if spec.name == name)


def _write(conn: Any, read: _Read) -> None:
    new_keys: dict[str, dict[Any, Any]] = {}
    for spec, rows in read.tables:
        refers = [(spec.columns.index(column), table) for column, table in spec.refers]
        values = [list(row) for row in rows]
        for row in values:
            for at, table in refers:
                row[at] = new_keys[table][row[at]]
        if spec.new_key is None:
            marks = ", ".join("?" * len(spec.columns))
            sql = f"INSERT INTO {spec.name} ({', '.join(spec.columns)}) VALUES ({marks})"
            conn.executemany(sql, [tuple(row) for row in values])
            continue
        key_at = spec.columns.index(spec.new_key)
        columns = [c for c in spec.columns if c != spec.new_key]
        sql = (
            f"INSERT INTO {spec.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            f" RETURNING {spec.new_key}"
        )
        mapping = new_keys.setdefault(spec.name, {})
        # One row at a time, in the source's order: each gets its new key, and keys the
        # database hands out grow, so the log keeps its order under its new ids.
        for row in values:
            params = tuple(v for i, v in enumerate(row) if i != key_at)
            mapping[row[key_at]] = conn.execute(sql, params).fetchone()[0]


def copy_workshops(source: Store, target: Store, workshop_ids: Iterable[str] | None = None) -> TransferReport:
    """Copy these workshops (None: all of the source) with everything of them into ``target``.

    Raises :class:`~decision.errors.NotFoundError` for an id the source does not
    have, and :class:`~decision.errors.StorageError` when a workshop id or a round's
    join code is already in the target (nothing is written then), or when the rows
    counted in the target after the copy differ from the source's (naming the table).
    The source is left as it was.
    """
    read = _read(source, workshop_ids)
    target_db = _database(target)
    with target_db.transaction() as conn:
        for one in read:
            _refuse_clashes(conn, one)
            _write(conn, one)
    copied: list[WorkshopTransfer] = []
    with target_db.snapshot() as conn:
        for one in read:
            for spec, rows in one.tables:
                stored = _count(conn, spec, one.workshop_id)
                if stored != len(rows):
                    raise StorageError(
                        "transfer_count_mismatch",
                        table=spec.name,
                        id=one.workshop_id,
                        source=len(rows),
                        target=stored,
                    )
            copied.append(
                WorkshopTransfer(one.workshop_id, one.name, tuple((s.name, len(r)) for s, r in one.tables))
            )
    return TransferReport(tuple(copied))
