"""Live scoring sessions for the storage tests, also run outside the test process.

- :func:`wijkkompas_workshop`: a workshop with 15 koppelkansen and the five criteria
  of the default Wijkkompas set, as a live round uses it.
- :func:`sheet_value`: the score participant ``n`` gives koppelkans ``i`` on
  criterion ``j`` (sometimes "weet niet"), so every test knows what must be stored.
- :func:`score_in_process`: one participant in a process of their own (started with
  multiprocessing's spawn context): opens the store at an address, joins, fills the whole sheet.
- Run as a script (``python scoring_sessions.py ADDRESS PID:TOKEN …``): participants
  score in a loop, one thread each, and print ``ACK <participant> <kans> <criterion>
  <value>`` after every write returns. The kill tests stop this process with
  SIGKILL and check that every acknowledged score is in the database.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CRITERIA_FILE = ROOT / "criteria" / "01-wijkkompas-fase3.yaml"
N_KANSEN = 15
PIN = "471958"


def wijkkompas_workshop(n_kansen: int = N_KANSEN, **meta):
    from decision.domain.model import KansType, Koppelkans, Workshop
    from decision.files.criteria_sets import load_criteria_set

    criteria = load_criteria_set(CRITERIA_FILE).criteria
    kansen = tuple(
        Koppelkans(
            id=f"K{i:02d}",
            name=f"Koppelkans {i}",
            type=KansType.SOCIAL if i % 2 else KansType.PHYSICAL,
            description=f"Beschrijving van koppelkans {i}.",
        )
        for i in range(1, n_kansen + 1)
    )
    defaults = {"name": "Live ronde", "neighbourhood": "Kastanjehof", "municipality": "Testdorp"}
    defaults.update(meta)
    return Workshop(criteria=criteria, kansen=kansen, **defaults)


def sheet_value(n: int, i: int, j: int) -> float | None:
    """Participant n, koppelkans i, criterion j: a level 1..5, or None ("weet niet")."""
    if (n + 2 * i + 3 * j) % 17 == 0:
        return None
    return float((n * 7 + i * 3 + j) % 5 + 1)


def score_in_process(address: str, code: str, n: int, start, results) -> None:
    """One participant on their own device: join, then score every cell once."""
    try:
        from decision.store import open_store

        store = open_store(address)
        start.wait(timeout=120)
        token, pid = store.live.join(code, f"Deelnemer {n}")
        w = store.workshops.load(store.live.participant_session(token).workshop_id).workshop
        versions = []
        for i, kid in enumerate(w.kans_ids):
            for j, cid in enumerate(w.criterion_ids):
                versions.append(store.live.participant_write(token, kid, cid, sheet_value(n, i, j)))
        store.close()
        results.put((n, pid, versions, None))
    except BaseException as exc:  # noqa: BLE001 - the test reports it
        results.put((n, None, [], repr(exc)))


# -- the writer that is killed ---------------------------------------------------------
def writer_value(
    participant: int, step: int, n_kansen: int, n_criteria: int
) -> tuple[int, int, float | None]:
    """The ``step``-th write of a participant in the kill tests: (kans index, criterion
    index, value). Sheets are filled again and again, each pass with other values, so
    an older value left behind would show."""
    cells = n_kansen * n_criteria
    passes, cell = divmod(step, cells)
    i, j = divmod(cell, n_criteria)
    if (participant + passes + i + j) % 13 == 0:
        return i, j, None
    return i, j, float((participant * 7 + passes * 3 + i * 5 + j) % 5 + 1)


def format_value(value: float | None) -> str:
    return "None" if value is None else f"{value:g}"


def _write_forever(store, token: str, pid: str, participant: int, kans_ids, criterion_ids, out_lock) -> None:
    step = 0
    try:
        while True:
            i, j, value = writer_value(participant, step, len(kans_ids), len(criterion_ids))
            store.live.participant_write(token, kans_ids[i], criterion_ids[j], value)
            # Only after the write returned (committed) is it acknowledged.
            with out_lock:
                sys.stdout.write(f"ACK {pid} {kans_ids[i]} {criterion_ids[j]} {format_value(value)}\n")
                sys.stdout.flush()
            step += 1
    except BaseException as exc:  # noqa: BLE001 - the test reads it
        with out_lock:
            sys.stdout.write(f"ERROR {pid} {exc!r}\n")
            sys.stdout.flush()


def main(argv: list[str]) -> None:
    from decision.store import open_store

    address, *people = argv
    store = open_store(address)
    first_token = people[0].split(":", 1)[1]
    w = store.workshops.load(store.live.participant_session(first_token).workshop_id).workshop
    out_lock = threading.Lock()
    threads = []
    for participant, entry in enumerate(people):
        pid, token = entry.split(":", 1)
        t = threading.Thread(
            target=_write_forever,
            args=(store, token, pid, participant, w.kans_ids, w.criterion_ids, out_lock),
            daemon=True,
        )
        threads.append(t)
    with out_lock:
        sys.stdout.write("READY\n")
        sys.stdout.flush()
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main(sys.argv[1:])
