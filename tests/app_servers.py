"""Real app servers for the tests: ``streamlit run app.py`` on a free port, on a given store.

Used by the browser tests (tests/browser/conftest.py), the proxy tests (tests/deploy/) and
benchmarks/axe_counts.py. The store is any address ``KOPPELKANSEN_DB`` takes: a SQLite
file, or a ``postgresql://`` address (tests/pg_cluster.py makes one), so several servers
can share one database the way several app servers of a municipality do.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command(port: int) -> list[str]:
    """The command that serves the app (benchmarks/app_timing.py uses the same)."""
    return [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        # a test server must not react to source files changing under it
        "--server.fileWatcherType", "none",
    ]  # fmt: skip


def wait_until_healthy(
    url: str, process: subprocess.Popen, log: Path, timeout: float = STARTUP_TIMEOUT
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the app stopped during start-up (exit {process.returncode}):\n{log.read_text()}"
            )
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200 and response.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the app did not answer /_stcore/health within {timeout:.0f} s:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _log_folder(address: Path | str, log_folder: Path | None) -> Path:
    if log_folder is not None:
        return log_folder
    if isinstance(address, Path):
        return address.parent
    raise ValueError("a server on a database address needs a log_folder")


def _start(
    address: Path | str,
    log_folder: Path,
    prefix: Sequence[str] = (),
    preexec_fn: Callable[[], None] | None = None,
) -> tuple[str, subprocess.Popen, Path]:
    port = free_port()
    log = log_folder / f"server-{port}.log"
    env = {**os.environ, "KOPPELKANSEN_DB": str(address), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    with log.open("w") as out:
        process = subprocess.Popen(
            [*prefix, *streamlit_command(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=preexec_fn,
        )
    return f"http://127.0.0.1:{port}", process, log


@contextmanager
def serve_process(
    address: Path | str,
    *,
    prefix: Sequence[str] = (),
    preexec_fn: Callable[[], None] | None = None,
    log_folder: Path | None = None,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """The app on a free port with the given store; its base URL and process. Stopped on
    exit, also when start-up fails. ``prefix`` runs the server through another command (to
    drop privileges), ``preexec_fn`` runs in the server's process before it starts (to set
    limits); the console log goes to ``log_folder`` (the database's folder if not given)."""
    url, process, log = _start(address, _log_folder(address, log_folder), prefix, preexec_fn)
    try:
        wait_until_healthy(url, process, log)
        yield url, process
    finally:
        stop(process)


@contextmanager
def serve_several(
    address: Path | str, count: int, *, log_folder: Path | None = None
) -> Iterator[list[tuple[str, subprocess.Popen]]]:
    """``count`` app servers on one store, as behind a municipality's load balancer.

    All are started at once and then waited for, which halves the waiting for two."""
    folder = _log_folder(address, log_folder)
    with ExitStack() as stack:
        started = []
        for _ in range(count):
            url, process, log = _start(address, folder)
            stack.callback(stop, process)
            started.append((url, process, log))
        for url, process, log in started:
            wait_until_healthy(url, process, log)
        yield [(url, process) for url, process, _ in started]
