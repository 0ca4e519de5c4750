"""The public address behind a reverse proxy: the join link and QR name the proxy's address.

An explicit address always wins; without one, a request that came through a proxy
(``X-Forwarded-Proto``) names the scheme and host the browser used; anything that is
not a plain host (with an optional port) is ignored, and the machine's own address is used.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decision.output import joining
from decision.output.joining import forwarded_base_url, join_url, public_base_url

LAN = "192.0.2.7"


@pytest.fixture(autouse=True)
def no_configured_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(joining.ENV_PUBLIC_URL, raising=False)
    monkeypatch.setattr(joining, "local_network_address", lambda: LAN)


def test_proxy_headers_name_the_address_the_browser_used() -> None:
    headers = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "kansen.gemeente.nl",
        "Host": "10.0.0.5:8501",  # the app server's own address, behind the proxy
    }
    assert forwarded_base_url(headers) == "https://kansen.gemeente.nl"
    assert join_url(public_base_url(8501, headers=headers), "K7Q2") == "https://kansen.gemeente.nl/?code=K7Q2"


def test_without_forwarded_host_the_host_passed_on_counts() -> None:
    assert forwarded_base_url({"x-forwarded-proto": "http", "host": "kansen.test:8080"}) == (
        "http://kansen.test:8080"
    )


def test_header_names_match_in_any_case() -> None:
    assert forwarded_base_url({"X-FORWARDED-PROTO": "HTTPS", "x-forwarded-host": "Kansen.Test"}) == (
        "https://kansen.test"
    )


@pytest.mark.parametrize(
    ("proto", "host", "expected"),
    [
        ("https", "kansen.test:443", "https://kansen.test"),
        ("http", "kansen.test:80", "http://kansen.test"),
        ("https", "kansen.test:80", "https://kansen.test:80"),
        ("https", "kansen.test:08443", "https://kansen.test:8443"),
        ("https", "[2001:db8::1]:8443", "https://[2001:db8::1]:8443"),
        ("https", "[2001:db8::1]", "https://[2001:db8::1]"),
        ("http", "10.1.2.3:8000", "http://10.1.2.3:8000"),
    ],
)
def test_ports_and_address_literals(proto: str, host: str, expected: str) -> None:
    assert forwarded_base_url({"X-Forwarded-Proto": proto, "X-Forwarded-Host": host}) == expected


def test_behind_a_chain_of_proxies_the_first_value_is_the_browsers() -> None:
    headers = {"X-Forwarded-Proto": "https, http", "X-Forwarded-Host": "kansen.test, lb.intern:8080"}
    assert forwarded_base_url(headers) == "https://kansen.test"


def test_a_direct_request_is_not_from_a_proxy() -> None:
    # a phone on the same wifi talks to the app itself: its Host is the app, not a proxy
    headers = {"Host": "192.168.1.20:8501"}
    assert forwarded_base_url(headers) is None
    assert public_base_url(8501, headers=headers) == f"http://{LAN}:8501"


@pytest.mark.parametrize(
    "host",
    [
        "",
        "evil.test/phish",
        "user@kansen.test",
        "kansen.test?x=1",
        "kansen.test#x",
        "kansen test",
        "kansen.test:0",
        "kansen.test:65536",
        "kansen.test:",
        "kansen.test:http",
        "-kansen.test",
        "kansen-.test",
        "kansen..test",
        "kan_sen.test",
        "kansen.test\r\nSet-Cookie: x=1",
        "<script>.test",
        "2001:db8::1",
        "[2001:db8::1",
        "[10.0.0.1]",
        "[::1]x",
        "a" * 64 + ".test",
        ".".join(["a" * 60] * 5),
    ],
)
def test_a_host_that_is_not_a_plain_host_is_ignored(host: str) -> None:
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": host, "Host": host}
    assert forwarded_base_url(headers) is None
    assert public_base_url(8502, headers=headers) == f"http://{LAN}:8502"


@pytest.mark.parametrize("proto", ["", "ftp", "javascript", "https://x", "wss"])
def test_a_scheme_other_than_http_or_https_is_ignored(proto: str) -> None:
    assert forwarded_base_url({"X-Forwarded-Proto": proto, "X-Forwarded-Host": "kansen.test"}) is None


def test_the_configured_address_wins_over_the_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "kansen.test"}
    assert public_base_url(8501, "https://elders.test/", headers=headers) == "https://elders.test"
    monkeypatch.setenv(joining.ENV_PUBLIC_URL, "https://uit-env.test")
    assert public_base_url(8501, headers=headers) == "https://uit-env.test"


@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789-._:[]/@?#% \t", max_size=40),
    st.sampled_from(["http", "https"]),
)
def test_whatever_the_header_the_address_is_a_bare_host(host: str, proto: str) -> None:
    base = forwarded_base_url({"X-Forwarded-Proto": proto, "X-Forwarded-Host": host})
    if base is None:
        return
    rest = base.removeprefix(f"{proto}://")
    # nothing after the host that could turn the join link into another path or another site
    assert not any(c in rest for c in "/@?#% \t")
    assert join_url(base, "AB12").startswith(f"{proto}://{rest}/?code=")
    if ":" not in host:
        assert rest == host.strip().lower()  # the spaces around a header value are no part of it
