"""The words a gemeente uses, and English without Dutch: language links, labels for stored words."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, TIMEOUT, page
from ui.catalog import t


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
