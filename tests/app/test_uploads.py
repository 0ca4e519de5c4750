"""Hostile and oversized uploads on the Start page: refused in Dutch, nothing changed.

An alias bomb or a list over the caps gets the reader's message (file name and
problem) in an error box; no workshop is created, the open one is left as it was,
and the page never shows a traceback.
"""

from __future__ import annotations

from decision.files.limits import MAX_CSV_MB, MAX_CSV_ROWS, MAX_WORKSHOP_MB
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
