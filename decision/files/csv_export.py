"""CSV exports that open correctly in Dutch Excel, and tables to put in them.

The tables
    :func:`results_frame` is the ranking for people (a council, residents): the
    0–100 score as the Resultaten screen shows it, readable headers in the chosen
    language, one "Bijdrage: <criterium>" column per criterion. :func:`ranking_frame`
    is the same ranking for programs (0–1 score, headers such as ``bijdrage_<id>``);
    the command line (``koppelkansen rank --format csv``) writes it and scripts read
    it, so its names stay. :func:`scores_long_frame` has every single score, with
    headers as readable as the ranking's, and
    :func:`inventory_frame` the list of koppelkansen in exactly the columns the
    importer (:mod:`decision.files.csv_import`) reads back.

Dutch Excel expects ``;`` between fields and a decimal comma, and only recognises
UTF-8 when the file starts with a byte-order mark; without it ë, é and € break.
The international dialect is plain RFC 4180 (``,``, decimal point, no BOM).

A text cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
return) would be run as a formula by a spreadsheet; such cells get a leading
apostrophe (OWASP, "CSV Injection"). Numbers are never touched.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

import numpy as np
import pandas as pd

from decision.core.methods import method as lookup_method
from decision.domain.analysis import Ranking
from decision.domain.model import Koppelkans, Range, Status, Workshop
from decision.domain.moment import classify, start_year
from decision.files.cells import LIST_SEPARATOR, join_items
from decision.files.csv_import import COLUMNS as IMPORT_COLUMNS
from decision.text.i18n import t

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvDialect:
    name: str
    separator: str
    decimal: str
    bom: bool


DUTCH = CsvDialect("nl", ";", ",", True)
INTERNATIONAL = CsvDialect("intl", ",", ".", False)
DIALECTS = {"nl": DUTCH, "intl": INTERNATIONAL}


def neutralize(text: str) -> str:
    """Make a text cell inert for spreadsheets."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: object, dialect: CsvDialect) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        text = repr(round(float(value), 10))
        if text.endswith(".0"):
            text = text[:-2]
        return text.replace(".", dialect.decimal)
    return neutralize(str(value))


def to_csv(frame: pd.DataFrame, dialect: str | CsvDialect = "nl") -> bytes:
    """The frame as CSV bytes in the given dialect (``"nl"`` or ``"intl"``)."""
    d = DIALECTS[dialect] if isinstance(dialect, str) else dialect
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=d.separator, quotechar='"', lineterminator="\r\n")
    writer.writerow([neutralize(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_cell(v, d) for v in row])
    data = buf.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if d.bom else data


def ranking_frame(
    ranking: Ranking, w: Workshop, lang: str = "nl", *, today: dt.date | None = None
) -> pd.DataFrame:
    """The ranking for programs: 0–1 scores and fixed, machine-friendly headers.

    The command line writes this table; people get :func:`results_frame`. The
    natural moment is its code (``now``, ``window``, ``later``; empty without a
    start year), seen from ``today`` (by default the day of the export) with the
    workshop's window.
    """
    today = today or dt.date.today()
    tbl = ranking.table
    out = pd.DataFrame(
        {
            t("col.rank", lang): tbl["rank"],
            t("col.id", lang): tbl["id"],
            t("col.name", lang): tbl["name"],
            t("col.type", lang): tbl["type"],
            t("col.score", lang): tbl["score"].round(6),
            t("col.tied", lang): [t("value.yes" if x else "value.no", lang) for x in tbl["tied"]],
            t("col.coverage", lang): tbl["coverage"].round(6),
            t("col.spread", lang): tbl["spread"].round(6),
            t("col.max_iqr", lang): tbl["max_iqr"].round(6),
            t("col.n_unknown", lang): tbl["n_unknown"],
            t("col.n_missing", lang): tbl["n_missing"],
        }
    )
    for c in w.criteria:
        out[t("col.contrib", lang, criterion=c.id)] = tbl[f"contrib.{c.id}"].round(6)
    status = {k.id: k for k in w.kansen}
    moments = {k.id: classify(k, today, w.moment_window) for k in w.kansen}
    out[t("col.start_year", lang)] = pd.array([start_year(status[i]) for i in tbl["id"]], dtype="Int64")
    out[t("col.moment", lang)] = [m.value if (m := moments[i]) is not None else "" for i in tbl["id"]]
    out[t("col.status", lang)] = [status[i].status.value for i in tbl["id"]]
    out[t("col.motivation", lang)] = [status[i].motivation for i in tbl["id"]]
    return out


def scores_long_frame(w: Workshop, lang: str = "nl") -> pd.DataFrame:
    """Every score, one row per participant × koppelkans × criterion that was scored.

    For people, as :func:`results_frame`: headers in ``lang``, the participant's
    name, the koppelkans's name and the criterion's label. The ids stand in columns
    of their own, so two koppelkansen or people with the same name stay apart and a
    spreadsheet can join the file with the others. A "weet niet" has no score and
    says so in its own column. The facilitator's note on the cell (koppelkans ×
    criterion), if any, stands next to each of its scores. No importer reads this
    file: it is for reading.
    """
    rows = []
    for p in w.participants:
        for k in w.kansen:
            for c in w.criteria:
                key = (p.id, k.id, c.id)
                if key not in w.scores:
                    continue
                value = w.scores[key]
                rows.append(
                    (p.id, p.name, p.role, k.id, k.name, c.id, c.label.get(lang),
                     value, t("value.yes" if value is None else "value.no", lang),
                     w.cell_notes.get((k.id, c.id), ""))
                )  # fmt: skip
    columns = [
        t(key, lang)
        for key in (
            "export.col_participant_id", "export.col_participant", "export.col_role",
            "export.col_kans_id", "export.col_name", "export.col_criterion_id",
            "export.col_criterion", "export.col_given_score", "export.col_unknown",
            "export.col_cell_note",
        )
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


# -- the ranking for people ---------------------------------------------------------------
STATUS_TEXT = {Status.CHOSEN: "status_chosen", Status.NOT_CHOSEN: "status_not_chosen",
               Status.CANDIDATE: "status_candidate", Status.PROPOSED: "status_proposed"}  # fmt: skip


def screen_score(share: float) -> float:
    """A 0–1 score on the 0–100 scale, rounded as the Resultaten table shows it (whole points)."""
    return float(np.round(100 * share, 0))


def criterion_headers(w: Workshop, lang: str) -> dict[str, str]:
    """Per criterion id, its label in ``lang``; a label that two criteria share gets the id added."""
    labels = {c.id: c.label.get(lang).strip() or c.id for c in w.criteria}
    counts: dict[str, int] = {}
    for label in labels.values():
        counts[label.casefold()] = counts.get(label.casefold(), 0) + 1
    return {
        cid: f"{label} ({cid})" if counts[label.casefold()] > 1 else label for cid, label in labels.items()
    }


def results_frame(
    ranking: Ranking, w: Workshop, lang: str = "nl", *, today: dt.date | None = None
) -> pd.DataFrame:
    """The ranking as a council or a resident reads it, in the order of the Resultaten screen.

    The score is on the 0–100 scale with the screen's rounding, so the file and the
    screen give the same number. "Bijdrage: <criterium>" says how many of those
    points each criterion adds (to one decimal; with the weighted sum they add up to
    the score, give or take the rounding). TOPSIS does not build its score from such
    parts, so under TOPSIS those columns are left out rather than shown misleadingly.
    A koppelkans nobody scored has no rank and no score: those cells stay empty.
    The start year of the linked works and the natural moment (seen from ``today``,
    with the workshop's window; by default the day of the export) follow the type, in words.
    """
    today = today or dt.date.today()
    tbl = ranking.table
    kansen = {k.id: k for k in w.kansen}
    scored = tbl["score"].notna()

    out = pd.DataFrame(
        {
            t("export.col_rank", lang): [
                int(r) if s else None for r, s in zip(tbl["rank"], scored, strict=True)
            ],
            t("export.col_tied", lang): [
                t("value.yes" if tied and s else "value.no", lang)
                for tied, s in zip(tbl["tied"], scored, strict=True)
            ],
            t("export.col_id", lang): tbl["id"],
            t("export.col_name", lang): tbl["name"],
            t("export.col_type", lang): [t(f"report.type_{kansen[i].type.value}", lang) for i in tbl["id"]],
            t("export.col_start_year", lang): pd.array(
                [start_year(kansen[i]) for i in tbl["id"]], dtype="Int64"
            ),
            t("export.col_moment", lang): [
                ""
                if (m := classify(kansen[i], today, w.moment_window)) is None
                else t(f"moment.{m.value}", lang)
                for i in tbl["id"]
            ],
            t("export.col_score", lang): [
                screen_score(x) if s else None for x, s in zip(tbl["score"], scored, strict=True)
            ],
            t("export.col_coverage", lang): [float(np.round(100 * x, 0)) for x in tbl["coverage"]],
            t("export.col_spread", lang): tbl["spread"].round(2),
            t("export.col_unknown", lang): tbl["n_unknown"],
            t("export.col_missing", lang): tbl["n_missing"],
        }
    )
    if lookup_method(ranking.method).additive:
        for cid, header in criterion_headers(w, lang).items():
            out[t("export.col_contribution", lang, criterion=header)] = (100 * tbl[f"contrib.{cid}"]).round(1)
    out[t("export.col_status", lang)] = [
        t(f"report.{STATUS_TEXT[kansen[i].status]}", lang) for i in tbl["id"]
    ]
    out[t("export.col_motivation", lang)] = [kansen[i].motivation for i in tbl["id"]]
    return out


# -- the inventory, as the importer reads it ------------------------------------------------
INVENTORY_COLUMNS: tuple[str, ...] = tuple(IMPORT_COLUMNS)
"""The header of the inventory file: the importer's own column names, in its order."""


def _theme_refs(w: Workshop) -> dict[str, str]:
    """How each ambition theme is written in the file: by name, which people read, unless the
    importer could not find it back by that name (shared by two themes, holding the list
    separator, or another theme's id); then by id."""
    names = [th.theme.strip().lower() for th in w.themes]
    ids = {th.id for th in w.themes}
    refs = {}
    for th, name in zip(w.themes, names, strict=True):
        readable = bool(name) and names.count(name) == 1 and LIST_SEPARATOR not in th.theme
        refs[th.id] = th.theme.strip() if readable and (name not in ids or name == th.id) else th.id
    return refs


def _ends(value: Range | None) -> tuple[float | None, float | None]:
    return (None, None) if value is None else (value.low, value.high)


def _inventory_row(k: Koppelkans, themes: dict[str, str]) -> list[object]:
    cost_low, cost_high = _ends(k.extra_cost)
    time_low, time_high = _ends(k.duration_months)
    cells: dict[str, object] = {
        "id": k.id,
        "naam": k.name,
        "type": k.type.value,
        "beschrijving": k.description,
        "beleidsdomeinen": join_items(k.policy_domains),
        "partijen": join_items(k.parties),
        "trekker": k.lead,
        "gekoppeld_project": k.project.name if k.project else "",
        "startjaar": k.project.start_year if k.project and k.project.start_year is not None else None,
        "kosten_min_eur": cost_low,
        "kosten_max_eur": cost_high,
        "tijd_min_mnd": time_low,
        "tijd_max_mnd": time_high,
        "kansen": join_items(k.opportunities),
        "risicos": join_items(k.risks),
        "ambitie": join_items(tuple(themes.get(i, i) for i in k.themes)),
    }
    return [cells[c] for c in INVENTORY_COLUMNS]


def inventory_frame(w: Workshop) -> pd.DataFrame:
    """The koppelkansen of a workshop as the importer's CSV: read back, they are the same list.

    The headers are the importer's canonical (Dutch) column names, whatever the app's
    language, so the file can be edited in Excel and imported into another workshop.
    Status and motivation are not in it: they belong to this workshop's decision.
    """
    themes = _theme_refs(w)
    return pd.DataFrame([_inventory_row(k, themes) for k in w.kansen], columns=list(INVENTORY_COLUMNS))


def inventory_csv(w: Workshop) -> bytes:
    """The inventory file itself, always in the Dutch dialect.

    The importer reads a comma as the decimal sign and a point between groups of
    three digits as a thousands separator; written the international way, 1.125
    months would come back as 1125.
    """
    return to_csv(inventory_frame(w), DUTCH)
