"""Finding the bundled files: the installed resource package first, else the source checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from decision.files import paths

ROOT = Path(__file__).resolve().parents[3]
SHOW = "from decision.files import paths; print(paths.APP_DIR); print(paths.EXAMPLE_WORKSHOP)"


def where_paths_look(extra_path: Path) -> subprocess.CompletedProcess[str]:
    """decision.files.paths imported in a fresh interpreter with ``extra_path`` first on sys.path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(extra_path), str(ROOT)])}
    return subprocess.run([sys.executable, "-c", SHOW], env=env, capture_output=True, text=True, timeout=60)


def test_a_source_checkout_uses_its_own_files() -> None:
    assert paths.APP_DIR == ROOT
    assert paths.APP_SCRIPT.is_file() and (paths.APP_DIR / "screens" / "start.py").is_file()
    assert paths.EXAMPLE_WORKSHOP.is_file()
    assert sorted(paths.CRITERIA_DIR.glob("*.yaml"))


def test_an_installed_bundle_comes_first(tmp_path: Path) -> None:
    bundle = tmp_path / paths.BUNDLE_PACKAGE
    (bundle / "data").mkdir(parents=True)
    (bundle / "__init__.py").write_text("")
    (bundle / "app.py").write_text("")
    done = where_paths_look(tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(bundle), str(bundle / "data" / "kastanjehof.yaml")]


def test_a_bundle_without_app_py_is_a_broken_installation(tmp_path: Path) -> None:
    bundle = tmp_path / paths.BUNDLE_PACKAGE
    bundle.mkdir()
    (bundle / "__init__.py").write_text("")
    done = where_paths_look(tmp_path)
    assert done.returncode != 0
    assert "FileNotFoundError" in done.stderr and "reinstall koppelkansen" in done.stderr
