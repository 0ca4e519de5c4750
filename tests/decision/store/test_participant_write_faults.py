"""A participant's tap while the database refuses writes: a StorageFault with the catalog's
message, and the scores given before it stay as they were.

The faults are the operating system's own, made in a process of its own so that nothing
of them leaks into the other tests:

- read-only: the database file and its folder lose their write permission. Root may
  write anyway (CAP_DAC_OVERRIDE), so as root the process runs without that capability
  (``setpriv``), as a server should;
- no more room: a file-size limit (RLIMIT_FSIZE) just above what the files hold now,
  which any account may set for itself; SQLite reports the refused write (EFBIG, as for a
  quota, EDQUOT) as a write error, not as a full disk.

Each new thread of the process opens its own connection, as each page run of the app
server does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from decision.text.catalog import CATALOG

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = r"""
import json, os, resource, sys, threading
from pathlib import Path
from decision.errors import StorageFault
from decision.files.workshop_file import load_workshop
from decision.files import paths
from decision.store import open_store

fault, path = sys.argv[1], Path(sys.argv[2])
store = open_store(path)
wid = store.workshops.create(load_workshop(paths.EXAMPLE_WORKSHOP))
operator = store.access.grant_as_operator(wid)
store.access.set_pin(wid, "274193", grant=operator)
grant = store.access.grant_as_operator(wid)
code = store.live.open_round(wid, grant=grant).join_code
token, pid = store.live.join(code, "Fatima")
store.live.participant_write(token, "K01", "wensen", 4)
store.live.participant_write(token, "K02", "wensen", 2)

def in_new_thread(fn):
    # a page run of its own: a connection of its own
    out = {}
    def run():
        try:
            out["value"] = fn()
        except StorageFault as err:
            out["fault"] = [err.key, err.localized("nl"), str(err), repr(err.__cause__)]
    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    return out

def scores():
    w = store.workshops.load(wid).workshop
    return sorted([list(k), v] for k, v in w.scores.items() if k[0] == pid)

before = scores()
if fault == "read-only":
    os.chmod(path, 0o444)
    os.chmod(path.parent, 0o555)
else:
    limit = max(p.stat().st_size for p in path.parent.iterdir())
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
refused = in_new_thread(lambda: store.live.participant_write(token, "K03", "wensen", 5))
changed = in_new_thread(lambda: store.live.participant_write(token, "K01", "wensen", 1))
during = in_new_thread(scores)
if fault == "read-only":
    os.chmod(path.parent, 0o755)
    os.chmod(path, 0o644)
else:
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
after_fix = in_new_thread(lambda: store.live.participant_write(token, "K03", "wensen", 5))
print(json.dumps({"before": before, "refused": refused, "changed": changed, "during": during,
                  "after_fix": after_fix, "after": scores()}))
"""


def run_with_fault(fault: str, folder: Path) -> dict:
    prefix: list[str] = []
    if fault == "read-only" and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.fail("as root this test needs setpriv (util-linux) to give up CAP_DAC_OVERRIDE")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]
    folder.mkdir()
    done = subprocess.run(
        [*prefix, sys.executable, "-c", SCRIPT, fault, str(folder / "koppelkansen.db")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("fault", "key"), [("read-only", "storage_readonly"), ("file-size-limit", "storage_write_failed")]
)
def test_a_participants_tap_is_refused_plainly_and_earlier_scores_stay(tmp_path, fault, key):
    folder = tmp_path / "opslag"
    seen = run_with_fault(fault, folder)
    for refused in (seen["refused"], seen["changed"]):
        assert "value" not in refused, f"the write went through: {refused}"
        got_key, nl, en, cause = refused["fault"]
        assert got_key == key
        assert (nl, en) == CATALOG[f"error.{key}"]
        for text in (nl, en):
            assert str(folder) not in text and "sqlite" not in text.lower()
        assert "Error" in cause  # the driver's error is kept for the server's log
    assert len(seen["before"]) == 2
    assert seen["during"]["value"] == seen["before"], "reading goes on, and nothing changed"
    assert "value" in seen["after_fix"], seen["after_fix"]
    assert seen["after"] == sorted([*seen["before"], [[seen["before"][0][0][0], "K03", "wensen"], 5]])
