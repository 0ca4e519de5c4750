"""ui/errors.py on its own: what passes through the guards untouched, and what a wrapped callback keeps.

The pages' own behaviour (messages, references, the log) is in
tests/app/test_unexpected_errors.py; here are the promises a caller builds on:
a wrapped callback looks like the original to whoever inspects it, returns its
value, and the interpreter's and Streamlit's control flow are never swallowed.
"""

from __future__ import annotations

import inspect

import pytest
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

from ui.errors import guarded, new_reference, page_guard

CONTROL_FLOW = [
    pytest.param(lambda: KeyboardInterrupt(), id="KeyboardInterrupt"),
    pytest.param(lambda: SystemExit(3), id="SystemExit"),
    pytest.param(lambda: StopException(), id="st.stop"),
    pytest.param(lambda: RerunException(RerunData()), id="st.rerun / st.switch_page"),
]


def save(workshop_id: str, amount: int = 1, *, unit: str = "kans") -> str:
    """Save something."""
    return f"{workshop_id}: {amount} {unit}"


def test_a_wrapped_callback_looks_like_the_original_and_returns_its_value():
    wrapped = guarded(save)
    assert wrapped.__name__ == "save" and wrapped.__doc__ == "Save something."
    assert inspect.signature(wrapped) == inspect.signature(save)
    assert wrapped("w1", 2, unit="kansen") == "w1: 2 kansen"


@pytest.mark.parametrize("make", CONTROL_FLOW)
def test_control_flow_passes_through_the_page_guard(make):
    raised = make()
    with pytest.raises(type(raised)) as info, page_guard():
        raise raised
    assert info.value is raised


@pytest.mark.parametrize("make", CONTROL_FLOW)
def test_control_flow_passes_through_a_wrapped_callback(make):
    raised = make()

    def callback() -> None:
        raise raised

    with pytest.raises(type(raised)) as info:
        guarded(callback)()
    assert info.value is raised


def test_references_are_short_and_differ():
    references = {new_reference() for _ in range(20)}
    assert len(references) == 20  # 24 random bits: a clash here is one in ~90 000
    assert all(len(r) == len("K-7F3A2C") and r.startswith("K-") for r in references)
