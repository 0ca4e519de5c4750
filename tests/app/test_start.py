"""Start: open the example, start a new workshop, import a workshop file, continue a recent one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.files.criteria_sets import load_criteria_sets
from ui.catalog import t


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_start_page_in_both_languages(app, lang):
    at = app("start", lang=lang)
    assert not at.exception
    assert at.title[0].value == t("page.start_title", lang)
    assert at.button(key="open_example").label == t("start.example_button", lang)
    assert at.file_uploader(key="import_file").label == t("start.import_label", lang)


def test_without_a_workshop_there_is_nothing_to_continue(app, shown):
    at = app()
    assert not at.exception
    assert t("start.continue", "nl", name="") not in shown(at)
    assert not at.error
    assert t("start.recent", "nl") not in shown(at)


def test_open_the_example(app, store, example, shown):
    at = app()
    at.button(key="open_example").click().run()
    assert not at.exception
    [summary] = store.workshops.list_recent()
    assert at.session_state["w"] == summary.id
    assert at.query_params["w"] == summary.id
    assert at.sidebar.selectbox[0].value == summary.id
    assert store.workshops.load(summary.id).workshop == example
    assert t("start.continue", "nl", name=example.name) in shown(at)
    assert t(
        "start.continue_facts", "nl", kansen=len(example.kansen), people=len(example.participants)
    ) in shown(at)


def test_a_new_workshop_needs_a_name(app, store, submit):
    at = app()
    submit(at, "new_workshop")
    assert not at.exception
    assert at.error[0].value == t("start.name_required", "nl") == "Geef de workshop een naam."
    assert store.workshops.list_recent() == []
    assert "w" not in at.query_params  # nothing was opened


def test_a_new_workshop_gets_the_chosen_criteria_set(app, store, submit, criteria_dir):
    sets = load_criteria_sets(criteria_dir)
    at = app()
    at.text_input(key="new_name").input("Koppelkansen Lindenhof")
    at.text_input(key="new_wijk").input("Lindenhof")
    at.text_input(key="new_gemeente").input("Rivierstad")
    at.selectbox(key="new_set").set_value("afwegen-in-de-wijk")
    submit(at, "new_workshop")
    assert not at.exception
    assert not at.error
    [summary] = store.workshops.list_recent()
    w = store.workshops.load(summary.id).workshop
    assert (w.name, w.neighbourhood, w.municipality) == ("Koppelkansen Lindenhof", "Lindenhof", "Rivierstad")
    assert w.criteria_set == "afwegen-in-de-wijk"
    assert w.criteria == sets["afwegen-in-de-wijk"].criteria
    assert (w.kansen, w.participants, w.scores) == ((), (), {})
    assert at.session_state["w"] == summary.id


def test_import_a_workshop_file(app, store, example, example_path):
    at = app()
    at.file_uploader(key="import_file").upload(
        "kastanjehof.yaml", example_path.read_bytes(), "application/x-yaml"
    )
    at.run()
    assert not at.exception
    assert not at.error
    [summary] = store.workshops.list_recent()
    assert store.workshops.load(summary.id).workshop == example
    assert at.session_state["w"] == summary.id


def test_a_broken_workshop_file_is_refused_with_its_name(app, store):
    at = app()
    broken = b"workshop:\n  naam: [niet afgesloten\n  wijk: x\n"
    at.file_uploader(key="import_file").upload("kapot-bestand.yaml", broken, "application/x-yaml").run()
    assert not at.exception
    [error] = at.error.values
    assert error.startswith("kapot-bestand.yaml")
    assert "YAML" in error
    assert store.workshops.list_recent() == []
    assert "w" not in at.query_params


def test_recent_workshops_are_listed_and_can_be_opened(app, store, example, shown):
    first = store.workshops.create(replace(example, name="Eerste wijk", neighbourhood="Noord"))
    second = store.workshops.create(replace(example, name="Tweede wijk", neighbourhood="Zuid"))
    at = app("start", second)
    text = shown(at)
    assert t("start.recent", "nl") in text
    assert "**Eerste wijk**  \nNoord  \n:small[open: geen PIN]" in at.markdown.values
    assert "**Tweede wijk**  \nZuid  \n:small[open: geen PIN]" in at.markdown.values
    assert at.button(key=f"open_{second}").disabled  # already open
    at.button(key=f"open_{first}").click().run()
    assert not at.exception
    assert at.session_state["w"] == first
    assert at.query_params["w"] == first
    assert t("start.continue", "nl", name="Eerste wijk") in shown(at)
