"""The report's package section: the package the team goes for, its best alternative, the
trade-off between them and the relations they rest on, escaped; and a report that still comes
when there are no scores or no package meets the rules.

The packages expected are computed with :func:`decision.domain.packages.analyse_packages`
from the same workshop the report is made of, never written down here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from html import escape, unescape
from itertools import permutations
from pathlib import Path

import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.model import Relation, RelationKind, Status, Workshop
from decision.domain.packages import analyse_packages, describe_issue, package_sentence, plain_top
from decision.errors import DecisionError
from decision.files.workshop_file import load_workshop
from decision.output.report import build_report
from decision.text.formatting import money_short, number
from decision.text.i18n import t
from tests.decision.output.test_report import EVIL, parse

ROOT = Path(__file__).resolve().parents[3]
GENERATED = dt.date(2026, 3, 20)


@pytest.fixture(scope="module")
def example() -> Workshop:
    return load_workshop(ROOT / "data" / "kastanjehof.yaml")


def analysis(w: Workshop):
    return analyse_packages(w, rank_workshop(w, "wsm", "mean"), method="wsm", aggregation="mean")


def package_section(w: Workshop, lang: str = "nl") -> str:
    page = build_report(w, lang, generated=GENERATED)
    assert parse(page).errors == []
    match = re.search(r'<section id="pakket">(.*?)</section>', page, re.S)
    assert match, "the report has a package section"
    return match.group(1)


def names(w: Workshop, ids) -> str:
    return ", ".join(escape(w.kans(kid).name) for kid in ids)


def named(section: str, lead_key: str, w: Workshop, ids) -> bool:
    """Whether the section says ``report.<lead_key>`` followed by exactly these koppelkansen,
    in any order (a name may hold a comma, so the list is not split)."""
    match = re.search(rf"{re.escape(escape(t('report.' + lead_key, 'nl')))} <strong>(.*?)</strong>", section)
    return match is not None and any(match.group(1) == names(w, order) for order in permutations(ids))


def trade_off(section: str) -> dict[str, tuple[str, str]]:
    """The trade-off table: row label -> (this package, the alternative), unescaped."""
    rows = re.findall(r"<tr><th>([^<]*)</th><td>([^<]*)</td><td>([^<]*)</td></tr>", section)
    return {unescape(label): (unescape(own), unescape(other)) for label, own, other in rows}


def with_status(w: Workshop, ids, status: Status) -> Workshop:
    return replace(w, kansen=tuple(replace(k, status=status) if k.id in ids else k for k in w.kansen))


def cost(view, lang: str = "nl") -> str:
    return f"{money_short(view.cost_low, lang)} – {money_short(view.cost_high, lang)}"


def test_without_a_decision_the_section_shows_package_a_and_its_alternative(example):
    assert not [k for k in example.kansen if k.status in (Status.CHOSEN, Status.PROPOSED)]
    result = analysis(example)
    a, b = result.packages[0], result.packages[1]
    section = package_section(example)
    assert f"<h2>{escape(t('report.package_title', 'nl'))}</h2>" in section
    assert named(section, "package_best", example, a.members)
    assert f"<p>{escape(package_sentence(a, result, 'nl'))}</p>" in section, "how robust package A is"
    alternative = section.split(f"<h3>{escape(t('report.package_alternative', 'nl'))}</h3>", 1)
    assert len(alternative) == 2, "the best alternative has its own heading"
    assert alternative[1].lstrip().startswith(f"<p><strong>{names(example, b.members)}</strong></p>")
    table = trade_off(section)
    assert table[t("report.package_alt_score", "nl")] == (number(a.total, "nl", 1), number(b.total, "nl", 1))
    assert table[t("report.package_alt_cost", "nl")] == (cost(a), cost(b))
    assert table[t("report.package_alt_themes", "nl")] == (str(len(a.themes)), str(len(b.themes)))
    assert len(table) == 4, "score, cost, themes and the share of scenarios"
    assert t("report.package_not_feasible", "nl") not in section, "package A meets every rule"


def test_a_proposal_is_the_package_and_package_a_its_alternative(example):
    result = analysis(example)
    b = result.packages[1]
    w = with_status(example, b.members, Status.PROPOSED)
    section = package_section(w)
    assert named(section, "package_proposed", w, b.members)
    after = section.split(escape(t("report.package_alternative", "nl")), 1)[1]
    assert f"<strong>{names(w, result.packages[0].members)}</strong>" in after
    table = trade_off(section)
    assert table[t("report.package_alt_score", "nl")] == (
        number(b.total, "nl", 1),
        number(result.packages[0].total, "nl", 1),
    )


def test_a_chosen_set_that_breaks_a_relation_is_named_with_what_is_wrong(example):
    ranking = rank_workshop(example, "wsm", "mean")
    top = plain_top(example, ranking)  # K02 needs K01, which is not in it
    result = analysis(example)
    w = with_status(example, top, Status.CHOSEN)
    section = package_section(w)
    assert named(section, "package_chosen", w, top)
    assert escape(t("report.package_not_feasible", "nl")) in section
    for issue in result.plain_issues:
        assert f"<li>{escape(describe_issue(issue, w, 'nl'))}</li>" in section
    # the team's set is no package of the analysis: its column is empty, package A is the alternative
    table = trade_off(section)
    assert table[t("report.package_alt_score", "nl")] == ("–", number(result.packages[0].total, "nl", 1))


def test_the_relations_are_listed_with_their_notes_escaped(example):
    evil_kans = replace(example.kans("K03"), name=f"Groen {EVIL}")
    w = replace(
        example.with_kans(evil_kans),
        relations=(
            *example.relations,
            Relation("K03", "K07", RelationKind.EXCLUDES, note=f"Niet allebei {EVIL} & <b>zeker</b>"),
        ),
    )
    section = package_section(w)
    assert "<script>" not in section and "<b>" not in section
    heading = f"<h3>{escape(t('report.package_relations', 'nl'))}</h3>"
    assert heading in section
    items = re.findall(r"<li>(.*?)</li>", section.split(heading, 1)[1])
    assert len(items) == len(w.relations)
    for item, r in zip(items, w.relations, strict=True):
        kind = t(f"report.relation.{r.kind.value}", "nl")
        expected = f"{escape(w.kans(r.source).name)} <em>{kind}</em> {escape(w.kans(r.target).name)}"
        assert item.startswith(expected), item
        if r.note:
            assert item.endswith(f" — {escape(r.note)}"), item
    assert escape(f"Niet allebei {EVIL} & <b>zeker</b>") in section


def test_without_relations_there_is_no_relations_list(example):
    section = package_section(replace(example, relations=()))
    assert escape(t("report.package_relations", "nl")) not in section
    assert escape(t("report.package_best", "nl")) in section


def test_the_section_in_english(example):
    result = analysis(example)
    section = package_section(example, "en")
    assert f"<h2>{escape(t('report.package_title', 'en'))}</h2>" in section
    assert escape(t("report.package_best", "en")) in section
    assert escape(t("report.relation.voorwaarde", "en")) in section
    table = trade_off(section)
    assert table[t("report.package_alt_score", "en")][0] == number(result.packages[0].total, "en", 1)


@pytest.mark.parametrize("case", ["no scores", "no package meets the rules"])
def test_a_workshop_without_a_package_still_gets_a_report(example, case):
    w = (
        replace(example, scores={})
        if case == "no scores"
        else replace(example, package=replace(example.package, budget=1.0))
    )
    with pytest.raises(DecisionError) as refused:
        analysis(w)
    section = package_section(w)
    assert f"<p>{escape(refused.value.localized('nl'))}</p>" in section
    assert escape(t("report.package_alternative", "nl")) not in section
    assert "<table>" not in section
    assert escape(t("report.package_relations", "nl")) in section, "the relations are still there"


def test_a_workshop_without_criteria_gets_a_report_without_the_section(example):
    page = build_report(replace(example, criteria=(), scores={}), "nl", generated=GENERATED)
    assert parse(page).errors == []
    assert '<section id="pakket">' not in page
