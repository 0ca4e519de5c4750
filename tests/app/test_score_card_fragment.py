"""The score cards are fragments: a tap reruns the card, saves, and shows what it saved.

On a served app (a real ``streamlit run``, spoken to in Streamlit's own websocket
protocol, as a browser does, see ``benchmarks/streamlit_protocol.py``):

- on the phone, a tap reruns only its question (a fragment inside the card's
  fragment), the tapped level comes back chosen and the store has it; the tap
  that answers a koppelkans's last criterion redraws the page once, so the
  progress above the card counts it at once;
- on Scoren, an answer reruns only the card while the card stays as complete as
  it was; the answer that completes the card reruns the whole page once, so the
  ✓ in the list of koppelkansen and the progress under the card follow.

AppTest always reruns the whole page, so it cannot tell a fragment run from a
full one; the same behaviour through AppTest (what is saved and shown) is in
``test_participant_phone.py`` and ``test_scoren.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.app_timing import serve
from benchmarks.streamlit_protocol import Run, Session
from decision.domain.model import Participant
from decision.files.workshop_file import load_workshop
from decision.store import open_store
from tests.app.conftest import EXAMPLE
from tests.conftest import grant_of, protect
from ui.catalog import t
from ui.participant import COOKIE_NAME
from ui.text import md

PIN = "274193"
KANS = "K01"
NEWCOMER = Participant("nieuw", "Noor Nieuw", "bewoner")  # no scores yet; first, so Scoren opens on them


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    db = tmp_path_factory.mktemp("served") / "koppelkansen.db"
    open_store(db)  # the schema, before the server opens it
    with serve(db) as url:
        yield url, db


def run(coroutine):
    return asyncio.run(coroutine)


def criteria_of(db: Path, wid: str) -> list[str]:
    """The criteria asked: the example's kosten and tijd are filled in from the inventory."""
    return [c.id for c in open_store(db).workshops.load(wid).workshop.criteria if c.fact is None]


def progress_texts(result: Run) -> list[str]:
    return [p.text for p in result.of_kind("progress")]


# -- the phone --------------------------------------------------------------------------------
@pytest.fixture
def phone(served) -> tuple[str, Path, str, str, str]:
    url, db = served
    store = open_store(db)
    wid = store.workshops.create(load_workshop(EXAMPLE))
    protect(store, wid, PIN)
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    token, pid = store.live.join(code, "Anna", "Bewoner")
    return url, db, wid, token, pid


def test_a_tap_on_the_phone_reruns_only_its_question_and_shows_the_saved_level(phone):
    url, db, wid, token, pid = phone

    async def scenario() -> tuple[Run, Run]:
        session = Session(url, {"t": token}, cookie=f"{COOKIE_NAME}={token}")
        first = await session.connect()
        tapped = await session.tap(f"pb_{KANS}_wensen_4")
        await session.close()
        return first, tapped

    first, tapped = run(scenario())
    assert not first.fragment_only  # opening the page runs all of it
    assert first.of_kind("heading")  # the greeting is part of the page, not of the card
    assert tapped.fragment_only
    assert tapped.elements and all(fragment for _, _, fragment in tapped.elements)
    assert {b.id.split("-", 2)[2] for b in tapped.of_kind("button")} == {
        f"pb_{KANS}_wensen_{level}" for level in (1, 2, 3, 4, 5, "dk")
    }  # the other questions, Vorige and Volgende are not sent again
    levels = {b.id.split("-", 2)[2]: b.type for b in tapped.of_kind("button") if "-pb_" in b.id}
    assert levels[f"pb_{KANS}_wensen_4"] == "primary"
    assert levels[f"pb_{KANS}_wensen_3"] == "secondary"
    assert open_store(db).workshops.load(wid).workshop.scores[(pid, KANS, "wensen")] == 4.0


def test_the_phone_progress_counts_a_koppelkans_as_soon_as_its_card_is_complete(phone):
    url, db, wid, token, _ = phone
    criteria = criteria_of(db, wid)
    total = len(open_store(db).workshops.load(wid).workshop.kans_ids)

    async def scenario() -> list[Run]:
        session = Session(url, {"t": token}, cookie=f"{COOKIE_NAME}={token}")
        await session.connect()
        runs = [await session.tap(f"pb_{KANS}_{cid}_3") for cid in criteria]
        await session.close()
        return runs

    *before_complete, completing = run(scenario())
    for result in before_complete:
        assert result.fragment_only
        assert not progress_texts(result)  # only the question tapped is drawn again
    assert not completing.fragment_only  # the card is complete: the page follows, once
    assert progress_texts(completing) == [t("participant.progress", "nl", done=1, total=total)]


# -- Scoren -----------------------------------------------------------------------------------
@pytest.fixture
def scoren(served) -> tuple[str, Path, str]:
    url, db = served
    example = load_workshop(EXAMPLE)
    wid = open_store(db).workshops.create(replace(example, participants=(NEWCOMER, *example.participants)))
    return url, db, wid


def answer_key(session: Session, cid: str) -> str:
    """The newest radio of one question (its key ends with the stored version)."""
    keys = session.keys(f"s_{NEWCOMER.id}_{KANS}_{cid}_")
    return max(keys, key=lambda k: int(k.rsplit("_", 1)[1]))


def newcomer_progress(result: Run) -> list[str]:
    return [text for text in progress_texts(result) if text.startswith(md(NEWCOMER.name))]


def test_an_answer_on_scoren_reruns_only_the_card_until_the_card_is_complete(scoren):
    url, db, wid = scoren
    criteria = criteria_of(db, wid)

    async def scenario() -> tuple[Run, list[Run]]:
        session = Session(url, {"w": wid}, page_name="scoren")
        first = await session.connect()
        runs = [await session.choose(answer_key(session, cid), 2) for cid in criteria]
        await session.close()
        return first, runs

    first, runs = run(scenario())
    total = len(criteria) * len(open_store(db).workshops.load(wid).workshop.kans_ids)
    row = "scoren.progress_row"
    name = md(NEWCOMER.name)
    assert newcomer_progress(first) == [t(row, "nl", name=name, answered=0, total=total, dont_know=0)]
    *before_complete, completing = runs
    for answered, result in enumerate(before_complete, start=1):
        assert result.fragment_only
        assert not newcomer_progress(result)  # the progress, outside the card, is not redrawn
        radios = {r.id.split("-", 2)[2].rsplit("_", 1)[0]: r for r in result.of_kind("radio")}
        chosen = radios[f"s_{NEWCOMER.id}_{KANS}_{criteria[answered - 1]}"]
        assert chosen.HasField("default") and chosen.default == 2  # the level saved, shown chosen
    # the last answer completes the card: the whole page follows, once
    assert not completing.fragment_only
    assert newcomer_progress(completing) == [
        t(row, "nl", name=name, answered=len(criteria), total=total, dont_know=0)
    ]
    kansen = completing.of_kind("selectbox")
    assert any(option.startswith(f"✓ {KANS}") for box in kansen for option in box.options)
    saved = open_store(db).workshops.load(wid).workshop.scores
    assert all(saved[(NEWCOMER.id, KANS, cid)] == 3.0 for cid in criteria)
