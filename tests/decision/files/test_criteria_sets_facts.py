"""``uit_inventarisatie`` in a criteria file: the shipped sets mark cost and time, and a wrong
one is refused with a Dutch message naming the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision.domain.facts import COST, DURATION, FactSource
from decision.errors import FileFormatError
from decision.files.criteria_sets import criteria_set_from_data, criteria_set_to_data, load_criteria_set

COST_BOUNDS = (50_000, 250_000, 1_000_000, 3_000_000)

GOOD = """\
formaat: koppelkansen-criteria
versie: 1
id: proef
naam: {nl: Proefset, en: Trial set}
criteria:
  - id: kosten
    label: {nl: Extra kosten, en: Extra cost}
    richting: lager-is-beter
    gewicht: 60
    uit_inventarisatie: {bron: kosten, niveaus: [50000, 250000]}
    schaal:
      soort: ordinaal
      ankers:
        1: {nl: Laag, en: Low}
        2: {nl: Gemiddeld, en: Medium}
        3: {nl: Hoog, en: High}
  - id: meerkosten
    label: {nl: Meerkosten, en: Extra cost}
    richting: lager-is-beter
    gewicht: 40
    uit_inventarisatie: {bron: kosten}
    schaal: {soort: numeriek, eenheid: "€", min: 0, max: 3000000}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kapot.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_sets_mark_cost_and_time_as_facts(criteria_dir):
    marked = {}
    for path in sorted(criteria_dir.glob("*.yaml")):
        cs = load_criteria_set(path)
        marked[cs.id] = {c.id: c.fact for c in cs.criteria if c.fact is not None}
    assert marked == {
        "wijkkompas-fase3": {
            "kosten": FactSource(COST, COST_BOUNDS),
            "tijd": FactSource(DURATION, (6, 12, 24, 48)),
        },
        "wijkkompas-afwegingskader": {"kosten": FactSource(COST, COST_BOUNDS)},
        "afwegen-in-de-wijk": {"meerkosten": FactSource(COST)},
    }


def test_a_fact_survives_writing_and_reading(tmp_path):
    cs = load_criteria_set(write(tmp_path, GOOD))
    assert cs.criteria[0].fact == FactSource(COST, (50_000, 250_000))
    assert cs.criteria[1].fact == FactSource(COST)
    data = criteria_set_to_data(cs)
    assert data["criteria"][0]["uit_inventarisatie"] == {"bron": "kosten", "niveaus": [50000, 250000]}
    assert data["criteria"][1]["uit_inventarisatie"] == {"bron": "kosten"}
    assert criteria_set_from_data(data, "kopie.yaml") == cs


FACT = "uit_inventarisatie: {bron: kosten, niveaus: [50000, 250000]}"
BAD = {
    "unknown source": (
        "uit_inventarisatie: {bron: prijs, niveaus: [50000, 250000]}",
        "criteria[1] (kosten).uit_inventarisatie.bron",
        "choice",
        "'prijs' is geen geldige keuze; kies uit: kosten, duur.",
    ),
    "bounds not increasing": (
        "uit_inventarisatie: {bron: kosten, niveaus: [250000, 50000]}",
        "criteria[1] (kosten).uit_inventarisatie.niveaus[2]",
        "fact_levels_order",
        "de grenzen moeten oplopen: 50000 volgt op 250000.",
    ),
    "equal bounds": (
        "uit_inventarisatie: {bron: kosten, niveaus: [50000, 50000]}",
        "criteria[1] (kosten).uit_inventarisatie.niveaus[2]",
        "fact_levels_order",
        "de grenzen moeten oplopen: 50000 volgt op 50000.",
    ),
    "too many bounds": (
        "uit_inventarisatie: {bron: kosten, niveaus: [50000, 250000, 1000000]}",
        "criteria[1] (kosten).uit_inventarisatie.niveaus",
        "fact_levels_count",
        "3 grenzen, maar een schaal met 3 ankers heeft er 2 (één minder dan de ankers).",
    ),
    "as many bounds as anchors is one too many": (
        "uit_inventarisatie: {bron: kosten, niveaus: [1, 2, 3]}",
        "criteria[1] (kosten).uit_inventarisatie.niveaus",
        "fact_levels_count",
        "3 grenzen",
    ),
    "no bounds on an ordinal scale": (
        "uit_inventarisatie: {bron: kosten}",
        "criteria[1] (kosten).uit_inventarisatie",
        "fact_levels_missing",
        "'niveaus' ontbreekt: geef de 2 grenzen tussen de 3 niveaus, oplopend.",
    ),
    "a bound that is no number": (
        "uit_inventarisatie: {bron: kosten, niveaus: [50000, veel]}",
        "criteria[1] (kosten).uit_inventarisatie.niveaus[2]",
        "type",
        "verwacht number",
    ),
    "a negative bound": (
        "uit_inventarisatie: {bron: kosten, niveaus: [-5, 250000]}",
        "criteria[1] (kosten).uit_inventarisatie.niveaus[1]",
        "range",
        "-5 ligt buiten",
    ),
    "an unknown field": (
        "uit_inventarisatie: {bron: kosten, grenzen: [50000, 250000]}",
        "criteria[1] (kosten).uit_inventarisatie",
        "unknown_key",
        "onbekend veld 'grenzen'. Toegestaan: bron, niveaus.",
    ),
    "no source": (
        "uit_inventarisatie: {niveaus: [50000, 250000]}",
        "criteria[1] (kosten).uit_inventarisatie",
        "missing",
        "verplicht veld 'bron' ontbreekt.",
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_wrong_fact_names_file_field_and_problem_in_dutch(tmp_path, case):
    replacement, where, problem, words = BAD[case]
    path = write(tmp_path, GOOD.replace(FACT, replacement, 1))
    with pytest.raises(FileFormatError) as info:
        load_criteria_set(path)
    err = info.value
    assert (err.where, err.problem) == (where, problem)
    nl = err.localized("nl")
    assert str(path) in nl and where in nl and words in nl
    assert "{" not in err.localized("en")


def test_levels_on_a_numeric_scale_are_refused(tmp_path):
    numeric = "uit_inventarisatie: {bron: kosten}\n"
    text = GOOD.replace(numeric, "uit_inventarisatie: {bron: kosten, niveaus: [1]}\n")
    with pytest.raises(FileFormatError) as info:
        load_criteria_set(write(tmp_path, text))
    assert info.value.where == "criteria[2] (meerkosten).uit_inventarisatie.niveaus"
    assert "een numerieke schaal heeft geen 'niveaus'" in info.value.localized("nl")
