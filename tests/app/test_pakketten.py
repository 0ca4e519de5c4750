"""Pakketten: the best packages that can be carried out together, and taking one as the proposal.

Every expectation is computed from the stored workshop with the domain's own functions
(:func:`decision.domain.packages.analyse_packages`, :func:`package_issues`), never a
ranking written down here.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.model import PackageSettings, Status, Workshop
from decision.domain.packages import analyse_packages, describe_issue, plain_top
from decision.errors import DecisionError
from decision.text import formatting
from tests.ui.test_catalog_words import DUTCH_IN_ENGLISH, _found
from ui.catalog import UI_CATALOG, t
from ui.text import md

METHOD, AGGREGATION = "wsm", "mean"  # what Resultaten starts with
# Dutch words of these two pages, beyond the catalog-wide list: none belongs in English.
PAGE_WORDS = (
    "pakket", "pakketten", "samenhang", "relatie", "relaties", "trekker", "trekkers", "randvoorwaardelijk",
    "basisalternatief", "voorwaarde", "meerkosten", "overnemen", "waarom", "werklast", "thema", "thema's",
    "opslaan", "verwijderen", "toevoegen", "versterkt", "concurreert", "sluit uit", "zelfde werk", "jaar",
)  # fmt: skip


def analysis(w: Workshop):
    ranking = rank_workshop(w, METHOD, AGGREGATION)
    return analyse_packages(w, ranking, method=METHOD, aggregation=AGGREGATION)


def card(at, letter: str):
    """The bordered block of one package card (``st.container(key="package_<letter>")``)."""
    found = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            if str(getattr(getattr(child, "proto", None), "id", "")).endswith(f"-package_{letter}"):
                found.append(child)
            walk(child)

    walk(at._tree)
    [block] = found
    return block


def members(block) -> list[str]:
    """The koppelkans ids a card lists, in its order ("- **K06** name")."""
    return [m.group(1) for e in block.markdown if (m := re.match(r"- \*\*(\w+)\*\*", e.value))]


def names(w: Workshop, ids) -> str:
    return ", ".join(f"{kid} {md(w.kans(kid).name)}" for kid in ids)


def test_the_example_warns_that_its_plain_top_three_cannot_be_carried_out(app, wid, example):
    result = analysis(example)
    assert not result.plain_feasible, "the example's K02 needs K01, which is not in the top three"
    at = app("pakketten", wid)
    assert not at.exception
    assert at.title[0].value == t("page.pakketten_title", "nl")
    [warning] = at.warning.values
    assert warning.startswith(t("packages.plain_not", "nl", kansen=names(example, result.plain_top)))
    assert [i.kind for i in result.plain_issues] == ["requires_missing"]
    assert result.plain_issues[0].ids == ("K02", "K01")
    for issue in result.plain_issues:
        assert md(describe_issue(issue, example, "nl")) in warning
    # the user reads which koppelkans needs which, by id, whatever the catalog's words are
    assert "K02" in describe_issue(result.plain_issues[0], example, "nl")
    assert "K01" in describe_issue(result.plain_issues[0], example, "nl")
    assert not at.success, "no 'the top three can go together' beside the warning"


def test_the_cards_are_the_domains_packages_in_order(app, wid, example):
    result = analysis(example)
    at = app("pakketten", wid)
    assert not at.exception
    letters = [v.letter for v in result.packages]
    assert letters == ["A", "B", "C", "D", "E"][: len(result.packages)] and len(letters) > 1
    assert t("packages.best", "nl", n=len(letters), feasible=result.feasible) in at.header.values
    for view in result.packages:
        block = card(at, view.letter)
        assert block.subheader[0].value == t("packages.title", "nl", letter=view.letter)
        assert members(block) == list(view.members), view.letter
        assert block.metric[0].value == formatting.number(view.total, "nl", 1), view.letter
        assert block.button[0].key == f"adopt_package_{view.letter}"
        assert block.button[0].label == t("packages.adopt", "nl", letter=view.letter)
    # the first card is the best package: none of the others scores more
    assert all(result.packages[0].total >= v.total for v in result.packages)
    assert set(result.packages[0].members) != set(result.plain_top)


def test_taking_package_b_proposes_exactly_its_members(app, wid, example, saved):
    b = analysis(example).view("B")
    at = app("pakketten", wid)
    at.button(key="adopt_package_B").click().run()
    assert not at.exception
    w = saved(wid)
    assert {k.id for k in w.kansen if k.status is Status.PRIORITISED} == set(b.members)
    assert not [k.id for k in w.kansen if k.status in (Status.PROPOSED, Status.CHOSEN)], (
        "to be worked out first"
    )
    assert all(k.status is Status.CANDIDATE for k in w.kansen if k.id not in b.members)
    assert t("packages.adopted", "nl") in at.success.values
    # Besluit shows what is being worked out
    at.switch_page("screens/besluit.py").run()
    assert not at.exception
    proposal = ", ".join(md(k.name) for k in w.kansen if k.id in b.members)
    assert t("besluit.prioritised_open", "nl", kansen=proposal) in at.info.values


def test_without_relations_or_rules_package_a_is_the_rankings_top_three(app, store, example, saved):
    free = replace(example, relations=(), package=PackageSettings())
    top = rank_workshop(free, METHOD, AGGREGATION).top(3)
    assert len(top) == 3, "no tie at the third place in the example"
    result = analysis(free)
    assert result.plain_feasible and result.plain_top == plain_top(free, result.ranking)
    assert list(result.packages[0].members) == top
    wid = store.workshops.create(free)
    at = app("pakketten", wid)
    assert not at.exception
    assert not at.warning
    assert at.success[0].value == t("packages.plain_ok", "nl", kansen=names(free, top))
    assert members(card(at, "A")) == top
    at.button(key="adopt_package_A").click().run()
    assert {k.id for k in saved(wid).kansen if k.status is Status.PRIORITISED} == set(top)


def no_package(example: Workshop) -> Workshop:
    """The example with a meerkosten cap no three koppelkansen with a price stay under."""
    priced = sum(k.extra_cost is not None and k.extra_cost.high > 0 for k in example.kansen)
    assert priced == len(example.kansen), "every koppelkans has a cost, so a cap of € 1 leaves none"
    return replace(example, package=replace(example.package, budget=1.0))


def test_rules_that_leave_no_package_give_a_message_not_a_traceback(app, store, example):
    w = no_package(example)
    with pytest.raises(DecisionError) as refused:
        analysis(w)
    wid = store.workshops.create(w)
    at = app("pakketten", wid)
    assert not at.exception
    [error] = at.error.values
    assert error == t("packages.none", "nl", reason=refused.value.localized("nl"))
    assert not [b for b in at.button if (b.key or "").startswith("adopt_package_")]
    assert t("packages.to_samenhang", "nl") in [link.label for link in at.get("page_link")]


def test_the_page_needs_scores(app, store, example):
    wid = store.workshops.create(replace(example, scores={}))
    at = app("pakketten", wid)
    assert not at.exception
    assert at.info[0].value == t("results.no_scores", "nl")
    assert not at.button or not [b for b in at.button if (b.key or "").startswith("adopt_package_")]


def _team_words(w: Workshop) -> list[str]:
    """What the team typed or the file brought: names, themes, parties, notes, labels."""
    words = [w.name, w.neighbourhood, *(k.name for k in w.kansen), *(th.theme for th in w.themes)]
    words += [p for k in w.kansen for p in (*k.parties, k.lead) if p]
    words += [r.note for r in w.relations if r.note]
    words += [c.label.get("nl") for c in w.criteria]
    return sorted({x for x in words if x}, key=len, reverse=True)


def _page_text(at) -> str:
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
    parts = [str(e.value) for kind in kinds for e in at.get(kind)]
    parts += [b.label for b in at.button] + [m.label for m in at.metric] + [e.label for e in at.expander]
    parts += [link.label for link in at.get("page_link")]
    for kind in ("selectbox", "multiselect", "radio", "number_input", "text_input"):
        for widget in at.get(kind):
            parts.append(widget.label)
            parts += [str(o) for o in getattr(widget, "options", [])]
    for table in at.data_editor:  # the column headers the team reads
        columns = json.loads(table.proto.columns).values()
        parts += [str(c.get(part, "")) for c in columns for part in ("label", "help")]
    return "\n".join(parts)


@pytest.mark.parametrize("page_name", ["pakketten", "samenhang"])
def test_english_mode_has_no_dutch_words_but_the_teams_own(app, wid, example, page_name):
    at = app(page_name, wid, lang="en")
    assert not at.exception
    assert at.title[0].value == t(f"page.{page_name}_title", "en")
    text = _page_text(at).replace("\\", "")  # md() escapes punctuation; compare the words
    for own in _team_words(example):
        text = text.replace(own, " ")
    assert _found(text, DUTCH_IN_ENGLISH + PAGE_WORDS) == [], text
    # and none of the page's Dutch texts slipped through (those that differ from the English)
    dutch = [nl for nl, en in UI_CATALOG.values() if nl != en and len(nl) > 12 and "{" not in nl]
    assert [nl for nl in dutch if nl in text] == []
