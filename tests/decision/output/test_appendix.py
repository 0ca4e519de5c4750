"""The bijlage for the wijkuitvoeringsplan: one fiche per koppelkans in work, the package,
the koppelkansen not chosen with their reasons; every text the team typed escaped."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from decision.domain.fiche import missing_labels
from decision.domain.model import (
    Consultation,
    Fiche,
    Funding,
    FundingState,
    KansType,
    Koppelkans,
    Milestone,
    NextStep,
    ParticipationLevel,
    Status,
    Workshop,
)
from decision.domain.operations import adopt_proposal, record_decisions
from decision.files.workshop_file import load_workshop
from decision.output.appendix import appendix_html
from decision.text.i18n import t
from tests.conftest import ROOT, complete_fiche

HOSTILE = "<script>alert(\"x\")</script> & 'quotes'"
DAY = dt.date(2026, 12, 3)


class Tags(HTMLParser):
    """The tags of a document and the text of each fiche section."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> Tags:
    p = Tags()
    p.feed(page)
    return p


def hostile_kans() -> Koppelkans:
    h = HOSTILE
    fiche = Fiche(
        cost_bearer=h,
        funding=(Funding(h, 1000.0, FundingState.COMMITTED),),
        consequences=h,
        conditions=(h,),
        consultations=(Consultation(h, h, dt.date(2027, 1, 5), h),),
        milestones=(Milestone(h, dt.date(2027, 6, 1)),),
        next_steps=(NextStep(h, h, dt.date(2027, 2, 1)),),
        resident_summary=h,
        location=h,
        resident_effect=h,
        participation_moment=h,
        participation_date=dt.date(2027, 3, 1),
        participation_level=ParticipationLevel.ADVISE,
    )
    return Koppelkans("K01", h, KansType.SOCIAL, lead=h, status=Status.PRIORITISED, fiche=fiche)


@pytest.fixture
def example() -> Workshop:
    return load_workshop(ROOT / "data" / "kastanjehof.yaml")


def test_hostile_text_in_every_field_comes_out_escaped(small_workshop):
    out = Koppelkans("K02", h := HOSTILE, KansType.SOCIAL, status=Status.NOT_CHOSEN, motivation=h)
    w = replace(small_workshop, name=h, kansen=(hostile_kans(), out))
    page = appendix_html(w, "nl", generated=DAY)
    assert "<script" not in page.lower()
    tags = parse(page)
    assert "script" not in tags.tags
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quotes&#x27;"
    # the workshop name in title and intro; K01's name in the package and its fiche's
    # heading; the fiche's 15 texts (trekker, kostendrager, gevolgen, bron, voorwaarde,
    # domein, persoon, uitkomst, mijlpaal, stap, wie, and the four for residents); K02's
    # name and motivation in the not-chosen list
    assert page.count(escaped) == 2 + 2 + 15 + 2
    assert "".join(tags.text).count(HOSTILE) == page.count(escaped), "the reader sees the text as typed"


def test_a_half_filled_fiche_is_listed_with_what_is_missing(example):
    top = [k.id for k in example.kansen][:2]
    w = adopt_proposal(example, top)
    half = replace(w.kans(top[0]).fiche, cost_bearer="Gemeente", conditions=("Akkoord VvE",))
    w = w.with_kans(replace(w.kans(top[0]), fiche=half))
    w = w.with_kans(complete_fiche(w.kans(top[1])))
    page = appendix_html(w, "nl", generated=DAY)
    sections = dict(re.findall(r'<section class="fiche" id="fiche-(\w+)">(.*?)</section>', page, re.S))
    assert list(sections) == top, "one fiche per koppelkans in work, in inventory order"
    missing = missing_labels(w.kans(top[0]), "nl")
    assert "kostendrager" not in missing and "voorwaarden" not in missing and missing
    assert t("appendix.missing", "nl", fields=", ".join(missing)) in sections[top[0]]
    assert t("appendix.complete", "nl") in sections[top[1]]
    assert "Nog in te vullen" not in sections[top[1]]


def test_the_package_and_the_not_chosen_with_their_reasons(example):
    ids = list(example.kans_ids)
    w = adopt_proposal(example, ids[:3])
    w = record_decisions(
        w, {ids[5]: (Status.NOT_CHOSEN, "Past niet in de planning."), ids[6]: (Status.NOT_CHOSEN, "")}
    )
    page = appendix_html(w, "en", generated=DAY)
    package = page.split('<section id="pakket">')[1].split("</section>")[0]
    assert all(f"<li>{kid} " in package for kid in ids[:3])
    assert f"<li>{ids[3]} " not in package
    out = page.split('<section id="niet-gekozen">')[1].split("</section>")[0]
    assert "Past niet in de planning." in out
    assert t("appendix.motivation_missing", "en") in out, "a decision without its reason is marked"
    assert page.count('<section class="fiche"') == 3


def test_nothing_taken_over_says_so(example):
    page = appendix_html(example, "nl", generated=DAY)
    assert t("appendix.package_none", "nl") in page
    assert t("appendix.fiches_none", "nl") in page
    assert t("appendix.not_chosen_none", "nl") in page


def test_it_prints_on_a4_and_keeps_a_fiche_on_one_page(example):
    page = appendix_html(adopt_proposal(example, [example.kansen[0].id]), "nl", generated=DAY)
    assert "@page { size: A4;" in page
    assert re.search(r"\.fiche \{[^}]*page-break-inside: avoid", page)
    # self-contained: nothing fetched from elsewhere
    assert not re.search(r'<(script|link|img)\b|src=|href="http', page)
