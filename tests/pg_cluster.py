"""A throwaway PostgreSQL server for the tests of the PostgreSQL store.

The store's PostgreSQL backend is tested against a real server, not a mock: what the
store relies on (transactions, locks, constraints, the way the server reports a
conflict) is exactly what a mock would have to imitate, and a mock that imitates it
wrongly hides the bugs that matter. So each test session (each pytest-xdist worker)
makes its own cluster with ``initdb`` in a fresh temporary folder, starts it on a free
TCP port on 127.0.0.1 with settings that trade durability for speed, and hands each
test a fresh empty database. Nothing is shared with a PostgreSQL already running on
the machine, and :meth:`Cluster.stop` (also run at exit) leaves nothing behind.

PostgreSQL refuses to run as root, so when the tests run as root (as in CI) the
server runs as the ``postgres`` user that Debian's package creates.

When initdb or pg_ctl cannot be found, :class:`PostgresMissing` says what is missing
and how to install it; the tests that need the server then fail, they never skip.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

SUPERUSER = "koppelkansen"
DEBIAN_BIN_GLOB = "/usr/lib/postgresql/*/bin"  # Debian keeps initdb and pg_ctl off PATH
RUN_AS = "postgres"  # the user Debian's postgresql package makes; used only when we are root
START_ATTEMPTS = 5
TIMEOUT = 60  # seconds for initdb, start and stop; generous for a busy 2-core CI machine

# Durability is of no use for a server that is thrown away after the run; these make
# writes and commits cheap. max_connections: the store's pools and the concurrency
# tests open many connections at once.
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
    "shared_buffers": "32MB",
    "max_wal_size": "1GB",
    "log_min_messages": "warning",
    "wal_level": "minimal",
    "max_wal_senders": "0",
}


class PostgresMissing(RuntimeError):
    """initdb or pg_ctl (or the user to run them as) is not on this machine."""


def _version_key(bin_dir: str) -> tuple[int, ...]:
    # /usr/lib/postgresql/15/bin -> (15,); "9.6" -> (9, 6); so 15 sorts above 9.6
    version = Path(bin_dir).parent.name
    return tuple(int(part) for part in re.findall(r"\d+", version))


def find_binaries() -> tuple[str, str]:
    """The paths of initdb and pg_ctl: from PATH first, else the newest /usr/lib/postgresql/*/bin."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return initdb, pg_ctl
    candidates = sorted(glob.glob(DEBIAN_BIN_GLOB), key=_version_key, reverse=True)
    for bin_dir in candidates:
        found = [os.path.join(bin_dir, name) for name in ("initdb", "pg_ctl")]
        if all(os.access(path, os.X_OK) for path in found):
            return found[0], found[1]
    missing = [name for name, path in (("initdb", initdb), ("pg_ctl", pg_ctl)) if not path]
    raise PostgresMissing(
        f"PostgreSQL is needed for these tests, but {' and '.join(missing)} cannot be found "
        f"(not on PATH, nor in {DEBIAN_BIN_GLOB}). "
        "Install it with `make postgresql` (Debian: apt-get install postgresql)."
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the caller retries on a clash)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_user_prefix(user: str) -> list[str]:
    """The command prefix that runs a program as ``user`` (we are root)."""
    if shutil.which("runuser"):
        return ["runuser", "-u", user, "--"]
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", "--"]
    if shutil.which("su"):
        return []  # su takes one shell command; see Cluster._run
    raise PostgresMissing("Running as root, but none of runuser, setpriv or su is there to drop to a user.")


class Cluster:
    """One PostgreSQL cluster in its own temporary folder; :meth:`start` it, :meth:`stop` it.

    ``Cluster().start()`` gives a running server; ``url(dbname)`` addresses one of its
    databases as the superuser ``koppelkansen`` (trust authentication, no password).
    """

    def __init__(self) -> None:
        self.initdb, self.pg_ctl = find_binaries()
        self.folder: Path | None = None
        self.port: int | None = None
        self._names = itertools.count(1)
        self._user: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            try:
                self._user = pwd.getpwnam(RUN_AS)
            except KeyError:
                raise PostgresMissing(
                    f"Running as root, and PostgreSQL refuses to run as root, but there is no "
                    f"user {RUN_AS!r} to run it as. Install Debian's postgresql package "
                    "(`make postgresql`), which makes that user."
                ) from None
            self._prefix = _as_user_prefix(RUN_AS)

    @property
    def data(self) -> Path:
        assert self.folder is not None, "the cluster is not started"
        return self.folder / "data"

    @property
    def log(self) -> Path:
        assert self.folder is not None, "the cluster is not started"
        return self.folder / "server.log"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a PostgreSQL program, as the postgres user when we are root."""
        command = list(args)
        if self._user is not None:
            if self._prefix:
                command = self._prefix + command
            else:
                command = ["su", RUN_AS, "-s", "/bin/sh", "-c", shlex.join(command)]
        # PG* variables of the caller (PGDATA, PGPORT, ...) must not steer this server
        env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        # cwd: the postgres user may not be allowed into the caller's working folder
        return subprocess.run(
            command, cwd=self.folder, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )

    def _check(self, result: subprocess.CompletedProcess[str], what: str) -> None:
        if result.returncode != 0:
            raise RuntimeError(
                f"{what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}\n{self._log_tail()}"
            )

    def _log_tail(self) -> str:
        try:
            return "server log:\n" + "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return "(no server log)"

    def start(self) -> Cluster:
        """Make the cluster and start it; returns self. Stopped at exit if not before."""
        if self.folder is not None:
            return self
        self.folder = Path(tempfile.mkdtemp(prefix="koppelkansen-pg-"))
        # registered before anything can fail, so a half-made cluster is cleaned up too
        atexit.register(self.stop)
        if self._user is not None:
            os.chown(self.folder, self._user.pw_uid, self._user.pw_gid)
        result = self._run(
            self.initdb,
            "-D",
            str(self.data),
            "--auth=trust",
            f"--username={SUPERUSER}",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",  # a throwaway cluster need not reach the disk
        )
        self._check(result, "initdb")
        settings = dict(SETTINGS, unix_socket_directories=f"'{self.folder}'")
        # appending keeps the file's owner (the postgres user) even when root writes it
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# throwaway test server\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        for _attempt in range(START_ATTEMPTS):
            port = free_port()
            result = self._run(
                self.pg_ctl,
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-w",
                "-t",
                str(TIMEOUT),
                "-o",
                f"-p {port}",
                "start",
            )
            if result.returncode == 0:
                self.port = port
                return self
            # another process took the port between free_port() and the server's bind
            if "already in use" not in self._log_tail():
                break
        self._check(result, "pg_ctl start")
        raise AssertionError("unreachable")  # _check raised: the last start failed

    def url(self, dbname: str = "postgres") -> str:
        assert self.port is not None, "the cluster is not started"
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        """A fresh empty database with a name not used before in this cluster; returns its url."""
        name = f"test_{next(self._names)}"
        # template0 with FILE_COPY: a plain copy of a few MB of files is the fastest way
        # PostgreSQL 15 makes a database (WAL_LOG, its default, writes every page to the WAL)
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 STRATEGY FILE_COPY')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by :meth:`new_database`, ending connections still open to it."""
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Stop the server at once (no clean shutdown needed) and remove its folder. Idempotent."""
        folder, self.folder = self.folder, None
        if folder is None:
            return
        atexit.unregister(self.stop)
        try:
            if (folder / "data" / "postmaster.pid").exists():
                self.folder = folder  # _run's cwd and the error's log tail
                result = self._run(self.pg_ctl, "-D", str(folder / "data"), "-m", "immediate", "-w", "stop")
                self._check(result, "pg_ctl stop")
        finally:
            self.folder = None
            self.port = None
            shutil.rmtree(folder, ignore_errors=True)
