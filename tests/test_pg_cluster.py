"""The throwaway PostgreSQL server of the tests (tests/pg_cluster.py) is real, not root, and cleans up."""

from __future__ import annotations

import os
import pwd
import socket
import stat
from pathlib import Path

import psycopg
import pytest

from tests import pg_cluster as harness


def _uids(pid: int) -> list[int]:
    """Real, effective, saved and filesystem uid of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Uid:"):
            return [int(field) for field in line.split()[1:]]
    raise AssertionError(f"no Uid line for process {pid}")


def _running(pid: int) -> bool:
    """Whether the process is there and not a zombie (an exited child nobody reaped yet)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def _postmaster_pid(cluster: harness.Cluster) -> int:
    # the first line of postmaster.pid is the server's process id
    return int((cluster.data / "postmaster.pid").read_text().splitlines()[0])


def _expected_uid() -> int:
    return pwd.getpwnam(harness.RUN_AS).pw_uid if os.geteuid() == 0 else os.geteuid()


def test_the_server_answers_over_tcp_on_its_port(pg_cluster: harness.Cluster) -> None:
    assert pg_cluster.url("postgres") == f"postgresql://koppelkansen@127.0.0.1:{pg_cluster.port}/postgres"
    with psycopg.connect(pg_cluster.url()) as conn:
        version, address, port, user = conn.execute(
            "SELECT version(), host(inet_server_addr()), inet_server_port(), current_user"
        ).fetchone()  # type: ignore[misc]
    assert version.startswith("PostgreSQL ")
    # a unix socket connection would have no server address: this one came over TCP
    assert (address, port) == ("127.0.0.1", pg_cluster.port)
    assert user == "koppelkansen"


def test_the_server_is_utf8_and_throwaway(pg_cluster: harness.Cluster) -> None:
    with psycopg.connect(pg_cluster.url()) as conn:
        row = conn.execute(
            "SELECT pg_encoding_to_char(encoding), datcollate, current_setting('fsync'),"
            " current_setting('max_connections')::int FROM pg_database WHERE datname = 'postgres'"
        ).fetchone()
    assert row == ("UTF8", "C", "off", 300)


def test_no_process_of_the_server_runs_as_root(pg_cluster: harness.Cluster) -> None:
    with psycopg.connect(pg_cluster.url()) as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]  # type: ignore[index]
        assert set(_uids(backend)) == {_expected_uid()}
    assert set(_uids(_postmaster_pid(pg_cluster))) == {_expected_uid()}
    assert _expected_uid() != 0
    assert pg_cluster.data.stat().st_uid == _expected_uid()


def test_two_new_databases_are_separate(pg_cluster: harness.Cluster) -> None:
    first, second = pg_cluster.new_database(), pg_cluster.new_database()
    assert first != second
    with psycopg.connect(first) as conn:
        conn.execute("CREATE TABLE kansen (id text PRIMARY KEY)")
        conn.execute("INSERT INTO kansen VALUES ('K01')")
    with psycopg.connect(first) as conn:
        assert conn.execute("SELECT id FROM kansen").fetchall() == [("K01",)]
    with psycopg.connect(second) as conn:
        assert conn.execute("SELECT to_regclass('public.kansen')").fetchone() == (None,)


def test_a_database_is_dropped_even_with_a_connection_left_open(pg_cluster: harness.Cluster) -> None:
    url = pg_cluster.new_database()
    name = url.rsplit("/", 1)[1]
    left_open = psycopg.connect(url)
    try:
        pg_cluster.drop_database(url)
        with psycopg.connect(pg_cluster.url()) as conn:
            assert conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchall() == []
    finally:
        left_open.close()


# two runs in one worker (one cluster): the second would see the first's table if
# pg_url handed out the same database twice
@pytest.mark.xdist_group("pg_url_fresh")
@pytest.mark.parametrize("run", [1, 2])
def test_pg_url_is_a_fresh_empty_database_per_test(pg_url: str, run: int) -> None:
    with psycopg.connect(pg_url) as conn:
        tables = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        assert tables == []
        conn.execute("CREATE TABLE left_behind (run int)")


@pytest.mark.slow
def test_stop_leaves_no_server_and_no_folder() -> None:
    cluster = harness.Cluster().start()
    port, folder, pid = cluster.port, cluster.folder, _postmaster_pid(cluster)
    assert port is not None and folder is not None and folder.is_dir()
    cluster.stop()
    assert not folder.exists()
    assert not _running(pid)
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    cluster.stop()  # a second stop (as atexit would do) is harmless


def _executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_binaries_on_path_come_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    initdb, pg_ctl = _executable(tmp_path / "bin" / "initdb"), _executable(tmp_path / "bin" / "pg_ctl")
    _executable(tmp_path / "lib" / "15" / "bin" / "initdb")
    _executable(tmp_path / "lib" / "15" / "bin" / "pg_ctl")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setattr(harness, "DEBIAN_BIN_GLOB", str(tmp_path / "lib" / "*" / "bin"))
    assert harness.find_binaries() == (str(initdb), str(pg_ctl))


def test_else_the_newest_installed_version_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for version in ("9.6", "15", "13"):
        _executable(tmp_path / "lib" / version / "bin" / "initdb")
        _executable(tmp_path / "lib" / version / "bin" / "pg_ctl")
    # a newer version that lacks pg_ctl cannot be used
    _executable(tmp_path / "lib" / "16" / "bin" / "initdb")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(harness, "DEBIAN_BIN_GLOB", str(tmp_path / "lib" / "*" / "bin"))
    newest = tmp_path / "lib" / "15" / "bin"
    assert harness.find_binaries() == (str(newest / "initdb"), str(newest / "pg_ctl"))


def test_missing_postgresql_is_an_error_naming_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(harness, "DEBIAN_BIN_GLOB", str(tmp_path / "lib" / "*" / "bin"))
    with pytest.raises(harness.PostgresMissing, match="initdb and pg_ctl cannot be found.*make postgresql"):
        harness.Cluster()
