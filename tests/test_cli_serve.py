"""`koppelkansen serve`: the command it starts, and what stopping it does."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from decision import cli
from decision.files import paths


class FakeServer:
    """Stands in for the Streamlit process: records signals, exits when told to."""

    def __init__(self, command: list[str], env: dict[str, str], **kwargs: object) -> None:
        self.command, self.env, self.kwargs = command, env, kwargs
        self.signals: list[int] = []

    def send_signal(self, signum: int) -> None:
        self.signals.append(signum)

    def wait(self) -> int:
        # what a service manager does while the server runs: stop it
        signal.raise_signal(signal.SIGTERM)
        return 0


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[FakeServer]:
    servers: list[FakeServer] = []

    def popen(command: list[str], env: dict[str, str], **kwargs: object) -> FakeServer:
        servers.append(FakeServer(command, env, **kwargs))
        return servers[-1]

    monkeypatch.setattr(subprocess, "Popen", popen)
    return servers


def test_serve_runs_the_installed_app_script_in_the_callers_folder(
    started: list[FakeServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["serve", "--port", "8600", "--address", "127.0.0.1", "--db", "w.db"]) == 0
    (server,) = started
    run = server.command.index("run")
    assert server.command[run + 1] == str(paths.APP_SCRIPT)
    assert server.command[server.command.index("--server.port") + 1] == "8600"
    assert server.command[server.command.index("--server.address") + 1] == "127.0.0.1"
    assert "cwd" not in server.kwargs  # a relative --db and the server's files stay where the user is
    assert server.env["KOPPELKANSEN_DB"] == str(tmp_path / "w.db")


def test_stopping_serve_stops_the_server_and_restores_the_handler(started: list[FakeServer]) -> None:
    before = signal.getsignal(signal.SIGTERM)
    assert cli.main(["serve", "--port", "8601"]) == 0
    assert started[0].signals == [signal.SIGTERM]
    assert signal.getsignal(signal.SIGTERM) == before
