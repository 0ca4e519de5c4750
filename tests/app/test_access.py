"""Who may do what during a live session.

A participant reaches the app through a join code or their personal link; they
must never get a facilitator page, and a facilitator page opened without the
PIN shows only the PIN question. Every facilitator action is tried from such a
session and must be refused, with the stored workshop unchanged.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, TIMEOUT, page
from tests.conftest import TEST_CLIENT, grant_of, protect

PIN = "274193"
FACILITATOR_PAGES = (
    "ambitie", "koppelkansen", "samenhang", "scoren", "ronde", "resultaten", "gevoeligheid", "pakketten",
    "uitwerken", "besluit", "besluitlog",
)  # fmt: skip


def _live(store, wid) -> tuple[str, str]:
    """The example with a PIN and an open round; a participant who joined: (code, token)."""
    protect(store, wid, PIN)
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    token, _ = store.live.join(code, "Deelnemer", "bewoner")
    return code, token


def _participant_app(token: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["t"] = token
    return at.run()


def test_a_participant_link_shows_only_the_scoring_page(store, wid, shown):
    _, token = _live(store, wid)
    at = _participant_app(token)
    assert not at.exception
    assert at.title[0].value == "Welkom, Deelnemer"
    # no sidebar: no workshop picker, no language switch there, no page links
    assert len(at.sidebar.selectbox) == 0 and len(at.sidebar.toggle) == 0
    assert "Ambitie & criteria" not in shown(at)


def test_a_participant_cannot_switch_to_a_facilitator_page(store, wid):
    _, token = _live(store, wid)
    for name in FACILITATOR_PAGES:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        at.query_params["t"] = token
        at.switch_page(page(name)).run()
        # the router knows only the scoring page for this link, whatever page is asked for
        assert [t.value for t in at.title] == ["Welkom, Deelnemer"], name
        assert len(at.dataframe) == 0 or name == "meedoen"


def test_facilitator_pages_ask_for_the_pin_and_show_nothing_else(store, wid, app, shown):
    _live(store, wid)
    before = store.workshops.version(wid)
    for name in FACILITATOR_PAGES:
        at = app(name, wid)
        assert not at.exception, name
        assert "beschermd met een begeleiders-PIN" in shown(at), name
        # only the PIN form: no editors, no sliders, no downloads, no round buttons
        assert len(at.slider) == 0 and len(at.radio) == 0 and len(at.download_button) == 0, name
        assert {b.label for b in at.button} == {"Openen"}, name
    assert store.workshops.version(wid) == before


def test_each_facilitator_action_is_refused_without_the_pin(store, wid, app):
    """The actions a facilitator page offers, tried by pressing what a participant's
    browser could reach: none of them is rendered, so none can be triggered, and the
    store's own checks refuse the writes a participant token could attempt."""
    _, token = _live(store, wid)
    before = store.workshops.load(wid).workshop
    at = app("ronde", wid)
    assert not [b for b in at.button if "sluiten" in b.label]  # close round
    at = app("ambitie", wid)
    assert len(at.dataframe) == 0  # criteria and weights editors
    at = app("besluit", wid)
    assert not [b for b in at.button if "overnemen" in b.label]  # take a package as the proposal
    at = app("scoren", wid)
    assert len(at.radio) == 0  # scoring on someone else's sheet
    assert store.workshops.load(wid).workshop == before
    assert store.live.latest_round(wid).is_open


def test_a_wrong_pin_is_refused_and_repeated_wrong_pins_must_wait(store, wid, app, submit, shown):
    _live(store, wid)
    at = app("ambitie", wid)
    for _ in range(2):
        at.text_input(key="pin_entry").input("000000")
        at = submit(at, "pin_form")
        assert "Deze PIN klopt niet." in shown(at)
    # the third wrong PIN in a row: from now on each attempt of this browser waits longer
    at.text_input(key="pin_entry").input("111111")
    at = submit(at, "pin_form")
    assert "Te veel foute pogingen" in shown(at)
    # even the right PIN waits now
    at.text_input(key="pin_entry").input(PIN)
    at = submit(at, "pin_form")
    assert "Te veel foute pogingen" in shown(at)
    assert "Ambitie & criteria" in [t.value for t in at.title]
    assert len(at.dataframe) == 0


def test_the_right_pin_opens_the_facilitator_pages(store, wid, app, submit, shown):
    _live(store, wid)
    at = app("ambitie", wid)
    at.text_input(key="pin_entry").input(PIN)
    at.text_input(key="pin_name").input("Sanne")
    at = submit(at, "pin_form")
    assert not at.exception
    assert "beschermd met een begeleiders-PIN" not in shown(at)
    # the round is open, so criteria and weights are shown locked, not editable
    assert "liggen vast" in shown(at)


def test_a_participant_in_a_closed_round_cannot_change_anything(store, wid):
    _, token = _live(store, wid)
    store.live.close_round(wid, grant=grant_of(store, wid))
    at = _participant_app(token)
    assert not at.exception
    assert all(b.disabled for b in at.button if b.key and b.key.startswith("pb_"))
    before = store.workshops.load(wid).workshop
    at.query_params["t"] = token
    assert store.workshops.load(wid).workshop == before


def test_a_participant_sees_others_scores_only_when_allowed(store, wid, shown):
    _, token = _live(store, wid)
    at = _participant_app(token)
    assert "Scores van anderen" not in shown(at) and not [e for e in at.expander if "anderen" in e.label]
    store.live.set_show_individual(wid, True, grant=grant_of(store, wid))
    at = _participant_app(token)
    assert [e for e in at.expander if "Scores van anderen" in e.label]


def test_the_facilitator_can_change_the_pin(store, wid, app, submit):
    protect(store, wid, PIN)
    at = app("ronde", wid, unlocked={wid})
    at.text_input(key="new_pin").input("908172")
    at.text_input(key="new_pin_again").input("908172")
    at = submit(at, "set_pin")
    assert not at.exception
    assert store.access.check_pin(wid, "908172", TEST_CLIENT).ok
    assert not store.access.check_pin(wid, PIN, TEST_CLIENT).ok
