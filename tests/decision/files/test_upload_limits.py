"""Size caps on uploaded files and the row cap on a CSV list, and their headroom.

A cap is checked on the raw bytes, before anything decodes them; a refusal names
the file and the limit, and a refused CSV list gives no koppelkansen at all. The
caps must leave room for the largest workshop a real team makes, and Streamlit's
own upload limit must match the largest of them.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from decision.domain.model import Participant
from decision.errors import FileFormatError
from decision.files.csv_import import parse_kansen_csv
from decision.files.limits import (
    MAX_CSV_BYTES,
    MAX_CSV_COLUMNS,
    MAX_CSV_MB,
    MAX_CSV_ROWS,
    MAX_LIST_ITEMS,
    MAX_NAME_CHARS,
    MAX_SHOWN_CHARS,
    MAX_TEXT_CHARS,
    MAX_UPLOAD_MB,
    MAX_WORKSHOP_BYTES,
    MAX_WORKSHOP_MB,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    MEGABYTE,
)
from decision.files.workshop_file import dump_workshop, load_workshop, parse_workshop_bytes

ROOT = Path(__file__).resolve().parents[3]
HEADER = "id;naam;type;beschrijving;gekoppeld_project;startjaar;kosten_min_eur;kosten_max_eur"


def kansen_csv(rows: int, *, blank_lines: int = 0, bad_type_at: int | None = None) -> bytes:
    lines = [HEADER]
    for i in range(1, rows + 1):
        kind = "onbekend" if i == bad_type_at else ("fysiek" if i % 2 else "sociaal")
        lines.append(f"K{i:03d};Koppelkans {i};{kind};Een korte toelichting.;Project {i};2028;10.000;20.000")
    lines += [";;;;;;;"] * blank_lines
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def refusal(parse, raw: bytes, file: str) -> FileFormatError:
    with pytest.raises(FileFormatError) as info:
        parse(raw, file)
    return info.value


# -- size caps -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("parse", "limit_mb", "file"),
    [(parse_workshop_bytes, MAX_WORKSHOP_MB, "groot.yaml"), (parse_kansen_csv, MAX_CSV_MB, "groot.csv")],
)
def test_a_file_over_its_cap_is_refused_before_it_is_decoded(parse, limit_mb, file):
    # bytes that are not UTF-8: decoding first would give an encoding error instead
    raw = b"\xff" * (limit_mb * MEGABYTE + 1)
    error = refusal(parse, raw, file)
    assert (error.file, error.problem) == (file, "too_large")
    size = f"{limit_mb * 1024 + 1} KB"
    assert error.problem_params == {"size": size, "limit": f"{limit_mb} MB"}
    assert (
        error.localized("nl") == f"{file}: het bestand is {size} groot; de app leest hoogstens {limit_mb} MB."
    )
    assert error.localized("en") == f"{file}: the file is {size}; the app reads at most {limit_mb} MB."


def test_a_workshop_file_of_exactly_the_cap_is_read(example_path):
    text = example_path.read_bytes()
    padding = MAX_WORKSHOP_BYTES - len(text) - 3
    raw = text + b"\n#" + b"x" * padding + b"\n"
    assert len(raw) == MAX_WORKSHOP_BYTES
    assert parse_workshop_bytes(raw, "vol.yaml") == load_workshop(example_path)


def test_a_csv_file_of_exactly_the_cap_is_read():
    raw = kansen_csv(3)
    blank = b" " * 1022 + b"\r\n"  # a row of spaces is empty, and skipped
    raw += blank * ((MAX_CSV_BYTES - len(raw)) // len(blank))
    raw += b" " * (MAX_CSV_BYTES - len(raw))
    assert len(raw) == MAX_CSV_BYTES
    assert [k.id for k in parse_kansen_csv(raw, "vol.csv").kansen] == ["K001", "K002", "K003"]


# -- the CSV row cap -----------------------------------------------------------------------
def test_a_csv_list_over_the_row_cap_is_refused_whole():
    raw = kansen_csv(MAX_CSV_ROWS + 1)
    assert len(raw) < MAX_CSV_BYTES  # the row cap, not the size cap, refuses it
    error = refusal(parse_kansen_csv, raw, "hele-stad.csv")
    assert (error.file, error.where, error.problem) == ("hele-stad.csv", "", "csv_rows")
    assert error.problem_params == {"rows": MAX_CSV_ROWS + 1, "limit": MAX_CSV_ROWS}
    dutch = error.localized("nl")
    assert dutch.startswith("hele-stad.csv: de lijst heeft 501 rijen met koppelkansen")
    assert "hoogstens 500 tegelijk" in dutch and "Er is niets ingelezen" in dutch


def test_the_row_cap_refuses_before_any_row_is_read():
    # a bad cell in row 400 would otherwise be the first complaint
    raw = kansen_csv(MAX_CSV_ROWS + 1, bad_type_at=400)
    assert refusal(parse_kansen_csv, raw, "k.csv").problem == "csv_rows"
    assert refusal(parse_kansen_csv, kansen_csv(MAX_CSV_ROWS, bad_type_at=400), "k.csv").problem == "choice"


def test_a_list_of_exactly_the_row_cap_is_read_and_empty_rows_do_not_count():
    result = parse_kansen_csv(kansen_csv(MAX_CSV_ROWS, blank_lines=50), "precies.csv")
    assert len(result.kansen) == MAX_CSV_ROWS
    assert result.kansen[-1].id == f"K{MAX_CSV_ROWS:03d}"


# -- the numbers fit together and fit real use ---------------------------------------------
def test_streamlit_refuses_what_is_larger_than_the_largest_cap():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
    assert MAX_UPLOAD_MB * MEGABYTE == max(MAX_WORKSHOP_BYTES, MAX_CSV_BYTES)


@pytest.fixture
def largest_workshop(example_path, make_criterion):
    """60 koppelkansen with long texts, 40 named participants, 10 criteria, every score filled in."""
    example = load_workshop(example_path)
    criteria = (*example.criteria, *(make_criterion(f"extra-criterium-{i}") for i in range(5)))
    kansen = tuple(
        replace(
            example.kansen[i % len(example.kansen)],
            id=f"K{i + 1:02d}",
            description=example.kansen[i % len(example.kansen)].description * 3,
            motivation=("Gekozen omdat de straat toch al open gaat en de wijk erom vraagt. " * 4).strip(),
        )
        for i in range(60)
    )
    people = tuple(
        Participant(f"deelnemer-{i:02d}", f"Voornaam Achternaam {i}", "Adviseur") for i in range(40)
    )
    scores = {
        (p.id, k.id, c.id): float(1 + (n % 5))
        for n, (p, k, c) in enumerate((p, k, c) for p in people for k in kansen for c in criteria)
    }
    return replace(example, criteria=criteria, kansen=kansen, participants=people, scores=scores)


def test_the_largest_realistic_workshop_is_read_with_room_to_spare(largest_workshop):
    text = dump_workshop(largest_workshop)
    raw = text.encode("utf-8")
    nodes = depth = deepest = 0
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            nodes += 1
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    assert len(raw) * 3 < MAX_WORKSHOP_BYTES
    assert nodes * 3 < MAX_YAML_NODES
    assert deepest * 3 < MAX_YAML_DEPTH
    assert parse_workshop_bytes(raw, "grote-wijk.yaml") == largest_workshop


def test_the_largest_realistic_csv_list_fits_the_size_cap():
    long_row = ";".join(
        [
            "K001",
            "Warmtenet meeleggen met rioolvervanging in de hele straat",
            "fysiek",
            "Een toelichting van een flinke alinea. " * 12,
            "Rioolvervanging fase 1",
            "2028",
            "€ 250.000",
            "€ 1,5 mln",
        ]
    )
    assert len(long_row.encode("utf-8")) * MAX_CSV_ROWS < MAX_CSV_BYTES
    [kans] = parse_kansen_csv(f"{HEADER}\r\n{long_row}\r\n".encode(), "lang.csv").kansen
    assert kans.description == ("Een toelichting van een flinke alinea. " * 12).strip()
    assert kans.extra_cost is not None
    assert (kans.extra_cost.low, kans.extra_cost.high) == (250_000, 1_500_000)


# -- a CSV list that tries to make the importer do unbounded work --------------------------
def _measured(raw: bytes, file: str) -> tuple[FileFormatError, float, int]:
    """The refusal, the CPU seconds it took (this thread's, unstretched by a busy
    machine) and the most memory it built (tracemalloc)."""
    import time
    import tracemalloc

    tracemalloc.start()
    try:
        cpu = time.thread_time()
        error = refusal(parse_kansen_csv, raw, file)
        cpu = time.thread_time() - cpu
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return error, cpu, peak


def test_a_single_cell_of_almost_a_megabyte_is_refused_naming_the_row():
    # Python's csv module stops at 131,072 characters in one field: its message is English
    raw = b"naam;type\r\nWarmtenet;fysiek\r\n" + b"x" * (MAX_CSV_BYTES - 100) + b";fysiek\r\n"
    assert len(raw) <= MAX_CSV_BYTES
    error, cpu, peak = _measured(raw, "een-cel.csv")
    assert (error.where, error.problem) == (("where.row", {"row": 3}), "csv_cell_too_long")
    assert error.localized("nl") == (
        f"een-cel.csv, bij rij 3: een cel in deze rij is langer dan {MAX_TEXT_CHARS} tekens; "
        "zo'n lijst leest de app niet."
    )
    assert cpu < 1.0 and peak < 50 * MEGABYTE


def test_a_quoted_cell_that_swallows_the_rest_of_the_file_is_refused_the_same_way():
    raw = b'naam;type\r\n"Warmtenet' + b"\r\nnog een regel;fysiek" * 40_000 + b'";fysiek\r\n'
    error, _, _ = _measured(raw, "open-quote.csv")
    assert (error.where, error.problem) == (("where.row", {"row": 2}), "csv_cell_too_long")


@pytest.mark.parametrize(
    ("column", "limit"),
    [("naam", MAX_NAME_CHARS), ("gekoppeld_project", MAX_NAME_CHARS), ("beschrijving", MAX_TEXT_CHARS)],
)
def test_a_cell_is_read_up_to_its_column_s_limit_and_refused_beyond(column, limit):
    header = "naam;type;beschrijving;gekoppeld_project"

    def row(length: int) -> bytes:
        cells = {"naam": "Warmtenet", "type": "fysiek", "beschrijving": "", "gekoppeld_project": "Riool"}
        cells[column] = "x" * length
        return f"{header}\r\n{';'.join(cells.values())}\r\n".encode()

    [kans] = parse_kansen_csv(row(limit), "lang.csv").kansen
    assert "x" * limit in repr(kans)
    error = refusal(parse_kansen_csv, row(limit + 1), "lang.csv")
    assert (error.where, error.problem) == (("where.cell", {"row": 2, "column": column}), "too_long")
    assert error.localized("nl") == (
        f"lang.csv, bij rij 2, kolom {column}: deze tekst is {limit + 1} tekens lang; "
        f"hier passen hoogstens {limit} tekens."
    )


def test_a_list_cell_with_too_many_items_is_refused():
    items = "|".join(f"partij {i}" for i in range(MAX_LIST_ITEMS + 1))
    raw = f"naam;type;partijen\r\nWarmtenet;fysiek;{items}\r\n".encode()
    error = refusal(parse_kansen_csv, raw, "partijen.csv")
    assert error.where == ("where.cell", {"row": 2, "column": "partijen"})
    assert error.problem_params == {"count": MAX_LIST_ITEMS + 1, "limit": MAX_LIST_ITEMS}


def test_a_value_quoted_in_a_message_is_cut_short():
    raw = b"naam;type\r\nWarmtenet;" + b"y" * 100_000 + b"\r\n"
    error = refusal(parse_kansen_csv, raw, "soort.csv")
    assert error.problem == "choice"
    assert len(error.localized("nl")) < 250
    assert error.problem_params["value"] == "y" * (MAX_SHOWN_CHARS - 1) + "…"


def test_a_list_wider_than_the_column_cap_is_refused_whole():
    names = ";".join(f"kolom{i}" for i in range(MAX_CSV_COLUMNS - 1))
    wide = f"naam;type;{names}\r\nWarmtenet;fysiek{';' * (MAX_CSV_COLUMNS - 1)}\r\n".encode()
    error, cpu, _ = _measured(wide, "breed.csv")
    assert (error.where, error.problem) == (("where.row", {"row": 1}), "csv_too_wide")
    assert error.problem_params == {"columns": MAX_CSV_COLUMNS + 1, "limit": MAX_CSV_COLUMNS}
    assert error.localized("nl").startswith(
        f"breed.csv, bij rij 1: de lijst heeft {MAX_CSV_COLUMNS + 1} kolommen met een kop; "
        f"de app leest er hoogstens {MAX_CSV_COLUMNS}."
    )
    fewer = ";".join(names.split(";")[:-1])
    at_cap = f"naam;type;{fewer}\r\nWarmtenet;fysiek{';' * (MAX_CSV_COLUMNS - 2)}\r\n".encode()
    assert len(parse_kansen_csv(at_cap, "breed.csv").ignored_columns) == MAX_CSV_COLUMNS - 2


def test_a_megabyte_of_separators_or_empty_lines_is_cheap_to_refuse():
    # empty header cells and empty rows are no columns and no koppelkansen, but still work
    separators = b"naam;type" + b";" * (MAX_CSV_BYTES - 40) + b"\r\nA;fysiek\r\n"
    empty_lines = b"naam;type\r\n" + b"\r\n" * ((MAX_CSV_BYTES - 20) // 2)
    for raw, problem in ((separators, "csv_row_width"), (empty_lines, "csv_empty")):
        error, cpu, peak = _measured(raw, "leeg.csv")
        assert error.problem == problem
        assert cpu < 5.0 and peak < 50 * MEGABYTE, (problem, cpu, peak)


def test_a_list_far_over_the_row_cap_is_counted_to_the_end_but_not_kept():
    rows = 60_000  # as many one-letter rows as fit in the size cap
    raw = b"naam;type\r\n" + b"a;f\r\n" * rows
    assert len(raw) <= MAX_CSV_BYTES
    error, cpu, peak = _measured(raw, "hele-land.csv")
    assert error.problem_params == {"rows": rows, "limit": MAX_CSV_ROWS}
    assert peak < 10 * MEGABYTE  # the rows past the cap are counted, not held
