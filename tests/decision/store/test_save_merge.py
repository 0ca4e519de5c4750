"""Saving an edit made against an older stored version: merged field by field, or refused whole."""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.errors import ConflictError
from decision.files import paths
from decision.files.workshop_file import load_workshop


@pytest.fixture
def stored(store):
    wid = store.workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP))
    return store, wid, store.workshops.load(wid)


def motivated(w, text: str):
    return w.with_kans(replace(w.kans("K03"), motivation=text))


def test_an_edit_on_an_older_version_is_merged_into_what_is_stored(stored):
    store, wid, drawn = stored
    store.workshops.save(wid, motivated(drawn.workshop, "Eerst opgeslagen"), base=drawn, actor="tab B")
    heavier = drawn.workshop.with_weights({"kosten": 40.0})
    version = store.workshops.save(wid, heavier, base=drawn, actor="tab A")
    after = store.workshops.load(wid)
    assert after.version == version == drawn.version + 2
    assert after.workshop.kans("K03").motivation == "Eerst opgeslagen"
    assert after.workshop.criterion("kosten").weight == 40.0
    # the besluitlog of tab A's save says what changed, not that the motivation went
    latest = [e for e in store.log.entries(wid) if e.actor == "tab A"]
    assert latest and all(e.action == "weight" for e in latest)


def test_a_collision_stores_nothing_and_names_the_field(stored):
    store, wid, drawn = stored
    store.workshops.save(wid, motivated(drawn.workshop, "Van tab B"), base=drawn)
    version, logged = store.workshops.version(wid), len(store.log.entries(wid))
    with pytest.raises(ConflictError) as caught:
        store.workshops.save(
            wid, motivated(drawn.workshop, "Van tab A").with_weights({"kosten": 40.0}), base=drawn
        )
    assert caught.value.fields == ("koppelkans K03 · motivatie",)
    assert store.workshops.version(wid) == version and len(store.log.entries(wid)) == logged
    assert store.workshops.load(wid).workshop.kans("K03").motivation == "Van tab B"
    assert store.workshops.load(wid).workshop.criterion("kosten").weight != 40.0, "not even the other field"
