"""Live scoring rounds in the store: join codes, participants on their own phones,
their scores, and what the facilitator may change while a round is open."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from decision.domain.model import Participant, WeightMethod
from decision.store import security
from decision.store.live import PARTICIPANT_PREFIX, LiveError
from decision.store.storage import SqliteStore

PIN = "2468"
CODE_RE = re.compile(rf"^[{security.CODE_ALPHABET}]{{4}}-[{security.CODE_ALPHABET}]{{4}}$")


@pytest.fixture
def store(tmp_path) -> SqliteStore:
    return SqliteStore(tmp_path / "live.db")


@pytest.fixture
def wid(store, small_workshop) -> str:
    """The small workshop (participants anna and bewoner, with scores), PIN set."""
    ident = store.create(small_workshop)
    store.set_pin(ident, PIN)
    return ident


@pytest.fixture
def empty_wid(store, small_workshop) -> str:
    """The small workshop without participants or scores, PIN set."""
    ident = store.create(replace(small_workshop, participants=(), scores={}))
    store.set_pin(ident, PIN)
    return ident


def rows(store: SqliteStore, sql: str, *args) -> list[tuple]:
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def raise_key(call) -> str:
    with pytest.raises(LiveError) as info:
        call()
    err = info.value
    # every refusal can be shown to a person in both languages
    for lang in ("nl", "en"):
        text = err.localized(lang)
        assert text and f"error.{err.key}" not in text
    return err.key


# -- opening rounds --------------------------------------------------------------------
def test_opening_a_round_needs_a_pin(store, small_workshop):
    ident = store.create(small_workshop)
    assert not store.has_pin(ident)
    assert raise_key(lambda: store.open_round(ident)) == "pin_required"
    assert store.rounds(ident) == []
    assert store.version(ident) == 1


def test_opening_a_round_of_an_unknown_workshop(store):
    assert raise_key(lambda: store.open_round("bestaat-niet")) == "unknown_workshop"


def test_setting_a_pin_on_an_unknown_workshop_says_so(store):
    """Like opening a round there: a DecisionError a person can read, not a database error."""
    from decision.errors import DecisionError

    with pytest.raises(DecisionError) as info:
        store.set_pin("bestaat-niet", PIN)
    assert info.value.key == "unknown_workshop"


def test_a_short_pin_is_refused(store, small_workshop):
    ident = store.create(small_workshop)
    assert raise_key(lambda: store.set_pin(ident, " 12 ")) == "pin_short"
    assert not store.has_pin(ident)


def test_opening_twice_gives_the_same_open_round(store, wid):
    first = store.open_round(wid)
    version = store.version(wid)
    second = store.open_round(wid)
    assert second == first
    assert first.is_open and first.number == 1
    assert [r.id for r in store.rounds(wid)] == [first.id]
    assert store.version(wid) == version  # nothing changed
    assert [e.action for e in store.log_entries(wid)].count("round_opened") == 1


def test_rounds_are_numbered_one_two_three(store, wid):
    numbers, codes = [], []
    for _ in range(3):
        r = store.open_round(wid)
        numbers.append(r.number)
        codes.append(r.join_code)
        closed = store.close_round(wid)
        assert closed.id == r.id and not closed.is_open and closed.closed_at
    assert numbers == [1, 2, 3]
    assert len(set(codes)) == 3
    assert [r.number for r in store.rounds(wid)] == [1, 2, 3]
    assert not any(r.is_open for r in store.rounds(wid))
    assert store.latest_round(wid).number == 3


def test_closing_without_an_open_round_changes_nothing(store, wid):
    assert store.close_round(wid) is None
    store.open_round(wid)
    closed = store.close_round(wid)
    version = store.version(wid)
    assert store.close_round(wid) == closed
    assert store.version(wid) == version


# -- join codes -------------------------------------------------------------------------
def test_join_codes_are_eight_symbols_in_two_groups_and_unique(store, small_workshop):
    codes = []
    for _ in range(4):
        ident = store.create(small_workshop)
        store.set_pin(ident, PIN)
        for _ in range(5):
            codes.append(store.open_round(ident).join_code)
            store.close_round(ident)
    assert all(CODE_RE.match(c) for c in codes), codes
    assert len(set(codes)) == len(codes) == 20
    stored = [r[0] for r in rows(store, "SELECT join_code FROM rounds")]
    assert sorted(stored) == sorted(codes)


@pytest.mark.parametrize(
    "typed",
    [
        lambda c: c,
        lambda c: c.lower(),
        lambda c: c.replace("-", ""),
        lambda c: c.replace("-", " ").lower(),
        lambda c: f"  {c[:2]} {c[2:4]} {c[5:7]} {c[7:]} ".lower(),
        lambda c: c.replace("-", "").lower() + "\n",
    ],
    ids=["as-shown", "lowercase", "no-dash", "space-lowercase", "spaced-out", "trailing-newline"],
)
def test_joining_accepts_sloppy_typing(store, empty_wid, typed):
    code = store.open_round(empty_wid).join_code
    token, pid = store.join(typed(code), "Fatima")
    session = store.participant_session(token)
    assert session.workshop_id == empty_wid
    assert session.participant == Participant(pid, "Fatima", "")
    assert session.can_write


def test_a_wrong_code_is_unknown(store, empty_wid):
    code = store.open_round(empty_wid).join_code
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    for attempt in (wrong, "", "ABCD", "ABCD-EFGH-JKMN", "0000-0000"):
        assert raise_key(lambda a=attempt: store.join(a)) == "code_unknown"
    assert rows(store, "SELECT count(*) FROM participants") == [(0,)]


def test_the_code_of_a_closed_round_is_unknown_until_it_reopens(store, empty_wid):
    code = store.open_round(empty_wid).join_code
    store.join(code)
    store.close_round(empty_wid)
    assert raise_key(lambda: store.join(code)) == "code_unknown"
    reopened = store.reopen_round(empty_wid)
    assert reopened.join_code == code and reopened.is_open and reopened.number == 1
    _, pid = store.join(code)
    assert pid == f"{PARTICIPANT_PREFIX}02"


def test_the_code_of_an_earlier_round_does_not_open_the_next(store, empty_wid):
    old = store.open_round(empty_wid).join_code
    store.close_round(empty_wid)
    new = store.open_round(empty_wid).join_code
    assert old != new
    assert raise_key(lambda: store.join(old)) == "code_unknown"
    assert store.join(new)[1] == "D01"


def test_a_code_leads_to_its_own_workshop(store, small_workshop):
    a = store.create(replace(small_workshop, name="A", participants=(), scores={}))
    b = store.create(replace(small_workshop, name="B", participants=(), scores={}))
    for ident in (a, b):
        store.set_pin(ident, PIN)
    code_a, code_b = store.open_round(a).join_code, store.open_round(b).join_code
    token_b, _ = store.join(code_b)
    token_a, _ = store.join(code_a)
    assert store.participant_session(token_a).workshop_id == a
    assert store.participant_session(token_b).workshop_id == b


# -- participants ---------------------------------------------------------------------------
def test_joining_numbers_participants_d01_d02(store, empty_wid):
    code = store.open_round(empty_wid).join_code
    joined = [
        store.join(code, name, role) for name, role in [("Anna", "bewoner"), ("", ""), ("Bo", "gemeente")]
    ]
    assert [pid for _, pid in joined] == ["D01", "D02", "D03"]
    assert len({token for token, _ in joined}) == 3
    people = store.load(empty_wid).workshop.participants
    assert people == (
        Participant("D01", "Anna", "bewoner"),
        Participant("D02", "", ""),
        Participant("D03", "Bo", "gemeente"),
    )


def test_joined_ids_never_clash_with_existing_participants(store, small_workshop):
    existing = (
        Participant("anna", "Anna de Boer", "Projectleider"),
        Participant("D01", "Ingevoerd", ""),
        Participant("D03", "Ook ingevoerd", "Bewoner"),
    )
    ident = store.create(replace(small_workshop, participants=existing, scores={}))
    store.set_pin(ident, PIN)
    code = store.open_round(ident).join_code
    new_ids = [store.join(code, f"Nieuw {n}")[1] for n in range(5)]
    assert not set(new_ids) & {p.id for p in existing}
    assert len(set(new_ids)) == 5
    assert all(re.fullmatch(rf"{PARTICIPANT_PREFIX}\d{{2,}}", pid) for pid in new_ids), new_ids
    people = store.load(ident).workshop.participants
    assert people[:3] == existing  # kept, and first
    assert [p.id for p in people[3:]] == new_ids  # the joiners in the order they came


def test_names_and_roles_are_trimmed_and_capped(store, empty_wid):
    code = store.open_round(empty_wid).join_code
    token, pid = store.join(code, "  " + "x" * 200 + "  ", " rol ")
    person = store.participant_session(token).participant
    assert person == Participant(pid, "x" * 80, "rol")


def test_only_the_hash_of_a_token_is_stored(store, empty_wid):
    code = store.open_round(empty_wid).join_code
    tokens = [store.join(code, f"Persoon {n}")[0] for n in range(3)]
    assert all(len(t) >= 32 for t in tokens)
    stored = {r[0] for r in rows(store, "SELECT token_hash FROM participants")}
    assert stored == {hashlib.sha256(t.encode()).hexdigest() for t in tokens}
    store.close()
    files = [p for p in Path(store.path).parent.iterdir() if p.name.startswith(Path(store.path).name)]
    assert any(p.suffix == ".db" for p in files)
    blob = b"".join(p.read_bytes() for p in files)  # the database, its WAL and shared memory
    for t in tokens:
        assert t.encode() not in blob
        assert hashlib.sha256(t.encode()).hexdigest().encode() in blob


def test_an_unknown_token_gets_nothing(store, wid):
    store.open_round(wid)
    bogus = security.new_token()
    assert raise_key(lambda: store.participant_session(bogus)) == "token_unknown"
    assert raise_key(lambda: store.participant_write(bogus, "K01", "wensen", 3)) == "token_unknown"


# -- participants write -------------------------------------------------------------------------
@pytest.fixture
def live(store, wid):
    """An open round of the small workshop with two joined participants."""
    code = store.open_round(wid).join_code
    (t1, p1), (t2, p2) = store.join(code, "Een"), store.join(code, "Twee")
    return {"code": code, "t1": t1, "p1": p1, "t2": t2, "p2": p2}


def score_table(store, wid) -> dict:
    return {
        (p, k, c): v
        for p, k, c, v in rows(
            store,
            "SELECT participant_id, kans_id, criterion_id, value FROM scores WHERE workshop_id = ?",
            wid,
        )
    }


def test_a_participant_writes_only_their_own_row(store, wid, live, small_workshop):
    before = score_table(store, wid)
    version = store.version(wid)
    assert store.participant_write(live["t1"], "K02", "wensen", 4) == version + 1
    after = score_table(store, wid)
    assert after == {**before, (live["p1"], "K02", "wensen"): 4.0}
    assert after == {**small_workshop.scores, (live["p1"], "K02", "wensen"): 4.0}
    store.participant_write(live["t2"], "K02", "wensen", 1)
    store.participant_write(live["t1"], "K02", "wensen", 5)  # overwrite own
    after = score_table(store, wid)
    assert after[(live["p1"], "K02", "wensen")] == 5.0
    assert after[(live["p2"], "K02", "wensen")] == 1.0
    assert len(after) == len(small_workshop.scores) + 2
    assert store.load(wid).workshop.scores == after


def test_writing_is_refused_after_the_round_closes(store, wid, live):
    store.participant_write(live["t1"], "K01", "wensen", 2)
    store.close_round(wid)
    before, version = score_table(store, wid), store.version(wid)
    assert not store.participant_session(live["t1"]).can_write
    assert raise_key(lambda: store.participant_write(live["t1"], "K01", "wensen", 5)) == "round_closed"
    assert raise_key(lambda: store.participant_write(live["t1"], "K01", "wensen", None, remove=True)) == (
        "round_closed"
    )
    assert score_table(store, wid) == before
    assert store.version(wid) == version


def test_writing_is_refused_when_the_workshop_has_no_round(store, small_workshop):
    # joining needs an open round, so this takes rounds removed behind the store's back
    ident = store.create(replace(small_workshop, participants=(), scores={}))
    store.set_pin(ident, PIN)
    store.open_round(ident)
    token, _ = store.join(store.latest_round(ident).join_code)
    conn = sqlite3.connect(store.path)
    conn.execute("DELETE FROM rounds WHERE workshop_id = ?", (ident,))
    conn.commit()
    conn.close()
    assert store.participant_session(token).round is None
    assert raise_key(lambda: store.participant_write(token, "K01", "wensen", 3)) == "round_closed"


@pytest.mark.parametrize(
    ("kans", "criterion", "value", "key"),
    [
        ("K99", "wensen", 3, "unknown_kans"),
        ("", "wensen", 3, "unknown_kans"),
        ("K01", "bestaat-niet", 3, "unknown_criterion"),
        ("K01", "wensen", 7, "live_value_outside"),
        ("K01", "wensen", 0, "live_value_outside"),
        ("K01", "wensen", -1, "live_value_outside"),
        ("K01", "wensen", 2.5, "live_value_level"),
        ("K01", "risico", 4.01, "live_value_level"),
        ("K01", "wensen", float("nan"), "live_value_outside"),
        ("K01", "wensen", float("inf"), "live_value_outside"),
        ("K01", "meerkosten", -1, "live_value_outside"),
        ("K01", "meerkosten", 3_000_001, "live_value_outside"),
    ],
)
def test_invalid_writes_are_refused(store, wid, live, kans, criterion, value, key):
    before, version = score_table(store, wid), store.version(wid)
    assert raise_key(lambda: store.participant_write(live["t1"], kans, criterion, value)) == key
    assert score_table(store, wid) == before
    assert store.version(wid) == version


@pytest.mark.parametrize(
    ("criterion", "value"), [("wensen", 1), ("wensen", 5.0), ("meerkosten", 2.5), ("meerkosten", 0)]
)
def test_values_on_the_scale_are_accepted(store, wid, live, criterion, value):
    store.participant_write(live["t1"], "K03", criterion, value)
    assert score_table(store, wid)[(live["p1"], "K03", criterion)] == float(value)


def test_weet_niet_is_stored_as_null(store, wid, live):
    key = (live["p1"], "K01", "risico")
    store.participant_write(live["t1"], "K01", "risico", None)
    assert rows(
        store,
        "SELECT value IS NULL FROM scores WHERE workshop_id = ? AND participant_id = ? AND kans_id = ?"
        " AND criterion_id = ?",
        wid,
        *key,
    ) == [(1,)]
    assert store.load(wid).workshop.scores[key] is None
    store.participant_write(live["t1"], "K01", "risico", 2)
    assert store.load(wid).workshop.scores[key] == 2.0


def test_remove_takes_a_score_back(store, wid, live):
    key = (live["p1"], "K02", "risico")
    store.participant_write(live["t1"], "K02", "risico", 3)
    assert key in score_table(store, wid)
    store.participant_write(live["t1"], "K02", "risico", None, remove=True)
    assert key not in score_table(store, wid)
    assert key not in store.load(wid).workshop.scores
    # removing what is not there is harmless, and writes no log entry
    entries = len(store.log_entries(wid))
    store.participant_write(live["t1"], "K02", "risico", None, remove=True)
    assert len(store.log_entries(wid)) == entries


def test_remove_cannot_touch_someone_elses_score(store, wid, live, small_workshop):
    store.participant_write(live["t2"], "K02", "wensen", 4)
    store.participant_write(live["t1"], "K02", "wensen", None, remove=True)
    table = score_table(store, wid)
    assert table[(live["p2"], "K02", "wensen")] == 4.0
    assert all(table[k] == v for k, v in small_workshop.scores.items())


def test_reopening_lets_writes_through_again_with_the_same_code(store, wid, live):
    store.close_round(wid)
    assert raise_key(lambda: store.participant_write(live["t1"], "K01", "wensen", 5)) == "round_closed"
    reopened = store.reopen_round(wid)
    assert reopened.is_open and reopened.join_code == live["code"] and reopened.closed_at is None
    assert len(store.rounds(wid)) == 1
    store.participant_write(live["t1"], "K01", "wensen", 5)
    assert score_table(store, wid)[(live["p1"], "K01", "wensen")] == 5.0
    _, late = store.join(live["code"].lower(), "Laatkomer")
    assert late not in (live["p1"], live["p2"])
    assert store.reopen_round(wid) == store.latest_round(wid)  # already open: unchanged


def test_reopening_without_any_round_does_nothing(store, wid):
    assert store.reopen_round(wid) is None
    assert store.rounds(wid) == []


# -- rounds keep their scores ---------------------------------------------------------------------
def test_closing_a_round_keeps_its_scores_and_a_second_round_differs(store, wid, live):
    store.participant_write(live["t1"], "K01", "wensen", 2)
    store.participant_write(live["t2"], "K01", "wensen", None)
    first = store.close_round(wid)
    snapshot_1 = store.round_scores(first.id)
    assert snapshot_1 == score_table(store, wid)
    assert snapshot_1[(live["p1"], "K01", "wensen")] == 2.0
    assert snapshot_1[(live["p2"], "K01", "wensen")] is None

    second = store.open_round(wid)
    assert second.number == 2 and second.join_code != live["code"]
    assert store.round_scores(second.id) == {}  # nothing kept while open
    store.participant_write(live["t1"], "K01", "wensen", 5)  # the same token, the next round
    store.participant_write(live["t2"], "K01", "wensen", None, remove=True)
    store.participant_write(live["t2"], "K03", "risico", 1)
    store.close_round(wid)
    snapshot_2 = store.round_scores(second.id)
    assert snapshot_2 == score_table(store, wid)
    assert snapshot_2 != snapshot_1
    assert snapshot_2[(live["p1"], "K01", "wensen")] == 5.0
    assert (live["p2"], "K01", "wensen") not in snapshot_2
    assert snapshot_2[(live["p2"], "K03", "risico")] == 1.0
    assert store.round_scores(first.id) == snapshot_1  # the first round is left as it was


def test_reclosing_a_reopened_round_takes_the_new_snapshot(store, wid, live):
    store.participant_write(live["t1"], "K01", "wensen", 2)
    r = store.close_round(wid)
    store.reopen_round(wid)
    store.participant_write(live["t1"], "K01", "wensen", 3)
    store.close_round(wid)
    assert store.round_scores(r.id)[(live["p1"], "K01", "wensen")] == 3.0
    assert store.round_scores(r.id) == score_table(store, wid)


def test_show_individual_scores(store, wid, live):
    assert store.latest_round(wid).show_individual is False
    version = store.version(wid)
    store.set_show_individual(wid, True)
    assert store.latest_round(wid).show_individual is True
    assert store.participant_session(live["t2"]).round.show_individual is True
    assert store.version(wid) == version + 1
    store.set_show_individual(wid, False)
    assert store.latest_round(wid).show_individual is False
    shows = [e.detail for e in store.log_entries(wid) if e.action == "show_individual"]
    assert shows == [{"show": False}, {"show": True}]


def test_show_individual_without_a_round_does_nothing(store, wid):
    version = store.version(wid)
    store.set_show_individual(wid, True)
    assert store.version(wid) == version


# -- what the facilitator may change while a round is open ------------------------------------------
def test_criteria_and_weights_are_locked_while_a_round_is_open(store, wid, live):
    base = store.load(wid)
    w = base.workshop
    first, *rest = w.criteria
    changes = {
        "weight": w.with_weights({first.id: first.weight + 10}),
        "criterion removed": replace(w, criteria=tuple(rest)),
        "criterion relabelled": replace(
            w, criteria=(replace(first, label=replace(first.label, nl="Anders")), *rest)
        ),
        "weight method": replace(w, weight_method=WeightMethod.POINTS),
        "weight inputs": replace(w, weight_inputs={"punten": {c.id: 10 for c in w.criteria}}),
    }
    for label, changed in changes.items():
        for kwargs in ({"base": w}, {}):
            with pytest.raises(LiveError) as info:
                store.save(wid, changed, **kwargs)
            assert info.value.key == "locked", label
            assert info.value.params == {"round": 1}
    after = store.load(wid)
    assert after.version == base.version
    assert after.workshop == w


def test_koppelkans_descriptions_may_change_while_a_round_is_open(store, wid, live):
    w = store.load(wid).workshop
    k = w.kans("K02")
    edited = w.with_kans(replace(k, description="Nieuwe toelichting", name="Energiecoaches aan huis"))
    version = store.save(wid, edited, base=w)
    after = store.load(wid)
    assert after.version == version
    assert after.workshop.kans("K02").description == "Nieuwe toelichting"
    assert after.workshop.criteria == w.criteria
    # and participants keep writing against the new text
    store.participant_write(live["t1"], "K02", "wensen", 3)
    assert store.load(wid).workshop.scores[(live["p1"], "K02", "wensen")] == 3.0


def test_after_closing_the_criteria_may_change_again(store, wid, live):
    w = store.load(wid).workshop
    store.close_round(wid)
    heavier = w.with_weights({"wensen": 80})
    store.save(wid, heavier, base=w)
    assert store.load(wid).workshop.criterion("wensen").weight == 80


def test_a_new_koppelkans_added_during_a_round_can_be_scored(store, wid, live):
    from decision.domain.model import KansType, Koppelkans

    w = store.load(wid).workshop
    store.save(wid, w.with_kans(Koppelkans("K04", "Geveltuinen", KansType.SOCIAL)), base=w)
    store.participant_write(live["t2"], "K04", "wensen", 4)
    assert store.load(wid).workshop.scores[(live["p2"], "K04", "wensen")] == 4.0


# -- the log ------------------------------------------------------------------------------------------
def test_the_log_records_rounds_joins_and_scores_with_who(store, wid):
    store.open_round(wid, actor="")
    code = store.latest_round(wid).join_code
    token, pid = store.join(code, "Sanne")
    store.participant_write(token, "K01", "wensen", 4)
    store.participant_write(token, "K01", "wensen", None)
    store.close_round(wid)
    entries = list(reversed(store.log_entries(wid)))  # oldest first
    actions = [e.action for e in entries]
    assert actions[-5:] == ["round_opened", "joined", "score", "score", "round_closed"]
    opened, joined, score_1, score_2, closed = entries[-5:]
    assert opened.detail == {"round": 1} and opened.actor == ""
    assert joined.actor == pid and joined.detail == {"participant": pid, "name": "Sanne"}
    assert score_1.actor == pid == score_2.actor
    assert score_1.detail == {
        "participant": pid, "kans": "K01", "criterion": "wensen",
        "old": None, "new": 4, "old_state": "absent", "new_state": "value",
    }  # fmt: skip
    assert (score_2.detail["old"], score_2.detail["new_state"]) == (4, "unknown")
    assert closed.detail == {"round": 1}
    assert [e.id for e in entries] == sorted(e.id for e in entries)


def test_writing_the_same_value_again_writes_no_log_entry(store, wid, live):
    store.participant_write(live["t1"], "K01", "wensen", 4)
    n = len(store.log_entries(wid))
    store.participant_write(live["t1"], "K01", "wensen", 4.0)
    assert len(store.log_entries(wid)) == n
