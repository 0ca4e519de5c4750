"""The shipped criteria sets, and the messages a wrong set file gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision.domain.model import Direction, NumericScale, OrdinalScale
from decision.errors import FileFormatError
from decision.files.criteria_sets import (
    criteria_set_from_data,
    criteria_set_to_data,
    load_criteria_set,
    load_criteria_sets,
)

SHIPPED_IDS = {"wijkkompas-fase3", "wijkkompas-afwegingskader", "afwegen-in-de-wijk"}


@pytest.fixture
def shipped(criteria_dir):
    return load_criteria_sets(criteria_dir)


def test_every_shipped_file_loads_and_has_its_own_id(criteria_dir, shipped):
    files = sorted(criteria_dir.glob("*.yaml"))
    assert len(files) >= 3
    ids = [load_criteria_set(f).id for f in files]
    assert len(ids) == len(set(ids)), f"two files share an id: {ids}"
    assert SHIPPED_IDS <= set(shipped)
    assert list(shipped) == ids  # file-name order, so 01-… is the default


@pytest.mark.parametrize("set_id", sorted(SHIPPED_IDS))
def test_shipped_set_is_complete_and_bilingual(shipped, set_id):
    cs = shipped[set_id]
    assert cs.name.nl and cs.name.en
    assert cs.description.nl and cs.description.en
    assert cs.source, "every shipped set says where it comes from"
    ids = [c.id for c in cs.criteria]
    assert len(ids) == len(set(ids))
    assert sum(c.weight for c in cs.criteria) == pytest.approx(100)
    for c in cs.criteria:
        assert c.label.nl and c.label.en, c.id
        assert c.description.nl and c.description.en, c.id
        assert c.weight > 0, c.id
        if isinstance(c.scale, OrdinalScale):
            assert c.scale.levels == (1, 2, 3, 4, 5), c.id
            for level, anchor in zip(c.scale.levels, c.scale.anchors, strict=True):
                assert anchor.nl.strip(), f"{c.id} level {level} has no Dutch anchor"
                assert anchor.en.strip(), f"{c.id} level {level} has no English anchor"
            assert len({a.nl for a in c.scale.anchors}) == len(c.scale.anchors), f"{c.id}: repeated anchor"


def test_shipped_set_survives_writing_and_reading(shipped):
    for cs in shipped.values():
        assert criteria_set_from_data(criteria_set_to_data(cs), "kopie.yaml") == cs


def test_default_set_counts_cost_time_and_risk_as_lower_is_better(shipped):
    cs = shipped["wijkkompas-fase3"]
    directions = {c.id: c.direction for c in cs.criteria}
    assert directions == {
        "wensen": Direction.BENEFIT,
        "kosten": Direction.COST,
        "tijd": Direction.COST,
        "risico": Direction.COST,
        "ambitie": Direction.BENEFIT,
    }
    weights = {c.id: c.weight for c in cs.criteria}
    assert weights == {"wensen": 25, "kosten": 20, "tijd": 15, "risico": 15, "ambitie": 25}


def test_afwegingskader_has_the_five_example_conditions(shipped):
    cs = shipped["wijkkompas-afwegingskader"]
    by_id = {c.id: c for c in cs.criteria}
    assert set(by_id) == {"enthousiasme", "tempo", "politiek", "doorbraak", "kosten"}
    assert by_id["kosten"].direction is Direction.COST
    # 1 = slows the approach down, 5 = speeds it up: a higher level is better
    assert by_id["tempo"].direction is Direction.BENEFIT
    assert "ertraag" in by_id["tempo"].scale.anchors[0].nl
    assert "ersnel" in by_id["tempo"].scale.anchors[-1].nl


def test_afwegen_in_de_wijk_scores_extra_cost_in_euros(shipped):
    cs = shipped["afwegen-in-de-wijk"]
    by_id = {c.id: c for c in cs.criteria}
    assert set(by_id) == {
        "oplossend_vermogen",
        "meerkosten",
        "andere_effecten",
        "beleidsdoel",
        "haalbaarheid",
    }
    cost = by_id["meerkosten"]
    assert isinstance(cost.scale, NumericScale)
    assert cost.scale.unit == "€"
    assert (cost.scale.low, cost.scale.high) == (0, 3_000_000)
    assert cost.direction is Direction.COST


# -- wrong files ------------------------------------------------------------------
GOOD = """\
formaat: koppelkansen-criteria
versie: 1
id: proef
naam: {nl: Proefset, en: Trial set}
bron: Test
criteria:
  - id: wensen
    label: {nl: Wensen in de wijk, en: Wishes in the neighbourhood}
    richting: hoger-is-beter
    gewicht: 60
    schaal:
      soort: ordinaal
      ankers:
        1: {nl: Geen wens, en: Not wanted}
        2: {nl: Enkelen, en: A few}
        3: {nl: Topwens, en: Top wish}
  - id: meerkosten
    label: {nl: Meerkosten, en: Extra cost}
    richting: lager-is-beter
    gewicht: 40
    schaal: {soort: numeriek, eenheid: "€", min: 0, max: 3000000}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kapot.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_base_of_the_bad_cases_is_itself_valid(tmp_path):
    cs = load_criteria_set(write(tmp_path, GOOD))
    assert [c.id for c in cs.criteria] == ["wensen", "meerkosten"]


BAD_CASES = {
    "unknown direction": (
        ("richting: hoger-is-beter", "richting: omhoog"),
        "criteria[1] (wensen).richting",
        "choice",
    ),
    "missing label": (
        ("    label: {nl: Meerkosten, en: Extra cost}\n", ""),
        "criteria[2]",
        "missing",
    ),
    "anchor levels with a gap": (
        ("3: {nl: Topwens", "4: {nl: Topwens"),
        "criteria[1] (wensen).schaal.ankers",
        "anchor_levels",
    ),
    "duplicate criterion id": (
        ("id: meerkosten", "id: wensen"),
        "criteria[2]",
        "duplicate",
    ),
    "min equal to max": (
        ("min: 0, max: 3000000", "min: 3000000, max: 3000000"),
        "criteria[2] (meerkosten).schaal",
        "bounds",
    ),
    "min above max": (
        ("min: 0, max: 3000000", "min: 5000, max: 10"),
        "criteria[2] (meerkosten).schaal",
        "bounds",
    ),
    "wrong formaat": (
        ("formaat: koppelkansen-criteria", "formaat: koppelkansen-workshop"),
        "formaat",
        "format",
    ),
    "newer versie": (
        ("versie: 1", "versie: 2"),
        "versie",
        "version",
    ),
    "unknown key": (
        ("    gewicht: 60", "    gewichten: 60"),
        "criteria[1]",
        "unknown_key",
    ),
    "all weights zero": (
        ("gewicht: 60", "gewicht: 0", "gewicht: 40", "gewicht: 0"),
        "criteria",
        "weights_zero",
    ),
    "negative weight": (
        ("gewicht: 60", "gewicht: -5"),
        "criteria[1] (wensen).gewicht",
        "range",
    ),
    "unknown scale kind": (
        ("soort: numeriek", "soort: procent"),
        "criteria[2] (meerkosten).schaal.soort",
        "choice",
    ),
    "anchor without Dutch text": (
        ("2: {nl: Enkelen, en: A few}", "2: {en: A few}"),
        "criteria[1] (wensen).schaal.ankers.2",
        "missing",
    ),
}


def _mutate(replacements: tuple[str, ...]) -> str:
    text = GOOD
    for old, new in zip(replacements[::2], replacements[1::2], strict=True):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize("case", BAD_CASES, ids=list(BAD_CASES))
def test_bad_set_names_file_place_and_problem(tmp_path, case):
    replacements, where, problem = BAD_CASES[case]
    path = write(tmp_path, _mutate(replacements))
    with pytest.raises(FileFormatError) as info:
        load_criteria_set(path)
    err = info.value
    assert err.file == str(path)
    assert err.where == where
    assert err.problem == problem
    for lang in ("nl", "en"):
        message = err.localized(lang)
        assert str(path) in message and where in message
        assert "{" not in message, f"unfilled placeholder in {message!r}"


def test_yaml_syntax_error_gives_the_line(tmp_path):
    text = GOOD.replace("    richting: hoger-is-beter", "    richting: hoger-is-beter: ja")
    line = text.splitlines().index("    richting: hoger-is-beter: ja") + 1
    path = write(tmp_path, text)
    with pytest.raises(FileFormatError) as info:
        load_criteria_set(path)
    assert info.value.problem == "yaml"
    assert info.value.place().startswith(f"regel {line},")


def test_repeated_key_is_refused_not_silently_dropped(tmp_path):
    # plain YAML would keep the second anchor 2 and lose the first without a word
    again = "        2: {nl: Nog eens, en: Again}\n"
    text = GOOD.replace("        3: {nl: Topwens", again + "        3: {nl: Topwens")
    path = write(tmp_path, text)
    with pytest.raises(FileFormatError) as info:
        load_criteria_set(path)
    assert info.value.problem == "yaml"
    assert "regel 16" in info.value.place()


def test_bad_set_message_explains_the_problem_in_words(tmp_path):
    path = write(tmp_path, _mutate(("richting: hoger-is-beter", "richting: omhoog")))
    with pytest.raises(FileFormatError) as info:
        load_criteria_set(path)
    nl = info.value.localized("nl")
    assert "omhoog" in nl and "hoger-is-beter" in nl and "lager-is-beter" in nl


def test_empty_criteria_list_is_named(tmp_path):
    path = write(tmp_path, GOOD[: GOOD.index("  - id: wensen")])
    with pytest.raises(FileFormatError) as info:
        load_criteria_set(path)
    assert info.value.problem == "missing"
    assert "'criteria'" in info.value.localized("nl")


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(FileFormatError) as info:
        load_criteria_set(tmp_path / "bestaat-niet.yaml")
    assert info.value.problem == "not_found"
    with pytest.raises(FileFormatError) as info:
        load_criteria_set(write(tmp_path, ""))
    assert info.value.problem == "type"
