"""Something fails that no page handled: the user reads a message with a reference, never a traceback.

The reference (``K-7F3A2C``) is what a facilitator reads out to whoever runs the
server; it must be in the server's log next to the full traceback, and nothing of
the exception (its type, its text, a server path) may be on the page. A failing
database keeps its own message. Streamlit's own control flow (``st.rerun``,
``st.stop``) must pass the guard as if it were not there.

Failures come from real places where possible: a workshop document in the database
that is damaged (as by a disk error or a hand edit) makes the YAML reader raise
its own error, which nothing in the app expects.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3

import pytest
from streamlit.testing.v1 import AppTest

from decision.errors import StorageFault
from ui.catalog import t

REFERENCE = re.compile(r"K-[0-9A-F]{6}")
DAMAGED_DOCUMENT = "workshop: {naam: 'Kastanjehof'\nkoppelkansen: [\n"  # cut off halfway


def damage_document(workshop_id: str) -> None:
    with sqlite3.connect(os.environ["KOPPELKANSEN_DB"]) as conn:
        conn.execute(
            "UPDATE workshops SET document = ?, document_version = document_version + 1 WHERE id = ?",
            (DAMAGED_DOCUMENT, workshop_id),
        )


def the_reference(message: str) -> str:
    found = REFERENCE.findall(message)
    assert len(found) == 1, message
    return found[0]


def logged_with(caplog: pytest.LogCaptureFixture, reference: str) -> logging.LogRecord:
    records = [r for r in caplog.records if r.name == "koppelkansen" and reference in r.getMessage()]
    assert len(records) == 1, [r.getMessage() for r in caplog.records]
    (record,) = records
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None  # the traceback, for the operator
    return record


def test_a_damaged_workshop_shows_a_message_with_a_reference_and_logs_the_traceback(
    app, wid, shown, tmp_path, caplog
):
    damage_document(wid)
    with caplog.at_level(logging.ERROR, logger="koppelkansen"):
        at = app("resultaten", wid)
    assert not at.exception  # no Streamlit exception box
    (message,) = [e.value for e in at.error]
    reference = the_reference(message)
    assert message == t("errors.page_failed", "nl", reference=reference)
    record = logged_with(caplog, reference)
    failure = record.exc_info[1] if record.exc_info else None
    assert type(failure).__module__.startswith("yaml")  # what really failed is in the log...
    page = shown(at)
    for detail in ("yaml", "Traceback", 'File "', "line 2", str(tmp_path), "koppelkansen:"):
        assert detail not in page  # ...and none of it on the page


def test_the_message_is_in_the_readers_language(app, wid):
    damage_document(wid)
    at = app("start", wid, lang="en")
    (message,) = [e.value for e in at.error]
    assert message == t("errors.page_failed", "en", reference=the_reference(message))


def test_every_failure_gets_a_reference_of_its_own(app, wid):
    damage_document(wid)
    at = app("resultaten", wid)
    first = the_reference(at.error[0].value)
    at.run()
    assert the_reference(at.error[0].value) != first


def test_an_error_with_a_server_path_in_its_text_shows_none_of_it(app, monkeypatch, shown):
    def failing_switch() -> None:
        raise RuntimeError("cannot open /srv/koppelkansen/private/koppelkansen.db: permission denied")

    monkeypatch.setattr("ui.sidebar.presentation_switch", failing_switch)
    at = app("start")
    assert not at.exception
    page = shown(at)
    assert "/srv/koppelkansen" not in page and "RuntimeError" not in page and "permission" not in page
    the_reference(at.error[0].value)


def test_a_failing_database_keeps_its_own_message_without_a_reference(app, wid, monkeypatch, caplog):
    def full_disk(*args: object, **kwargs: object) -> None:
        raise StorageFault("storage_full")

    monkeypatch.setattr("ui.sidebar.presentation_switch", full_disk)
    with caplog.at_level(logging.ERROR, logger="koppelkansen"):
        at = app("start", wid)
    assert not at.exception
    assert [e.value for e in at.error] == [t("error.storage_full", "nl")]
    assert not REFERENCE.search(at.error[0].value)
    assert any(r.name == "koppelkansen" and "storage_full" in r.getMessage() for r in caplog.records)


def test_a_page_that_stops_for_want_of_a_workshop_is_not_an_error(app):
    # layout.page() ends the run with st.stop() when no workshop is open
    at = app("resultaten")
    assert not at.exception and not at.error
    assert t("layout.no_workshop", "nl") in [i.value for i in at.info]


# -- the guard itself, in a page of its own ------------------------------------------------------


def _control_flow_page() -> None:
    import streamlit as st

    from ui.errors import page_guard

    with page_guard():
        runs = st.session_state["runs"] = st.session_state.get("runs", 0) + 1
        if runs == 1:
            st.rerun()  # a second run at once; the first draws nothing more
        st.markdown(f"run {runs}")
        if st.session_state.get("stop"):
            st.stop()
        st.markdown("after stop")


def test_st_rerun_and_st_stop_pass_through_the_guard():
    at = AppTest.from_function(_control_flow_page).run()
    assert not at.exception and not at.error
    assert [m.value for m in at.markdown] == ["run 2", "after stop"]
    at.session_state["stop"] = True
    at.run()
    assert not at.exception and not at.error
    assert [m.value for m in at.markdown] == ["run 3"]


def _page_with_callbacks() -> None:
    import streamlit as st

    from decision.errors import StorageFault
    from ui.errors import guarded, page_guard

    def save(amount: int, *, unit: str) -> None:
        st.session_state["saved"] = f"{amount} {unit}"
        if amount == 2:
            raise KeyError("kansen/K002 at /srv/koppelkansen/app.py")
        if amount == 3:
            raise StorageFault("storage_readonly")

    with page_guard():
        for amount, unit in ((1, "kans"), (2, "kansen"), (3, "kansen")):
            st.button(f"save {amount}", key=f"save{amount}", on_click=guarded(save), args=(amount,),
                      kwargs={"unit": unit})  # fmt: skip
        st.markdown(f"saved: {st.session_state.get('saved')}")


@pytest.fixture
def callbacks_page() -> AppTest:
    return AppTest.from_function(_page_with_callbacks).run()


def test_a_guarded_callback_gets_its_arguments_and_does_its_work(callbacks_page):
    at = callbacks_page.button(key="save1").click().run()
    assert not at.exception and not at.error
    assert at.markdown[0].value == "saved: 1 kans"


def test_a_failing_callback_is_told_at_the_top_of_the_next_run_and_the_page_still_renders(
    callbacks_page, caplog
):
    with caplog.at_level(logging.ERROR, logger="koppelkansen"):
        at = callbacks_page.button(key="save2").click().run()
    assert not at.exception
    (message,) = [e.value for e in at.error]
    reference = the_reference(message)
    assert message == t("errors.action_failed", "nl", reference=reference)
    assert "KeyError" not in message and "/srv" not in message
    record = logged_with(caplog, reference)
    assert "save" in record.getMessage()  # which callback failed
    # the page is drawn in full, below the message
    assert [b.key for b in at.button] == ["save1", "save2", "save3"]
    assert at.markdown[0].value == "saved: 2 kansen"
    first = next(iter(at.main.children.values()))
    assert first.type == "error" and first.value == message
    at.run()  # told once
    assert not at.error


def test_a_callback_whose_database_fails_is_told_so_in_its_own_words(callbacks_page):
    at = callbacks_page.button(key="save3").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("error.storage_readonly", "nl")]


def _page_with_a_guarded_fragment() -> None:
    import streamlit as st

    from ui.errors import page_guard

    @st.fragment
    def live_status() -> None:
        # a fragment can rerun on its own, outside app.py's guard: it carries one of its own
        with page_guard():
            st.markdown("status")
            raise OSError("/srv/koppelkansen/koppelkansen.db-wal: stale handle")

    with page_guard():
        live_status()
        st.markdown("below the fragment")


def test_a_fragment_with_a_guard_of_its_own_shows_the_message_in_its_place():
    at = AppTest.from_function(_page_with_a_guarded_fragment).run()
    assert not at.exception
    (message,) = [e.value for e in at.error]
    assert message == t("errors.page_failed", "nl", reference=the_reference(message))
    assert [m.value for m in at.markdown] == ["status", "below the fragment"]


def _page_with_an_unguarded_fragment() -> None:
    import streamlit as st

    from ui.errors import page_guard

    @st.fragment
    def live_status() -> None:
        raise OSError("stale handle")

    with page_guard():
        live_status()


def test_a_fragment_without_a_guard_is_left_to_streamlit_which_already_showed_it():
    # Streamlit draws (redacted, by config.toml) its notice in the fragment's place and ends the
    # run with an exception of its own; the page's guard must not add a second message
    at = AppTest.from_function(_page_with_an_unguarded_fragment).run()
    assert len(at.exception) == 1 and not at.error
