"""The shipped nginx config, run in a real nginx in front of two real app servers.

What a municipality relies on when it runs several app servers behind one address:
a browser's first response gives it a route cookie, and every later request of that
browser (the websocket included) reaches the same server, where its Streamlit session
lives; different browsers are spread over the servers; when a browser's server goes
down, its next request reaches the other one. The two servers share one SQLite file
(as they would share one PostgreSQL database).

The config is rendered from deploy/nginx/koppelkansen.conf itself (see nginx_proxy.py).
tests/browser/test_server_killed_in_chromium.py runs the same proxy with real browsers.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import re
import socket
import threading
from contextlib import ExitStack
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.app_servers import serve_several
from tests.deploy.nginx_proxy import COOKIE, UPSTREAM_HEADER, nginx

ROUTE = re.compile(rf"{COOKIE}=([0-9a-f]{{32}}); Path=/; HttpOnly; Secure; SameSite=Lax")
PUBLIC_HOST = "kansen.gemeente.test"

pytestmark = pytest.mark.slow


def get(port: int, path: str = "/", cookie: str | None = None, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    sent = {k.replace("_", "-"): v for k, v in headers.items()}
    if cookie is not None:
        sent["Cookie"] = f"{COOKIE}={cookie}"
    connection.request("GET", path, headers=sent)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def route_of(response: http.client.HTTPResponse) -> str:
    cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie" and v.startswith(COOKIE)]
    assert len(cookies) == 1, response.getheaders()
    match = ROUTE.fullmatch(cookies[0])
    assert match, cookies[0]
    return match.group(1)


def websocket_handshake(port: int, cookie: str, origin: str) -> tuple[str, dict[str, str]]:
    """The status line and headers of a websocket upgrade to /_stcore/stream, as a browser opens it."""
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        "GET /_stcore/stream HTTP/1.1\r\n"
        f"Host: {PUBLIC_HOST}:{port}\r\n"
        f"Origin: {origin}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n"
        f"Cookie: {COOKIE}={cookie}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    fields = dict(line.split(": ", 1) for line in head[1:] if ": " in line)
    accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
    if head[0].startswith("HTTP/1.1 101"):
        assert fields.get("Sec-WebSocket-Accept") == accept.decode()
    return head[0], {k.lower(): v for k, v in fields.items()}


def test_one_browser_stays_on_its_server_and_moves_when_that_one_goes_down(tmp_path: Path) -> None:
    db = tmp_path / "koppelkansen.db"  # one database for both, as one PostgreSQL would be
    with ExitStack() as stack:
        started = stack.enter_context(serve_several(db, 2))
        servers = {url.removeprefix("http://"): process for url, process in started}
        ports = tuple(int(address.rsplit(":", 1)[1]) for address in servers)
        proxy = stack.enter_context(nginx(tmp_path, ports))

        # the first response of a browser sets its route
        first = get(proxy)
        assert first.status == 200
        route = route_of(first)
        home = first.getheader(UPSTREAM_HEADER)
        assert home in servers
        # the facilitator link (?w=...&f=...) in the address bar never leaks to another site
        assert first.getheader("Referrer-Policy") == "same-origin"

        # every later request of that browser reaches the same server, and keeps the same route
        for n in range(20):
            path = ("/", "/_stcore/health", f"/?code=K{n}", "/_stcore/host-config")[n % 4]
            response = get(proxy, path, route)
            assert response.status == 200, path
            assert response.getheader(UPSTREAM_HEADER) == home, path
            assert route_of(response) == route

        # the websocket goes through as a websocket, to the same server: Streamlit accepts it only
        # when the Origin the browser sends matches the Host the proxy passes on
        status, fields = websocket_handshake(proxy, route, origin=f"http://{PUBLIC_HOST}:{proxy}")
        assert status.startswith("HTTP/1.1 101"), status
        assert fields.get("upgrade", "").lower() == "websocket"
        assert fields.get(UPSTREAM_HEADER.lower()) == home
        # (and refuses another site's page: so the 101 above is the Host check passing)
        status, _ = websocket_handshake(proxy, route, origin="http://elders.test")
        assert not status.startswith("HTTP/1.1 101"), status

        # browsers without a cookie are spread: drawing fresh ones reaches both servers
        seen = {home}
        for _ in range(64):
            fresh = get(proxy)
            assert route_of(fresh) != route
            seen.add(fresh.getheader(UPSTREAM_HEADER))
            if seen == set(servers):
                break
        assert seen == set(servers)

        # the browser's server goes down: its next request, with the same cookie, reaches the other
        process = servers[home]
        process.kill()
        process.wait(timeout=10)
        (other,) = set(servers) - {home}
        tried = []
        for path in ("/", "/_stcore/health", "/"):
            response = get(proxy, path, route)
            assert response.status == 200, path
            # $upstream_addr lists every server tried for the request, the one that answered last
            tried.append(response.getheader(UPSTREAM_HEADER, "").split(", "))
            assert tried[-1][-1] == other, path
            assert route_of(response) == route
        # the first still went to its own server, found it down and moved on; the next ones skip it
        assert tried == [[home, other], [other], [other]]


class _Echo(BaseHTTPRequestHandler):
    """Answers every request with the request's headers, one per line."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        body = "".join(f"{k.lower()}: {v}\n" for k, v in self.headers.items()).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
        pass


def test_the_app_is_told_the_address_the_browser_used(tmp_path: Path) -> None:
    # Two stand-ins that echo what reaches them, in place of the app servers: the app builds the
    # participants' join link from these headers (decision.output.joining.forwarded_base_url).
    echoes = [ThreadingHTTPServer(("127.0.0.1", 0), _Echo) for _ in range(2)]
    for echo in echoes:
        threading.Thread(target=echo.serve_forever, daemon=True).start()
    try:
        ports = (echoes[0].server_address[1], echoes[1].server_address[1])
        with nginx(tmp_path, ports) as proxy:
            connection = http.client.HTTPConnection("127.0.0.1", proxy, timeout=10)
            connection.request("GET", "/?code=AB12", headers={"Host": f"{PUBLIC_HOST}:{proxy}"})
            seen = dict(line.split(": ", 1) for line in connection.getresponse().read().decode().splitlines())
            connection.close()
    finally:
        for echo in echoes:
            echo.shutdown()
            echo.server_close()
    assert seen["host"] == f"{PUBLIC_HOST}:{proxy}"
    assert seen["x-forwarded-host"] == f"{PUBLIC_HOST}:{proxy}"
    assert seen["x-forwarded-proto"] == "http"
    assert seen["x-forwarded-for"] == "127.0.0.1"
    assert seen["connection"] == "close"  # a plain request is no upgrade
    assert "upgrade" not in seen
