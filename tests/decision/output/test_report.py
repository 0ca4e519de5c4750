"""The HTML report for the council and residents: content, escaping, charts, print CSS."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import decision
from decision.domain.analysis import rank_workshop
from decision.domain.model import (
    AmbitionTheme,
    KansType,
    Koppelkans,
    LinkedProject,
    Participant,
    Range,
    Status,
    Workshop,
)
from decision.errors import InputError
from decision.files.criteria_sets import load_criteria_set
from decision.output.report import OKABE_ITO, build_report

ROOT = Path(__file__).resolve().parents[3]
CRITERIA = load_criteria_set(
    ROOT / "criteria" / "01-wijkkompas-fase3.yaml"
).criteria  # weights 25/20/15/15/25
GENERATED = dt.date(2026, 3, 20)
EVIL = "<script>alert(1)</script>"

# koppelkans -> scores for wensen, kosten, tijd, risico, ambitie (None = "weet niet")
SHEET = {
    "K01": [3, 2, 2, 2, 5],
    "K02": [4, 5, 5, 4, 4],
    "K03": [4, 5, 5, 4, 4],  # the same as K02: they share a place
    "K04": [None, 3, 3, 3, 3],
}


def make_workshop(*, chosen: bool = True, kansen: tuple[Koppelkans, ...] | None = None) -> Workshop:
    if kansen is None:
        kansen = (
            Koppelkans(
                "K01", "Warmtenet meeleggen met rioolvervanging", KansType.PHYSICAL,
                description="De straat gaat één keer open.",
                policy_domains=("Riolering", "Energietransitie"), parties=("Gemeente", "Warmtebedrijf"),
                project=LinkedProject("Rioolvervanging fase 1", 2028),
                extra_cost=Range(250_000, 750_000), duration_months=Range(24, 48),
                opportunities=("Geen dubbele kosten",), risks=("Te weinig deelnemers",),
                themes=("T1",), status=Status.CHOSEN if chosen else Status.CANDIDATE,
                motivation="Natuurlijk moment: het riool moet toch vervangen worden.",
            ),
            Koppelkans("K02", EVIL, KansType.SOCIAL, status=Status.NOT_CHOSEN),
            Koppelkans("K03", "Groen & water", KansType.PHYSICAL, status=Status.NOT_CHOSEN,
                       motivation="Te duur <nu>; later opnieuw bekijken."),
            Koppelkans("K04", "Buurtvervoer voor ouderen", KansType.SOCIAL),
        )  # fmt: skip
    participants = (Participant("p1", "Anna"), Participant("p2"))
    scores = {
        (p.id, kid, c.id): (None if v is None else float(v))
        for p in participants
        for kid, row in SHEET.items()
        if kid in {k.id for k in kansen}
        for c, v in zip(CRITERIA, row, strict=True)
    }
    return Workshop(
        name="Kastanjehof kiest",
        neighbourhood="Kastanjehof",
        municipality="Rivierstad",
        date=dt.date(2026, 3, 12),
        fictitious=True,
        themes=(
            AmbitionTheme(
                "T1", "Aardgasvrij wonen", "Helft van de woningen aardgasvrij in 2030", "Aantal woningen"
            ),
        ),
        criteria_set="wijkkompas-fase3",
        criteria=CRITERIA,
        kansen=kansen,
        participants=participants,
        scores=scores,
    )


class TagChecker(HTMLParser):
    """Collects start tags and checks that the structural tags are closed in order."""

    VOID = {"meta", "br", "hr", "img", "link", "input", "rect", "line", "circle", "path"}
    CHECKED = {
        "html", "head", "body", "main", "header", "footer", "section", "article", "table", "thead", "tbody",
        "tr", "td", "th", "svg", "g", "figure", "ol", "ul", "dl", "div", "style", "title",
    }  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.starts: list[tuple[str, dict]] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))
        if tag in self.CHECKED:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag not in self.CHECKED:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}>, open: {self.stack[-3:]}")
            return
        self.stack.pop()


def parse(page: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(page)
    checker.close()
    return checker


@pytest.fixture(scope="module")
def page() -> str:
    return build_report(make_workshop(), "nl", generated=GENERATED)


def section(page: str, ident: str) -> str:
    match = re.search(rf'<section id="{ident}"[^>]*>(.*?)</section>', page, re.S)
    assert match, ident
    return match.group(1)


# -- structure ------------------------------------------------------------------------------
def test_parses_with_balanced_tags(page):
    checker = parse(page)
    assert checker.errors == []
    assert checker.stack == []
    tags = [tag for tag, _ in checker.starts]
    for tag in ("html", "head", "body", "main", "header", "footer", "table", "thead", "svg"):
        assert tag in tags
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in page
    assert '<meta charset="utf-8">' in page


def test_self_contained_without_scripts_or_external_files(page):
    lowered = page.lower()
    assert "<script" not in lowered
    assert "javascript:" not in lowered
    assert not re.search(r"""\b(src|href)\s*=""", lowered)
    assert "@import" not in lowered
    assert not re.search(r"\son[a-z]+\s*=", lowered)  # no event handlers either


def test_title_names_workshop_wijk_gemeente_and_date(page):
    assert "<h1>Kastanjehof kiest</h1>" in page
    assert "Wijk Kastanjehof" in page
    assert "Gemeente Rivierstad" in page
    assert "12 maart 2026" in page
    assert "verzonnen voorbeeld" in page  # the fictitious flag is shown


# -- escaping ---------------------------------------------------------------------------------
def test_every_koppelkans_name_appears_escaped(page):
    for name in ("Warmtenet meeleggen met rioolvervanging", "Buurtvervoer voor ouderen"):
        assert name in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert EVIL not in page
    assert "Groen &amp; water" in page
    assert "Groen & water" not in page
    assert "Te duur &lt;nu&gt;; later opnieuw bekijken." in page


def test_all_user_text_is_escaped_everywhere():
    hostile = '<b onmouseover="x">&'
    w = make_workshop()
    w = Workshop(
        name=hostile, neighbourhood=hostile, municipality=hostile, description=hostile,
        themes=(AmbitionTheme("T1", hostile, hostile, hostile),), criteria=w.criteria,
        kansen=(
            Koppelkans("K01", hostile, KansType.PHYSICAL, description=hostile, policy_domains=(hostile,),
                       parties=(hostile,), project=LinkedProject(hostile, 2027), opportunities=(hostile,),
                       risks=(hostile,), themes=("T1",), status=Status.NOT_CHOSEN, motivation=hostile),
        ),
        participants=w.participants,
        scores={k: v for k, v in w.scores.items() if k[1] == "K01"},
    )  # fmt: skip
    page = build_report(w, "nl", generated=GENERATED)
    checker = parse(page)
    assert checker.errors == []
    assert "b" not in [tag for tag, _ in checker.starts]
    assert not [name for _, attrs in checker.starts for name in attrs if name.startswith("on")]
    assert page.count("&lt;b onmouseover=&quot;x&quot;&gt;&amp;") >= 10


# -- summary ------------------------------------------------------------------------------------
def test_summary_lists_the_chosen_koppelkansen(page):
    summary = section(page, "samenvatting")
    assert "Het projectteam kiest voor" in summary
    assert "Warmtenet meeleggen met rioolvervanging" in summary
    assert "voorstel" not in summary
    assert page.index('id="samenvatting"') < page.index('id="rangorde"')  # up front


def test_summary_without_choice_proposes_the_top_three():
    page = build_report(make_workshop(chosen=False), "nl", generated=GENERATED)
    summary = section(page, "samenvatting")
    assert "nog geen keuze" in summary
    assert summary.count('<span class="tag">voorstel</span>') == 4  # places 1, 2 and a shared 3rd
    assert "gedeelde 3e plaats" in summary


def test_summary_of_an_adopted_proposal_says_it_is_a_proposal_until_chosen():
    from decision.domain.operations import adopt_proposal, record_decisions

    w = make_workshop(chosen=False)
    top = rank_workshop(w, "wsm", "mean").top(3)
    adopted = adopt_proposal(w, top[:3])
    page = build_report(adopted, "nl", generated=GENERATED)
    summary = section(page, "samenvatting")
    assert "als voorstel overgenomen" in summary
    assert "kiest voor" not in summary
    assert summary.count('<span class="tag">voorstel</span>') == 3
    decisions = section(page, "besluiten")
    assert "Voorstel, nog niet bevestigd" in decisions
    assert "motivatie ontbreekt" not in decisions, "a proposal owes no reason yet"
    # the ranking's table names the step: taken over to be worked out
    assert "geprioriteerd, wordt uitgewerkt" in section(page, "rangorde")
    assert {adopted.kans(kid).status for kid in top[:3]} == {Status.PRIORITISED}
    choice = record_decisions(adopted, {kid: (Status.CHOSEN, "Past in het plan.") for kid in top[:3]})
    confirmed = build_report(choice, "nl", generated=GENERATED)
    assert "Het projectteam kiest voor" in section(confirmed, "samenvatting")
    assert "voorstel" not in section(confirmed, "samenvatting")
    english = section(build_report(adopted, "en", generated=GENERATED), "samenvatting")
    assert "adopted these linking opportunities as a proposal" in english


# -- criteria and weights -------------------------------------------------------------------------
def test_criteria_with_direction_dutch_percentages_and_anchors(page):
    criteria = section(page, "criteria")
    for label in ("Wensen in de wijk", "Extra kosten", "Bijdrage aan de ambitie"):
        assert label in criteria
    for pct in ("25%", "20%", "15%"):
        assert pct in criteria
    assert "hoe hoger, hoe beter" in criteria
    assert "hoe lager, hoe beter" in criteria
    assert "Topwens uit het programma van wensen" in criteria  # an anchor
    assert "Zeer hoog: meer dan € 3 mln" in criteria


def test_weights_that_are_not_whole_percentages_show_as_the_app_shows_them():
    # Thirds: the whole percentages every screen shows, adding up to 100 (34 + 33 + 33).
    w = make_workshop()
    w = w.with_weights({c.id: 1 for c in w.criteria[:3]} | {c.id: 0 for c in w.criteria[3:]})
    criteria = section(build_report(w, "nl", generated=GENERATED), "criteria")
    assert "34%" in criteria and "33%" in criteria
    assert "33,3%" not in criteria


def test_ambition_themes_with_goals_and_indicators(page):
    ambition = section(page, "ambitie")
    assert "Aardgasvrij wonen" in ambition
    assert "Helft van de woningen aardgasvrij in 2030" in ambition
    assert "Aantal woningen" in ambition


# -- ranking ---------------------------------------------------------------------------------------
def test_ranking_table_with_scores_ties_and_counts(page):
    ranking = section(page, "rangorde")
    table = ranking[: ranking.index("</table>")]
    assert "<thead>" in table
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    assert len(rows) == 4
    expected = rank_workshop(make_workshop()).table
    for row, (_, r) in zip(rows, expected.iterrows(), strict=True):
        assert f">{round(100 * r['score'])}<" in row
    assert table.count("gedeelde 3e plaats") == 2
    # "weet niet" count for K04 (two participants, one criterion) and its weight coverage
    buurt = next(r for r in rows if "Buurtvervoer" in r)
    assert '<td class="num">2</td>' in buurt
    assert "75%" in buurt


def test_unscored_koppelkans_has_no_rank():
    w = make_workshop()
    w = w.with_scores({}, remove=[k for k in w.scores if k[1] == "K04"])
    page = build_report(w, "nl", generated=GENERATED)
    assert "nog geen score" in section(page, "rangorde")


# -- charts ---------------------------------------------------------------------------------------
def test_inline_svg_charts_with_one_bar_per_koppelkans_and_criterion(page):
    checker = parse(page)
    svgs = [attrs for tag, attrs in checker.starts if tag == "svg"]
    assert len(svgs) == 2
    assert all(a.get("role") == "img" and a.get("aria-label") for a in svgs)
    groups = [attrs.get("class") for tag, attrs in checker.starts if tag == "g"]
    assert groups.count("weight-bar") == len(CRITERIA)
    assert groups.count("score-row") == 4
    fills = {attrs.get("fill") for tag, attrs in checker.starts if tag == "rect"}
    assert fills - {None} <= set(OKABE_ITO)
    assert page.count('class="legend"') == len(CRITERIA)


def test_stacked_segments_add_up_to_the_score():
    page = build_report(make_workshop(), "nl", generated=GENERATED)
    rows = re.findall(r'<g class="score-row">(.*?)</g>', page, re.S)
    ranking = rank_workshop(make_workshop())
    for row, (_, r) in zip(rows, ranking.table.iterrows(), strict=True):
        widths = [float(x) for x in re.findall(r'class="segment"[^>]*?\swidth="([\d.]+)"', row)]
        assert sum(widths) == pytest.approx(r["score"] * 340, abs=0.5)


def test_topsis_draws_plain_score_bars():
    page = build_report(make_workshop(), "nl", method="topsis", generated=GENERATED)
    rows = re.findall(r'<g class="score-row">(.*?)</g>', page, re.S)
    assert len(rows) == 4
    assert all(row.count('class="segment"') == 1 for row in rows)
    assert 'class="legend"' not in page
    assert "TOPSIS" in section(page, "methode")


# -- decisions -------------------------------------------------------------------------------------
def test_chosen_and_not_chosen_with_motivations_and_missing_note(page):
    decisions = section(page, "besluiten")
    chosen = decisions[decisions.index("decisions-chosen") : decisions.index("decisions-not-chosen")]
    not_chosen = decisions[decisions.index("decisions-not-chosen") : decisions.index("decisions-candidate")]
    assert "Warmtenet meeleggen met rioolvervanging" in chosen
    assert "Natuurlijk moment: het riool moet toch vervangen worden." in chosen
    assert "Groen &amp; water" in not_chosen
    assert "Te duur &lt;nu&gt;; later opnieuw bekijken." in not_chosen
    assert "&lt;script&gt;" in not_chosen
    assert not_chosen.count("motivatie ontbreekt") == 1
    assert "Buurtvervoer voor ouderen" in decisions[decisions.index("decisions-candidate") :]


# -- cards -----------------------------------------------------------------------------------------
def test_cards_with_project_money_duration_and_strengths(page):
    cards = section(page, "koppelkansen")
    assert cards.count("<article") == 4
    card = re.search(r'<article class="card fysiek" id="kans-K01">(.*?)</article>', cards, re.S).group(1)
    assert "Rioolvervanging fase 1, start in 2028" in card
    assert "€\xa0250.000 – €\xa0750.000" in card
    assert "24–48 mnd" in card
    assert "Geen dubbele kosten" in card and "Te weinig deelnemers" in card
    assert "Aardgasvrij wonen" in card  # the theme by name
    assert re.search(r"Sterkste criterium</dt><dd>Bijdrage aan de ambitie<", card)
    assert re.search(r"Zwakste criterium</dt><dd>Wensen in de wijk<", card)


def test_no_strongest_or_weakest_when_all_criteria_score_alike(page):
    card = re.search(r'id="kans-K04">(.*?)</article>', page, re.S).group(1)
    assert "Sterkste criterium" not in card


# -- method and provenance ----------------------------------------------------------------------------
def test_method_section_explains_the_calculation(page):
    method = section(page, "methode")
    assert "0 tot 100" in method
    assert "hoe lager, hoe beter" in method
    assert "Weet niet" in method
    assert "1, 2, 2, 4" in method


def test_provenance(page):
    prov = section(page, "verantwoording")
    assert "gewogen gemiddelde" in prov
    assert "gemiddelde" in prov
    assert "40 scores, waarvan 2 keer" in prov
    assert decision.__version__ in prov
    assert "20 maart 2026" in prov
    assert "wijkkompas-fase3" in prov


def test_median_is_named():
    page = build_report(make_workshop(), "nl", aggregation="median", generated=GENERATED)
    assert "mediaan" in section(page, "verantwoording")


def test_unknown_method_is_refused():
    with pytest.raises(InputError):
        build_report(make_workshop(), "nl", method="magic")
    with pytest.raises(InputError):
        build_report(make_workshop(), "nl", aggregation="mode")


# -- print ------------------------------------------------------------------------------------------
def test_print_css(page):
    style = page[page.index("<style>") : page.index("</style>")]
    assert "@media print" in style
    assert re.search(r"@page\s*\{\s*size:\s*A4;\s*margin:\s*18mm", style)
    assert "break-inside: avoid" in style
    assert "display: table-header-group" in style
    assert re.search(r"font-size:\s*1[12](\.\d)?pt", style)
    # no dark backgrounds: every background colour is light
    for colour in re.findall(r"background:\s*#([0-9a-fA-F]{6})", style):
        r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
        assert 0.2126 * r + 0.7152 * g + 0.0722 * b > 200


# -- English and edge cases ---------------------------------------------------------------------------
def test_english_report():
    page = build_report(make_workshop(), "en", generated=GENERATED)
    assert '<html lang="en">' in page
    for heading in (
        "In short",
        "What did we look at?",
        "The ranking",
        "The decisions",
        "How was the score calculated?",
    ):
        assert f"<h2>{heading}</h2>" in page
    assert "the lower, the better" in page
    assert "shared 3rd place" in page
    assert "motivation missing" in page
    assert "20 March 2026" in page
    assert parse(page).errors == []


def test_a_workshop_without_koppelkansen_still_gets_a_report():
    w = Workshop(name="Leeg", criteria=CRITERIA)
    page = build_report(w, "nl", generated=GENERATED)
    assert "nog geen koppelkansen" in page
    assert parse(page).errors == []


def test_generated_date_defaults_to_today():
    page = build_report(make_workshop(), "nl")
    from decision.text.formatting import date

    assert date(dt.date.today(), "nl") in page
