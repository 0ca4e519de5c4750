"""Server-side tap latency: from a tap's websocket message to the end of the rerun it causes.

Run from the repository root::

    python benchmarks/taps.py [--sessions 1,5,20,40] [--taps 8] [--think 0.5:1.5]

The app is served by a real ``streamlit run`` (its own port and database, as the
browser tests serve it). Each phone or facilitator is a protocol-level client of
Streamlit's websocket (``/_stcore/stream``): it sends the ``BackMsg`` a browser
sends for a tap (``rerun_script`` with the tapped widget's state, and the
fragment the widget sits in, as Streamlit's frontend does) and waits for the
``script_finished`` ``ForwardMsg`` of that rerun. No browser draws anything, so
what is measured is the server's share of "tap to acknowledged": the callback
(the store write), the rerun of the script (or of the fragment) and the
serialising of what it draws.

Cases, all in one run against one server:

- **phones**: N participants (N = ``--sessions``) joined an open round of the
  example workshop; all N tap their score card at once, each ``--taps`` taps with
  a think time drawn from ``--think`` seconds between taps (people read the
  anchors), starting together. Reported per N: p50 / p95 / max per tap.
- **facilitator**: one facilitator on Scoren clicks answers (radio buttons) of
  the shown koppelkans, one at a time, alone on the server.
- peers measured in the same run, to read the figures as ratios on any machine:
  the bare store write (``store.live.participant_write`` in this process, on the
  same database) and a rerun of a script that writes one line (the fixed cost of
  a Streamlit rerun over the websocket), served by its own ``streamlit run``.

The last column is the CPU time the server process spent per tap (read from
``/proc``): unlike the latencies it hardly depends on what else the machine
runs, so it is the figure to compare between runs; the latencies are what a
room feels, on this machine, at that moment.

What the time went to (December 2026, a 2-core machine under heavy load from
other work; each server thread profiled with cProfile, and ``profile_rerun.py``):

1. Streamlit's full garbage collection after every run (``runner.postScriptGC``,
   on by default): with pandas, plotly and pyarrow loaded, ~150 ms of CPU per
   run here, for a one-line page as much as for ours: most of every tap. Turned
   off in ``.streamlit/config.toml``; a one-line rerun went from ~155 to ~6 ms CPU.
2. Elements sent per run: every element the script sends wakes the server's event
   loop from the script's thread (``call_soon_threadsafe``), and on a loaded
   machine each such hand-over of the GIL costs milliseconds. A tap on the phone
   reran the whole page (~57 elements: 30 answer buttons, headings, the page
   around the card); now it reruns only its question (a fragment inside the
   card's fragment: ~8 elements), and the page once per completed koppelkans.
   On Scoren an answer reruns only the card, not the participants' table and
   everyone's progress.
3. The phone's question read the whole workshop after each tap: every tap in the
   room makes a new version, so each of the 40 phones read every participant's
   scores again (a read that grows with the room, ~2,900 rows at 40 phones) for a
   question that needs only its own answer. The phone now reads its own sheet
   (``live.own_sheet``: the document, parsed once per version, and its own rows).
   At 40 phones, quiet: p95 355 → 96 ms, CPU per tap 39 → 23 ms.
4. Smaller: the workshop read after each write (the version changed, so the
   participants and scores are read again: ~1 ms), the store write (~1 ms), a new
   SQLite connection per run (Streamlit runs every rerun on a new thread: ~1 ms).

Goals: phones at 40 sessions p95 ≤ 150 ms; facilitator p95 ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app_timing import SERVED_PIDS, percentile, serve, table  # noqa: E402
from streamlit_protocol import Session  # noqa: E402

T = TypeVar("T")
GOAL_PHONE_P95_MS = 150.0
GOAL_FACILITATOR_P95_MS = 100.0
PIN = "274193"
# ui.participant.COOKIE_NAME, not imported: importing the app outside its server logs warnings
PHONE_COOKIE = "koppelkansen_deelnemer"


# -- the room ---------------------------------------------------------------------------------


def prepare(db: Path, phones: int) -> tuple[str, list[str], str, str]:
    """The example workshop with an open round and ``phones`` participants joined, and an
    unprotected copy with its participants for the facilitator; returns their ids and tokens."""
    from decision.files import paths
    from decision.files.workshop_file import load_workshop
    from decision.store import open_store

    store = open_store(db)
    example = load_workshop(paths.EXAMPLE_WORKSHOP)
    live_id = store.workshops.create(example)
    grant = store.access.set_pin(live_id, PIN, grant=store.access.grant_as_operator(live_id))
    code = store.live.open_round(live_id, grant=grant).join_code
    tokens = [store.live.join(code, f"Telefoon {n}")[0] for n in range(phones)]
    facilitated = store.workshops.create(example)
    first = example.participants[0].id
    return live_id, tokens, facilitated, first


async def phone_session(url: str, token: str) -> Session:
    # the cookie a phone holds after joining (without it every run would write it again)
    session = Session(url, {"t": token}, cookie=f"{PHONE_COOKIE}={token}")
    await session.connect()
    return session


def server_cpu_seconds(url: str) -> float:
    """CPU time the server behind ``url`` has used so far (user + system, all its threads)."""
    fields = Path(f"/proc/{SERVED_PIDS[url]}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def phones_at_once(
    url: str,
    tokens: list[str],
    taps: int,
    think: tuple[float, float],
    seed: int,
    *,
    whole_page: bool = False,
):
    sessions = [await phone_session(url, token) for token in tokens]
    start = asyncio.Event()
    times: list[float] = []

    async def phone(n: int, session: Session) -> None:
        rng = random.Random(seed * 1000 + n)
        await start.wait()
        for _ in range(taps):
            await asyncio.sleep(rng.uniform(*think))
            # a level of one of the shown koppelkans's criteria ("pb_<kans>_<criterion>_<level>")
            levels = [k for k in session.keys("pb_") if not k.endswith("_dk")]
            key = rng.choice(levels)
            if whole_page:  # the tap as it was before the card was a fragment: all of the page reruns
                session.widgets[key].fragment_id = ""
            times.append((await session.tap(key)).ms)

    tasks = [asyncio.create_task(phone(n, s)) for n, s in enumerate(sessions)]
    start.set()
    await asyncio.gather(*tasks)
    errors = [e for s in sessions for e in s.errors]
    for s in sessions:
        await s.close()
    return times, errors


async def facilitator_clicks(url: str, workshop_id: str, participant: str, clicks: int) -> list[float]:
    session = Session(url, {"w": workshop_id}, page_name="scoren")
    await session.connect()
    rng = random.Random(7)
    times = []
    for n in range(clicks):
        # the answer radios of the shown koppelkans: "s_<participant>_<kans>_<criterion>_<version>"
        radios = session.keys(f"s_{participant}_")
        if not radios:
            raise RuntimeError("Scoren showed no answer buttons")
        # the newest widgets of each criterion (their key carries the workshop version)
        newest: dict[str, str] = {}
        for key in radios:
            stem, version = key.rsplit("_", 1)
            if version.isdigit() and (
                stem not in newest or int(version) > int(newest[stem].rsplit("_", 1)[1])
            ):
                newest[stem] = key
        key = sorted(newest.values())[n % len(newest)]
        times.append((await session.choose(key, rng.randrange(5))).ms)
    await session.close()
    return times


async def empty_reruns(url: str, reruns: int) -> list[float]:
    session = Session(url, {})
    await session.connect()
    times = [(await session.rerun([])).ms for _ in range(reruns)]
    await session.close()
    return times


def store_writes(db: Path, token: str, writes: int) -> list[float]:
    from decision.store import open_store

    live = open_store(db).live
    session = live.participant_session(token)
    w = open_store(db).workshops.load(session.workshop_id).workshop
    kid, cid = w.kans_ids[0], w.criterion_ids[0]
    times = []
    for n in range(writes):
        start = time.perf_counter()
        live.participant_write(token, kid, cid, float(n % 5 + 1))
        times.append((time.perf_counter() - start) * 1000)
    return times


def row(name: str, times: list[float], cpu_s: float | None = None) -> list[str]:
    return [
        name,
        str(len(times)),
        f"{statistics.median(times):.0f}",
        f"{percentile(times, 0.95):.0f}",
        f"{max(times):.0f}",
        "–" if cpu_s is None else f"{cpu_s * 1000 / len(times):.0f}",
    ]


def measured(url: str, coroutine: Coroutine[Any, Any, T]) -> tuple[T, float]:
    """What the coroutine returns, and the server CPU seconds it cost."""
    before = server_cpu_seconds(url)
    result = asyncio.run(coroutine)
    return result, server_cpu_seconds(url) - before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="1,5,20,40", help="phones at once, comma-separated")
    parser.add_argument("--taps", type=int, default=8, help="taps per phone (default 8)")
    parser.add_argument("--think", default="0.5:1.5", help="seconds between a phone's taps, low:high")
    parser.add_argument("--clicks", type=int, default=20, help="facilitator clicks (default 20)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    counts = [int(n) for n in args.sessions.split(",")]
    low, high = (float(x) for x in args.think.split(":"))

    with tempfile.TemporaryDirectory(prefix="koppelkansen-taps-") as tmp:
        db = Path(tmp) / "koppelkansen.db"
        live_id, tokens, facilitated, participant = prepare(db, max(counts))
        empty_script = Path(tmp) / "one_line.py"
        empty_script.write_text("import streamlit as st\nst.write('Koppelkansen')\n")
        rows = []
        failures: list[str] = []
        with serve(db) as url:
            # one warm-up session: the server's imports and caches, as after a first visitor
            asyncio.run(phones_at_once(url, tokens[:1], 2, (0, 0), args.seed))
            phone_p95: dict[int, float] = {}
            for n in counts:
                (times, errors), cpu = measured(
                    url, phones_at_once(url, tokens[:n], args.taps, (low, high), args.seed)
                )
                failures += errors
                phone_p95[n] = percentile(times, 0.95)
                rows.append(row(f"phones, {n} at once: tap", times, cpu))
            (times, errors), cpu = measured(
                url, phones_at_once(url, tokens[:1], args.taps, (low, high), args.seed, whole_page=True)
            )
            rows.append(row("peer: 1 phone, tap rerunning the whole page", times, cpu))
            facilitator, cpu = measured(url, facilitator_clicks(url, facilitated, participant, args.clicks))
            rows.append(row("facilitator on Scoren, alone: answer click", facilitator, cpu))
        with serve(db, script=empty_script) as url:
            reruns, cpu = measured(url, empty_reruns(url, args.clicks))
            rows.append(row("peer: one-line script, rerun", reruns, cpu))
        rows.append(row("peer: store write alone (participant_write)", store_writes(db, tokens[0], 50)))

    print(
        table(
            f"Server side, ms from the websocket message to script_finished "
            f"({os.cpu_count()} CPUs, think time {low:g}–{high:g} s between a phone's taps)",
            ["Case", "taps", "p50", "p95", "max", "server CPU / tap"],
            rows,
        )
    )
    for message in sorted(set(failures)):
        print(f"error: {message}")
    top = max(counts)
    facilitator_p95 = percentile(facilitator, 0.95)
    print()
    print(
        f"goal phones at {top} p95 ≤ {GOAL_PHONE_P95_MS:g} ms: "
        f"{'met' if phone_p95[top] <= GOAL_PHONE_P95_MS else 'NOT met'} ({phone_p95[top]:.0f} ms)"
    )
    print(
        f"goal facilitator p95 ≤ {GOAL_FACILITATOR_P95_MS:g} ms: "
        f"{'met' if facilitator_p95 <= GOAL_FACILITATOR_P95_MS else 'NOT met'} ({facilitator_p95:.0f} ms)"
    )
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
