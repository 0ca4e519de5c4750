"""A browser tab as Streamlit's server sees it: a websocket client that speaks its protocol.

Used by ``benchmarks/taps.py`` to time taps of many phones at once, and by the tests
that check which part of a page a tap reruns (``tests/app/test_score_card_fragment.py``).
No browser draws anything: a :class:`Session` connects to ``/_stcore/stream``,
sends the ``BackMsg`` a browser sends (``rerun_script`` with the state of the
tapped widget, and the fragment it sits in, as Streamlit's frontend does) and
collects the ``ForwardMsg``s of that run until its ``script_finished``.

Widgets are found by their key: the id Streamlit gives a keyed widget ends with
it (``$$ID-<hash>-<key>``).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

# a run that takes longer than this is a failure, not a figure
RERUN_TIMEOUT_S = 120.0
CONNECTION_LOST = -1  # put in place of a run's status when the websocket closed


@dataclass
class Widget:
    id: str
    fragment_id: str  # the fragment the widget was drawn in ("" outside any)
    proto: Any = None  # the element as last sent (its options, its type)


@dataclass
class Run:
    """What one rerun sent back: its elements (kind, proto, fragment id) and how it ended."""

    elements: list[tuple[str, Any, str]] = field(default_factory=list)
    status: int | None = None
    ms: float = 0.0

    @property
    def fragment_only(self) -> bool:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        return self.status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY

    def of_kind(self, kind: str) -> list[Any]:
        return [proto for k, proto, _ in self.elements if k == kind]


@dataclass
class Session:
    """One browser tab: a websocket, the widgets it was sent, and its reruns."""

    url: str
    query: dict[str, str]
    page_name: str = ""
    cookie: str = ""
    widgets: dict[str, Widget] = field(default_factory=dict)  # user key -> widget
    page_script_hash: str = ""
    errors: list[str] = field(default_factory=list)
    last: Run = field(default_factory=Run)

    async def connect(self) -> Run:
        import websockets
        from websockets.typing import Subprotocol

        address = self.url.replace("http://", "ws://") + "/_stcore/stream"
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self._ws = await websockets.connect(
            address,
            subprotocols=[Subprotocol("streamlit")],
            additional_headers=headers,
            max_size=None,
            # a busy server answers pings late; a browser does not drop the page for that either
            ping_interval=None,
        )
        self._finished: asyncio.Queue[int] = asyncio.Queue()
        self._reader = asyncio.create_task(self._read())
        return await self.rerun([])  # what a browser sends once connected: the first run

    async def close(self) -> None:
        self._reader.cancel()
        await self._ws.close()

    async def _read(self) -> None:

        try:
            await self._read_messages()
        except Exception as err:  # noqa: BLE001 - handed to whoever waits for a run
            self.errors.append(f"connection lost: {type(err).__name__}: {err}")
        await self._finished.put(CONNECTION_LOST)

    async def _read_messages(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        async for data in self._ws:
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.page_script_hash = msg.new_session.page_script_hash
            elif kind == "navigation":
                self.page_script_hash = msg.navigation.page_script_hash
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._remember(msg.delta.new_element, msg.delta.fragment_id)
            elif kind == "script_finished":
                await self._finished.put(msg.script_finished)

    def _remember(self, element: Any, fragment_id: str) -> None:
        kind = element.WhichOneof("type")
        proto = getattr(element, kind, None) if kind else None
        if proto is None:
            return
        self.last.elements.append((kind, proto, fragment_id))
        widget_id = getattr(proto, "id", "")
        if isinstance(widget_id, str) and widget_id.startswith("$$ID-") and widget_id.count("-") >= 2:
            key = widget_id.split("-", 2)[2]
            if key and key != "None":
                self.widgets[key] = Widget(widget_id, fragment_id, proto)

    async def rerun(self, states: list, fragment_id: str = "") -> Run:
        """Send one rerun request and wait until its script (or fragment) run has finished."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        client = msg.rerun_script
        client.query_string = urlencode(self.query)
        client.page_script_hash = self.page_script_hash
        client.page_name = self.page_name
        client.fragment_id = fragment_id
        client.widget_states.widgets.extend(states)
        self.last = run = Run()
        start = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        while True:
            status = await asyncio.wait_for(self._finished.get(), RERUN_TIMEOUT_S)
            if status == CONNECTION_LOST:
                raise ConnectionError("; ".join(self.errors) or "the server closed the connection")
            # a run that ended early for another rerun (st.rerun) is followed by that rerun
            if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                break
        run.ms = (time.perf_counter() - start) * 1000
        run.status = status
        if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            self.errors.append("the script did not compile")
        return run

    async def tap(self, key: str) -> Run:
        """Press a button, as the browser sends it: a trigger for that one widget."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        widget = self.widgets[key]
        return await self.rerun([WidgetState(id=widget.id, trigger_value=True)], widget.fragment_id)

    async def choose(self, key: str, index: int) -> Run:
        """Pick an option of a radio or selectbox, as the browser sends it: the option's label."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        widget = self.widgets[key]
        label = widget.proto.options[index]
        return await self.rerun([WidgetState(id=widget.id, string_value=label)], widget.fragment_id)

    def keys(self, prefix: str) -> list[str]:
        return [k for k in self.widgets if k.startswith(prefix)]

    def address(self) -> str:
        return f"{self.url}/?{urlencode(self.query)}"
