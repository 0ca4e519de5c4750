"""The shipped nginx config (deploy/nginx/koppelkansen.conf), run in a real nginx for a test.

The config is rendered from the shipped file itself: the TLS lines are left out (plain
HTTP on a free port), the upstream addresses point at the test's servers, and one header
that names the upstream is added so a test can tell the servers apart. nginx must be
installed (``scripts/ensure-nginx.sh``, run by ``make test``).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.app_servers import ROOT, free_port, stop

CONF = ROOT / "deploy" / "nginx" / "koppelkansen.conf"
UPSTREAM_HEADER = "X-Koppelkansen-Upstream"
COOKIE = "koppelkansen_route"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if found is None:
        pytest.fail("nginx is not installed; `bash scripts/ensure-nginx.sh` installs it", pytrace=False)
    return found


def render(listen_port: int, upstream_ports: tuple[int, int]) -> str:
    """The shipped config for this test: without TLS, on ``listen_port``, with the test's upstreams."""
    text = CONF.read_text(encoding="utf-8")
    text, tls_parts = re.subn(r"[ \t]*# BEGIN TLS\n.*?# END TLS\n", "", text, flags=re.DOTALL)
    assert tls_parts == 2, "the TLS lines (the :80 redirect and the :443 listen) are marked"
    assert "ssl" not in text and "listen" not in text, "every TLS line is inside the markers"
    for shipped, port in zip(("127.0.0.1:8501", "127.0.0.1:8502"), upstream_ports, strict=True):
        assert text.count(f"server {shipped} ") == 1
        text = text.replace(f"server {shipped} ", f"server 127.0.0.1:{port} ")
    assert text.count("server {\n") == 1
    text = text.replace("server {\n", f"server {{\n    listen 127.0.0.1:{listen_port};\n")
    # at the same level as the route cookie, so it is inherited exactly where that one is
    cookie_line = re.search(r"^([ \t]*)add_header Set-Cookie .*$", text, flags=re.MULTILINE)
    assert cookie_line is not None
    extra = f"\n{cookie_line.group(1)}add_header {UPSTREAM_HEADER} $upstream_addr always;"
    return text[: cookie_line.end()] + extra + text[cookie_line.end() :]


@contextmanager
def nginx(folder: Path, upstream_ports: tuple[int, int]) -> Iterator[int]:
    """nginx with the rendered config in its own prefix folder; its port."""
    port = free_port()
    (folder / "koppelkansen.conf").write_text(render(port, upstream_ports), encoding="utf-8")
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"  {kind}_temp_path {folder / kind};" for kind in kinds)
    # run as root, nginx's workers would become "nobody", who cannot enter the test's folder
    user = "user root;\n" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        f"{user}worker_processes 1;\nevents {{ worker_connections 256; }}\n"
        f"http {{\n  access_log {folder / 'access.log'};\n{temp}\n  include koppelkansen.conf;\n}}\n",
        encoding="utf-8",
    )
    error_log = folder / "error.log"
    globals_ = f"daemon off; pid {folder / 'nginx.pid'}; error_log {error_log};"
    command = [nginx_binary(), "-p", str(folder), "-e", str(error_log), "-c", "nginx.conf", "-g", globals_]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while True:
            assert process.poll() is None, error_log.read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, f"nginx did not listen:\n{error_log.read_text()}"
                time.sleep(0.05)
        yield port
    finally:
        stop(process)
