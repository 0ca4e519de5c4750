"""Two facilitator tabs on one workshop: their edits merge, collisions are refused, undo is one edit.

Each tab is its own AppTest (its own session, as two browser tabs are), on the
same stored workshop. A tab's page is drawn, the other tab saves, and only then
does the first tab's edit arrive: it must keep what the other tab saved.
"""

from __future__ import annotations

from ui.catalog import t
from ui.text import md

MOTIVATION = "Past bij de vervanging van de riolering in 2027"


def motivation(at, kid: str):
    return next(a for a in at.text_area if a.key.startswith(f"dec_motivation_{kid}_"))


def weight_slider(at, cid: str):
    return next(s for s in at.slider if s.key == f"wd_{cid}")


def refused_values(at) -> list[str]:
    """The copyable blocks under the conflict message: what the user entered."""
    return [c.value for c in at.code]


def save_motivation(at, submit, kid: str, text: str):
    motivation(at, kid).input(text)
    return submit(at, "decisions")


def test_a_motivation_saved_in_one_tab_survives_a_weight_change_in_the_other(
    app, wid, store, saved, submit, example
):
    tab_a = app("ambitie", wid)  # tab A shows Ambitie & criteria
    tab_b = app("besluit", wid)
    tab_b = save_motivation(tab_b, submit, "K03", MOTIVATION)
    assert saved(wid).kans("K03").motivation == MOTIVATION
    logged_before = len(store.log.entries(wid))

    tab_a = weight_slider(tab_a, "kosten").set_value(40).run()  # drawn before B saved
    assert not tab_a.exception
    assert not tab_a.error, "disjoint edits merge without a message"
    w = saved(wid)
    assert w.kans("K03").motivation == MOTIVATION
    assert w.criterion("kosten").weight == 40
    new_entries = store.log.entries(wid)[: len(store.log.entries(wid)) - logged_before]
    assert new_entries, "the weight change is in the besluitlog"
    assert all(e.action != "decision" for e in new_entries), "the besluitlog records no motivation removed"
    assert {e.action for e in new_entries} <= {"weight", "weight_method"}
    # tab B, reloaded, still shows its motivation
    tab_b.run()
    assert motivation(tab_b, "K03").value == MOTIVATION


def test_the_same_motivation_typed_in_two_tabs_gives_the_conflict_message_and_keeps_the_text(
    app, wid, saved, submit
):
    tab_a = app("besluit", wid)
    tab_b = app("besluit", wid)
    save_motivation(tab_b, submit, "K03", MOTIVATION)
    mine = "Te duur <b>nu</b>; **later** opnieuw bekijken"
    tab_a = save_motivation(tab_a, submit, "K03", mine)
    assert not tab_a.exception
    assert saved(wid).kans("K03").motivation == MOTIVATION, "nothing of tab A was stored"
    message = t("error.conflict", "nl", fields="koppelkans K03 · motivatie")
    assert [e.value for e in tab_a.error] == [md(message)]
    assert "Iemand anders heeft dit net gewijzigd; de pagina is ververst" in message
    assert refused_values(tab_a) == [mine], "what A typed is shown again, as text"
    assert t("besluit.saved", "nl") not in tab_a.success.values, (
        "the page does not say the decision was recorded"
    )
    # the page is drawn again from the stored version
    assert motivation(tab_a, "K03").value == MOTIVATION
    # the notice stays through the next click, until it is dismissed
    tab_a = motivation(tab_a, "K05").input("iets anders").run()
    assert refused_values(tab_a) == [mine]
    tab_a = tab_a.button(key="conflict_ok").click().run()
    assert not tab_a.error and not refused_values(tab_a)


def test_a_weight_moved_in_both_tabs_is_refused_and_the_value_shown_in_english(app, wid, saved):
    tab_a = app("ambitie", wid, lang="en")
    tab_b = app("ambitie", wid)
    weight_slider(tab_b, "kosten").set_value(40).run()
    tab_a = weight_slider(tab_a, "kosten").set_value(10).run()
    assert not tab_a.exception
    assert saved(wid).criterion("kosten").weight == 40
    (message,) = [e.value for e in tab_a.error]
    assert message.startswith(md("Someone else has just changed this; the page has been refreshed"))
    assert md("criterion kosten · weight") in message
    assert "10" in refused_values(tab_a)
    stored = saved(wid)
    share = stored.criterion("kosten").weight / sum(c.weight for c in stored.criteria)
    assert weight_slider(tab_a, "kosten").value == round(100 * share), "drawn from the stored version"
    assert weight_slider(tab_a, "kosten").value != 10


def test_undo_in_one_tab_takes_back_only_its_own_edit(app, wid, example, saved, submit):
    tab_a = app("ambitie", wid)
    tab_a = weight_slider(tab_a, "kosten").set_value(40).run()
    tab_b = app("besluit", wid)
    save_motivation(tab_b, submit, "K03", MOTIVATION)
    tab_a = tab_a.button(key="undo").click().run()
    assert not tab_a.exception
    assert not tab_a.error
    w = saved(wid)
    assert [c.weight for c in w.criteria] == [c.weight for c in example.criteria]
    assert w.weight_method == example.weight_method
    assert w.kans("K03").motivation == MOTIVATION, "the other tab's edit stays"


def test_undo_says_so_when_the_same_field_was_changed_since(app, wid, saved):
    tab_a = app("ambitie", wid)
    tab_a = weight_slider(tab_a, "kosten").set_value(40).run()
    tab_b = app("ambitie", wid)  # drawn after A's change
    weight_slider(tab_b, "kosten").set_value(10).run()
    tab_a = tab_a.button(key="undo").click().run()
    assert not tab_a.exception
    assert saved(wid).criterion("kosten").weight == 10, "undo overwrote nothing"
    (message,) = [e.value for e in tab_a.error]
    assert message.startswith(t("undo.conflict", "nl", fields="")[:40])
    assert "criterium kosten · gewicht" in message
