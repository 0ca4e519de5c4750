"""The app's downloads: their files, names and types, built once per stored version of the workshop.

Every download is named the same way, in Dutch whatever the app's language, so a
folder of exports sorts by workshop and date: ``kastanjehof-2026-03-12-rangorde.csv``
(see :func:`file_name`). Each kind of file has one registered MIME type (:data:`KINDS`).

The report, the CSV files and the workshop file together take tens of
milliseconds to build; without the caches below they would be rebuilt on every
rerun of the page, whether or not anyone downloads them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import streamlit as st

from decision.domain.analysis import Ranking
from decision.domain.model import Workshop
from decision.files.csv_export import inventory_csv, results_frame, scores_long_frame, to_csv
from decision.files.workshop_file import dump_workshop
from decision.output.appendix import appendix_html
from decision.output.report import build_report
from decision.store import StoredWorkshop
from ui import state
from ui.state import tr


@dataclass(frozen=True)
class Kind:
    """One kind of download: the Dutch word in its file name, its extension and its MIME type."""

    stem: str
    extension: str
    mime: str


# The stems are part of the file name, which stays Dutch in the English app: a team shares
# its files with colleagues and the council, whatever language each of them reads the app in.
KINDS = {
    "ranking": Kind("rangorde", "csv", "text/csv"),
    "scores": Kind("scores", "csv", "text/csv"),
    "inventory": Kind("koppelkansen", "csv", "text/csv"),
    "log": Kind("besluitlog", "csv", "text/csv"),
    "report": Kind("rapport", "html", "text/html"),
    "residents": Kind("bewonersbrief", "html", "text/html"),
    "appendix": Kind("bijlage-koppelkansen", "html", "text/html"),
    "workshop": Kind("workshop", "yaml", "application/yaml"),  # RFC 9512
}


def slug(name: str) -> str:
    """A workshop name as a safe piece of a file name: ``Één Wijk – Noord!`` -> ``een-wijk-noord``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-") or "workshop"


def file_name(workshop_name: str, kind: str, day: dt.date) -> str:
    """``<workshop>-<date>-<kind>.<ext>``; the date is the day of the download (ISO, so it sorts)."""
    k = KINDS[kind]
    return f"{slug(workshop_name)}-{day.isoformat()}-{k.stem}.{k.extension}"


# -- the files, cached per stored version ------------------------------------------------
@st.cache_data(max_entries=32, show_spinner=False)
def _ranking_csv(
    wid: str, version: int, method: str, aggregation: str, lang: str, dialect: str, day: dt.date, _w: Workshop
) -> bytes:
    ranking = state.cached_ranking(wid, version, method, aggregation, _w)
    return to_csv(results_frame(ranking, _w, lang, today=day), dialect)


@st.cache_data(max_entries=32, show_spinner=False)
def _scores_csv(wid: str, version: int, lang: str, dialect: str, _w: Workshop) -> bytes:
    return to_csv(scores_long_frame(_w, lang), dialect)


@st.cache_data(max_entries=32, show_spinner=False)
def _inventory_csv(wid: str, version: int, _w: Workshop) -> bytes:
    return inventory_csv(_w)


@st.cache_data(max_entries=32, show_spinner=False)
def _workshop_file(wid: str, version: int, _w: Workshop) -> bytes:
    return dump_workshop(_w).encode("utf-8")


@st.cache_data(max_entries=32, show_spinner=False)
def _report(
    wid: str, version: int, method: str, aggregation: str, lang: str, day: dt.date, _w: Workshop
) -> bytes:
    return build_report(_w, lang, method=method, aggregation=aggregation, generated=day).encode("utf-8")


@st.cache_data(max_entries=32, show_spinner=False)
def _appendix(wid: str, version: int, lang: str, day: dt.date, _w: Workshop) -> bytes:
    return appendix_html(_w, lang, generated=day).encode("utf-8")


def _stored() -> StoredWorkshop:
    """The open workshop, read once: each file is keyed on its version and built from that content."""
    return state.store().workshops.load(state.current_id() or "")


# -- the buttons ---------------------------------------------------------------------------
def button(
    where,
    label_key: str,
    data: bytes,
    kind: str,
    workshop_name: str,
    *,
    icon: str,
    key: str,
    help_key: str | None = None,
) -> None:
    """One download button in ``where`` (``st`` or a column), with the file's name and type.

    ``on_click="ignore"``: downloading changes nothing, so the page need not run again.
    """
    where.download_button(
        tr(label_key),
        data,
        file_name=file_name(workshop_name, kind, dt.date.today()),
        mime=KINDS[kind].mime,
        icon=icon,
        key=key,
        help=tr(help_key) if help_key else None,
        on_click="ignore",
    )


def inventory_button(where=st) -> None:
    """The inventory of koppelkansen as CSV, in the columns the CSV import reads back."""
    s = _stored()
    button(where, "downloads.inventory", _inventory_csv(s.id, s.version, s.workshop), "inventory",
           s.workshop.name, icon=":material/list_alt:", key=f"dl_inventory_{s.version}",
           help_key="downloads.inventory_help")  # fmt: skip


def export_area(ranking: Ranking | None, method: str, aggregation: str, version: int) -> None:
    """The files of the Besluit page: results, scores, inventory, workshop file, report and bijlage.

    The keys carry the stored version, so a button never offers a file of an older version.
    """
    dialect = "intl" if st.toggle(tr("besluit.csv_international"), key="csv_intl") else "nl"
    s = _stored()
    wid, stored, w, lang = s.id, s.version, s.workshop, state.lang()
    left, right = st.columns(2)
    if ranking is not None:
        data = _ranking_csv(wid, stored, method, aggregation, lang, dialect, state.today(), w)
        button(left, "besluit.download_ranking", data, "ranking", w.name,
               icon=":material/table:", key=f"dl_rank_{version}")  # fmt: skip
    button(right, "besluit.download_scores", _scores_csv(wid, stored, lang, dialect, w), "scores", w.name,
           icon=":material/table_rows:", key=f"dl_scores_{version}")  # fmt: skip
    button(left, "besluit.download_workshop", _workshop_file(wid, stored, w), "workshop", w.name,
           icon=":material/save:", key=f"dl_yaml_{version}")  # fmt: skip
    if ranking is not None:
        data = _report(wid, stored, method, aggregation, lang, state.today(), w)
        button(right, "besluit.download_report", data, "report", w.name,
               icon=":material/description:", key=f"dl_report_{version}")  # fmt: skip
    inventory_button(left)
    # the bijlage needs no ranking: it is the fiches, the package and the reasons
    button(right, "besluit.download_appendix", _appendix(wid, stored, lang, state.today(), w), "appendix",
           w.name, icon=":material/article:", key=f"dl_appendix_{version}")  # fmt: skip
    st.caption(tr("besluit.export_help"))
