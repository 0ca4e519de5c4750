"""The router (app.py) and the sidebar every page shares: language, open workshop, presentation mode."""

from __future__ import annotations

from dataclasses import replace

from ui.catalog import t
from ui.layout import PRESENTATION_CSS

PAGES = (
    "start", "ambitie", "koppelkansen", "samenhang", "scoren", "ronde", "resultaten", "gevoeligheid",
    "pakketten", "uitwerken", "besluit", "besluitlog",
)  # fmt: skip


def test_router_opens_the_start_page_with_the_shared_sidebar(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == t("page.start_title", "nl")
    assert at.sidebar.segmented_control(key="lang").value == "nl"
    assert at.sidebar.toggle(key="presentation").value is False
    picker = at.sidebar.selectbox[0]
    assert picker.label == t("sidebar.workshop", "nl")
    assert picker.value is None  # nothing open yet


def test_every_page_is_reached_through_the_router(app, wid):
    at = app("start", wid)
    for name in PAGES:
        at.switch_page(f"screens/{name}.py").run()
        assert not at.exception, name
        assert at.title[0].value == t(f"page.{name}_title", "nl"), name
        # The sidebar is drawn by app.py, so it is there on every page.
        assert at.sidebar.segmented_control(key="lang").value == "nl", name
        assert at.sidebar.selectbox[0].value == wid, name
        assert at.query_params["w"] == wid, name


def test_a_shared_link_opens_its_workshop(app, wid):
    """Only ``?w=…`` in the URL, as after a reload: the picker opens that workshop."""
    at = app("scoren", wid, link_only=True)
    assert not at.exception
    assert at.session_state["w"] == wid
    assert at.sidebar.selectbox[0].value == wid
    assert not at.info or at.info[0].value != t("layout.no_workshop", "nl")
    assert at.get("progress"), "the score page of the workshop is shown"


def test_an_unknown_workshop_in_the_link_opens_nothing(app):
    at = app("scoren", "bestaat-niet", link_only=True)
    assert not at.exception
    assert at.info[0].value == t("layout.no_workshop", "nl")
    assert at.sidebar.selectbox[0].value is None


def test_the_language_switch_translates_the_page(app, wid):
    at = app("resultaten", wid)
    assert at.title[0].value == t("page.resultaten_title", "nl")
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == t("page.resultaten_title", "en")
    assert at.sidebar.selectbox[0].label == t("sidebar.workshop", "en")


def test_the_picker_opens_another_workshop(app, store, wid, example):
    other = store.workshops.create(replace(example, name="Tweede workshop", neighbourhood="Lindenhof"))
    at = app("start", wid)
    assert at.subheader[1].value == t("start.continue", "nl", name="Koppelkansen kiezen Kastanjehof")
    at.sidebar.selectbox[0].set_value(other).run()
    assert not at.exception
    assert at.session_state["w"] == other
    assert at.query_params["w"] == other
    assert at.subheader[1].value == t("start.continue", "nl", name="Tweede workshop")


def test_presentation_mode_goes_on_in_the_sidebar_and_off_on_the_page(app, wid):
    def projector_css(at) -> bool:
        return any(h.proto.body.strip() == PRESENTATION_CSS.strip() for h in at.get("html"))

    at = app("resultaten", wid)
    assert not projector_css(at)
    at.sidebar.toggle(key="presentation").set_value(True).run()
    assert not at.exception
    assert projector_css(at)
    stop = next(b for b in at.button if b.label == t("layout.stop_presenting", "nl"))
    stop.click().run()
    assert not at.exception
    assert at.session_state["presentation"] is False
    assert not projector_css(at)
