"""Where the app's bundled files live: the criteria sets, the example workshop and app.py itself.

An installed wheel carries them in the resource package ``koppelkansen_app`` (setup.py copies them
there at build time). A source checkout, also one installed in editable mode, has no such package:
there the files sit at the top of the checkout, beside the ``decision`` package. Both places are
found through importlib.resources, so nothing here depends on where pip put this file.

Streamlit runs scripts from the file system, so the bundle must be a real directory (a wheel
installed by pip always is). A broken installation raises FileNotFoundError at import: no user
input causes it and no user can mend it, so it is not one of the decision errors.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

BUNDLE_PACKAGE = "koppelkansen_app"


def _bundle_dir() -> Path:
    try:
        bundle = files(BUNDLE_PACKAGE)
    except ModuleNotFoundError:
        # a source checkout: the bundled files are the checkout's own, one level above decision/
        bundle = files("decision") / ".."
    if not isinstance(bundle, Path) or not (bundle / "app.py").is_file():
        raise FileNotFoundError(
            f"app.py and the bundled files were not found (looked in {bundle}); reinstall koppelkansen"
        )
    return bundle.resolve()


APP_DIR = _bundle_dir()
APP_SCRIPT = APP_DIR / "app.py"
CRITERIA_DIR = APP_DIR / "criteria"
DATA_DIR = APP_DIR / "data"
EXAMPLE_WORKSHOP = DATA_DIR / "kastanjehof.yaml"
