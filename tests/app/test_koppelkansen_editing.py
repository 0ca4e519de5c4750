"""Koppelkansen: new ones through a small form, long texts in the detail form, numbers that say why.

Typing right after a click into a grid cell loses the first characters (the cell's
editor opens a moment later), so names and other texts are read-only in the table and
edited in the detail form; a new koppelkans is added by name and opens in that form.
A number out of range is refused with a message naming the row, column and range,
never silently by the grid.
"""

from __future__ import annotations

import json

from decision.domain.model import KansType
from decision.files.tables import START_YEAR_HIGH, START_YEAR_LOW
from ui.catalog import t
from ui.text import md


def inventory(at):
    [table] = [d for d in at.data_editor if (d.key or "").startswith("kansen_")]
    return table


def form_field(at, kans_id: str, field: str):
    kinds = ("text_input", "text_area", "number_input", "selectbox", "multiselect")
    [widget] = [
        w
        for kind in kinds
        for w in at.get(kind)
        if (w.key or "").startswith(f"kf_{kans_id}_") and w.key.endswith(f"_{field}")
    ]
    return widget


def add_button(at):
    return next(b for b in at.button if (b.key or "").startswith("FormSubmitter:kans_add-"))


def test_long_texts_are_read_only_in_the_table_and_point_to_the_form(app, wid):
    table = inventory(app("koppelkansen", wid))
    columns = json.loads(table.proto.columns)
    for name in ("naam", "project", "beleidsdomeinen", "partijen"):
        assert columns[name].get("disabled") is True, name
        assert columns[name]["help"] == t("kansen.text_in_form", "nl"), name
    for name in ("type", "startjaar", "kosten_min", "status"):
        assert not columns[name].get("disabled"), f"{name} stays quick to edit in the table"
    assert table.editing_mode == "delete", "no empty last row to type a name into"


def test_numbers_have_no_silent_bounds_and_the_help_names_the_range(app, wid):
    columns = json.loads(inventory(app("koppelkansen", wid)).proto.columns)
    for name in ("startjaar", "kosten_min", "kosten_max", "duur_min", "duur_max"):
        config = columns[name]["type_config"]
        assert "min" not in config and "max" not in config, name
    assert columns["startjaar"]["help"] == t(
        "kansen.year_help", "nl", low=START_YEAR_LOW, high=START_YEAR_HIGH
    )
    assert columns["kosten_min"]["help"] == t("kansen.amount_help", "nl")


def test_a_new_koppelkans_is_added_by_name_and_opens_in_the_detail_form(app, wid, saved, example):
    at = app("koppelkansen", wid)
    at.text_input(key="kans_add_name").input("Speelplek bij de school")
    at.selectbox(key="kans_add_type").set_value(KansType.SOCIAL.value)
    at = add_button(at).click().run()
    assert not at.exception
    new = saved(wid).kansen[-1]
    assert (new.id, new.name, new.type) == ("K15", "Speelplek bij de school", KansType.SOCIAL)
    assert len(saved(wid).kansen) == len(example.kansen) + 1
    assert t("kansen.added", "nl", name=md(new.name), id="K15") in [s.value for s in at.success]
    assert at.selectbox(key="detail_pick").value == "K15"
    assert form_field(at, "K15", "name").value == "Speelplek bij de school"


def test_a_koppelkans_without_a_name_is_not_added(app, wid, saved, example):
    at = app("koppelkansen", wid)
    at.text_input(key="kans_add_name").input("   ")
    at = add_button(at).click().run()
    assert not at.exception
    assert saved(wid).kansen == example.kansen
    assert t("kans.name_required", "nl") in [e.value for e in at.error]


def unsaved(at) -> list[str]:
    start = t("drafts.unsaved", "nl", what="§").split("§")[0]
    return [w.value for w in at.warning if w.value.startswith(start)]


def test_the_detail_form_keeps_what_was_typed_through_another_page(app, wid, saved, example):
    at = app("koppelkansen", wid)
    form_field(at, "K01", "description").input("Eén sleuf voor warmte en riool.")
    form_field(at, "K01", "risks").input("Vertraging aanbesteding")
    at.switch_page("screens/scoren.py").run()
    at.switch_page("screens/koppelkansen.py").run()
    assert not at.exception
    assert form_field(at, "K01", "description").value == "Eén sleuf voor warmte en riool."
    assert form_field(at, "K01", "risks").value == "Vertraging aanbesteding"
    assert saved(wid).kans("K01").description == example.kans("K01").description, "not saved yet"
    [notice] = unsaved(at)
    assert md(example.kans("K01").name) in notice
    at.button(key="kans_form_K01_save").click().run()
    k = saved(wid).kans("K01")
    assert (k.description, k.risks) == ("Eén sleuf voor warmte en riool.", ("Vertraging aanbesteding",))
    assert not unsaved(at), "saved: no draft left"


def test_drafts_of_a_koppelkans_not_in_view_are_named_and_can_be_thrown_away(app, wid, saved, example):
    at = app("koppelkansen", wid)
    form_field(at, "K01", "name").input("Half getypt")
    at.selectbox(key="detail_pick").set_value("K02").run()
    assert t("kansen.unsaved_elsewhere", "nl", kansen="K01") in at.caption.values
    at.selectbox(key="detail_pick").set_value("K01").run()
    assert form_field(at, "K01", "name").value == "Half getypt"
    at.button(key="kans_form_K01_discard").click().run()
    assert form_field(at, "K01", "name").value == example.kans("K01").name
    assert not unsaved(at)
    assert saved(wid) == example
