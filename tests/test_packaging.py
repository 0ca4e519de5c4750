"""The wheel works without the source tree: built, installed in a fresh venv, used from elsewhere.

A municipality installs Koppelkansen with `pip install koppelkansen-….whl` and starts it with
`koppelkansen serve`, in some folder of its own. This test does exactly that: it builds the wheel
from this checkout, installs it in a plain venv (no system site-packages, so nothing from this
checkout or its venv can stand in for a file the wheel forgot), validates the bundled example
through its installed resource path, and serves the app from an empty temporary folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 90.0

# one worker builds and installs the wheel once for all four tests (make test: --dist loadgroup)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("packaging")]


def run(command: list[str | Path], *, cwd: Path, env: dict[str, str], timeout: float = 900) -> str:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{command} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout


def pip_cache() -> str:
    """pip's own download cache, kept when HOME moves: the dependencies need not be fetched anew."""
    done = subprocess.run([sys.executable, "-m", "pip", "cache", "dir"], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def clean_env(home: Path) -> dict[str, str]:
    """The environment without anything that points back into this checkout or its venv."""
    cache = os.environ.get("PIP_CACHE_DIR") or pip_cache()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(ROOT))
    )
    env["HOME"] = str(home)  # no user-level .streamlit/config.toml either
    env["XDG_DATA_HOME"] = str(home / "data")
    env.pop("KOPPELKANSEN_DB", None)
    if cache:
        env["PIP_CACHE_DIR"] = cache
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


def source_copy(target: Path) -> Path:
    """The project's own files, copied out of the checkout; where the wheel is built from.

    pip builds a source folder in place (its build/ folder, its egg-info), and the other
    tests of the run use the checkout at the same time: a build there can trip over
    their files, and they over its. A copy of what git tracks or would (or, outside git, of the
    tree without caches and venvs) is what a packager builds from anyway."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True
    )
    if listed.returncode == 0 and listed.stdout:
        for name in filter(None, listed.stdout.decode().split("\0")):
            source = ROOT / name
            if source.is_file():  # a file deleted but not yet committed is simply not there
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
    else:
        skipped = shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis",
            "test-artifacts",
        )  # fmt: skip
        shutil.copytree(ROOT, target, ignore=skipped, dirs_exist_ok=True)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout's files (with pip, as a packager would)."""
    out = tmp_path_factory.mktemp("dist")
    env = clean_env(tmp_path_factory.mktemp("home"))
    source = source_copy(tmp_path_factory.mktemp("source"))
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out, source], cwd=out, env=env)
    (built,) = out.glob("koppelkansen-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    """A fresh venv with only the wheel and its dependencies; its bin folder and environment."""
    home = tmp_path_factory.mktemp("home")
    target = tmp_path_factory.mktemp("venv") / "venv"
    venv.create(target, with_pip=True, system_site_packages=False)
    env = clean_env(home)
    run([target / "bin" / "python", "-m", "pip", "install", "--quiet", wheel], cwd=home, env=env)
    yield target / "bin", env


def test_the_wheel_lists_the_app_its_screens_and_its_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())

    def shipped(folder: str, pattern: str) -> set[str]:
        return {f"koppelkansen_app/{folder}/{p.name}" for p in (ROOT / folder).glob(pattern)}

    expected = (
        {"koppelkansen_app/__init__.py", "koppelkansen_app/app.py", "koppelkansen_app/.streamlit/config.toml"}
        | shipped("screens", "*.py")
        | shipped("criteria", "*.yaml")
        | shipped("data", "*.yaml")
        | {str(p.relative_to(ROOT)) for p in (ROOT / "ui").glob("*.py")}
        | {str(p.relative_to(ROOT)) for p in (ROOT / "decision").rglob("*.py")}
    )
    assert len(shipped("screens", "*.py")) >= 10 and len(shipped("criteria", "*.yaml")) >= 3
    assert expected - names == set()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)


def test_validate_reads_the_bundled_example_from_the_installation(
    installed: tuple[Path, dict], tmp_path: Path
) -> None:
    bin_dir, env = installed
    example = Path(
        run(
            [bin_dir / "python", "-c", "from decision.files import paths; print(paths.EXAMPLE_WORKSHOP)"],
            cwd=tmp_path,
            env=env,
        ).strip()
    )
    # the installed copy, not this checkout's file
    assert example.is_relative_to(bin_dir.parent) and not example.is_relative_to(ROOT)
    out = run([bin_dir / "koppelkansen", "validate", example], cwd=tmp_path, env=env)
    source = ROOT / "data" / "kastanjehof.yaml"
    from_checkout = run([sys.executable, "-m", "decision.cli", "validate", source], cwd=ROOT, env=env)
    assert "geldig workshopbestand" in out
    assert out.replace(str(example), "X") == from_checkout.replace(str(source), "X")


def test_the_installed_app_gets_its_theme_from_the_bundle(
    installed: tuple[Path, dict], tmp_path: Path
) -> None:
    """Streamlit reads .streamlit/config.toml beside the main script (as `streamlit run` sets it up),
    so the served app looks the same from any folder."""
    bin_dir, env = installed
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    script = (
        "from streamlit import config\n"
        "from decision.files.paths import APP_SCRIPT\n"
        "config._main_script_path = str(APP_SCRIPT)\n"
        "config.get_config_options(force_reparse=True)\n"
        "print(config.get_option('theme.primaryColor'), config.get_option('theme.baseFontSize'))\n"
    )
    out = run([bin_dir / "python", "-c", script], cwd=tmp_path, env=env)
    assert out.split() == [theme["primaryColor"], str(theme["baseFontSize"])]


def test_serve_starts_the_app_from_another_folder(installed: tuple[Path, dict], tmp_path: Path) -> None:
    bin_dir, env = installed
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [bin_dir / "koppelkansen", "serve", "--port", str(port), "--address", "127.0.0.1"],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so the test can clean up the whole group if serve misbehaves
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            assert server.poll() is None, f"serve stopped during start-up:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"no answer on /_stcore/health:\n{log.read_text()}"
            try:
                if get(f"{url}/_stcore/health") == (200, b"ok"):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        status, page = get(url)
        assert status == 200 and b"<!doctype html>" in page.lower()
        # stopping serve stops the server it started
        server.terminate()
        assert server.wait(timeout=30) is not None
        with pytest.raises((urllib.error.URLError, ConnectionError)):
            get(f"{url}/_stcore/health")
    finally:
        try:
            os.killpg(server.pid, signal.SIGKILL)  # a Streamlit child left behind would hold the port
        except ProcessLookupError:
            pass
