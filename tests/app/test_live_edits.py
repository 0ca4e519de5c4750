"""A facilitator editing while participants score: nobody's work is lost.

The page is drawn, then participants join and score (as on their phones), and
only then does the facilitator's edit arrive. The edit must change what the
facilitator changed and nothing else; undo must take back only that edit.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import grant_of, protect
from ui.state import GRANTS_KEY

PIN = "274193"


def _editor_page():
    """A page like the inventory editor: it draws from the workshop, and its callback
    builds the edited workshop from what it drew."""
    from dataclasses import replace

    import streamlit as st

    from ui import state

    drawn = state.current_stored()
    state.remember_rendered(drawn)
    w = drawn.workshop

    def edit() -> None:
        state.commit(w.with_kans(replace(w.kans("K01"), description="bewerkt tijdens de ronde")))

    st.button("bewerk", on_click=edit)


def test_an_edit_built_from_the_drawn_page_keeps_late_joiners_and_their_scores(store, wid):
    protect(store, wid, PIN)
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    at = AppTest.from_function(_editor_page)
    at.session_state["w"] = wid
    at.session_state[GRANTS_KEY] = {wid: grant_of(store, wid)}  # the facilitator entered the PIN
    at.run()
    token, pid = store.live.join(code, "Laatkomer", "bewoner")  # after the page was drawn
    store.live.participant_write(token, "K01", "wensen", 4.0)
    at.button[0].click().run()
    assert not at.exception
    saved = store.workshops.load(wid).workshop
    assert saved.kans("K01").description == "bewerkt tijdens de ronde"
    assert pid in saved.participant_ids
    assert saved.scores[(pid, "K01", "wensen")] == 4.0
    assert store.live.participant_session(token).participant.id == pid


def test_editing_a_koppelkans_keeps_participants_who_joined_after_the_page_was_drawn(store, wid, app, submit):
    protect(store, wid, PIN)
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    at = app("koppelkansen", wid, unlocked={wid})
    token, pid = store.live.join(code, "Laatkomer", "bewoner")
    store.live.participant_write(token, "K01", "wensen", 4.0)
    name_key = next(
        t.key for t in at.text_input if t.key and t.key.startswith("kf_K01") and t.key.endswith("name")
    )
    at.text_input(key=name_key).input("Nieuwe naam")
    at = submit(at, "kans_form_K01")
    assert not at.exception
    saved = store.workshops.load(wid).workshop
    assert saved.kans("K01").name == "Nieuwe naam"
    assert pid in saved.participant_ids
    assert saved.scores[(pid, "K01", "wensen")] == 4.0
    assert store.live.participant_session(token).participant.id == pid  # their link still works


def test_undo_takes_back_only_the_facilitators_own_edit(store, wid, app):
    before = store.workshops.load(wid).workshop
    at = app("ambitie", wid)
    slider = next(s.key for s in at.slider if s.key == "wd_ambitie")
    at = at.slider(key=slider).set_value(60).run()
    edited = store.workshops.load(wid).workshop
    assert edited.criterion("ambitie").weight == 60
    # meanwhile someone else changes a score (a participant, or a second screen)
    store.workshops.set_scores(wid, {("P1", "K01", "wensen"): 1.0})
    at = at.button(key="undo").click().run()
    assert not at.exception
    undone = store.workshops.load(wid).workshop
    assert undone.criterion("ambitie").weight == before.criterion("ambitie").weight
    assert undone.scores[("P1", "K01", "wensen")] == 1.0


def test_after_a_revote_the_live_page_shows_round_one_next_to_now(store, wid, app, shown):
    protect(store, wid, PIN)
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    token, pid = store.live.join(code, "Herstemmer", "bewoner")
    for criterion in ("wensen", "kosten", "tijd", "risico", "ambitie"):
        store.live.participant_write(token, "K04", criterion, 1.0 if criterion == "wensen" else 3.0)
    store.live.close_round(wid, grant=grant_of(store, wid))
    store.live.open_round(wid, grant=grant_of(store, wid))  # round 2: after the discussion
    store.live.participant_write(token, "K04", "wensen", 5.0)
    at = app("ronde", wid, unlocked={wid})
    assert not at.exception
    assert "Voor en na: ronde 1 en nu" in shown(at)
    table = next(df.value for df in at.dataframe if "Rang ronde 1" in df.value.columns)
    row = table[table["Naam"] == store.workshops.load(wid).workshop.kans("K04").name].iloc[0]
    # K04's score went up between the rounds (one participant raised 'wensen' from 1 to 5)
    assert int(row["Score nu"]) > int(row["Score ronde 1"])
