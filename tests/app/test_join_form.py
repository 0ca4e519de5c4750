"""The join form on a participant's phone: "Andere rol" appears only once "Anders" is chosen.

What a participant relies on: the form asks only what applies (no empty "Andere rol"
field next to "Bewoner"); choosing "Anders" shows the field at once, without pressing
anything; what they type there, or the role they picked, is what the facilitator sees.
"""

from __future__ import annotations

import pytest

from decision.domain.roles import OTHER, ROLES
from tests.app.test_participant_phone import link_token, live, phone  # noqa: F401 - the fixture
from ui.catalog import UI_CATALOG, t


def _role_field(at):
    return [w for w in at.text_input if w.key == "join_role_other"]


def _joined_role(store, live, at) -> str:  # noqa: F811 - the fixture's value
    token = link_token(at)
    pid = store.live.participant_session(token).participant.id
    return next(p.role for p in store.workshops.load(live["wid"]).workshop.participants if p.id == pid)


def test_andere_rol_shows_only_after_anders_is_chosen(store, live, submit):  # noqa: F811
    at = phone(code=live["code"])
    assert not at.exception
    assert not _role_field(at)  # nothing chosen yet
    at.selectbox(key="join_role").set_value("bewoner").run()
    assert not _role_field(at)
    at.selectbox(key="join_role").set_value(OTHER).run()
    [field] = _role_field(at)
    assert field.label == t("join.role_other", "nl")
    field.input("  Buurtconciërge  ")
    at = submit(at, "join")
    assert not at.exception
    assert _joined_role(store, live, at) == "Buurtconciërge"


def test_a_role_from_the_list_is_stored_as_people_read_it(store, live, submit):  # noqa: F811
    at = phone(code=live["code"])
    at.selectbox(key="join_role").set_value("warmtebedrijf").run()
    at = submit(at, "join")
    assert _joined_role(store, live, at) == "Warmtebedrijf"


def test_a_typed_role_disappears_with_the_choice_of_anders(store, live, submit):  # noqa: F811
    at = phone(code=live["code"])
    at.selectbox(key="join_role").set_value(OTHER).run()
    _role_field(at)[0].input("Buurtconciërge")
    at.selectbox(key="join_role").set_value("huurder").run()
    assert not _role_field(at)
    at = submit(at, "join")
    assert _joined_role(store, live, at) == "Huurder"


def test_the_role_list_names_the_parties_of_a_wijkaanpak_separately():
    labels = [t(f"role.{r}", "nl") for r in ROLES]
    for wanted in ("Bewoner", "Huurder", "Woningcorporatie", "Gemeente", "Netbeheerder", "Warmtebedrijf"):
        assert wanted in labels
    assert "Waterschap" in labels and "Zorg- en welzijnsorganisatie" in labels
    assert any("VvE" in label for label in labels)
    assert ROLES[-1] == OTHER and labels[-1] == "Anders"
    assert len(set(ROLES)) == len(ROLES) and len(set(labels)) == len(labels)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_role_has_a_label_in_both_languages(lang):
    for role in ROLES:
        assert UI_CATALOG[f"role.{role}"][0 if lang == "nl" else 1]


def test_a_role_stored_under_the_earlier_list_is_shown_as_it_was(store, live):  # noqa: F811
    _, pid = store.live.join(live["code"], "Bo", "Netbeheerder of warmtebedrijf")
    w = store.workshops.load(live["wid"]).workshop
    assert next(p.role for p in w.participants if p.id == pid) == "Netbeheerder of warmtebedrijf"


def test_the_phone_asks_which_group_and_the_facilitator_sees_it(store, live, submit):  # noqa: F811
    at = phone(code=live["code"])
    [groups] = [s for s in at.selectbox if s.key == "join_group"]
    workshop = store.workshops.load(live["wid"]).workshop
    assert groups.options == [g.label.nl for g in workshop.groups]  # the workshop's own list, by name
    assert groups.label == t("join.group", "nl")
    groups.set_value("netbeheerder").run()
    at = submit(at, "join")
    assert not at.exception
    token = link_token(at)
    pid = store.live.participant_session(token).participant.id
    joined = next(p for p in store.workshops.load(live["wid"]).workshop.participants if p.id == pid)
    assert joined.group == "netbeheerder"


def test_a_wrong_code_asks_no_group(store, live):  # noqa: F811
    at = phone(code="ZZZZ-ZZZZ")
    assert not at.exception
    assert not [s for s in at.selectbox if s.key == "join_group"]
