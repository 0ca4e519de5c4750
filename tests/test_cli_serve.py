"""`koppelkansen serve`: the command it starts, and that stopping it leaves no server behind.

The first test catches the exec in-process and reads what it would run. The others
start the real command, wait until the app answers, stop it the way a service
manager does (SIGTERM) and the way nothing can intercept (``kill -9``), and check
that no process of it lives on and its port is free again.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from decision import cli
from decision.files import paths

STARTUP_TIMEOUT = 60.0
GONE_TIMEOUT = 10.0  # Streamlit's own shutdown on SIGTERM; kill -9 needs none


class Exec(Exception):
    """Raised in place of os.execve, which never returns: carries what would have run."""

    def __init__(self, path: str, argv: list[str], env: dict[str, str]) -> None:
        super().__init__(path)
        self.path, self.argv, self.env = path, argv, env


def record_exec(path: str, argv: list[str], env: dict[str, str]) -> None:
    raise Exec(path, argv, env)


@pytest.mark.skipif(os.name != "posix", reason="the exec path is POSIX's")
def test_serve_becomes_the_app_server_run_in_the_callers_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "execve", record_exec)
    with pytest.raises(Exec) as info:
        cli.main(["serve", "--port", "8600", "--address", "127.0.0.1", "--db", "w.db"])
    argv = info.value.argv
    assert info.value.path == sys.executable == argv[0]
    assert argv[argv.index("run") + 1] == str(paths.APP_SCRIPT)
    assert argv[argv.index("--server.port") + 1] == "8600"
    assert argv[argv.index("--server.address") + 1] == "127.0.0.1"
    # the folder is not changed, so a relative --db and the server's files stay where the user is
    assert info.value.env["KOPPELKANSEN_DB"] == str(tmp_path / "w.db")


@pytest.mark.skipif(os.name != "posix", reason="the exec path is POSIX's")
def test_serve_passes_a_postgresql_address_on_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "execve", record_exec)
    address = "postgresql://kansen@db.gemeente.nl:5432/koppelkansen?sslmode=require"
    with pytest.raises(Exec) as info:
        cli.main(["serve", "--port", "8600", "--db", address])
    assert info.value.env["KOPPELKANSEN_DB"] == address  # not made into a file path
    assert os.listdir(tmp_path) == []


# -- the real command ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    # SO_REUSEADDR as a server binds: only a socket still listening on the port refuses it,
    # not the closed connections of the health checks lingering in TIME_WAIT
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _parent_and_state(pid: int) -> tuple[int, str] | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # the name in (...) may hold spaces
    return int(fields[1]), fields[0]


def process_tree(root: int) -> set[int]:
    """``root`` and every process descending from it, as /proc shows them now."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (found := _parent_and_state(int(entry.name))) is not None:
            parents[int(entry.name)] = found[0]
    tree, grown = {root}, True
    while grown:
        children = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= children
        grown = bool(children)
    return tree


def alive(pid: int) -> bool:
    found = _parent_and_state(pid)
    return found is not None and found[1] != "Z"  # a zombie holds no port and runs nothing


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve stopped during start-up (exit {process.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"the app did not answer within {STARTUP_TIMEOUT:.0f} s:\n{log.read_text()}")


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, Path]]:
    """`koppelkansen serve` running on a free port with a database of its own, answering."""
    port = free_port()
    log = tmp_path / "serve.log"
    command = [
        sys.executable, "-m", "decision.cli", "serve",
        "--port", str(port), "--address", "127.0.0.1", "--db", str(tmp_path / "koppelkansen.db"),
    ]  # fmt: skip
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    with log.open("wb") as out:
        # a session of its own, so whatever the test finds, the clean-up can end all of it
        process = subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", process, log)
        yield process, port, log
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=10)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc (Linux)")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill -9", "SIGTERM"])
def test_stopping_serve_leaves_no_server_behind(serving, how: signal.Signals) -> None:
    process, port, log = serving
    tree = process_tree(process.pid)
    assert not port_is_free(port)  # the check below can tell a held port from a free one
    os.kill(process.pid, how)
    process.wait(timeout=GONE_TIMEOUT)
    deadline = time.monotonic() + GONE_TIMEOUT
    while time.monotonic() < deadline and (any(alive(pid) for pid in tree) or not port_is_free(port)):
        time.sleep(0.1)
    left = sorted(pid for pid in tree if alive(pid))
    assert not left, f"still running after serve was stopped: {left}\n{log.read_text()}"
    assert port_is_free(port), f"port {port} is still held"
