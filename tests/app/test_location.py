"""The facilitator's place in the URL (ui/location.py), through the pages that use it.

Each choice is restored from the address in a new session (a reload), validated
against what exists, and put back in the address as it changes.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from decision.domain.analysis import rank_workshop

APP = Path(__file__).resolve().parents[2] / "app.py"


def open_address(page: str, params: dict[str, str]) -> AppTest:
    """A page opened from an address in a new browser session (a reload, a shared link)."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    return at.switch_page(f"screens/{page}.py").run()


def test_method_and_aggregation_of_resultaten_survive_a_reload(app, wid):
    at = app("resultaten", wid)
    at.segmented_control(key="method").set_value("topsis").run()
    at.segmented_control(key="aggregation").set_value("median").run()
    assert (at.query_params["methode"], at.query_params["aggregatie"]) == ("topsis", "median")
    again = open_address("resultaten", at.query_params)
    assert not again.exception
    assert again.segmented_control(key="method").value == "topsis"
    assert again.segmented_control(key="aggregation").value == "median"


def test_an_unknown_method_in_the_address_is_the_default(wid):
    at = open_address("resultaten", {"w": wid, "methode": "dobbelsteen", "aggregatie": "median"})
    assert not at.exception
    assert at.segmented_control(key="method").value == "wsm"
    assert at.segmented_control(key="aggregation").value == "median"
    assert at.query_params["methode"] == "wsm", "the address is put right"


def test_the_presented_section_survives_a_reload_of_the_projector(app, wid):
    at = app("resultaten", wid, presentation=True)
    at.segmented_control(key="slide").set_value("heatmap").run()
    assert at.query_params["onderdeel"] == "heatmap"
    again = open_address("resultaten", at.query_params)
    assert again.segmented_control(key="slide").value == "heatmap"
    # stepping on goes on from the restored section, not from the first one
    again.button(key="slide__slide_prev").click().run()
    assert again.segmented_control(key="slide").value == "value"


def test_the_koppelkans_in_the_detail_form_survives_a_reload(app, wid):
    at = app("koppelkansen", wid)
    at.selectbox(key="detail_pick").set_value("K07").run()
    assert at.query_params["detail"] == "K07"
    again = open_address("koppelkansen", at.query_params)
    assert again.selectbox(key="detail_pick").value == "K07"


def besluit_order(at: AppTest) -> list[str]:
    """The koppelkansen in the order of Besluit's form (one status choice each)."""
    return [r.key.split("_")[2] for r in at.radio if r.key.startswith("dec_status_")]


def test_besluit_ranks_as_resultaten_did_after_a_reload_on_another_page(app, wid, example):
    """TOPSIS chosen on Resultaten, Scoren reloaded, then Besluit: the form and its report
    still follow TOPSIS, because the method went along in Scoren's address."""
    at = app("resultaten", wid)
    at.segmented_control(key="method").set_value("topsis").run()
    # a page link in the browser drops the address's parameters; the page puts them back
    at.switch_page("screens/scoren.py")
    at.query_params.pop("methode")
    at.run()
    assert at.query_params["methode"] == "topsis", "carried in the address of another page"
    reloaded = open_address("scoren", at.query_params)
    reloaded.switch_page("screens/besluit.py").run()
    assert not reloaded.exception
    topsis = list(rank_workshop(example, "topsis", "mean").table["id"])
    assert topsis != list(rank_workshop(example, "wsm", "mean").table["id"])
    assert besluit_order(reloaded) == topsis


def test_the_default_method_stays_out_of_the_address_of_other_pages(app, wid):
    at = app("scoren", wid)
    assert "methode" not in at.query_params and "aggregatie" not in at.query_params
