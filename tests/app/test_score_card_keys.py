"""An answer on Scoren's score card keeps its widget while that widget shows what is stored.

Spoken to in Streamlit's own websocket protocol, as a browser does (see
``benchmarks/streamlit_protocol.py``): a click on the next question that a browser sends
while the card is being drawn again after the previous answer names the widget as it was
drawn before. That widget must still be the card's, or the click is lost; and an answer
saved elsewhere must still replace what the card shows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.app_timing import serve
from benchmarks.streamlit_protocol import Session
from decision.domain.model import Participant
from decision.files.workshop_file import load_workshop
from decision.store import open_store
from tests.app.conftest import EXAMPLE

KANS = "K01"
NEWCOMER = Participant("nieuw", "Noor Nieuw", "bewoner")  # no scores yet; first, so Scoren opens on them


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    db = tmp_path_factory.mktemp("served_keys") / "koppelkansen.db"
    open_store(db)  # the schema, before the server opens it
    with serve(db) as url:
        yield url, db


@pytest.fixture
def scoren(served) -> tuple[str, Path, str, list[str]]:
    url, db = served
    example = load_workshop(EXAMPLE)
    wid = open_store(db).workshops.create(replace(example, participants=(NEWCOMER, *example.participants)))
    return url, db, wid, list(example.criterion_ids)


def answer_key(session: Session, cid: str) -> str:
    """The key of the question's radio as the last run drew it."""
    prefix = f"s_{NEWCOMER.id}_{KANS}_{cid}_"
    drawn = [p.id.split("-", 2)[2] for p in session.last.of_kind("radio")]
    (key,) = [k for k in drawn if k.startswith(prefix)]  # one widget per question
    return key


def stored_scores(db: Path, wid: str) -> dict:
    return dict(open_store(db).workshops.load(wid).workshop.scores)


def test_a_click_sent_for_the_card_as_drawn_before_the_last_answer_is_saved(scoren):
    url, db, wid, criteria = scoren
    first, second, third = criteria[:3]

    async def scenario() -> tuple[str, str, str]:
        session = Session(url, {"w": wid}, page_name="scoren")
        await session.connect()
        drawn = session.widgets[answer_key(session, second)]
        await session.choose(answer_key(session, first), 1)
        after_first = answer_key(session, second)
        # the browser still shows the card as it was: the click names that widget
        await session.rerun([_choice(drawn, 3)], drawn.fragment_id)
        after_second = answer_key(session, second)
        await session.choose(answer_key(session, third), 0)
        await session.close()
        return drawn.id.split("-", 2)[2], after_first, after_second

    drawn_key, after_first, after_second = asyncio.run(scenario())
    assert after_first == drawn_key  # the first answer did not replace the next question
    assert after_second == drawn_key  # nor did its own answer
    saved = stored_scores(db, wid)
    assert saved[(NEWCOMER.id, KANS, first)] == 2.0
    assert saved[(NEWCOMER.id, KANS, second)] == 4.0
    assert saved[(NEWCOMER.id, KANS, third)] == 1.0


def test_an_answer_saved_elsewhere_replaces_the_one_the_card_shows(scoren):
    url, db, wid, criteria = scoren
    first, second = criteria[:2]

    async def scenario() -> tuple[str, str, object]:
        session = Session(url, {"w": wid}, page_name="scoren")
        await session.connect()
        await session.choose(answer_key(session, first), 1)
        before = answer_key(session, first)
        # another tab (or the table view) saves another level for the same question
        store = open_store(db)
        store.workshops.set_scores(wid, {(NEWCOMER.id, KANS, first): 5.0}, [], grant=None)
        await session.choose(answer_key(session, second), 0)
        after = answer_key(session, first)
        shown = session.widgets[after].proto
        await session.close()
        return before, after, shown

    before, after, shown = asyncio.run(scenario())
    assert after != before  # a new widget, drawn from the store
    assert shown.HasField("default") and list(shown.options)[shown.default].startswith("5 ")
    assert stored_scores(db, wid)[(NEWCOMER.id, KANS, first)] == 5.0


def _choice(widget, index: int):
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return WidgetState(id=widget.id, string_value=widget.proto.options[index])
