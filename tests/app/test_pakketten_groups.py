"""Pakketten says whether package A stays the best under each group's own weights, and names the others."""

from __future__ import annotations

from dataclasses import replace

from decision.domain.packages import best_package_under_weights, groups_sentence, package_holds_per_group
from tests.app.test_pakketten import AGGREGATION, METHOD, analysis
from ui.text import md


def test_the_page_names_the_group_under_whose_weights_package_a_is_not_the_best(app, store, example):
    best = analysis(example).packages[0]
    base = {c.id: c.weight for c in example.criteria}
    # a group that cares about one criterion only; the first such view that picks another package
    single = [
        {c.id: (100.0 if c.id == only.id else 0.0) for c in example.criteria} for only in example.criteria
    ]
    other = next(
        ws
        for ws in single
        if best_package_under_weights(example, ws, method=METHOD, aggregation=AGGREGATION)
        != set(best.members)
    )
    w = replace(example, group_weights={"gemeente": base, "netbeheerder": other})
    wid = store.workshops.create(w)
    stored = store.workshops.load(wid).workshop
    held, not_held = package_holds_per_group(stored, best.members, method=METHOD, aggregation=AGGREGATION)
    assert (held, not_held) == (("gemeente",), ("netbeheerder",))
    at = app("pakketten", wid)
    assert not at.exception
    sentence = groups_sentence(stored, best.letter, held, not_held, "nl", quote=md)
    assert sentence in at.warning.values
    assert "1 van de 2" in sentence and "Netbeheerder" in sentence


def test_under_the_teams_own_weights_every_group_holds(app, store, example):
    base = {c.id: c.weight for c in example.criteria}
    wid = store.workshops.create(replace(example, group_weights={"gemeente": base, "bewoners": base}))
    at = app("pakketten", wid, lang="en")
    assert not at.exception
    letter = analysis(example).packages[0].letter
    assert groups_sentence(example, letter, ("gemeente", "bewoners"), (), "en") in at.success.values


def test_without_group_weights_the_page_says_nothing_about_groups(app, wid, example):
    at = app("pakketten", wid)
    assert not at.exception
    assert not any("groepen" in text for text in [*at.warning.values, *at.success.values])
