"""Live scoring under load, on the embedded SQLite store and on PostgreSQL, side by side.

Simulates a workshop room: every participant joined the open round and taps their
whole score sheet on their phone, one write per tap through
``store.live.participant_write``. Two scenarios, each on both backends:

- **one server**: 40 participants × 15 koppelkansen × 5 criteria; as in the app
  server, all participants are threads sharing one store in one process.
- **two servers**: 200 participants spread over 2 processes (``spawn``), as behind a
  load balancer; each process opens its own store on the same database with
  ``open_store(address)`` and runs 100 participant threads. The facilitator's steps
  (workshop, PIN, round, joins) are taken in the parent beforehand; the children
  get the tokens, start together on a barrier and send back their latencies.

Each scenario runs at two paces:

- **a room's pace** (``--jitter-ms``, default 0–1000 ms between two taps of one
  participant): everyone starts at the same moment and then taps about twice a
  second, faster than people who read a koppelkans and its anchors first (the tap
  benchmark ``taps.py`` reckons 0.5–1.5 s). The goal is judged here.
- **a burst** (``--burst-ms``, default 0–20 ms; 0 leaves it out): everyone taps as
  fast as the store answers, far above any room. It shows how many writes per second
  one workshop takes; above that, taps queue and the latency is the queue. Reported,
  not judged.

For each pace × backend × scenario it prints the wall time, the writes per second,
the write latency (p50 / p95 / max), writes ok / errors, the scores stored against
expected and the scores lost (read back through the store, ``store.workshops.load``),
and what one facilitator refresh costs right after a write (load the workshop, rank
it, find the contested cells; nothing cached, because the write changed the version;
median of 25). For PostgreSQL also how the connection pool of each server was used
during the writes: how many borrowings had to queue for a free connection and how
long they waited. SQLite and PostgreSQL are in columns next to each other, with
PostgreSQL / SQLite.

Goal, per backend, at a room's pace: in both scenarios p95 ≤ 50 ms, nothing lost and
no errors. The exit code is 0 only when both backends meet it (and nothing was lost
or refused in the burst either).

    python benchmarks/live_scoring.py [--db postgresql://user:pass@host:5432/db]
        [--participants 40] [--kansen 15] [--jitter-ms 1000] [--burst-ms 20] [--seed 1]
        [--spread-participants 200] [--servers 2] [--pool-size N] [--dir FOLDER]

Without ``--db`` a throwaway PostgreSQL server is started for the run
(``tests/pg_cluster.py``: needs PostgreSQL's ``initdb`` and ``pg_ctl``) and stopped
afterwards, one fresh database per scenario. With ``--db`` every scenario writes to
that database, each in a workshop of its own, deleted again at the end. SQLite
always runs in temporary files (in the system's temporary folder, or ``--dir``).
``--pool-size`` gives each PostgreSQL store a pool of that many connections instead
of the store's default.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import platform
import queue
import random
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from decision.domain.analysis import rank_workshop, score_cube  # noqa: E402
from decision.domain.explain import contested_cells  # noqa: E402
from decision.domain.model import KansType, Koppelkans, Workshop  # noqa: E402
from decision.errors import StorageFault  # noqa: E402
from decision.files.criteria_sets import load_criteria_set  # noqa: E402
from decision.files.paths import CRITERIA_DIR  # noqa: E402
from decision.store import Store, is_postgres_address, open_store, store_on  # noqa: E402
from decision.store.migrations import bring_up_to_date  # noqa: E402

GOAL_P95_MS = 50.0
PIN = "274193"
REFRESH_SAMPLES = 25
# Seconds a server process may take to start (imports, opening its store) and to
# finish its participants before the run is given up as broken.
START_TIMEOUT_S = 120.0
FINISH_TIMEOUT_S = 900.0

SQLITE, POSTGRES = "SQLite", "PostgreSQL"
ROOM, BURST = "a room's pace", "burst"


def workshop(n_kansen: int) -> Workshop:
    criteria = load_criteria_set(CRITERIA_DIR / "01-wijkkompas-fase3.yaml").criteria
    kansen = tuple(
        Koppelkans(f"K{i:02d}", f"Koppelkans {i}", KansType.SOCIAL if i % 2 else KansType.PHYSICAL)
        for i in range(1, n_kansen + 1)
    )
    return Workshop("Benchmark live scoren", criteria=criteria, kansen=kansen)


def value(n: int, i: int, j: int) -> float | None:
    if (n + 2 * i + 3 * j) % 17 == 0:
        return None  # weet niet
    return float((n * 7 + i * 3 + j) % 5 + 1)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


# -- the store on either backend ---------------------------------------------------------


def open_benchmark_store(address: str, pool_size: int | None = None, deleted: Path | None = None) -> Store:
    """``open_store(address)``, as the app server opens it; with ``pool_size``, a PostgreSQL
    store whose pool holds that many connections instead of the default."""
    if pool_size is None or not is_postgres_address(address):
        return open_store(address, deleted_folder=deleted)
    from decision.store.postgres import PostgresDatabase

    db = PostgresDatabase(address, max_size=pool_size)
    bring_up_to_date(db)
    return store_on(db, deleted_folder=deleted)


def _pool(store: Store) -> Any:
    # The connection pool is the PostgreSQL database's own; its counters are read here
    # only to tell a wait for a connection apart from a wait for the workshop's row lock.
    return getattr(store.database, "_pool", None)


def reset_pool_stats(store: Store) -> None:
    pool = _pool(store)
    if pool is not None:
        pool.pop_stats()


def pool_stats(store: Store) -> dict[str, int]:
    """Borrowings of a connection since the last reset: how many, how many queued, ms waited."""
    pool = _pool(store)
    if pool is None:
        return {}
    stats = pool.get_stats()
    return {
        "max": int(stats.get("pool_max", 0)),
        "requests": int(stats.get("requests_num", 0)),
        "queued": int(stats.get("requests_queued", 0)),
        "wait_ms": int(stats.get("requests_wait_ms", 0)),
    }


def sum_pool_stats(parts: Sequence[dict[str, int]]) -> dict[str, int]:
    if not any(parts):
        return {}
    total = {key: sum(p.get(key, 0) for p in parts) for key in ("requests", "queued", "wait_ms")}
    total["max"] = max(p.get("max", 0) for p in parts)
    return total


# -- the room --------------------------------------------------------------------------


@dataclass(frozen=True)
class Room:
    """What the facilitator prepared: the workshop with its open round and who joined."""

    workshop_id: str
    tokens: tuple[str, ...]
    participant_ids: tuple[str, ...]


def prepare(store: Store, w: Workshop, participants: int) -> Room:
    wid = store.workshops.create(w)
    # the facilitator's own steps, as the server's operator can take them
    grant = store.access.set_pin(wid, PIN, grant=store.access.grant_as_operator(wid))
    code = store.live.open_round(wid, grant=grant).join_code
    people = [store.live.join(code, f"Deelnemer {n}") for n in range(participants)]
    return Room(wid, tuple(t for t, _ in people), tuple(p for _, p in people))


@dataclass
class Sheets:
    """What the participants of one process measured."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pool: dict[str, int] = field(default_factory=dict)


def score_sheets(
    store: Store,
    people: Sequence[tuple[int, str]],
    w: Workshop,
    jitter_ms: float,
    seed: int,
    start_together: Callable[[], None],
) -> Sheets:
    """Each (number, token) taps the whole sheet in a thread of its own; all start when
    ``start_together`` returns."""
    start = threading.Barrier(len(people) + 1)
    latencies: list[list[float]] = [[] for _ in people]
    errors: list[str] = []

    def participant(slot: int, n: int, token: str) -> None:
        rng = random.Random(seed * 1000 + n)
        try:
            start.wait()
            for i, kid in enumerate(w.kans_ids):
                for j, cid in enumerate(w.criterion_ids):
                    time.sleep(rng.uniform(0, jitter_ms) / 1000)  # thinking, then a tap
                    t0 = time.perf_counter()
                    store.live.participant_write(token, kid, cid, value(n, i, j))
                    latencies[slot].append((time.perf_counter() - t0) * 1000)
        except Exception as exc:  # noqa: BLE001 - counted and shown
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [
        threading.Thread(target=participant, args=(slot, n, token)) for slot, (n, token) in enumerate(people)
    ]
    for t in threads:
        t.start()
    reset_pool_stats(store)  # the joins and the schema check are not part of the load
    try:
        start_together()
    except BaseException:
        start.abort()  # the participants' threads end instead of waiting for ever
        raise
    start.wait()
    for t in threads:
        t.join()
    return Sheets([x for per in latencies for x in per], errors, pool_stats(store))


def server_process(
    address: str,
    pool_size: int | None,
    people: list[tuple[int, str]],
    n_kansen: int,
    jitter_ms: float,
    seed: int,
    barrier: Any,
    results: Any,
) -> None:
    """One app server of the "two servers" scenario (a spawned process): its own store on
    the shared database, its share of the participants; the measurements go to ``results``."""
    try:
        store = open_benchmark_store(address, pool_size)
    except BaseException as exc:
        barrier.abort()  # the parent and the other servers stop waiting
        results.put(Sheets(errors=[f"opening the store: {type(exc).__name__}: {exc}"]))
        return
    try:
        sheets = score_sheets(
            store, people, workshop(n_kansen), jitter_ms, seed, lambda: barrier.wait(START_TIMEOUT_S)
        )
    except BaseException as exc:
        barrier.abort()
        sheets = Sheets(errors=[f"{type(exc).__name__}: {exc}"])
    finally:
        store.database.close()
    results.put(sheets)


# -- one measurement -------------------------------------------------------------------


@dataclass
class Result:
    backend: str
    scenario: str
    wall_s: float
    latencies_ms: list[float]
    errors: list[str]
    expected: int
    stored: int
    lost: int
    refresh_ms: float
    pool: dict[str, int]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else math.nan

    @property
    def p95(self) -> float:
        return percentile(self.latencies_ms, 95) if self.latencies_ms else math.nan

    @property
    def max(self) -> float:
        return max(self.latencies_ms) if self.latencies_ms else math.nan

    @property
    def writes_per_s(self) -> float:
        return len(self.latencies_ms) / self.wall_s if self.wall_s > 0 else math.nan

    @property
    def intact(self) -> bool:
        """Nothing lost and nothing refused, however slow."""
        return self.lost == 0 and not self.errors

    @property
    def met(self) -> bool:
        return self.p95 <= GOAL_P95_MS and self.lost == 0 and not self.errors


def check_stored(store: Store, w: Workshop, room: Room) -> tuple[int, int, int]:
    """(expected, stored, lost), read back through the store as the facilitator's screen does."""
    expected = {
        (pid, kid, cid): value(n, i, j)
        for n, pid in enumerate(room.participant_ids)
        for i, kid in enumerate(w.kans_ids)
        for j, cid in enumerate(w.criterion_ids)
    }
    stored = store.workshops.load(room.workshop_id).workshop.scores
    kept = sum(1 for key, v in expected.items() if key in stored and stored[key] == v)
    return len(expected), len(stored), len(expected) - kept


def refresh_cost(store: Store, room: Room) -> float:
    """One facilitator refresh after a participant's write (median ms): the version changed,
    so the workshop and its ranking cannot come from a cache."""
    samples = []
    token = room.tokens[0]
    for r in range(REFRESH_SAMPLES):
        store.live.participant_write(token, "K01", "wensen", float(r % 5 + 1))
        t0 = time.perf_counter()
        full = store.workshops.load(room.workshop_id).workshop
        ranking = rank_workshop(full, "wsm", "mean")
        contested_cells(ranking, score_cube(full).values)
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


@dataclass(frozen=True)
class Load:
    scenario: str
    participants: int
    servers: int  # 1: threads in this process; more: spawned processes
    n_kansen: int
    jitter_ms: float
    seed: int
    pool_size: int | None


def measure(backend: str, address: str, load: Load) -> tuple[Result, str]:
    """Run one scenario on the database at ``address``; returns the result and the workshop id."""
    store = open_benchmark_store(address, load.pool_size)
    try:
        w = workshop(load.n_kansen)
        room = prepare(store, w, load.participants)
        people = list(enumerate(room.tokens))
        if load.servers == 1:
            clock: list[float] = []
            sheets = score_sheets(
                store, people, w, load.jitter_ms, load.seed, lambda: clock.append(time.perf_counter())
            )
            wall = time.perf_counter() - clock[0]
        else:
            sheets, wall = spread_over_servers(address, people, load)
        expected, stored, lost = check_stored(store, w, room)
        refresh = refresh_cost(store, room)
    finally:
        store.database.close()
    result = Result(
        backend=backend,
        scenario=load.scenario,
        wall_s=wall,
        latencies_ms=sheets.latencies_ms,
        errors=sheets.errors,
        expected=expected,
        stored=stored,
        lost=lost,
        refresh_ms=refresh,
        pool=sheets.pool,
    )
    return result, room.workshop_id


def spread_over_servers(address: str, people: list[tuple[int, str]], load: Load) -> tuple[Sheets, float]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(load.servers + 1)
    results = context.Queue()
    shares = [people[k :: load.servers] for k in range(load.servers)]
    processes = [
        context.Process(
            target=server_process,
            args=(address, load.pool_size, share, load.n_kansen, load.jitter_ms, load.seed, barrier, results),
        )
        for share in shares
    ]
    for p in processes:
        p.start()
    parts: list[Sheets] = []
    t0 = time.perf_counter()
    try:
        barrier.wait(START_TIMEOUT_S)
        t0 = time.perf_counter()
    except threading.BrokenBarrierError:
        pass  # a server could not start; its message comes through the queue
    try:
        # read before join: a child cannot exit while its results fill the pipe
        while len(parts) < len(processes):
            parts.append(results.get(timeout=FINISH_TIMEOUT_S))
    except queue.Empty:
        parts.append(Sheets(errors=["a server process sent no results"]))
    wall = time.perf_counter() - t0
    for p in processes:
        p.join(timeout=30)
        if p.is_alive():
            p.kill()
    sheets = Sheets(
        [x for part in parts for x in part.latencies_ms],
        [e for part in parts for e in part.errors],
        sum_pool_stats([part.pool for part in parts]),
    )
    return sheets, wall


# -- the databases ---------------------------------------------------------------------


@contextmanager
def postgres_databases(given: str | None) -> Iterator[Callable[[], str]]:
    """A function that gives the address of a database for one scenario: the one given,
    or a fresh database of a throwaway server started here (stopped at the end)."""
    if given is not None:
        yield lambda: given
        return
    from tests.pg_cluster import Cluster

    cluster = Cluster().start()
    try:
        yield cluster.new_database
    finally:
        cluster.stop()


def remove_workshops(address: str, workshop_ids: Sequence[str], deleted: Path) -> None:
    """Delete the benchmark's workshops from a database that is not thrown away."""
    store = open_store(address, deleted_folder=deleted)
    try:
        for wid in workshop_ids:
            store.workshops.delete(wid, grant=store.access.grant_as_operator(wid))
    finally:
        store.database.close()


def server_version(address: str) -> str:
    store = open_store(address)
    try:
        with store.database.snapshot() as conn:
            return str(conn.execute("SHOW server_version").fetchone()[0]).split()[0]
    finally:
        store.database.close()


# -- the table -------------------------------------------------------------------------


def _ms(x: float) -> str:
    return "–" if math.isnan(x) else f"{x:.2f}"


def table(title: str, lite: Result, pg: Result) -> str:
    width = 30

    def head(label: str) -> str:
        return f"{label:{width}}{SQLITE:>14}{POSTGRES:>14}{'PG / SQLite':>14}"

    def row(label: str, a: float, b: float) -> str:
        ratio = f"{b / a:.1f}×" if a > 0 and not math.isnan(a) and not math.isnan(b) else "–"
        return f"{label:{width}}{_ms(a):>14}{_ms(b):>14}{ratio:>14}"

    def pair(label: str, a: str, b: str) -> str:
        return f"{label:{width}}{a:>14}{b:>14}"

    lines = [
        title,
        head(""),
        row("wall time (s)", lite.wall_s, pg.wall_s),
        row("writes per second", lite.writes_per_s, pg.writes_per_s),
        row("write latency p50 (ms)", lite.p50, pg.p50),
        row("write latency p95 (ms)", lite.p95, pg.p95),
        row("write latency max (ms)", lite.max, pg.max),
        pair(
            "writes (ok / errors)",
            f"{len(lite.latencies_ms)} / {len(lite.errors)}",
            f"{len(pg.latencies_ms)} / {len(pg.errors)}",
        ),
        pair("scores stored / expected", f"{lite.stored} / {lite.expected}", f"{pg.stored} / {pg.expected}"),
        pair("scores lost", str(lite.lost), str(pg.lost)),
        row("facilitator refresh (ms)", lite.refresh_ms, pg.refresh_ms),
    ]
    if pg.pool:
        requests, queued = pg.pool["requests"], pg.pool["queued"]
        share = f"{100 * queued / requests:.0f}%" if requests else "–"
        mean = f"{pg.pool['wait_ms'] / requests:.2f}" if requests else "–"
        lines += [
            pair("pool size per server", "–", str(pg.pool["max"])),
            pair("pool: borrowings queued", "–", f"{queued} / {requests}"),
            pair("pool: share queued", "–", share),
            pair("pool wait per borrowing (ms)", "–", mean),
            pair("pool wait total (s)", "–", f"{pg.pool['wait_ms'] / 1000:.2f}"),
        ]
    return "\n".join(lines)


def verdict(backend: str, results: Sequence[Result]) -> str:
    ok = all(r.met for r in results)
    details = "; ".join(
        f"{r.scenario}: p95 {_ms(r.p95)} ms, {r.lost} lost, {len(r.errors)} errors" for r in results
    )
    goal = f"goal at a room's pace (p95 ≤ {GOAL_P95_MS:g} ms, 0 lost, no errors, both loads)"
    return f"{backend}: {goal} {'met' if ok else 'NOT met'} — {details}"


def burst_summary(backend: str, results: Sequence[Result]) -> str:
    details = "; ".join(
        f"{r.scenario}: {r.writes_per_s:.0f} writes/s, p95 {_ms(r.p95)} ms, {r.lost} lost,"
        f" {len(r.errors)} errors"
        for r in results
    )
    return f"{backend}, burst (not judged): {details}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=None, help="a postgresql:// address; default: a throwaway server")
    parser.add_argument("--participants", type=int, default=40, help="participants of the one-server load")
    parser.add_argument("--kansen", type=int, default=15)
    parser.add_argument(
        "--jitter-ms", type=float, default=1000.0, help="a room's pace: 0 to this many ms between taps"
    )
    parser.add_argument(
        "--burst-ms", type=float, default=20.0, help="the burst: 0 to this many ms between taps; 0: no burst"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--spread-participants", type=int, default=200, help="participants over the servers")
    parser.add_argument("--servers", type=int, default=2, help="server processes of the spread load")
    parser.add_argument("--pool-size", type=int, default=None, help="connections per PostgreSQL store")
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary databases go")
    args = parser.parse_args(argv)
    if args.db is not None and not is_postgres_address(args.db):
        parser.error("--db takes a postgresql:// address (SQLite always runs, in a temporary folder)")
    if args.servers < 2 or args.spread_participants < args.servers:
        parser.error("--servers needs at least 2, and --spread-participants at least one per server")

    n_criteria = len(workshop(1).criteria)
    spread = "two servers" if args.servers == 2 else f"{args.servers} servers"

    def loads_at(pace_ms: float) -> list[Load]:
        shared = (args.kansen, pace_ms, args.seed, args.pool_size)
        return [
            Load("one server", args.participants, 1, *shared),
            Load(spread, args.spread_participants, args.servers, *shared),
        ]

    paces = {ROOM: loads_at(args.jitter_ms)}
    if args.burst_ms > 0:
        paces[BURST] = loads_at(args.burst_ms)
    sheet = args.kansen * n_criteria
    print(
        f"Live scoring: {args.kansen} koppelkansen × {n_criteria} criteria per participant, one write per tap"
    )
    print(
        f"  one server: {args.participants} participants, threads sharing one store in one process"
        f" = {args.participants * sheet} writes"
    )
    print(
        f"  {spread}: {args.spread_participants} participants over {args.servers} processes (spawn,"
        f" ≤ {math.ceil(args.spread_participants / args.servers)} threads each), each with its own store"
        f" on the same database = {args.spread_participants * sheet} writes"
    )
    print(f"  {ROOM}: 0–{args.jitter_ms:g} ms between two taps of one participant (judged)")
    if args.burst_ms > 0:
        print(f"  {BURST}: 0–{args.burst_ms:g} ms between taps, as fast as the store answers (not judged)")
    print(
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs,"
        f" {platform.system()} {platform.machine()}"
    )
    try:
        results = run_all([load for loads in paces.values() for load in loads], args.db, args.dir)
    except StorageFault as fault:
        # the store's own message (never the address, which may hold a password)
        print(f"PostgreSQL cannot be used: {fault}", file=sys.stderr)
        return 2
    for pace, loads in paces.items():
        print()
        print(f"== {pace}: 0–{loads[0].jitter_ms:g} ms between taps")
        for load in loads:
            print()
            title = f"{load.scenario} ({load.participants} participants)"
            print(table(title, results[SQLITE, load], results[POSTGRES, load]))
    print()
    print(f"facilitator refresh: median of {REFRESH_SAMPLES} of store.workshops.load + rank_workshop +")
    print("  contested_cells on the fully scored workshop, each right after a write (nothing cached)")
    print("pool: borrowings of a connection from the PostgreSQL store's pool during the writes, summed")
    print("  over the servers; a queued borrowing waited for a free connection")
    for (_, load), result in results.items():
        for message in sorted(set(result.errors)):
            print(f"{result.backend}, {result.scenario}, 0–{load.jitter_ms:g} ms error: {message}")
    ok = all(result.intact for result in results.values())
    for backend in (SQLITE, POSTGRES):
        judged = [results[backend, load] for load in paces[ROOM]]
        print(verdict(backend, judged))
        ok = ok and all(r.met for r in judged)
    if BURST in paces:
        for backend in (SQLITE, POSTGRES):
            print(burst_summary(backend, [results[backend, load] for load in paces[BURST]]))
    return 0 if ok else 1


def run_all(loads: Sequence[Load], db: str | None, folder: Path | None) -> dict[tuple[str, Load], Result]:
    """Every load on SQLite, then on PostgreSQL; each in a database of its own, except on a
    database given with ``--db``, where each has a workshop of its own."""
    results: dict[tuple[str, Load], Result] = {}
    with (
        tempfile.TemporaryDirectory(prefix="koppelkansen-bench-", dir=folder) as tmp,
        postgres_databases(db) as postgres_database,
    ):
        for number, load in enumerate(loads):
            results[SQLITE, load], _ = measure(SQLITE, str(Path(tmp) / f"load-{number}.db"), load)
        made: list[str] = []
        for load in loads:
            address = postgres_database()
            if not made:
                where = "the database given with --db" if db else "a throwaway server (tests/pg_cluster.py)"
                print(f"PostgreSQL {server_version(address)}, {where}")
            results[POSTGRES, load], wid = measure(POSTGRES, address, load)
            made.append(wid)
        if db is not None:
            remove_workshops(db, made, Path(tmp) / "verwijderd")
    return results


if __name__ == "__main__":
    sys.exit(main())
