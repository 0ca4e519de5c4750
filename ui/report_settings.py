"""The report settings and the bewonersversie on Besluit: how the letter addresses residents,
whom they can contact, which criteria the public report leaves out, and the letter itself
with its B1 flags shown above the download, so the facilitator can rewrite before it goes out."""

from __future__ import annotations

import streamlit as st

from decision.domain.model import Address, ReportSettings, Workshop
from decision.domain.operations import set_report_settings
from decision.output.residents import residents_b1_flags, residents_html
from decision.text.plain_language import B1Flag
from ui import downloads, state
from ui.state import tr
from ui.text import md


def _save(version: int) -> None:
    current = state.current()
    assert current is not None

    def get(name: str):
        return st.session_state.get(f"rep_{name}_{version}")

    settings = ReportSettings(
        address=Address(get("address") or current.reports.address.value),
        contact=str(get("contact") or ""),
        hidden_criteria=tuple(get("hidden") or ()),
    )
    state.commit(set_report_settings(current, settings))


def settings_form(w: Workshop) -> None:
    """The form of address, the contact and the criteria left out; saved as one logged edit."""
    st.subheader(tr("reports.settings_title"), anchor=False)
    r = w.reports
    labels = {c.id: c.label.get(state.lang()) for c in w.criteria}
    # the version in the keys: a save elsewhere shows here where nothing was typed
    version = state.store().workshops.version(state.current_id() or "")
    with st.form(f"report_settings_{version}", border=True, enter_to_submit=False):
        st.radio(
            tr("reports.address"),
            [a.value for a in Address],
            index=[a.value for a in Address].index(r.address.value),
            horizontal=True,
            format_func=lambda v: tr(f"reports.address_{v}"),
            key=f"rep_address_{version}",
        )
        st.text_area(
            tr("reports.contact"),
            r.contact,
            max_chars=500,
            height=90,
            placeholder=tr("reports.contact_placeholder"),
            key=f"rep_contact_{version}",
        )
        st.multiselect(
            tr("reports.hidden"),
            list(labels),
            default=[c for c in r.hidden_criteria if c in labels],
            format_func=lambda cid: labels[cid],
            help=tr("reports.hidden_help"),
            key=f"rep_hidden_{version}",
        )
        st.form_submit_button(tr("reports.save"), icon=":material/save:", on_click=state.on(_save, version))


def flag_text(flag: B1Flag) -> str:
    """One B1 flag as markdown the facilitator reads: "Zin van 27 woorden: …", "Moeilijk woord: meerkosten".

    Only the letter's own words are escaped for markdown: they may hold the team's text.
    """
    if flag.kind == "long_sentence":
        return tr("reports.flag_long", n=len(flag.text.split()), text=md(flag.text))
    if flag.suggestion:
        return tr("reports.flag_jargon_hint", word=md(flag.text), hint=md(flag.suggestion))
    return tr("reports.flag_jargon", word=md(flag.text))


def residents_area(w: Workshop, version: int) -> None:
    """The B1 flags of the letter, then its download button."""
    st.subheader(tr("reports.residents_title"), anchor=False)
    lang = state.lang()
    flags = residents_b1_flags(w, lang)
    if flags:
        lines = "\n".join(f"- {flag_text(f)}" for f in flags)
        st.info(tr("reports.flags_intro") + "\n\n" + lines, icon=":material/edit_note:")
    else:
        st.success(tr("reports.flags_none"), icon=":material/check:")
    data = residents_html(w, lang, generated=state.today()).encode("utf-8")
    downloads.button(st, "reports.download", data, "residents", w.name,
                     icon=":material/mail:", key=f"dl_residents_{version}",
                     help_key="reports.download_help")  # fmt: skip
