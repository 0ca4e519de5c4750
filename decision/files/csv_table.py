"""Reading a CSV table the way Dutch teams save one from Excel: the part every list import shares.

The koppelkansen list (:mod:`decision.files.csv_import`) and the participants list
(:mod:`decision.files.participants_import`) both come from a spreadsheet: UTF-8 with
or without byte-order mark, ``;`` (Dutch Excel), ``,`` or a tab between fields, found
from the first line (or from Excel's ``sep=;`` hint line), quoted as in RFC 4180. A
row of separators only (``;;;;``) is empty and skipped, but still counts in the row
numbers, so a message names the row the spreadsheet shows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from decision.errors import FileFormatError
from decision.files.cells import SPACES, _clean
from decision.files.limits import MAX_CSV_MB, MAX_TEXT_CHARS, check_size
from decision.files.reader import decode, shown, shown_params

DELIMITERS = (";", ",", "\t")  # in order of preference when the header is ambiguous


@dataclass(frozen=True)
class Table:
    """The rows of a CSV file that hold anything, numbered as in the spreadsheet.

    ``count`` is how many there are in the file, header included; only the first of
    them are kept when the file is longer than its importer takes.
    """

    rows: list[tuple[int, list[str]]]
    count: int

    @property
    def header(self) -> tuple[int, list[str]]:
        return self.rows[0]

    @property
    def body(self) -> list[tuple[int, list[str]]]:
        return self.rows[1:]


def normalize_header(name: str) -> str:
    """``" Kosten min (€) "`` -> ``kosten_min_eur``; ``Risico's`` -> ``risicos``."""
    text = name.translate(SPACES).strip().lower().replace("€", " eur ")
    text = re.sub(r"['’`()\[\].:]", "", text)
    return re.sub(r"[\s_\-/]+", "_", text).strip("_")


# -- the file -------------------------------------------------------------------------
def _records(text: str, delimiter: str) -> Iterator[list[str]]:
    return csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
        doublequote=True, skipinitialspace=True, strict=True,
    )  # fmt: skip


def _header_record(text: str, delimiter: str) -> list[str]:
    """The first row with anything in it, split by ``delimiter``."""
    try:
        for record in _records(text, delimiter):
            # a row of separators only (Excel's ";;;;") is empty whatever the separator
            if any(cell.strip(" \t;,") for cell in record):
                return record
    except csv.Error:
        pass
    return []


def detect_delimiter(text: str, aliases: Collection[str]) -> str:
    """The separator that splits the header into the most known column names (``aliases``).

    Ties (for instance a header of unknown names only) go to the separator that
    gives the most columns, then to ``;`` before ``,`` before a tab.
    """

    def quality(delimiter: str) -> tuple[int, int, int]:
        record = _header_record(text, delimiter)
        # an empty cell is no known name: not normalising it keeps a header of a
        # million separators cheap (it is refused as too wide later)
        known = sum(1 for c in record if c.strip() and normalize_header(c) in aliases)
        return (known, len(record), -DELIMITERS.index(delimiter))

    return max(DELIMITERS, key=quality)


def where_cell(row: int, column: str) -> tuple[str, dict]:
    return ("where.cell", {"row": row, "column": shown(column)})


def failure(file: str, where: str | tuple[str, dict], problem: str, /, **params: object) -> FileFormatError:
    """A refusal whose values quoted from the file are cut short (:func:`~decision.files.reader.shown`)."""
    return FileFormatError(file, where, problem, **shown_params(params))


def _read_records(
    text: str, delimiter: str, file: str, max_rows: int
) -> tuple[list[tuple[int, list[str]]], int]:
    """The rows with anything in them (numbered as in the spreadsheet), and how many there are.

    Only the header and ``max_rows`` + 1 rows are kept:
    that is enough to refuse a longer list, which is counted to the end so its message
    gives the true number, without holding every row of it in memory.
    """
    kept: list[tuple[int, list[str]]] = []
    count = row = 0
    try:
        for row, record in enumerate(_records(text, delimiter), start=1):
            cells = [_clean(c) for c in record]
            if any(cells):
                count += 1
                if count <= max_rows + 2:
                    kept.append((row, cells))
    except csv.Error as exc:
        where = ("where.row", {"row": row + 1})
        if "field larger than field limit" in str(exc):  # the csv module's own cap, 131,072 characters
            raise FileFormatError(file, where, "csv_cell_too_long", limit=MAX_TEXT_CHARS) from None
        raise failure(file, where, "csv_parse", detail=str(exc)) from None
    return kept, count


def read_table(raw: bytes, file: str, aliases: Collection[str], *, max_rows: int) -> Table:
    """Size, encoding, separator and the rows with anything in them.

    ``aliases`` are the header names the importer knows: they decide the separator.
    Rows beyond ``max_rows`` + 1 are counted, not kept (see :attr:`Table.count`).
    """
    check_size(raw, file, MAX_CSV_MB)
    text = decode(raw, file)
    hint = re.match(r"sep=(.)[ \t]*(\r\n|\n|\r|$)", text)  # Excel's "sep=;" line: not a row in Excel
    if hint:
        delimiter = hint.group(1)
        text = text[hint.end() :]
    else:
        delimiter = detect_delimiter(text, aliases)
    numbered, count = _read_records(text, delimiter, file, max_rows)
    if not numbered:
        raise FileFormatError(file, "", "csv_empty")
    return Table(numbered, count)
