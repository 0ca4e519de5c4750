"""Scoren: answering the questions of one koppelkans, "weet niet", progress, scoring as a group."""

from __future__ import annotations

import pytest

from decision.domain.progress import GROUP_ID
from decision.files.workshop_file import load_workshop
from tests.app.conftest import EXAMPLE
from ui.catalog import t
from ui.text import md

DONT_KNOW = "?"  # the radio option of "Weet niet"


def answer(at, pid: str, kid: str, cid: str):
    """The radio of one question; its key carries the stored version, so look it up each time."""
    return next(r for r in at.radio if r.key.startswith(f"s_{pid}_{kid}_{cid}_"))


def progress_texts(at) -> list[str]:
    return [p.proto.text for p in at.get("progress")]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_scoren_page_in_both_languages(app, wid, example, lang):
    at = app("scoren", wid, lang=lang)
    assert not at.exception
    assert at.title[0].value == t("page.scoren_title", lang)
    assert at.button(key="as_group").label == t("scoren.as_group", lang)
    assert len(at.get("progress")) == len(example.participants)  # one bar per sheet


def kans_picker(at):
    """The koppelkans list (a new widget whenever its done/not-done marks change)."""
    return next(s for s in at.selectbox if (s.key or "").startswith("score_kans_pick_"))


def test_the_koppelkans_list_keeps_its_choice_by_id_as_its_marks_change(app, store, wid):
    stored = store.workshops.load(wid)
    store.workshops.save(
        wid, stored.workshop.with_scores({}, remove=[("bewoner", "K01", "wensen")]), base=stored
    )
    at = app("scoren", wid)
    at.selectbox(key="score_who").set_value("bewoner").run()
    assert kans_picker(at).value == "K01"
    assert kans_picker(at).format_func("K01").startswith("○")
    answer(at, "bewoner", "K01", "wensen").set_value(3).run()
    assert kans_picker(at).format_func("K01").startswith("✓")
    at.button(key="next").click().run()
    assert not at.exception
    assert kans_picker(at).value == "K02"
    assert at.subheader[0].value.startswith("K02 · ")
    at.button(key="prev").click().run()
    assert kans_picker(at).value == "K01"
    kans_picker(at).set_value("K05").run()
    assert at.subheader[0].value.startswith("K05 · ")


def test_scoren_needs_an_open_workshop(app):
    at = app("scoren")
    assert not at.exception
    assert at.info[0].value == t("layout.no_workshop", "nl")
    assert not at.radio


def test_an_answer_is_stored_for_the_chosen_participant(app, wid, saved, example):
    before = example.scores[("bewoner", "K03", "wensen")]
    at = app("scoren", wid)
    at.selectbox(key="score_who").set_value("bewoner")
    kans_picker(at).set_value("K03")
    at.run()
    question = answer(at, "bewoner", "K03", "wensen")
    assert question.value == int(before)
    new = 1 if before != 1 else 2
    question.set_value(new).run()
    assert not at.exception
    scores = saved(wid).scores
    assert scores[("bewoner", "K03", "wensen")] == new
    assert answer(at, "bewoner", "K03", "wensen").value == new
    others = {k: v for k, v in example.scores.items() if k != ("bewoner", "K03", "wensen")}
    assert {k: scores[k] for k in others} == others, "nothing else changes"


def test_weet_niet_is_stored_as_unknown_not_as_zero(app, wid, saved):
    at = app("scoren", wid)
    answer(at, "pl-warmte", "K01", "risico").set_value(DONT_KNOW).run()
    assert not at.exception
    scores = saved(wid).scores
    assert ("pl-warmte", "K01", "risico") in scores
    assert scores[("pl-warmte", "K01", "risico")] is None
    assert answer(at, "pl-warmte", "K01", "risico").value == DONT_KNOW
    assert progress_texts(at)[0] == t("scoren.progress_row", "nl", name=md("Sanne de Vries"),
                                      answered=42, total=42, dont_know=1)  # fmt: skip
    # (14 × 3 cells: kosten and tijd are filled in from the inventory, and not asked)


def test_scoring_together_as_a_group(app, wid, saved):
    at = app("scoren", wid)
    at.button(key="as_group").click().run()
    assert not at.exception
    w = saved(wid)
    assert w.participant_ids[0] == GROUP_ID
    assert at.selectbox(key="score_who").value == GROUP_ID
    assert not [b for b in at.button if b.key == "as_group"], "the button goes once the group is there"
    group = md(t("scoren.group_name", "nl"))
    assert progress_texts(at)[0] == t(
        "scoren.progress_row", "nl", name=group, answered=0, total=42, dont_know=0
    )
    assert at.caption.values[-1].startswith(t("scoren.open_cells", "nl", cells="", more=""))

    answer(at, GROUP_ID, "K01", "wensen").set_value(4).run()
    assert saved(wid).scores[(GROUP_ID, "K01", "wensen")] == 4.0
    assert progress_texts(at)[0] == t(
        "scoren.progress_row", "nl", name=group, answered=1, total=42, dont_know=0
    )
    answer(at, GROUP_ID, "K01", "risico").set_value(DONT_KNOW).run()
    assert saved(wid).scores[(GROUP_ID, "K01", "risico")] is None
    assert progress_texts(at)[0] == t(
        "scoren.progress_row", "nl", name=group, answered=2, total=42, dont_know=1
    )
    assert len(saved(wid).scores) == len(load_workshop(EXAMPLE).scores) + 2


def test_next_and_previous_move_between_koppelkansen(app, wid, example):
    ids = list(example.kans_ids)
    at = app("scoren", wid)
    assert kans_picker(at).value == ids[0]
    assert at.subheader[0].value.startswith(f"{ids[0]} · ")
    at.button(key="next").click().run()
    assert kans_picker(at).value == ids[1]
    assert at.subheader[0].value == f"{ids[1]} · {md(example.kans(ids[1]).name)}"
    assert answer(at, "pl-warmte", ids[1], "wensen").value == example.scores[("pl-warmte", ids[1], "wensen")]
    at.button(key="prev").click().run()
    assert kans_picker(at).value == ids[0]
    at.button(key="prev").click().run()
    assert kans_picker(at).value == ids[-1], "previous from the first goes round to the last"
    assert not at.exception
