"""The three-way merge of two edits of one workshop: what merges, what collides, and how it is named."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision.domain.merge import MISSING, find_conflicts, merge_workshops
from decision.domain.model import (
    AmbitionTheme,
    Criterion,
    Direction,
    KansType,
    Koppelkans,
    NumericScale,
    OrdinalScale,
    PackageSettings,
    Participant,
    Status,
    Text,
    WeightMethod,
    Workshop,
)
from decision.errors import ConflictError
from decision.files import paths
from decision.files.workshop_file import load_workshop
from decision.text.catalog import CATALOG


@pytest.fixture(scope="module")
def base() -> Workshop:
    return load_workshop(paths.EXAMPLE_WORKSHOP)


def with_motivation(w: Workshop, kans_id: str, text: str) -> Workshop:
    return w.with_kans(replace(w.kans(kans_id), motivation=text))


def rescaled(w: Workshop, changed: str, value: float) -> Workshop:
    """What the percentage sliders save: every weight rewritten, one of them moved."""
    total = sum(c.weight for c in w.criteria)
    weights = {c.id: round(100 * c.weight / total) for c in w.criteria}
    weights[changed] = value
    return replace(
        w.with_weights(weights), weight_method=WeightMethod.DIRECT, weight_inputs={"procenten": weights}
    )


def conflict_fields(base: Workshop, ours: Workshop, theirs: Workshop) -> tuple[str, ...]:
    with pytest.raises(ConflictError) as caught:
        merge_workshops(base, ours, theirs)
    return caught.value.fields


# -- the bug: a motivation typed in one tab, a weight moved in the other -----------


def test_a_motivation_saved_elsewhere_survives_a_weight_change_made_on_an_older_page(base):
    theirs = with_motivation(base, "K03", "Past bij de vervanging van de riolering in 2027")
    ours = rescaled(base, "kosten", 40)
    merged = merge_workshops(base, ours, theirs)
    assert merged.kans("K03").motivation == "Past bij de vervanging van de riolering in 2027"
    assert [c.weight for c in merged.criteria] == [c.weight for c in ours.criteria]
    assert merged.weight_inputs == ours.weight_inputs
    assert merged.kansen == theirs.kansen


def test_a_weight_rescale_merges_with_a_criterion_label_edit(base):
    theirs = replace(
        base,
        criteria=tuple(
            replace(c, label=Text("Kosten (€)")) if c.id == "kosten" else c for c in base.criteria
        ),
    )
    ours = rescaled(base, "tijd", 5)
    merged = merge_workshops(base, ours, theirs)
    assert merged.criterion("kosten").label == Text("Kosten (€)")
    assert merged.criterion("tijd").weight == 5
    assert merged.criterion("kosten").weight == ours.criterion("kosten").weight


# -- collisions -------------------------------------------------------------------


def test_the_same_motivation_typed_differently_in_two_tabs_is_a_conflict_naming_that_field(base):
    ours = with_motivation(base, "K03", "Goedkoper samen met de riolering")
    theirs = with_motivation(base, "K03", "Te duur voor dit jaar")
    assert conflict_fields(base, ours, theirs) == ("koppelkans K03 · motivatie",)


def test_every_colliding_field_is_named_in_dutch_and_in_english(base):
    ours = replace(
        with_motivation(rescaled(base, "kosten", 40), "K03", "a"),
        name="Workshop A",
        themes=tuple(replace(t, goal="Doel A") if t.id == "aardgasvrij" else t for t in base.themes),
    )
    theirs = replace(
        with_motivation(rescaled(base, "kosten", 10), "K03", "b"),
        name="Workshop B",
        themes=tuple(replace(t, goal="Doel B") if t.id == "aardgasvrij" else t for t in base.themes),
    )
    fields = conflict_fields(base, ours, theirs)
    for expected in (
        "workshop · naam",
        "ambitie aardgasvrij · doel",
        "criterium kosten · gewicht",
        "koppelkans K03 · motivatie",
        "workshop · invoer van de weging",
    ):
        assert expected in fields
    labels = {c.label("en") for c in find_conflicts(base, ours, theirs)}
    assert {"workshop · name", "criterion kosten · weight", "linking opportunity K03 · motivation"} <= labels


def test_a_conflict_keeps_both_values_so_the_page_can_show_what_was_typed(base):
    ours = with_motivation(base, "K03", "Mijn motivatie")
    theirs = with_motivation(base, "K03", "Andere motivatie")
    (conflict,) = find_conflicts(base, ours, theirs)
    assert (conflict.kind, conflict.item, conflict.field) == ("kans", "K03", "motivation")
    assert (conflict.base, conflict.ours, conflict.theirs) == (
        base.kans("K03").motivation,
        "Mijn motivatie",
        "Andere motivatie",
    )


def test_identical_edits_on_both_sides_merge(base):
    ours = with_motivation(rescaled(base, "kosten", 40), "K03", "Zelfde tekst")
    theirs = with_motivation(rescaled(base, "kosten", 40), "K03", "Zelfde tekst")
    assert merge_workshops(base, ours, theirs) == ours
    assert find_conflicts(base, ours, theirs) == ()


def test_status_and_motivation_of_one_koppelkans_are_separate_fields(base):
    ours = base.with_kans(replace(base.kans("K03"), status=Status.CHOSEN))
    theirs = with_motivation(base, "K03", "Waarom wel")
    merged = merge_workshops(base, ours, theirs)
    assert (merged.kans("K03").status, merged.kans("K03").motivation) == (Status.CHOSEN, "Waarom wel")


# -- lists keyed by id --------------------------------------------------------------


def test_deleting_a_koppelkans_the_other_side_edited_is_a_conflict(base):
    ours = replace(base, kansen=tuple(k for k in base.kansen if k.id != "K03"))
    theirs = with_motivation(base, "K03", "Net nog gemotiveerd")
    assert conflict_fields(base, ours, theirs) == ("koppelkans K03 · motivatie",)
    (conflict,) = find_conflicts(base, ours, theirs)
    assert conflict.ours is MISSING and conflict.theirs == "Net nog gemotiveerd"
    # and the other way round
    assert conflict_fields(base, theirs, ours) == ("koppelkans K03 · motivatie",)


def test_deleting_a_koppelkans_the_other_side_left_alone_deletes_it_with_its_scores(base):
    ours = replace(base, kansen=tuple(k for k in base.kansen if k.id != "K03")).with_scores(
        {}, remove=[key for key in base.scores if key[1] == "K03"]
    )
    theirs = with_motivation(base, "K05", "Elders bewerkt")
    # meanwhile a participant scored the koppelkans that is being deleted
    someone = base.participant_ids[0]
    theirs = theirs.with_scores({(someone, "K03", "kosten"): 2.0})
    merged = merge_workshops(base, ours, theirs)
    assert "K03" not in merged.kans_ids
    assert not [key for key in merged.scores if key[1] == "K03"]
    assert merged.kans("K05").motivation == "Elders bewerkt"


def test_additions_from_both_sides_are_kept_and_appended_in_order(base):
    ours = base.with_kans(Koppelkans("K90", "Buurtmoestuin", KansType.SOCIAL))
    theirs = base.with_kans(Koppelkans("K91", "Regenwaterberging", KansType.PHYSICAL))
    merged = merge_workshops(base, ours, theirs)
    assert merged.kans_ids == (*base.kans_ids, "K91", "K90")
    people = merge_workshops(
        base,
        replace(base, participants=(*base.participants, Participant("X1", "Anna"))),
        replace(base, participants=(*base.participants, Participant("X2", "Bram"))),
    )
    assert people.participant_ids == (*base.participant_ids, "X2", "X1")


def test_the_same_id_added_differently_on_both_sides_is_a_conflict(base):
    ours = base.with_kans(Koppelkans("K90", "Buurtmoestuin", KansType.SOCIAL))
    theirs = base.with_kans(Koppelkans("K90", "Speeltuin", KansType.SOCIAL))
    assert conflict_fields(base, ours, theirs) == ("koppelkans K90 · naam",)


def test_the_order_follows_the_side_that_reordered(base):
    reordered = replace(base, kansen=tuple(reversed(base.kansen)))
    edited = with_motivation(base, "K03", "Tekst")
    merged = merge_workshops(base, reordered, edited)
    assert merged.kans_ids == reordered.kans_ids
    assert merged.kans("K03").motivation == "Tekst"
    assert merge_workshops(base, edited, reordered).kans_ids == reordered.kans_ids


def test_both_sides_reordering_differently_is_a_conflict_on_the_order(base):
    one = replace(base, kansen=tuple(reversed(base.kansen)))
    other = replace(base, kansen=(*base.kansen[1:], base.kansen[0]))
    assert conflict_fields(base, one, other) == ("volgorde van de koppelkansen",)


def test_a_participant_merges_as_a_whole(base):
    first = base.participants[0]
    ours = replace(base, participants=(replace(first, name="Anna"), *base.participants[1:]))
    theirs = replace(base, participants=(replace(first, role="bewoner"), *base.participants[1:]))
    assert conflict_fields(base, ours, theirs) == (f"deelnemer {first.id}",)


# -- scores, one key at a time ------------------------------------------------------------


def test_scores_merge_per_key(base):
    (p, k, c), other = sorted(base.scores)[:2]
    ours = base.with_scores({(p, k, c): 1.0})
    theirs = base.with_scores({other: 5.0}, remove=[])
    merged = merge_workshops(base, ours, theirs)
    assert merged.scores[(p, k, c)] == 1.0 and merged.scores[other] == 5.0
    # "weet niet" and "not scored" are values too
    unknown = base.with_scores({(p, k, c): None})
    removed = base.with_scores({}, remove=[(p, k, c)])
    assert conflict_fields(base, unknown, removed) == (f"score van {p} · koppelkans {k} · criterium {c}",)
    assert merge_workshops(base, unknown, theirs).scores[(p, k, c)] is None


def test_the_inputs_are_left_unchanged(base):
    ours = with_motivation(base, "K03", "a")
    theirs = rescaled(base, "kosten", 40)
    snapshot = (dataclasses.astuple(ours.kans("K03")), dict(theirs.scores))
    merge_workshops(base, ours, theirs)
    assert (dataclasses.astuple(ours.kans("K03")), dict(theirs.scores)) == snapshot


def test_every_field_that_can_collide_has_a_readable_name_in_both_languages():
    kinds = {
        "workshop": Workshop, "theme": AmbitionTheme, "criterion": Criterion, "kans": Koppelkans,
        "package": PackageSettings,
    }  # fmt: skip
    # merged as lists, per score, per note, per relation and per setting: not as one workshop field
    on_their_own = ("themes", "criteria", "kansen", "participants", "scores", "cell_notes")
    on_their_own += ("relations", "package")
    for kind, cls in kinds.items():
        for f in dataclasses.fields(cls):
            if f.name in on_their_own and kind == "workshop":
                continue
            if f.name == "id":
                continue
            nl, en = CATALOG[f"merge.field.{kind}.{f.name}"]
            assert nl and en
    nl, en = CATALOG["merge.path.note"]  # notes merge per cell, and collide per cell
    assert "{kans}" in nl and "{criterion}" in en
    nl, en = CATALOG["merge.path.relation"]  # relations merge one by one, named by kind and pair
    assert "{id}" in nl and "{id}" in en


# -- properties, on small generated workshops --------------------------------------------

CRITERIA = ("c1", "c2", "c3")
KANSEN = ("K1", "K2", "K3")
PEOPLE = ("p1", "p2")
words = st.sampled_from(["", "ja", "nee", "riool", "speeltuin", "groen dak"])


def small_workshop() -> Workshop:
    scale = OrdinalScale(tuple(Text(str(i)) for i in range(1, 6)))
    return Workshop(
        name="Proef",
        themes=(AmbitionTheme("t1", "Aardgasvrij"), AmbitionTheme("t2", "Groen")),
        criteria=tuple(
            Criterion(
                cid, Text(cid), Text(""), Direction.BENEFIT, scale if i else NumericScale("€", 0, 10), 1.0
            )
            for i, cid in enumerate(CRITERIA)
        ),
        kansen=tuple(Koppelkans(kid, f"Kans {kid}", KansType.PHYSICAL) for kid in KANSEN),
        participants=tuple(Participant(pid) for pid in PEOPLE),
        scores={(p, k, c): 3.0 for p in PEOPLE for k in KANSEN for c in CRITERIA if (p, k) != ("p2", "K3")},
    )


BASE = small_workshop()
SCORE_KEYS = sorted({(p, k, c) for p in PEOPLE for k in KANSEN for c in CRITERIA})

# One field edit: (the field it touches, a strategy for the function that makes it).
FIELD_EDITS = {
    ("workshop", "name"): words.map(lambda v: lambda w: replace(w, name=v)),
    ("workshop", "description"): words.map(lambda v: lambda w: replace(w, description=v)),
    ("workshop", "weight_method"): st.sampled_from(list(WeightMethod)).map(
        lambda v: lambda w: replace(w, weight_method=v)
    ),
    **{
        ("theme", tid): words.map(
            lambda v, tid=tid: (
                lambda w: replace(w, themes=tuple(replace(t, goal=v) if t.id == tid else t for t in w.themes))
            )
        )
        for tid in ("t1", "t2")
    },
    **{
        ("weight", cid): st.floats(0, 100, allow_nan=False).map(
            lambda v, cid=cid: lambda w: w.with_weights({cid: v})
        )
        for cid in CRITERIA
    },
    **{
        ("label", cid): words.map(
            lambda v, cid=cid: (
                lambda w: replace(
                    w, criteria=tuple(replace(c, label=Text(v)) if c.id == cid else c for c in w.criteria)
                )
            )
        )
        for cid in CRITERIA
    },
    **{
        ("motivation", kid): words.map(
            lambda v, kid=kid: lambda w: w.with_kans(replace(w.kans(kid), motivation=v))
        )
        for kid in KANSEN
    },
    **{
        ("status", kid): st.sampled_from(list(Status)).map(
            lambda v, kid=kid: lambda w: w.with_kans(replace(w.kans(kid), status=v))
        )
        for kid in KANSEN
    },
    **{
        ("score", key): st.sampled_from([None, 1.0, 2.0, 5.0, "remove"]).map(
            lambda v, key=key: (
                lambda w: w.with_scores({}, remove=[key]) if v == "remove" else w.with_scores({key: v})
            )
        )
        for key in SCORE_KEYS
    },
    **{
        ("participant", pid): words.map(
            lambda v, pid=pid: (
                lambda w: replace(
                    w, participants=tuple(replace(p, name=v) if p.id == pid else p for p in w.participants)
                )
            )
        )
        for pid in PEOPLE
    },
}


def _delete_kans(kid: str):
    def edit(w: Workshop) -> Workshop:
        if kid not in w.kans_ids:
            return w
        kept = replace(w, kansen=tuple(k for k in w.kansen if k.id != kid))
        return kept.with_scores({}, remove=[key for key in w.scores if key[1] == kid])

    return edit


STRUCTURE_EDITS = st.one_of(
    st.sampled_from(KANSEN).map(_delete_kans),
    st.sampled_from(["K8", "K9"]).map(
        lambda kid: lambda w: w.with_kans(Koppelkans(kid, kid, KansType.SOCIAL))
    ),
    st.just(lambda w: replace(w, criteria=tuple(reversed(w.criteria)))),
    st.just(
        lambda w: (
            w
            if "p9" in w.participant_ids
            else replace(w, participants=(*w.participants, Participant("p9", "Nieuw")))
        )
    ),
)


@st.composite
def field_edits(draw, fields):
    edit = BASE
    for target in fields:
        edit = draw(FIELD_EDITS[target])(edit)
    return edit


@st.composite
def any_edit(draw):
    """An edit of the base: some field edits, maybe some additions, deletions, reorderings."""
    targets = draw(st.lists(st.sampled_from(sorted(FIELD_EDITS)), max_size=6, unique=True))
    w = draw(field_edits(targets))
    for structural in draw(st.lists(STRUCTURE_EDITS, max_size=2)):
        w = structural(w)
    return w


@st.composite
def disjoint_field_edits(draw):
    """Two edits of the base that touch no field in common."""
    targets = draw(st.lists(st.sampled_from(sorted(FIELD_EDITS)), max_size=10, unique=True))
    split = draw(st.integers(0, len(targets)))
    return draw(field_edits(targets[:split])), draw(field_edits(targets[split:])), targets[split:]


@settings(max_examples=150, deadline=None)
@given(any_edit())
def test_an_edit_merged_into_an_unchanged_store_is_that_edit(ours):
    assert merge_workshops(BASE, ours, BASE) == ours


@settings(max_examples=150, deadline=None)
@given(any_edit())
def test_saving_an_unchanged_page_keeps_what_is_stored(theirs):
    assert merge_workshops(BASE, BASE, theirs) == theirs


@settings(max_examples=150, deadline=None)
@given(any_edit())
def test_the_same_edit_on_both_sides_is_that_edit(edit):
    assert merge_workshops(BASE, edit, edit) == edit


@settings(max_examples=200, deadline=None)
@given(disjoint_field_edits())
def test_disjoint_field_edits_commute_and_both_apply(edits):
    ours, theirs, their_targets = edits
    merged = merge_workshops(BASE, ours, theirs)
    assert merged == merge_workshops(BASE, theirs, ours)
    # the same as making the second edit on top of the first
    on_top = ours
    for target in their_targets:
        on_top = _copy_field(target, theirs, on_top)
    assert merged == on_top


def _copy_field(target: tuple, source: Workshop, into: Workshop) -> Workshop:
    kind, item = target
    if kind == "workshop":
        return replace(into, **{item: getattr(source, item)})
    if kind == "theme":
        goal = next(t.goal for t in source.themes if t.id == item)
        return replace(into, themes=tuple(replace(t, goal=goal) if t.id == item else t for t in into.themes))
    if kind == "weight":
        return into.with_weights({item: source.criterion(item).weight})
    if kind == "label":
        label = source.criterion(item).label
        return replace(
            into, criteria=tuple(replace(c, label=label) if c.id == item else c for c in into.criteria)
        )
    if kind in ("motivation", "status"):
        return into.with_kans(replace(into.kans(item), **{kind: getattr(source.kans(item), kind)}))
    if kind == "score":
        if item in source.scores:
            return into.with_scores({item: source.scores[item]})
        return into.with_scores({}, remove=[item])
    person = next(p for p in source.participants if p.id == item)
    return replace(into, participants=tuple(person if p.id == item else p for p in into.participants))
