"""Does the package hold under each stakeholder group's own weights? Checked on a case worked by hand."""

from __future__ import annotations

from dataclasses import replace

from decision.domain.model import PackageSettings
from decision.domain.packages import best_package_under_weights, package_holds_per_group
from tests.conftest import build_workshop

# K01 is what residents want but risky; K02 is safe but wanted by nobody; K03 is neither.
SHEETS = {
    "p1": {
        "K01": {"wensen": 5, "risico": 5, "meerkosten": 30_000},
        "K02": {"wensen": 1, "risico": 1, "meerkosten": 30_000},
        "K03": {"wensen": 3, "risico": 3, "meerkosten": 900_000},
    }
}
WISHES = {"wensen": 100.0, "risico": 0.0, "meerkosten": 0.0}
RISK = {"wensen": 0.0, "risico": 100.0, "meerkosten": 0.0}


def one_of_three():
    w = build_workshop(SHEETS)
    return replace(
        w,
        package=PackageSettings(size=1),
        group_weights={"bewoners": WISHES, "netbeheerder": RISK},
    )


def test_each_group_has_its_own_best_package():
    w = one_of_three()
    # with only wishes counting, the wanted one wins; with only risk, the safe one
    assert best_package_under_weights(w, WISHES, method="wsm", aggregation="mean") == {"K01"}
    assert best_package_under_weights(w, RISK, method="wsm", aggregation="mean") == {"K02"}


def test_the_package_holds_for_the_groups_whose_best_it_is():
    w = one_of_three()
    assert package_holds_per_group(w, ("K01",), method="wsm", aggregation="mean") == (
        ("bewoners",),
        ("netbeheerder",),
    )
    assert package_holds_per_group(w, ("K02",), method="wsm", aggregation="mean") == (
        ("netbeheerder",),
        ("bewoners",),
    )
    # a group without weights of its own is not asked
    without = replace(w, group_weights={"bewoners": WISHES})
    assert package_holds_per_group(without, ("K01",), method="wsm", aggregation="mean") == (("bewoners",), ())


def test_a_package_rule_applies_under_every_groups_weights():
    w = one_of_three()
    never_k01 = replace(w, package=PackageSettings(size=1, exclude=("K01",)))
    # with K01 ruled out, the residents' weights pick the next most wanted
    assert best_package_under_weights(never_k01, WISHES, method="wsm", aggregation="mean") == {"K03"}
