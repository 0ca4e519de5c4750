"""Criteria sets: YAML files in ``criteria/``, validated on load.

A set file looks like this (every text may be plain Dutch or ``{nl: …, en: …}``)::

    formaat: koppelkansen-criteria
    versie: 1
    id: wijkkompas-fase3
    naam: {nl: Wijkkompas fase 3, en: Wijkkompas phase 3}
    beschrijving: …
    bron: …
    criteria:
      - id: kosten
        label: {nl: Extra kosten, en: Extra cost}
        beschrijving: …
        richting: lager-is-beter        # or hoger-is-beter
        gewicht: 20
        schaal:
          soort: ordinaal               # levels 1..k, an anchor text for each
          ankers: {1: …, 2: …, 3: …, 4: …, 5: …}
      - id: kosten_eur
        …
        schaal: {soort: numeriek, eenheid: "€", min: 0, max: 3000000}

A criterion whose level follows from the inventory (:mod:`decision.domain.facts`) says
so, with the bounds between its levels (one fewer than its anchors, increasing; in euros
for ``kosten``, in months for ``duur``)::

        uit_inventarisatie: {bron: kosten, niveaus: [50000, 250000, 1000000, 3000000]}

On a numeric scale it has no ``niveaus``: the middle of the koppelkans's range is filled in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from decision.domain.facts import SOURCES, FactSource
from decision.domain.model import CriteriaSet, Criterion, Direction, NumericScale, OrdinalScale, Text
from decision.files.limits import MAX_NAME_CHARS
from decision.files.reader import Node, check_unique, parse_yaml, read_text

FORMAT = "koppelkansen-criteria"
VERSION = 1
MIN_LEVELS, MAX_LEVELS = 2, 10
CRITERION_KEYS = ("id", "label", "beschrijving", "richting", "gewicht", "schaal", "uit_inventarisatie")
FACT_KEYS = ("bron", "niveaus")
DIRECTION_CODES = ("hoger-is-beter", "lager-is-beter")


def parse_direction(node: Node) -> Direction:
    try:
        return Direction.from_alias(node.str())
    except ValueError:
        raise node.fail("choice", value=node.str(), allowed=", ".join(DIRECTION_CODES)) from None


def parse_scale(node: Node) -> OrdinalScale | NumericScale:
    node.mapping(("soort", "ankers", "eenheid", "min", "max"), required=("soort",))
    kind = node.child("soort").choice(("ordinaal", "numeriek"))
    if kind == "ordinaal":
        node.mapping(("soort", "ankers"), required=("soort", "ankers"))
        anchors_node = node.child("ankers")
        if isinstance(anchors_node.value, list):
            anchors = [n.text() for n in anchors_node.list()]
        else:
            entries = list(anchors_node.items())
            levels = []
            for key, child in entries:
                # a level is 1 to 10: a longer run of digits is no level (and int() of
                # thousands of digits is refused by Python itself)
                if not key.isdigit() or len(key) > 2:
                    raise child.fail("anchor_level", value=key)
                levels.append(int(key))
            if sorted(levels) != list(range(1, len(levels) + 1)):
                raise anchors_node.fail("anchor_levels", levels=", ".join(map(str, levels)))
            anchors = [child.text() for _, child in sorted(entries, key=lambda e: int(e[0]))]
        if not MIN_LEVELS <= len(anchors) <= MAX_LEVELS:
            raise anchors_node.fail("anchor_count", count=len(anchors), low=MIN_LEVELS, high=MAX_LEVELS)
        return OrdinalScale(tuple(anchors))
    node.mapping(("soort", "eenheid", "min", "max"), required=("soort", "min", "max"))
    unit_node = node.get("eenheid")
    low = node.child("min").number()
    high = node.child("max").number()
    if low >= high:
        raise node.fail("bounds", low=f"{low:g}", high=f"{high:g}")
    return NumericScale(unit_node.str(limit=MAX_NAME_CHARS) if unit_node else "", low, high)


def parse_fact(node: Node, scale: OrdinalScale | NumericScale) -> FactSource:
    """``uit_inventarisatie``: where the level comes from, and the bounds between the levels."""
    node.mapping(FACT_KEYS, required=("bron",))
    source = node.child("bron").choice(SOURCES)
    levels_node = node.get("niveaus")
    if isinstance(scale, NumericScale):
        if levels_node is not None:
            raise levels_node.fail("fact_levels_numeric")
        return FactSource(source)
    needed = len(scale.anchors) - 1
    if levels_node is None:
        raise node.fail("fact_levels_missing", anchors=len(scale.anchors), needed=needed)
    items = levels_node.list()
    if len(items) != needed:
        raise levels_node.fail(
            "fact_levels_count", count=len(items), anchors=len(scale.anchors), needed=needed
        )
    bounds = [item.number(low=0) for item in items]
    for item, previous, bound in zip(items[1:], bounds, bounds[1:], strict=False):
        if bound <= previous:
            raise item.fail("fact_levels_order", value=f"{bound:g}", previous=f"{previous:g}")
    return FactSource(source, tuple(bounds))


def parse_criterion(node: Node) -> Criterion:
    node.mapping(CRITERION_KEYS, required=("id", "label", "richting", "schaal"))
    ident = node.child("id").identifier()
    node = node.labelled(ident)
    weight_node = node.get("gewicht")
    scale = parse_scale(node.child("schaal"))
    fact_node = node.get("uit_inventarisatie")
    return Criterion(
        id=ident,
        label=node.child("label").text(limit=MAX_NAME_CHARS),
        description=(
            node.child("beschrijving").text(allow_empty=True) if node.has("beschrijving") else Text("")
        ),
        direction=parse_direction(node.child("richting")),
        scale=scale,
        weight=weight_node.number(low=0) if weight_node else 1.0,
        fact=parse_fact(fact_node, scale) if fact_node is not None else None,
    )


def parse_criteria_list(node: Node) -> tuple[Criterion, ...]:
    items = node.list(allow_empty=False)
    criteria = [parse_criterion(item) for item in items]
    check_unique([(item, c.id) for item, c in zip(items, criteria, strict=True)], "criterium")
    if sum(c.weight for c in criteria) <= 0:
        raise node.fail("weights_zero")
    return tuple(criteria)


def check_header(root: Node, fmt: str, version: int) -> None:
    found = root.child("formaat").str()
    if found != fmt:
        raise root.child("formaat").fail("format", value=found, expected=fmt)
    v_node = root.child("versie")
    v = v_node.integer()
    if v > version or v < 1:
        raise v_node.fail("version", value=v, supported=version)


def criteria_set_from_data(data: Any, file: str) -> CriteriaSet:
    root = Node(data, file)
    root.mapping(
        ("formaat", "versie", "id", "naam", "beschrijving", "bron", "criteria"),
        required=("formaat", "versie", "id", "naam", "criteria"),
    )
    check_header(root, FORMAT, VERSION)
    return CriteriaSet(
        id=root.child("id").identifier(),
        name=root.child("naam").text(limit=MAX_NAME_CHARS),
        description=(
            root.child("beschrijving").text(allow_empty=True) if root.has("beschrijving") else Text("")
        ),
        source=root.child("bron").str(allow_empty=True) if root.has("bron") else "",
        criteria=parse_criteria_list(root.child("criteria")),
    )


def load_criteria_set(path: str | Path) -> CriteriaSet:
    """Read and validate one criteria-set file."""
    file = Path(path).name if Path(path).parent.name == "criteria" else str(path)
    return criteria_set_from_data(parse_yaml(read_text(path), file), file)


def parse_criteria_set_text(text: str, file: str) -> CriteriaSet:
    return criteria_set_from_data(parse_yaml(text, file), file)


def load_criteria_sets(directory: str | Path) -> dict[str, CriteriaSet]:
    """Every set in a folder, by id, in file-name order."""
    sets = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        cs = load_criteria_set(path)
        sets[cs.id] = cs
    return sets


# -- writing --------------------------------------------------------------------
def text_to_data(text: Text) -> str | dict[str, str]:
    return {"nl": text.nl, "en": text.en} if text.en else text.nl


def _num(x: float) -> int | float:
    """A whole number is written without ``.0`` (``gewicht: 25``, not ``25.0``)."""
    return int(x) if float(x).is_integer() else float(x)


def criterion_to_data(c: Criterion) -> dict[str, Any]:
    if isinstance(c.scale, OrdinalScale):
        scale: dict[str, Any] = {
            "soort": "ordinaal",
            "ankers": {i + 1: text_to_data(a) for i, a in enumerate(c.scale.anchors)},
        }
    else:
        scale = {
            "soort": "numeriek",
            "eenheid": c.scale.unit,
            "min": _num(c.scale.low),
            "max": _num(c.scale.high),
        }
    data: dict[str, Any] = {"id": c.id, "label": text_to_data(c.label)}
    if c.description.nl:
        data["beschrijving"] = text_to_data(c.description)
    data.update(richting=c.direction.code, gewicht=_num(c.weight), schaal=scale)
    if c.fact is not None:
        fact: dict[str, Any] = {"bron": c.fact.source}
        if c.fact.bounds:
            fact["niveaus"] = [_num(b) for b in c.fact.bounds]
        data["uit_inventarisatie"] = fact
    return data


def criteria_set_to_data(cs: CriteriaSet) -> dict[str, Any]:
    return {
        "formaat": FORMAT,
        "versie": VERSION,
        "id": cs.id,
        "naam": text_to_data(cs.name),
        "beschrijving": text_to_data(cs.description),
        "bron": cs.source,
        "criteria": [criterion_to_data(c) for c in cs.criteria],
    }
