"""Moving workshops between stores (decision/store/transfer.py): everything arrives, nothing clashes.

The workshop of these tests is one a team really leaves behind after an evening: a
PIN, a first live round that closed and a second that is still open, phones that
joined, scored and gave their 100 points, a wrong PIN from a stranger, and a
besluitlog of every step. After the copy the target must serve it exactly as the
source did: the same workshop, log, rounds, points and PIN, and the phones' links
still work there.

Each test takes a source and a target backend (every pair of ``BACKENDS``), so a
server database added there is tested as target and as source without new tests.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.domain.model import Status
from decision.errors import NotFoundError, StorageError
from decision.store import Client
from decision.store.transfer import TABLES, copy_workshops
from tests.conftest import TEST_PIN, protect
from tests.decision.store.conftest import BACKENDS, Backend

POINTS = {"wensen": 50, "risico": 30, "meerkosten": 20}
PAIRS = [(a, b) for a in BACKENDS for b in BACKENDS]


@pytest.fixture(params=PAIRS, ids=[f"{a}-to-{b}" for a, b in PAIRS])
def stores(request, tmp_path):
    """Source, target and a third store (the laptop the workshop goes back to), all empty."""
    first, second = request.param
    urls: list[str] = []

    def backend(name: str, folder: str) -> Backend:
        if name != "postgresql":
            return Backend(name, tmp_path / folder)
        cluster = request.getfixturevalue("pg_cluster")
        urls.append(cluster.new_database())
        return Backend(name, tmp_path / folder, urls[-1])

    made = [backend(first, "laptop"), backend(second, "server"), backend(first, "laptop-terug")]
    yield made
    for each in made:
        each.close()
    for url in urls:
        request.getfixturevalue("pg_cluster").drop_database(url)


def evening(store, small_workshop):
    """A protected workshop after a live evening; returns (id, grant, phone tokens by name)."""
    wid = store.workshops.create(small_workshop, "Kastanje2026", actor="Begeleider")
    grant = protect(store, wid)
    first = store.live.open_round(wid, grant=grant, actor="Begeleider")
    store.live.set_ask_weights(wid, True, grant=grant, actor="Begeleider")
    fatima, _ = store.live.join(first.join_code, "Fatima", "Huurder", "bewoners")
    kees, _ = store.live.join(first.join_code, "Kees", "Ondernemer", "ondernemers")
    store.live.participant_write(fatima, "K01", "wensen", 4)
    store.live.participant_write(kees, "K01", "wensen", 2)
    store.live.participant_write(kees, "K02", "risico", None)  # weet niet
    store.live.participant_points_write(fatima, POINTS)
    store.live.close_round(wid, grant=grant, actor="Begeleider")
    stored = store.workshops.load(wid)
    chosen = stored.workshop.kans("K01")
    edited = replace(
        stored.workshop,
        kansen=tuple(
            replace(k, status=Status.CHOSEN, motivation="Straat één keer open.") if k is chosen else k
            for k in stored.workshop.kansen
        ),
    )
    store.workshops.save(wid, edited, base=stored, grant=grant, actor="Begeleider")
    store.workshops.set_scores(wid, {("anna", "K02", "wensen"): 3.0}, grant=grant, actor="Begeleider")
    second = store.live.open_round(wid, grant=grant, actor="Begeleider")
    sanne, _ = store.live.join(second.join_code, "Sanne", "Bewoner", "bewoners")
    again, _ = store.live.join(second.join_code, "Fatima", known_tokens=[fatima])
    assert again == fatima  # her phone came back as the same participant
    store.live.participant_write(sanne, "K03", "wensen", 5)
    store.live.participant_write(fatima, "K03", "risico", 2)
    assert not store.access.check_pin(wid, "000000", Client("vreemde", "192.0.2.7")).ok
    return wid, grant, {"fatima": fatima, "kees": kees, "sanne": sanne}


def quiet(store, small_workshop):
    """A second, archived workshop without PIN or rounds."""
    wid = store.workshops.create(replace(small_workshop, name="Oude wijk"), "Oud2025")
    store.workshops.set_archived(wid, True, actor="Begeleider")
    return wid


def rows_of(backend: Backend, wid: str) -> dict[str, list[tuple]]:
    """Every row of the workshop per table, as a database holds it, without the keys the
    database hands out (a round is named by its number instead)."""
    found: dict[str, list[tuple]] = {}
    for spec in TABLES:
        columns = [c for c in spec.columns if c != spec.new_key]
        if spec.name == "round_scores":
            sql = (
                "SELECT r.number, s.participant_id, s.kans_id, s.criterion_id, s.value FROM round_scores s"
                " JOIN rounds r ON r.id = s.round_id WHERE r.workshop_id = ?"
                " ORDER BY r.number, s.participant_id, s.kans_id, s.criterion_id"
            )
        else:
            sql = f"SELECT {', '.join(columns)} FROM {spec.name} WHERE {spec.where} ORDER BY {spec.order}"
        found[spec.name] = backend.query(sql, wid)
    return found


def everything(backend: Backend) -> dict[str, list[tuple]]:
    return {spec.name: sorted(map(repr, backend.query(f"SELECT * FROM {spec.name}"))) for spec in TABLES}


def same_log(a, b, wid):
    return [(e.at, e.actor, e.action, e.detail) for e in a.log.entries(wid)] == [
        (e.at, e.actor, e.action, e.detail) for e in b.log.entries(wid)
    ]


def rounds_without_ids(store, wid):
    return [replace(r, id=0) for r in store.live.rounds(wid)]


def test_the_schema_has_no_table_or_column_the_copy_leaves_behind(backend, store):
    if backend.name != "sqlite":
        pytest.skip("the schema is read from SQLite's own tables here")
    tables = {name for (name,) in backend.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {spec.name for spec in TABLES}
    for spec in TABLES:
        columns = tuple(row[1] for row in backend.query(f"PRAGMA table_info({spec.name})"))
        assert spec.columns == columns, spec.name


def test_everything_of_a_live_evening_arrives_and_works_in_the_target(stores, small_workshop):
    laptop, server, _ = stores
    src, dst = laptop.open(), server.open()
    wid, grant, phones = evening(src, small_workshop)
    # the server already holds a workshop with a round and a log: the keys it hands out differ
    other = dst.workshops.create(small_workshop, "AndereWijk1")
    dst.live.open_round(other, grant=protect(dst, other))
    before = everything(laptop)
    report = copy_workshops(src, dst, [wid])
    assert [r.id for r in dst.live.rounds(wid)] != [r.id for r in src.live.rounds(wid)]

    assert [w.workshop_id for w in report.workshops] == [wid]
    copied = report.workshops[0]
    assert copied.name == "Koppelkansen Teststraat"
    # by hand: 2 listed participants + 3 phones; 3 criteria of points from Fatima; one
    # workshop counter and two of the stranger (session and address) for the wrong PIN;
    # round 1 kept 18 listed scores + 3 from the phones
    assert (copied.count("workshops"), copied.count("participants"), copied.count("rounds")) == (1, 5, 2)
    assert copied.count("participant_points") == 3 and copied.count("pin_attempts") == 3
    assert copied.count("round_scores") == 21
    assert copied.count("log") >= 15
    assert rows_of(server, wid) == rows_of(laptop, wid)
    assert {t: n for t, n in copied.rows} == {t: len(r) for t, r in rows_of(server, wid).items()}

    assert dst.workshops.load(wid) == src.workshops.load(wid)
    assert same_log(src, dst, wid)
    assert rounds_without_ids(dst, wid) == rounds_without_ids(src, wid)
    old_first, new_first = src.live.rounds(wid)[0], dst.live.rounds(wid)[0]
    assert dst.live.round_scores(new_first.id) == src.live.round_scores(old_first.id)
    assert dst.live.points(wid) == src.live.points(wid) != {}
    assert dst.access.state(wid, grant) == src.access.state(wid, grant)
    # the facilitator's browser stays facilitator, and the PIN still opens it
    assert dst.access.grant_is_valid(wid, grant)
    assert dst.access.check_pin(wid, TEST_PIN, Client("begeleider")).ok
    # a phone of the open round keeps its session and scores on in the target
    session = dst.live.participant_session(phones["sanne"])
    assert session.workshop_id == wid and session.participant.name == "Sanne" and session.can_write
    version = dst.workshops.version(wid)
    assert dst.live.participant_write(phones["sanne"], "K01", "risico", 3) == version + 1
    assert dst.workshops.load(wid).workshop.scores[(session.participant.id, "K01", "risico")] == 3.0
    # the round's join code works in the target: a new phone joins there
    _, newcomer = dst.live.join(dst.live.latest_round(wid).join_code, "Nieuw")
    assert newcomer == "D06"  # after anna, bewoner and the phones D03, D04, D05
    # and the source is as it was
    assert everything(laptop) == before


def test_all_workshops_are_copied_when_none_are_named(stores, small_workshop):
    laptop, server, _ = stores
    src, dst = laptop.open(), server.open()
    busy, _, _ = evening(src, small_workshop)
    old = quiet(src, small_workshop)
    report = copy_workshops(src, dst)
    assert [w.workshop_id for w in report.workshops] == [busy, old]  # oldest first
    assert report.total("workshops") == 2 and report.total("rounds") == 2
    assert [s.id for s in dst.workshops.list_recent(archived=True)] == [old]
    assert rows_of(server, old) == rows_of(laptop, old)
    assert same_log(src, dst, old)


def test_a_workshop_id_the_target_has_is_refused_and_nothing_is_written(stores, small_workshop):
    laptop, server, _ = stores
    src, dst = laptop.open(), server.open()
    old = quiet(src, small_workshop)
    wid, _, _ = evening(src, small_workshop)
    dst.workshops.create(small_workshop, wid)
    before = everything(server)
    with pytest.raises(StorageError) as refused:
        copy_workshops(src, dst, [old, wid])
    assert refused.value.key == "transfer_workshop_exists"
    assert wid in refused.value.localized("nl") and wid in str(refused.value)
    assert everything(server) == before  # the first workshop was not written either
    assert not dst.workshops.exists(old)


def test_a_join_code_the_target_uses_is_refused_naming_it(stores, small_workshop):
    laptop, server, _ = stores
    src, dst = laptop.open(), server.open()
    wid, _, _ = evening(src, small_workshop)
    taken = src.live.rounds(wid)[0].join_code
    other = dst.workshops.create(small_workshop, "AndereWijk1")
    dst.live.open_round(other, grant=protect(dst, other))
    server.execute("UPDATE rounds SET join_code = ? WHERE workshop_id = ?", taken, other)
    before = everything(server)
    with pytest.raises(StorageError) as refused:
        copy_workshops(src, dst, [wid])
    assert refused.value.key == "transfer_join_code_taken"
    text = refused.value.localized("nl")
    assert taken in text and "AndereWijk1" in text and "ronde 1" in text
    assert everything(server) == before


def test_an_unknown_workshop_is_refused_before_anything_is_written(stores, small_workshop):
    laptop, server, _ = stores
    src, dst = laptop.open(), server.open()
    wid, _, _ = evening(src, small_workshop)
    with pytest.raises(NotFoundError) as unknown:
        copy_workshops(src, dst, [wid, "Bestaatniet"])
    assert "Bestaatniet" in str(unknown.value)
    assert not dst.workshops.exists(wid)


def test_rows_that_do_not_arrive_are_found_by_the_count_naming_the_table(stores, small_workshop):
    laptop, server, _ = stores
    if server.name != "sqlite":
        pytest.skip("the rows are lost through an SQLite trigger")
    src, dst = laptop.open(), server.open()
    wid, _, _ = evening(src, small_workshop)
    # a database that silently drops log entries (as a faulty replica or trigger might)
    server.execute(
        "CREATE TRIGGER lose_log AFTER INSERT ON log WHEN NEW.action = 'joined'"
        " BEGIN DELETE FROM log WHERE id = NEW.id; END"
    )
    with pytest.raises(StorageError) as mismatch:
        copy_workshops(src, dst, [wid])
    assert mismatch.value.key == "transfer_count_mismatch"
    assert mismatch.value.params["table"] == "log"
    # three phones joined; the one that came back wrote nothing
    assert mismatch.value.params["source"] - mismatch.value.params["target"] == 3
    assert "log" in mismatch.value.localized("nl")


def test_laptop_to_server_and_back_to_a_fresh_laptop_gives_the_same_workshop(stores, small_workshop):
    laptop, server, home = stores
    src, dst, back = laptop.open(), server.open(), home.open()
    wid, grant, phones = evening(src, small_workshop)
    copy_workshops(src, dst, [wid])
    # an evening on the server: a phone scores on, the round closes there
    dst.live.participant_write(phones["fatima"], "K02", "wensen", 1)
    dst.live.close_round(wid, grant=grant, actor="Begeleider")
    report = copy_workshops(dst, back)
    assert [w.workshop_id for w in report.workshops] == [wid]
    assert rows_of(home, wid) == rows_of(server, wid)
    assert back.workshops.load(wid) == dst.workshops.load(wid)
    assert same_log(dst, back, wid)
    assert rounds_without_ids(back, wid) == rounds_without_ids(dst, wid)
    for old, new in zip(dst.live.rounds(wid), back.live.rounds(wid), strict=True):
        assert back.live.round_scores(new.id) == dst.live.round_scores(old.id)
    assert back.access.check_pin(wid, TEST_PIN, Client("begeleider")).ok
    # what happened on the server is there; what the laptop had before is not lost
    assert (
        back.workshops.load(wid).workshop.scores[
            (back.live.participant_session(phones["fatima"]).participant.id, "K02", "wensen")
        ]
        == 1.0
    )
    assert len(back.log.entries(wid)) == len(src.log.entries(wid)) + 2
