"""Besluit & export: proposing the best package, recording decisions with reasons, and the downloads."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.model import Status, Workshop
from decision.domain.packages import analyse_packages
from decision.errors import DecisionError
from decision.files.workshop_file import parse_workshop_bytes
from tests.conftest import complete_fiche
from ui.catalog import t
from ui.text import md

BOM = b"\xef\xbb\xbf"


def package_a(w: Workshop) -> tuple[str, ...]:
    """The members of the best package that can be carried out together, in ranking order."""
    ranking = rank_workshop(w, "wsm", "mean")
    return analyse_packages(w, ranking, method="wsm", aggregation="mean").packages[0].members


def status_radio(at, kid: str):
    """The decision radio of one koppelkans (keyed on the stored version)."""
    return next(r for r in at.radio if r.key.startswith(f"dec_status_{kid}_"))


def motivation(at, kid: str):
    return next(a for a in at.text_area if a.key.startswith(f"dec_motivation_{kid}_"))


def record(at):
    """Press "Besluit vastleggen"."""
    return at.button(key="decisions_save").click().run()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_besluit_page_in_both_languages(app, wid, lang):
    at = app("besluit", wid, lang=lang)
    assert not at.exception
    assert at.title[0].value == t("page.besluit_title", lang)
    assert at.button(key="adopt").label == t("packages.adopt", lang, letter="A")
    assert len([r for r in at.radio if r.key.startswith("dec_status_")]) == 14


def test_besluit_needs_an_open_workshop(app):
    at = app("besluit")
    assert not at.exception
    assert at.info[0].value == t("layout.no_workshop", "nl")
    assert not at.download_button


def test_the_form_lists_the_koppelkansen_in_ranking_order(app, wid, example):
    order = list(rank_workshop(example, "wsm", "mean").table["id"])
    at = app("besluit", wid)
    assert [r.key.split("_")[2] for r in at.radio if r.key.startswith("dec_status_")] == order
    assert (
        at.markdown[0].value == f"{t('results.rank', 'nl', rank=1)} · **{md(example.kans(order[0]).name)}**"
    )


def test_adopting_package_a_prioritises_it_and_confirming_proposes_the_worked_out(
    app, store, example, saved, shown
):
    members = package_a(example)
    top = set(members)
    # on the example the best package is not the plain top three: K02 needs K01
    assert top != set(rank_workshop(example, "wsm", "mean").top(3))
    first, rest = members[0], set(members[1:])
    # the first member's fiche is worked out already (adopting keeps a fiche)
    wid = store.workshops.create(example.with_kans(complete_fiche(example.kans(first))))
    at = app("besluit", wid)
    kansen = ", ".join(f"{kid} {md(example.kans(kid).name)}" for kid in members)
    help_text = t("besluit.adopt_help", "nl", letter="A", kansen=kansen)
    assert help_text in at.caption.values, "the page says which koppelkansen the button proposes"
    assert "confirm_proposal" not in [b.key for b in at.button], "nothing taken over yet, nothing to propose"
    at.button(key="adopt").click().run()
    assert not at.exception
    w = saved(wid)
    assert {k.id for k in w.kansen if k.status is Status.PRIORITISED} == top
    assert not [k for k in w.kansen if k.status is Status.PROPOSED], "to be worked out, not a proposal yet"
    assert all(k.status is Status.CANDIDATE for k in w.kansen if k.id not in top)
    # The form shows the selection, by its label, so saving it keeps it.
    for k in w.kansen:
        assert status_radio(at, k.id).value == k.status.value
    assert t("status.prioritised", "nl") in [
        status_radio(at, kid).format_func("geprioriteerd") for kid in top
    ]
    names = ", ".join(md(k.name) for k in w.kansen if k.id in top)
    assert t("besluit.prioritised_open", "nl", kansen=names) in shown(at)
    unfinished = ", ".join(md(k.name) for k in w.kansen if k.id in rest)
    assert t("besluit.not_worked_out", "nl", kansen=unfinished) in at.caption.values
    assert not at.button(key="confirm_proposal").disabled, "one fiche is complete"
    assert not at.warning, "a selection owes no reasons yet"
    at.button(key="confirm_proposal").click().run()
    assert not at.exception
    w = saved(wid)
    assert w.kans(first).status is Status.PROPOSED, "the worked-out one goes to the projectteam"
    assert {k.id for k in w.kansen if k.status is Status.PRIORITISED} == rest, (
        "the others wait for their fiche"
    )
    assert not [k for k in w.kansen if k.status is Status.CHOSEN], "the choice is the stuurgroep's"
    assert t("besluit.proposal_open", "nl", kansen=md(example.kans(first).name)) in at.info.values
    assert at.button(key="confirm_proposal").disabled, "no other fiche is complete"
    for k in w.kansen:
        assert status_radio(at, k.id).value == k.status.value


def test_without_a_feasible_package_there_is_nothing_to_adopt_but_the_form_works(app, store, example, saved):
    """Rules no package meets: a message naming why, no proposal button, the decisions still recordable."""
    w = replace(example, package=replace(example.package, budget=1.0))
    with pytest.raises(DecisionError) as refused:
        package_a(w)
    wid = store.workshops.create(w)
    at = app("besluit", wid)
    assert not at.exception
    assert t("packages.none", "nl", reason=refused.value.localized("nl")) in at.warning.values
    assert "adopt" not in [b.key for b in at.button]
    status_radio(at, "K01").set_value(Status.CHOSEN.value)
    record(at)
    assert not at.exception
    assert saved(wid).kans("K01").status is Status.CHOSEN


def test_adopted_package_survives_saving_the_form(app, wid, example, saved):
    top = set(package_a(example))
    at = app("besluit", wid)
    at.button(key="adopt").click().run()
    motivation(at, "K04").input("Past niet in de planning van de VvE.")
    record(at)
    w = saved(wid)
    assert {k.id for k in w.kansen if k.status is Status.PRIORITISED} == top
    assert w.kans("K04").motivation == "Past niet in de planning van de VvE."


def test_adopting_and_confirming_are_in_the_besluitlog(app, store, example):
    top = package_a(example)
    wid = store.workshops.create(example.with_kans(complete_fiche(example.kans(top[0]))))
    at = app("besluit", wid)
    at.button(key="adopt").click().run()
    at.button(key="confirm_proposal").click().run()
    at.switch_page("screens/besluitlog.py").run()
    assert not at.exception
    [log] = at.dataframe
    what = list(log.value[t("log.col_what", "nl")])
    name = example.kans(top[0]).name
    assert any(line.startswith(f"{name}: in afweging → geprioriteerd") for line in what), what
    assert any(line.startswith(f"{name}: geprioriteerd (uit te werken) → voorstel") for line in what), what


def test_saving_decisions_stores_status_and_motivation(app, wid, saved):
    at = app("besluit", wid)
    status_radio(at, "K01").set_value(Status.CHOSEN.value)
    motivation(at, "K01").input("Straat gaat toch open.")
    status_radio(at, "K04").set_value(Status.NOT_CHOSEN.value)
    motivation(at, "K04").input("  Te duur voor nu.  ")
    assert saved(wid).kans("K01").status is Status.CANDIDATE, "nothing is saved before the button"
    record(at)
    assert not at.exception
    assert at.success[0].value == t("besluit.saved", "nl")
    w = saved(wid)
    assert (w.kans("K01").status, w.kans("K01").motivation) == (Status.CHOSEN, "Straat gaat toch open.")
    assert (w.kans("K04").status, w.kans("K04").motivation) == (Status.NOT_CHOSEN, "Te duur voor nu.")
    assert all(k.status is Status.CANDIDATE for k in w.kansen if k.id not in {"K01", "K04"})
    assert at.info[0].value == t("besluit.not_three", "nl", n=1)


def test_missing_motivations_are_listed(app, wid, saved):
    """Every decision, chosen or not chosen, asks for a reason; a candidate or a selection does not."""
    at = app("besluit", wid)
    assert not at.warning
    at.button(key="adopt").click().run()
    assert not at.warning, "a selection to work out is not decided yet"
    top = [k for k in saved(wid).kansen if k.status is Status.PRIORITISED]
    for k in top:
        status_radio(at, k.id).set_value(Status.CHOSEN.value)
    record(at)
    w = saved(wid)
    chosen = [k for k in w.kansen if k.status is Status.CHOSEN]
    assert [k.id for k in chosen] == [k.id for k in top]
    assert len(chosen) == 3 and not any(k.motivation for k in w.kansen)
    assert at.warning[0].value == t("besluit.missing_motivation", "nl",
                                    kansen=", ".join(md(k.name) for k in chosen))  # fmt: skip
    candidate = next(k for k in w.kansen if k.status is Status.CANDIDATE)
    status_radio(at, candidate.id).set_value(Status.NOT_CHOSEN.value)
    motivation(at, chosen[0].id).input("Sluit aan bij de rioolvervanging.")
    record(at)
    [warning] = at.warning.values
    assert md(chosen[0].name) not in warning
    rest = [k for k in saved(wid).kansen if k.id in {chosen[1].id, chosen[2].id, candidate.id}]
    assert warning == t("besluit.missing_motivation", "nl", kansen=", ".join(md(k.name) for k in rest))


def test_downloads(app, wid, example, download):
    at = app("besluit", wid)
    keys = sorted(b.key.rsplit("_", 1)[0] for b in at.download_button)
    assert keys == [
        "dl_appendix",
        "dl_inventory",
        "dl_rank",
        "dl_report",
        "dl_residents",
        "dl_scores",
        "dl_yaml",
    ]

    ranking = download(at, "dl_rank")
    assert ranking.startswith(BOM), "Excel needs the BOM to read UTF-8"
    rows = list(csv.reader(io.StringIO(ranking[len(BOM) :].decode("utf-8")), delimiter=";"))
    assert rows[0][:4] == [t(f"export.col_{c}", "nl") for c in ("rank", "tied", "id", "name")]
    assert [r[2] for r in rows[1:]] == list(rank_workshop(example, "wsm", "mean").table["id"])
    assert download(at, "dl_scores").startswith(BOM)

    assert parse_workshop_bytes(download(at, "dl_yaml"), "terug.yaml") == example
    assert download(at, "dl_report").lstrip().lower().startswith(b"<!doctype html")
    letter = download(at, "dl_residents").decode("utf-8")
    assert t("residents.title.u", "nl", wijk=example.neighbourhood) in letter
    appendix = download(at, "dl_appendix").decode("utf-8")
    assert appendix.startswith("<!DOCTYPE html>")
    assert t("appendix.fiches_none", "nl") in appendix, "nothing taken over yet: no fiche"


def test_international_csv_uses_commas(app, wid, download):
    at = app("besluit", wid)
    at.toggle(key="csv_intl").set_value(True).run()
    assert not at.exception
    header = download(at, "dl_rank").removeprefix(BOM).split(b"\r\n")[0].decode("utf-8")
    assert "," in header and ";" not in header
