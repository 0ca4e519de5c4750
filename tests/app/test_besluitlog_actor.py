"""Besluitlog: who did it. The name a facilitator gives with the PIN, or the role in the
reader's language, never a Dutch word stored as data.
"""

from __future__ import annotations

import csv
import io

from tests.conftest import protect
from ui.catalog import t

PIN = "274193"


def _who(at, lang: str) -> list[str]:
    [log] = at.dataframe
    return list(log.value[t("log.col_who", lang)])


def _move_a_weight(at):
    slider = next(s for s in at.slider if s.key == "wd_wensen")
    return slider.set_value(40).run()


def test_the_name_given_with_the_pin_is_the_actor_of_what_follows(app, store, wid, submit):
    protect(store, wid, PIN)
    at = app("ambitie", wid)
    at.text_input(key="pin_entry").input(PIN)
    at.text_input(key="pin_name").input("  Sanne de Wit ")
    at = _move_a_weight(submit(at, "pin_form"))
    assert not at.exception
    weights = [e for e in store.log.entries(wid) if e.action == "weight"]
    assert weights and {e.actor for e in weights} == {"Sanne de Wit"}
    at.switch_page("screens/besluitlog.py").run()
    at.multiselect(key="log_filter").set_value([t("log.kind.weights", "nl")]).run()
    assert set(_who(at, "nl")) == {"Sanne de Wit"}


def test_without_a_name_the_log_says_facilitator_in_the_language_of_the_reader(app, store, wid, download):
    at = _move_a_weight(app("ambitie", wid))  # an open workshop: no PIN, no name
    assert not at.exception
    weights = [e for e in store.log.entries(wid) if e.action == "weight"]
    assert weights and {e.actor for e in weights} == {""}, "no word is stored for the role"
    for lang in ("nl", "en"):
        at = app("besluitlog", wid, lang=lang, log_filter=[t("log.kind.weights", lang)])
        assert not at.exception
        assert set(_who(at, lang)) == {t("log.facilitator", lang)}
    text = download(at, "dl_log").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {r["Who"] for r in rows if r["Kind"] == t("log.kind.weights", "en")} == {"facilitator"}
