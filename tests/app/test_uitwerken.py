"""Uitwerken: the fiches of the koppelkansen in work, saving one, and the route buttons."""

from __future__ import annotations

import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.fiche import missing_labels
from decision.domain.model import Status, Workshop
from decision.domain.operations import adopt_proposal
from decision.domain.packages import analyse_packages
from ui.catalog import t
from ui.text import md


def package_a(w: Workshop) -> tuple[str, ...]:
    ranking = rank_workshop(w, "wsm", "mean")
    return analyse_packages(w, ranking, method="wsm", aggregation="mean").packages[0].members


def first_incomplete(w: Workshop) -> str:
    """A member of package A whose fiche is not worked out yet (the example works out two)."""
    return next(kid for kid in package_a(w) if missing_labels(w.kans(kid), "nl"))


@pytest.fixture
def adopted(example) -> Workshop:
    """The example after "Pakket A als voorstel overnemen"."""
    return adopt_proposal(example, package_a(example))


@pytest.fixture
def awid(store, adopted) -> str:
    return store.workshops.create(adopted)


def field(at, kid: str, name: str):
    """A text field of one koppelkans's fiche (keyed on the stored version)."""
    prefix = f"fiche_{kid}_{name}_"
    return next(x for x in [*at.text_input, *at.text_area] if x.key.startswith(prefix))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_example_after_adopting_shows_a_fiche_per_koppelkans_in_work(app, awid, adopted, lang):
    at = app("uitwerken", awid, lang=lang)
    assert not at.exception
    assert at.title[0].value == t("page.uitwerken_title", lang)
    members = package_a(adopted)
    shown = [s.value for s in at.subheader]
    assert shown == [f"{kid} {md(adopted.kans(kid).name)}" for kid in adopted.kans_ids if kid in members]
    complete = [kid for kid in members if not missing_labels(adopted.kans(kid), lang)]
    assert complete and len(complete) < len(members), "the example works out some of its package, not all"
    for kid in members:
        if kid in complete:
            continue
        missing = t("uitwerken.missing", lang, fields=", ".join(missing_labels(adopted.kans(kid), lang)))
        assert missing in at.warning.values
        assert field(at, kid, "lead").value == adopted.kans(kid).lead
    assert at.success.values.count(t("uitwerken.complete", lang)) == len(complete)
    assert len(at.warning.values) == len(members) - len(complete)


def test_without_koppelkansen_in_work_the_page_points_to_taking_over_a_proposal(app, wid):
    at = app("uitwerken", wid)
    assert not at.exception
    assert at.info[0].value == t("uitwerken.none", "nl")
    assert not at.subheader


def test_a_step_to_voorstel_with_an_incomplete_fiche_is_refused_in_dutch(app, awid, adopted, saved, store):
    kid = first_incomplete(adopted)
    before = store.workshops.version(awid)
    at = app("uitwerken", awid)
    at.button(key=f"route_{kid}_proposed").click().run()
    assert not at.exception
    missing = ", ".join(missing_labels(adopted.kans(kid), "nl"))
    assert t("error.route.fiche_incomplete", "nl", missing=missing) in at.error.values
    assert store.workshops.version(awid) == before, "nothing stored"
    assert saved(awid).kans(kid).status is Status.PRIORITISED


def test_not_chosen_needs_a_motivation(app, awid, adopted, saved, store):
    kid = package_a(adopted)[-1]
    before = store.workshops.version(awid)
    at = app("uitwerken", awid)
    at.button(key=f"route_{kid}_not_chosen").click().run()
    assert t("error.route.motivation_needed", "nl") in at.error.values
    assert store.workshops.version(awid) == before
    at.text_input(key=f"route_motivation_{kid}").input("Te duur voor nu.")
    at.button(key=f"route_{kid}_not_chosen").click().run()
    assert not at.exception
    k = saved(awid).kans(kid)
    assert (k.status, k.motivation) == (Status.NOT_CHOSEN, "Te duur voor nu.")
    assert f"{kid} {md(k.name)}" not in [s.value for s in at.subheader], "it left the work"


def test_saving_a_fiche_stores_it_and_the_besluitlog_has_it(app, awid, adopted, saved):
    kid = first_incomplete(adopted)
    at = app("uitwerken", awid)
    field(at, kid, "cost_bearer").input("Gemeente, wijkbudget")
    field(at, kid, "conditions").input("Akkoord VvE\n\n  Vergunning rond  ")
    field(at, kid, "lead").input("  Team Wijk  ")
    assert saved(awid).kans(kid).fiche.cost_bearer == "", "typing is not saving"
    at.button(key=f"fiche_save_{kid}").click().run()
    assert not at.exception
    k = saved(awid).kans(kid)
    assert k.fiche.cost_bearer == "Gemeente, wijkbudget"
    assert k.fiche.conditions == ("Akkoord VvE", "Vergunning rond")
    assert k.lead == "Team Wijk"
    assert t("uitwerken.saved", "nl", name=md(k.name)) in at.success.values
    # what is still missing follows the saved fiche
    assert t("uitwerken.missing", "nl", fields=", ".join(missing_labels(k, "nl"))) in at.warning.values
    at.switch_page("screens/besluitlog.py").run()
    [log] = at.dataframe
    what = list(log.value[t("log.col_what", "nl")])
    fields = t("merge.field.kans.fiche", "nl")
    assert t("log.action.kans_changed", "nl", kans=kid, fields=fields) in what, what
