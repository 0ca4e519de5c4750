"""The naming rule for copies: the first keeps its name, the next get (2), (3), ..."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from decision.domain.naming import base_name, is_copy_of, numbered_name

BASE = "Koppelkansen kiezen Kastanjehof"


def test_the_first_copy_keeps_the_name():
    assert numbered_name(BASE, []) == BASE
    assert numbered_name(BASE, ["Lindenhof"]) == BASE


def test_the_next_copies_are_numbered_from_two():
    assert numbered_name(BASE, [BASE]) == f"{BASE} (2)"
    assert numbered_name(BASE, [BASE, f"{BASE} (2)"]) == f"{BASE} (3)"


def test_a_gap_is_filled_first():
    assert numbered_name(BASE, [BASE, f"{BASE} (3)"]) == f"{BASE} (2)"


def test_spaces_are_tidied_as_the_store_keeps_names():
    assert numbered_name(f"  {BASE} ", [f"{BASE}  "]) == f"{BASE} (2)"


def test_a_long_name_is_shortened_before_the_number():
    long = "x" * 50
    name = numbered_name(long, [long[:20]], limit=20)
    assert name == "x" * 16 + " (2)"
    assert len(name) == 20


def test_copies_are_recognised_and_others_are_not():
    assert is_copy_of(BASE, BASE)
    assert is_copy_of(f"{BASE} (2)", BASE)
    assert is_copy_of(f"{BASE} (12)", BASE)
    assert not is_copy_of(f"{BASE} (1)", BASE)
    assert not is_copy_of(f"{BASE} (2) bis", BASE)
    assert not is_copy_of(f"{BASE}(2)", BASE)
    assert not is_copy_of("Lindenhof (2)", BASE)
    assert base_name(f"{BASE} (4)") == BASE
    assert base_name("(2)") == "(2)"


names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)


@settings(max_examples=200, deadline=None)
@given(base=names.filter(lambda s: s.strip()), taken=st.lists(names, max_size=12), extra=st.integers(0, 5))
def test_a_numbered_name_is_free_a_copy_and_the_lowest(base, taken, extra):
    # Some of the taken names are copies of the base, so numbering really happens.
    taken = [*taken, *(numbered_name(base, taken[:i]) for i in range(extra))]
    used = {" ".join(t.split()) for t in taken}
    name = numbered_name(base, taken)
    assert name not in used
    assert is_copy_of(name, base)
    assert numbered_name(base, taken) == name  # the same names in, the same name out
    clean = " ".join(base.split())
    if name != clean:  # numbered only when the name itself is taken, and with the lowest free number
        assert clean in used
        n = int(name.rsplit("(", 1)[1].rstrip(")"))
        assert all(f"{clean} ({m})" in used for m in range(2, n))
