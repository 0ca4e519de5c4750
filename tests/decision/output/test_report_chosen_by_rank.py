"""The report names the chosen koppelkansen in the order of the ranking, each with its place.

A council reads the summary first: the choice must show how it relates to the
scores (1e, 2e, gedeeld 3e), not the order in which the koppelkansen were listed
or picked.
"""

from __future__ import annotations

import re

from test_report import GENERATED, make_workshop, section

from decision.domain.model import KansType, Koppelkans, Status
from decision.output.report import build_report


def kansen(*, unscored_chosen: bool = False) -> tuple[Koppelkans, ...]:
    """Listed (and picked) as K03, K01, K02, K04; ranked K01 1st, K04 2nd, K02 and K03 tied 3rd."""
    listed = (
        Koppelkans("K03", "Groen & water", KansType.PHYSICAL, status=Status.CHOSEN, motivation="Kans"),
        Koppelkans("K01", "Warmtenet", KansType.PHYSICAL, status=Status.CHOSEN, motivation="Riool"),
        Koppelkans("K02", "Buurtkamer", KansType.SOCIAL, status=Status.NOT_CHOSEN, motivation="Duur"),
        Koppelkans("K04", "Buurtvervoer", KansType.SOCIAL, status=Status.CHOSEN, motivation="Vraag"),
    )
    if unscored_chosen:
        listed = (Koppelkans("K05", "Speeltuin", KansType.PHYSICAL, status=Status.CHOSEN, motivation="Wens"),
                  *listed)  # fmt: skip
    return listed


def chosen_items(page: str) -> list[str]:
    """The summary's list of chosen koppelkansen, as text, top to bottom."""
    summary = section(page, "samenvatting")
    items = re.findall(r"<li>(.*?)</li>", summary, re.S)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in items]


def test_the_summary_lists_the_chosen_by_rank_with_their_places():
    page = build_report(make_workshop(kansen=kansen()), "nl", generated=GENERATED)
    assert chosen_items(page) == ["1e Warmtenet", "2e Buurtvervoer", "gedeeld 3e Groen &amp; water"]


def test_the_places_are_in_english_too():
    page = build_report(make_workshop(kansen=kansen()), "en", generated=GENERATED)
    assert chosen_items(page) == ["1st Warmtenet", "2nd Buurtvervoer", "joint 3rd Groen &amp; water"]


def test_the_decisions_section_orders_its_groups_by_rank():
    page = build_report(make_workshop(kansen=kansen()), "nl", generated=GENERATED)
    chosen_group = re.search(r'<div class="decisions-chosen">(.*?)</div>\n</div>\n<div', page, re.S)
    assert chosen_group
    headings = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h4>(.*?)</h4>", chosen_group.group(1))]
    assert headings == [
        "Warmtenet (Plaats: 1e)",
        "Buurtvervoer (Plaats: 2e)",
        "Groen &amp; water (Plaats: gedeeld 3e)",
    ]


def test_a_chosen_koppelkans_without_scores_comes_last_and_says_so():
    page = build_report(make_workshop(kansen=kansen(unscored_chosen=True)), "nl", generated=GENERATED)
    assert chosen_items(page) == [
        "1e Warmtenet", "2e Buurtvervoer", "gedeeld 3e Groen &amp; water", "nog geen score Speeltuin",
    ]  # fmt: skip
