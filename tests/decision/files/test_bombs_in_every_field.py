"""A hostile value in every field of every YAML file the app reads: refused fast, small and clear.

The places are not listed by hand: they are read from the shipped example workshop
(:data:`decision.files.paths.EXAMPLE_WORKSHOP`) and the shipped criteria sets, so a
field added to either is attacked too. At each place goes, in turn:

- an alias bomb (the "billion laughs": 10**6 strings once expanded);
- nesting deeper than the cap, without any alias;
- a single text of 1.9 MB (inside the 2 MB size cap; no field takes that much text);
- an integer of 100,000 hex digits (Python refuses to write it as decimal text, and
  to turn it into a float: a message or a check that tries must not crash);
- an integer of 309 digits, 2e308: just beyond a float, where float() raises.

Each must be refused with a :class:`~decision.errors.FileFormatError` that names the
file (and the line, where the parser knows it, or the key path), in a message of a
readable length, within a second and without building more than 50 MB. The files
are read through every entry point: the app's upload (bytes), a file on disk (the
example at start-up, ``koppelkansen rank``), the criteria folder and
``koppelkansen validate``.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from decision.cli import main
from decision.errors import FileFormatError
from decision.files import paths, reader
from decision.files.criteria_sets import load_criteria_set
from decision.files.limits import MAX_NAME_CHARS, MAX_TEXT_CHARS, MAX_YAML_DEPTH
from decision.files.workshop_file import load_workshop, parse_workshop_bytes
from decision.text.i18n import t

WITHIN = 1.0  # CPU seconds; a refusal takes milliseconds to a few tenths, the expanding bomb took 90 s
PATIENCE = 10.0  # wall-clock seconds, for a test machine shared with other work
MEMORY = 50 * 1024 * 1024  # bytes built while refusing one file
MESSAGE = 400  # characters: a message that quotes a value cuts it short
SENTINEL = "BOM_HIER"
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


# -- the places -------------------------------------------------------------------
def _ids(document: object) -> set[object]:
    """Every id in the document: a mapping keyed by them (scores) is one field per level."""
    found: set[object] = set()
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "id":
                found.add(value)
            found |= _ids(value)
    elif isinstance(document, list):
        for item in document:
            found |= _ids(item)
    return found


class Position(int):
    """A list position (from 0) in a path; a plain int is a mapping key (an anchor level)."""


Step = str | int  # a mapping key, or a Position


def field_paths(document: object) -> list[tuple[Step, ...]]:
    """One concrete place per field of the document: every key of every mapping and
    every item of every list, where all items of one list, all ids of a mapping keyed
    by ids (scores) and all levels of a scale count as one field (the first is taken)."""
    ids = _ids(document)
    seen: set[tuple[object, ...]] = set()
    out: list[tuple[Step, ...]] = []

    def visit(value: object, path: tuple[Step, ...], shape: tuple[object, ...]) -> None:
        if path and shape not in seen:
            seen.add(shape)
            out.append(path)
        if isinstance(value, dict):
            for key, child in value.items():
                general = "*" if key in ids or isinstance(key, int) else key
                visit(child, (*path, key), (*shape, general))
        elif isinstance(value, list):
            for position, child in enumerate(value):
                visit(child, (*path, Position(position)), (*shape, "[]"))

    visit(document, (), ())
    return out


def with_sentinel(document: object, path: tuple[Step, ...]) -> object:
    """A copy of the document with the value at ``path`` replaced by the sentinel."""
    if not path:
        return SENTINEL
    head, rest = path[0], path[1:]
    if isinstance(document, dict):
        return {k: with_sentinel(v, rest) if k == head else v for k, v in document.items()}
    assert isinstance(document, list)
    return [with_sentinel(v, rest) if i == head else v for i, v in enumerate(document)]


def spelled(path: tuple[Step, ...]) -> str:
    """A place as a test id: ``koppelkansen[1].project.naam`` (positions from 1)."""
    text = ""
    for step in path:
        text += f"[{step + 1}]" if isinstance(step, Position) else f".{step}"
    return text.lstrip(".")


def _document(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _example_filled_in() -> object:
    """The parsed example, with the optional parts it leaves out filled in: the
    weighting input (as the rank editor writes it), a koppelkans's motivation,
    which score sheets count, a note on a cell, the natural-moment window, the
    flags of a koppelkans, a relation's own points and the package's other settings."""
    document = _document(paths.EXAMPLE_WORKSHOP)
    assert isinstance(document, dict) and "invoer" not in document["weging"]
    ranks = {c["id"]: position for position, c in enumerate(document["criteria"], start=1)}
    document["weging"] = {"methode": "rangorde", "invoer": {"rangorde": ranks, "methode": "roc"}}
    first = document["koppelkansen"][0]
    assert "motivatie" not in first
    first["motivatie"] = "Gekozen omdat de straat toch al open gaat."
    assert "scoreformulieren" not in document  # the automatic choice, written by leaving it out
    document["scoreformulieren"] = "beide"
    assert "notities" not in document
    document["notities"] = {first["id"]: {document["criteria"][0]["id"]: "Bewoners zien dit anders."}}
    assert "natuurlijk_moment" not in document  # the default window, written by leaving it out
    document["natuurlijk_moment"] = {"vanaf_jaren": 2, "tot_jaren": 5}
    assert not any("randvoorwaardelijk" in k or "basisalternatief" in k for k in document["koppelkansen"])
    first["randvoorwaardelijk"] = True
    document["koppelkansen"][1]["basisalternatief"] = True
    relation = next(r for r in document["samenhang"] if r["soort"] == "versterkt")
    assert "punten" not in relation  # the default bonus, written by leaving it out
    relation["punten"] = 8
    package = document["pakket"]
    assert not {"meerkosten_op", "per_partij", "per_jaar", "altijd", "nooit"} & set(package)
    package.update({"meerkosten_op": "midden", "per_partij": 2, "per_jaar": 2})
    package["altijd"] = [document["koppelkansen"][2]["id"]]
    package["nooit"] = [document["koppelkansen"][3]["id"]]
    # the perspectives, a fiche and the report settings, each key of them set once
    groups = [
        {"id": "bewoners", "naam": "Bewoners", "naam_en": "Residents"},
        {"id": "net", "naam": "Netbeheer"},
    ]
    document["groepen"] = groups
    document["groepsweging"] = "per_groep"
    document["groepsgewichten"] = {"net": {c["id"]: 20 for c in document["criteria"]}}
    for participant in document["deelnemers"]:
        participant["groep"] = "net"
    first["uitwerking"] = {
        "kostendrager": "Gemeente",
        "dekking": [{"bron": "Wijkbudget", "bedrag": 120000, "status": "toegezegd"}],
        "gevolgen": "De straat gaat één keer open.",
        "voorwaarden": ["70% instemming huurders"],
        "afgestemd": [
            {"met": "Riolering", "persoon": "P. de Boer", "datum": dt.date(2026, 5, 1), "uitkomst": "Akkoord"}
        ],
        "mijlpalen": [{"naam": "Start uitvoering", "datum": dt.date(2028, 3, 1)}],
        "vervolgstappen": [
            {"actie": "Offerte vragen", "wie": "Sanne", "wanneer": dt.date(2027, 1, 15), "gedaan": True}
        ],
        "voor_bewoners": "We leggen de warmteleiding en het nieuwe riool in één keer aan.",
        "waar": "Kastanjelaan",
        "wat_merkt_u": "De straat is drie maanden open.",
        "meepraten": "Inloopavond in het buurthuis",
        "meepraten_datum": dt.date(2027, 2, 10),
        "meepraten_niveau": "adviseren",
    }
    document["rapportage"] = {
        "aanspreekvorm": "je",
        "contact": "wijkteam@example.org",
        "verborgen_criteria": [document["criteria"][0]["id"]],
    }
    return document


EXAMPLE = _example_filled_in()
WORKSHOP_FIELDS = field_paths(EXAMPLE)
CRITERIA_FILES = sorted(paths.CRITERIA_DIR.glob("*.yaml"))
CRITERIA_FIELDS = [
    (file, place) for file in CRITERIA_FILES for place in field_paths(_document(file))
]  # fmt: skip


@functools.cache
def _template(file: Path | None, path: tuple[Step, ...]) -> str:
    document = EXAMPLE if file is None else _document(file)
    return template(document, path)


def template(document: object, path: tuple[Step, ...]) -> str:
    """The document as YAML text with the sentinel, unquoted, at ``path``."""
    text = yaml.dump(with_sentinel(document, path), Dumper=_DUMPER, sort_keys=False, allow_unicode=True)
    assert text.count(SENTINEL) == 1
    return text


# -- what goes there ----------------------------------------------------------------
def laughs(levels: int = 6, fan: int = 10) -> str:
    """A flow list that holds ``fan ** levels`` strings once its aliases are expanded."""
    parts = ["&a0 [" + ", ".join(["lol"] * fan) + "]"]
    parts += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]" for i in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


BOMBS: dict[str, tuple[Callable[[], str], str]] = {
    # kind: (the value, the one problem it must be refused for; "" = any problem)
    "alias": (laughs, "yaml_alias"),
    "deep": (lambda: "[" * (MAX_YAML_DEPTH + 5) + "]" * (MAX_YAML_DEPTH + 5), "yaml_depth"),
    "long_text": (lambda: "x" * 1_900_000, ""),
    "huge_number": (lambda: "0x" + "f" * 100_000, "number_too_large"),
    # short enough to pass the reader's guard, too large for a float: float() would raise
    "overflow": (lambda: "2" + "0" * 308, ""),
}


def placed(text: str, kind: str) -> str:
    return text.replace(SENTINEL, BOMBS[kind][0](), 1)


# -- how a refusal is checked ---------------------------------------------------------
def refusal(load: Callable[[], object]) -> tuple[FileFormatError, float, float, int]:
    """The error ``load`` raises, the CPU and wall-clock seconds it took, and the most memory it built.

    The bound is on this thread's CPU time: the work one upload costs the server,
    which a busy test machine does not stretch as it stretches the wall clock. It
    is taken with tracemalloc running, which makes every allocation slower still.
    """
    tracemalloc.start()
    try:
        cpu, wall = time.thread_time(), time.perf_counter()
        with pytest.raises(FileFormatError) as info:
            load()
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return info.value, cpu, wall, peak


def check(measured: tuple[FileFormatError, float, float, int], *, file: str, kind: str, text: str) -> None:
    error, cpu, wall, peak = measured
    problem = BOMBS[kind][1]
    if problem:
        assert error.problem == problem, error.localized("nl")
    assert error.file == file
    dutch, english = error.localized("nl"), error.localized("en")
    assert dutch.startswith(f"{file}, bij ") and english.startswith(f"{file}, at "), dutch
    assert len(dutch) < MESSAGE and len(english) < MESSAGE, dutch[:MESSAGE]
    if isinstance(error.where, tuple):  # the parser's line: it points at the value put there
        assert error.where[0] == "where.line"
        line = error.where[1]["line"]
        assert SENTINEL not in text and line == _line_of_value(text, kind)
    assert cpu < WITHIN, f"{cpu:.2f} s of CPU time"
    assert wall < PATIENCE, f"{wall:.2f} s"
    assert peak < MEMORY, f"{peak / 1e6:.0f} MB"


def _line_of_value(text: str, kind: str) -> int:
    marker = {"alias": "&a0", "deep": "[[[", "huge_number": "0xfff"}[kind]
    return text[: text.index(marker)].count("\n") + 1


def _test_id(value: object) -> str | None:
    if isinstance(value, Path):
        return value.name
    return spelled(value) if isinstance(value, tuple) else None


# -- the workshop file, as uploaded ------------------------------------------------------
@pytest.mark.parametrize("place", WORKSHOP_FIELDS, ids=_test_id)
@pytest.mark.parametrize("kind", BOMBS)
def test_a_bomb_in_any_field_of_an_uploaded_workshop_is_refused(kind, place):
    text = placed(_template(None, place), kind)
    raw = text.encode("utf-8")
    measured = refusal(lambda: parse_workshop_bytes(raw, "aanval.yaml"))
    check(measured, file="aanval.yaml", kind=kind, text=text)


@pytest.mark.parametrize("place", WORKSHOP_FIELDS, ids=_test_id)
def test_pyyaml_s_own_parser_refuses_the_same_bombs(place, monkeypatch):
    # the fallback where PyYAML was built without libyaml: the guard reads its events too
    monkeypatch.setattr(reader, "_LOADER", reader._loader_on(yaml.SafeLoader))
    base = _template(None, place)
    for kind in ("alias", "huge_number"):
        text = placed(base, kind)
        with pytest.raises(FileFormatError) as info:
            parse_workshop_bytes(text.encode("utf-8"), "aanval.yaml")
        where = info.value.where
        assert info.value.problem == BOMBS[kind][1]
        assert isinstance(where, tuple) and where[1]["line"] == _line_of_value(text, kind)


def _keys_the_readers_know() -> set[str]:
    """Every field name the readers accept: the first argument of each ``.mapping(…)``
    call in workshop_file.py and criteria_sets.py (a tuple, or a module constant)."""
    import ast

    from decision.files import criteria_sets, workshop_file

    keys: set[str] = set()
    for module in (workshop_file, criteria_sets):
        tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if isinstance(call, ast.Call) and getattr(call.func, "attr", None) == "mapping" and call.args:
                arg = call.args[0]
                names = getattr(module, arg.id) if isinstance(arg, ast.Name) else ast.literal_eval(arg)
                keys |= set(names)
    return keys


def test_every_field_the_readers_know_is_attacked():
    # a field the readers accept but the shipped files leave out would escape the sweep:
    # then fill it in above (as _example_filled_in does for the weighting input)
    attacked = {step for place in WORKSHOP_FIELDS for step in place if isinstance(step, str)}
    attacked |= {step for _, place in CRITERIA_FIELDS for step in place if isinstance(step, str)}
    known = _keys_the_readers_know()
    assert {"naam", "invoer", "startjaar", "eenheid", "rol"} <= known  # the scan finds them
    assert known - attacked == set()
    assert any(p[0] == "scores" and len(p) == 4 for p in WORKSHOP_FIELDS)  # a single score
    assert ("weging", "invoer", "rangorde", "wensen") in WORKSHOP_FIELDS


# -- a criteria set in the criteria folder -------------------------------------------------
@pytest.mark.parametrize(("file", "place"), CRITERIA_FIELDS, ids=_test_id)
@pytest.mark.parametrize("kind", ["alias", "long_text", "huge_number"])
def test_a_bomb_in_any_field_of_a_criteria_set_is_refused(kind, file, place, tmp_path):
    text = placed(_template(file, place), kind)
    target = tmp_path / "criteria" / file.name
    target.parent.mkdir()
    target.write_text(text, encoding="utf-8")
    check(refusal(lambda: load_criteria_set(target)), file=file.name, kind=kind, text=text)


# -- files on disk and the command line ---------------------------------------------------------
def _workshop_bombs() -> Iterator[tuple[str, str]]:
    """One bomb of each kind in a few fields of every part of the file."""
    chosen = [p for p in WORKSHOP_FIELDS if p in {("workshop", "naam"), ("weging", "invoer"), ("scores",)}]
    assert len(chosen) == 3
    for place in chosen:
        for kind in BOMBS:
            yield kind, placed(_template(None, place), kind)


def test_a_workshop_file_on_disk_is_refused_the_same_way(tmp_path):
    target = tmp_path / "aanval.yaml"
    for kind, text in _workshop_bombs():
        target.write_text(text, encoding="utf-8")
        check(refusal(lambda: load_workshop(target)), file=str(target), kind=kind, text=text)


def test_koppelkansen_validate_refuses_them_in_one_line(tmp_path, capsys):
    target = tmp_path / "aanval.yaml"
    for kind, text in _workshop_bombs():
        target.write_text(text, encoding="utf-8")
        start = time.thread_time()
        assert main(["validate", str(target)]) == 2
        assert time.thread_time() - start < WITHIN
        out = capsys.readouterr()
        assert out.out == "" and len(out.err.strip().splitlines()) == 1, out.err[:MESSAGE]
        assert str(target) in out.err and "Traceback" not in out.err
        if BOMBS[kind][1]:  # the Dutch problem, up to its first parameter
            assert t(f"problem.{BOMBS[kind][1]}", "nl").split("{")[0] in out.err


# -- the whole sweep in a fresh process, measured by the kernel -------------------------------
SWEEP = """
import resource, sys
from decision.errors import FileFormatError
from decision.files.workshop_file import parse_workshop_bytes
sys.path.insert(0, {tests!r})
from test_bombs_in_every_field import BOMBS, EXAMPLE, WORKSHOP_FIELDS, placed, template

def kilobytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

cases = [(kind, place) for place in WORKSHOP_FIELDS if len(place) == 1 for kind in BOMBS]
baseline = None
for number, (kind, place) in enumerate(cases):
    raw = placed(template(EXAMPLE, place), kind).encode("utf-8")
    try:
        parse_workshop_bytes(raw, "aanval.yaml")
        sys.exit(f"accepted: {{kind}} at {{place}}")
    except FileFormatError:
        pass
    del raw
    if number == len(BOMBS) - 1:
        baseline = kilobytes()  # after one of each: the parser, caches and 1.9 MB texts are warm
print(len(cases), baseline, kilobytes())
"""


def test_a_sweep_of_the_top_level_fields_stays_within_50_mb_of_resident_memory():
    # tracemalloc sees Python's allocations only; libyaml's own and the C scanner's are
    # in the process's resident memory, which the kernel reports as its high-water mark
    script = SWEEP.format(tests=str(Path(__file__).parent))
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    cases, baseline, peak = map(int, done.stdout.split())
    assert cases == len([p for p in WORKSHOP_FIELDS if len(p) == 1]) * len(BOMBS)
    assert (peak - baseline) * 1024 < MEMORY, f"{(peak - baseline) / 1024:.0f} MB more"
    assert resource.RUSAGE_CHILDREN  # the measure is the child's own, not this process's


# -- texts that are long, but not absurd ---------------------------------------------------------
P = Position
LENGTHS = [
    # a name or label, shown on one line
    (("workshop", "naam"), MAX_NAME_CHARS),
    (("workshop", "gemeente"), MAX_NAME_CHARS),
    (("ambitie", P(0), "thema"), MAX_NAME_CHARS),
    (("koppelkansen", P(0), "naam"), MAX_NAME_CHARS),
    (("koppelkansen", P(1), "project", "naam"), MAX_NAME_CHARS),
    (("koppelkansen", P(0), "partijen", P(0)), MAX_NAME_CHARS),
    (("deelnemers", P(0), "naam"), MAX_NAME_CHARS),
    (("criteria", P(0), "label", "nl"), MAX_NAME_CHARS),
    (("weging", "invoer", "methode"), MAX_NAME_CHARS),
    # a description, goal, anchor text or list entry
    (("workshop", "beschrijving"), MAX_TEXT_CHARS),
    (("ambitie", P(0), "doel"), MAX_TEXT_CHARS),
    (("koppelkansen", P(0), "beschrijving"), MAX_TEXT_CHARS),
    (("koppelkansen", P(0), "risicos", P(0)), MAX_TEXT_CHARS),
    (("criteria", P(0), "schaal", "ankers", 1, "en"), MAX_TEXT_CHARS),
]


def _set(document: object, path: tuple[Step, ...], value: str) -> None:
    for step in path[:-1]:
        document = document[step]  # type: ignore[index]
    document[path[-1]] = value  # type: ignore[index]


@pytest.mark.parametrize(("place", "limit"), LENGTHS, ids=_test_id)
def test_a_text_is_read_up_to_its_limit_and_refused_one_character_beyond(place, limit):
    def upload(length: int):
        document = copy.deepcopy(EXAMPLE)
        _set(document, place, "x" * length)
        text = yaml.dump(document, Dumper=_DUMPER, sort_keys=False, allow_unicode=True)
        return parse_workshop_bytes(text.encode("utf-8"), "lang.yaml")

    assert "x" * limit in repr(upload(limit))
    with pytest.raises(FileFormatError) as info:
        upload(limit + 1)
    error = info.value
    assert (error.problem, error.problem_params) == ("too_long", {"length": limit + 1, "limit": limit})
    assert isinstance(error.where, str) and error.where.startswith(spelled(place).split("[")[0])
    assert error.localized("nl").endswith(
        f"deze tekst is {limit + 1} tekens lang; hier passen hoogstens {limit} tekens."
    )


def test_a_long_text_in_a_criteria_set_names_the_field(tmp_path):
    document = _document(CRITERIA_FILES[0])
    document["naam"]["nl"] = "x" * (MAX_NAME_CHARS + 1)  # type: ignore[index]
    target = tmp_path / "criteria" / CRITERIA_FILES[0].name
    target.parent.mkdir()
    target.write_text(yaml.dump(document, Dumper=_DUMPER, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FileFormatError) as info:
        load_criteria_set(target)
    assert info.value.localized("nl") == (
        f"{target.name}, bij naam.nl: deze tekst is {MAX_NAME_CHARS + 1} tekens lang; "
        f"hier passen hoogstens {MAX_NAME_CHARS} tekens."
    )
