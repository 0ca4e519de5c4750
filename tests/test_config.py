"""The shipped ``.streamlit/config.toml``: the settings the app's safety relies on.

Read as Streamlit reads it (TOML beside app.py), and judged by the installed
Streamlit's own rules, so a value that Streamlit would read differently (a typo,
a legacy ``false`` that still shows tracebacks) fails here and not on a phone.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from streamlit import config as st_config
from streamlit.elements.exception import _error_detail_visibility

from decision.files.limits import MAX_UPLOAD_MB

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


@contextmanager
def streamlit_option(key: str, value: object) -> Iterator[None]:
    before = st_config.get_option(key)
    st_config.set_option(key, value)
    try:
        yield
    finally:
        st_config.set_option(key, before)


def test_an_uncaught_error_shows_no_type_no_message_and_no_traceback():
    value = CONFIG["client"]["showErrorDetails"]
    assert value in set(st_config.ShowErrorDetailsConfigOptions)  # a value this Streamlit knows
    with streamlit_option("client.showErrorDetails", value):
        shown = _error_detail_visibility(apply_show_error_details=True)
    assert not shown.show_message and not shown.show_trace and not shown.show_type


def test_uploads_need_the_pages_xsrf_token():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    # XSRF protection leans on Streamlit's CORS check; switching that off would undo it
    assert CONFIG["server"].get("enableCORS", True) is True


def test_streamlit_refuses_uploads_larger_than_the_apps_largest_cap():
    assert CONFIG["server"]["maxUploadSize"] == MAX_UPLOAD_MB
