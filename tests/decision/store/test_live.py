"""Live scoring rounds in the store: join codes, participants on their own phones,
their scores, and what the facilitator may change while a round is open."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

import pytest

from decision.domain.model import Participant, WeightMethod
from decision.errors import AccessDenied, LiveError, LockedError, NotFoundError, RoundClosedError
from decision.store import security
from decision.store.live import PARTICIPANT_PREFIX
from tests.conftest import grant_of, protect

PIN = "274193"
CODE_RE = re.compile(rf"^[{security.CODE_ALPHABET}]{{4}}-[{security.CODE_ALPHABET}]{{4}}$")


@pytest.fixture
def wid(store, small_workshop) -> str:
    """The small workshop (participants anna and bewoner, with scores), PIN set."""
    ident = store.workshops.create(small_workshop)
    protect(store, ident, PIN)
    return ident


@pytest.fixture
def empty_wid(store, small_workshop) -> str:
    """The small workshop without participants or scores, PIN set."""
    ident = store.workshops.create(replace(small_workshop, participants=(), scores={}))
    protect(store, ident, PIN)
    return ident


def raise_key(call, kind: type[Exception] = LiveError) -> str:
    """The catalog key of the refusal, which must be a ``kind`` (a LiveError unless said)."""
    with pytest.raises(kind) as info:
        call()
    err = info.value
    # every refusal can be shown to a person in both languages
    for lang in ("nl", "en"):
        text = err.localized(lang)
        assert text and f"error.{err.key}" not in text
    return err.key


# -- opening rounds --------------------------------------------------------------------
def test_opening_a_round_needs_a_pin(store, small_workshop):
    ident = store.workshops.create(small_workshop)
    assert not store.access.has_pin(ident)
    assert raise_key(lambda: store.live.open_round(ident, grant=grant_of(store, ident))) == "pin_required"
    assert store.live.rounds(ident) == []
    assert store.workshops.version(ident) == 1


def test_opening_a_round_of_an_unknown_workshop(store):
    assert (
        raise_key(
            lambda: store.live.open_round("bestaat-niet", grant=grant_of(store, "bestaat-niet")),
            NotFoundError,
        )
        == "unknown_workshop"
    )


def test_setting_a_pin_on_an_unknown_workshop_says_so(store):
    """Like opening a round there: a DecisionError a person can read, not a database error."""
    assert raise_key(lambda: protect(store, "bestaat-niet", PIN), NotFoundError) == "unknown_workshop"


def test_a_short_pin_is_refused(store, small_workshop):
    ident = store.workshops.create(small_workshop)
    assert raise_key(lambda: protect(store, ident, " 12 ")) == "pin_short"
    assert not store.access.has_pin(ident)


def test_opening_twice_gives_the_same_open_round(store, wid):
    first = store.live.open_round(wid, grant=grant_of(store, wid))
    version = store.workshops.version(wid)
    second = store.live.open_round(wid, grant=grant_of(store, wid))
    assert second == first
    assert first.is_open and first.number == 1
    assert [r.id for r in store.live.rounds(wid)] == [first.id]
    assert store.workshops.version(wid) == version  # nothing changed
    assert [e.action for e in store.log.entries(wid)].count("round_opened") == 1


def test_rounds_are_numbered_one_two_three(store, wid):
    numbers, codes = [], []
    for _ in range(3):
        r = store.live.open_round(wid, grant=grant_of(store, wid))
        numbers.append(r.number)
        codes.append(r.join_code)
        closed = store.live.close_round(wid, grant=grant_of(store, wid))
        assert closed.id == r.id and not closed.is_open and closed.closed_at
    assert numbers == [1, 2, 3]
    assert len(set(codes)) == 3
    assert [r.number for r in store.live.rounds(wid)] == [1, 2, 3]
    assert not any(r.is_open for r in store.live.rounds(wid))
    assert store.live.latest_round(wid).number == 3


def test_closing_without_an_open_round_changes_nothing(store, wid):
    assert store.live.close_round(wid, grant=grant_of(store, wid)) is None
    store.live.open_round(wid, grant=grant_of(store, wid))
    closed = store.live.close_round(wid, grant=grant_of(store, wid))
    version = store.workshops.version(wid)
    assert store.live.close_round(wid, grant=grant_of(store, wid)) == closed
    assert store.workshops.version(wid) == version


# -- join codes -------------------------------------------------------------------------
def test_join_codes_are_eight_symbols_in_two_groups_and_unique(store, small_workshop, backend):
    codes = []
    for _ in range(4):
        ident = store.workshops.create(small_workshop)
        protect(store, ident, PIN)
        for _ in range(5):
            codes.append(store.live.open_round(ident, grant=grant_of(store, ident)).join_code)
            store.live.close_round(ident, grant=grant_of(store, ident))
    assert all(CODE_RE.match(c) for c in codes), codes
    assert len(set(codes)) == len(codes) == 20
    stored = [r[0] for r in backend.query("SELECT join_code FROM rounds")]
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
    code = store.live.open_round(empty_wid, grant=grant_of(store, empty_wid)).join_code
    token, pid = store.live.join(typed(code), "Fatima")
    session = store.live.participant_session(token)
    assert session.workshop_id == empty_wid
    assert session.participant == Participant(pid, "Fatima", "")
    assert session.can_write


def test_a_wrong_code_is_unknown(store, empty_wid, backend):
    code = store.live.open_round(empty_wid, grant=grant_of(store, empty_wid)).join_code
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    for attempt in (wrong, "", "ABCD", "ABCD-EFGH-JKMN", "0000-0000"):
        assert raise_key(lambda a=attempt: store.live.join(a), AccessDenied) == "code_unknown"
    assert backend.query("SELECT count(*) FROM participants") == [(0,)]


def test_the_code_of_a_closed_round_is_unknown_until_it_reopens(store, empty_wid):
    code = store.live.open_round(empty_wid, grant=grant_of(store, empty_wid)).join_code
    store.live.join(code)
    store.live.close_round(empty_wid, grant=grant_of(store, empty_wid))
    assert raise_key(lambda: store.live.join(code), AccessDenied) == "code_unknown"
    reopened = store.live.reopen_round(empty_wid, grant=grant_of(store, empty_wid))
    assert reopened.join_code == code and reopened.is_open and reopened.number == 1
    _, pid = store.live.join(code)
    assert pid == f"{PARTICIPANT_PREFIX}02"


def test_the_code_of_an_earlier_round_does_not_open_the_next(store, empty_wid):
    old = store.live.open_round(empty_wid, grant=grant_of(store, empty_wid)).join_code
    store.live.close_round(empty_wid, grant=grant_of(store, empty_wid))
    new = store.live.open_round(empty_wid, grant=grant_of(store, empty_wid)).join_code
    assert old != new
    assert raise_key(lambda: store.live.join(old), AccessDenied) == "code_unknown"
    assert store.live.join(new)[1] == "D01"


def test_a_code_leads_to_its_own_workshop(store, small_workshop):
    a = store.workshops.create(replace(small_workshop, name="A", participants=(), scores={}))
    b = store.workshops.create(replace(small_workshop, name="B", participants=(), scores={}))
    for ident in (a, b):
        protect(store, ident, PIN)
    code_a, code_b = (
        store.live.open_round(a, grant=grant_of(store, a)).join_code,
        store.live.open_round(b, grant=grant_of(store, b)).join_code,
    )
    token_b, _ = store.live.join(code_b)
    token_a, _ = store.live.join(code_a)
    assert store.live.participant_session(token_a).workshop_id == a
    assert store.live.participant_session(token_b).workshop_id == b


# -- participants ---------------------------------------------------------------------------
def test_joining_numbers_participants_d01_d02(store, empty_wid):
    code = store.live.open_round(empty_wid, grant=grant_of(store, empty_wid)).join_code
    joined = [
        store.live.join(code, name, role)
        for name, role in [("Anna", "bewoner"), ("", ""), ("Bo", "gemeente")]
    ]
    assert [pid for _, pid in joined] == ["D01", "D02", "D03"]
    assert len({token for token, _ in joined}) == 3
    people = store.workshops.load(empty_wid).workshop.participants
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
    ident = store.workshops.create(replace(small_workshop, participants=existing, scores={}))
    protect(store, ident, PIN)
    code = store.live.open_round(ident, grant=grant_of(store, ident)).join_code
    new_ids = [store.live.join(code, f"Nieuw {n}")[1] for n in range(5)]
    assert not set(new_ids) & {p.id for p in existing}
    assert len(set(new_ids)) == 5
    assert all(re.fullmatch(rf"{PARTICIPANT_PREFIX}\d{{2,}}", pid) for pid in new_ids), new_ids
    people = store.workshops.load(ident).workshop.participants
    assert people[:3] == existing  # kept, and first
    assert [p.id for p in people[3:]] == new_ids  # the joiners in the order they came


def test_names_and_roles_are_trimmed_and_capped(store, empty_wid):
    code = store.live.open_round(empty_wid, grant=grant_of(store, empty_wid)).join_code
    token, pid = store.live.join(code, "  " + "x" * 200 + "  ", " rol ")
    person = store.live.participant_session(token).participant
    assert person == Participant(pid, "x" * 80, "rol")


def test_only_the_hash_of_a_token_is_stored(store, empty_wid, backend):
    code = store.live.open_round(empty_wid, grant=grant_of(store, empty_wid)).join_code
    tokens = [store.live.join(code, f"Persoon {n}")[0] for n in range(3)]
    assert all(len(t) >= 32 for t in tokens)
    stored = {r[0] for r in backend.query("SELECT token_hash FROM participants")}
    assert stored == {hashlib.sha256(t.encode()).hexdigest() for t in tokens}
    store.close()
    blob = backend.stored_bytes()
    for t in tokens:
        assert t.encode() not in blob
        assert hashlib.sha256(t.encode()).hexdigest().encode() in blob


def test_an_unknown_token_gets_nothing(store, wid):
    store.live.open_round(wid, grant=grant_of(store, wid))
    bogus = security.new_token()
    assert raise_key(lambda: store.live.participant_session(bogus), AccessDenied) == "token_unknown"
    assert raise_key(lambda: store.live.participant_write(bogus, "K01", "wensen", 3), AccessDenied) == (
        "token_unknown"
    )


# -- participants write -------------------------------------------------------------------------
@pytest.fixture
def live(store, wid):
    """An open round of the small workshop with two joined participants."""
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    (t1, p1), (t2, p2) = store.live.join(code, "Een"), store.live.join(code, "Twee")
    return {"code": code, "t1": t1, "p1": p1, "t2": t2, "p2": p2}


def score_table(backend, wid) -> dict:
    return {
        (p, k, c): v
        for p, k, c, v in backend.query(
            "SELECT participant_id, kans_id, criterion_id, value FROM scores WHERE workshop_id = ?",
            wid,
        )
    }


def test_a_participant_writes_only_their_own_row(store, wid, live, small_workshop, backend):
    before = score_table(backend, wid)
    version = store.workshops.version(wid)
    assert store.live.participant_write(live["t1"], "K02", "wensen", 4) == version + 1
    after = score_table(backend, wid)
    assert after == {**before, (live["p1"], "K02", "wensen"): 4.0}
    assert after == {**small_workshop.scores, (live["p1"], "K02", "wensen"): 4.0}
    store.live.participant_write(live["t2"], "K02", "wensen", 1)
    store.live.participant_write(live["t1"], "K02", "wensen", 5)  # overwrite own
    after = score_table(backend, wid)
    assert after[(live["p1"], "K02", "wensen")] == 5.0
    assert after[(live["p2"], "K02", "wensen")] == 1.0
    assert len(after) == len(small_workshop.scores) + 2
    assert store.workshops.load(wid).workshop.scores == after


def test_a_phone_sees_its_own_sheet_and_nobody_elses(store, wid, live, small_workshop):
    """The phone's view: the document, the participant and only their own scores, read anew
    after each write, in step with the whole workshop for that participant."""
    store.live.participant_write(live["t1"], "K02", "wensen", 4)
    store.live.participant_write(live["t2"], "K01", "wensen", 1)
    own = store.live.own_sheet(wid, live["p1"])
    assert own.scores == {(live["p1"], "K02", "wensen"): 4.0}
    assert [p.id for p in own.participants] == [live["p1"]]
    whole = store.workshops.load(wid).workshop
    assert own.kans_ids == whole.kans_ids and own.criteria == whole.criteria
    store.live.participant_write(live["t1"], "K01", "wensen", None)  # "weet niet"
    assert store.live.own_sheet(wid, live["p1"]).scores == {
        (live["p1"], "K02", "wensen"): 4.0,
        (live["p1"], "K01", "wensen"): None,
    }
    # a participant the facilitator scored in the workshop itself has those scores
    anna = store.live.own_sheet(wid, "anna")
    assert anna.scores == {key: v for key, v in small_workshop.scores.items() if key[0] == "anna"}


def test_a_removed_participant_has_no_sheet(store, wid):
    assert raise_key(lambda: store.live.own_sheet(wid, "nobody"), AccessDenied) == "token_unknown"


def test_writing_is_refused_after_the_round_closes(store, wid, live, backend):
    store.live.participant_write(live["t1"], "K01", "wensen", 2)
    store.live.close_round(wid, grant=grant_of(store, wid))
    before, version = score_table(backend, wid), store.workshops.version(wid)
    assert not store.live.participant_session(live["t1"]).can_write
    assert raise_key(
        lambda: store.live.participant_write(live["t1"], "K01", "wensen", 5), RoundClosedError
    ) == ("round_closed")
    assert raise_key(
        lambda: store.live.participant_write(live["t1"], "K01", "wensen", None, remove=True), RoundClosedError
    ) == ("round_closed")
    assert score_table(backend, wid) == before
    assert store.workshops.version(wid) == version


def test_writing_is_refused_when_the_workshop_has_no_round(store, small_workshop, backend):
    # joining needs an open round, so this takes rounds removed behind the store's back
    ident = store.workshops.create(replace(small_workshop, participants=(), scores={}))
    protect(store, ident, PIN)
    store.live.open_round(ident, grant=grant_of(store, ident))
    token, _ = store.live.join(store.live.latest_round(ident).join_code)
    backend.execute("DELETE FROM rounds WHERE workshop_id = ?", ident)
    assert store.live.participant_session(token).round is None
    assert raise_key(lambda: store.live.participant_write(token, "K01", "wensen", 3), RoundClosedError) == (
        "round_closed"
    )


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
def test_invalid_writes_are_refused(store, wid, live, kans, criterion, value, key, backend):
    before, version = score_table(backend, wid), store.workshops.version(wid)
    assert raise_key(lambda: store.live.participant_write(live["t1"], kans, criterion, value)) == key
    assert score_table(backend, wid) == before
    assert store.workshops.version(wid) == version


@pytest.mark.parametrize(
    ("criterion", "value"), [("wensen", 1), ("wensen", 5.0), ("meerkosten", 2.5), ("meerkosten", 0)]
)
def test_values_on_the_scale_are_accepted(store, wid, live, criterion, value, backend):
    store.live.participant_write(live["t1"], "K03", criterion, value)
    assert score_table(backend, wid)[(live["p1"], "K03", criterion)] == float(value)


def test_weet_niet_is_stored_as_null(store, wid, live, backend):
    key = (live["p1"], "K01", "risico")
    store.live.participant_write(live["t1"], "K01", "risico", None)
    assert backend.query(
        "SELECT value IS NULL FROM scores WHERE workshop_id = ? AND participant_id = ? AND kans_id = ?"
        " AND criterion_id = ?",
        wid,
        *key,
    ) == [(1,)]
    assert store.workshops.load(wid).workshop.scores[key] is None
    store.live.participant_write(live["t1"], "K01", "risico", 2)
    assert store.workshops.load(wid).workshop.scores[key] == 2.0


def test_remove_takes_a_score_back(store, wid, live, backend):
    key = (live["p1"], "K02", "risico")
    store.live.participant_write(live["t1"], "K02", "risico", 3)
    assert key in score_table(backend, wid)
    store.live.participant_write(live["t1"], "K02", "risico", None, remove=True)
    assert key not in score_table(backend, wid)
    assert key not in store.workshops.load(wid).workshop.scores
    # removing what is not there is harmless, and writes no log entry
    entries = len(store.log.entries(wid))
    store.live.participant_write(live["t1"], "K02", "risico", None, remove=True)
    assert len(store.log.entries(wid)) == entries


def test_remove_cannot_touch_someone_elses_score(store, wid, live, small_workshop, backend):
    store.live.participant_write(live["t2"], "K02", "wensen", 4)
    store.live.participant_write(live["t1"], "K02", "wensen", None, remove=True)
    table = score_table(backend, wid)
    assert table[(live["p2"], "K02", "wensen")] == 4.0
    assert all(table[k] == v for k, v in small_workshop.scores.items())


def test_reopening_lets_writes_through_again_with_the_same_code(store, wid, live, backend):
    store.live.close_round(wid, grant=grant_of(store, wid))
    assert raise_key(
        lambda: store.live.participant_write(live["t1"], "K01", "wensen", 5), RoundClosedError
    ) == ("round_closed")
    reopened = store.live.reopen_round(wid, grant=grant_of(store, wid))
    assert reopened.is_open and reopened.join_code == live["code"] and reopened.closed_at is None
    assert len(store.live.rounds(wid)) == 1
    store.live.participant_write(live["t1"], "K01", "wensen", 5)
    assert score_table(backend, wid)[(live["p1"], "K01", "wensen")] == 5.0
    _, late = store.live.join(live["code"].lower(), "Laatkomer")
    assert late not in (live["p1"], live["p2"])
    assert store.live.reopen_round(wid, grant=grant_of(store, wid)) == store.live.latest_round(
        wid
    )  # already open: unchanged


def test_reopening_without_any_round_does_nothing(store, wid):
    assert store.live.reopen_round(wid, grant=grant_of(store, wid)) is None
    assert store.live.rounds(wid) == []


# -- rounds keep their scores ---------------------------------------------------------------------
def test_closing_a_round_keeps_its_scores_and_a_second_round_differs(store, wid, live, backend):
    store.live.participant_write(live["t1"], "K01", "wensen", 2)
    store.live.participant_write(live["t2"], "K01", "wensen", None)
    first = store.live.close_round(wid, grant=grant_of(store, wid))
    snapshot_1 = store.live.round_scores(first.id)
    assert snapshot_1 == score_table(backend, wid)
    assert snapshot_1[(live["p1"], "K01", "wensen")] == 2.0
    assert snapshot_1[(live["p2"], "K01", "wensen")] is None

    second = store.live.open_round(wid, grant=grant_of(store, wid))
    assert second.number == 2 and second.join_code != live["code"]
    assert store.live.round_scores(second.id) == {}  # nothing kept while open
    store.live.participant_write(live["t1"], "K01", "wensen", 5)  # the same token, the next round
    store.live.participant_write(live["t2"], "K01", "wensen", None, remove=True)
    store.live.participant_write(live["t2"], "K03", "risico", 1)
    store.live.close_round(wid, grant=grant_of(store, wid))
    snapshot_2 = store.live.round_scores(second.id)
    assert snapshot_2 == score_table(backend, wid)
    assert snapshot_2 != snapshot_1
    assert snapshot_2[(live["p1"], "K01", "wensen")] == 5.0
    assert (live["p2"], "K01", "wensen") not in snapshot_2
    assert snapshot_2[(live["p2"], "K03", "risico")] == 1.0
    assert store.live.round_scores(first.id) == snapshot_1  # the first round is left as it was


def test_reclosing_a_reopened_round_takes_the_new_snapshot(store, wid, live, backend):
    store.live.participant_write(live["t1"], "K01", "wensen", 2)
    r = store.live.close_round(wid, grant=grant_of(store, wid))
    store.live.reopen_round(wid, grant=grant_of(store, wid))
    store.live.participant_write(live["t1"], "K01", "wensen", 3)
    store.live.close_round(wid, grant=grant_of(store, wid))
    assert store.live.round_scores(r.id)[(live["p1"], "K01", "wensen")] == 3.0
    assert store.live.round_scores(r.id) == score_table(backend, wid)


def test_show_individual_scores(store, wid, live):
    assert store.live.latest_round(wid).show_individual is False
    version = store.workshops.version(wid)
    store.live.set_show_individual(wid, True, grant=grant_of(store, wid))
    assert store.live.latest_round(wid).show_individual is True
    assert store.live.participant_session(live["t2"]).round.show_individual is True
    assert store.workshops.version(wid) == version + 1
    store.live.set_show_individual(wid, False, grant=grant_of(store, wid))
    assert store.live.latest_round(wid).show_individual is False
    shows = [e.detail for e in store.log.entries(wid) if e.action == "show_individual"]
    assert shows == [{"show": False}, {"show": True}]


def test_show_individual_without_a_round_does_nothing(store, wid):
    version = store.workshops.version(wid)
    store.live.set_show_individual(wid, True, grant=grant_of(store, wid))
    assert store.workshops.version(wid) == version


# -- what the facilitator may change while a round is open ------------------------------------------
def test_criteria_and_weights_are_locked_while_a_round_is_open(store, wid, live):
    base = store.workshops.load(wid)
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
        for edit_base in (base, None):
            with pytest.raises(LockedError) as info:
                store.workshops.save(wid, changed, base=edit_base, grant=grant_of(store, wid))
            assert info.value.key == "locked", label
            assert info.value.params == {"round": 1}
    after = store.workshops.load(wid)
    assert after.version == base.version
    assert after.workshop == w


def test_koppelkans_descriptions_may_change_while_a_round_is_open(store, wid, live):
    base = store.workshops.load(wid)
    w = base.workshop
    k = w.kans("K02")
    edited = w.with_kans(replace(k, description="Nieuwe toelichting", name="Energiecoaches aan huis"))
    version = store.workshops.save(wid, edited, base=base, grant=grant_of(store, wid))
    after = store.workshops.load(wid)
    assert after.version == version
    assert after.workshop.kans("K02").description == "Nieuwe toelichting"
    assert after.workshop.criteria == w.criteria
    # and participants keep writing against the new text
    store.live.participant_write(live["t1"], "K02", "wensen", 3)
    assert store.workshops.load(wid).workshop.scores[(live["p1"], "K02", "wensen")] == 3.0


def test_after_closing_the_criteria_may_change_again(store, wid, live):
    store.live.close_round(wid, grant=grant_of(store, wid))
    base = store.workshops.load(wid)
    heavier = base.workshop.with_weights({"wensen": 80})
    store.workshops.save(wid, heavier, base=base, grant=grant_of(store, wid))
    assert store.workshops.load(wid).workshop.criterion("wensen").weight == 80


def test_a_new_koppelkans_added_during_a_round_can_be_scored(store, wid, live):
    from decision.domain.model import KansType, Koppelkans

    base = store.workshops.load(wid)
    added = base.workshop.with_kans(Koppelkans("K04", "Geveltuinen", KansType.SOCIAL))
    store.workshops.save(wid, added, base=base, grant=grant_of(store, wid))
    store.live.participant_write(live["t2"], "K04", "wensen", 4)
    assert store.workshops.load(wid).workshop.scores[(live["p2"], "K04", "wensen")] == 4.0


# -- the log ------------------------------------------------------------------------------------------
def test_the_log_records_rounds_joins_and_scores_with_who(store, wid):
    store.live.open_round(wid, grant=grant_of(store, wid), actor="")
    code = store.live.latest_round(wid).join_code
    token, pid = store.live.join(code, "Sanne")
    store.live.participant_write(token, "K01", "wensen", 4)
    store.live.participant_write(token, "K01", "wensen", None)
    store.live.close_round(wid, grant=grant_of(store, wid))
    entries = list(reversed(store.log.entries(wid)))  # oldest first
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
    store.live.participant_write(live["t1"], "K01", "wensen", 4)
    n = len(store.log.entries(wid))
    store.live.participant_write(live["t1"], "K01", "wensen", 4.0)
    assert len(store.log.entries(wid)) == n
