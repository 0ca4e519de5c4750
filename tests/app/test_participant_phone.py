"""The participant's phone: what a tap stores, what an unstored tap shows, who the browser is.

- A second tap on the chosen level keeps it (and on "Weet niet" keeps "weet niet"):
  a slip of the thumb never changes the answer.
- A tap the store refuses is marked "niet opgeslagen" at its own criterion, with a
  button that stores the same answer again once the store can; the other answers
  are untouched. The fault is a real one: another program holds the database's
  write lock, as a backup tool or a second server can.
- One browser is one participant: with the browser's cookie holding a token of
  this workshop, the join link leads back to that participant, not to a new one.
  (AppTest cannot send cookies; the cookie as read is replaced here, and the
  browser test checks the real cookie.)
"""

from __future__ import annotations

import os
import sqlite3

import pytest
from streamlit.testing.v1 import AppTest

from decision.store.database import SqliteDatabase
from tests.app.conftest import APP, TIMEOUT
from tests.conftest import grant_of, protect
from ui import participant
from ui.catalog import t
from ui.text import md

PIN = "274193"
# the next criterion that is asked (kosten and tijd are filled in from the inventory)
KANS, CRITERION, NEXT_CRITERION = "K01", "wensen", "risico"


@pytest.fixture
def live(store, wid) -> dict:
    """The example with an open round and one joined participant."""
    protect(store, wid, PIN)
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    token, pid = store.live.join(code, "Anna", "Bewoner")
    return {"code": code, "token": token, "pid": pid, "wid": wid}


def phone(token: str | None = None, code: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if token:
        at.query_params["t"] = token
    if code:
        at.query_params["code"] = code
    return at.run()


def link_token(at: AppTest) -> str:
    """The personal token in the page's link (``?t=…``), as the app set it."""
    value = at.query_params["t"]
    return value if isinstance(value, str) else value[0]


def level(at: AppTest, value: int | str, criterion: str = CRITERION, kans: str = KANS):
    return at.button(key=f"pb_{kans}_{criterion}_{value}")


def own(store, live, criterion: str = CRITERION, kans: str = KANS):
    """The participant's stored answer: a number, None ("weet niet") or "absent"."""
    scores = store.workshops.load(live["wid"]).workshop.scores
    return scores.get((live["pid"], kans, criterion), "absent")


def score_entries(store, live) -> int:
    return [e.action for e in store.log.entries(live["wid"])].count("score")


# -- a second tap -----------------------------------------------------------------------
def test_a_second_tap_on_the_chosen_level_keeps_it(store, live):
    at = phone(live["token"])
    level(at, 3).click().run()
    assert own(store, live) == 3.0
    entries = score_entries(store, live)
    level(at, 3).click().run()
    assert not at.exception
    assert own(store, live) == 3.0  # not "weet niet", not emptied
    assert level(at, 3).proto.type == "primary"  # still shown as chosen
    assert level(at, "dk").proto.type != "primary"
    assert score_entries(store, live) == entries  # nothing changed, nothing logged


def test_a_second_tap_on_weet_niet_keeps_weet_niet(store, live):
    at = phone(live["token"])
    level(at, "dk").click().run()
    assert own(store, live) is None
    level(at, "dk").click().run()
    assert own(store, live) is None  # still "weet niet", not "not answered"
    assert level(at, "dk").proto.type == "primary"


def test_another_level_still_changes_the_answer(store, live):
    at = phone(live["token"])
    level(at, 3).click().run()
    level(at, 5).click().run()
    assert own(store, live) == 5.0
    assert level(at, 5).proto.type == "primary" and level(at, 3).proto.type != "primary"


# -- a tap that was not stored ------------------------------------------------------------
class HeldDatabase:
    """Another program holding the database's write lock (a backup, a second server)."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)

    def hold(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.conn.execute("ROLLBACK")

    def close(self) -> None:
        if self.conn.in_transaction:
            self.release()
        self.conn.close()


@pytest.fixture
def held(monkeypatch):
    """The app gives up on a held database after a moment instead of the usual 30 s
    (set before the app opens its store, on its first run)."""
    monkeypatch.setitem(SqliteDatabase.__init__.__kwdefaults__, "busy_timeout", 0.3)
    other = HeldDatabase(os.environ["KOPPELKANSEN_DB"])
    yield other
    other.close()


def keys_in_order(elements, at: AppTest) -> list[str]:
    """Buttons by key and error boxes as "error", in the order they are on the screen."""
    found = []
    for node in elements(at):
        kind = getattr(node, "type", "")
        if kind == "button" and getattr(node, "key", None):
            found.append(node.key)
        elif kind == "error":
            found.append("error")
    return found


def test_an_unstored_tap_says_so_at_its_criterion_and_a_retry_stores_it(store, live, held, elements, example):
    at = phone(live["token"])
    level(at, 2, NEXT_CRITERION).click().run()  # stored before the fault: must stay
    held.hold()
    level(at, 4).click().run()
    assert not at.exception
    assert own(store, live) == "absent"
    anchor = example.criterion(CRITERION).scale.anchor(4, "nl")
    said = (
        t("participant.unstored", "nl", answer=md(f"4 · {anchor}")) + "  \n" + t("error.storage_locked", "nl")
    )
    assert [e.value for e in at.error] == [said]
    # at that criterion: after its buttons, before the next criterion's
    order = keys_in_order(elements, at)
    notice = order.index("error")
    assert order.index(f"pb_{KANS}_{CRITERION}_dk") < notice < order.index(f"pr_{KANS}_{CRITERION}")
    assert order.index(f"pr_{KANS}_{CRITERION}") < order.index(f"pb_{KANS}_{NEXT_CRITERION}_1")
    assert own(store, live, NEXT_CRITERION) == 2.0  # nothing else lost
    assert level(at, 4).proto.type != "primary"  # not shown as chosen: it is not stored

    held.release()
    at.button(key=f"pr_{KANS}_{CRITERION}").click().run()
    assert own(store, live) == 4.0  # the same answer, stored now
    assert own(store, live, NEXT_CRITERION) == 2.0
    assert not at.error
    assert not [b for b in at.button if b.key == f"pr_{KANS}_{CRITERION}"]
    assert level(at, 4).proto.type == "primary"


def test_a_retry_that_fails_again_keeps_the_notice(store, live, held):
    at = phone(live["token"])
    held.hold()
    level(at, "dk").click().run()
    at.button(key=f"pr_{KANS}_{CRITERION}").click().run()
    assert own(store, live) == "absent"
    assert [e for e in at.error if t("score.dont_know", "nl") in e.value]
    held.release()
    at.button(key=f"pr_{KANS}_{CRITERION}").click().run()
    assert own(store, live) is None  # "weet niet", as tapped


def test_an_unstored_tap_on_another_koppelkans_is_named_at_the_top(store, live, held, example):
    at = phone(live["token"])
    held.hold()
    level(at, 5).click().run()
    held.release()
    at.button(key="p_next").click().run()
    warning = " ".join(w.value for w in at.warning)
    assert example.kans(KANS).name in warning.replace("\\", "")
    at.button(key="p_prev").click().run()
    at.button(key=f"pr_{KANS}_{CRITERION}").click().run()
    assert own(store, live) == 5.0
    at.button(key="p_next").click().run()
    assert not at.warning


def test_a_tap_after_the_round_closed_is_not_stored_and_can_be_retried_after_reopening(store, live):
    at = phone(live["token"])
    store.live.close_round(live["wid"], grant=grant_of(store, live["wid"]))  # the phone has not noticed yet
    level(at, 1).click().run()
    assert own(store, live) == "absent"
    assert [e for e in at.error if t("error.round_closed", "nl") in e.value]
    assert at.button(key=f"pr_{KANS}_{CRITERION}").disabled  # closed: no retry now
    store.live.reopen_round(live["wid"], grant=grant_of(store, live["wid"]))
    at.run()
    at.button(key=f"pr_{KANS}_{CRITERION}").click().run()
    assert own(store, live) == 1.0


# -- one browser, one participant -----------------------------------------------------------
def cookie_scripts(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html") if participant.COOKIE_NAME in h.proto.body]


def test_the_join_link_brings_a_known_browser_back_to_its_participant(store, live, monkeypatch, shown):
    monkeypatch.setattr(participant, "cookie_tokens", lambda: [live["token"]])
    people = len(store.workshops.load(live["wid"]).workshop.participants)
    at = phone(code=live["code"])
    assert not at.exception
    assert at.title[0].value == t("participant.hello", "nl", name="Anna")
    assert t("participant.returning", "nl", id=live["pid"], name="Anna") in shown(at)
    assert link_token(at) == live["token"] and "code" not in at.query_params
    assert len(store.workshops.load(live["wid"]).workshop.participants) == people
    assert not cookie_scripts(at)  # the browser holds the token already


def test_a_browser_with_a_token_of_another_workshop_is_asked_to_join(store, live, example, monkeypatch):
    other = store.workshops.create(example)
    protect(store, other, PIN)
    foreign, _ = store.live.join(store.live.open_round(other, grant=grant_of(store, other)).join_code, "Bo")
    monkeypatch.setattr(participant, "cookie_tokens", lambda: [foreign, "niet-een-token"])
    at = phone(code=live["code"])
    assert [t.value for t in at.title] == [t("join.title", "nl")]


def test_joining_stores_the_token_in_the_browser_and_no_user_text(store, live, submit):
    at = phone(code=live["code"])
    at.text_input(key="join_name").input('Eva "</script><script>alert(1)</script>')
    at = submit(at, "join")
    token = link_token(at)
    assert token != live["token"]
    scripts = cookie_scripts(at)
    assert len(scripts) == 1
    assert f"{participant.COOKIE_NAME}={token};" in scripts[0]
    rest = scripts[0].replace(token, "")
    assert "Eva" not in rest and "alert" not in rest and rest.count("<script>") == 1
    assert "SameSite=Lax" in scripts[0] and "Path=/" in scripts[0]


def test_a_typed_code_in_a_known_browser_gives_the_same_participant(store, live, submit, monkeypatch):
    monkeypatch.setattr(participant, "cookie_tokens", lambda: [live["token"]])
    at = phone(code="ABCD-EFGH")  # a link with a code of no open round: the right one is typed
    assert [t.value for t in at.title] == [t("join.title", "nl")]
    at.text_input(key="join_code").input(live["code"].lower())
    at.text_input(key="join_name").input("Iemand anders")
    at = submit(at, "join")
    assert link_token(at) == live["token"]
    assert at.title[0].value == t("participant.hello", "nl", name="Anna")
    names = [p.name for p in store.workshops.load(live["wid"]).workshop.participants]
    assert "Iemand anders" not in names


def test_the_cookie_keeps_a_few_workshops_newest_first(store, live, monkeypatch):
    older = [f"{n:02d}" + "a" * 30 for n in range(participant.COOKIE_TOKENS)]
    monkeypatch.setattr(participant, "cookie_tokens", lambda: list(older))
    at = phone(live["token"])
    (script,) = cookie_scripts(at)
    value = script.split(f"{participant.COOKIE_NAME}=")[1].split(";")[0]
    assert value.split(participant.COOKIE_SEPARATOR) == [live["token"], *older[:-1]]


def test_tokens_the_store_makes_fit_the_cookie():
    """The cookie only takes strings of TOKEN_SHAPE: a change in how tokens look must fail here."""
    from decision.store.security import new_token

    assert all(participant.TOKEN_SHAPE.fullmatch(new_token()) for _ in range(200))
    assert participant.COOKIE_SEPARATOR not in new_token()
