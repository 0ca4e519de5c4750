"""How participants reach a live round: the public address, the join link and its QR code.

The address phones must use is rarely ``localhost``. By default it is this
machine's address on the local network (what a phone on the same wifi can
reach); ``KOPPELKANSEN_PUBLIC_URL`` or ``koppelkansen serve --public-url`` sets
it explicitly, e.g. for a server behind a proxy. Without it, a request that came
through a reverse proxy names the address the browser used (``X-Forwarded-Proto``
and ``X-Forwarded-Host`` or ``Host``): that is the address phones must use too,
not the app server's own address behind the proxy.
"""

from __future__ import annotations

import io
import ipaddress
import os
import re
import socket
from collections.abc import Mapping
from urllib.parse import urlencode

import segno

ENV_PUBLIC_URL = "KOPPELKANSEN_PUBLIC_URL"

# A DNS name: dot-separated labels of letters, digits and inner hyphens, at most 63 each.
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_PORT = re.compile(r"[0-9]{1,5}")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def local_network_address() -> str:
    """This machine's address on the local network, or 127.0.0.1 when there is none.

    Connecting a UDP socket sends nothing; it only asks the operating system which
    interface would carry traffic outward.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 1))
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value, its name matched without regard to case (HTTP does not care)."""
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def _first(value: str) -> str:
    # Behind a chain of proxies each may append its own value; the first is the address the
    # browser itself used, which is the one phones must use.
    return value.split(",", 1)[0].strip()


def _valid_host(host: str) -> str | None:
    """``host`` or ``host:port`` as a URL may carry it, lower-cased; None for anything else.

    The value comes from the request, so anything that would make the join link point
    somewhere else than a host (a path, ``user@``, a query, spaces, odd characters) is refused."""
    host = host.lower()
    if len(host) > 260:
        return None
    name, port = host, None
    if host.startswith("["):  # an IPv6 literal, [::1] or [::1]:8443
        end = host.find("]")
        if end < 0:
            return None
        name, rest = host[1:end], host[end + 1 :]
        try:
            if ipaddress.ip_address(name).version != 6:
                return None
        except ValueError:
            return None
        if rest:
            if not rest.startswith(":"):
                return None
            port = rest[1:]
        name = f"[{name}]"
    else:
        if host.count(":") > 1:
            return None
        if ":" in host:
            name, port = host.split(":", 1)
        labels = name[:-1].split(".") if name.endswith(".") else name.split(".")
        if len(name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
            return None
    if port is not None and not (_PORT.fullmatch(port) and 0 < int(port) < 65536):
        return None
    return name if port is None else f"{name}:{int(port)}"


def forwarded_base_url(headers: Mapping[str, str]) -> str | None:
    """The address the browser used, when the request came through a reverse proxy.

    The proxy says so with ``X-Forwarded-Proto`` (``http`` or ``https``); the host is its
    ``X-Forwarded-Host``, or the ``Host`` it passed on. Without that header, or with a value
    that is not a plain scheme and host name (with an optional port), None: the caller falls
    back to the machine's own address. The scheme's default port is left out."""
    proto_header = _header(headers, "X-Forwarded-Proto")
    if proto_header is None:
        return None
    proto = _first(proto_header).lower()
    if proto not in _DEFAULT_PORTS:
        return None
    host_header = _header(headers, "X-Forwarded-Host") or _header(headers, "Host")
    if not host_header:
        return None
    host = _valid_host(_first(host_header))
    if host is None:
        return None
    default = f":{_DEFAULT_PORTS[proto]}"
    if host.endswith(default):
        host = host[: -len(default)]
    return f"{proto}://{host}"


def public_base_url(
    port: int, configured: str | None = None, headers: Mapping[str, str] | None = None
) -> str:
    """Where participants' phones can reach this app, without a trailing slash.

    In order: the configured address (argument, else ``KOPPELKANSEN_PUBLIC_URL``); the
    proxy's address from the current request's ``headers`` (:func:`forwarded_base_url`);
    this machine's address on the local network."""
    explicit = configured if configured is not None else os.environ.get(ENV_PUBLIC_URL, "")
    if explicit.strip():
        return explicit.strip().rstrip("/")
    forwarded = forwarded_base_url(headers) if headers is not None else None
    if forwarded is not None:
        return forwarded
    return f"http://{local_network_address()}:{port}"


def join_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/?{urlencode({'code': code})}"


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """A QR code for the link, as PNG bytes, large enough to scan from the back of a room."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def facilitator_url(base_url: str, workshop_id: str, secret: str) -> str:
    """The facilitator link: whoever opens it becomes facilitator of the workshop, without the PIN."""
    return f"{base_url.rstrip('/')}/?{urlencode({'w': workshop_id, 'f': secret})}"
