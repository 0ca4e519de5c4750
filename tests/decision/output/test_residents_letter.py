"""The bewonersversie: escaped, in the reader's form of address, without scores or criteria."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from html import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision.domain.analysis import rank_workshop
from decision.domain.model import (
    Address,
    Fiche,
    KansType,
    Koppelkans,
    LinkedProject,
    ParticipationLevel,
    ReportSettings,
    Status,
    Workshop,
)
from decision.files.workshop_file import load_workshop
from decision.output.residents import residents_b1_flags, residents_html

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=1>'
DAY = dt.date(2026, 12, 3)


def _fiche(text: str = "") -> Fiche:
    return Fiche(
        resident_summary=text or "We leggen een warmtenet aan.",
        location=text or "Kastanjelaan",
        resident_effect=text or "De straat is twee maanden open.",
        participation_moment=text or "Bewonersavond in het buurthuis",
        participation_date=dt.date(2027, 3, 12),
        participation_level=ParticipationLevel.CONSULT,
    )


def _workshop(address: Address = Address.FORMAL, text: str = "") -> Workshop:
    kansen = (
        Koppelkans("K1", text or "Warmtenet", KansType.PHYSICAL, description=text, status=Status.CHOSEN,
                   project=LinkedProject(text or "Rioolvervanging", 2028), fiche=_fiche(text)),
        Koppelkans("K2", text or "Buurttuin", KansType.SOCIAL, status=Status.NOT_CHOSEN,
                   motivation=text or "Er is geen plek voor."),
        Koppelkans("K3", "Zonnepanelen", KansType.PHYSICAL),
    )  # fmt: skip
    return Workshop(
        text or "Kastanjehof",
        neighbourhood=text or "Kastanjehof",
        kansen=kansen,
        reports=ReportSettings(address=address, contact=text or "Wijkteam, 010-1234567"),
    )


def test_hostile_text_in_every_field_is_escaped():
    page = residents_html(_workshop(text=HOSTILE), generated=DAY)
    assert "<script" not in page and "<img" not in page
    # every field the team typed reaches the page, escaped: name, summary, where, effect,
    # moment, project, motivation, contact and the wijk
    assert page.count(escape(HOSTILE)) >= 9


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="<>&\"' abc/=", min_size=1, max_size=30).filter(lambda s: s.strip()))
def test_no_typed_text_ever_makes_a_tag(text):
    page = residents_html(_workshop(text=text), generated=DAY)
    body = page.split("<body>", 1)[1]
    tags = set(re.findall(r"<(/?[a-z0-9]+)", body))
    assert tags <= {"header", "/header", "p", "/p", "h1", "/h1", "main", "/main", "h2", "/h2", "section",
                    "/section", "h3", "/h3", "dl", "/dl", "dt", "/dt", "dd", "/dd", "ul", "/ul", "li",
                    "/li", "span", "/span", "br", "/body", "/html"}  # fmt: skip


def test_u_and_je_change_the_words_that_address_the_reader():
    formal = residents_html(_workshop(Address.FORMAL), generated=DAY)
    informal = residents_html(_workshop(Address.INFORMAL), generated=DAY)
    assert "Wat merkt u ervan?" in formal and "Waar kunt u meepraten?" in formal
    assert "Wat merk je ervan?" in informal and "Waar kun je meepraten?" in informal
    words = lambda page: set(re.findall(r"\b(u|uw|je|jij)\b", page.split("<body>", 1)[1]))  # noqa: E731
    assert words(formal) <= {"u", "uw"} and "u" in words(formal)
    assert words(informal) <= {"je", "jij"} and "je" in words(informal)


def test_what_the_reader_is_told_per_chosen_one():
    page = residents_html(_workshop(), generated=DAY)
    assert "Warmtenet" in page and "Kastanjelaan" in page and "De straat is twee maanden open." in page
    assert "We willen beginnen in 2028" in page and "12 maart 2027" in page
    assert "We vragen wat u ervan vindt." in page  # raadplegen in plain words
    assert "Buurttuin: Er is geen plek voor." in page
    assert "Zonnepanelen" not in page  # still a candidate: not in the letter
    assert "voorstel" not in page


def test_without_a_choice_the_proposal_is_called_a_proposal():
    w = _workshop()
    w = w.with_kans(replace(w.kans("K1"), status=Status.PRIORITISED))
    page = residents_html(w, generated=DAY)
    assert "Ons voorstel" in page and '<span class="tag">voorstel</span>' in page
    assert "Dit gaan we doen" not in page


def test_no_not_chosen_ones_leave_the_section_out():
    w = _workshop()
    w = w.with_kans(replace(w.kans("K2"), status=Status.CANDIDATE, motivation=""))
    assert "Wat doen we niet" not in residents_html(w, generated=DAY)


def test_the_letter_has_no_scores_method_names_or_criteria(example_path):
    w = load_workshop(example_path)
    ranking = rank_workshop(w, "topsis", "mean")
    top = ranking.top(3)
    kansen = tuple(replace(k, status=Status.CHOSEN, fiche=_fiche()) if k.id in top else k for k in w.kansen)
    w = replace(w, kansen=kansen)
    page = residents_html(w, generated=DAY)
    body = re.sub(r"<[^>]+>", " ", page.split("<body>", 1)[1])
    assert "TOPSIS" not in page.upper() and "score" not in body.lower()
    for c in w.criteria:
        assert c.label.nl not in body, c.label.nl
    # the scores, as the results show them ("72,4"): no such number in the letter
    for value in ranking.table["score"]:
        assert f"{value * 100:.1f}".replace(".", ",") not in body
    assert not re.search(r"\d+,\d", body)


def test_a_known_long_sentence_is_flagged_with_its_length():
    long_sentence = " ".join(["woord"] * 26) + "."
    w = _workshop()
    w = w.with_kans(replace(w.kans("K1"), fiche=replace(_fiche(), resident_effect=long_sentence)))
    flags = residents_b1_flags(w)
    long = [f for f in flags if f.kind == "long_sentence"]
    assert [len(f.text.split()) for f in long] == [26]
    assert not [f for f in flags if f.kind == "jargon"]


def test_jargon_in_a_motivation_is_flagged_once():
    w = _workshop()
    w = w.with_kans(replace(w.kans("K2"), motivation="De meerkosten zijn te hoog."))
    w = w.with_kans(replace(w.kans("K3"), status=Status.NOT_CHOSEN, motivation="Ook hier meerkosten."))
    jargon = [f for f in residents_b1_flags(w) if f.kind == "jargon"]
    assert [f.text.lower() for f in jargon] == ["meerkosten"]


@pytest.mark.parametrize("address", list(Address))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_letters_own_words_pass_the_b1_check(address, lang):
    assert residents_b1_flags(_workshop(address), lang) == ()


def test_report_settings_are_saved_as_given_and_logged():
    from decision.domain.changelog import describe_changes
    from decision.domain.operations import set_report_settings

    w = _workshop()
    w = replace(w, criteria=())
    settings = ReportSettings(Address.INFORMAL, "  Wijkteam\n010  \n", ("onbekend",))
    changed = set_report_settings(w, settings)
    assert changed.reports == ReportSettings(Address.INFORMAL, "Wijkteam\n010", ())
    entries = [c for c in describe_changes(w, changed) if c.action == "reports"]
    assert entries and entries[0].detail["address"] == "je"
    assert not [c for c in describe_changes(changed, changed) if c.action == "reports"]
