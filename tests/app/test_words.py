"""The words a gemeente uses, and English without Dutch: language links, labels for stored words."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from decision.domain.model import KansType, Status
from decision.text import formatting
from tests.app.conftest import APP, TIMEOUT, page
from ui.catalog import t
from ui.text import md


def test_a_link_with_lang_en_opens_the_app_in_english():
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == t("page.start_title", "en")
    assert at.sidebar.segmented_control(key="lang").value == "en", "the switch shows the language of the link"


def test_the_language_of_a_link_holds_on_another_page_and_the_switch_changes_it(wid):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.query_params["w"] = wid
    at.switch_page(page("resultaten")).run()
    assert at.title[0].value == t("page.resultaten_title", "en")
    at.sidebar.segmented_control(key="lang").set_value("nl").run()
    assert at.title[0].value == t("page.resultaten_title", "nl")
    assert at.query_params.get("lang") in (None, "nl", ["nl"]), "the link follows the switch"


def _options(at, prefix: str, column: str) -> dict[str, str]:
    [table] = [d for d in at.data_editor if (d.key or "").startswith(prefix)]
    config = json.loads(table.proto.columns)[column]
    return {o["value"]: o["label"] for o in config["type_config"]["options"]}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_inventory_shows_status_and_type_by_their_labels(app, wid, lang):
    at = app("koppelkansen", wid, lang=lang)
    assert _options(at, "kansen_", "status") == {s.value: t(f"status.{s.name.lower()}", lang) for s in Status}
    assert _options(at, "kansen_", "type") == {k.value: t(f"type.{k.value}", lang) for k in KansType}
    assert (
        _options(at, "kansen_", "status")["kandidaat"]
        == {"nl": "In afweging", "en": "Under consideration"}[lang]
    )


def test_the_kans_form_shows_its_extra_cost_as_euros(app, wid, example):
    at = app("koppelkansen", wid)
    kans = next(
        k for k in example.kansen if k.extra_cost is not None and k.extra_cost.low != k.extra_cost.high
    )
    at.selectbox(key="detail_pick").set_value(kans.id).run()
    low, high = (formatting.money(x, "nl", cents=False) for x in (kans.extra_cost.low, kans.extra_cost.high))
    assert t("kans.cost_amount", "nl", amount=f"{low} – {high}") in [c.value for c in at.caption]
    assert "." in low and "," not in low, "€ 1.250.000: points between thousands, no cents"


@pytest.mark.parametrize(
    ("page_name", "key"), [("resultaten", "howto.resultaten"), ("gevoeligheid", "howto.gevoeligheid")]
)
def test_the_methods_words_wait_in_a_how_does_this_work_expander(app, wid, page_name, key):
    at = app(page_name, wid)
    assert not at.exception
    [howto] = [e for e in at.expander if e.label == t("howto.title", "nl")]
    assert t(key, "nl") in [m.value for m in howto.markdown]


def test_english_scoring_shows_the_consensus_sheet_in_english(app, wid, store, example):
    from dataclasses import replace

    from decision.domain.model import Participant
    from decision.domain.progress import GROUP_ID

    group = Participant(GROUP_ID, t("scoren.group_name", "nl"), "consensus")
    with_group = replace(example, participants=(*example.participants, group))
    store.workshops.save(wid, with_group, base=store.workshops.load(wid))
    at = app("scoren", wid, lang="en")
    assert not at.exception
    shown_text = " ".join(str(p.text) for p in at.get("progress"))
    assert md(t("scoren.group_name", "en")) in shown_text
    assert md(t("scoren.group_name", "nl")) not in shown_text
