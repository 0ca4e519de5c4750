"""A save carries the version its page was drawn from.

Unchanged since then, the edit is stored as it is. Changed, the store hands base,
edit and stored workshop to ``merge_workshops`` and stores what it returns, or
nothing when it refuses with a ConflictError. What the merge does is not tested
here (that is the domain's); a stand-in shows what the store did with its answer.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.domain.model import KansType, Koppelkans, Participant
from decision.errors import ConflictError, LockedError
from tests.conftest import grant_of, protect

KEY = ("anna", "K01", "wensen")


@pytest.fixture
def drawn(store, small_workshop):
    """A stored workshop and what its page was drawn from: (id, StoredWorkshop)."""
    wid = store.workshops.create(small_workshop)
    return wid, store.workshops.load(wid)


@pytest.fixture
def merge(monkeypatch):
    """Replaces the merge: records its calls and answers with ``merge.answer``
    (a workshop, or an exception to raise)."""

    class StandIn:
        answer: object = None
        calls: list[tuple] = []

        def __call__(self, base, ours, theirs):
            self.calls.append((base, ours, theirs))
            if isinstance(self.answer, Exception):
                raise self.answer
            return self.answer

    stand_in = StandIn()
    stand_in.calls = []
    monkeypatch.setattr("decision.store.workshops.merge_workshops", stand_in)
    return stand_in


def renamed(w, name: str):
    return w.with_kans(replace(w.kans("K01"), name=name))


def test_an_unchanged_version_stores_the_edit_as_it_is(store, drawn, merge):
    wid, base = drawn
    edited = renamed(base.workshop, "Nieuwe naam").with_scores(
        {KEY: 2.0}, remove=[("bewoner", "K01", "wensen")]
    )
    edited = replace(edited, participants=(*edited.participants, Participant("P9", "Pien", "bewoner")))
    version = store.workshops.save(wid, edited, base=base)
    assert version == base.version + 1
    assert store.workshops.load(wid) == type(base)(wid, version, edited)
    assert merge.calls == []  # nothing to merge


def test_a_changed_version_stores_what_the_merge_returns(store, drawn, merge, backend):
    wid, base = drawn
    store.workshops.set_scores(wid, {KEY: 1.0}, actor="deelnemer")  # someone else, after the page was drawn
    theirs = store.workshops.load(wid)
    ours = renamed(base.workshop, "Onze naam")
    merged = renamed(theirs.workshop, "Door de merge").with_scores({("anna", "K02", "wensen"): 5.0})
    merge.answer = merged
    version = store.workshops.save(wid, ours, base=base)
    assert merge.calls == [(base.workshop, ours, theirs.workshop)]
    assert version == theirs.version + 1
    after = store.workshops.load(wid)
    assert (after.version, after.workshop) == (version, merged)
    assert backend.open().workshops.load(wid).workshop == merged  # from the database, not a cache


def test_a_conflict_stores_nothing_and_the_version_stays(store, drawn, merge):
    wid, base = drawn
    store.workshops.save(wid, renamed(base.workshop, "Hun naam"), base=base)
    theirs = store.workshops.load(wid)
    entries = len(store.log.entries(wid))
    merge.answer = ConflictError(fields=("koppelkans K01 · naam",))
    with pytest.raises(ConflictError) as info:
        store.workshops.save(wid, renamed(base.workshop, "Onze naam"), base=base)
    assert info.value.fields == ("koppelkans K01 · naam",)
    assert "koppelkans K01 · naam" in info.value.localized("nl")
    assert store.workshops.load(wid) == theirs
    assert len(store.log.entries(wid)) == entries


def test_an_edit_against_an_older_version_is_merged_with_a_score_written_since(store, drawn):
    """Without a stand-in: the package's three-way merge keeps both changes."""
    wid, base = drawn
    store.workshops.set_scores(wid, {KEY: 1.0})
    store.workshops.save(wid, renamed(base.workshop, "Later hernoemd"), base=base)
    now = store.workshops.load(wid).workshop
    assert now.kans("K01").name == "Later hernoemd"
    assert now.scores[KEY] == 1.0


def test_the_log_says_what_this_user_did_not_what_the_merge_brought_in(store, drawn, merge):
    wid, base = drawn
    store.workshops.set_scores(wid, {KEY: 1.0}, actor="deelnemer")
    theirs = store.workshops.load(wid)
    merge.answer = renamed(theirs.workshop, "Onze naam")
    store.workshops.save(wid, renamed(base.workshop, "Onze naam"), base=base, actor="Bram")
    newest = store.log.entries(wid, limit=1)[0]
    assert newest.actor == "Bram"
    assert newest.action != "score"  # the participant's score is logged under their own name
    assert [e.actor for e in store.log.entries(wid) if e.action == "score"] == ["deelnemer"]


def test_a_merge_that_changes_nothing_stored_makes_no_version(store, drawn, merge):
    """Two people made the same change: the second save finds it done."""
    wid, base = drawn
    same = renamed(base.workshop, "Dezelfde naam")
    store.workshops.save(wid, same, base=base, actor="Anna")
    theirs = store.workshops.load(wid)
    entries = len(store.log.entries(wid))
    merge.answer = theirs.workshop
    assert store.workshops.save(wid, same, base=base, actor="Bram") == theirs.version
    assert store.workshops.load(wid) == theirs
    assert len(store.log.entries(wid)) == entries


def test_without_a_base_the_edit_replaces_everything_whatever_changed_meanwhile(store, drawn, merge):
    wid, base = drawn
    store.workshops.set_scores(wid, {KEY: 1.0})
    imported = replace(base.workshop, name="Geïmporteerd", scores={})
    version = store.workshops.save(wid, imported, base=None)
    assert merge.calls == []
    assert store.workshops.load(wid).workshop == imported
    assert store.log.entries(wid, limit=1)[0].action == "replaced"
    assert version == base.version + 2


def test_a_merged_result_still_keeps_criteria_locked_during_a_round(store, drawn, merge):
    wid, base = drawn
    protect(store, wid, "274193")
    store.live.open_round(wid, grant=grant_of(store, wid))
    theirs = store.workshops.load(wid)
    merge.answer = theirs.workshop.with_weights({"wensen": 99})
    with pytest.raises(LockedError):
        store.workshops.save(
            wid, base.workshop.with_weights({"wensen": 99}), base=base, grant=grant_of(store, wid)
        )
    assert store.workshops.load(wid) == theirs


def test_a_base_of_another_workshop_is_a_mistake(store, drawn, small_workshop):
    wid, base = drawn
    other = store.workshops.create(small_workshop)
    with pytest.raises(ValueError):
        store.workshops.save(other, renamed(base.workshop, "Verkeerd"), base=base)
    assert store.workshops.load(other).version == 1


def test_a_new_koppelkans_on_an_unchanged_version_arrives_with_its_rows(store, drawn, backend):
    wid, base = drawn
    added = base.workshop.with_kans(Koppelkans("K09", "Buurttuin", KansType.SOCIAL))
    added = added.with_scores({("anna", "K09", "wensen"): 4.0})
    store.workshops.save(wid, added, base=base)
    assert backend.open().workshops.load(wid).workshop == added
