"""The change log (besluitlog) in SQLite: who changed what, and when.

Every part that changes a workshop appends its entries with :meth:`SqlChangeLog.append`
on the connection of its own transaction, so a change and its log entry are
stored together or not at all. The app reads the log through
:class:`~decision.store.protocols.ChangeLogReader` (newest first).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from decision.domain.changelog import Change, LogEntry
from decision.store.database import Connection, Database


class SqlChangeLog:
    def __init__(self, db: Database[Connection]) -> None:
        self._db = db

    def append(
        self, conn: Connection, workshop_id: str, stamp: str, actor: str, changes: Iterable[Change]
    ) -> None:
        """Write entries inside the caller's transaction."""
        conn.executemany(
            "INSERT INTO log (workshop_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)",
            [
                (workshop_id, stamp, actor, c.action, json.dumps(c.detail, ensure_ascii=False))
                for c in changes
            ],
        )

    def entries(self, workshop_id: str, limit: int | None = None) -> list[LogEntry]:
        """The change log of one workshop, newest first."""
        with self._db.snapshot() as conn:
            sql = "SELECT id, at, actor, action, detail FROM log WHERE workshop_id = ? ORDER BY id DESC"
            rows = (
                conn.execute(sql, (workshop_id,))
                if limit is None
                else conn.execute(sql + " LIMIT ?", (workshop_id, max(0, limit)))
            ).fetchall()
        return [LogEntry(i, at, actor, action, json.loads(detail)) for i, at, actor, action, detail in rows]
