"""Where one tap's rerun spends its time: cProfile of the participant page and of Scoren.

Run from the repository root::

    python benchmarks/profile_rerun.py [--taps 10] [--top 25] [--page meedoen|scoren|resultaten|both]

The pages run in-process under Streamlit's AppTest (through ``app.py``, with the
example workshop in a temporary database). After a warm-up, each case taps
``--taps`` times (a level button on the phone, an answer radio on Scoren) and
every rerun's script thread is profiled with cProfile (AppTest runs the script
in a thread of its own, so the profiler is started inside that thread). Printed:
the total per tap, then the functions with the most cumulative time, and the
share of a few known costs (the workshop read, widget registration, the data
frames), so the figures read as "what part of a tap".

cProfile is in the standard library and counts every call, which is what is
needed to tell "one slow call" from "many widgets"; a sampling profiler
(pyinstrument, py-spy) would add a dependency for the same answer here.

What it found (December 2026, before the score cards were fragments): a tap
reran the whole page. On the phone the workshop read (SQLite plus the scores
and participants of a version just changed) and the 25-30 buttons of the card
(each widget hashes its arguments and registers) were the largest costs, then
the page around the card. On Scoren the participants' data editor (a pandas
frame to Arrow) and the progress bars of every participant were redrawn on every
click. On Resultaten (``--page resultaten``) it is the five plotly figures
(``to_dict`` deep-copies each one for every run) and the cards of the top three.

In-process, this misses two costs of the served app that ``taps.py`` finds: the
full garbage collection Streamlit runs after every run, and the hand-over of
every element from the script's thread to the server's event loop.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from app_timing import bare_mode_warnings_hidden  # noqa: E402

# (label, a substring of "file:function" in the profile) for the shares printed after the table
KNOWN_COSTS = [
    ("workshop read from the store (load)", "workshops.py:load"),
    ("workshop document parsed", "workshop_file.py:workshop_from"),
    ("widgets registered (ids, state)", "utils.py:compute_and_register_element_id"),
    ("data frames to Arrow", "dataframe_util.py:convert_pandas_df_to_arrow_bytes"),
    ("store write (participant_write)", "live.py:participant_write"),
    ("store write (set_scores)", "workshops.py:set_scores"),
]


class Profiled:
    """Starts cProfile inside AppTest's script thread for every run while enabled."""

    def __init__(self) -> None:
        self.profile = cProfile.Profile()
        self.enabled = False

    def install(self) -> None:
        from streamlit.testing.v1 import local_script_runner

        runner = local_script_runner.LocalScriptRunner
        original = runner._run_script_thread
        me = self

        def run_script_thread(self) -> None:  # noqa: ANN001 - Streamlit's own signature
            if not me.enabled:
                return original(self)
            me.profile.enable()
            try:
                return original(self)
            finally:
                me.profile.disable()

        runner._run_script_thread = run_script_thread  # type: ignore[method-assign]


def prepare(db: Path) -> tuple[str, str, str, str]:
    from decision.files import paths
    from decision.files.workshop_file import load_workshop
    from decision.store import open_store

    store = open_store(db)
    example = load_workshop(paths.EXAMPLE_WORKSHOP)
    live_id = store.workshops.create(example)
    grant = store.access.set_pin(live_id, "274193", grant=store.access.grant_as_operator(live_id))
    code = store.live.open_round(live_id, grant=grant).join_code
    token, _ = store.live.join(code, "Telefoon")
    facilitated = store.workshops.create(example)
    return live_id, token, facilitated, example.participants[0].id


def app(query: dict[str, str], page: str | None):
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1 import app_test as app_test_module

    class RoutedPagesManager(PagesManager):
        # as in app_timing.py: AppTest would otherwise run the page file on its own first
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    app_test_module.PagesManager = RoutedPagesManager  # type: ignore[misc]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
        at.session_state[key] = value
    if page:
        at.switch_page(page)
    at.run()
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].message}")
    return at


def phone_tap(at, n: int) -> None:
    buttons = [b for b in at.button if (b.key or "").startswith("pb_") and not b.key.endswith("_dk")]
    buttons[n * 7 % len(buttons)].click().run()


def scoren_click(at, n: int) -> None:
    radios = [r for r in at.radio if (r.key or "").startswith("s_")]
    radio = radios[n % len(radios)]
    radio.set_value(radio.options[n % 5] if isinstance(radio.options[0], str) else n % 5 + 1).run()


def plain_rerun(at, n: int) -> None:
    at.run()  # what a toggle or a tab switch costs on a page whose data did not change


def profile_case(name: str, at, tap, taps: int, top: int, profiled: Profiled) -> None:
    tap(at, 0)  # warm-up: first tap (caches, imports of the callback's path)
    profiled.profile = cProfile.Profile()
    profiled.enabled = True
    start = time.perf_counter()
    for n in range(1, taps + 1):
        tap(at, n)
        if at.exception:
            raise RuntimeError(f"the page raised: {at.exception[0].message}")
    per_tap = (time.perf_counter() - start) * 1000 / taps
    profiled.enabled = False
    stats = pstats.Stats(profiled.profile)
    total = sum(entry[3] for entry in stats.stats.values() if entry[4] == {}) or 1e-9  # type: ignore[attr-defined]
    print(f"== {name}: {per_tap:.0f} ms per tap in-process (AppTest, {taps} taps, profiler on)")
    out = io.StringIO()
    pstats.Stats(profiled.profile, stream=out).sort_stats("cumulative").print_stats(top)
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[-(top + 4) * 200 :])
    print("shares of the profiled time:")
    for label, needle in KNOWN_COSTS:
        spent = sum(
            entry[3]
            for (file, _line, function), entry in stats.stats.items()  # type: ignore[attr-defined]
            if needle == f"{os.path.basename(file)}:{function}"
        )
        if spent:
            print(f"  {label:40} {spent * 1000 / taps:7.1f} ms per tap  ({spent / total:5.1%})")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--taps", type=int, default=10)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--page", choices=["meedoen", "scoren", "resultaten", "both"], default="both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="koppelkansen-profile-") as tmp:
        db = Path(tmp) / "koppelkansen.db"
        _, token, facilitated, _ = prepare(db)
        os.environ["KOPPELKANSEN_DB"] = str(db)
        os.chdir(ROOT)
        profiled = Profiled()
        profiled.install()
        with bare_mode_warnings_hidden():
            if args.page in ("meedoen", "both"):
                at = app({"t": token}, None)
                profile_case(
                    "participant phone: a level tapped", at, phone_tap, args.taps, args.top, profiled
                )
            if args.page in ("scoren", "both"):
                at = app({"w": facilitated}, "screens/scoren.py")
                profile_case("Scoren: an answer clicked", at, scoren_click, args.taps, args.top, profiled)
            if args.page == "resultaten":
                at = app({"w": facilitated}, "screens/resultaten.py")
                profile_case("Resultaten: a rerun", at, plain_rerun, args.taps, args.top, profiled)


if __name__ == "__main__":
    main()
