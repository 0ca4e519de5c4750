"""The ``koppelkansen`` command line: rank and validate.

Most tests call :func:`decision.cli.main` in-process; a few run the real command in
a subprocess to prove that bad input never prints a traceback. Expected numbers are
worked out by hand from the scores in ``_workshop``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from decision.cli import main
from decision.domain.model import KansType, Koppelkans, Participant, Status, Workshop
from decision.files.criteria_sets import load_criteria_set
from decision.files.workshop_file import dump_workshop, save_workshop

ROOT = Path(__file__).resolve().parents[1]
CRITERIA_DIR = ROOT / "criteria"
CRITERIA_FILE = CRITERIA_DIR / "01-wijkkompas-fase3.yaml"
EXAMPLE_FILE = ROOT / "data" / "kastanjehof.yaml"
BOM = b"\xef\xbb\xbf"
CRITERIA = ("wensen", "kosten", "tijd", "risico", "ambitie")
NAME = "Proefwijk Eikenlaan"


def _workshop() -> Workshop:
    """Four koppelkansen scored by three participants on the Wijkkompas criteria.

    Weights 25/20/15/15/25 -> 0.25/0.20/0.15/0.15/0.25; every scale runs 1..5, so for
    the weighted sum a "hoger is beter" level x counts (x-1)/4, a "lager is beter"
    level (5-x)/4.

    K01  5 2 2 2 4                          -> .25 + .75 x .75                    = 0.8125
    K02  4 3 3 3 3                          -> .25x.75 + .75x.5                   = 0.5625
    K03  3 3 3 3 4                          -> .25x.5 + .5x.5 + .25x.75           = 0.5625  (tie)
    K04  wensen: weet niet / 2 / 2; kosten 5; tijd 4; risico 4; ambitie 5 / 1 / 1
         mean:   .25x.25 + 0 + .15x.25 + .15x.25 + .25x(7/3-1)/4              = 0.2208333
         median: .25x.25 + 0 + .15x.25 + .15x.25 + .25x0                      = 0.1375
    """
    cs = load_criteria_set(CRITERIA_FILE)
    sheets = {
        "K01": [[5, 2, 2, 2, 4]] * 3,
        "K02": [[4, 3, 3, 3, 3]] * 3,
        "K03": [[3, 3, 3, 3, 4]] * 3,
        "K04": [[None, 5, 4, 4, 5], [2, 5, 4, 4, 1], [2, 5, 4, 4, 1]],
    }
    scores = {}
    for kid, rows in sheets.items():
        for pid, values in zip(("P1", "P2", "P3"), rows, strict=False):
            for cid, value in zip(CRITERIA, values, strict=False):
                scores[(pid, kid, cid)] = None if value is None else float(value)
    return Workshop(
        name=NAME,
        neighbourhood="Eikenlaan",
        municipality="Voorbeeldstad",
        fictitious=True,
        criteria_set=cs.id,
        criteria=cs.criteria,
        kansen=(
            Koppelkans(
                "K01",
                "Groen schoolplein",
                KansType.PHYSICAL,
                status=Status.CHOSEN,
                motivation="Topwens; kan mee met de renovatie van de school.",
            ),
            Koppelkans("K02", "Buurtkamer in de school", KansType.SOCIAL),
            Koppelkans("K03", "Wadi's in de Kastanjelaan", KansType.PHYSICAL),
            Koppelkans("K04", "Warmtenet meekoppelen", KansType.PHYSICAL),
        ),  # fmt: skip
        participants=(
            Participant("P1", "Anouk de Vries", "wijkregisseur"),
            Participant("P2", "Jeroen Bakker", "netbeheerder"),
            Participant("P3"),
        ),
        scores=scores,
    )


HAND_SCORES = {"K01": 0.8125, "K02": 0.5625, "K03": 0.5625, "K04": 0.25 * 0.25 + 0.3 * 0.25 + 0.25 / 3}


@pytest.fixture
def workshop_file(tmp_path: Path) -> str:
    path = tmp_path / "eikenlaan.yaml"
    save_workshop(_workshop(), path)
    return str(path)


@pytest.fixture
def workshop_text() -> str:
    return dump_workshop(_workshop())


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the command in-process; argparse's own exits count as exit codes."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def table(out: str) -> tuple[list[str], list[list[str]]]:
    """Header cells and row cells of the printed table (columns are 2+ spaces apart)."""
    lines = out.splitlines()
    dashes = next(i for i, line in enumerate(lines) if line.startswith("--"))
    header = re.split(r"\s{2,}", lines[dashes - 1].strip())
    rows = []
    for line in lines[dashes + 1 :]:
        if not line.strip():
            break
        rows.append(re.split(r"\s{2,}", line.strip()))
    return header, rows


def ranking_json(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, "rank", *argv, "--format", "json")
    assert code == 0, err
    return json.loads(out)


# -- rank: the table -------------------------------------------------------------
def test_rank_prints_title_header_and_rows_in_rank_order(capsys, workshop_file):
    code, out, err = run(capsys, "rank", workshop_file)
    assert code == 0
    assert err == ""
    assert out.splitlines()[0].startswith(NAME)
    assert "WSM" in out.splitlines()[0]
    header, rows = table(out)
    assert header == ["rang", "id", "naam", "score", "gescoord_gewicht", "spreiding", "weet_niet"]
    assert [r[1] for r in rows] == ["K01", "K02", "K03", "K04"]
    assert [r[2] for r in rows] == [
        "Groen schoolplein", "Buurtkamer in de school", "Wadi's in de Kastanjelaan", "Warmtenet meekoppelen",
    ]  # fmt: skip
    assert [r[6] for r in rows] == ["0", "0", "0", "1"]  # K04 has one "weet niet"
    assert [r[4] for r in rows] == ["100%"] * 4


def test_rank_shows_ties(capsys, workshop_file):
    _, out, _ = run(capsys, "rank", workshop_file)
    _, rows = table(out)
    assert [r[0] for r in rows] == ["1", "2=", "2=", "4"]  # competition ranking: no rank 3
    assert rows[1][3] == rows[2][3]
    assert "Gelijke stand: K02/K03." in out.splitlines()


def test_rank_scores_use_a_decimal_comma(capsys, workshop_file):
    _, out, _ = run(capsys, "rank", workshop_file)
    _, rows = table(out)
    assert rows[3][3] == "0,221"  # 0.2208333
    assert rows[0][3].startswith("0,81")  # 0.8125


@pytest.mark.parametrize(
    ("k", "ids", "note"),
    [
        ("1", ["K01"], False),
        ("2", ["K01", "K02", "K03"], True),  # K02 and K03 share place 2
        ("3", ["K01", "K02", "K03"], False),
        ("4", ["K01", "K02", "K03", "K04"], False),
        ("10", ["K01", "K02", "K03", "K04"], False),
    ],
)
def test_rank_top_k(capsys, workshop_file, k, ids, note):
    code, out, _ = run(capsys, "rank", workshop_file, "--top", k)
    assert code == 0
    _, rows = table(out)
    assert [r[1] for r in rows] == ids
    notes = [line for line in out.splitlines() if line.startswith("Let op")]
    if note:
        assert notes == [f"Let op: door een gelijke stand op de grens tonen we {len(ids)} in plaats van {k}."]
    else:
        assert notes == []
    assert ("Gelijke stand: K02/K03." in out) == ("K02" in ids)


def test_rank_top_k_json_follows_the_same_cut(capsys, workshop_file):
    doc = ranking_json(capsys, workshop_file, "--top", "2")
    assert [r["id"] for r in doc["ranking"]] == ["K01", "K02", "K03"]


def test_rank_topsis(capsys, workshop_file):
    code, out, _ = run(capsys, "rank", workshop_file, "--method", "topsis")
    assert code == 0
    assert "TOPSIS" in out.splitlines()[0]
    _, rows = table(out)
    # K01 is best on every criterion (the ideal point), K04 worst on every one (the anti-ideal)
    assert rows[0][1] == "K01" and rows[0][3] == "1,000"
    assert rows[-1][1] == "K04" and rows[-1][3] == "0,000"


def test_rank_topsis_scores_match_the_textbook_formula(capsys, workshop_file):
    doc = ranking_json(capsys, workshop_file, "--method", "topsis")
    assert doc["method"] == "topsis"
    # the mean matrix, computed by hand from the sheets (K04 wensen: mean of 2 and 2)
    x = np.array([[5, 2, 2, 2, 4], [4, 3, 3, 3, 3], [3, 3, 3, 3, 4], [2, 5, 4, 4, 7 / 3]], dtype=float)
    w = np.array([0.25, 0.20, 0.15, 0.15, 0.25])
    benefit = np.array([True, False, False, False, True])
    v = x / np.sqrt((x**2).sum(axis=0)) * w
    ideal = np.where(benefit, v.max(axis=0), v.min(axis=0))
    anti = np.where(benefit, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    expected = dict(zip(["K01", "K02", "K03", "K04"], d_minus / (d_plus + d_minus), strict=False))
    got = {r["id"]: r["score"] for r in doc["ranking"]}
    assert got == pytest.approx(expected, abs=1e-9)
    order = sorted(expected, key=lambda k: -expected[k])
    assert [r["id"] for r in doc["ranking"]] == order


def test_rank_aggregation_median(capsys, workshop_file):
    code, out, _ = run(capsys, "rank", workshop_file, "--aggregation", "median")
    assert code == 0
    assert "median" in out.splitlines()[0]
    mean = {r["id"]: r["score"] for r in ranking_json(capsys, workshop_file)["ranking"]}
    doc = ranking_json(capsys, workshop_file, "--aggregation", "median")
    median = {r["id"]: r["score"] for r in doc["ranking"]}
    assert mean["K04"] == pytest.approx(0.2208333, abs=1e-6)
    assert median["K04"] == pytest.approx(0.1375)  # ambitie 5/1/1: median 1, mean 7/3
    for kid in ("K01", "K02", "K03"):  # everyone agreed: mean and median coincide
        assert median[kid] == pytest.approx(mean[kid])


def test_rank_english(capsys, workshop_file):
    code, out, _ = run(capsys, "rank", workshop_file, "--lang", "en")
    assert code == 0
    header, rows = table(out)
    assert header == ["rank", "id", "name", "score", "weight_scored", "spread", "dont_know"]
    assert rows[3][3] == "0.221"
    assert "Tie: K02/K03." in out.splitlines()
    assert "Gelijke stand" not in out


def test_rank_unscored_koppelkans_is_listed_but_not_ranked(capsys, tmp_path):
    w = _workshop().with_kans(Koppelkans("K05", "Speelplek aan het water", KansType.SOCIAL))
    path = tmp_path / "met-lege.yaml"
    save_workshop(w, path)
    code, out, _ = run(capsys, "rank", str(path))
    assert code == 0
    _, rows = table(out)
    assert rows[-1][:2] == ["–", "K05"]
    assert "Niet te rangschikken (geen enkele score): K05." in out.splitlines()
    doc = ranking_json(capsys, str(path))
    k05 = next(r for r in doc["ranking"] if r["id"] == "K05")
    assert k05["score"] is None and k05["coverage"] == 0
    # with --top the unscored one is left out of the table, but still mentioned below it
    code, out, _ = run(capsys, "rank", str(path), "--top", "1")
    assert code == 0
    _, rows = table(out)
    assert [r[1] for r in rows] == ["K01"]
    assert out.endswith("\n\nNiet te rangschikken (geen enkele score): K05.\n")


# -- rank: CSV and JSON ----------------------------------------------------------
def test_rank_csv_is_dutch_excel_csv(capsysbinary, workshop_file):
    code = main(["rank", workshop_file, "--format", "csv"])
    out, _ = capsysbinary.readouterr()
    assert code == 0
    assert out.startswith(BOM)
    lines = out[3:].decode("utf-8").split("\r\n")
    header = lines[0].split(";")
    assert header[:3] == ["rang", "id", "naam"]
    assert "motivatie" in header
    body = [line.split(";") for line in lines[1:] if line]
    assert [r[1] for r in body] == ["K01", "K02", "K03", "K04"]
    assert body[0][header.index("score")] == "0,8125"
    assert body[1][header.index("gelijke_stand")] == "ja"


def test_rank_csv_international(capsysbinary, workshop_file):
    code = main(["rank", workshop_file, "--format", "csv", "--international"])
    out, _ = capsysbinary.readouterr()
    assert code == 0
    assert not out.startswith(BOM)
    lines = out.decode("utf-8").split("\r\n")
    header = lines[0].split(",")
    assert header[:3] == ["rang", "id", "naam"]
    assert ";" not in lines[0]
    k01 = dict(zip(header, lines[1].split(","), strict=False))
    assert k01["score"] == "0.8125"


def test_rank_csv_english_and_top(capsysbinary, workshop_file):
    code = main(["rank", workshop_file, "--format", "csv", "--lang", "en", "--top", "1"])
    out, _ = capsysbinary.readouterr()
    assert code == 0
    lines = [line for line in out.decode("utf-8-sig").split("\r\n") if line]
    assert lines[0].split(";")[:3] == ["rank", "id", "name"]
    assert len(lines) == 2 and lines[1].split(";")[1] == "K01"


def test_rank_json(capsys, workshop_file):
    doc = ranking_json(capsys, workshop_file)
    assert doc["workshop"] == NAME
    assert doc["method"] == "wsm" and doc["aggregation"] == "mean"
    assert sum(doc["weights"].values()) == pytest.approx(1.0)
    # gewicht 25/20/15/15/25 in the criteria set, out of 100
    expected = {"wensen": 0.25, "kosten": 0.20, "tijd": 0.15, "risico": 0.15, "ambitie": 0.25}
    assert doc["weights"] == pytest.approx(expected)
    assert doc["ties"] == [["K02", "K03"]]
    records = doc["ranking"]
    assert [r["id"] for r in records] == ["K01", "K02", "K03", "K04"]
    assert [r["rank"] for r in records] == [1, 2, 2, 4]
    assert [r["tied"] for r in records] == [False, True, True, False]
    assert {r["id"]: r["score"] for r in records} == pytest.approx(HAND_SCORES)
    assert [r["n_unknown"] for r in records] == [0, 0, 0, 1]
    for r in records:
        assert sum(r["contributions"].values()) == pytest.approx(r["score"])
        assert set(r["contributions"]) == set(CRITERIA)


# -- validate --------------------------------------------------------------------
def test_validate_workshop(capsys, workshop_file):
    code, out, err = run(capsys, "validate", workshop_file)
    assert code == 0
    assert err == ""
    assert out.splitlines() == [
        f"{workshop_file}: geldig workshopbestand (4 koppelkansen, 5 criteria, 3 deelnemers, 60 scores)."
    ]


def test_validate_workshop_english(capsys, workshop_file):
    code, out, _ = run(capsys, "validate", workshop_file, "--lang", "en")
    assert code == 0
    assert len(out.splitlines()) == 1
    assert "valid workshop file" in out


@pytest.mark.parametrize("path", sorted(CRITERIA_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_validate_every_criteria_set(capsys, path):
    code, out, err = run(capsys, "validate", str(path))
    assert code == 0, err
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == 1
    assert "geldig afwegingskader" in lines[0]
    assert str(path) in lines[0]


def test_the_standard_criteria_set_is_present():
    assert CRITERIA_FILE.exists()


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


BAD_FILES = {
    # name: (how to make it from a valid workshop file's text, what the message must say)
    "yaml-syntax": (lambda s: s + "koppelkansen: [niet afgesloten\n", "geen geldige YAML"),
    "unknown-key": (
        lambda s: _replace_once(s, "versie: 1\n", "versie: 1\nextra: 3\n"),
        "onbekend veld 'extra'",
    ),
    "wrong-format": (
        lambda s: _replace_once(s, "formaat: koppelkansen-workshop", "formaat: koppelkansen-iets"),
        "koppelkansen-iets",
    ),
    "score-out-of-range": (
        lambda s: _replace_once(s, "  P1:\n    K01: {wensen: 5", "  P1:\n    K01: {wensen: 7"),
        "score 7 ligt buiten de schaal 1–5",
    ),
    "duplicate-key": (
        lambda s: _replace_once(s, "  P1:\n    K01: {wensen: 5", "  P1:\n    K01: {wensen: 4, wensen: 5"),
        "wensen",
    ),
    "not-a-mapping": (lambda s: "- een\n- lijst\n", "mapping"),
    "empty": (lambda s: "", "mapping"),
    "no-formaat": (lambda s: _replace_once(s, "formaat: koppelkansen-workshop\n", ""), "formaat"),
}


def _assert_one_line_error(code, out, err, file: str, says: str) -> None:
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert file in lines[0]
    assert says in lines[0]


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_validate_bad_file_gives_one_line(capsys, tmp_path, workshop_text, case):
    make, says = BAD_FILES[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(make(workshop_text), encoding="utf-8")
    code, out, err = run(capsys, "validate", str(path))
    _assert_one_line_error(code, out, err, str(path), says)
    assert err.startswith("fout: ")


def test_validate_missing_file(capsys, tmp_path):
    path = str(tmp_path / "bestaat-niet.yaml")
    code, out, err = run(capsys, "validate", path)
    _assert_one_line_error(code, out, err, path, "niet gevonden")


def test_validate_folder_instead_of_file(capsys, tmp_path):
    code, out, err = run(capsys, "validate", str(tmp_path))
    _assert_one_line_error(code, out, err, str(tmp_path), "map")


def test_validate_error_in_english(capsys, tmp_path, workshop_text):
    path = tmp_path / "range.yaml"
    path.write_text(BAD_FILES["score-out-of-range"][0](workshop_text), encoding="utf-8")
    code, out, err = run(capsys, "validate", str(path), "--lang", "en")
    _assert_one_line_error(code, out, err, str(path), "score 7 lies outside the scale 1–5")
    assert "scores.P1.K01.wensen" in err


def test_validate_not_utf8(capsys, tmp_path):
    path = tmp_path / "ansi.yaml"
    path.write_bytes("formaat: koppelkansen-workshop\nnaam: Caf\u00e9\n".encode("cp1252"))
    code, out, err = run(capsys, "validate", str(path))
    _assert_one_line_error(code, out, err, str(path), "UTF-8")


def test_validate_impossible_date(capsys, tmp_path, workshop_text):
    path = tmp_path / "datum.yaml"
    path.write_text(_replace_once(workshop_text, "fictief: true\n", "datum: 2026-13-45\n  fictief: true\n"))
    code, out, err = run(capsys, "validate", str(path))
    _assert_one_line_error(code, out, err, str(path), "datum")


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_rank_bad_file_gives_one_line(capsys, tmp_path, workshop_text, case):
    make, _ = BAD_FILES[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(make(workshop_text), encoding="utf-8")
    code, out, err = run(capsys, "rank", str(path))
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1
    assert str(path) in err


def test_rank_missing_file(capsys, tmp_path):
    path = str(tmp_path / "bestaat-niet.yaml")
    code, out, err = run(capsys, "rank", path)
    _assert_one_line_error(code, out, err, path, "niet gevonden")


# -- usage errors ----------------------------------------------------------------
@pytest.mark.parametrize(
    "extra",
    [
        ["--bestaat-niet"],
        ["--top", "0"],
        ["--top", "-1"],
        ["--top", "drie"],
        ["--method", "ahp"],
        ["--aggregation", "modus"],
        ["--format", "xlsx"],
        ["--lang", "de"],
    ],
    ids=lambda e: " ".join(e),
)
def test_usage_errors(capsys, workshop_file, extra):
    code, out, err = run(capsys, "rank", workshop_file, *extra)
    assert code == 2
    assert out == ""
    assert err.strip()
    assert "Traceback" not in err


@pytest.mark.parametrize("argv", [[], ["sorteer", "x.yaml"], ["rank"], ["validate"]], ids=repr)
def test_usage_errors_without_a_proper_command(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err.strip()
    assert "Traceback" not in err


# -- the real command in a subprocess --------------------------------------------
def _subprocess(cmd: list[str]) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=120)


@pytest.mark.slow  # starts fresh interpreters
def test_module_run_rank_and_validate(workshop_file, tmp_path, workshop_text):
    cli = [sys.executable, "-m", "decision.cli"]
    done = _subprocess([*cli, "rank", workshop_file])
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode("utf-8")
    _, rows = table(out)
    assert [r[1] for r in rows] == ["K01", "K02", "K03", "K04"]
    assert done.stderr == b""

    done = _subprocess([*cli, "rank", workshop_file, "--format", "csv"])
    assert done.returncode == 0
    assert done.stdout.startswith(BOM)
    assert done.stdout.split(b"\r\n")[0][3:].split(b";")[:3] == [b"rang", b"id", b"naam"]

    bad = tmp_path / "kapot.yaml"
    bad.write_text(BAD_FILES["score-out-of-range"][0](workshop_text), encoding="utf-8")
    for command in ("validate", "rank"):
        done = _subprocess([*cli, command, str(bad)])
        err = done.stderr.decode("utf-8")
        assert done.returncode == 2
        assert "Traceback" not in err
        expected = f"fout: {bad}, bij scores.P1.K01.wensen: score 7 ligt buiten de schaal 1–5."
        assert err.splitlines() == [expected]
        assert done.stdout == b""

    done = _subprocess([*cli, "rank", workshop_file, "--top", "0"])
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr


@pytest.mark.slow  # starts fresh interpreters
def test_installed_console_script(workshop_file, tmp_path):
    script = shutil.which("koppelkansen", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the koppelkansen command is not installed next to this Python")
    done = _subprocess([script, "validate", workshop_file])
    assert done.returncode == 0
    assert "geldig workshopbestand" in done.stdout.decode("utf-8")
    done = _subprocess([script, "validate", str(tmp_path / "weg.yaml")])
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert len(done.stderr.decode("utf-8").splitlines()) == 1


# -- the bundled example -----------------------------------------------------------
def test_example_workshop_ranks_fourteen_koppelkansen(capsys):
    assert EXAMPLE_FILE.exists(), "the example workshop data/kastanjehof.yaml is missing"
    code, out, err = run(capsys, "validate", str(EXAMPLE_FILE))
    assert code == 0, err
    code, out, err = run(capsys, "rank", str(EXAMPLE_FILE))
    assert code == 0, err
    header, rows = table(out)
    assert header[:3] == ["rang", "id", "naam"]
    assert len(rows) == 14
    assert "Traceback" not in out + err


@pytest.mark.slow  # starts fresh interpreters
def test_json_cli_works_without_a_terminal(workshop_file):
    done = _subprocess([sys.executable, "-m", "decision.cli", "rank", workshop_file, "--format", "json"])
    assert done.returncode == 0
    doc = json.loads(done.stdout.decode("utf-8"))
    assert len(doc["ranking"]) == 4


def test_bad_file_recipes_match_a_saved_workshop(workshop_text):
    # the recipes above rely on these exact lines in a saved workshop file
    fragments = (
        "formaat: koppelkansen-workshop\n", "versie: 1\n", "  P1:\n    K01: {wensen: 5", "fictief: true\n",
    )  # fmt: skip
    for fragment in fragments:
        assert workshop_text.count(fragment) == 1, fragment


# -- facilitator-link: the server operator's way in ----------------------------------------------
def test_facilitator_link_lists_workshops_and_makes_a_link_that_gives_access(
    capsys, tmp_path, small_workshop
):
    from urllib.parse import parse_qs, urlparse

    from decision.store import Client, open_store

    db = tmp_path / "k.db"
    store = open_store(db)
    wid = store.workshops.create(small_workshop)
    store.close()
    code, out, _ = run(capsys, "facilitator-link", "--db", str(db))
    assert code == 0 and out.split("\t")[0] == wid and "open: geen PIN" in out
    code, out, err = run(
        capsys, "facilitator-link", wid, "--db", str(db), "--public-url", "https://k.gemeente.nl/"
    )
    assert code == 0 and "werkt niet meer" in err
    url = urlparse(out.strip())
    assert (url.scheme, url.netloc) == ("https", "k.gemeente.nl")
    query = parse_qs(url.query)
    assert query["w"] == [wid]
    store = open_store(db)
    check = store.access.grant_by_link(wid, query["f"][0], Client("beheerder"))
    assert check.ok and store.access.grant_is_valid(wid, check.grant)
    # a second link makes the first one stop working
    run(capsys, "facilitator-link", wid, "--db", str(db))
    assert not store.access.grant_by_link(wid, query["f"][0], Client("beheerder")).ok
    store.close()


def test_facilitator_link_takes_an_older_id_that_starts_with_a_dash(capsys, tmp_path, small_workshop):
    from decision.store import open_store

    db = tmp_path / "k.db"
    store = open_store(db)
    wid = store.workshops.create(small_workshop, "-Fbx75MP2xC")  # as token_urlsafe once drew it
    store.close()
    code, out, err = run(capsys, "facilitator-link", "--db", str(db), "--", wid)
    assert code == 0 and f"w={wid}" in out, err


def test_facilitator_link_for_an_unknown_workshop_says_so(capsys, tmp_path):
    code, _, err = run(capsys, "facilitator-link", "bestaat-niet", "--db", str(tmp_path / "k.db"))
    assert code == 2 and "bestaat-niet" in err and "Traceback" not in err


# -- rank: the natural moment ------------------------------------------------------
def test_rank_json_gives_each_koppelkans_its_start_year_and_natural_moment(capsys):
    doc = ranking_json(capsys, str(EXAMPLE_FILE), "--today", "2026-12-02")
    moments = {r["id"]: (r["start_year"], r["natural_moment"]) for r in doc["ranking"]}
    assert moments["K02"] == (2028, "window")  # 1.6 years ahead
    assert moments["K06"] == (2026, "now")  # this year: too late, unless the work can change
    assert moments["K11"] == (2030, "window")  # 3.6 years
    assert moments["K14"] == (2031, "later")  # 4.6 years
    assert doc["today"] == "2026-12-02"
    assert doc["natural_moment_window"] == {"from_years": 1.5, "to_years": 4.0}
    # seen from the workshop's own day, the school is still later
    earlier = ranking_json(capsys, str(EXAMPLE_FILE), "--today", "2026-03-12")
    assert {r["id"]: r["natural_moment"] for r in earlier["ranking"]}["K11"] == "later"


def test_rank_json_has_null_for_an_unknown_start_year(capsys, workshop_file):
    doc = ranking_json(capsys, workshop_file, "--today", "2026-12-02")
    assert all(r["start_year"] is None and r["natural_moment"] is None for r in doc["ranking"])


def test_rank_refuses_a_today_that_is_no_date(capsys):
    code, _, err = run(capsys, "rank", str(EXAMPLE_FILE), "--today", "morgen")
    assert code == 2
    assert "morgen" in err and "geen datum" in err
