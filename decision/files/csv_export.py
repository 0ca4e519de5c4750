"""CSV exports that open correctly in Dutch Excel, and tables to put in them.

Dutch Excel expects ``;`` between fields and a decimal comma, and only recognises
UTF-8 when the file starts with a byte-order mark; without it ë, é and € break.
The international dialect is plain RFC 4180 (``,``, decimal point, no BOM).

A text cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
return) would be run as a formula by a spreadsheet; such cells get a leading
apostrophe (OWASP, "CSV Injection"). Numbers are never touched.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np
import pandas as pd

from decision.domain.analysis import Ranking
from decision.domain.model import Workshop
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


def ranking_frame(ranking: Ranking, w: Workshop, lang: str = "nl") -> pd.DataFrame:
    """The ranking as an export table with headers in the chosen language."""
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
    out[t("col.status", lang)] = [status[i].status.value for i in tbl["id"]]
    out[t("col.motivation", lang)] = [status[i].motivation for i in tbl["id"]]
    return out


def scores_long_frame(w: Workshop, lang: str = "nl") -> pd.DataFrame:
    """Every score, one row per participant × koppelkans × criterion that was scored."""
    people = {p.id: p for p in w.participants}
    kansen = {k.id: k for k in w.kansen}
    rows = []
    for p in w.participants:
        for k in w.kansen:
            for c in w.criteria:
                key = (p.id, k.id, c.id)
                if key not in w.scores:
                    continue
                value = w.scores[key]
                rows.append(
                    (p.id, people[p.id].name, people[p.id].role, k.id, kansen[k.id].name, c.id,
                     value, t("value.yes" if value is None else "value.no", lang))
                )  # fmt: skip
    columns = [
        t(key, lang)
        for key in (
            "col.participant", "col.participant_name", "col.role", "col.kans",
            "col.kans_name", "col.criterion", "col.value", "col.dont_know",
        )
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
