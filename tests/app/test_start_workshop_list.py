"""The recent workshops on Start: when each changed, rename, archive and restore, delete after a yes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from decision.files.workshop_file import load_workshop
from decision.text import formatting
from ui.catalog import t


def _updated_caption(at, summary) -> str:
    when = formatting.moment(dt.datetime.fromisoformat(summary.updated_at), "nl")
    return t("start.updated", "nl", date=when)


def test_each_workshop_shows_the_time_of_its_last_change(app, store, example):
    wid = store.workshops.create(replace(example, name="Lindenhof"))
    at = app()
    [summary] = store.workshops.list_recent()
    caption = _updated_caption(at, summary)
    assert caption.startswith("bijgewerkt vandaag ")  # just now, in Dutch local time
    assert caption in [c.value for c in at.caption]
    assert at.button(key=f"manage_{wid}")


def _manage(app, store, wid, **kwargs):
    at = app(**kwargs)
    return at.button(key=f"manage_{wid}").click().run()


def test_rename_a_workshop_from_the_list(app, store, example, shown):
    wid = store.workshops.create(replace(example, name="Oude naam"))
    at = _manage(app, store, wid)
    at.text_input(key=f"rename_{wid}").input("Koppelkansen Lindenhof")
    at.button(key=f"do_rename_{wid}").click().run()
    assert not at.exception and not at.error
    assert store.workshops.load(wid).workshop.name == "Koppelkansen Lindenhof"
    assert t("start.renamed", "nl", name="Koppelkansen Lindenhof") in shown(at).replace("\\", "")
    assert "**Koppelkansen Lindenhof**" in "\n".join(at.markdown.values)
    assert store.log.entries(wid)[0].detail["new"] == "Koppelkansen Lindenhof"


def test_a_rename_never_overwrites_a_rename_made_elsewhere(app, store, example):
    wid = store.workshops.create(replace(example, name="Oude naam"))
    at = _manage(app, store, wid)
    store.workshops.rename(wid, "Van de collega")  # another tab, after this page was drawn
    at.text_input(key=f"rename_{wid}").input("Van mij")
    at.button(key=f"do_rename_{wid}").click().run()
    assert not at.exception
    assert store.workshops.load(wid).workshop.name == "Van de collega"
    assert at.error[0].value == t("start.rename_conflict", "nl", name="Van de collega")


def test_archive_hides_a_workshop_and_restore_brings_it_back(app, store, example):
    keep = store.workshops.create(replace(example, name="Blijft"))
    away = store.workshops.create(replace(example, name="Weg"))
    at = _manage(app, store, away)
    at.button(key=f"archive_{away}").click().run()
    assert not at.exception
    assert [s.id for s in store.workshops.list_recent(archived=True)] == [away]
    names = "\n".join(at.markdown.values)
    assert "**Blijft**" in names and "**Weg**" not in names
    assert at.button(key=f"open_{keep}") and not [b for b in at.button if b.key == f"open_{away}"]
    toggle = at.toggle(key="show_archived")
    assert toggle.label == t("start.show_archived", "nl", n=1) == "Toon gearchiveerde (1)"
    toggle.set_value(True).run()
    at.button(key=f"restore_{away}").click().run()
    assert not at.exception
    assert store.workshops.list_recent(archived=True) == []
    assert at.button(key=f"open_{away}")
    assert [e.action for e in store.log.entries(away)][:2] == ["restored", "archived"]


def test_delete_asks_first_names_the_workshop_and_says_where_its_file_is_kept(app, store, example, shown):
    wid = store.workshops.create(replace(example, name="Lindenhof"))
    stored = store.workshops.load(wid).workshop
    folder = store.workshops.deleted_folder()
    assert folder is not None and folder.name == "verwijderd"
    at = _manage(app, store, wid, unlocked=[wid])
    at.button(key=f"delete_{wid}").click().run()
    assert store.workshops.exists(wid)  # asked, not done
    [warning] = at.warning.values
    assert warning.startswith("Weet je het zeker? 'Lindenhof'")
    assert "verwijderd" in warning and t("start.delete_confirm_kept", "nl", name="Lindenhof", folder="") in (
        warning.replace("\\", "").replace(str(folder), "")
    )
    at.button(key=f"delete_no_{wid}").click().run()
    assert store.workshops.exists(wid) and not at.warning
    at.button(key=f"delete_{wid}").click().run()
    at.button(key=f"delete_yes_{wid}").click().run()
    assert not at.exception
    assert not store.workshops.exists(wid)
    [kept] = folder.glob("*.yaml")
    assert load_workshop(kept) == stored  # the team's work can be opened again
    assert t("start.deleted_kept", "nl", name="Lindenhof", path=str(kept)) in shown(at).replace("\\", "")


def test_a_workshop_changed_after_the_question_is_not_deleted(app, store, example):
    wid = store.workshops.create(replace(example, name="Lindenhof"))
    at = _manage(app, store, wid, unlocked=[wid])
    at.button(key=f"delete_{wid}").click().run()
    store.workshops.rename(wid, "Lindenhof-Oost")  # someone else, while the question was shown
    at.button(key=f"delete_yes_{wid}").click().run()
    assert not at.exception
    assert store.workshops.exists(wid)
    assert at.error[0].value == t("error.delete_changed", "nl", name="Lindenhof-Oost")


def test_deleting_the_open_workshop_leaves_nothing_open(app, store, example):
    wid = store.workshops.create(replace(example, name="Lindenhof"))
    at = _manage(app, store, wid, workshop=wid, unlocked=[wid])
    at.button(key=f"delete_{wid}").click().run()
    at.button(key=f"delete_yes_{wid}").click().run()
    assert not at.exception
    assert "w" not in at.query_params and at.session_state.get("w") is None
    assert at.sidebar.selectbox[0].value is None


def test_without_a_grant_there_is_no_delete_button(app, store, example):
    wid = store.workshops.create(replace(example, name="Van een ander"))  # open: no PIN, not ours
    at = _manage(app, store, wid)
    assert not [b for b in at.button if b.key == f"delete_{wid}"]
    assert t("start.delete_owner_only", "nl") in [c.value for c in at.caption]


def test_a_workshop_made_here_can_be_deleted_by_its_maker(app, store):
    at = app()
    at.button(key="open_example").click().run()
    [summary] = store.workshops.list_recent()
    at.button(key=f"manage_{summary.id}").click().run()
    at.button(key=f"delete_{summary.id}").click().run()
    at.button(key=f"delete_yes_{summary.id}").click().run()
    assert not at.exception
    assert store.workshops.list_recent() == []
