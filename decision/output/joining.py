"""How participants reach a live round: the public address, the join link and its QR code.

The address phones must use is rarely ``localhost``. By default it is this
machine's address on the local network (what a phone on the same wifi can
reach); ``KOPPELKANSEN_PUBLIC_URL`` or ``koppelkansen serve --public-url`` sets
it explicitly, e.g. for a server behind a proxy.
"""

from __future__ import annotations

import io
import os
import socket
from urllib.parse import urlencode

import segno

ENV_PUBLIC_URL = "KOPPELKANSEN_PUBLIC_URL"


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


def public_base_url(port: int, configured: str | None = None) -> str:
    """Where participants' phones can reach this app, without a trailing slash."""
    explicit = configured if configured is not None else os.environ.get(ENV_PUBLIC_URL, "")
    if explicit.strip():
        return explicit.strip().rstrip("/")
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
