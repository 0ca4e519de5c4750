"""Besluit: the report settings (u or je, the contact, criteria left out) and the letter for
residents with its B1 flags above the download."""

from __future__ import annotations

from dataclasses import replace

from decision.domain.model import Address, Fiche, ReportSettings, Status
from ui.catalog import t
from ui.text import md


def by_key(widgets, prefix: str):
    return next(x for x in widgets if x.key and x.key.startswith(prefix))


def test_the_settings_are_saved_and_logged(app, wid, store, saved):
    at = app("besluit", wid)
    by_key(at.radio, "rep_address_").set_value("je")
    by_key(at.text_area, "rep_contact_").input("Wijkteam Kastanjehof\n010 123 45 67")
    by_key(at.multiselect, "rep_hidden_").set_value(["ambitie"])
    next(b for b in at.button if b.label == t("reports.save", "nl")).click().run()
    assert not at.exception
    contact = "Wijkteam Kastanjehof\n010 123 45 67"
    assert saved(wid).reports == ReportSettings(Address.INFORMAL, contact, ("ambitie",))
    [entry] = [e for e in store.log.entries(wid) if e.action == "reports"]
    assert entry.detail["hidden"] == ["ambitie"]
    # the form shows what was stored
    assert by_key(at.radio, "rep_address_").value == "je"
    assert by_key(at.multiselect, "rep_hidden_").value == ["ambitie"]


def test_the_b1_flags_are_listed_above_the_download(app, store, example, download):
    long_text = " ".join(["woord"] * 26) + "."
    k = example.kansen[0]
    fiche = Fiche(resident_summary=long_text, resident_effect="De meerkosten zijn laag.")
    wid = store.workshops.create(example.with_kans(replace(k, status=Status.CHOSEN, fiche=fiche)))
    at = app("besluit", wid)
    assert not at.exception
    [notes] = [i.value for i in at.info if t("reports.flags_intro", "nl") in i.value]
    assert t("reports.flag_long", "nl", n=26, text=md(long_text)) in notes
    assert t("reports.flag_jargon_hint", "nl", word="meerkosten", hint="extra kosten") in notes
    assert long_text in download(at, "dl_residents").decode("utf-8")


def test_no_flags_is_said_in_one_line(app, wid):
    at = app("besluit", wid)
    assert t("reports.flags_none", "nl") in at.success.values
