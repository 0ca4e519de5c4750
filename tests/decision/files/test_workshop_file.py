"""The workshop file: lossless round trip, clear refusals, and the bundled example."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from decision.domain.facts import filled_scores
from decision.domain.model import KansType
from decision.errors import FileFormatError
from decision.files.criteria_sets import load_criteria_set
from decision.files.workshop_file import (
    dump_workshop,
    load_workshop,
    parse_workshop_bytes,
    save_workshop,
    workshop_from_data,
)


# -- round trip -------------------------------------------------------------------
def test_fixture_survives_save_and_load(small_workshop, tmp_path):
    path = tmp_path / "workshop.yaml"
    save_workshop(small_workshop, path)
    assert load_workshop(path) == small_workshop


def test_example_survives_save_and_load(example_path, tmp_path):
    original = load_workshop(example_path)
    path = tmp_path / "kopie.yaml"
    save_workshop(original, path)
    again = load_workshop(path)
    assert again == original
    assert dict(again.scores) == dict(original.scores)


@pytest.mark.parametrize("source", ["fixture", "example"])
def test_dump_is_stable(source, small_workshop, example_path):
    w = small_workshop if source == "fixture" else load_workshop(example_path)
    text = dump_workshop(w)
    assert dump_workshop(parse_workshop_bytes(text.encode("utf-8"), "x.yaml")) == text


def test_save_leaves_no_temporary_file(small_workshop, tmp_path):
    save_workshop(small_workshop, tmp_path / "w.yaml")
    save_workshop(small_workshop, tmp_path / "w.yaml")  # overwriting works too
    assert [p.name for p in tmp_path.iterdir()] == ["w.yaml"]


def test_weet_niet_round_trips_as_none_not_as_missing(small_workshop, tmp_path):
    key = ("bewoner", "K01", "wensen")
    assert small_workshop.scores[key] is None
    text = dump_workshop(small_workshop)
    assert "wensen: weet niet" in text
    save_workshop(small_workshop, tmp_path / "w.yaml")
    again = load_workshop(tmp_path / "w.yaml")
    assert key in again.scores and again.scores[key] is None
    # a cell nobody scored stays absent, it does not turn into "weet niet"
    partial = small_workshop.with_scores({}, remove=[("anna", "K03", "risico")])
    save_workshop(partial, tmp_path / "p.yaml")
    assert ("anna", "K03", "risico") not in load_workshop(tmp_path / "p.yaml").scores


@pytest.mark.parametrize("spelling", ["weet niet", "Weet niet", "weetniet", "?", "onbekend"])
def test_dont_know_spellings_are_accepted(small_workshop, spelling):
    data = _data(small_workshop)
    data["scores"]["anna"]["K02"]["risico"] = spelling
    w = workshop_from_data(data, "w.yaml")
    assert w.scores[("anna", "K02", "risico")] is None


def test_numeric_score_in_euros_is_kept_exactly(small_workshop, tmp_path):
    w = small_workshop.with_scores({("anna", "K02", "meerkosten"): 123_456.5})
    save_workshop(w, tmp_path / "w.yaml")
    assert load_workshop(tmp_path / "w.yaml").scores[("anna", "K02", "meerkosten")] == 123_456.5


# -- wrong files ----------------------------------------------------------------------
def _data(w):
    """The workshop as plain parsed YAML, ready to be broken."""
    return yaml.safe_load(dump_workshop(w))


def _set(path: list, value):
    def apply(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return apply


def _delete(path: list):
    def apply(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return apply


BAD = {
    "unknown participant in scores": (
        _set(["scores", "zoe"], {"K01": {"wensen": 3}}),
        "scores.zoe",
        "unknown_ref",
    ),
    "unknown koppelkans in scores": (
        _set(["scores", "anna", "K99"], {"wensen": 3}),
        "scores.anna.K99",
        "unknown_ref",
    ),
    "unknown criterion in scores": (
        _set(["scores", "anna", "K01", "kleur"], 3),
        "scores.anna.K01.kleur",
        "unknown_ref",
    ),
    "score 7 on a 1-5 scale": (
        _set(["scores", "anna", "K02", "wensen"], 7),
        "scores.anna.K02.wensen",
        "score_outside",
    ),
    "score 0 on a 1-5 scale": (
        _set(["scores", "anna", "K02", "risico"], 0),
        "scores.anna.K02.risico",
        "score_outside",
    ),
    "2.5 on an ordinal scale": (
        _set(["scores", "bewoner", "K03", "wensen"], 2.5),
        "scores.bewoner.K03.wensen",
        "score_level",
    ),
    "euro amount above the scale": (
        _set(["scores", "anna", "K01", "meerkosten"], 3_500_000),
        "scores.anna.K01.meerkosten",
        "score_outside",
    ),
    "score as text": (
        _set(["scores", "anna", "K01", "wensen"], "hoog"),
        "scores.anna.K01.wensen",
        "type",
    ),
    "unknown ambition theme": (
        _set(["koppelkansen", 0, "ambitie"], ["aardgasvrij", "zonnig"]),
        "koppelkansen[1] (K01).ambitie",
        "unknown_ref",
    ),
    "duplicate koppelkans id": (
        _set(["koppelkansen", 2, "id"], "K01"),
        "koppelkansen[3]",
        "duplicate",
    ),
    "duplicate participant id": (
        _set(["deelnemers", 1, "id"], "anna"),
        "deelnemers[2]",
        "duplicate",
    ),
    "cost range min above max": (
        _set(["koppelkansen", 1, "extra_kosten"], {"min": 500_000, "max": 100_000}),
        "koppelkansen[2] (K02).extra_kosten",
        "range_order",
    ),
    "negative cost": (
        _set(["koppelkansen", 1, "extra_kosten"], {"min": -10, "max": 100_000}),
        "koppelkansen[2] (K02).extra_kosten.min",
        "range",
    ),
    "bad type value": (
        _set(["koppelkansen", 0, "type"], "groen"),
        "koppelkansen[1] (K01).type",
        "choice",
    ),
    "bad status": (
        _set(["koppelkansen", 0, "status"], "misschien"),
        "koppelkansen[1] (K01).status",
        "choice",
    ),
    "start year as text": (
        _set(["koppelkansen", 0, "project", "startjaar"], "volgend jaar"),
        "koppelkansen[1] (K01).project.startjaar",
        "type",
    ),
    "missing koppelkans naam": (
        _delete(["koppelkansen", 1, "naam"]),
        "koppelkansen[2]",
        "missing",
    ),
    "missing workshop naam": (
        _delete(["workshop", "naam"]),
        "workshop",
        "missing",
    ),
    "unknown top-level key": (
        _set(["scoress"], {}),
        "",
        "unknown_key",
    ),
    "wrong formaat": (
        _set(["formaat"], "koppelkansen-criteria"),
        "formaat",
        "format",
    ),
    "newer versie": (
        _set(["versie"], 2),
        "versie",
        "version",
    ),
    "fictief not yes/no": (
        _set(["workshop", "fictief"], "ja"),
        "workshop.fictief",
        "type",
    ),
    "impossible date": (
        _set(["workshop", "datum"], "2026-13-45"),
        "workshop.datum",
        "date",
    ),
    "koppelkansen not a list": (
        _set(["koppelkansen"], {"K01": "Warmtenet"}),
        "koppelkansen",
        "type",
    ),
    "criterion with unknown direction": (
        _set(["criteria", 1, "richting"], "liefst laag"),
        "criteria[2] (risico).richting",
        "choice",
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_wrong_file_is_refused_with_place_and_problem(small_workshop, tmp_path, case):
    mutate, where, problem = BAD[case]
    data = _data(small_workshop)
    mutate(data)
    path = tmp_path / "kapot.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    loaded = "nothing"
    with pytest.raises(FileFormatError) as info:
        loaded = load_workshop(path)
    assert loaded == "nothing"
    err = info.value
    assert isinstance(err, ValueError)
    assert err.file == str(path)
    assert (err.where, err.problem) == (where, problem)
    for lang in ("nl", "en"):
        message = err.localized(lang)
        assert str(path) in message and where in message
        assert "{" not in message, f"unfilled placeholder in {message!r}"


def test_error_in_the_last_score_still_refuses_the_whole_file(small_workshop, tmp_path):
    # everything before the last cell is fine; no partial workshop may come back
    data = _data(small_workshop)
    data["scores"]["bewoner"]["K03"]["meerkosten"] = -1
    path = tmp_path / "bijna.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(FileFormatError) as info:
        load_workshop(path)
    assert info.value.where == "scores.bewoner.K03.meerkosten"


def test_unknown_value_in_message_is_quoted(small_workshop):
    data = _data(small_workshop)
    data["scores"]["zoe"] = {"K01": {"wensen": 3}}
    with pytest.raises(FileFormatError) as info:
        workshop_from_data(data, "w.yaml")
    assert "zoe" in info.value.localized("nl") and "deelnemer" in info.value.localized("nl")


def test_score_7_message_names_the_scale(small_workshop):
    data = _data(small_workshop)
    data["scores"]["anna"]["K02"]["wensen"] = 7
    with pytest.raises(FileFormatError) as info:
        workshop_from_data(data, "w.yaml")
    assert "7" in str(info.value) and "1–5" in str(info.value)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "type"),  # empty file
        ("# alleen commentaar\n", "type"),
        ("- een\n- lijst\n", "type"),  # not a mapping
        ("gewoon tekst\n", "type"),
        ("formaat: [koppelkansen\n", "yaml"),
    ],
    ids=["empty", "only-comment", "list", "text", "syntax"],
)
def test_file_that_is_not_a_workshop_mapping(tmp_path, content, problem):
    path = tmp_path / "leeg.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FileFormatError) as info:
        load_workshop(path)
    assert info.value.problem == problem
    assert str(path) in str(info.value)


def test_non_utf8_upload_is_refused_with_the_byte(small_workshop):
    raw = dump_workshop(small_workshop).encode("utf-8")
    pos = raw.index(b"Teststraat")
    broken = raw[:pos] + "Caf\u00e9".encode("latin-1") + raw[pos:]
    with pytest.raises(FileFormatError) as info:
        parse_workshop_bytes(broken, "upload.yaml")
    err = info.value
    assert err.problem == "encoding"
    assert err.file == "upload.yaml"
    assert err.place() == f"byte {pos + 4}"  # the é is the fourth byte inserted
    assert "UTF-8" in err.localized("nl")


def test_utf8_with_bom_is_accepted(small_workshop):
    raw = b"\xef\xbb\xbf" + dump_workshop(small_workshop).encode("utf-8")
    assert parse_workshop_bytes(raw, "upload.yaml") == small_workshop


def test_repeated_koppelkans_in_a_score_sheet_is_refused(small_workshop):
    text = dump_workshop(small_workshop)
    line = "    K01: {wensen: 3, risico: 4, meerkosten: 600000}\n"
    assert line in text
    doubled = text.replace(line, line + line.replace("wensen: 3", "wensen: 5"), 1)
    with pytest.raises(FileFormatError) as info:
        parse_workshop_bytes(doubled.encode("utf-8"), "dubbel.yaml")
    assert info.value.problem == "yaml"
    assert info.value.place().startswith(f"regel {doubled.splitlines().index(line.rstrip()) + 2},")


def test_impossible_date_written_as_a_date_is_named(small_workshop):
    # unquoted, YAML itself would read this as a timestamp and fail without a place
    text = dump_workshop(small_workshop).replace("datum: 2026-03-12", "datum: 2026-13-45")
    with pytest.raises(FileFormatError) as info:
        parse_workshop_bytes(text.encode("utf-8"), "w.yaml")
    assert (info.value.where, info.value.problem) == ("workshop.datum", "date")
    assert "2026-13-45" in info.value.localized("nl")


def test_empty_sheet_rows_are_allowed(small_workshop):
    data = _data(small_workshop)
    data["scores"]["bewoner"] = None
    data["scores"]["anna"]["K03"] = None
    w = workshop_from_data(data, "w.yaml")
    assert not any(pid == "bewoner" for pid, _, _ in w.scores)
    assert not any(key[:2] == ("anna", "K03") for key in w.scores)


# -- the bundled example ----------------------------------------------------------
@pytest.fixture
def example(example_path):
    return load_workshop(example_path)


def test_example_is_marked_fictitious(example, example_path):
    assert example.fictitious is True
    assert "fictief" in example.description.lower()
    assert example.neighbourhood == "Kastanjehof" and example.municipality == "Rivierstad"
    assert "fictie" in example_path.read_text(encoding="utf-8").splitlines()[0].lower()


def test_example_koppelkansen_are_complete(example):
    assert 12 <= len(example.kansen) <= 15
    assert {k.type for k in example.kansen} == {KansType.SOCIAL, KansType.PHYSICAL, KansType.BOTH}
    theme_ids = {t.id for t in example.themes}
    for k in example.kansen:
        assert k.description and k.policy_domains and k.parties, k.id
        assert k.project is not None and k.project.name and k.project.start_year, k.id
        assert 2025 <= k.project.start_year <= 2035, k.id
        assert k.extra_cost is not None and 0 < k.extra_cost.low <= k.extra_cost.high, k.id
        assert k.duration_months is not None and 0 < k.duration_months.low <= k.duration_months.high, k.id
        assert k.opportunities and k.risks, k.id
        assert k.themes and set(k.themes) <= theme_ids, k.id


def test_example_ambition_themes_are_measurable(example):
    assert 3 <= len(example.themes) <= 5
    for t in example.themes:
        assert t.theme and t.goal and t.indicator, t.id


def test_example_uses_the_default_criteria_set_unchanged(example, criteria_dir):
    default = load_criteria_set(criteria_dir / "01-wijkkompas-fase3.yaml")
    assert example.criteria_set == default.id
    assert example.criteria == default.criteria


def test_example_participants_score_everything_and_differ(example):
    assert 5 <= len(example.participants) <= 12
    assert any(p.anonymous for p in example.participants)
    cells = list(itertools.product(example.kans_ids, example.criterion_ids))
    # as read: with the cost and time levels the inventory fills in
    scores = filled_scores(example, example.participant_ids)
    sheets = {}
    for p in example.participants:
        assert all((p.id, k, c) in scores for k, c in cells), f"{p.id} has gaps"
        sheets[p.id] = tuple(scores[(p.id, k, c)] for k, c in cells)
    assert len(set(sheets.values())) == len(sheets), "two participants have identical score sheets"
    unknown = [key for key, value in scores.items() if value is None]
    assert 1 <= len(unknown) <= len(scores) // 20


def test_example_scores_are_raw_levels(example):
    """On kosten, 5 is very high cost: the € 1–3 mln park scores above the small greening budget."""

    scores = filled_scores(example, example.participant_ids)  # with the levels of the inventory

    def mean(kid, cid):
        values = [v for (p, k, c), v in scores.items() if k == kid and c == cid and v is not None]
        return sum(values) / len(values)

    assert mean("K03", "kosten") > mean("K09", "kosten") + 2
    assert mean("K04", "tijd") > mean("K09", "tijd") + 2
    assert all(v is None or v == int(v) for v in example.scores.values())


def test_example_file_is_canonical(example, example_path):
    """The file on disk has the writer's layout (apart from its header comment)."""
    on_disk = example_path.read_text(encoding="utf-8")
    body = lambda text: [line for line in text.splitlines() if not line.startswith("#")]  # noqa: E731
    assert body(on_disk) == body(dump_workshop(example))


def test_example_path_points_into_the_repository(example_path):
    assert example_path.is_file()
    assert Path(example_path).parent.name == "data"


def test_every_status_round_trips_a_proposal_included(small_workshop, tmp_path):
    from dataclasses import replace

    from decision.domain.model import Status

    statuses = list(Status)
    kansen = tuple(
        replace(k, status=statuses[i % len(statuses)]) for i, k in enumerate(small_workshop.kansen)
    )
    w = replace(small_workshop, kansen=kansen)
    assert Status.PROPOSED in {k.status for k in w.kansen}
    text = dump_workshop(w)
    assert "status: voorstel" in text
    save_workshop(w, tmp_path / "w.yaml")
    assert [k.status for k in load_workshop(tmp_path / "w.yaml").kansen] == [k.status for k in kansen]
