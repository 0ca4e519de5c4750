"""Killed mid-stream: a score that was acknowledged is in the database.

A participant's phone is told "saved" only after ``participant_write`` returns. These
tests kill the writing process with SIGKILL (no clean-up of any kind) while it writes,
then open the database again: every acknowledged score must be there with its
value, nothing half-written may show, and SQLite's integrity check must pass.

The last test does the same to the real app server: it joins and scores through the
server's own pages, kills the server, starts it again on the same database and
checks that everything is still there and served.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from scoring_sessions import PIN, wijkkompas_workshop, writer_value

from tests.conftest import grant_of, protect

SESSIONS = Path(__file__).with_name("scoring_sessions.py")
ROOT = Path(__file__).resolve().parents[3]
WRITERS = 6
N_KANSEN = 15


def parse_value(text: str) -> float | None:
    return None if text == "None" else float(text)


def replay(steps, participant: int, pid: str, w) -> tuple[dict, int]:
    """The scores of one participant after these writes, and how many changed a value
    (each change is one besluitlog entry, written in the same transaction)."""
    scores: dict = {}
    changes = 0
    for step in steps:
        i, j, value = writer_value(participant, step, len(w.kans_ids), len(w.criterion_ids))
        key = (pid, w.kans_ids[i], w.criterion_ids[j])
        if scores.get(key, "absent") != value:
            changes += 1
        scores[key] = value
    return scores, changes


@pytest.mark.parametrize("kill_after", [200, 750, 1600])
@pytest.mark.slow  # starts and kills real processes
def test_acknowledged_scores_survive_sigkill(backend, kill_after):
    store = backend.open()
    wid = store.workshops.create(wijkkompas_workshop(N_KANSEN))
    protect(store, wid, PIN)
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    people = [store.live.join(code, f"Deelnemer {n}") for n in range(WRITERS)]
    w = store.workshops.load(wid).workshop
    store.close()

    child = subprocess.Popen(
        [sys.executable, str(SESSIONS), backend.address, *(f"{pid}:{token}" for token, pid in people)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    watchdog = threading.Timer(90, child.kill)
    watchdog.start()
    lines: list[str] = []
    try:
        assert child.stdout.readline().strip() == "READY", child.stderr.read()
        acks = 0
        while acks < kill_after:
            line = child.stdout.readline()
            if not line:
                break
            lines.append(line)
            acks += line.startswith("ACK ")
        assert acks == kill_after, f"the writer stopped early: {lines[-3:]} {child.stderr.read()}"
        os.kill(child.pid, signal.SIGKILL)  # mid-stream: its threads are writing
        # whatever it printed before it died was acknowledged too
        lines.extend(child.stdout.readlines())
        child.wait(30)
    finally:
        watchdog.cancel()
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    assert not [line for line in lines if not line.startswith("ACK ")], "the writer reported an error"

    acked: dict[str, list[tuple[str, str, float | None]]] = {pid: [] for _, pid in people}
    for line in lines:
        _, pid, kans, criterion, value = line.split()
        acked[pid].append((kans, criterion, parse_value(value)))
    assert sum(map(len, acked.values())) >= kill_after

    fresh = backend.open()  # a new process would do the same: open, recover the WAL
    if backend.name == "sqlite":
        assert backend.query("PRAGMA integrity_check") == [("ok",)]
    stored = fresh.workshops.load(wid).workshop.scores
    logged = dict(
        backend.query(
            "SELECT actor, count(*) FROM log WHERE workshop_id = ? AND action = 'score' GROUP BY actor",
            wid,
        )
    )
    in_flight = 0
    for participant, (_, pid) in enumerate(people):
        steps = len(acked[pid])
        # each writer's acknowledgements are its own writes, in order
        for step, (kans, criterion, value) in enumerate(acked[pid]):
            i, j, expected = writer_value(participant, step, N_KANSEN, len(w.criterion_ids))
            assert (kans, criterion, value) == (w.kans_ids[i], w.criterion_ids[j], expected)
        mine = {key: value for key, value in stored.items() if key[0] == pid}
        # what was acknowledged is there; at most the one write in flight went further
        acknowledged = replay(range(steps), participant, pid, w)
        one_more = replay(range(steps + 1), participant, pid, w)
        state = (mine, logged.get(pid, 0))
        assert state in (acknowledged, one_more), f"{pid}: {steps} acknowledged writes not all stored"
        in_flight += state != acknowledged
    assert set(stored) <= {(pid, k, c) for _, pid in people for k in w.kans_ids for c in w.criterion_ids}
    assert in_flight <= WRITERS
    # and the store takes writes again after the crash
    fresh.live.participant_write(people[0][0], "K01", "wensen", 3)
    assert fresh.workshops.load(wid).workshop.scores[(people[0][1], "K01", "wensen")] == 3.0


# -- the real app server -----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run app.py`` on its own port, on the database at the given address."""

    def __init__(self, address: str, log: Path) -> None:
        self.port = free_port()
        env = {**os.environ, "KOPPELKANSEN_DB": address}
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "app.py",
                "--server.port", str(self.port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none",
            ],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait_healthy(self, timeout: float = 45) -> None:
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.port}/_stcore/health"
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server stopped"
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200 and response.read().strip() == b"ok":
                        return
            except OSError:
                pass
            time.sleep(0.2)
        pytest.fail("the server did not come up")

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(30)
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(30)
        self.log.close()


class Session:
    """One browser tab, spoken to in the app's own websocket protocol: every call
    runs the page once (with the given widget values) and returns what it rendered."""

    def __init__(self, port: int, query_string: str) -> None:
        self.url = f"ws://127.0.0.1:{port}/_stcore/stream"
        self.query_string = query_string
        self.widgets: dict[str, str] = {}

    def __enter__(self) -> Session:
        from websockets.sync.client import connect

        self._connection = connect(self.url, subprotocols=["streamlit"], max_size=None)
        self.ws = self._connection.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._connection.__exit__(*exc)

    def run(self, states=()) -> list:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = self.query_string
        msg.rerun_script.widget_states.widgets.extend(states)
        self.ws.send(msg.SerializeToString())
        received = []
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(self.ws.recv(timeout=30))
            received.append(forward)
            kind = forward.WhichOneof("type")
            if kind == "page_info_changed":
                self.query_string = forward.page_info_changed.query_string
            if kind == "script_finished":
                break
        self.widgets = {}
        for forward in received:
            if forward.WhichOneof("type") == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                widget_id = getattr(getattr(element, element.WhichOneof("type")), "id", "")
                if widget_id.startswith("$$ID-"):
                    self.widgets[widget_id.split("-", 2)[2]] = widget_id
        return received

    def widget(self, key: str) -> str:
        found = [wid for k, wid in self.widgets.items() if k == key or k.startswith(key)]
        assert len(found) == 1, f"no single widget {key!r} on the page: {sorted(self.widgets)}"
        return found[0]

    @staticmethod
    def text(received) -> str:
        return "\n".join(str(m) for m in received)


@pytest.mark.slow  # starts and kills real processes
def test_the_app_server_killed_and_restarted_keeps_everything(backend, tmp_path):
    pytest.importorskip("websockets.sync.client")
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    store = backend.open()
    wid = store.workshops.create(wijkkompas_workshop(N_KANSEN, name="Kastanjehof live"))
    protect(store, wid, PIN)
    live_round = store.live.open_round(wid, grant=grant_of(store, wid))
    # two participants through the store, as another server process would write them
    (t1, p1), (t2, p2) = (
        store.live.join(live_round.join_code, "Eerste"),
        store.live.join(live_round.join_code, ""),
    )
    direct = {(p1, "K01", "wensen"): 4.0, (p1, "K02", "kosten"): None, (p2, "K15", "ambitie"): 1.0}
    for (pid, kans, criterion), value in direct.items():
        store.live.participant_write(t1 if pid == p1 else t2, kans, criterion, value)

    server = Server(backend.address, tmp_path / "server-1.log")
    try:
        server.wait_healthy()
        # a third joins on their phone, through the server's own join page
        with Session(server.port, f"code={live_round.join_code.lower()}") as phone:
            phone.run()
            phone.run(
                [
                    WidgetState(id=phone.widget("join_code"), string_value=live_round.join_code.lower()),
                    WidgetState(id=phone.widget("join_name"), string_value="Via de telefoon"),
                    WidgetState(id=phone.widget("join_save"), trigger_value=True),
                ]
            )
            assert phone.query_string.startswith("t="), "joining through the server gave no personal link"
            token = phone.query_string.split("t=", 1)[1].split("&", 1)[0]
            # and taps three answers; each tap is acknowledged when the page has run again
            taps = {"pb_K01_wensen_5": 5.0, "pb_K01_tijd_dk": None, "pb_K01_risico_2": 2.0}
            for key in taps:
                phone.run([WidgetState(id=phone.widget(key), trigger_value=True)])
        pid = store.live.participant_session(token).participant.id
        assert store.workshops.load(wid).workshop.scores[(pid, "K01", "wensen")] == 5.0  # the server wrote it
        store.live.participant_write(t1, "K03", "risico", 3)  # and writes go on while the server lives
        direct[(p1, "K03", "risico")] = 3.0
        server.kill()
    finally:
        server.stop()

    restarted = Server(backend.address, tmp_path / "server-2.log")
    try:
        restarted.wait_healthy()
        with Session(restarted.port, f"t={token}") as phone:
            page = phone.text(phone.run())
        assert "Via de telefoon" in page and "Kastanjehof live" in page  # the restarted server serves it
    finally:
        restarted.stop()

    if backend.name == "sqlite":
        assert backend.query("PRAGMA integrity_check") == [("ok",)]
    after = backend.open()
    loaded = after.workshops.load(wid).workshop
    assert loaded.name == "Kastanjehof live" and len(loaded.kansen) == N_KANSEN
    assert [(p.id, p.name) for p in loaded.participants] == [
        (p1, "Eerste"),
        (p2, ""),
        (pid, "Via de telefoon"),
    ]
    expected = dict(direct)
    expected.update({(pid, "K01", key.split("_")[2]): value for key, value in taps.items()})
    assert dict(loaded.scores) == expected
    again = after.live.latest_round(wid)
    assert (again.number, again.join_code, again.is_open) == (1, live_round.join_code, True)
    assert after.live.participant_session(token).can_write
