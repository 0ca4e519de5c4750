"""What a user typed in a form and did not save yet, kept until they save or throw it away.

Tables and scores are saved the moment they change; forms (a koppelkans's details,
the anchors of a criterion, the motivations of a decision) are saved when the user
presses their save button. What was typed before that must not be lost to anything
else the user does: another button on the page, a save elsewhere that draws the form
anew (its widget keys carry the stored version, so it shows what others changed),
a visit to another page and back. Streamlit forgets a widget's value once a run has
not drawn it, and an ``st.form`` does not even send what was typed until it is
submitted; so these forms are plain widgets whose every change is copied here, in
the session, by workshop and form, never by stored version.

A field shows its draft when it has one, else the stored value. A draft equal to the
stored value is no draft. :func:`notice` says that there are unsaved changes and
offers to throw them away.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

from ui import state
from ui.state import tr

DRAFTS_KEY = "_drafts"  # (workshop id, form) -> {field: (value typed, value stored when typing began)}
GENERATIONS_KEY = "_draft_generations"  # (workshop id, form) -> times thrown away, for fresh widgets


def _plain(value: Any) -> Any:
    """A widget's value as compared with a stored one (a multiselect gives a list)."""
    return tuple(value) if isinstance(value, list | tuple) else value


class DraftForm:
    """The drafts of one form of the open workshop, e.g.
    ``DraftForm("besluit", "dec_{field}_{version}_{generation}", version)``.

    ``key_pattern`` makes each field's widget key. ``version`` (the stored version the
    page is drawn from) must be in it, so a save anywhere draws the fields anew from what
    is stored, with the drafts on top; ``generation`` counts the times the drafts were
    thrown away, so the fields then show what is stored again.
    """

    def __init__(self, form: str, key_pattern: str, version: int) -> None:
        workshop_id = state.current_id()
        assert workshop_id is not None  # forms are drawn only while a workshop is open
        self.scope = (workshop_id, form)
        self.key_pattern = key_pattern
        self.version = version

    def _drafts(self) -> dict[str, Any]:
        return st.session_state.setdefault(DRAFTS_KEY, {}).setdefault(self.scope, {})

    def _generation(self) -> int:
        return int((st.session_state.get(GENERATIONS_KEY) or {}).get(self.scope, 0))

    def key(self, field: str) -> str:
        return self.key_pattern.format(field=field, version=self.version, generation=self._generation())

    def value(self, field: str, stored: Any) -> Any:
        """What the field shows: the draft, else the stored value."""
        draft = self._drafts().get(field)
        return stored if draft is None else draft[0]

    def current(self, field: str, stored: Any) -> Any:
        """In a save callback: what the widget holds now, else the draft, else the stored value.

        Streamlit runs the callbacks of one click in no fixed order, so the save may run
        before the :meth:`keep` of a field typed in just before it."""
        held = st.session_state.get(self.key(field))
        return self.value(field, stored) if held is None else held

    def keep(self, field: str, stored: Any) -> None:
        """The ``on_change`` of the field's widget, ``state.on(form.keep, field, stored)``:
        copy what was typed into the drafts."""
        typed = _plain(st.session_state.get(self.key(field)))
        drafts = self._drafts()
        if typed == _plain(stored):
            drafts.pop(field, None)
        else:  # with what was stored when the typing began, to tell when others changed it since
            base = drafts[field][1] if field in drafts else _plain(stored)
            drafts[field] = (typed, base)

    def changed(self) -> list[str]:
        """The fields with a draft, in the order they were first changed."""
        return list(self._drafts())

    def discard(self, fields: Iterable[str] | None = None) -> None:
        """Throw drafts away (all, or these fields); the widgets show what is stored again."""
        drafts = self._drafts()
        for field in list(drafts) if fields is None else list(fields):
            drafts.pop(field, None)
        generations = st.session_state.setdefault(GENERATIONS_KEY, {})
        generations[self.scope] = self._generation() + 1

    def drop_overtaken(self, stored_now: Mapping[str, Any]) -> None:
        """After a save refused as a conflict: drop the drafts of fields someone else changed
        since the typing began. What was typed in them is shown with the conflict message
        (``ui.layout.conflict_notice``) to copy back; the fields show the stored value."""
        drafts = self._drafts()
        overtaken = [
            f for f, (_, base) in drafts.items() if f in stored_now and _plain(stored_now[f]) != base
        ]
        if overtaken:
            self.discard(overtaken)

    def notice(self, key: str, *, what: str = "") -> bool:
        """ "Niet opgeslagen wijzigingen" and a button to throw them away, when there are any."""
        if not self._drafts():
            return False
        with st.container(horizontal=True, vertical_alignment="center", key=f"{key}_unsaved"):
            message = tr("drafts.unsaved", what=what) if what else tr("drafts.unsaved_plain")
            st.warning(message, icon=":material/edit_note:")
            st.button(
                tr("drafts.discard"),
                icon=":material/delete_sweep:",
                key=f"{key}_discard",
                on_click=state.on(self.discard),
            )
        return True
