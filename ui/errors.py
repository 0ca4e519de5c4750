"""What a user sees when something fails that no page handled: a plain message, never a traceback.

A failing database (:class:`~decision.errors.StorageFault`) is named in the reader's
language, as the engine words it. Anything else that goes wrong (a bug, a broken
document, a library that fails) gets one friendly message with a short reference
such as ``K-7F3A2C``; the full traceback goes to the server's log under that same
reference, so whoever runs the server can find what a user reports, while the
browser (a participant's phone, the projector) never sees exception text, server
paths or driver messages.

Two doors, because Streamlit runs widget callbacks *before* the page script and
outside of it:

- :func:`page_guard` wraps the page script (``app.py`` around ``run()``); it first
  shows what a failed callback left behind, then catches what the page raises;
- :func:`guarded` wraps a callback (``on_click=guarded(save)``); a failure is logged
  and its message kept in the session for the next run of the page.

Streamlit steers a run with exceptions of its own (``st.rerun``, ``st.stop``,
``st.switch_page``); they derive from ``BaseException`` and pass through untouched,
as do ``KeyboardInterrupt`` and ``SystemExit``. The ``client.showErrorDetails =
"none"`` of ``.streamlit/config.toml`` is the last line behind these two: whatever
still escapes is shown by Streamlit without its text or traceback.
"""

from __future__ import annotations

import functools
import logging
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import streamlit as st
from streamlit.errors import FragmentHandledException

from decision.errors import StorageFault
from ui.catalog import t
from ui.state import lang

LOGGER = logging.getLogger("koppelkansen")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Messages of callbacks that failed, waiting for the next run of the page to show them.
NOTICES_KEY = "_failed_callbacks"
_HANDLER_LOCK = threading.Lock()  # sessions run in threads of their own

P = ParamSpec("P")
R = TypeVar("R")


def new_reference() -> str:
    """A short code to tell an operator: unique enough to find one failure in a day's log,
    short enough to read out over the phone."""
    return "K-" + secrets.token_hex(3).upper()


def _log() -> logging.Logger:
    # `streamlit run` gives its own logger a handler but not the root logger, so without one
    # of our own the traceback would reach the console bare, without a time to find it by.
    # An operator who configures logging (or pytest's caplog) has a handler already.
    with _HANDLER_LOCK:
        if not LOGGER.hasHandlers():
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter(LOG_FORMAT))
            LOGGER.addHandler(handler)
    return LOGGER


def _message_for(err: Exception, where: str, key: str) -> str:
    """Log ``err`` with everything an operator needs; return what the user may read.

    Nothing from the request goes into the log: the URL of a participant carries their
    personal token."""
    if isinstance(err, StorageFault):
        # the driver's own text and the file's path are in the cause, for the log only
        _log().error("database failure %s (%s)", where, err.key, exc_info=err)
        return err.localized(lang())
    reference = new_reference()
    _log().error("unexpected error %s %s", reference, where, exc_info=err)
    return t(key, lang(), reference=reference)


def _show_failed_callbacks() -> list[str]:
    shown = list(st.session_state.pop(NOTICES_KEY, None) or ())
    for message in shown:
        st.error(message, icon=":material/error:")
    return shown


@contextmanager
def page_guard(*, whole_page: bool = False) -> Iterator[None]:
    """Run the page inside: a failure is shown as a message where it happened, never as a traceback.

    What failed callbacks left behind is shown first, at the top of the page. The guard
    also fits the body of an ``st.fragment``: a fragment that reruns on its own does not
    pass through ``app.py``. Around the whole page (``whole_page=True``, in ``app.py``) a
    failure ends the run as stopped, so that what was typed in widgets the page did not
    reach is kept (:func:`_keep_unseen_widgets`); a fragment's guard lets the page below
    it go on."""
    shown = _show_failed_callbacks()
    try:
        yield
    except FragmentHandledException:
        # A fragment drawn in this run failed and Streamlit has shown (and logged) it in the
        # fragment's place already; this only tells Streamlit's runner so. Not ours to add to.
        raise
    except StorageFault as err:
        message = _message_for(err, "on the page", "errors.page_failed")
        if message not in shown:  # a save that just failed the same way has said it already
            st.error(message, icon=":material/database:")
        if whole_page:
            _keep_unseen_widgets()
    except Exception as err:  # noqa: BLE001 - the point: nothing unexpected reaches the browser as-is
        st.error(_message_for(err, "on the page", "errors.page_failed"), icon=":material/error:")
        if whole_page:
            _keep_unseen_widgets()


def _keep_unseen_widgets() -> None:
    """End the run as stopped, not as finished.

    At the end of a finished run Streamlit forgets every widget the run did not draw;
    a page that failed halfway did not draw most of them, so a motivation typed but
    not yet saved would be gone by the time the database is back. A stopped run
    (``st.stop``) keeps them, with what was typed in them."""
    st.stop()


def guarded(fn: Callable[P, R]) -> Callable[P, R | None]:
    """``fn`` as a widget callback whose failure becomes a message on the next run of the page.

    Without it, a callback that raises shows Streamlit's exception box *instead of* the
    page (callbacks run before the page script). Use it as ``on_click=guarded(save),
    args=(...)``; the arguments reach ``fn`` unchanged. A failed call returns ``None``."""
    where = f"in callback {getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', repr(fn))}"

    @functools.wraps(fn)
    def run_guarded(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return fn(*args, **kwargs)
        except Exception as err:  # noqa: BLE001 - see page_guard; control flow is BaseException
            message = _message_for(err, where, "errors.action_failed")
            notices = st.session_state.setdefault(NOTICES_KEY, [])
            if message not in notices:  # two callbacks failing the same way: say it once
                notices.append(message)
            return None

    return run_guarded
