"""Where the facilitator is on a page, kept in the URL: which sheet, koppelkans, view, section.

A reload of the browser starts a new Streamlit session, and everything that lived
only in session state is gone: "Wie scoort?" fell back to the first option and the
facilitator typed the next scores into another sheet. So each choice that says
*where* the facilitator is (not *what* they entered: that is in the store) is
mirrored into the query string next to the workshop's ``w``, and read back from it
when the session is new.

:func:`bound_choice` is called just before the widget that shows the choice is
drawn. It settles the choice in ``st.session_state[key]`` (the widget's own key, or
a plain key a page keeps itself) from, in this order: what the session holds now,
the URL, what this session chose on an earlier visit to the page, the default. A
value from the URL that is no longer an option (a participant who was removed, a
link from another workshop) is never used: the default is, and the caller learns
which value was refused so it can say so.

Streamlit's own ``bind="query-params"`` is not used for these: it puts a widget's
*label* in the URL (a participant's name, on a projected address bar), and drops
an unknown value without telling the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from decision.core.aggregation import AGGREGATIONS
from decision.core.methods import DEFAULT_METHOD, METHODS

# The choices this session made, per session key: they outlive the widgets that showed
# them (Streamlit forgets a widget's value once a page without it has run), so coming
# back to a page finds the same sheet even when the URL was not carried along.
REMEMBERED_KEY = "_location"


@dataclass(frozen=True)
class Choice:
    """The settled choice, and the URL's value when it was refused (to tell the user)."""

    value: str
    refused: str | None = None


def bound_choice(param: str, key: str, options: Sequence[str], default: str) -> Choice:
    """Settle ``st.session_state[key]`` to one of ``options``, kept in the URL as ``?param=…``.

    Call it before drawing the widget with ``key`` (and draw that widget without an
    ``index``/``default`` of its own: the session state holds its value).
    """
    if not options:
        raise ValueError("a choice needs at least one option")
    if default not in options:
        default = options[0]
    remembered: dict[str, str] = st.session_state.setdefault(REMEMBERED_KEY, {})
    held = st.session_state.get(key)
    from_url = st.query_params.get(param)
    refused: str | None = None
    if held in options:
        value = str(held)
    elif from_url is not None and from_url in options:
        value = from_url
    else:
        if from_url is not None and from_url != "":
            refused = from_url
        earlier = remembered.get(key)
        value = earlier if refused is None and earlier is not None and earlier in options else default
    if held != value:
        st.session_state[key] = value
    remembered[key] = value
    if st.query_params.get(param) != value:
        st.query_params[param] = value
    return Choice(value, refused)


def chosen(param: str, key: str, options: Sequence[str], default: str) -> str:
    """A choice made on one page that other pages follow without drawing it: the method and
    aggregation of Resultaten, which Besluit ranks by and its report names.

    Settled from what the session holds, what it chose earlier (Streamlit forgets a widget's
    value once a page without it has run), the URL, the default; and kept in the URL of
    every page when it is not the default, so a reload on Scoren does not quietly turn the
    order on Besluit and the report for the council into another method's.
    """
    remembered: dict[str, str] = st.session_state.setdefault(REMEMBERED_KEY, {})
    from_url = st.query_params.get(param)
    value = default
    for candidate in (st.session_state.get(key), remembered.get(key), from_url):
        if candidate in options:
            value = str(candidate)
            break
    remembered[key] = value
    # a URL value that is no option is left to the page that draws the choice, to refuse aloud
    if from_url != value and (value != default or from_url in options):
        st.query_params[param] = value
    return value


def results_choice() -> tuple[str, str]:
    """The method and aggregation chosen on Resultaten, for the pages that follow them."""
    return (
        chosen("methode", "method", list(METHODS), DEFAULT_METHOD),
        chosen("aggregatie", "aggregation", list(AGGREGATIONS), AGGREGATIONS[0]),
    )


def forget(param: str, key: str) -> None:
    """Drop a choice from the URL and from this session (its widget is not drawn any more)."""
    (st.session_state.get(REMEMBERED_KEY) or {}).pop(key, None)
    if param in st.query_params:
        del st.query_params[param]
