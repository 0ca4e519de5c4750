"""Scoren: the facilitator always knows whose sheet they fill in, also after a reload.

A reload starts a new session. Who is scoring, the koppelkans and the view are kept
in the address (``?wie=…&kans=…&weergave=…``), so the reloaded page opens the same
sheet; an address naming a participant who is not in the workshop opens the first
individual participant's sheet, with a notice, never the group's consensus sheet.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from streamlit.testing.v1 import AppTest

from decision.domain.model import Participant
from decision.domain.progress import GROUP_ID
from ui.catalog import t
from ui.text import md

APP = Path(__file__).resolve().parents[2] / "app.py"


def kans_picker(at):
    return next(s for s in at.selectbox if (s.key or "").startswith("score_kans_pick_"))


def answer(at, pid: str, kid: str, cid: str):
    return next(r for r in at.radio if r.key.startswith(f"s_{pid}_{kid}_{cid}_"))


def open_address(params: dict[str, str]) -> AppTest:
    """The Scoren page opened from an address in a new browser session (a reload, a link)."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    return at.switch_page("screens/scoren.py").run()


def banner(at) -> str:
    person = t("scoren.banner_person", "nl", name="§").split("§")[0]
    group = t("scoren.banner_group", "nl")
    texts = [e.value for e in (*at.info, *at.warning)]
    [shown] = [x for x in texts if x.startswith(person) or x == group]
    return shown


def with_group(store, wid: str) -> None:
    stored = store.workshops.load(wid)
    group = Participant(GROUP_ID, t("scoren.group_name", "nl"), t("scoren.group_role", "nl"))
    w = stored.workshop
    store.workshops.save(wid, replace(w, participants=(group, *w.participants)), base=stored)


def test_a_reload_keeps_the_participant_the_koppelkans_and_the_view(app, store, wid, saved):
    with_group(store, wid)
    at = app("scoren", wid)
    at.selectbox(key="score_who").set_value("bewoner").run()
    kans_picker(at).set_value("K05").run()
    assert at.query_params["wie"] == "bewoner" and at.query_params["kans"] == "K05"
    again = open_address(at.query_params)
    assert not again.exception
    assert again.selectbox(key="score_who").value == "bewoner", "not the consensus sheet"
    assert kans_picker(again).value == "K05"
    assert again.subheader[0].value.startswith("K05 · ")
    assert banner(again) == t("scoren.banner_person", "nl", name=md("Anoniem (bewoner)"))
    answer(again, "bewoner", "K05", "wensen").set_value(1).run()
    assert saved(wid).scores[("bewoner", "K05", "wensen")] == 1.0, "the answer went into the same sheet"
    assert (GROUP_ID, "K05", "wensen") not in saved(wid).scores

    again.segmented_control(key="score_view").set_value("table").run()
    assert again.query_params["weergave"] == "table"
    table_view = open_address(again.query_params)
    assert table_view.segmented_control(key="score_view").value == "table"
    assert table_view.selectbox(key="score_who").value == "bewoner"


def test_the_first_individual_is_the_default_not_the_group(app, store, wid, example):
    with_group(store, wid)
    at = app("scoren", wid)
    first = example.participants[0]
    assert at.selectbox(key="score_who").value == first.id
    assert banner(at) == t("scoren.banner_person", "nl", name=md(first.name))
    assert at.query_params["wie"] == first.id


def test_an_unknown_participant_in_the_address_opens_the_first_individual_with_a_notice(store, wid, example):
    with_group(store, wid)
    at = open_address({"w": wid, "wie": "iemand-anders", "kans": "K99"})
    assert not at.exception
    first = example.participants[0]
    assert at.selectbox(key="score_who").value == first.id
    assert t("scoren.unknown_participant", "nl", id="iemand-anders", name=md(first.name)) in [
        w.value for w in at.warning
    ]
    assert kans_picker(at).value == "K01", "an unknown koppelkans: the first"
    assert at.query_params["wie"] == first.id, "the address is put right"


def test_the_group_sheet_says_so_in_its_own_colour(app, store, wid):
    at = app("scoren", wid)
    at.button(key="as_group").click().run()
    assert at.selectbox(key="score_who").value == GROUP_ID
    assert banner(at) == t("scoren.banner_group", "nl")
    assert t("scoren.banner_group", "nl") in [w.value for w in at.warning], "a colour of its own"
    again = open_address(at.query_params)
    assert again.selectbox(key="score_who").value == GROUP_ID, "asked for: the group sheet stays"
    assert banner(again) == t("scoren.banner_group", "nl")


def test_the_banner_is_there_in_the_table_view_too(app, wid, example):
    at = app("scoren", wid)
    at.segmented_control(key="score_view").set_value("table").run()
    assert not at.exception
    first = example.participants[0]
    assert banner(at) == t("scoren.banner_person", "nl", name=md(first.name))


def test_coming_back_to_scoren_in_the_same_session_finds_the_same_sheet(app, wid):
    at = app("scoren", wid)
    at.selectbox(key="score_who").set_value("bewoner").run()
    at.switch_page("screens/resultaten.py").run()
    at.switch_page("screens/scoren.py").run()
    assert at.selectbox(key="score_who").value == "bewoner"
