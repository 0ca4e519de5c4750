"""How much the per-group views cost next to the one ranking they stand beside.

Run from the repository root::

    python benchmarks/perspectives.py [--repeat 15] [--people 40]

On the bundled example, and on the example with ``--people`` participants spread over
its groups (each a copy of an example sheet, so the groups differ as they do in the
example), it times in one run:

- the peer: one ranking (``rank_workshop``, weighted sum, mean), what Resultaten draws;
- per person vs "elke groep telt even zwaar": the same ranking with the grouped mean;
- ``group_rankings``: one ranking per group (the Perspectieven matrix);
- ``attention_flags``: the let-op medians;
- ``holds_under_group_weights`` with every group giving its own weights;
- the grouped bootstrap of Gevoeligheid (``scenario_setup`` + 2,000 scenarios), per person
  and within groups.

Each case runs once to warm up, then ``--repeat`` times; the table gives the median in
milliseconds and its ratio to the peer of the same workshop.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from decision.core.scenarios import scenario_scores  # noqa: E402
from decision.domain.analysis import rank_workshop  # noqa: E402
from decision.domain.model import GroupWeighting, Participant  # noqa: E402
from decision.domain.perspectives import attention_flags, group_rankings, holds_under_group_weights  # noqa: E402
from decision.domain.sensitivity import scenario_setup  # noqa: E402
from decision.files import paths  # noqa: E402
from decision.files.workshop_file import load_workshop  # noqa: E402


def median_ms(run, repeat: int) -> float:
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def crowd(w, people: int):
    """The example with ``people`` participants: each new one copies an example sheet and its group."""
    base = list(w.participants)
    added, scores = [], dict(w.scores)
    for i in range(people - len(base)):
        model = base[i % len(base)]
        pid = f"X{i + 1:03d}"
        added.append(Participant(pid, f"Deelnemer {i + 1}", model.role, model.group))
        for (p, k, c), v in w.scores.items():
            if p == model.id:
                scores[(pid, k, c)] = v
    return replace(w, participants=(*base, *added), scores=scores)


def scenarios(w, samples: int = 2000):
    ranking = rank_workshop(w, "wsm", "mean")
    setup = scenario_setup(w, ranking)
    return scenario_scores(
        setup.matrix, setup.weights, setup.directions, setup.bounds, samples=samples, seed=1,
        method="wsm", aggregation="mean", ranges=setup.ranges, groups=setup.groups,
    )  # fmt: skip


def cases(w) -> dict[str, object]:
    per_person = replace(w, group_weighting=GroupWeighting.PERSONS)
    per_group = replace(w, group_weighting=GroupWeighting.GROUPS)
    base = {c.id: c.weight for c in w.criteria}
    weighted = replace(per_group, group_weights={g.id: base for g in w.groups})
    return {
        "peer: rank_workshop (per person)": lambda: rank_workshop(per_person, "wsm", "mean"),
        "rank_workshop, each group equal": lambda: rank_workshop(per_group, "wsm", "mean"),
        "group_rankings (the matrix)": lambda: group_rankings(per_group, "wsm", "mean"),
        "attention_flags (let op)": lambda: attention_flags(per_group),
        "holds_under_group_weights": lambda: holds_under_group_weights(weighted, "wsm", "mean"),
        "2,000 scenarios, per person": lambda: scenarios(per_person),
        "2,000 scenarios, within groups": lambda: scenarios(per_group),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--people", type=int, default=40)
    args = parser.parse_args()
    example = load_workshop(paths.EXAMPLE_WORKSHOP)
    for label, w in (("example", example), (f"{args.people} participants", crowd(example, args.people))):
        size = f"{len(w.participants)} participants, {len(w.kansen)} koppelkansen, {len(w.groups)} groups"
        print(f"\n{label}: {size}")
        timed = {name: median_ms(run, args.repeat) for name, run in cases(w).items()}
        peer = timed["peer: rank_workshop (per person)"]
        for name, ms in timed.items():
            print(f"  {name:<34} {ms:9.2f} ms   {ms / peer:6.1f}× the peer")


if __name__ == "__main__":
    main()
