"""A live round under load: 40 participants submit a full score sheet (15 koppelkansen
× 5 criteria) at the same moment, as threads of one app server and as separate
processes, while the facilitator keeps editing. Every score must be stored exactly
once, with its value."""

from __future__ import annotations

import multiprocessing
import queue
import threading
from dataclasses import replace

import pytest
from scoring_sessions import PIN, score_in_process, sheet_value, wijkkompas_workshop

from decision.errors import RoundClosedError
from tests.conftest import grant_of, protect

PARTICIPANTS = 40
N_KANSEN = 15
N_CRITERIA = 5
CELLS = N_KANSEN * N_CRITERIA


@pytest.fixture
def live(store):
    """A store with the 15 × 5 workshop and an open round: (store, workshop id, join code)."""
    w = wijkkompas_workshop(N_KANSEN)
    assert (len(w.kansen), len(w.criteria)) == (N_KANSEN, N_CRITERIA)
    wid = store.workshops.create(w)
    protect(store, wid, PIN)
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    return store, wid, code


def expected_scores(w, pids: dict[int, str]) -> dict:
    return {
        (pids[n], kid, cid): sheet_value(n, i, j)
        for n in pids
        for i, kid in enumerate(w.kans_ids)
        for j, cid in enumerate(w.criterion_ids)
    }


def run_threads(target, n: int, timeout: float = 120) -> list[BaseException]:
    errors: list[BaseException] = []

    def guarded(i: int) -> None:
        try:
            target(i)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not any(t.is_alive() for t in threads), "a participant hangs"
    return errors


def assert_stored_exactly_once(backend, wid, expected: dict) -> None:
    query = backend.query
    assert query("SELECT count(*) FROM scores WHERE workshop_id = ?", wid) == [(len(expected),)]
    assert query(
        "SELECT count(*) FROM (SELECT DISTINCT participant_id, kans_id, criterion_id FROM scores"
        " WHERE workshop_id = ?) AS cells",
        wid,
    ) == [(len(expected),)]
    table = {
        (p, k, c): v
        for p, k, c, v in query(
            "SELECT participant_id, kans_id, criterion_id, value FROM scores WHERE workshop_id = ?", wid
        )
    }
    assert table == expected
    # and through a fresh store, as the facilitator's screen reads it
    assert dict(backend.open().workshops.load(wid).workshop.scores) == expected


# -- (a) threads of one server ------------------------------------------------------------------
@pytest.mark.slow  # forty writers at once
def test_forty_participants_in_threads_lose_nothing(live, backend):
    store, wid, code = live
    w = store.workshops.load(wid).workshop
    v0 = store.workshops.version(wid)
    joined, start = threading.Barrier(PARTICIPANTS), threading.Barrier(PARTICIPANTS)
    pids: dict[int, str] = {}
    join_versions: dict[int, int] = {}
    write_versions: dict[int, list[int]] = {}

    def participant(n: int) -> None:
        joined.wait(timeout=60)
        token, pid = store.live.join(code, f"Deelnemer {n}")
        pids[n] = pid
        join_versions[n] = store.workshops.version(wid)  # at least the version of the join
        start.wait(timeout=60)
        versions = []
        for i, kid in enumerate(w.kans_ids):
            for j, cid in enumerate(w.criterion_ids):
                versions.append(store.live.participant_write(token, kid, cid, sheet_value(n, i, j)))
        write_versions[n] = versions

    assert run_threads(participant, PARTICIPANTS) == []
    # everyone joined once, with an id of their own
    assert sorted(pids.values()) == [f"D{n:02d}" for n in range(1, PARTICIPANTS + 1)]
    assert backend.query("SELECT count(*) FROM participants WHERE workshop_id = ?", wid) == [(PARTICIPANTS,)]

    expected = expected_scores(w, pids)
    assert len(expected) == PARTICIPANTS * CELLS == 3000
    assert sum(v is None for v in expected.values()) > 0  # some "weet niet" among them
    assert_stored_exactly_once(backend, wid, expected)

    # every write was its own transaction: versions strictly increase for each participant,
    # no two writes share one, and together they are exactly the joins and the writes
    for versions in write_versions.values():
        assert all(a < b for a, b in zip(versions, versions[1:], strict=False))
    every = [v for versions in write_versions.values() for v in versions]
    assert len(set(every)) == len(every) == 3000
    assert min(every) > max(join_versions.values()) >= v0 + 1
    assert store.workshops.version(wid) == v0 + PARTICIPANTS + 3000
    assert max(every) == store.workshops.version(wid)

    # the besluitlog has each of them, by the participant who wrote it
    logged = backend.query(
        "SELECT action, actor, count(*) FROM log WHERE workshop_id = ? AND action IN ('score', 'joined')"
        " GROUP BY action, actor",
        wid,
    )
    assert {(action, actor): n for action, actor, n in logged} == {
        **{("score", pid): CELLS for pid in pids.values()},
        **{("joined", pid): 1 for pid in pids.values()},
    }


# -- (b) separate processes -------------------------------------------------------------------------
@pytest.mark.slow  # forty writers at once
def test_forty_participants_in_processes_lose_nothing(live, backend):
    store, wid, code = live
    w = store.workshops.load(wid).workshop
    store.close()
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(PARTICIPANTS)
    results = ctx.Queue()
    processes = [
        ctx.Process(target=score_in_process, args=(backend.address, code, n, start, results))
        for n in range(PARTICIPANTS)
    ]
    for p in processes:
        p.start()
    outcomes = []
    try:
        for _ in range(PARTICIPANTS):
            outcomes.append(results.get(timeout=120))
    except queue.Empty:
        pytest.fail(f"only {len(outcomes)} of {PARTICIPANTS} participants finished")
    finally:
        for p in processes:
            p.join(timeout=30)
            if p.is_alive():
                p.kill()
    assert [err for *_, err in outcomes if err] == []
    assert all(p.exitcode == 0 for p in processes)
    pids = {n: pid for n, pid, _, _ in outcomes}
    assert len(set(pids.values())) == PARTICIPANTS
    assert_stored_exactly_once(backend, wid, expected_scores(w, pids))
    every = [v for *_, versions, _ in outcomes for v in versions]
    assert len(every) == len(set(every)) == 3000
    for _, _, versions, _ in outcomes:
        assert all(a < b for a, b in zip(versions, versions[1:], strict=False))
    if backend.name == "sqlite":
        assert backend.query("PRAGMA integrity_check") == [("ok",)]


# -- (c) the facilitator edits while participants score ------------------------------------------------
def test_a_facilitator_save_with_an_old_base_keeps_participant_scores(live, backend, document_merge):
    store, wid, code = live
    people = [store.live.join(code, f"Deelnemer {n}") for n in range(5)]
    t0, p0 = people[0]
    store.live.participant_write(t0, "K01", "wensen", 2)
    store.live.participant_write(t0, "K01", "kosten", 3)

    drawn = store.workshops.load(wid)  # the facilitator opens the koppelkans form
    base = drawn.workshop

    for n, (token, _) in enumerate(people):  # meanwhile everyone scores
        for i, kid in enumerate(base.kans_ids):
            for j, cid in enumerate(base.criterion_ids):
                store.live.participant_write(token, kid, cid, sheet_value(n, i, j))
    store.live.participant_write(t0, "K01", "kosten", None, remove=True)  # taken back after the base
    late_token, late = store.live.join(code, "Laatkomer")  # and someone joins late
    store.live.participant_write(late_token, "K15", "ambitie", 5)

    edited = base.with_kans(replace(base.kans("K07"), description="Aangepast tijdens de ronde"))
    store.workshops.save(wid, edited, base=drawn, grant=grant_of(store, wid), actor="facilitator")

    after = store.workshops.load(wid).workshop
    assert after.kans("K07").description == "Aangepast tijdens de ronde"
    expected = expected_scores(base, {n: pid for n, (_, pid) in enumerate(people)})
    del expected[(p0, "K01", "kosten")]
    expected[(late, "K15", "ambitie")] = 5.0
    assert dict(after.scores) == expected
    assert after.participant_ids == (*[pid for _, pid in people], late)
    assert store.live.participant_session(late_token).can_write


def test_facilitator_edits_racing_with_participants_lose_nothing(live, backend, document_merge):
    store, wid, code = live
    n_people = 20
    w = store.workshops.load(wid).workshop
    people = [store.live.join(code, f"Deelnemer {n}") for n in range(n_people)]
    start = threading.Barrier(n_people + 1)
    done = threading.Event()
    saves = []

    def participant(n: int) -> None:
        token, _ = people[n]
        start.wait(timeout=60)
        for i, kid in enumerate(w.kans_ids):
            for j, cid in enumerate(w.criterion_ids):
                store.live.participant_write(token, kid, cid, sheet_value(n, i, j))

    def facilitator() -> None:
        start.wait(timeout=60)
        edit = 0
        while not done.is_set() or edit < 5:
            drawn = store.workshops.load(wid)  # the version this edit starts from
            edit += 1
            kans = drawn.workshop.kans(f"K{edit % N_KANSEN + 1:02d}")
            edited = drawn.workshop.with_kans(replace(kans, description=f"Versie {edit}"))
            saves.append(store.workshops.save(wid, edited, base=drawn, grant=grant_of(store, wid)))

    editor = threading.Thread(target=facilitator)
    editor.start()
    errors = run_threads(participant, n_people)
    done.set()
    editor.join(60)
    assert errors == []
    assert len(saves) >= 5
    assert all(a < b for a, b in zip(saves, saves[1:], strict=False))
    expected = expected_scores(w, {n: pid for n, (_, pid) in enumerate(people)})
    assert_stored_exactly_once(backend, wid, expected)
    last = store.workshops.load(wid).workshop.kans(f"K{len(saves) % N_KANSEN + 1:02d}")
    assert last.description == f"Versie {len(saves)}"


# -- (d) the facilitator closes the round while the room taps -----------------------------------------
@pytest.mark.slow  # twenty writers at once
def test_closing_the_round_while_the_room_taps_keeps_exactly_the_acknowledged_scores(live, backend):
    """Each tap either was stored before the close (its phone got a version back) or is
    refused as too late; the round keeps exactly the stored ones. On PostgreSQL the taps
    run side by side and the close must get its turn among them."""
    store, wid, code = live
    n_people = 20
    w = store.workshops.load(wid).workshop
    people = [store.live.join(code, f"Deelnemer {n}") for n in range(n_people)]
    acknowledged: dict[tuple, float | None] = {}
    refused: list[int] = []
    enough = threading.Event()
    start = threading.Barrier(n_people)

    def participant(n: int) -> None:
        token, pid = people[n]
        start.wait(timeout=60)
        for i, kid in enumerate(w.kans_ids):
            for j, cid in enumerate(w.criterion_ids):
                value = sheet_value(n, i, j)
                try:
                    store.live.participant_write(token, kid, cid, value)
                except RoundClosedError:
                    refused.append(n)
                    return
                acknowledged[(pid, kid, cid)] = value
                if len(acknowledged) >= 300:
                    enough.set()

    closed: list = []

    def facilitator() -> None:
        assert enough.wait(60)
        closed.append(store.live.close_round(wid, grant=grant_of(store, wid)))

    closer = threading.Thread(target=facilitator)
    closer.start()
    errors = run_threads(participant, n_people)
    closer.join(60)
    assert errors == []
    assert closed and not closed[0].is_open
    assert 300 <= len(acknowledged) < n_people * CELLS and refused  # the close came mid-round
    assert store.live.round_scores(closed[0].id) == acknowledged
    assert_stored_exactly_once(backend, wid, acknowledged)
