"""Samenhang: relations between koppelkansen, the trekker and flags per koppelkans, the package rules.

What is stored is read back from the database; what the page refuses is refused by the
domain's own rules (:func:`decision.domain.operations.add_relation`), in Dutch, naming it.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.domain.model import CostBasis, PackageSettings, Relation, RelationKind
from decision.domain.operations import add_relation, set_package_settings
from decision.domain.relations import relation_label
from decision.errors import PackageSettingsError, RelationError
from tests.app.test_table_removals import edit_table
from ui.catalog import t
from ui.text import md


def add(at, source: str, kind: RelationKind, target: str, note: str = ""):
    """Pick two koppelkansen and a kind, type a note, press "Relatie toevoegen"."""
    at.selectbox(key="rel_source").set_value(source)
    at.selectbox(key="rel_kind").set_value(kind.value)
    at.selectbox(key="rel_target").set_value(target)
    at.text_input(key="rel_note").input(note)
    return at.button(key="rel_add").click().run()


def widget(at, kind: str, name: str):
    """A widget of the package rules form, keyed ``pkg_<name>_<version>``."""
    [found] = [w for w in at.get(kind) if (w.key or "").startswith(f"pkg_{name}_")]
    return found


def save_rules(at):
    button = next(b for b in at.button if (b.key or "").startswith("FormSubmitter:package_settings_"))
    return button.click().run()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_samenhang_page_in_both_languages(app, wid, example, lang):
    at = app("samenhang", wid, lang=lang)
    assert not at.exception
    assert at.title[0].value == t("page.samenhang_title", lang)
    assert t("relations.title", lang) in at.header.values and t("rules.title", lang) in at.header.values
    # one line with a remove button per stored relation, in the stored order
    assert len(example.relations) > 1
    removes = [b for b in at.button if (b.key or "").startswith("rel_remove_")]
    assert [b.key for b in removes] == [f"rel_remove_{n}" for n in range(len(example.relations))]
    assert {b.label for b in removes} == {t("relations.remove", lang)}
    first = example.relations[0]
    line = t(
        "relations.line",
        lang,
        source=f"{first.source} {md(example.kans(first.source).name)}",
        kind=t(f"relation.{first.kind.value}", lang),
        target=f"{first.target} {md(example.kans(first.target).name)}",
    )
    assert any(m.value.startswith(line) for m in at.markdown), line
    assert at.selectbox(key="rel_kind").options == [t(f"relation.{k.value}", lang) for k in RelationKind]
    assert [e.key.rsplit("_", 1)[0] for e in at.data_editor] == ["package_flags"]


def test_samenhang_needs_two_koppelkansen(app, store, example):
    wid = store.workshops.create(replace(example, kansen=example.kansen[:1], scores={}, relations=()))
    at = app("samenhang", wid)
    assert not at.exception
    assert at.info[0].value == t("relations.too_few", "nl")
    assert "rel_add" not in [b.key for b in at.button]


def test_adding_a_relation_stores_it_and_the_besluitlog_has_it(app, wid, example, saved):
    note = "Zelfde bewonersavond, één uitnodiging."
    at = add(app("samenhang", wid), "K03", RelationKind.STRENGTHENS, "K07", note)
    assert not at.exception
    assert not at.error
    after = saved(wid)
    added = Relation("K03", "K07", RelationKind.STRENGTHENS, note=note)
    assert after.relations == (*example.relations, added)
    assert at.text_input(key="rel_note").value == "", "the note field is empty for the next one"
    assert f"rel_remove_{len(example.relations)}" in [b.key for b in at.button]
    at.switch_page("screens/besluitlog.py").run()
    assert not at.exception
    [log] = at.dataframe
    what = list(log.value[t("log.col_what", "nl")])
    relation = t(
        "log.relation.versterkt",
        "nl",
        source=f"K03 {example.kans('K03').name}",
        target=f"K07 {example.kans('K07').name}",
    )
    assert t("log.action.relation_added", "nl", relation=relation, note=f". {note}") in what, what


REFUSED = {
    # the example already says K02 voorwaarde K01 and K01 zelfde_werk K02
    "twice": Relation("K02", "K01", RelationKind.REQUIRES),
    "twice, the other way round": Relation("K02", "K01", RelationKind.SAME_WORKS),
    "with itself": Relation("K03", "K03", RelationKind.STRENGTHENS),
    "voorwaarde both ways": Relation("K01", "K02", RelationKind.REQUIRES),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_a_relation_the_rules_refuse_is_named_in_dutch_and_not_stored(app, wid, example, saved, store, case):
    relation = REFUSED[case]
    with pytest.raises(RelationError) as refused:
        add_relation(example, relation)
    before = store.workshops.version(wid)
    at = add(app("samenhang", wid), relation.source, relation.kind, relation.target, "Toch proberen")
    assert not at.exception
    [error] = at.error.values
    assert error == refused.value.localized("nl")
    assert relation_label(relation) in error, "the message names the relation the user tried"
    assert error != refused.value.localized("en"), "in Dutch, the page's language"
    assert saved(wid).relations == example.relations
    assert store.workshops.version(wid) == before, "nothing was written"
    # the refusal is shown once: the next run without a new attempt has no error
    at.run()
    assert not at.error


def test_removing_a_relation(app, wid, example, saved):
    gone = 1
    at = app("samenhang", wid)
    at.button(key=f"rel_remove_{gone}").click().run()
    assert not at.exception
    kept = tuple(r for n, r in enumerate(example.relations) if n != gone)
    assert saved(wid).relations == kept
    assert [b.key for b in at.button if (b.key or "").startswith("rel_remove_")] == [
        f"rel_remove_{n}" for n in range(len(kept))
    ]


def test_removing_the_last_relation_says_there_are_none(app, store, example, saved):
    wid = store.workshops.create(replace(example, relations=example.relations[:1]))
    at = app("samenhang", wid)
    at.button(key="rel_remove_0").click().run()
    assert not at.exception
    assert saved(wid).relations == ()
    assert t("relations.none", "nl") in at.caption.values


def test_the_flags_editor_stores_a_trekker_and_randvoorwaardelijk(app, wid, example, saved):
    row = example.kans_ids.index("K03")
    at = app("samenhang", wid)
    change = {str(row): {"lead": "  Bewonerscoalitie ", "essential": True}}
    at = edit_table(at, "package_flags", edited=change)
    assert not at.exception
    w = saved(wid)
    assert (w.kans("K03").lead, w.kans("K03").essential, w.kans("K03").baseline) == (
        "Bewonerscoalitie",
        True,
        False,
    )
    assert all(w.kans(k.id) == k for k in example.kansen if k.id != "K03"), "the other rows are untouched"
    at = edit_table(at, "package_flags", edited={str(row): {"essential": False, "baseline": True}})
    assert not at.exception
    assert (saved(wid).kans("K03").essential, saved(wid).kans("K03").baseline) == (False, True)


def test_the_package_rules_form_stores_size_budget_and_caps(app, wid, example, saved):
    at = app("samenhang", wid)
    widget(at, "number_input", "size").set_value(2)
    widget(at, "number_input", "budget").set_value(900_000)
    widget(at, "radio", "basis").set_value("midden")
    widget(at, "number_input", "party").set_value(2)
    widget(at, "number_input", "year").set_value(1)
    widget(at, "multiselect", "include").set_value(["K06"])
    widget(at, "multiselect", "exclude").set_value(["K14"])
    at = save_rules(at)
    assert not at.exception
    assert not at.error
    expected = PackageSettings(2, 900_000.0, CostBasis.MIDPOINT, 2, 1, ("K06",), ("K14",))
    assert set_package_settings(example, expected).package == expected, "the domain accepts these rules"
    assert saved(wid).package == expected
    # the form shows what was stored, with the new version's keys
    assert widget(at, "number_input", "size").value == 2
    assert widget(at, "multiselect", "exclude").value == ["K14"]
    # 0 is no cap
    widget(at, "number_input", "budget").set_value(0)
    widget(at, "number_input", "year").set_value(0)
    at = save_rules(at)
    assert (saved(wid).package.budget, saved(wid).package.per_year) == (None, None)
    assert saved(wid).package.per_party == 2


def test_the_package_rules_refuse_an_id_always_and_never(app, wid, example, saved, store):
    both = PackageSettings(include=("K05",), exclude=("K05",))
    with pytest.raises(PackageSettingsError) as refused:
        set_package_settings(example, both)
    before = store.workshops.version(wid)
    at = app("samenhang", wid)
    widget(at, "multiselect", "include").set_value(["K05"])
    widget(at, "multiselect", "exclude").set_value(["K05"])
    at = save_rules(at)
    assert not at.exception
    [error] = at.error.values
    assert error == refused.value.localized("nl")
    assert "K05" in error and "'altijd'" in error and "'nooit'" in error
    assert saved(wid).package == example.package
    assert store.workshops.version(wid) == before


def test_a_note_with_markdown_and_html_is_shown_as_typed(app, wid, saved):
    note = "**vet** <b>Riool</b> [klik](https://example.org) :red[rood] $x$"
    at = add(app("samenhang", wid), "K04", RelationKind.COMPETES, "K05", note)
    assert not at.exception
    assert saved(wid).relations[-1].note == note
    [line] = [m.value for m in at.markdown if "K04" in m.value and "K05" in m.value]
    assert line.endswith("  \n" + md(note)), "the note is escaped: every character shows as typed"
    assert note not in line
    assert not [h for h in at.get("html") if "<b>Riool</b>" in str(h.proto.body)]
