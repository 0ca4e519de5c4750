"""Joining again from the same browser: one browser is one participant.

The browser sends the personal tokens it already holds along with the join code.
A token of a participant of that code's workshop brings that participant back,
with their id and scores, and nothing new is stored or logged. Anything else the
browser sends (a token of another workshop, a made-up or malformed string) is
passed over: the person joins as someone new, as before, without an error.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.errors import AccessDenied
from decision.store import security
from decision.store.live import KNOWN_TOKENS_LIMIT
from tests.conftest import grant_of, protect

PIN = "274193"


@pytest.fixture
def workshops(store, small_workshop) -> list[str]:
    """Two workshops without participants, each with a PIN and an open round."""
    made = []
    for name in ("A", "B"):
        ident = store.workshops.create(replace(small_workshop, name=name, participants=(), scores={}))
        protect(store, ident, PIN)
        store.live.open_round(ident, grant=grant_of(store, ident))
        made.append(ident)
    return made


def code_of(store, wid: str) -> str:
    return store.live.latest_round(wid).join_code


def participant_rows(backend, wid: str) -> list[tuple]:
    return backend.query("SELECT id, name, role FROM participants WHERE workshop_id = ? ORDER BY id", wid)


def joins_logged(store, wid: str) -> int:
    return [e.action for e in store.log.entries(wid)].count("joined")


def test_joining_again_with_a_known_token_gives_the_same_participant(store, workshops, backend):
    wid = workshops[0]
    token, pid = store.live.join(code_of(store, wid), "Anna", "Bewoner")
    store.live.participant_write(token, "K01", "wensen", 4)
    version, scores = store.workshops.version(wid), store.workshops.load(wid).workshop.scores

    again = store.live.join(code_of(store, wid), "Iemand anders", "Gemeente", known_tokens=[token])

    assert again == (token, pid)
    assert participant_rows(backend, wid) == [(pid, "Anna", "Bewoner")]  # no new row, name not changed
    assert joins_logged(store, wid) == 1
    assert store.workshops.version(wid) == version  # nothing written at all
    assert store.workshops.load(wid).workshop.scores == scores
    assert store.live.participant_session(token).participant.id == pid


def test_the_code_may_be_typed_sloppily_on_a_second_join_too(store, workshops):
    wid = workshops[0]
    token, pid = store.live.join(code_of(store, wid))
    typed = code_of(store, wid).replace("-", " ").lower()
    assert store.live.join(typed, known_tokens=[token]) == (token, pid)


def test_a_token_of_another_workshop_makes_a_new_participant(store, workshops, backend):
    a, b = workshops
    token_a, pid_a = store.live.join(code_of(store, a), "Anna")
    token_b, pid_b = store.live.join(code_of(store, b), "Anna", known_tokens=[token_a])
    assert token_b != token_a
    assert store.live.participant_session(token_b).workshop_id == b
    assert [row[0] for row in participant_rows(backend, b)] == [pid_b]
    assert [row[0] for row in participant_rows(backend, a)] == [pid_a]  # A untouched
    assert joins_logged(store, b) == 1


@pytest.mark.parametrize(
    "sent",
    [
        [security.new_token()],  # well-formed, but nobody's
        ["", "x", "' OR 1=1 --", "a" * 10_000, "tøken\x00with\nodd;chars"],
        [None, 42, b"bytes"],  # not even text: a browser's cookie can hold anything
    ],
    ids=["unknown", "garbage", "not-text"],
)
def test_a_foreign_or_garbage_token_makes_a_new_participant_without_error(store, workshops, backend, sent):
    wid = workshops[0]
    token, pid = store.live.join(code_of(store, wid), "Bo", known_tokens=sent)
    assert store.live.participant_session(token).participant.id == pid
    assert token not in sent
    assert participant_rows(backend, wid) == [(pid, "Bo", "")]
    assert joins_logged(store, wid) == 1
    assert store.live.returning_participant(code_of(store, wid), sent) is None


def test_the_first_known_token_of_the_workshop_counts(store, workshops):
    """A browser keeps its tokens newest first; a token of another workshop in front is passed over."""
    a, b = workshops
    token_b, _ = store.live.join(code_of(store, b))
    token_a, pid_a = store.live.join(code_of(store, a))
    sent = [token_b, security.new_token(), token_a]
    assert store.live.join(code_of(store, a), known_tokens=sent) == (token_a, pid_a)
    assert store.live.returning_participant(code_of(store, a), sent) == (token_a, pid_a)


def test_only_the_first_few_tokens_sent_are_looked_at(store, workshops):
    """A browser holds a few tokens; a long list is not a browser's, and costs no more than a short one."""
    wid = workshops[0]
    token, pid = store.live.join(code_of(store, wid))
    filler = [security.new_token() for _ in range(KNOWN_TOKENS_LIMIT)]
    assert store.live.join(code_of(store, wid), known_tokens=[*filler[:-1], token]) == (token, pid)
    _, other = store.live.join(code_of(store, wid), known_tokens=[*filler, token])
    assert other != pid


def test_one_token_passed_as_a_string_is_a_programming_error(store, workshops):
    token, _ = store.live.join(code_of(store, workshops[0]))
    with pytest.raises(TypeError):
        store.live.join(code_of(store, workshops[0]), known_tokens=token)


def test_a_closed_round_is_refused_also_to_a_known_token(store, workshops, backend):
    wid = workshops[0]
    code = code_of(store, wid)
    token, pid = store.live.join(code, "Anna")
    store.live.close_round(wid, grant=grant_of(store, wid))
    with pytest.raises(AccessDenied) as refused:
        store.live.join(code, known_tokens=[token])
    assert refused.value.key == "code_unknown"
    assert store.live.returning_participant(code, [token]) is None
    assert participant_rows(backend, wid) == [(pid, "Anna", "")]


def test_the_same_participant_comes_back_in_the_next_round(store, workshops, backend):
    """Participants belong to the workshop: in round 2 (a new code) the browser is still the same person."""
    wid = workshops[0]
    token, pid = store.live.join(code_of(store, wid), "Anna")
    store.live.participant_write(token, "K01", "wensen", 2)
    store.live.close_round(wid, grant=grant_of(store, wid))
    second = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    assert store.live.returning_participant(second, [token]) == (token, pid)
    assert store.live.join(second, known_tokens=[token]) == (token, pid)
    assert [row[0] for row in participant_rows(backend, wid)] == [pid]
    assert store.workshops.load(wid).workshop.scores[(pid, "K01", "wensen")] == 2.0


def test_returning_participant_writes_nothing_and_knows_unknown_codes(store, workshops):
    wid = workshops[0]
    token, pid = store.live.join(code_of(store, wid))
    version = store.workshops.version(wid)
    assert store.live.returning_participant(code_of(store, wid), [token]) == (token, pid)
    assert store.live.returning_participant("ABCD-EFGH", [token]) is None
    assert store.live.returning_participant(code_of(store, wid), []) is None
    assert store.workshops.version(wid) == version


def test_a_second_store_on_the_same_database_knows_the_participant(store, workshops, backend):
    """As a second server process would: the rule is in the database, not in a cache."""
    wid = workshops[0]
    token, pid = store.live.join(code_of(store, wid))
    other = backend.open()
    assert other.live.join(code_of(other, wid), known_tokens=[token]) == (token, pid)
    assert len(participant_rows(backend, wid)) == 1
