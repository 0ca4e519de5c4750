"""How many accessibility findings axe-core reports, per page and per way of viewing it.

Starts the app (on a database of its own, with a copy of the example), opens every
facilitator page at 1366 and at 390 px wide, in presentation mode and in English,
and the participant's phone (the join form and the scoring page), runs axe-core on
each (tests/browser/axe_scan.py: WCAG 2.1 A/AA and best practices) and prints the
number of offending elements per impact, plus those over the bar (serious or
critical, not excused).

    .venv/bin/python benchmarks/axe_counts.py [--root FOLDER] [--only start,resultaten]

``--root`` serves the app of another checkout (to count before and after a change);
the scanning is this checkout's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.app_servers import free_port, stop, streamlit_command, wait_until_healthy  # noqa: E402
from tests.browser import axe_scan  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS, DESKTOP, PHONE  # noqa: E402

VIEWS = {
    "1366": {"viewport": DESKTOP, "params": {}},
    "390": {"viewport": PHONE, "params": {}},
    "presentatie": {"viewport": DESKTOP, "params": {"presentation": "true"}},
    "english": {"viewport": DESKTOP, "params": {"lang": "English"}},  # bound to the URL by its label
}


def scan(page, label: str, rows: list[tuple[str, dict[str, int], int]], details: bool) -> None:
    found = axe_scan.findings(axe_scan.run_axe(page))
    over = axe_scan.over_the_bar(page, found)
    rows.append((label, dict(axe_scan.counts(found)), len(over)))
    if details:
        for finding in over:
            print(f"  {label}: {finding}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app is served")
    parser.add_argument("--only", default="", help="comma-separated page names (default: all)")
    parser.add_argument("--details", action="store_true", help="print each finding over the bar")
    args = parser.parse_args()

    from playwright.sync_api import expect, sync_playwright

    from decision.files import paths
    from decision.files.workshop_file import load_workshop
    from decision.store import open_store
    from tests.conftest import grant_of, protect
    from ui.catalog import t

    pages = [p for p in axe_scan.FACILITATOR_PAGES if not args.only or p in args.only.split(",")]
    folder = Path(tempfile.mkdtemp(prefix="axe-"))
    db = folder / "koppelkansen.db"
    store = open_store(db)
    wid = store.workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP))
    live_wid = store.workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP))
    protect(store, live_wid, "274193")
    code = store.live.open_round(live_wid, grant=grant_of(store, live_wid)).join_code

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "KOPPELKANSEN_DB": str(db), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    log = folder / "server.log"
    command = streamlit_command(port)
    own_python = args.root / ".venv" / "bin" / "python"
    if own_python.exists():  # the other checkout's own packages, not this one's
        command[0] = str(own_python)
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=args.root, env=env, stdout=out, stderr=out)
    rows: list[tuple[str, dict[str, int], int]] = []
    try:
        wait_until_healthy(url, server, log)
        expect.set_options(timeout=60_000)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            for view, setup in VIEWS.items():
                lang = "en" if "lang" in setup["params"] else "nl"
                context = browser.new_context(viewport=setup["viewport"], base_url=url, locale="nl-NL")
                context.set_default_timeout(60_000)
                page = context.new_page()
                for name in pages:
                    axe_scan.open_page(page, name, wid, t(f"page.{name}_title", lang), **setup["params"])
                    scan(page, f"{name} {view}", rows, args.details)
                context.close()
            context = browser.new_context(
                viewport=PHONE, is_mobile=True, has_touch=True, base_url=url, locale="nl-NL"
            )
            context.set_default_timeout(60_000)
            phone = context.new_page()
            phone.goto(f"/?code={code}")
            phone.get_by_role("heading", level=1, name=t("join.title")).wait_for()
            axe_scan.wait_drawn(phone)
            scan(phone, "meedoen join 390", rows, args.details)
            phone.get_by_role("textbox", name=t("join.name"), exact=True).fill("Anna")
            phone.get_by_role("button", name=t("join.submit")).tap()
            phone.wait_for_url(lambda u: "t=" in u)
            axe_scan.wait_drawn(phone)
            scan(phone, "meedoen scoring 390", rows, args.details)
            context.close()
            browser.close()
    finally:
        stop(server)
        shutil.rmtree(folder, ignore_errors=True)

    impacts = ("critical", "serious", "moderate", "minor")
    print(f"{'page view':<28}" + "".join(f"{i:>10}" for i in impacts) + f"{'over bar':>10}")
    for label, count, over in rows:
        print(f"{label:<28}" + "".join(f"{count.get(i, 0):>10}" for i in impacts) + f"{over:>10}")
    print(f"{'total':<28}" + "".join(f"{sum(c.get(i, 0) for _, c, _ in rows):>10}" for i in impacts)
          + f"{sum(o for _, _, o in rows):>10}")  # fmt: skip


if __name__ == "__main__":
    main()
