"""How fast the app feels: first paint in the browser and the server's rerun time.

Run from the repository root::

    python benchmarks/app_timing.py [--loads 5] [--switches 5] [--reruns 20] [--busy 2]

(a) Browser: the app is served the way the browser tests serve it (its own port and
    database, the bundled example stored in it). For the start page and for the
    Resultaten page of the example, chromium loads the page ``--loads`` times, each
    time in a fresh browser context (empty cache, new session), after one warm-up
    load that is not counted. Per load it records first-contentful-paint from the
    Performance API, when the page's title (h1) is visible, and when the app has
    finished its run. Reported: the median.

    Page switches: in one open tab, the facilitator clicks through the sidebar
    (Start → Scoren → Resultaten → Start), ``--switches`` rounds after a warm-up
    round; per switch, from the click to the new page's title (h1) visible and to
    the app idle. Reported: the median per switch.

    The peer, loaded the same way in the same run: a page that draws one title,
    served by its own ``streamlit run``. Its load is Streamlit's floor on this
    machine (the frontend's scripts fetched and started, a websocket opened, one
    run), which no app on Streamlit can go under.

    Everything in (a) is measured twice: on the machine as it is ("quiet"), and
    with ``--busy`` processes spinning in a busy loop next to it (a laptop that also
    runs a video call and a projector). Goals: a page switch ≤ 1 s, Resultaten's
    title ≤ 1.5 s after navigation start.

(b) Server: the Resultaten page rerun in-process with Streamlit's AppTest, as in
    a workshop where someone clicks a tab or a toggle: one run to warm up, then
    ``--reruns`` timed ``at.run()`` calls; reported: median and p95. Two peers are
    timed in the same run so the figures can be read as ratios on any machine:
    the same page with every data cache emptied before each rerun (what the first
    visitor after a change pays), and a page that only writes one line (the
    fixed cost of a Streamlit rerun).

What it showed (December 2026, 2 cores): a page switch 250–450 ms to the new
title, quiet and with 2 busy cores; a fresh load of Resultaten ~2.9 s against the
peer's ~1.7 s (the peer is Streamlit's floor here, so "1.5 s" cannot be met for a
fresh load on this machine; after a switch Resultaten's title shows in ~300 ms).
The Resultaten rerun went from ~154 to ~57–89 ms: the charts' ``to_dict`` was made
anew on every run (now once per figure), Streamlit's caches paid
``inspect.signature`` and an unpickled copy on every call (``ui/memo.py``), and the
named "simple_white" template was copied and checked whole for every figure.

Needs Debian's chromium for (a); without it only (b) is measured.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.app_servers import free_port, stop, wait_until_healthy  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 900}

# Resolves with first-contentful-paint in ms since navigation start (waits for it if needed).
FCP = """() => new Promise((resolve) => {
    const found = performance.getEntriesByName('first-contentful-paint');
    if (found.length) { resolve(found[0].startTime); return; }
    new PerformanceObserver((list, observer) => {
        const entry = list.getEntriesByName('first-contentful-paint')[0];
        if (entry) { observer.disconnect(); resolve(entry.startTime); }
    }).observe({ type: 'paint', buffered: true });
})"""

# Truthy (the time in ms since navigation start) once the h1 shows the wanted text.
HEADING = """(title) => {
    const h1 = Array.from(document.querySelectorAll('h1')).find(
        (h) => h.innerText.trim() === title && h.getBoundingClientRect().height > 0);
    return h1 ? performance.now() : false;
}"""

# Truthy (ms since navigation start) once the app's script has finished its run.
IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.dataset.testScriptState === 'notRunning'
        && app.dataset.testConnectionState === 'CONNECTED' ? performance.now() : false;
}"""


# -- serving the app and printing figures -------------------------------------------


SERVED_PIDS: dict[str, int] = {}  # url -> process id of the server behind it, while it runs


@contextmanager
def serve(db: Path, script: Path | str = "app.py") -> Iterator[str]:
    """The app (or another ``script``) on a free port with its own database; stopped on the way out."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log = db.parent / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, "KOPPELKANSEN_DB": str(db)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_healthy(url, process, log)
        SERVED_PIDS[url] = process.pid
        yield url
    finally:
        SERVED_PIDS.pop(url, None)
        stop(process)


def store_example(db: Path) -> str:
    from decision.files import paths
    from decision.files.workshop_file import load_workshop
    from decision.store import open_store

    return open_store(db).workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = int(position), min(int(position) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def table(title: str, header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    rule = "-" * len(line(header))
    return "\n".join([title, rule, line(header), rule, *(line(r) for r in rows), rule])


# -- (a) the browser ----------------------------------------------------------------


def load_once(browser, url: str, title: str) -> dict[str, float]:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit")
        heading = page.wait_for_function(HEADING, arg=title, polling="raf", timeout=60_000).json_value()
        idle = page.wait_for_function(IDLE, polling="raf", timeout=60_000).json_value()
        fcp = page.evaluate(FCP)
        return {"fcp": fcp, "heading": heading, "idle": max(idle, heading)}
    finally:
        context.close()


def switch_once(page, link: str, title: str) -> dict[str, float]:
    """Click a page in the sidebar; ms until its title shows and until the app is idle."""
    start = page.evaluate("performance.now()")
    page.locator('[data-testid="stSidebarNavLink"]', has_text=link).first.click()
    heading = page.wait_for_function(HEADING, arg=title, polling="raf", timeout=60_000).json_value()
    page.wait_for_timeout(50)  # the run that drew the title may still be going: let it say so
    idle = page.wait_for_function(IDLE, polling="raf", timeout=60_000).json_value()
    return {"heading": heading - start, "idle": max(idle, heading) - start}


PEER_TITLE = "Koppelkansen"
PEER_SCRIPT = f"import streamlit as st\nst.title({PEER_TITLE!r})\n"


def browser_figures(url: str, wid: str, loads: int, switches: int, peer_url: str) -> list[list[str]]:
    from playwright.sync_api import sync_playwright

    from ui.catalog import t

    pages = [
        ("Start", f"{url}/?w={wid}", t("page.start_title", "nl")),
        ("Resultaten (voorbeeld)", f"{url}/resultaten?w={wid}", t("page.resultaten_title", "nl")),
        # the peer: Streamlit's own floor on this machine (its frontend loaded, one title drawn)
        ("peer: one-line page", peer_url, PEER_TITLE),
    ]
    # (what is clicked in the sidebar, the title the page then shows)
    tour = [
        (t("page.scoren", "nl"), t("page.scoren_title", "nl")),
        (t("page.resultaten", "nl"), t("page.resultaten_title", "nl")),
        (t("page.start", "nl"), t("page.start_title", "nl")),
    ]
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        try:
            for name, address, title in pages:
                load_once(browser, address, title)  # warm-up: server imports, first run
                runs = [load_once(browser, address, title) for _ in range(loads)]
                rows.append(
                    [f"load {name}"]
                    + [f"{statistics.median(r[k] for r in runs):.0f}" for k in ("fcp", "heading", "idle")]
                    + [f"{min(r['heading'] for r in runs):.0f}–{max(r['heading'] for r in runs):.0f}"]
                )
            context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]  # a plain dict
            try:
                page = context.new_page()
                page.goto(pages[0][1], wait_until="commit")
                page.wait_for_function(HEADING, arg=pages[0][2], polling="raf", timeout=60_000)
                page.wait_for_function(IDLE, polling="raf", timeout=60_000)
                for link, title in tour:  # warm-up round
                    switch_once(page, link, title)
                timed: dict[str, list[dict[str, float]]] = {link: [] for link, _ in tour}
                for _ in range(switches):
                    for link, title in tour:
                        timed[link].append(switch_once(page, link, title))
                for link, runs in timed.items():
                    rows.append(
                        [f"switch to {link}", "–"]
                        + [f"{statistics.median(r[k] for r in runs):.0f}" for k in ("heading", "idle")]
                        + [f"{min(r['heading'] for r in runs):.0f}–{max(r['heading'] for r in runs):.0f}"]
                    )
            finally:
                context.close()
        finally:
            browser.close()
    return rows


def _spin() -> None:
    while True:
        pass


@contextmanager
def busy_cores(n: int) -> Iterator[None]:
    """``n`` processes in a busy loop for as long as the block runs (a loaded laptop)."""
    spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(n)]
    for process in spinners:
        process.start()
    try:
        yield
    finally:
        for process in spinners:
            process.terminate()
        for process in spinners:
            process.join(timeout=10)


# -- (b) the server -----------------------------------------------------------------


@contextmanager
def bare_mode_warnings_hidden() -> Iterator[None]:
    """AppTest and emptying the caches run outside a served app, and Streamlit logs a
    warning about that on nearly every call, which would bury the figures. Errors
    still surface: a page that raises stops the measurement with its message."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 2)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def timed_runs(at, n: int, before: Callable[[], None] = lambda: None) -> list[float]:
    times = []
    for _ in range(n):
        before()
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
        if at.exception:
            raise RuntimeError(f"the page raised: {at.exception[0].message}")
    return times


def server_figures(db: Path, wid: str, reruns: int) -> list[tuple[str, list[float]]]:
    os.environ["KOPPELKANSEN_DB"] = str(db)
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1 import app_test as app_test_module

    from decision.domain.analysis import rank_workshop
    from decision.store import open_store

    class RoutedPagesManager(PagesManager):
        # AppTest forgets before every run that the app routes with st.navigation and
        # would run the page file on its own first; a served app, once running, does not.
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    app_test_module.PagesManager = RoutedPagesManager  # type: ignore[misc]
    os.chdir(ROOT)

    def resultaten() -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.session_state["w"] = wid
        at.query_params["w"] = wid
        at.switch_page("screens/resultaten.py").run()  # warm-up
        if at.exception:
            raise RuntimeError(f"the page raised: {at.exception[0].message}")
        assert any(e.value == "Resultaten" for e in at.title), "Resultaten did not open"
        return at

    results = []
    at = resultaten()
    results.append(("Resultaten, rerun (caches warm)", timed_runs(at, reruns)))
    at = resultaten()
    from ui import memo

    def forget() -> None:  # what the first visitor after a change pays: nothing remembered
        st.cache_data.clear()
        memo.clear_all()

    results.append(("Resultaten, rerun, data caches emptied", timed_runs(at, reruns, forget)))

    minimal = AppTest.from_string("import streamlit as st\nst.write('Koppelkansen')", default_timeout=60)
    minimal.run()
    results.append(("Minimal page (one st.write)", timed_runs(minimal, reruns)))

    w = open_store(db).workshops.load(wid).workshop
    engine = []
    for _ in range(reruns):
        start = time.perf_counter()
        rank_workshop(w, "wsm", "mean")
        engine.append((time.perf_counter() - start) * 1000)
    results.append(("rank_workshop alone (engine)", engine))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=5, help="fresh page loads per page (default 5)")
    parser.add_argument("--switches", type=int, default=5, help="rounds of page switches (default 5)")
    parser.add_argument("--reruns", type=int, default=20, help="timed reruns per case (default 20)")
    parser.add_argument("--busy", type=int, default=2, help="busy-loop processes next to (a), default 2")
    parser.add_argument("--only", choices=["browser", "server"], help="measure (a) or (b) alone")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="koppelkansen-bench-") as tmp:
        db = Path(tmp) / "koppelkansen.db"
        wid = store_example(db)

        if args.only == "server":
            pass
        elif shutil.which("chromium") is None:
            print("(a) skipped: chromium is not installed\n")
        else:
            for label, spinners in (("quiet", 0), (f"{args.busy} busy cores", args.busy)):
                peer = Path(tmp) / "one_title.py"
                peer.write_text(PEER_SCRIPT)
                with serve(db) as url, serve(db, script=peer) as peer_url, busy_cores(spinners):
                    rows = browser_figures(url, wid, args.loads, args.switches, peer_url)
                print(
                    table(
                        f"(a) Browser ({label}), chromium {VIEWPORT['width']}×{VIEWPORT['height']}: median of"
                        f" {args.loads} fresh loads (ms since navigation start) and of {args.switches}"
                        " page switches (ms since the click)",
                        ["Page", "first paint", "title visible", "app idle", "title min–max"],
                        rows,
                    )
                )
                print()

        if args.only == "browser":
            return
        with bare_mode_warnings_hidden():
            results = server_figures(db, wid, args.reruns)
        base = statistics.median(results[0][1])
        minimal = statistics.median(results[2][1])
        rows = [
            [
                name,
                f"{statistics.median(times):.1f}",
                f"{percentile(times, 0.95):.1f}",
                f"{statistics.median(times) / base:.2f}",
                f"{statistics.median(times) / minimal:.1f}",
            ]
            for name, times in results
        ]
        print(
            table(
                f"(b) Server, AppTest in-process: {args.reruns} reruns each, ms",
                ["Case", "median", "p95", "× Resultaten warm", "× minimal page"],
                rows,
            )
        )


if __name__ == "__main__":
    main()
