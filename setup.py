"""Build step that puts the app itself into the wheel.

The Streamlit scripts (app.py, screens/), their theme (.streamlit/config.toml), the criteria
sets and the example workshop live at the top of the source tree, where `streamlit run app.py`
and the tests expect them. A wheel has no such top: everything must sit in a package. So a
wheel build copies them into the package ``koppelkansen_app`` (with an ``__init__.py`` of its
own, so importlib.resources sees an ordinary package), and decision/files/paths.py finds them
there. An editable install gets no copy: there the checkout itself is the bundle.

Everything else about the package is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUNDLE_PACKAGE = "koppelkansen_app"
# what the installed app needs, relative to the project root; MANIFEST.in lists the same for the sdist
BUNDLE_FILES = ("app.py", "screens/*.py", ".streamlit/config.toml", "criteria/*.yaml", "data/*.yaml")
BUNDLE_INIT = '''"""The Koppelkansen app as installed: app.py, screens/, the theme, criteria sets and example.

Resources only (found with importlib.resources by decision.files.paths); nothing to import.
"""
'''


def bundle_sources(root: Path) -> list[Path]:
    """The files that make up the app bundle, relative to ``root``, in a stable order."""
    found: list[Path] = []
    for pattern in BUNDLE_FILES:
        matches = sorted(root.glob(pattern))
        if not matches:
            # a wheel without, say, the criteria sets would install fine and fail on first use
            raise FileNotFoundError(f"the app bundle needs {pattern}, but nothing matches in {root}")
        found.extend(path.relative_to(root) for path in matches)
    return found


class BuildPyWithBundle(build_py):
    """build_py that also copies the app bundle into ``koppelkansen_app`` (not for editable installs)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / BUNDLE_PACKAGE
        if target.exists():
            shutil.rmtree(target)  # no stale screens from an earlier build
        target.mkdir(parents=True)
        (target / "__init__.py").write_text(BUNDLE_INIT, encoding="utf-8")
        for relative in bundle_sources(HERE):
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(HERE / relative, destination)


setup(cmdclass={"build_py": BuildPyWithBundle})
