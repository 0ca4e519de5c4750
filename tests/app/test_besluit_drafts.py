"""Besluit: a motivation typed and not yet recorded is never lost to another action.

The decisions are recorded with one button. Until then what was chosen and typed is
a draft of the session, kept through "Pakket A als voorstel overnemen", a save made elsewhere
and a visit to another page, shown as not saved, and can be thrown away.
"""

from __future__ import annotations

from dataclasses import replace

from decision.domain.analysis import rank_workshop
from decision.domain.model import Status
from decision.domain.packages import analyse_packages
from ui.catalog import t


def status_radio(at, kid: str):
    return next(r for r in at.radio if r.key.startswith(f"dec_status_{kid}_"))


def motivation(at, kid: str):
    return next(a for a in at.text_area if a.key.startswith(f"dec_motivation_{kid}_"))


def record(at):
    return at.button(key="decisions_save").click().run()


def unsaved_notice(at) -> list[str]:
    start = t("drafts.unsaved", "nl", what="§").split("§")[0]
    return [w.value for w in at.warning if w.value.startswith(start)]


def test_a_typed_motivation_survives_adopting_package_a(app, wid, example, saved):
    ranking = rank_workshop(example, "wsm", "mean")
    top = set(analyse_packages(example, ranking, method="wsm", aggregation="mean").packages[0].members)
    assert "K04" not in top, "the motivation is of a koppelkans the proposal leaves as it is"
    at = app("besluit", wid)
    motivation(at, "K04").input("Past niet in de planning van de VvE.").run()
    assert saved(wid).kans("K04").motivation == "", "typing is not recording"
    at.button(key="adopt").click().run()
    assert not at.exception
    assert motivation(at, "K04").value == "Past niet in de planning van de VvE."
    assert {k.id for k in saved(wid).kansen if k.status is Status.PRIORITISED} == top
    for kid in top:
        assert status_radio(at, kid).value == Status.PRIORITISED.value, "the selection shows in the form"
    for kid in top:
        status_radio(at, kid).set_value(Status.CHOSEN.value)
    assert motivation(at, "K04").value == "Past niet in de planning van de VvE.", "choosing keeps it too"
    record(at)
    w = saved(wid)
    assert w.kans("K04").motivation == "Past niet in de planning van de VvE."
    assert {k.id for k in w.kansen if k.status is Status.CHOSEN} == top


def test_drafts_survive_a_visit_to_another_page(app, wid, saved):
    at = app("besluit", wid)
    motivation(at, "K02").input("Eerst met de woningcorporatie praten.")
    status_radio(at, "K02").set_value(Status.NOT_CHOSEN.value)
    at.switch_page("screens/resultaten.py").run()
    assert not at.exception
    at.switch_page("screens/besluit.py").run()
    assert motivation(at, "K02").value == "Eerst met de woningcorporatie praten."
    assert status_radio(at, "K02").value == Status.NOT_CHOSEN.value
    assert saved(wid).kans("K02").status is Status.CANDIDATE, "nothing recorded yet"
    [notice] = unsaved_notice(at)
    assert "K02" in notice
    record(at)
    assert (saved(wid).kans("K02").status, saved(wid).kans("K02").motivation) == (
        Status.NOT_CHOSEN,
        "Eerst met de woningcorporatie praten.",
    )
    assert not unsaved_notice(at), "recorded: no draft left"
    assert at.success[0].value == t("besluit.saved", "nl")


def test_a_draft_survives_a_save_made_in_another_tab(app, store, wid, saved):
    at = app("besluit", wid)
    motivation(at, "K05").input("Budget pas in 2028.").run()
    stored = store.workshops.load(wid)
    other = stored.workshop.kans("K03")
    store.workshops.save(
        wid, stored.workshop.with_kans(replace(other, motivation="Elders ingevuld.")), base=stored
    )
    at.run()
    assert motivation(at, "K05").value == "Budget pas in 2028."
    assert motivation(at, "K03").value == "Elders ingevuld.", "others' saves show where there is no draft"


def test_throwing_drafts_away(app, wid, saved):
    at = app("besluit", wid)
    motivation(at, "K06").input("Toch maar niet.").run()
    assert unsaved_notice(at)
    at.button(key="decisions_discard").click().run()
    assert not at.exception
    assert motivation(at, "K06").value == ""
    assert not unsaved_notice(at)
    record(at)
    assert saved(wid).kans("K06").motivation == ""
