"""Steps on the SQLite tables that several parts of the store share.

Each step runs on the connection of a transaction the caller holds, so a part
can combine them with its own checks in one atomic change: bump the workshop's
version, write or remove score and participant rows, and read the workshop's
document (criteria, koppelkansen, ambition) through a cache keyed on its version.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import replace
from typing import Generic, TypeVar

from decision.domain.model import Participant, ScoreKey, Workshop
from decision.errors import NotFoundError
from decision.files.workshop_file import dump_workshop, parse_workshop_text
from decision.store.database import Connection

Value = TypeVar("Value")


class VersionCache(Generic[Value]):
    """A small least-recently-used cache, safe to share between threads.

    Keys always contain the version (and the creation time, because an id deleted
    and created again starts at version 1 again), so an entry never goes stale:
    a newer version is simply another key.
    """

    def __init__(self, size: int = 32) -> None:
        self._size = size
        self._entries: OrderedDict[Hashable, Value] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Value | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: Hashable, value: Value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def forget(self, workshop_id: str) -> None:
        """Drop every entry of one workshop (after it was deleted)."""
        with self._lock:
            for key in [k for k in self._entries if isinstance(k, tuple) and k[0] == workshop_id]:
                del self._entries[key]


def document_text(w: Workshop) -> str:
    """The workshop-file document without participants and scores (those have their own rows)."""
    return dump_workshop(replace(w, participants=(), scores={}))


def read_document(conn: Connection, workshop_id: str, cache: VersionCache[Workshop]) -> Workshop:
    """The workshop's document (no participants, no scores), parsed once per document version."""
    row = conn.execute(
        "SELECT document_version, created_at FROM workshops WHERE id = ?", (workshop_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError("unknown_workshop", id=workshop_id)
    doc_version, created = int(row[0]), row[1]
    # The document text only when it is not parsed yet: every tap of a participant reads
    # the document, and most taps find it in the cache.
    w = cache.get((workshop_id, created, doc_version))
    if w is not None:
        return w
    row = conn.execute(
        "SELECT document_version, document, created_at FROM workshops WHERE id = ?", (workshop_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError("unknown_workshop", id=workshop_id)
    return parsed_document(workshop_id, row[2], int(row[0]), row[1], cache)


def parsed_document(
    workshop_id: str, created: str, doc_version: int, document: str, cache: VersionCache[Workshop]
) -> Workshop:
    key = (workshop_id, created, doc_version)
    w = cache.get(key)
    if w is None:
        w = parse_workshop_text(document, f"workshop {workshop_id}")
        cache.put(key, w)
    return w


def bump_version(conn: Connection, workshop_id: str, stamp: str, *, document: bool = False) -> int:
    """One more version of the workshop (every change makes one); returns it."""
    extra = ", document_version = document_version + 1" if document else ""
    row = conn.execute(
        f"UPDATE workshops SET version = version + 1, updated_at = ?{extra} WHERE id = ? RETURNING version",
        (stamp, workshop_id),
    ).fetchone()
    if row is None:
        raise NotFoundError("unknown_workshop", id=workshop_id)
    return int(row[0])


def upsert_scores(
    conn: Connection, workshop_id: str, scores: Mapping[ScoreKey, float | None], stamp: str
) -> None:
    conn.executemany(
        "INSERT INTO scores (workshop_id, participant_id, kans_id, criterion_id, value, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workshop_id, participant_id, kans_id, criterion_id)"
        " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        [(workshop_id, p, k, c, v, stamp) for (p, k, c), v in scores.items()],
    )


def delete_scores(conn: Connection, workshop_id: str, keys: Iterable[ScoreKey]) -> None:
    conn.executemany(
        "DELETE FROM scores WHERE workshop_id = ? AND participant_id = ? AND kans_id = ?"
        " AND criterion_id = ?",
        [(workshop_id, p, k, c) for p, k, c in keys],
    )


def scores_at(conn: Connection, workshop_id: str, keys: Iterable[ScoreKey]) -> dict[ScoreKey, float | None]:
    """The stored values of these cells (cells without a score are left out)."""
    found: dict[ScoreKey, float | None] = {}
    for p, k, c in keys:
        row = conn.execute(
            "SELECT value FROM scores WHERE workshop_id = ? AND participant_id = ? AND kans_id = ?"
            " AND criterion_id = ?",
            (workshop_id, p, k, c),
        ).fetchone()
        if row is not None:
            found[(p, k, c)] = row[0]
    return found


def write_participants(conn: Connection, workshop_id: str, people: Iterable[Participant]) -> None:
    """Insert or update participants in this order; a joined participant keeps their token."""
    conn.executemany(
        "INSERT INTO participants (workshop_id, id, name, role, stakeholder_group, position)"
        " VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (workshop_id, id) DO UPDATE SET name = excluded.name, role = excluded.role,"
        " stakeholder_group = excluded.stakeholder_group, position = excluded.position",
        [(workshop_id, p.id, p.name, p.role, p.group, i) for i, p in enumerate(people)],
    )


def delete_participants(conn: Connection, workshop_id: str, ids: Iterable[str]) -> None:
    conn.executemany(
        "DELETE FROM participants WHERE workshop_id = ? AND id = ?", [(workshop_id, pid) for pid in ids]
    )
