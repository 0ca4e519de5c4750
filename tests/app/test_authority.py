"""Facilitator authority through Streamlit's real runtime: the attacks of the security review.

An attacker on the same network opens a workshop of their own, switches the
sidebar picker to a PIN-protected workshop and, in the same click, presses a button
still on screen from their own workshop. Streamlit runs widget callbacks before
the page script (where the PIN question lives), in the order the browser sends
the widget states, so a callback must never write to whatever workshop is open
by then. AppTest sends widget states as a browser does; the reversed order is the
attacker's forged one.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

from decision.domain.operations import PROPOSAL_STATUS
from tests.app.conftest import APP, TIMEOUT, page
from tests.conftest import TEST_PIN, protect
from ui.state import GRANTS_KEY, PICKER_KEY


@pytest.fixture
def victim(store, example) -> str:
    """Someone else's workshop, protected by its PIN."""
    wid = store.workshops.create(example)
    protect(store, wid)
    return wid


def own_workshop(at: AppTest) -> str:
    """The attacker's own workshop, made in their browser (so they are its facilitator)."""
    at.button(key="open_example").click().run()
    assert not at.exception
    return at.session_state["w"]


def reversed_widget_order(at: AppTest) -> None:
    """Send this run's widget states in the reverse of the browser's order."""
    tree = at._tree
    original = tree.get_widget_states

    def forged():
        states = original()
        widgets = list(states.widgets)
        del states.widgets[:]
        states.widgets.extend(reversed(widgets))
        return states

    tree.get_widget_states = forged  # type: ignore[method-assign]


@pytest.mark.parametrize("order", ["browser", "forged"])
def test_a_stale_button_after_switching_workshops_never_writes_to_the_other(
    store, victim, order, monkeypatch
):
    # Protected workshops of others are no longer listed; list them anyway, as the picker
    # did when the bypass was found, to see that the write itself cannot go astray.
    monkeypatch.setattr("ui.sidebar.listable", lambda summaries, granted: list(summaries))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    mine = own_workshop(at)
    at.switch_page(page("besluit")).run()
    assert at.button(key="adopt")  # on screen, from the attacker's own workshop
    before = store.workshops.load(victim)
    at.sidebar.selectbox(key=f"{PICKER_KEY}_{mine}").set_value(victim)
    at.button(key="adopt").click()
    if order == "forged":
        reversed_widget_order(at)
    at.run()
    assert not at.exception
    assert store.workshops.load(victim) == before, "the protected workshop was changed"
    # the button did what it said, on the workshop it was drawn for
    adopted = [k for k in store.workshops.load(mine).workshop.kansen if k.status is PROPOSAL_STATUS]
    assert len(adopted) == 3
    # and the page now asks for the victim's PIN, showing nothing of it
    assert any("beschermd met een begeleiders-PIN" in i.value for i in at.info)


def _unbound_callback_page() -> None:
    """A page written the way the bypass worked: a callback that reads the open workshop
    when it runs, without being bound when drawn. Only the store stands in the way."""
    from dataclasses import replace

    import streamlit as st

    from ui import state

    def rename() -> None:
        w = state.current()
        if w is not None:
            state.commit(replace(w, name="Overgenomen"))

    st.selectbox("workshop", [st.session_state.get("own"), st.session_state.get("target")], key="pick")
    st.session_state["w"] = st.session_state.get("pick")
    st.button("hernoem", on_click=rename)
    st.write(st.session_state.get(state.FLASH_KEY, ""))


def test_the_store_refuses_and_logs_a_write_no_page_guarded(store, victim, example):
    own = store.workshops.create(example)  # open, so the attacker may edit it
    at = AppTest.from_function(_unbound_callback_page, default_timeout=TIMEOUT)
    at.session_state["own"], at.session_state["target"] = own, victim
    at.session_state["w"] = own
    at.run()
    at.selectbox(key="pick").set_value(victim)
    at.run()  # the callback below now reads the victim as the open workshop
    before = store.workshops.load(victim)
    at.button[0].click().run()
    assert not at.exception
    assert store.workshops.load(victim) == before
    assert store.log.entries(victim)[0].action == "write_refused"
    assert "Niet opgeslagen" in " ".join(m.value for m in at.markdown)


def test_a_forged_grant_of_another_workshop_does_not_open_this_one(store, victim, example, app, shown):
    other = store.workshops.create(example)
    protect(store, other, "908172")
    mine = store.access.check_pin(other, "908172", store_client()).grant
    at = app("besluit", victim, **{GRANTS_KEY: {victim: mine}})
    assert "beschermd met een begeleiders-PIN" in shown(at)
    assert "adopt" not in [b.key for b in at.button]


def store_client():
    from decision.store import Client

    return Client("tester")


def test_an_attackers_wrong_pins_do_not_lock_out_the_facilitator(victim, app, submit, shown):
    attacker = app("ambitie", victim)
    for n in range(8):
        attacker.text_input(key="pin_entry").input(f"{100000 + n}")
        attacker = submit(attacker, "pin_form")
    assert "Te veel foute pogingen" in shown(attacker)
    facilitator = app("ambitie", victim)  # another browser
    facilitator.text_input(key="pin_entry").input(TEST_PIN)
    facilitator = submit(facilitator, "pin_form")
    assert not facilitator.exception
    assert "beschermd met een begeleiders-PIN" not in shown(facilitator)
    assert len(facilitator.dataframe) > 0  # the criteria editor
    # the wrong attempts are in the besluitlog, for the facilitator to see
    log = app("besluitlog", victim, **{GRANTS_KEY: facilitator.session_state[GRANTS_KEY]})
    assert "Verkeerde PIN ingevoerd" in " ".join(str(d.value.to_string()) for d in log.dataframe)


def test_the_pin_typed_is_never_kept_in_the_form(victim, app, submit):
    at = app("ambitie", victim)
    at.text_input(key="pin_entry").input("999999")
    at = submit(at, "pin_form")
    assert at.text_input(key="pin_entry").value == ""


# -- the live flow is closed --------------------------------------------------------------------
def test_the_bare_address_leads_to_a_code_field_that_opens_the_join_page(store, victim, app, shown):
    code = store.live.open_round(victim, grant=_grant(store, victim)).join_code
    at = app("start")
    assert "Meedoen aan een scoreronde" in shown(at)
    at.text_input(key="start_code").input(code.lower().replace("-", " "))
    button = next(b for b in at.button if (b.key or "").startswith("FormSubmitter:start_join-"))
    at = button.click().run()
    assert not at.exception
    assert at.query_params["code"] == [code] or at.query_params["code"] == code
    assert at.text_input(key="join_code").value == code  # the participant's join form, filled in
    assert len(at.sidebar.selectbox) == 0  # no facilitator picker for a participant


def _grant(store, wid) -> str:
    from tests.conftest import grant_of

    grant = grant_of(store, wid)
    assert grant
    return grant


def test_strangers_see_neither_the_list_nor_the_upload_once_work_is_protected(
    store, victim, example, app, shown
):
    open_one = store.workshops.create(replace(example, name="Open werkplan"))  # an open workshop
    at = app("start")
    text = shown(at)
    assert "Ben je begeleider" in text
    assert "import_file" not in [u.key for u in at.get("file_uploader")]
    assert not [b for b in at.button if (b.key or "").startswith("open_") and b.key != "open_example"]
    # the picker lists only what is open by design, never the protected workshop
    assert [o.split(" · ")[0] for o in at.sidebar.selectbox[0].options] == ["Open werkplan"]
    at.sidebar.selectbox[0].set_value(open_one).run()
    assert at.session_state["w"] == open_one


def test_a_facilitator_sees_their_own_protected_workshop_listed_and_the_upload(store, victim, app):
    at = app("start", unlocked={victim})
    assert "import_file" in [u.key for u in at.get("file_uploader")]
    assert at.button(key=f"open_{victim}")


def test_a_server_with_nothing_protected_shows_everything(store, example, app):
    first = store.workshops.create(example)
    at = app("start")
    assert at.button(key=f"open_{first}")
    assert "import_file" in [u.key for u in at.get("file_uploader")]


def test_only_the_creator_can_set_the_first_pin(store, example, app, submit, shown):
    creator = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    wid = own_workshop(creator)
    stranger = app("ronde", wid)  # the open workshop's address, in another browser
    assert "Alleen wie deze workshop heeft aangemaakt" in shown(stranger)
    assert not [b for b in stranger.button if (b.key or "").startswith("FormSubmitter:set_pin-")]
    creator.switch_page(page("ronde")).run()
    creator.text_input(key="new_pin").input("58 20 31")
    creator.text_input(key="new_pin_again").input("582031")
    creator = submit(creator, "set_pin")
    assert not creator.exception
    assert store.access.has_pin(wid)
    assert "De PIN is ingesteld" in shown(creator)
    assert store.access.check_pin(wid, "582031", store_client()).ok


@pytest.mark.parametrize("weak", ["1234", "111111", "123456", "qwerty"])
def test_a_weak_first_pin_is_refused_with_the_reason(store, weak, submit, shown):
    creator = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    wid = own_workshop(creator)
    creator.switch_page(page("ronde")).run()
    creator.text_input(key="new_pin").input(weak)
    creator.text_input(key="new_pin_again").input(weak)
    creator = submit(creator, "set_pin")
    assert not store.access.has_pin(wid)
    assert "te makkelijk te raden" in shown(creator) or "minstens 6 tekens" in shown(creator)


def test_the_facilitator_link_opens_the_workshop_without_the_pin_and_leaves_the_url(store, example, shown):
    owned = store.workshops.create_owned(example)
    protect(store, owned.workshop_id)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["w"], at.query_params["f"] = owned.workshop_id, owned.link_secret
    at.switch_page(page("ambitie")).run()
    assert not at.exception
    assert "f" not in at.query_params
    assert "beschermd met een begeleiders-PIN" not in shown(at)
    assert len(at.dataframe) > 0


def test_a_wrong_facilitator_link_says_so(store, example, shown):
    owned = store.workshops.create_owned(example)
    protect(store, owned.workshop_id)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["w"], at.query_params["f"] = owned.workshop_id, "niet-de-goede-link"
    at.switch_page(page("ambitie")).run()
    assert "begeleiderslink werkt niet" in shown(at)
    assert "beschermd met een begeleiders-PIN" in shown(at)


def test_an_open_workshop_says_it_is_open(store, example, app, shown):
    wid = store.workshops.create(example)
    assert "Open workshop: er is geen begeleiders-PIN" in shown(app("ambitie", wid))
