"""Workshops in the store: nothing typed in the app is lost, and many people scoring
at once each write their own rows without losing one another's.

Contract tests: they run against every backend (``store`` and ``backend`` come from
conftest.py). The SQLite file itself is tested in test_sqlite_database.py.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest

from decision.domain.model import KansType, Koppelkans, Participant
from decision.errors import NotFoundError, StorageError
from decision.files.workshop_file import load_workshop


def score_rows(backend, workshop_id: str) -> int:
    return backend.query("SELECT count(*) FROM scores WHERE workshop_id = ?", workshop_id)[0][0]


# -- create and load ------------------------------------------------------------------
def test_create_and_load_give_back_the_workshop(store, small_workshop):
    wid = store.workshops.create(small_workshop)
    stored = store.workshops.load(wid)
    assert stored.id == wid
    assert stored.version == 1
    assert stored.workshop == small_workshop
    assert stored.workshop.scores[("bewoner", "K01", "wensen")] is None  # weet niet


def test_the_example_workshop_survives_storage(store, example_path, backend):
    w = load_workshop(example_path)
    wid = store.workshops.create(w)
    # a fresh store on the same file, so nothing comes from a cache
    assert backend.open().workshops.load(wid).workshop == w


def test_each_workshop_gets_its_own_hard_to_guess_id(store, small_workshop):
    ids = {store.workshops.create(small_workshop) for _ in range(5)}
    assert len(ids) == 5
    assert all(len(i) >= 12 for i in ids)


def test_a_chosen_id_is_used(store, small_workshop):
    assert store.workshops.create(small_workshop, "kastanjehof") == "kastanjehof"
    assert store.workshops.exists("kastanjehof")
    assert not store.workshops.exists("iets-anders")


# -- save --------------------------------------------------------------------------------
def test_save_bumps_the_version_and_replaces_the_scores(store, small_workshop, backend):
    wid = store.workshops.create(small_workshop)
    gone = [("anna", "K01", "wensen"), ("bewoner", "K03", "risico")]
    changed = replace(small_workshop, name="Andere naam").with_scores(
        {("anna", "K02", "wensen"): 1.0}, remove=gone
    )
    assert store.workshops.save(wid, changed, base=None) == 2
    assert store.workshops.version(wid) == 2
    for source in (store, backend.open()):
        loaded = source.workshops.load(wid)
        assert loaded.version == 2
        assert loaded.workshop == changed
        assert loaded.workshop.name == "Andere naam"
        assert loaded.workshop.scores[("anna", "K02", "wensen")] == 1.0
        for key in gone:
            assert key not in loaded.workshop.scores
    assert score_rows(backend, wid) == len(small_workshop.scores) - 2


def test_save_keeps_new_koppelkansen_and_participants(store, small_workshop, backend):
    wid = store.workshops.create(small_workshop)
    changed = replace(
        small_workshop.with_kans(Koppelkans("K04", "Geveltuinen", KansType.SOCIAL)),
        participants=(*small_workshop.participants, Participant("P01", "", "Bewoner")),
    )
    store.workshops.save(wid, changed, base=None)
    assert backend.open().workshops.load(wid).workshop == changed


# -- set_scores -------------------------------------------------------------------------
def test_set_scores_writes_overwrites_and_removes(store, small_workshop, backend):
    wid = store.workshops.create(small_workshop)
    new_key = ("carla", "K01", "wensen")
    overwritten = ("anna", "K01", "risico")  # was 4
    removed = ("anna", "K02", "meerkosten")
    version = store.workshops.set_scores(wid, {new_key: 2.0, overwritten: 1.0}, remove=[removed])
    assert version == 2
    scores = backend.open().workshops.load(wid).workshop.scores
    assert scores[new_key] == 2.0
    assert scores[overwritten] == 1.0
    assert removed not in scores
    assert len(scores) == len(small_workshop.scores)  # one added, one removed
    # everything else untouched
    for key, value in small_workshop.scores.items():
        if key not in (overwritten, removed):
            assert scores[key] == value


def test_weet_niet_is_stored_as_none_not_zero(store, small_workshop, backend):
    wid = store.workshops.create(small_workshop)
    key = ("anna", "K02", "wensen")
    store.workshops.set_scores(wid, {key: None})
    scores = backend.open().workshops.load(wid).workshop.scores
    assert key in scores
    assert scores[key] is None
    value = backend.query(
        "SELECT value FROM scores WHERE workshop_id = ? AND participant_id = 'anna'"
        " AND kans_id = 'K02' AND criterion_id = 'wensen'",
        wid,
    )
    assert value == [(None,)]


def test_a_weet_niet_can_become_a_number_and_back(store, small_workshop):
    wid = store.workshops.create(small_workshop)
    key = ("bewoner", "K01", "wensen")  # weet niet in the fixture
    store.workshops.set_scores(wid, {key: 3.0})
    assert store.workshops.load(wid).workshop.scores[key] == 3.0
    store.workshops.set_scores(wid, {key: None})
    assert store.workshops.load(wid).workshop.scores[key] is None


def test_removing_a_score_that_is_not_there_is_harmless(store, small_workshop):
    wid = store.workshops.create(small_workshop)
    assert store.workshops.set_scores(wid, {}, remove=[("niemand", "K01", "wensen")]) == 2
    assert store.workshops.load(wid).workshop == small_workshop


# -- list_recent and delete ----------------------------------------------------------------
def test_list_recent_puts_the_last_updated_first(store, small_workshop):
    ids = []
    for name in ("Eerste", "Tweede", "Derde"):
        ids.append(store.workshops.create(replace(small_workshop, name=name)))
        time.sleep(0.005)  # timestamps are in milliseconds
    assert [s.name for s in store.workshops.list_recent()] == ["Derde", "Tweede", "Eerste"]
    store.workshops.set_scores(ids[0], {("anna", "K01", "wensen"): 5.0})
    recent = store.workshops.list_recent()
    assert [s.id for s in recent] == [ids[0], ids[2], ids[1]]
    assert recent[0].version == 2
    assert recent[0].neighbourhood == "Teststraat"
    assert recent[0].municipality == "Testdorp"
    assert [s.name for s in store.workshops.list_recent(limit=2)] == ["Eerste", "Derde"]


def test_list_recent_of_an_empty_store(store):
    assert store.workshops.list_recent() == []


def test_delete_removes_the_workshop_and_its_scores(store, small_workshop, backend):
    keep = store.workshops.create(small_workshop)
    wid = store.workshops.create(small_workshop)
    assert score_rows(backend, wid) == len(small_workshop.scores)
    store.workshops.delete(wid)
    assert not store.workshops.exists(wid)
    assert score_rows(backend, wid) == 0
    assert [s.id for s in store.workshops.list_recent()] == [keep]
    assert store.workshops.load(keep).workshop == small_workshop
    with pytest.raises(NotFoundError):
        store.workshops.load(wid)


# -- unknown workshops ------------------------------------------------------------------
@pytest.mark.parametrize("action", ["load", "version", "save", "save-with-base", "set_scores"])
def test_an_unknown_workshop_is_a_not_found_error_in_dutch(action, store, small_workshop, backend):
    elsewhere = store.workshops.load(store.workshops.create(small_workshop))
    calls = {
        "load": lambda: store.workshops.load("bestaat-niet"),
        "version": lambda: store.workshops.version("bestaat-niet"),
        "save": lambda: store.workshops.save("bestaat-niet", small_workshop, base=None),
        "save-with-base": lambda: store.workshops.save(
            "bestaat-niet", small_workshop, base=replace(elsewhere, id="bestaat-niet")
        ),
        "set_scores": lambda: store.workshops.set_scores("bestaat-niet", {("anna", "K01", "wensen"): 1.0}),
    }
    with pytest.raises(NotFoundError) as info:
        calls[action]()
    err = info.value
    # a missing workshop is a state of the store, not a bad value
    assert isinstance(err, StorageError) and not isinstance(err, ValueError)
    assert err.localized("nl") == "Workshop 'bestaat-niet' bestaat niet (meer) in de opslag."
    assert err.localized("en") == "Workshop 'bestaat-niet' does not exist in the store (any more)."
    assert score_rows(backend, "bestaat-niet") == 0


# -- many people at once ----------------------------------------------------------------------
THREADS = 8
PER_THREAD = 50


@pytest.mark.parametrize("shared", [True, False], ids=["one-store", "store-per-thread"])
def test_concurrent_scoring_loses_nothing(shared, backend, small_workshop):
    """8 people each type 50 scores at the same moment, one write per score."""
    kansen = tuple(
        replace(small_workshop.kansen[0], id=f"K{i:02d}", name=f"Kans {i}") for i in range(PER_THREAD)
    )
    wid = backend.open().workshops.create(replace(small_workshop, kansen=kansen, scores={}))
    one = backend.open()
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def person(n: int) -> None:
        store = one if shared else backend.open()
        try:
            start.wait()
            for i in range(PER_THREAD):
                store.workshops.set_scores(wid, {(f"p{n}", f"K{i:02d}", "wensen"): float(i % 5 + 1)})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=person, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    scores = backend.open().workshops.load(wid).workshop.scores
    assert len(scores) == THREADS * PER_THREAD
    for n in range(THREADS):
        for i in range(PER_THREAD):
            assert scores[(f"p{n}", f"K{i:02d}", "wensen")] == float(i % 5 + 1)
    # created at version 1, then one version per write
    assert one.workshops.version(wid) == 1 + THREADS * PER_THREAD


# -- the load cache ---------------------------------------------------------------------------
def test_no_stale_read_after_another_store_writes(backend, small_workshop):
    a, b = backend.open(), backend.open()
    wid = a.workshops.create(small_workshop)
    first = a.workshops.load(wid)
    assert a.workshops.load(wid).workshop == first.workshop  # from the cache, still equal
    key = ("anna", "K01", "wensen")
    b.workshops.set_scores(wid, {key: 1.0})
    after = a.workshops.load(wid)
    assert after.version == 2
    assert after.workshop.scores[key] == 1.0
    assert after.workshop == small_workshop.with_scores({key: 1.0})
    b.workshops.save(wid, replace(small_workshop, name="Nieuwe naam"), base=None)
    assert a.workshops.load(wid).workshop == replace(small_workshop, name="Nieuwe naam")


def test_the_cache_never_shares_a_workshop_between_ids(store, small_workshop):
    x = store.workshops.create(small_workshop)
    other = replace(small_workshop, name="Andere workshop", scores={})
    y = store.workshops.create(other)
    assert store.workshops.load(x).workshop == small_workshop
    assert store.workshops.load(y).workshop == other
    assert store.workshops.load(x).workshop == small_workshop


def test_a_deleted_and_recreated_id_is_not_served_from_the_cache(store, small_workshop):
    store.workshops.create(small_workshop, "vast-id")
    store.workshops.load("vast-id")  # cached as version 1
    store.workshops.delete("vast-id")
    other = replace(small_workshop, name="Nieuw begin", scores={})
    store.workshops.create(other, "vast-id")  # version 1 again
    assert store.workshops.load("vast-id").workshop == other
