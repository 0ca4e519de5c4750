"""Opening the store from an address: a plain path, an sqlite:/// URL, $KOPPELKANSEN_DB,
the default location, and a clear refusal for a database this version cannot use."""

from __future__ import annotations

import os

import pytest

import decision
from decision.cli import main as cli_main
from decision.errors import StorageError, StorageFault
from decision.store import ENV_DB, Store, configured_address, default_db_path, open_store, sqlite_path


def round_trip(store: Store, small_workshop) -> str:
    wid = store.workshops.create(small_workshop)
    assert store.workshops.load(wid).workshop == small_workshop
    store.close()
    return wid


def test_open_store_is_part_of_the_package_face():
    assert decision.open_store is open_store
    assert issubclass(decision.ConflictError, decision.StorageError)
    assert not issubclass(decision.LiveError, decision.StorageError)


# -- address forms ------------------------------------------------------------------------
def test_a_plain_absolute_path(tmp_path, small_workshop):
    target = tmp_path / "map" / "kk.db"
    wid = round_trip(open_store(target), small_workshop)
    assert target.is_file()
    assert open_store(str(target)).workshops.load(wid).workshop == small_workshop


def test_an_absolute_sqlite_url_has_four_slashes(tmp_path, small_workshop):
    target = tmp_path / "abs.db"
    assert str(target).startswith("/")
    address = f"sqlite:///{target}"  # sqlite:////tmp/…
    assert address.startswith("sqlite:////")
    wid = round_trip(open_store(address), small_workshop)
    assert target.is_file()
    assert open_store(target).workshops.load(wid).workshop == small_workshop


def test_a_relative_sqlite_url_and_a_relative_path_are_taken_from_the_working_folder(
    tmp_path, monkeypatch, small_workshop
):
    monkeypatch.chdir(tmp_path)
    wid = round_trip(open_store("sqlite:///rel/kk.db"), small_workshop)
    assert (tmp_path / "rel" / "kk.db").is_file()
    assert open_store("rel/kk.db").workshops.load(wid).workshop == small_workshop
    assert sqlite_path("sqlite:///rel/kk.db") == sqlite_path("rel/kk.db")


def test_a_home_folder_tilde_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert sqlite_path("~/kk.db") == tmp_path / "kk.db"
    assert sqlite_path("sqlite:///~/kk.db") == tmp_path / "kk.db"


@pytest.mark.parametrize(
    "address",
    ["mysql://kansen:geheim@db.gemeente.nl/koppelkansen", "mssql://db/kk", "mysql://x/y"],
)
def test_another_kind_of_database_is_refused_by_name_without_the_rest(address, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StorageError) as info:
        open_store(address)
    err = info.value
    scheme = address.split("://")[0]
    assert err.key == "storage_backend" and err.params == {"scheme": scheme}
    dutch = err.localized("nl")
    assert f"'{scheme}'" in dutch and "niet beschikbaar" in dutch and "sqlite:///" in dutch
    assert "postgresql://" in dutch  # what can be used instead
    assert f"'{scheme}'" in err.localized("en") and "not available" in err.localized("en")
    for secret in ("geheim", "kansen:", "db.gemeente.nl"):  # a password must never be shown
        assert secret not in dutch and secret not in str(err)
    assert os.listdir(tmp_path) == []  # and no file was made for it


@pytest.mark.parametrize("address", ["sqlite://", "sqlite:///", "sqlite://host/kk.db"])
def test_an_sqlite_address_without_a_file_is_refused(address):
    with pytest.raises(StorageError) as info:
        open_store(address)
    assert info.value.key == "storage_address"
    assert "sqlite:////pad/naar/koppelkansen.db" in info.value.localized("nl")


# -- $KOPPELKANSEN_DB and the default ----------------------------------------------------------
@pytest.mark.parametrize("form", ["path", "url"])
def test_the_environment_variable_names_the_database_in_either_form(
    form, monkeypatch, tmp_path, small_workshop
):
    target = tmp_path / "via-env" / "kk.db"
    monkeypatch.setenv(ENV_DB, str(target) if form == "path" else f"sqlite:///{target}")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert ENV_DB == "KOPPELKANSEN_DB"
    wid = round_trip(open_store(), small_workshop)
    assert target.is_file()
    assert not (tmp_path / "xdg").exists()
    assert open_store(target).workshops.load(wid).workshop == small_workshop


def test_the_environment_variable_may_start_with_a_tilde(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(ENV_DB, "~/kk.db")
    open_store().close()
    assert (tmp_path / "kk.db").is_file()


def test_an_environment_variable_naming_another_database_is_refused(monkeypatch):
    monkeypatch.setenv(ENV_DB, "mysql://kansen@db/kk")
    with pytest.raises(StorageError) as info:
        open_store()
    assert info.value.key == "storage_backend"


def test_without_the_variable_the_xdg_data_folder_is_used(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_DB, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert configured_address() == str(tmp_path / "xdg" / "koppelkansen" / "koppelkansen.db")
    open_store().close()
    assert (tmp_path / "xdg" / "koppelkansen" / "koppelkansen.db").is_file()


def test_an_empty_variable_counts_as_unset(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_DB, "")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert configured_address() == str(tmp_path / "xdg" / "koppelkansen" / "koppelkansen.db")


def test_without_xdg_the_home_folder_is_used(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_DB, raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_db_path() == tmp_path / ".local" / "share" / "koppelkansen" / "koppelkansen.db"


# -- the command line ------------------------------------------------------------------------
def test_serve_refuses_an_address_it_cannot_use_before_starting_anything(capsys, monkeypatch):
    import os
    import subprocess

    def no_server(*args, **kwargs):
        raise AssertionError("the app server must not start")

    # serve replaces itself with the server (os.execve), or starts it as a child where it cannot
    monkeypatch.setattr(os, "execve", no_server)
    monkeypatch.setattr(subprocess, "Popen", no_server)
    assert cli_main(["serve", "--db", "mysql://kansen:geheim@db/kk"]) == 2
    err = capsys.readouterr().err
    assert "'mysql'" in err and "niet beschikbaar" in err
    assert "geheim" not in err


@pytest.mark.parametrize(
    "address",
    [
        "postgresql://kansen:geheim@db.gemeente.invalid/koppelkansen",  # no such host
        "postgres://kansen:geheim@127.0.0.1:1/koppelkansen",  # nothing listens there
    ],
)
def test_a_postgresql_server_that_cannot_be_reached_says_so_without_the_password(address):
    with pytest.raises(StorageFault) as info:
        open_store(address)
    err = info.value
    assert err.key == "storage_unavailable"
    for text in (err.localized("nl"), err.localized("en"), str(err)):
        for secret in ("geheim", "kansen:", "db.gemeente"):
            assert secret not in text
