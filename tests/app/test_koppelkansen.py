"""Koppelkansen: the natural-moment timeline and the detail form of one koppelkans."""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.domain.explain import starts_within
from decision.domain.model import LinkedProject, Range
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


def test_timeline_and_the_count_follow_the_horizon(app, wid, example):
    def sentence(horizon: int) -> str:
        n = sum(starts_within(k, 2026, horizon) for k in example.kansen)
        return t("kansen.moment_count", "nl", n=n, total=14, horizon=horizon)

    at = app("koppelkansen", wid)
    assert len(at.get("plotly_chart")) == 1
    assert at.slider(key="timeline_horizon").value == 2
    assert at.number_input(key="timeline_year").value == 2026  # the workshop's year
    assert sentence(2) in at.markdown.values
    assert sentence(0) != sentence(2) != sentence(10)
    for horizon in (0, 10):
        at.slider(key="timeline_horizon").set_value(horizon).run()
        assert not at.exception
        assert sentence(horizon) in at.markdown.values
        assert sentence(2) not in at.markdown.values
        assert len(at.get("plotly_chart")) == 1


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
