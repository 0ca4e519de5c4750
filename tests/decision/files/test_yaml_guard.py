"""Workshop files and criteria sets that try to make the reader do unbounded work.

A "billion laughs" file defines a list with an anchor (``&a0``) and lists of
aliases to it (``*a0``), each level multiplying the one below. Parsing it is
cheap; every walk over the result (a ``str()``, a validation, the store's writer)
is not. The reader refuses anchors and aliases while it reads the parser's events,
so a bomb in any field is refused within a second, naming the file and the line,
and nothing is built. Deep nesting and sheer numbers of values are capped too.

Every test runs with libyaml's parser (what the app uses when PyYAML has it) and
with PyYAML's own (its fallback), since the guard must hold for both.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from decision.domain.model import WeightMethod
from decision.errors import FileFormatError
from decision.files import reader
from decision.files.criteria_sets import load_criteria_set, load_criteria_sets
from decision.files.limits import MAX_YAML_DEPTH
from decision.files.reader import parse_yaml
from decision.files.workshop_file import (
    dump_workshop,
    load_workshop,
    parse_workshop_bytes,
    workshop_from_data,
)
from decision.text.i18n import t

# Generous: a refusal reads the text up to the first anchor and stops (milliseconds);
# an expansion of even the small bombs below takes seconds and hundreds of megabytes.
WITHIN = 1.0


@pytest.fixture(params=["libyaml", "pyyaml"], autouse=True)
def parser(request, monkeypatch) -> str:
    if request.param == "pyyaml":
        monkeypatch.setattr(reader, "_LOADER", reader._loader_on(yaml.SafeLoader))
    elif not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml; the pyyaml run covers the reader")
    return request.param


def laughs(levels: int = 6, fan: int = 10) -> str:
    """A flow list that holds ``fan ** levels`` strings once its aliases are expanded."""
    parts = ["&a0 [" + ", ".join(["lol"] * fan) + "]"]
    parts += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]" for i in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


def swap(text: str, old: str, new: str) -> str:
    """``text`` with its first ``old`` replaced; fails loudly if the example changed."""
    assert old in text, f"the example no longer has {old!r}"
    return text.replace(old, new, 1)


def line_of(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


def refused(load: Callable[[], object]) -> tuple[FileFormatError, float]:
    start = time.perf_counter()
    with pytest.raises(FileFormatError) as info:
        load()
    return info.value, time.perf_counter() - start


@pytest.fixture
def example_text(example_path: Path) -> str:
    return example_path.read_text(encoding="utf-8")


# a bomb in every kind of field of a workshop file: (where, old text, new text with BOMB)
FIELDS = {
    "workshop.datum": ("  datum: 2026-03-12", "  datum: BOMB"),
    "workshop.naam": ("  naam: Koppelkansen kiezen Kastanjehof", "  naam: BOMB"),
    "weging.invoer": ("  methode: direct", "  methode: direct\n  invoer: {ahp: BOMB}"),
    "koppelkansen": ("koppelkansen:\n- id: K01", "koppelkansen:\n- BOMB\n- id: K01"),
    "score sheet": ("    K01: {wensen: 2,", "    K01: {wensen: BOMB,"),
    "criterion anchor text": ("        nl: Geen wens; mogelijk weerstand in de wijk", "        nl: BOMB"),
}


@pytest.mark.parametrize("field", FIELDS)
def test_an_alias_bomb_in_any_workshop_field_is_refused_at_once(field, example_text):
    old, new = FIELDS[field]
    text = swap(example_text, old, new.replace("BOMB", laughs()))
    error, seconds = refused(lambda: parse_workshop_bytes(text.encode("utf-8"), "lachbom.yaml"))
    assert error.problem == "yaml_alias"
    assert error.file == "lachbom.yaml"
    assert error.where == ("where.line", {"line": line_of(text, "&a0"), "column": error.where[1]["column"]})
    assert text.splitlines()[error.where[1]["line"] - 1][error.where[1]["column"] - 1] == "&"
    assert seconds < WITHIN


def test_the_message_names_file_line_and_problem_in_dutch_and_english(example_text):
    text = swap(example_text, "  datum: 2026-03-12", "  datum: " + laughs())
    error, _ = refused(lambda: parse_workshop_bytes(text.encode("utf-8"), "lachbom.yaml"))
    line = line_of(text, "&a0")
    dutch = error.localized("nl")
    assert dutch.startswith(f"lachbom.yaml, bij regel {line}, kolom ")
    assert dutch.endswith(t("problem.yaml_alias", "nl"))
    assert "ankers en verwijzingen (&/*) zijn niet toegestaan" in dutch
    assert error.localized("en").startswith(f"lachbom.yaml, at line {line}, column ")
    assert "anchors and aliases (&/*) are not allowed" in error.localized("en")


def test_the_full_size_attack_file_is_refused_at_once():
    # the file of the attack: nine levels of nine, 387 million strings once expanded
    text = "\n".join(
        ["formaat: koppelkansen-workshop", "versie: 1", "workshop:", "  naam: x", "  datum: " + laughs(9, 9)]
    )
    error, seconds = refused(lambda: parse_workshop_bytes(text.encode("utf-8"), "aanval.yaml"))
    column = text.splitlines()[4].index("&") + 1
    assert (error.problem, error.where) == ("yaml_alias", ("where.line", {"line": 5, "column": column}))
    assert seconds < WITHIN


def test_a_bomb_in_a_criteria_set_anchor_text_is_refused(criteria_dir, tmp_path):
    text = (criteria_dir / "01-wijkkompas-fase3.yaml").read_text(encoding="utf-8")
    text = swap(text, "1: {nl: Geen wens;", "1: {nl: " + laughs() + ", x: Geen wens;")
    path = tmp_path / "criteria" / "99-lachbom.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    error, seconds = refused(lambda: load_criteria_set(path))
    assert (error.problem, error.file) == ("yaml_alias", "99-lachbom.yaml")
    assert error.where[1]["line"] == line_of(text, "&a0")
    assert seconds < WITHIN
    with pytest.raises(FileFormatError, match="anchors and aliases"):
        load_criteria_sets(path.parent)


@pytest.mark.parametrize(
    ("old", "new", "marker"),
    [
        # the harmless-looking reuses: a scalar, a whole koppelkans, a score row
        (
            "  wijk: Kastanjehof\n  gemeente: Rivierstad",
            "  wijk: &plaats Kastanjehof\n  gemeente: *plaats",
            "&plaats",
        ),
        ("koppelkansen:\n- id: K01", "koppelkansen:\n- &eerste\n  id: K01", "&eerste"),
        ("    K01: {wensen: 2,", "    K01: &rij {wensen: 2,", "&rij"),
    ],
)
def test_any_anchor_is_refused_even_without_a_bomb(old, new, marker, example_text):
    text = swap(example_text, old, new)
    error, _ = refused(lambda: parse_workshop_bytes(text.encode("utf-8"), "hergebruik.yaml"))
    assert error.problem == "yaml_alias"
    assert error.where[1]["line"] == line_of(text, marker)


def test_an_alias_to_an_undefined_anchor_is_refused_as_an_alias():
    error, _ = refused(lambda: parse_yaml("a: 1\nb: *nergens\n", "los.yaml"))
    assert (error.problem, error.where) == ("yaml_alias", ("where.line", {"line": 2, "column": 4}))


# -- nesting and size ---------------------------------------------------------------
def test_a_deep_nesting_bomb_is_refused_at_once(example_text, parser):
    deep = "[" * 100_000 + "]" * 100_000
    text = swap(example_text, "  methode: direct", "  methode: direct\n  invoer: {ahp: " + deep + "}")
    error, seconds = refused(lambda: parse_workshop_bytes(text.encode("utf-8"), "diep.yaml"))
    assert error.problem == "yaml_depth"
    assert error.problem_params == {"limit": MAX_YAML_DEPTH}
    assert error.where[1]["line"] == line_of(text, "{ahp: [")
    assert f"meer dan {MAX_YAML_DEPTH} niveaus diep genest" in error.localized("nl")
    # PyYAML's own scanner reads up to 1024 characters ahead at every "[" (it may
    # start a key), a bounded 0.3 s of work that a loaded test machine can stretch
    assert seconds < (WITHIN if parser == "libyaml" else 3 * WITHIN)


def test_nesting_up_to_the_limit_is_read_and_one_deeper_is_not():
    # the root mapping is the first level
    at_limit = "a: " + "[" * (MAX_YAML_DEPTH - 1) + "1" + "]" * (MAX_YAML_DEPTH - 1)
    value = parse_yaml(at_limit, "grens.yaml")["a"]
    for _ in range(MAX_YAML_DEPTH - 2):
        value = value[0]
    assert value == [1]
    one_deeper = "a: " + "[" * MAX_YAML_DEPTH + "1" + "]" * MAX_YAML_DEPTH
    error, _ = refused(lambda: parse_yaml(one_deeper, "grens.yaml"))
    assert error.problem == "yaml_depth"


def test_values_up_to_the_node_cap_are_read_and_one_more_is_not(monkeypatch):
    # a small cap, so the boundary is cheap to reach; the real cap's headroom over the
    # largest realistic workshop is checked in test_upload_limits.py
    monkeypatch.setattr(reader, "MAX_YAML_NODES", 1000)
    at_limit = "[" + "0, " * 999 + "]"  # the list itself is a node too
    assert len(parse_yaml(at_limit, "veel.yaml")) == 999
    error, _ = refused(lambda: parse_yaml("[" + "0, " * 1000 + "]", "veel.yaml"))
    assert (error.problem, error.problem_params) == ("yaml_nodes", {"limit": 1000})
    assert error.where == ("where.line", {"line": 1, "column": 1 + 3 * 999 + 1})
    assert "meer dan 1000 waarden" in error.localized("nl")


# -- what must keep working ------------------------------------------------------------
def test_the_shipped_example_and_criteria_sets_still_load(example_path, criteria_dir):
    example = load_workshop(example_path)
    assert (len(example.kansen), len(example.participants), len(example.criteria)) == (14, 10, 5)
    sets = load_criteria_sets(criteria_dir)
    assert set(sets) == {"wijkkompas-fase3", "wijkkompas-afwegingskader", "afwegen-in-de-wijk"}


def test_both_parsers_read_the_example_the_same(example_path):
    ours = load_workshop(example_path)
    with open(example_path, encoding="utf-8") as handle:
        plain = yaml.safe_load(handle)
    assert ours == workshop_from_data(plain, str(example_path))


def test_a_value_used_twice_is_written_out_twice_so_the_file_reads_back(small_workshop):
    # the weighting input may hold one list object in two places; the writer must not
    # turn that into an anchor and an alias, which the reader would now refuse
    shared = [3, 1, 2]
    w = replace(small_workshop, weight_method=WeightMethod.RANK, weight_inputs={"a": shared, "b": shared})
    text = dump_workshop(w)
    assert "&id" not in text and "*id" not in text
    again = parse_workshop_bytes(text.encode("utf-8"), "rangorde.yaml")
    assert dict(again.weight_inputs) == {"a": [3, 1, 2], "b": [3, 1, 2]}
    assert again == w
