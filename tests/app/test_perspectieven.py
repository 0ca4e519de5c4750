"""Perspectieven: each group's order side by side, the switch "Elke groep telt even zwaar",
and each group's own weights.

Every expectation is computed from the stored workshop with the domain's own functions
(:func:`group_rankings`, :func:`attention_flags`, :func:`holds_under_group_weights`), never
a ranking of the example written down here.
"""

from __future__ import annotations

import json
from dataclasses import replace

from streamlit.proto.WidgetStates_pb2 import WidgetState

from decision.domain.analysis import rank_workshop
from decision.domain.model import GroupWeighting
from decision.domain.perspectives import (
    attention_flags,
    group_rankings,
    group_weight_sentence,
    holds_under_group_weights,
    lowest_group,
    lowest_group_sentence,
)
from decision.output.charts.perspectives import perspectives_table
from tests.ui.test_catalog_words import DUTCH_IN_ENGLISH, _found
from ui.catalog import t
from ui.text import md

METHOD, AGGREGATION = "wsm", "mean"  # what Resultaten starts with
# Dutch words of this page, beyond the catalog-wide list: none belongs in English.
PAGE_WORDS = ("groep", "groepen", "gewichten", "volgorde", "plaats", "houdt stand", "let op", "laag")


def matrix_figure(at) -> dict:
    """The matrix as the browser gets it (the first of its screen variants, keyed ``pv_matrix``)."""
    [chart] = [c for c in at.get("plotly_chart") if c.proto.id.endswith("pv_matrix")]
    return json.loads(chart.proto.spec)


def edit_weights(at, edited):
    """Send the change record the browser sends after typing in the weights table."""
    editor = next(e for e in at.data_editor if e.key.startswith("group_weights_"))
    record = {"edited_rows": edited, "added_rows": [], "deleted_rows": []}
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=editor.proto.id, string_value=json.dumps(record)))
    return at._run(states)


def test_the_matrix_shows_each_groups_place_on_the_example(app, wid, example, shown):
    view = group_rankings(example, METHOD, AGGREGATION)
    assert len(view.group_ids) >= 2, "the example's participants are in several groups"
    at = app("perspectieven", wid)
    assert not at.exception
    assert at.title[0].value == t("page.perspectieven_title", "nl")
    figure = matrix_figure(at)
    [trace] = figure["data"]
    order = list(rank_workshop(example, METHOD, AGGREGATION).table["id"])
    assert list(trace["y"]) == order
    assert list(trace["x"])[:-1] == list(view.group_ids)
    for i, kid in enumerate(order):
        for j, gid in enumerate(view.group_ids):
            assert trace["text"][i][j].split()[0] == str(int(view.ranks.loc[kid, gid])), (kid, gid)
    # the table under the chart says the same as the domain's table
    flags = attention_flags(example)
    expected = perspectives_table(example, view, flags, "nl", order=order)
    [frame] = [d.value for d in at.dataframe if list(d.value.columns) == list(expected.columns)]
    assert [tuple(r) for r in frame.itertuples(index=False)] == list(expected.rows)
    text = shown(at)
    assert t("persp.explain", "nl") in text
    ranking = rank_workshop(example, METHOD, AGGREGATION)
    for kid in ranking.top(3):
        found = lowest_group(example, view, kid)
        if found is not None:
            assert md(lowest_group_sentence(example, found, "nl")) in text
    assert t("persp.divisive_title", "nl") in at.header.values


def test_the_switch_sets_how_groups_count_in_the_store(app, wid, saved):
    at = app("perspectieven", wid)
    [switch] = [s for s in at.toggle if (s.key or "").startswith("pv_groups_")]
    assert switch.label == t("persp.toggle", "nl")
    assert switch.value is (saved(wid).group_weighting is GroupWeighting.GROUPS)
    switch.set_value(True).run()
    assert not at.exception
    assert saved(wid).group_weighting is GroupWeighting.GROUPS
    [switch] = [s for s in at.toggle if (s.key or "").startswith("pv_groups_")]
    assert switch.value is True
    switch.set_value(False).run()
    assert saved(wid).group_weighting is GroupWeighting.PERSONS


def test_a_row_that_does_not_sum_to_100_names_the_group_and_stores_nothing(app, wid, example, saved):
    at = app("perspectieven", wid)
    index = [g.id for g in example.groups].index("gemeente")
    first, second = example.criterion_ids[:2]
    at = edit_weights(at, {str(index): {first: 60, second: 30}})
    assert not at.exception
    message = t("error.group_weights_sum", "nl", group="Gemeente", total="90")
    assert message in at.error.values
    assert dict(saved(wid).group_weights) == {}


def test_a_good_row_is_stored_and_the_sentence_follows(app, wid, example, saved, shown):
    at = app("perspectieven", wid)
    index = [g.id for g in example.groups].index("gemeente")
    points = {cid: 0 for cid in example.criterion_ids}
    points[example.criterion_ids[0]] = 100
    at = edit_weights(at, {str(index): points})
    assert not at.exception
    w = saved(wid)
    assert {g: dict(v) for g, v in w.group_weights.items()} == {
        "gemeente": {k: float(v) for k, v in points.items()}
    }
    sentence = group_weight_sentence(w, holds_under_group_weights(w, METHOD, AGGREGATION), "nl")
    assert sentence
    assert t("persp.holds", "nl", sentence=sentence) in at.info.values
    # the same sentence on Gevoeligheid
    at.switch_page("screens/gevoeligheid.py").run()
    assert not at.exception
    assert t("sens.group_weights", "nl", sentence=sentence) in at.caption.values


def test_fewer_than_two_groups_with_sheets_gives_a_message_instead_of_the_matrix(app, store, example):
    one = replace(example, participants=tuple(replace(p, group="gemeente") for p in example.participants))
    wid = store.workshops.create(one)
    at = app("perspectieven", wid)
    assert not at.exception
    assert t("persp.too_few", "nl") in at.info.values
    assert not at.get("plotly_chart")


def test_english_mode_shows_english_texts(app, wid, example, shown):
    at = app("perspectieven", wid, lang="en")
    assert not at.exception
    assert at.title[0].value == t("page.perspectieven_title", "en")
    text = shown(at)
    assert t("persp.explain", "en") in text
    assert t("persp.explain", "nl") not in text
    words = text.replace("\\", "")  # md() escapes punctuation; compare the words
    for kans in example.kansen:  # the team's own names stay as typed
        words = words.replace(kans.name, " ")
    assert _found(words, DUTCH_IN_ENGLISH + PAGE_WORDS) == [], words
    [switch] = [s for s in at.toggle if (s.key or "").startswith("pv_groups_")]
    assert switch.label == t("persp.toggle", "en")
    figure = matrix_figure(at)
    view = group_rankings(example, METHOD, AGGREGATION)
    labels = [example.group(g).label.en for g in view.group_ids]
    ticks = figure["layout"]["xaxis"]["ticktext"][:-1]
    # each group's name heads its column, the part before any "(…)" where it is long
    assert len(ticks) == len(labels)
    for tick, label in zip(ticks, labels, strict=True):
        assert label.startswith(tick.rstrip("…")), (tick, label)


def edit_groups(at, record):
    editor = next(e for e in at.data_editor if e.key.startswith("groups_"))
    full = {"edited_rows": {}, "added_rows": [], "deleted_rows": []} | record
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=editor.proto.id, string_value=json.dumps(full)))
    return at._run(states)


def test_the_group_list_is_edited_on_the_page_and_offered_to_the_phones(app, store, wid, example, saved):
    at = app("perspectieven", wid)
    index = [g.id for g in example.groups].index("waterschap")
    at = edit_groups(at, {"added_rows": [{"naam": "Huurdersvereniging", "naam_en": "Tenants"}]})
    assert not at.exception and not at.error
    names = [g.label.nl for g in saved(wid).groups]
    assert names[-1] == "Huurdersvereniging" and len(names) == len(example.groups) + 1
    # removing the waterschap: its member belongs to no group any more, and the log says so
    at = app("perspectieven", wid)
    at = edit_groups(at, {"deleted_rows": [index]})
    assert not at.exception
    after = saved(wid)
    assert "waterschap" not in {g.id for g in after.groups}
    members = [p for p in example.participants if p.group == "waterschap"]
    group_of = {p.id: p.group for p in after.participants}
    assert members and all(group_of[p.id] == "" for p in members)
    assert "groups" in [e.action for e in store.log.entries(wid)]


def test_a_group_without_a_name_is_refused_with_the_row(app, wid, example, saved):
    at = app("perspectieven", wid)
    at = edit_groups(at, {"edited_rows": {"0": {"naam": ""}}})
    assert not at.exception
    assert any("rij 1" in e for e in at.error.values)
    assert saved(wid).groups == example.groups
