"""Importing a list of koppelkansen from CSV, the way Dutch teams make it in Excel.

:func:`parse_kansen_csv` reads the bytes of an uploaded file and returns a
:class:`KansenImport`; :func:`merge_kansen` adds the result to a workshop. Reading is
all-or-nothing: the first problem raises a
:class:`~decision.errors.FileFormatError` that names the row and the column as the
user sees them in the spreadsheet (``rij 4, kolom startjaar``; the header is row 1),
and nothing is returned half-read.

The file
    UTF-8, with or without byte-order mark ("CSV UTF-8" in Excel). The field
    separator is found from the header line: ``;`` (Dutch Excel), ``,`` or a tab;
    an Excel hint line ``sep=;`` above the header is honoured. Fields may be quoted
    as in RFC 4180 (``"a;b"``, ``""`` for a quote, line breaks inside quotes). An
    empty row (also ``;;;;``) is skipped, but still counts in the row numbers.
    At most 1 MB and 500 koppelkansen (:mod:`decision.files.limits`); a larger
    list is refused whole.

Columns
    Header names are matched without regard to case, spaces, hyphens, apostrophes
    or brackets, in Dutch or English (``Naam``/``name``, ``risico's``/``risks``,
    ``Kosten min (€)``/``kosten_min_eur`` …; see :data:`COLUMNS`). ``naam`` and
    ``type`` are required. Without an ``id`` column the koppelkansen are numbered
    K01, K02 …; with one, every id must be filled in, unique and without spaces.
    Other columns (``score_wensen``, ``bron_status`` …) are ignored and listed in
    :attr:`KansenImport.ignored_columns`.

Type
    ``sociaal`` or ``fysiek`` (also ``social``/``physical``, and Platform31's
    ``mensgericht``/``gebiedsgericht``), in any case. A mixed value such as
    ``sociaal/fysiek`` or ``fysiek (sociaal effect)`` takes its *first* word: teams
    put the main character of a koppelkans first.

Lists
    Cells with several values (beleidsdomeinen, partijen, kansen, risico's, ambitie)
    are split on ``|`` only, never on ``;`` or ``,``, whatever the field separator.

Numbers (Dutch first; see :func:`parse_number`)
    - ``,`` is the decimal separator: ``1,5`` is one and a half; ``1,500`` too.
    - ``.`` is a thousands separator when every group after it has exactly three
      digits and the first group does not start with 0: ``250.000`` and
      ``1.250.000`` are whole numbers, ``250.000,50`` has cents.
    - Otherwise a single ``.`` is a decimal point: ``1.5``, ``0.75``, ``1234.5``.
    - Both separators, or several commas, are read the English way only when that
      is the sole possible reading: ``1,250,000`` and ``1,234.56``.
    - Spaces between groups of three digits are allowed (``250 000``).
    - Money columns also accept ``€`` or ``EUR`` before or after the amount, a
      whole-euro dash (``€ 250.000,-``) and ``k``, ``mln`` or ``miljoen``
      (``€ 1,5 mln``). Duration columns accept a unit ``mnd``/``maanden``/``months``.
    - Amounts and durations cannot be negative. An empty cell is "not known"; when
      only one of min and max is filled in, it is used for both; min above max is
      an error.
    - A start year is a four-digit year from 1900 to 2200.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from decision.domain.model import KansType, Koppelkans, LinkedProject, Range, Workshop
from decision.errors import FileFormatError, RangeError
from decision.files.cells import (
    SPACES,
    YEAR_HIGH,
    YEAR_LOW,
    _clean,
    parse_number,
    parse_year,
    split_list,
)
from decision.files.limits import (
    MAX_CSV_COLUMNS,
    MAX_CSV_MB,
    MAX_CSV_ROWS,
    MAX_LIST_ITEMS,
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    check_size,
)
from decision.files.reader import decode, shown, shown_params

DELIMITERS = (";", ",", "\t")  # in order of preference when the header is ambiguous

# canonical column -> accepted header names (after :func:`normalize_header`)
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "kans_id", "koppelkans_id"),
    "naam": ("naam", "name", "titel", "title"),
    "type": ("type", "soort", "kind"),
    "beschrijving": ("beschrijving", "omschrijving", "description", "toelichting"),
    "beleidsdomeinen": (
        "beleidsdomeinen", "beleidsdomein", "domeinen", "domein", "policy_domains", "domains",
    ),
    "partijen": ("partijen", "betrokken_partijen", "parties", "stakeholders"),
    "gekoppeld_project": ("gekoppeld_project", "project", "linked_project"),
    "startjaar": ("startjaar", "start_jaar", "startjaar_project", "start_year", "year"),
    "kosten_min_eur": (
        "kosten_min_eur", "kosten_min", "extra_kosten_min", "extra_kosten_min_eur",
        "meerkosten_min", "cost_min", "cost_min_eur", "extra_cost_min",
    ),
    "kosten_max_eur": (
        "kosten_max_eur", "kosten_max", "extra_kosten_max", "extra_kosten_max_eur",
        "meerkosten_max", "cost_max", "cost_max_eur", "extra_cost_max",
    ),
    "tijd_min_mnd": ("tijd_min_mnd", "tijd_min", "duur_min", "duur_min_mnd", "duration_min", "time_min"),
    "tijd_max_mnd": ("tijd_max_mnd", "tijd_max", "duur_max", "duur_max_mnd", "duration_max", "time_max"),
    "kansen": ("kansen", "belangrijkste_kansen", "opportunities"),
    "risicos": ("risicos", "risico", "belangrijkste_risicos", "risks"),
    "ambitie": ("ambitie", "ambitiethemas", "ambitiethema", "themas", "ambition", "themes"),
}  # fmt: skip
REQUIRED = ("naam", "type")
_ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}

# which Koppelkans fields a column fills in (used when an import replaces a koppelkans)
_FIELDS = {
    "naam": "name",
    "type": "type",
    "beschrijving": "description",
    "beleidsdomeinen": "policy_domains",
    "partijen": "parties",
    "gekoppeld_project": "project",
    "startjaar": "project",
    "kosten_min_eur": "extra_cost",
    "kosten_max_eur": "extra_cost",
    "tijd_min_mnd": "duration_months",
    "tijd_max_mnd": "duration_months",
    "kansen": "opportunities",
    "risicos": "risks",
    "ambitie": "themes",
}

_TYPES = {
    "sociaal": KansType.SOCIAL,
    "social": KansType.SOCIAL,
    "mensgericht": KansType.SOCIAL,
    "fysiek": KansType.PHYSICAL,
    "physical": KansType.PHYSICAL,
    "gebiedsgericht": KansType.PHYSICAL,
}


@dataclass(frozen=True)
class KansenImport:
    """The koppelkansen read from one CSV file.

    ``rows`` gives the spreadsheet row of each koppelkans and ``columns`` the
    header of each recognised column as the file spells it, so later checks (in
    :func:`merge_kansen`) can still name row and column. ``generated_ids`` is true
    when the file had no id column and the ids K01, K02 … were made up here.
    """

    kansen: tuple[Koppelkans, ...]
    ignored_columns: tuple[str, ...] = ()
    file: str = ""
    rows: tuple[int, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()
    generated_ids: bool = False

    def header(self, column: str) -> str:
        """The header as written in the file for a canonical column name."""
        return dict(self.columns).get(column, column)

    @property
    def fields(self) -> frozenset[str]:
        """The Koppelkans fields the file has a column for."""
        return frozenset(_FIELDS[name] for name, _ in self.columns if name in _FIELDS)


# -- cells --------------------------------------------------------------------------
def normalize_header(name: str) -> str:
    """``" Kosten min (€) "`` -> ``kosten_min_eur``; ``Risico's`` -> ``risicos``."""
    text = name.translate(SPACES).strip().lower().replace("€", " eur ")
    text = re.sub(r"['’`()\[\].:]", "", text)
    return re.sub(r"[\s_\-/]+", "_", text).strip("_")


def parse_type(cell: str) -> KansType:
    """``sociaal``/``fysiek`` and aliases; of a mixed value the first word counts."""
    match = re.match(r"[^\W\d_]+", cell.strip().lower())
    if match is None or match.group(0) not in _TYPES:
        raise ValueError(cell)
    return _TYPES[match.group(0)]


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


def detect_delimiter(text: str) -> str:
    """The separator that splits the header into the most known column names.

    Ties (for instance a header of unknown names only) go to the separator that
    gives the most columns, then to ``;`` before ``,`` before a tab.
    """

    def quality(delimiter: str) -> tuple[int, int, int]:
        record = _header_record(text, delimiter)
        # an empty cell is no known name: not normalising it keeps a header of a
        # million separators cheap (it is refused as too wide later)
        known = sum(1 for c in record if c.strip() and normalize_header(c) in _ALIASES)
        return (known, len(record), -DELIMITERS.index(delimiter))

    return max(DELIMITERS, key=quality)


def _where(row: int, column: str) -> tuple[str, dict]:
    return ("where.cell", {"row": row, "column": shown(column)})


def _failure(file: str, where: str | tuple[str, dict], problem: str, /, **params: object) -> FileFormatError:
    """A refusal whose values quoted from the file are cut short (:func:`~decision.files.reader.shown`)."""
    return FileFormatError(file, where, problem, **shown_params(params))


def _read_records(text: str, delimiter: str, file: str) -> tuple[list[tuple[int, list[str]]], int]:
    """The rows with anything in them (numbered as in the spreadsheet), and how many there are.

    Only the header and :data:`~decision.files.limits.MAX_CSV_ROWS` + 1 rows are kept:
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
                if count <= MAX_CSV_ROWS + 2:
                    kept.append((row, cells))
    except csv.Error as exc:
        where = ("where.row", {"row": row + 1})
        if "field larger than field limit" in str(exc):  # the csv module's own cap, 131,072 characters
            raise FileFormatError(file, where, "csv_cell_too_long", limit=MAX_TEXT_CHARS) from None
        raise _failure(file, where, "csv_parse", detail=str(exc)) from None
    return kept, count


def parse_kansen_csv(raw: bytes, file: str) -> KansenImport:
    """Read koppelkansen from CSV bytes; raises FileFormatError naming row and column.

    A file above :data:`~decision.files.limits.MAX_CSV_MB` is refused before it is
    decoded, and one with more than :data:`~decision.files.limits.MAX_CSV_ROWS`
    koppelkansen before a single row is read into one.
    """
    check_size(raw, file, MAX_CSV_MB)
    text = decode(raw, file)
    hint = re.match(r"sep=(.)[ \t]*(\r\n|\n|\r|$)", text)  # Excel's "sep=;" line: not a row in Excel
    if hint:
        delimiter = hint.group(1)
        text = text[hint.end() :]
    else:
        delimiter = detect_delimiter(text)
    numbered, count = _read_records(text, delimiter, file)
    if not numbered:
        raise FileFormatError(file, "", "csv_empty")
    header_row, header = numbered[0]
    body = numbered[1:]
    named = [name for name in header if name]
    if len(named) > MAX_CSV_COLUMNS:
        raise FileFormatError(file, ("where.row", {"row": header_row}), "csv_too_wide",
                              columns=len(named), limit=MAX_CSV_COLUMNS)  # fmt: skip
    for name in named:
        if len(name) > MAX_NAME_CHARS:
            raise FileFormatError(
                file, _where(header_row, name), "too_long", length=len(name), limit=MAX_NAME_CHARS
            )

    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, name in enumerate(header):
        if not name:
            continue  # a column without a header: nothing to read
        canonical = _ALIASES.get(normalize_header(name))
        if canonical is None:
            ignored.append(name)
        elif canonical in columns:
            raise _failure(file, _where(header_row, name), "duplicate", what="kolom", value=name)
        else:
            columns[canonical] = index
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise _failure(
            file, ("where.row", {"row": header_row}), "csv_columns",
            missing=", ".join(missing), found=", ".join(named) or "-",
        )  # fmt: skip
    if not body:
        raise FileFormatError(file, "", "csv_empty")
    if count - 1 > MAX_CSV_ROWS:
        raise FileFormatError(file, "", "csv_rows", rows=count - 1, limit=MAX_CSV_ROWS)

    width = len(header)
    names = {c: header[i] for c, i in columns.items()}
    kansen: list[Koppelkans] = []
    seen_ids: dict[str, int] = {}
    for number, (row, cells) in enumerate(body, start=1):
        if len(cells) < width or any(cells[width:]):
            raise FileFormatError(
                file, ("where.row", {"row": row}), "csv_row_width", got=len(cells), expected=width
            )
        kans = _row_to_kans(cells, row, number, columns, names, file)
        if kans.id in seen_ids:
            raise _failure(file, _where(row, names["id"]), "duplicate", what="koppelkans", value=kans.id)
        seen_ids[kans.id] = row
        kansen.append(kans)

    return KansenImport(
        kansen=tuple(kansen),
        ignored_columns=tuple(ignored),
        file=file,
        rows=tuple(row for row, _ in body),
        columns=tuple((c, names[c]) for c in sorted(columns, key=columns.__getitem__)),
        generated_ids="id" not in columns,
    )


def _row_to_kans(
    cells: list[str], row: int, number: int, columns: dict[str, int], names: dict[str, str], file: str
) -> Koppelkans:
    def cell(column: str) -> str:
        return cells[columns[column]] if column in columns else ""

    def fail(column: str, problem: str, **params: object) -> FileFormatError:
        return _failure(file, _where(row, names.get(column, column)), problem, **params)

    def text(column: str, limit: int) -> str:
        value = cell(column)
        if len(value) > limit:
            raise fail(column, "too_long", length=len(value), limit=limit)
        return value

    def items(column: str, limit: int) -> tuple[str, ...]:
        parts = split_list(cell(column))
        if len(parts) > MAX_LIST_ITEMS:
            raise fail(column, "too_many_items", count=len(parts), limit=MAX_LIST_ITEMS)
        for part in parts:
            if len(part) > limit:
                raise fail(column, "too_long", length=len(part), limit=limit)
        return parts

    if "id" in columns:
        ident = cell("id")
        if not ident:
            raise fail("id", "empty")
        if len(ident) > 64 or any(ch.isspace() for ch in ident):
            raise fail("id", "identifier", value=ident[:64])
    else:
        ident = f"K{number:02d}"

    name = text("naam", MAX_NAME_CHARS)
    if not name:
        raise fail("naam", "empty")
    type_text = cell("type")
    if not type_text:
        raise fail("type", "empty")
    try:
        kans_type = parse_type(type_text)
    except ValueError:
        raise fail("type", "choice", value=type_text, allowed=", ".join(t.value for t in KansType)) from None

    def number_in(column: str, **kind: bool) -> float | None:
        text = cell(column)
        try:
            value = parse_number(text, **kind)
        except ValueError:
            raise fail(column, "csv_number", value=text) from None
        if value is not None and value < 0:
            raise fail(column, "range", value=text, low="0", high="∞")
        return value

    def range_of(low_col: str, high_col: str, **kind: bool) -> Range | None:
        try:
            return Range.from_ends(number_in(low_col, **kind), number_in(high_col, **kind))
        except RangeError as err:
            where = ("where.cells", {"row": row, "low": names[low_col], "high": names[high_col]})
            raise FileFormatError(file, where, err.key, **err.params) from None

    year_text = cell("startjaar")
    try:
        year = parse_year(year_text)
    except ValueError:
        raise fail("startjaar", "csv_year", value=year_text) from None
    if year is not None and not YEAR_LOW <= year <= YEAR_HIGH:
        raise fail("startjaar", "range", value=year_text, low=str(YEAR_LOW), high=str(YEAR_HIGH))
    project_name = text("gekoppeld_project", MAX_NAME_CHARS)
    if year is not None and not project_name:
        raise fail("startjaar", "missing", key=names.get("gekoppeld_project", "gekoppeld_project"))

    return Koppelkans(
        id=ident,
        name=name,
        type=kans_type,
        description=text("beschrijving", MAX_TEXT_CHARS),
        policy_domains=items("beleidsdomeinen", MAX_NAME_CHARS),
        parties=items("partijen", MAX_NAME_CHARS),
        project=LinkedProject(project_name, year) if project_name else None,
        extra_cost=range_of("kosten_min_eur", "kosten_max_eur", money=True),
        duration_months=range_of("tijd_min_mnd", "tijd_max_mnd", months=True),
        opportunities=items("kansen", MAX_TEXT_CHARS),
        risks=items("risicos", MAX_TEXT_CHARS),
        themes=items("ambitie", MAX_NAME_CHARS),
    )


# -- into a workshop ---------------------------------------------------------------------
def _next_ids(taken: set[str], count: int) -> list[str]:
    """Fresh ids K<n>, numbered on from the highest K-number in use."""
    numbers = [int(m.group(1)) for i in taken if (m := re.fullmatch(r"K(\d+)", i))]
    start = max(numbers, default=0) + 1
    out: list[str] = []
    n = start
    while len(out) < count:
        candidate = f"K{n:02d}"
        if candidate not in taken:
            out.append(candidate)
        n += 1
    return out


def merge_kansen(
    w: Workshop, kansen: KansenImport | Iterable[Koppelkans], *, replace_existing: bool = False
) -> Workshop:
    """The workshop with the imported koppelkansen added.

    An id the workshop already has raises FileFormatError (``duplicate``) unless
    ``replace_existing``: then the imported koppelkans takes the place of the old one,
    which keeps its position, its scores, its status and motivation, and every field
    the file has no column for. Koppelkansen that got made-up ids (no id column in the
    file) are never taken as replacements: they are numbered on after the workshop's
    own. Ambition themes may be given by id or by theme name; one the workshop does
    not have is an error. Nothing changes unless everything fits.
    """
    if isinstance(kansen, KansenImport):
        imported = kansen
    else:
        imported = KansenImport(tuple(kansen), file="koppelkansen", columns=tuple((c, c) for c in _FIELDS))
    items = list(imported.kansen)
    rows = imported.rows if len(imported.rows) == len(items) else ()
    file = imported.file or "koppelkansen"

    def where(i: int, column: str) -> tuple[str, dict]:
        header = imported.header(column)
        if rows:
            return _where(rows[i], header)
        return ("where.kans_field", {"kans": items[i].id, "column": header})

    if imported.generated_ids:
        fresh = _next_ids(set(w.kans_ids), len(items))
        items = [replace(k, id=new) for k, new in zip(items, fresh, strict=True)]

    by_theme_id = {t.id: t.id for t in w.themes}
    by_theme_name = {t.theme.strip().lower(): t.id for t in w.themes}
    seen: set[str] = set()
    for i, kans in enumerate(items):
        if kans.id in seen:
            raise FileFormatError(file, where(i, "id"), "duplicate", what="koppelkans", value=kans.id)
        seen.add(kans.id)
        if kans.id in w.kans_ids and not replace_existing:
            raise FileFormatError(file, where(i, "id"), "duplicate", what="koppelkans", value=kans.id)
        themes = []
        for ref in kans.themes:
            theme_id = by_theme_id.get(ref) or by_theme_name.get(ref.strip().lower())
            if theme_id is None:
                raise _failure(file, where(i, "ambitie"), "unknown_ref", what="ambitiethema", value=ref)
            themes.append(theme_id)
        items[i] = replace(kans, themes=tuple(dict.fromkeys(themes)))

    fields = imported.fields
    incoming = {k.id: k for k in items}
    merged = []
    for old in w.kansen:
        new = incoming.pop(old.id, None)
        merged.append(old if new is None else replace(old, **{f: getattr(new, f) for f in fields}))
    merged.extend(k for k in items if k.id in incoming)
    return replace(w, kansen=tuple(merged))
