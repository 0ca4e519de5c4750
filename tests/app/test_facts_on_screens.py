"""A cost or a time the inventory fills in, on the phone and on Scoren.

- The phone shows the fact ("Volgens de inventarisatie: € 250.000 – € 750.000, niveau 3")
  and does not ask it: no level buttons, and the progress does not wait for it. "Toch
  anders scoren" still lets a participant give a level of their own; tapping the
  inventory's level, or "terug naar de inventarisatie", takes the own answer back.
- Scoren shows the filled-in level as chosen; a sheet that deviates gets the warning
  "Volgens de inventarisatie € 100.000 – € 400.000 (niveau 2); je kiest 3", and choosing
  the inventory's level again stores nothing of its own.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from decision.domain.model import Range
from decision.text import formatting
from tests.app.conftest import APP, TIMEOUT
from tests.conftest import grant_of, protect
from ui.catalog import t

PIN = "274193"
KANS = "K01"  # € 250.000 – € 750.000: level 3; 24–48 months: level 4


def fact_text(low: float, high: float, level: int, lang: str = "nl") -> str:
    return t("facts.from_inventory", lang, range=formatting.money_range(Range(low, high), lang), level=level)


def warning_text(low: float, high: float, level: int, chosen: str, lang: str = "nl") -> str:
    shown = formatting.money_range(Range(low, high), lang)
    return t("facts.override", lang, range=shown, level=level, chosen=chosen)


# -- the phone ----------------------------------------------------------------------------------
@pytest.fixture
def live(store, wid) -> dict:
    protect(store, wid, PIN)
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    token, pid = store.live.join(code, "Anna", "Bewoner")
    return {"token": token, "pid": pid, "wid": wid}


def phone(token: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["t"] = token
    return at.run()


def own(store, live, criterion: str, kans: str = KANS):
    return store.workshops.load(live["wid"]).workshop.scores.get((live["pid"], kans, criterion), "absent")


def level_keys(at: AppTest, criterion: str, kans: str = KANS) -> list[str]:
    return [b.key for b in at.button if (b.key or "").startswith(f"pb_{kans}_{criterion}_")]


def test_the_phone_shows_the_fact_and_does_not_ask_it(live):
    at = phone(live["token"])
    assert not at.exception
    infos = [i.value for i in at.info]
    assert fact_text(250_000, 750_000, 3) in infos
    assert "Volgens de inventarisatie: € 250.000 – € 750.000, niveau 3" in [
        v.replace("\xa0", " ") for v in infos
    ]
    assert not level_keys(at, "kosten") and not level_keys(at, "tijd")
    assert level_keys(at, "wensen")  # the other criteria are asked as always
    assert at.button(key=f"pf_{KANS}_kosten").label == t("facts.score_otherwise", "nl")


def test_the_progress_does_not_wait_for_what_the_inventory_fills_in(store, live):
    at = phone(live["token"])
    for criterion in ("wensen", "risico", "ambitie"):  # kosten and tijd are filled in
        at.button(key=f"pb_{KANS}_{criterion}_3").click().run()
    assert not at.exception
    assert own(store, live, "kosten") == "absent" and own(store, live, "tijd") == "absent"
    texts = [p.proto.text for p in at.get("progress")]
    assert texts == [t("participant.progress", "nl", done=1, total=14)]


def test_scoring_otherwise_stays_possible_and_can_be_taken_back(store, live):
    at = phone(live["token"])
    at.button(key=f"pf_{KANS}_kosten").click().run()
    assert level_keys(at, "kosten")  # asked now, on request
    at.button(key=f"pb_{KANS}_kosten_4").click().run()
    assert not at.exception
    assert own(store, live, "kosten") == 4.0
    assert warning_text(250_000, 750_000, 3, "4") in [w.value for w in at.warning]
    assert at.button(key=f"pb_{KANS}_kosten_4").proto.type == "primary"
    at.button(key=f"pi_{KANS}_kosten").click().run()  # back to the inventory
    assert own(store, live, "kosten") == "absent"
    assert not level_keys(at, "kosten")
    assert fact_text(250_000, 750_000, 3) in [i.value for i in at.info]


def test_tapping_the_inventorys_own_level_stores_nothing(store, live):
    at = phone(live["token"])
    at.button(key=f"pf_{KANS}_kosten").click().run()
    at.button(key=f"pb_{KANS}_kosten_2").click().run()
    assert own(store, live, "kosten") == 2.0
    at.button(key=f"pb_{KANS}_kosten_3").click().run()
    assert own(store, live, "kosten") == "absent"
    assert not at.warning
    assert fact_text(250_000, 750_000, 3) in [i.value for i in at.info]


# -- Scoren ---------------------------------------------------------------------------------------
def answer(at, pid: str, kid: str, cid: str):
    return next(r for r in at.radio if r.key.startswith(f"s_{pid}_{kid}_{cid}_"))


def kans_picker(at):
    return next(s for s in at.selectbox if (s.key or "").startswith("score_kans_pick_"))


def scoren(app, wid: str, who: str, kans: str, lang: str = "nl") -> AppTest:
    at = app("scoren", wid, lang=lang)
    at.selectbox(key="score_who").set_value(who).run()
    kans_picker(at).set_value(kans).run()
    return at


def test_scoren_shows_the_filled_in_level_as_chosen(app, wid, saved):
    at = scoren(app, wid, "bewoner", "K01")
    assert not at.exception
    assert ("bewoner", "K01", "kosten") not in saved(wid).scores
    assert answer(at, "bewoner", "K01", "kosten").value == 3
    assert answer(at, "bewoner", "K01", "tijd").value == 4
    assert fact_text(250_000, 750_000, 3) in [c.value for c in at.caption]
    assert not at.warning


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_deviation_on_scoren_shows_the_inventory_beside_the_choice(app, wid, saved, lang):
    assert saved(wid).scores[("bewoner", "K02", "kosten")] == 3.0  # the example's own deviation
    # opened on that sheet at once: a radio's value is read back through its labels, which
    # AppTest forms outside the page's run, in Dutch
    at = app("scoren", wid, lang=lang, score_who="bewoner", score_kans="K02")
    assert not at.exception
    assert at.subheader[0].value.startswith("K02 · ")
    if lang == "nl":
        assert answer(at, "bewoner", "K02", "kosten").value == 3
    expected = warning_text(100_000, 400_000, 2, "3", lang)
    assert expected in [w.value for w in at.warning]
    plain = expected.replace("\xa0", " ")
    assert plain == (
        "Volgens de inventarisatie € 100.000 – € 400.000 (niveau 2); je kiest 3"
        if lang == "nl"
        else "According to the inventory €100,000 – €400,000 (level 2); you choose 3"
    )


def test_choosing_the_inventorys_level_on_scoren_keeps_no_answer_of_its_own(app, wid, saved):
    at = scoren(app, wid, "bewoner", "K02")
    answer(at, "bewoner", "K02", "kosten").set_value(2).run()
    assert not at.exception
    assert ("bewoner", "K02", "kosten") not in saved(wid).scores
    assert answer(at, "bewoner", "K02", "kosten").value == 2
    assert not at.warning
    answer(at, "bewoner", "K02", "kosten").set_value(1).run()
    assert saved(wid).scores[("bewoner", "K02", "kosten")] == 1.0
    assert warning_text(100_000, 400_000, 2, "1") in [w.value for w in at.warning]


def test_the_score_table_warns_of_every_deviation(app, wid, saved):
    at = app("scoren", wid)
    at.selectbox(key="score_who").set_value("bewoner").run()
    at.segmented_control(key="score_view").set_value("table").run()
    assert not at.exception
    deviations = sorted(
        (kid, cid)
        for (pid, kid, cid), _ in saved(wid).scores.items()
        if pid == "bewoner" and cid in ("kosten", "tijd")
    )
    warned = [w.value for w in at.warning if "inventarisatie" in w.value]
    assert len(warned) == len(deviations) > 0
    assert any(warning_text(100_000, 400_000, 2, "3") in w for w in warned)
    assert t("facts.sheet_help", "nl") in [c.value for c in at.caption]
