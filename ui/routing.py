"""Making sure every page runs inside the router.

With a ``pages/`` folder next to ``app.py``, Streamlit routes by that folder until
some session has run ``st.navigation``: right after a server start, a deep link
such as ``/resultaten?w=…`` would run the page on its own, without the sidebar,
the language switch or the open workshop. A page that finds itself running
outside the router runs ``app.py`` instead, which routes to the same page and
switches the server over to ``st.navigation`` for everyone.
"""

from __future__ import annotations

import runpy
import threading
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

APP = Path(__file__).resolve().parent.parent / "app.py"
_state = threading.local()  # Streamlit runs each script run in its own thread


@contextmanager
def routed():
    """Marks the page run that app.py starts."""
    _state.active = True
    try:
        yield
    finally:
        _state.active = False


def ensure_routed() -> None:
    if getattr(_state, "active", False):
        return
    runpy.run_path(str(APP), run_name="__main__")
    st.stop()
