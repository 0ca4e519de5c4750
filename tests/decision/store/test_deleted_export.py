"""Deleting a workshop keeps its workshop file in a ``verwijderd`` folder next to the data.

What a project leader relies on: a workshop deleted by mistake can be imported again,
whole; the file lands beside the database whatever the workshop is called; a delete
that cannot keep the file, or that would remove changes made after the confirmation
was shown, removes nothing.
"""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from decision.errors import ConflictError, StorageFault
from decision.files.workshop_file import load_workshop
from decision.store.deleted import FOLDER_NAME, deleted_folder


def test_the_deleted_workshop_is_kept_as_a_file_that_reads_back_whole(backend, store, small_workshop):
    wid = store.workshops.create(small_workshop)
    stored = store.workshops.load(wid)
    kept = store.workshops.delete(wid, base=stored)
    assert not store.workshops.exists(wid)
    assert kept is not None
    assert kept.parent == backend.path.parent.resolve() / FOLDER_NAME
    assert kept.suffix == ".yaml"
    assert load_workshop(kept) == stored.workshop
    assert oct(kept.stat().st_mode & 0o777) == oct(0o600)


def test_a_name_cannot_point_the_file_elsewhere(backend, store, small_workshop):
    wid = store.workshops.create(replace(small_workshop, name="../../etc/Wijk Één"))
    kept = store.workshops.delete(wid)
    assert kept is not None
    assert kept.parent == deleted_folder(backend.path)
    assert "wijk-een" in kept.name
    assert "/" not in kept.name


def test_a_change_after_the_confirmation_stops_the_delete(store, small_workshop):
    wid = store.workshops.create(small_workshop)
    shown = store.workshops.load(wid)
    store.workshops.rename(wid, "Intussen hernoemd")
    with pytest.raises(ConflictError) as info:
        store.workshops.delete(wid, base=shown)
    assert "Intussen hernoemd" in info.value.localized("nl")
    assert store.workshops.exists(wid)


def test_no_file_no_delete(backend, store, small_workshop):
    wid = store.workshops.create(small_workshop)
    folder = deleted_folder(backend.path)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("een bestand waar de map had moeten staan")  # the folder cannot be made
    with pytest.raises(StorageFault) as info:
        store.workshops.delete(wid)
    assert info.value.key == "deleted_export_failed"
    assert store.workshops.exists(wid)
    assert not [n for n in os.listdir(folder.parent) if n.startswith(".")]  # no half file left


def test_deleting_what_is_gone_keeps_nothing(store):
    assert store.workshops.delete("bestaat-niet") is None
