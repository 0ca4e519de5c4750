"""Hostile and oversized uploads on the Start page: refused in Dutch, nothing changed.

An alias bomb or a list over the caps gets the reader's message (file name and
problem) in an error box; no workshop is created, the open one is left as it was,
and the page never shows a traceback.
"""

from __future__ import annotations

import pytest

from decision.files.limits import (
    MAX_CSV_COLUMNS,
    MAX_CSV_MB,
    MAX_CSV_ROWS,
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    MAX_WEIGHT_INPUT_VALUES,
    MAX_WORKSHOP_MB,
)
from tests.app.conftest import EXAMPLE
from ui.catalog import t


def alias_bomb(levels: int = 9, fan: int = 9) -> bytes:
    """The shape of the attack file: the "billion laughs" in the workshop's date."""
    parts = ["&a0 [" + ", ".join(["lol"] * fan) + "]"]
    parts += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]" for i in range(1, levels)]
    lines = ["formaat: koppelkansen-workshop", "versie: 1", "workshop:", "  naam: Lachbom"]
    return ("\n".join([*lines, "  datum: [" + ", ".join(parts) + "]", "criteria: []"]) + "\n").encode()


def kansen_csv(rows: int) -> bytes:
    lines = ["naam;type", *(f"Koppelkans {i};fysiek" for i in range(1, rows + 1))]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def test_an_alias_bomb_is_refused_in_dutch_and_creates_no_workshop(app, store):
    at = app()
    at.file_uploader(key="import_file").upload("lachbom.yaml", alias_bomb(), "application/x-yaml").run()
    assert not at.exception
    [error] = at.error.values
    assert error == f"lachbom.yaml, bij regel 5, kolom 11: {t('problem.yaml_alias', 'nl')}"
    assert "ankers en verwijzingen (&/*) zijn niet toegestaan" in error
    assert store.workshops.list_recent() == []
    assert "w" not in at.session_state and "w" not in at.query_params


def test_an_alias_bomb_leaves_the_open_workshop_as_it_was(app, store, wid, example, shown):
    at = app("start", wid)
    at.file_uploader(key="import_file").upload("lachbom.yaml", alias_bomb(), "application/x-yaml").run()
    assert not at.exception
    [error] = at.error.values
    assert error.startswith("lachbom.yaml, bij regel 5") and "ankers en verwijzingen (&/*)" in error
    assert [s.id for s in store.workshops.list_recent()] == [wid]
    assert store.workshops.load(wid).workshop == example
    assert at.session_state["w"] == wid
    assert t("start.continue", "nl", name=example.name) in shown(at)


def test_an_oversized_workshop_file_is_refused_with_its_limit(app, store):
    at = app()
    raw = b"# " + b"x" * (MAX_WORKSHOP_MB * 1024 * 1024)
    at.file_uploader(key="import_file").upload("groot.yaml", raw, "application/x-yaml").run()
    assert not at.exception
    [error] = at.error.values
    assert error.startswith("groot.yaml: het bestand is ") and error.endswith(
        f"hoogstens {MAX_WORKSHOP_MB} MB."
    )
    assert store.workshops.list_recent() == []


def test_a_csv_list_over_the_row_cap_adds_nothing(app, store, wid, example, shown):
    at = app("start", wid)
    assert t("csv.limits", "nl", rows=MAX_CSV_ROWS, size=f"{MAX_CSV_MB} MB") in shown(at)
    at.file_uploader(key="kansen_csv_0").upload(
        "hele-stad.csv", kansen_csv(MAX_CSV_ROWS + 1), "text/csv"
    ).run()
    assert not at.exception
    [error] = at.error.values
    assert error.startswith(f"hele-stad.csv: de lijst heeft {MAX_CSV_ROWS + 1} rijen met koppelkansen")
    assert f"hoogstens {MAX_CSV_ROWS} tegelijk" in error
    assert not [b for b in at.button if (b.key or "").startswith("csv")]  # nothing to add
    assert not at.dataframe  # and no preview
    assert store.workshops.load(wid).workshop == example


def test_a_csv_list_within_the_caps_can_still_be_added(app, store, wid, example):
    at = app("start", wid)
    at.file_uploader(key="kansen_csv_0").upload("wijk.csv", kansen_csv(3), "text/csv").run()
    assert not at.exception and not at.error
    add = next(b for b in at.button if b.label == t("csv.add", "nl", n=3))
    add.click().run()
    assert not at.exception
    assert len(store.workshops.load(wid).workshop.kansen) == len(example.kansen) + 3


# -- every kind of hostile workshop file, in the field where the attack was once stored ------
def _example_with(old: str, new: str) -> bytes:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text, f"the example no longer has {old!r}"
    return text.replace(old, new, 1).encode("utf-8")


def _invoer_line() -> int:
    """The line the weighting input lands on: the one after the example's ``methode``."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    return lines.index("  methode: direct") + 2


def _invoer(value: str) -> bytes:
    """The example with this weighting input: a free-form field, where the attack was once stored."""
    return _example_with("  methode: direct", "  methode: direct\n  invoer: " + value)


HOSTILE_WORKSHOPS = {
    # name: (the file, the start of the message after "<file>, bij ")
    "alias bomb in weging.invoer": (
        lambda: _invoer("{ahp: " + _laughs() + "}"),
        f"regel {_invoer_line()}, kolom 18: ankers en verwijzingen",
    ),
    "deep nesting": (
        lambda: _invoer("[" * 5000 + "]" * 5000),
        f"regel {_invoer_line()}, kolom ",
    ),
    "1.9 MB workshop name": (
        lambda: _example_with("  naam: Koppelkansen kiezen Kastanjehof", "  naam: " + "x" * 1_900_000),
        f"workshop.naam: deze tekst is 1900000 tekens lang; hier passen hoogstens {MAX_NAME_CHARS} tekens.",
    ),
    "number of 100,000 hex digits": (
        lambda: _example_with("gewicht: 25", "gewicht: 0x" + "f" * 100_000),
        "regel ",
    ),
    "150,000 values in weging.invoer": (
        lambda: _invoer("{a: [" + "0, " * 150_000 + "0]}"),
        f"weging.invoer.a[{MAX_WEIGHT_INPUT_VALUES}]: de invoer van de weging bevat meer dan",
    ),
}


def _laughs(levels: int = 9, fan: int = 9) -> str:
    parts = ["&a0 [" + ", ".join(["lol"] * fan) + "]"]
    parts += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]" for i in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


@pytest.mark.parametrize("hostile", HOSTILE_WORKSHOPS)
def test_a_hostile_workshop_file_is_refused_in_dutch_and_stores_nothing(hostile, app, store):
    build, message = HOSTILE_WORKSHOPS[hostile]
    raw = build()
    assert len(raw) <= MAX_WORKSHOP_MB * 1024 * 1024  # within the size cap: the reader must refuse it
    at = app()
    at.file_uploader(key="import_file").upload("aanval.yaml", raw, "application/x-yaml").run()
    assert not at.exception
    [error] = at.error.values
    assert error.startswith(f"aanval.yaml, bij {message}"), error[:300]
    assert len(error) < 300  # a value from the file is quoted short, never whole
    assert store.workshops.list_recent() == []
    assert "w" not in at.session_state


# -- a CSV list over the caps, in the Start page's expander ---------------------------------------
def test_a_csv_list_over_the_size_cap_names_the_file_the_size_and_the_cap(app, store, wid, example):
    at = app("start", wid)
    raw = kansen_csv(3) + b"#" * (MAX_CSV_MB * 1024 * 1024)
    at.file_uploader(key="kansen_csv_0").upload("groot.csv", raw, "text/csv").run()
    assert not at.exception
    [error] = at.error.values
    size = f"{-(-len(raw) // 1024)} KB"
    assert error == f"groot.csv: het bestand is {size} groot; de app leest hoogstens {MAX_CSV_MB} MB."
    assert not at.dataframe and not [b for b in at.button if (b.key or "").startswith("csv")]
    assert store.workshops.load(wid).workshop == example


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            b"naam;type\r\nWarmtenet;fysiek\r\n" + b"x" * 900_000 + b";fysiek\r\n",
            f"lijst.csv, bij rij 3: een cel in deze rij is langer dan {MAX_TEXT_CHARS} tekens",
        ),
        (
            ("naam;type;" + ";".join(f"k{i}" for i in range(MAX_CSV_COLUMNS)) + "\r\nA;fysiek\r\n").encode(),
            f"lijst.csv, bij rij 1: de lijst heeft {MAX_CSV_COLUMNS + 2} kolommen met een kop",
        ),
        (
            b"naam;type\r\n" + b"y" * (MAX_NAME_CHARS + 1) + b";fysiek\r\n",
            f"lijst.csv, bij rij 2, kolom naam: deze tekst is {MAX_NAME_CHARS + 1} tekens lang",
        ),
    ],
    ids=["one cell of 900 KB", "too many columns", "a name too long"],
)
def test_a_csv_list_with_an_absurd_cell_or_width_adds_nothing(raw, message, app, store, wid, example):
    at = app("start", wid)
    at.file_uploader(key="kansen_csv_0").upload("lijst.csv", raw, "text/csv").run()
    assert not at.exception
    [error] = at.error.values
    assert error.startswith(message), error[:300]
    assert len(error) < 300
    assert not at.dataframe
    assert store.workshops.load(wid).workshop == example
