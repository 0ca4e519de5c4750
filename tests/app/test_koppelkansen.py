"""Koppelkansen: the natural-moment timeline and the detail form of one koppelkans."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from decision.domain.model import KansType, LinkedProject, Range
from decision.domain.moment import NaturalMoment, classify
from ui import state
from ui.catalog import t


def form_key(at, kans_id: str, field: str) -> str:
    """The detail form's widgets are keyed on the stored version: find the current one."""
    prefix, suffix = f"kf_{kans_id}_", f"_{field}"
    kinds = ("text_input", "text_area", "number_input", "selectbox", "multiselect")
    [key] = {
        w.key
        for kind in kinds
        for w in at.get(kind)
        if (w.key or "").startswith(prefix) and w.key.endswith(suffix)
    }
    return key


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_koppelkansen_page_in_both_languages(app, wid, lang):
    at = app("koppelkansen", wid, lang=lang)
    assert not at.exception
    assert at.title[0].value == t("page.koppelkansen_title", lang)
    assert t("kansen.moment", lang) in at.header.values


def test_koppelkansen_needs_an_open_workshop(app):
    at = app("koppelkansen")
    assert not at.exception
    assert at.info[0].value == t("layout.no_workshop", "nl")
    assert not at.get("plotly_chart")


TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def today(monkeypatch):
    """The day the natural moment is counted from, fixed: the screen must not depend on the clock."""
    monkeypatch.setattr(state, "today", lambda: TODAY)
    return TODAY


def _count(example, window) -> str:
    n = sum(classify(k, TODAY, window) is NaturalMoment.WINDOW for k in example.kansen)
    low, high = (f"{x:g}".replace(".", ",") for x in window)
    return t("kansen.moment_window_count", "nl", n=n, total=14, low=low, high=high)


def test_the_natural_moment_setting_changes_the_window_and_the_count(app, wid, example, saved, store, today):
    at = app("koppelkansen", wid)
    assert not at.exception
    assert at.number_input(key="moment_from_1.5_4").value == 1.5
    assert at.number_input(key="moment_to_1.5_4").value == 4.0
    assert _count(example, (1.5, 4.0)) in at.markdown.values
    assert len(at.get("plotly_chart")) == 1
    at.number_input(key="moment_to_1.5_4").set_value(2.0).run()
    assert not at.exception
    assert saved(wid).moment_window == (1.5, 2.0)
    assert _count(example, (1.5, 2.0)) in at.markdown.values
    assert _count(example, (1.5, 2.0)) != _count(example, (1.5, 4.0))
    # the inputs now show what is stored, under keys of the new window
    assert at.number_input(key="moment_to_1.5_2").value == 2.0
    [entry] = [e for e in store.log.entries(wid) if e.action == "moment_window"]
    assert entry.detail == {"old_from": 1.5, "old_to": 4, "new_from": 1.5, "new_to": 2}


def test_a_window_that_ends_before_it_starts_is_refused_and_nothing_is_stored(app, wid, saved, today):
    at = app("koppelkansen", wid)
    at.number_input(key="moment_from_1.5_4").set_value(5.0).run()
    assert not at.exception
    assert saved(wid).moment_window == (1.5, 4.0)
    assert any("'vanaf' moet kleiner zijn dan 'tot'" in e.value for e in at.error)


def test_the_timeline_table_shows_each_koppelkans_with_its_class(app, wid, today):
    at = app("koppelkansen", wid)
    [frame] = [d.value for d in at.dataframe if "Natuurlijk moment" in d.value.columns]
    moments = dict(zip(frame["ID"], frame["Natuurlijk moment"], strict=True))
    assert moments["K02"] == t("moment.window", "nl")
    assert moments["K06"] == t("moment.now", "nl")
    assert moments["K14"] == t("moment.later", "nl")


def test_the_detail_form_saves_edits(app, wid, saved, submit):
    at = app("koppelkansen", wid)
    assert at.selectbox(key="detail_pick").value == "K01"
    at.text_input(key=form_key(at, "K01", "name")).input("Warmtenet en riool in één sleuf")
    at.number_input(key=form_key(at, "K01", "year")).set_value(2029)
    at.text_area(key=form_key(at, "K01", "risks")).input("Te weinig aansluitingen\nVertraging aanbesteding")
    submit(at, "kans_form_K01")
    assert not at.exception
    assert at.success[0].value == t("kans.saved", "nl", name="Warmtenet en riool in één sleuf")
    k = saved(wid).kans("K01")
    assert k.name == "Warmtenet en riool in één sleuf"
    assert k.project == LinkedProject("Rioolvervanging fase 1", 2029)
    assert k.risks == ("Te weinig aansluitingen", "Vertraging aanbesteding")
    # The form now shows what was stored.
    assert at.text_input(key=form_key(at, "K01", "name")).value == "Warmtenet en riool in één sleuf"


def test_the_detail_form_of_another_koppelkans(app, wid, saved, submit):
    at = app("koppelkansen", wid)
    at.selectbox(key="detail_pick").set_value("K08").run()
    at.number_input(key=form_key(at, "K08", "cost_low")).set_value(20_000)
    at.number_input(key=form_key(at, "K08", "cost_high")).set_value(60_000)
    submit(at, "kans_form_K08")
    assert not at.exception
    assert saved(wid).kans("K08").extra_cost == Range(20_000, 60_000)


def test_cost_from_above_cost_to_is_refused(app, wid, store, submit):
    before = store.workshops.load(wid)
    at = app("koppelkansen", wid)
    at.text_input(key=form_key(at, "K01", "name")).input("Andere naam")
    at.number_input(key=form_key(at, "K01", "cost_low")).set_value(900_000)
    at.number_input(key=form_key(at, "K01", "cost_high")).set_value(100_000)
    submit(at, "kans_form_K01")
    assert not at.exception
    assert at.error[0].value == t("kans.range_order", "nl", what=t("kans.cost", "nl"))
    assert not at.success
    after = store.workshops.load(wid)
    assert after.version == before.version
    assert after.workshop == before.workshop
    # What was typed stays in the form, to be corrected.
    assert at.number_input(key=form_key(at, "K01", "cost_low")).value == 900_000


def test_the_detail_form_shows_a_change_made_elsewhere(app, wid, store, saved, submit):
    """A rename in the table (or another tab) must not be undone by saving the form."""
    at = app("koppelkansen", wid)
    elsewhere = store.workshops.load(wid)
    w = elsewhere.workshop
    renamed = w.with_kans(replace(w.kans("K01"), name="Hernoemd in de tabel"))
    store.workshops.save(wid, renamed, base=elsewhere)
    at.run()
    assert at.text_input(key=form_key(at, "K01", "name")).value == "Hernoemd in de tabel"
    at.text_area(key=form_key(at, "K01", "risks")).input("Nieuw risico")
    submit(at, "kans_form_K01")
    k = saved(wid).kans("K01")
    assert (k.name, k.risks) == ("Hernoemd in de tabel", ("Nieuw risico",))


def _card_texts(at) -> list[str]:
    """Every text of the top-three cards, in card order."""
    texts = []
    for n in range(3):
        block = next(b for b in _blocks(at._tree) if getattr(b, "key", None) == f"top_card_{n}")
        texts.append(" ".join(str(getattr(e, "value", "")) for e in _blocks(block)))
    return texts


def _blocks(node) -> list:
    found = []
    for child in getattr(node, "children", {}).values():
        found.append(child)
        found.extend(_blocks(child))
    return found


def test_the_top_cards_carry_the_natural_moment_badge(app, wid, today):
    at = app("resultaten", wid)
    assert not at.exception
    cards = dict(zip(("K02", "K06", "K09"), _card_texts(at), strict=True))  # the example's top three
    assert t("results.moment_badge", "nl", moment=t("moment.now", "nl"), year=2026) in cards["K06"]
    assert t("results.moment_badge", "nl", moment=t("moment.window", "nl"), year=2028) in cards["K02"]
    assert t("results.moment_badge", "nl", moment=t("moment.now", "nl"), year=2026) in cards["K09"]


def test_the_detail_form_makes_a_koppelkans_both_social_and_physical(app, wid, saved, submit):
    at = app("koppelkansen", wid)
    box = at.selectbox(key=form_key(at, "K01", "type"))
    assert t("type.beide", "nl") in box.options  # offered, in words
    box.set_value("beide")
    submit(at, "kans_form_K01")
    assert not at.exception
    assert saved(wid).kans("K01").type is KansType.BOTH
    assert at.selectbox(key=form_key(at, "K01", "type")).value == "beide"


def test_a_new_koppelkans_can_be_both(app, wid, saved, submit):
    at = app("koppelkansen", wid)
    at.text_input(key="kans_add_name").input("Zorgwoningen met buurtkamer")
    at.selectbox(key="kans_add_type").set_value("beide")
    submit(at, "kans_add")
    assert not at.exception
    assert saved(wid).kansen[-1].type is KansType.BOTH
