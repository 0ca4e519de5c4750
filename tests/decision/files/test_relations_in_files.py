"""Relations, flags and package settings in the workshop file: written, read back, and refused where wrong.

What a team relies on: a saved workshop comes back with the same relations,
trekkers and package settings; a file from before these existed reads as it did;
a wrong relation is refused with the place (``samenhang[2].naar``) and the problem.
"""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision.domain.model import (
    PACKAGE_SIZES,
    CostBasis,
    PackageSettings,
    Relation,
    RelationKind,
    Workshop,
)
from decision.domain.relations import relation_problems
from decision.errors import FileFormatError
from decision.files import paths
from decision.files.workshop_file import (
    VERSION,
    dump_workshop,
    load_workshop,
    parse_workshop_bytes,
    workshop_from_data,
)

NEW_TOP_KEYS = ("samenhang", "pakket")
NEW_KANS_KEYS = ("trekker", "randvoorwaardelijk", "basisalternatief")


def _example_document() -> dict:
    return yaml.safe_load(paths.EXAMPLE_WORKSHOP.read_text(encoding="utf-8"))


def _load(document: dict) -> Workshop:
    return workshop_from_data(document, "workshop.yaml")


def _refusal(document: dict) -> FileFormatError:
    with pytest.raises(FileFormatError) as caught:
        _load(document)
    return caught.value


# -- files from before ----------------------------------------------------------------
def test_a_file_without_the_new_keys_reads_as_before():
    document = _example_document()
    old = copy.deepcopy(document)
    for key in NEW_TOP_KEYS:
        del old[key]
    for kans in old["koppelkansen"]:
        for key in NEW_KANS_KEYS:
            kans.pop(key, None)
    assert old["versie"] == VERSION == 1  # the new keys are optional; the version stays
    before = _load(old)
    assert before.relations == () and before.package == PackageSettings()
    assert all((k.lead, k.essential, k.baseline) == ("", False, False) for k in before.kansen)
    now = _load(document)
    cleared = tuple(replace(k, lead="") for k in now.kansen)
    assert replace(now, relations=(), package=PackageSettings(), kansen=cleared) == before


def test_a_workshop_without_relations_is_written_without_the_new_keys(small_workshop):
    # so a file that does not use them stays readable by versions from before they existed
    data = yaml.safe_load(dump_workshop(small_workshop))
    assert not set(NEW_TOP_KEYS) & set(data)
    assert not {key for kans in data["koppelkansen"] for key in kans} & set(NEW_KANS_KEYS)
    assert parse_workshop_bytes(dump_workshop(small_workshop).encode(), "x.yaml") == small_workshop


# -- writing and reading back ------------------------------------------------------------
def test_the_example_keeps_its_relations_package_and_trekkers_through_a_save():
    w = load_workshop(paths.EXAMPLE_WORKSHOP)
    assert w.relations and w.package != PackageSettings() and any(k.lead for k in w.kansen)
    again = parse_workshop_bytes(dump_workshop(w).encode("utf-8"), "kopie.yaml")
    assert (again.relations, again.package, [k.lead for k in again.kansen]) == (
        w.relations, w.package, [k.lead for k in w.kansen],
    )  # fmt: skip


def test_flags_are_written_only_where_set(small_workshop):
    w = small_workshop.with_kans(replace(small_workshop.kans("K02"), essential=True))
    w = w.with_kans(replace(w.kans("K03"), baseline=True, lead="Wijkregisseur"))
    data = yaml.safe_load(dump_workshop(w))
    written = {k["id"]: {key: k[key] for key in NEW_KANS_KEYS if key in k} for k in data["koppelkansen"]}
    assert written == {
        "K01": {},
        "K02": {"randvoorwaardelijk": True},
        "K03": {"trekker": "Wijkregisseur", "basisalternatief": True},
    }
    assert parse_workshop_bytes(dump_workshop(w).encode(), "x.yaml") == w


def test_only_settings_that_differ_from_the_default_are_written(small_workshop):
    w = replace(small_workshop, package=PackageSettings(budget=500_000.0, exclude=("K03",)))
    assert yaml.safe_load(dump_workshop(w))["pakket"] == {
        "omvang": 3,
        "meerkosten_max": 500000,
        "nooit": ["K03"],
    }


def test_a_relation_is_written_with_the_file_s_words(small_workshop):
    written = (
        Relation("K02", "K01", RelationKind.REQUIRES, "eerst de sleuf"),
        Relation("K01", "K03", RelationKind.STRENGTHENS, points=7.5),
    )
    w = replace(small_workshop, relations=written)
    assert yaml.safe_load(dump_workshop(w))["samenhang"] == [
        {"van": "K02", "naar": "K01", "soort": "voorwaarde", "toelichting": "eerst de sleuf"},
        {"van": "K01", "naar": "K03", "soort": "versterkt", "punten": 7.5},
    ]


IDS = ("K01", "K02", "K03")
relations = st.lists(
    st.builds(
        Relation,
        st.sampled_from(IDS),
        st.sampled_from(IDS),
        st.sampled_from(list(RelationKind)),
        st.sampled_from(["", "zelfde sleuf", "Bewoners: 'ja'\nmaar later"]),
        st.one_of(st.none(), st.floats(-50, 50, allow_nan=False), st.integers(-20, 20).map(float)),
    ),
    max_size=6,
)
packages = st.builds(
    PackageSettings,
    st.sampled_from(list(PACKAGE_SIZES)),
    st.one_of(st.none(), st.floats(0, 1e8), st.just(1_250_000.0)),
    st.sampled_from(list(CostBasis)),
    st.one_of(st.none(), st.integers(1, 5)),
    st.one_of(st.none(), st.integers(1, 5)),
    st.lists(st.sampled_from(IDS), unique=True, max_size=2).map(tuple),
    st.lists(st.sampled_from(IDS), unique=True, max_size=2).map(tuple),
)
flags = st.tuples(st.booleans(), st.booleans(), st.sampled_from(["", "Gemeente", "Corporatie: team Wonen"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(relations=relations, package=packages, kans_flags=st.lists(flags, min_size=3, max_size=3))
def test_any_workshop_the_rules_accept_comes_back_equal(small_workshop, relations, package, kans_flags):
    kansen = tuple(
        replace(k, essential=e, baseline=b, lead=lead)
        for k, (e, b, lead) in zip(small_workshop.kansen, kans_flags, strict=True)
    )
    w = replace(small_workshop, kansen=kansen, relations=tuple(relations), package=package)
    text = dump_workshop(w)
    if relation_problems(w):
        with pytest.raises(FileFormatError):  # what the rules refuse, the file refuses
            parse_workshop_bytes(text.encode("utf-8"), "x.yaml")
        return
    assert parse_workshop_bytes(text.encode("utf-8"), "x.yaml") == w


# -- refused, with the place -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "where", "problem"),
    [
        (lambda d: d["samenhang"][1].update(naar="K77"), "samenhang[2].naar", "relation_unknown_kans"),
        (lambda d: d["samenhang"][0].update(soort="hangt_af_van"), "samenhang[1].soort", "choice"),
        (lambda d: d["samenhang"][0].update(punten=float("inf")), "samenhang[1].punten", "not_finite"),
        (lambda d: d["samenhang"][0].update(punten=4), "samenhang[1].punten", "relation_points_kind"),
        (lambda d: d["samenhang"][0].pop("naar"), "samenhang[1]", "missing"),
        (lambda d: d["samenhang"][0].update(richting="heen"), "samenhang[1]", "unknown_key"),
        (lambda d: d["samenhang"].append({"van": "K01", "naar": "K02", "soort": "voorwaarde"}),
         "samenhang[6]", "relation_requires_both_ways"),
        (lambda d: d["samenhang"].append({"van": "K02", "naar": "K01", "soort": "zelfde_werk"}),
         "samenhang[6]", "relation_duplicate"),
        (lambda d: d["pakket"].update(omvang=9), "pakket.omvang", "package_size"),
        (lambda d: d["pakket"].update(omvang=2.5), "pakket.omvang", "type"),
        (lambda d: d["pakket"].update(meerkosten_max=-5), "pakket.meerkosten_max", "package_budget"),
        (lambda d: d["pakket"].update(meerkosten_op="laag"), "pakket.meerkosten_op", "choice"),
        (lambda d: d["pakket"].update(altijd=["K03"], nooit=["K03"]), "pakket.nooit[1]", "package_both"),
        (lambda d: (d["pakket"].update(nooit=["K01"]), d["koppelkansen"][0].update(randvoorwaardelijk=True)),
         "pakket.nooit[1]", "package_exclude_essential"),
        (lambda d: d["koppelkansen"][1].update(randvoorwaardelijk="misschien"),
         "koppelkansen[2] (K02).randvoorwaardelijk", "type"),
    ],
)  # fmt: skip
def test_a_wrong_relation_or_setting_is_refused_with_its_place(change, where, problem):
    document = _example_document()
    change(document)
    error = _refusal(document)
    assert (error.where, error.problem) == (where, problem), error.localized("nl")
    assert where in error.localized("nl") and where in error.localized("en")


def test_an_unknown_kind_lists_the_kinds():
    document = _example_document()
    document["samenhang"][0]["soort"] = "hangt_af_van"
    message = _refusal(document).localized("nl")
    assert all(kind.value in message for kind in RelationKind)


def test_a_points_text_that_is_not_a_number_is_refused():
    document = _example_document()
    document["samenhang"][1]["punten"] = "veel"
    assert _refusal(document).where == "samenhang[2].punten"
