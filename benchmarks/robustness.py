"""How fast the robustness figures are: top-k probabilities, stability intervals, a page rerun.

Run from the repository root::

    python benchmarks/robustness.py [--repeat 7] [--reruns 20]

Every case is run once to warm up and then ``--repeat`` times (``--reruns`` for the
page); the table shows the median (and, for the page, the 95th percentile) next to
the target it must reach. The problem is fixed (seeded): 50 koppelkansen, 8 criteria
on a 1..5 scale (half of them "lower is better"), 20 participants' sheets with 10 %
"weet niet", weight uncertainty ``concentration=50``.

- Weighted sum and TOPSIS: :func:`decision.core.robustness.rank_acceptability` with
  10,000 scenarios on the aggregated matrix (mean per cell), and the weighted sum
  once more on the 20 sheets (each scenario also re-weights the participants).
- TOPSIS peer: what a user of pymcdm would write, one TOPSIS call per scenario on
  the same weight draws, the top three taken with ``argsort``. pymcdm's TOPSIS
  normalises min–max by default; the peer is given vector normalisation, the one
  TOPSIS of Hwang & Yoon and this app use, so both compute the same thing, and the
  script checks that they do (same draws, same probabilities). To keep the run
  short the peer is timed on the first 1,000 scenarios and scaled linearly to
  10,000. pymcdm is only needed here: ``pip install -e ".[bench]"`` (or
  ``pip install pymcdm``); without it the TOPSIS row shows no ratio.
- Stability intervals: :func:`decision.core.robustness.stability_intervals` for the
  same aggregated problem (weighted sum).
- Results page: the Resultaten page of the bundled example workshop, rerun
  in-process with Streamlit's AppTest (the server side of a click), from a
  temporary database.

Next to the wall-clock median the table shows the process's CPU time. numpy's
BLAS runs the weighted sum's and TOPSIS's matrix products on every core by
default; on a busy two-core machine its threads wait for each other and the wall
clock (and CPU time) of those two rows can jump several-fold from run to run.
``--blas-threads 1`` runs BLAS on one thread, to compare.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _blas_threads() -> str:
    """Apply ``--blas-threads N`` before numpy loads its BLAS; "default" without it."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--blas-threads", type=int)
    n = early.parse_known_args()[0].blas_threads
    if n is None:
        return "default"
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(n)
    return str(n)


BLAS_THREADS = _blas_threads()

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app_timing import bare_mode_warnings_hidden  # noqa: E402  (a sibling script)

from decision.core.robustness import BATCH, dirichlet_weights, rank_acceptability, stability_intervals  # noqa: E402

M, N, P = 50, 8, 20
SAMPLES = 10_000
PEER_SAMPLES = 1_000
CONCENTRATION = 50.0
SEED = 2026


# -- the problem and the clock ---------------------------------------------------------------
def problem():
    """Fixed random sheets (whole levels 1..5, 10 % "weet niet"), every cell scored by someone."""
    rng = np.random.default_rng(SEED)
    sheets = rng.integers(1, 6, size=(P, M, N)).astype(float)
    sheets[rng.random(sheets.shape) < 0.10] = np.nan
    sheets[0][np.isnan(sheets[0])] = 3.0  # the first sheet is complete: no empty cells
    matrix = np.nanmean(sheets, axis=0)
    weights = rng.uniform(0.5, 2.0, N)
    weights /= weights.sum()
    directions = np.tile([1.0, -1.0], N // 2)
    bounds = np.tile([1.0, 5.0], (N, 1))
    return sheets, matrix, weights, directions, bounds


def median_ms(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and median CPU time (all threads of this process), in ms.

    On a busy machine the wall clock also counts time spent waiting for a core; the
    CPU time does not, so the two together show whether a slow figure is the code's.
    """
    run()  # warm-up
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = int(position), min(int(position) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# -- the TOPSIS peer ---------------------------------------------------------------------------
def same_draws(weights: np.ndarray, samples: int) -> np.ndarray:
    """The weight draws rank_acceptability makes for this seed, batch by batch as it does."""
    rng = np.random.default_rng(SEED)
    out, done = [], 0
    while done < samples:
        size = min(BATCH, samples - done)
        out.append(np.array(dirichlet_weights(rng, weights, CONCENTRATION, size)))
        done += size
    return np.concatenate(out)


def peer_topsis(matrix: np.ndarray, draws: np.ndarray, directions: np.ndarray) -> np.ndarray:
    """pymcdm's TOPSIS once per scenario, the top three by argsort: the share of scenarios."""
    from pymcdm import normalizations
    from pymcdm.methods import TOPSIS

    t = TOPSIS(normalization_function=normalizations.vector_normalization)
    types = directions.astype(int)
    counts = np.zeros(matrix.shape[0])
    for w in draws:
        pref = t(matrix, w, types)
        top3 = np.argsort(-pref)[:3]
        counts[top3] += 1
    return counts / len(draws)


def topsis_comparison(matrix, weights, directions, bounds, repeat) -> dict[str, object]:
    ours_ms, ours_cpu = median_ms(
        lambda: rank_acceptability(
            matrix, weights, directions, bounds,
            samples=SAMPLES, concentration=CONCENTRATION, seed=SEED, method="topsis",
        ),
        repeat,
    )  # fmt: skip
    try:
        import pymcdm  # noqa: F401
    except ImportError:
        return {"ours": ours_ms, "ours_cpu": ours_cpu, "peer": None}
    draws = same_draws(weights, PEER_SAMPLES)
    # Like for like: on the same scenarios both give the same probabilities.
    ours_p = rank_acceptability(
        matrix, weights, directions, bounds,
        samples=PEER_SAMPLES, concentration=CONCENTRATION, seed=SEED, method="topsis",
    )  # fmt: skip
    peer_p = peer_topsis(matrix, draws, directions)
    np.testing.assert_allclose(ours_p, peer_p, rtol=0, atol=1e-12)
    peer_ms, peer_cpu = median_ms(lambda: peer_topsis(matrix, draws, directions), repeat)
    scale = SAMPLES / PEER_SAMPLES
    return {
        "ours": ours_ms,
        "ours_cpu": ours_cpu,
        "peer": peer_ms * scale,
        "peer_cpu": peer_cpu * scale,
        "peer_measured": peer_ms,
        "agree": float(np.abs(ours_p - peer_p).max()),
    }


# -- the results page --------------------------------------------------------------------------
def page_reruns(reruns: int) -> tuple[list[float], list[float]]:
    """The Resultaten page of the example workshop: one warm-up run, then timed reruns
    (wall-clock and CPU ms per rerun)."""
    with tempfile.TemporaryDirectory(prefix="koppelkansen-bench-") as tmp, bare_mode_warnings_hidden():
        os.environ["KOPPELKANSEN_DB"] = str(Path(tmp) / "koppelkansen.db")
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.testing.v1 import AppTest
        from streamlit.testing.v1 import app_test as app_test_module

        from decision.files import paths
        from decision.files.workshop_file import load_workshop
        from decision.store import open_store

        class RoutedPagesManager(PagesManager):
            # AppTest forgets before every run that the app routes with st.navigation and
            # would run the page file on its own; a served app, once running, does not.
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                PagesManager.uses_pages_directory = False

        app_test_module.PagesManager = RoutedPagesManager
        wid = open_store().workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP))
        os.chdir(ROOT)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.session_state["w"] = wid
        at.query_params["w"] = wid
        at.switch_page("screens/resultaten.py").run()  # warm-up: imports, caches, first run
        from ui.catalog import t

        title = t("page.resultaten_title", "nl")

        def check() -> None:
            if at.exception:
                raise RuntimeError(f"the page raised: {at.exception[0].message}")
            if title not in [e.value for e in at.title] or not at.dataframe:
                raise RuntimeError("the Resultaten page with its ranking did not show")

        check()
        wall, cpu = [], []
        for _ in range(reruns):
            start, start_cpu = time.perf_counter(), time.process_time()
            at.run()
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            check()
        return wall, cpu


# -- the table ---------------------------------------------------------------------------------
def table(rows: list[list[str]]) -> str:
    header = ["case", "median", "CPU", "must reach", "aim", "verdict"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return " | ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    rule = "-" * len(line(header))
    return "\n".join([rule, line(header), rule, *(line(r) for r in rows), rule])


def verdict(ok: bool, aim_met: bool | None = None) -> str:
    if not ok:
        return "MISSED"
    return "ok" if aim_met is None else "ok, aim met" if aim_met else "ok, aim not met"


def ms(x: float) -> str:
    return f"{x:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per engine case (default 7)")
    parser.add_argument("--reruns", type=int, default=20, help="timed page reruns (default 20)")
    parser.add_argument("--blas-threads", type=int, help="threads for numpy's BLAS (default: numpy's own)")
    args = parser.parse_args()
    if args.repeat < 7:
        parser.error("--repeat must be 7 or more")

    sheets, matrix, weights, directions, bounds = problem()
    common = dict(samples=SAMPLES, concentration=CONCENTRATION, seed=SEED)

    wsm = median_ms(lambda: rank_acceptability(matrix, weights, directions, bounds, **common), args.repeat)
    wsm_sheets = median_ms(
        lambda: rank_acceptability(sheets, weights, directions, bounds, **common), args.repeat
    )
    top = topsis_comparison(matrix, weights, directions, bounds, args.repeat)
    intervals = median_ms(lambda: stability_intervals(matrix, weights, directions, bounds), args.repeat)
    page_wall, page_cpu = page_reruns(args.reruns)
    page = (statistics.median(page_wall), statistics.median(page_cpu))
    page_p95 = percentile(page_wall, 0.95)

    rows = [
        [f"{SAMPLES:,} samples, {M} koppelkansen × {N} criteria, weighted sum", ms(wsm[0]), ms(wsm[1]),
         "≤ 50 ms", "20 ms", verdict(wsm[0] <= 50, wsm[0] <= 20)],
        [f"the same, with {P} participants' sheets", ms(wsm_sheets[0]), ms(wsm_sheets[1]), "≤ 150 ms", "",
         verdict(wsm_sheets[0] <= 150)],
    ]  # fmt: skip
    if top["peer"] is None:
        rows.append(
            [f"TOPSIS {SAMPLES:,} samples (no peer)", ms(top["ours"]), ms(top["ours_cpu"]),
             "≥ 100× faster than the peer", "200×", "not measured"]
        )  # fmt: skip
    else:
        ratio = top["peer"] / top["ours"]
        rows.append(
            [f"TOPSIS {SAMPLES:,} samples, peer {top['peer']:.0f} ms", ms(top["ours"]), ms(top["ours_cpu"]),
             "≥ 100× faster than the peer", "200×", f"{ratio:.0f}×, " + verdict(ratio >= 100, ratio >= 200)]
        )  # fmt: skip
    rows += [
        ["stability intervals for the same problem", ms(intervals[0]), ms(intervals[1]), "≤ 100 ms", "",
         verdict(intervals[0] <= 100)],
        [f"results page rerun, example workshop, server side (p95 {page_p95:.0f} ms)", ms(page[0]),
         ms(page[1]), "≤ 150 ms", "", verdict(page[0] <= 150)],
    ]  # fmt: skip

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"Robustness benchmarks: median of {args.repeat} runs after a warm-up ({args.reruns} reruns for the "
        f"page); {os.cpu_count()} CPUs, load average {load:.1f}, BLAS threads {BLAS_THREADS}. Verdicts go "
        f"by the wall-clock median; CPU is the process's CPU time (all threads)."
    )
    print(table(rows))
    if top["peer"] is None:
        print("TOPSIS peer not measured: pymcdm is not installed. Install it with")
        print('    pip install -e ".[bench]"     (or: pip install pymcdm)')
    else:
        print(
            f"TOPSIS peer: pymcdm's TOPSIS (vector normalisation) called once per scenario, top three by "
            f"argsort; timed on {PEER_SAMPLES:,} scenarios ({top['peer_measured']:.0f} ms) and scaled "
            f"linearly to {SAMPLES:,}. Ratio by CPU time: {top['peer_cpu'] / top['ours_cpu']:.0f}×. On those "
            f"{PEER_SAMPLES:,} shared weight draws both give the same top-3 probabilities (largest "
            f"difference {top['agree']:.1g})."
        )


if __name__ == "__main__":
    main()
