"""Every widget callback of the app is made with ``ui.state.on``.

Streamlit runs callbacks before the page script, in the order the browser sends
the widget states; ``on`` binds a callback to the workshop open when its widget
was drawn, and turns an unexpected error into a message with a reference. A
callback passed bare would read whatever workshop another callback of the same
click switched to, and show Streamlit's own error box. This reads the source, so
a new screen cannot forget it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.glob("screens/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"])
CALLBACK_ARGUMENTS = {"on_click", "on_change", "on_submit", "on_select"}
NO_CALLBACK = {"ignore", "rerun"}  # Streamlit's own words for "no callback"


def _is_bound(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and node.value in NO_CALLBACK:
        return True
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (
        isinstance(func, ast.Attribute) and func.attr == "on" and getattr(func.value, "id", "") == "state"
    ) or (isinstance(func, ast.Name) and func.id == "on")


def _unbound(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in CALLBACK_ARGUMENTS and not _is_bound(keyword.value):
                    found.append(f"{path.relative_to(root)}:{keyword.value.lineno} {keyword.arg}")
                if (
                    keyword.arg in CALLBACK_ARGUMENTS
                    and keyword.arg
                    and any(k.arg in ("args", "kwargs") for k in node.keywords)
                ):
                    found.append(f"{path.relative_to(root)}:{node.lineno} args= beside a bound callback")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_callback_is_bound_when_drawn(path):
    assert not _unbound(path)


def test_the_check_finds_a_bare_callback(tmp_path):
    sample = tmp_path / "screen.py"
    sample.write_text(
        "st.button('a', on_click=save)\n"
        "st.button('b', on_click=state.on(save, 1))\n"
        "st.toggle('c', on_change=lambda: save())\n"
        "st.button('d', on_click=state.on(save), args=(1,))\n",
        encoding="utf-8",
    )
    assert [f.split(":")[1].split()[0] for f in _unbound(sample, tmp_path)] == ["1", "3", "4"]
