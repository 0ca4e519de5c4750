r"""Importing a list of koppelkansen from CSV, the way Dutch teams make it in Excel.

:func:`parse_kansen_csv` reads the bytes of an uploaded file and returns a
:class:`KansenImport`; :func:`merge_kansen` adds the result to a workshop. Reading is
all-or-nothing, and a team fixing its list wants every problem at once: all rows are
checked, and any problem raises a :class:`~decision.errors.FileErrors` holding each
one, with the row and column as the user sees them in the spreadsheet (``rij 4, kolom
startjaar``; the header is row 1). Nothing is returned half-read. A problem with the
file as a whole (not UTF-8, too large, no header) is a single
:class:`~decision.errors.FileFormatError`: then there are no rows to check.

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
    ``Kosten min (€)``/``kosten_min_eur`` …; see :data:`COLUMNS`). The columns
    :data:`REQUIRED_COLUMNS` (``naam``, ``type``) are required, those of
    :data:`OPTIONAL_COLUMNS` are not; :data:`KANS_COLUMNS` is both, in the order an
    export writes them. Without an ``id`` column the koppelkansen are numbered
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
    A ``|`` that is part of a value is written ``\|`` (``Water \| riolering`` is one
    value), and a backslash that would otherwise read as such an escape ``\\``;
    any other backslash is just a backslash. :func:`join_items` writes a list cell so
    that :func:`split_items` reads back exactly the same values.

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
    - A start year is a four-digit year from 1900 to 2200. A start year without a
      ``gekoppeld_project`` is the start of the koppelkans's own work: the project
      then takes the koppelkans's name (a project needs a name in a workshop file),
      and :attr:`KansenImport.own_projects` lists those rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from decision.domain.model import KansType, Koppelkans, LinkedProject, Range, Workshop
from decision.errors import FileErrors, FileFormatError, RangeError
from decision.files import csv_table
from decision.files.cells import (
    YEAR_HIGH,
    YEAR_LOW,
    fresh_ids,
    parse_number,
    parse_year,
    split_items,
)
from decision.files.csv_table import DELIMITERS, failure, normalize_header, read_table, where_cell
from decision.files.limits import (
    MAX_CSV_COLUMNS,
    MAX_CSV_ROWS,
    MAX_LIST_ITEMS,
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
)

__all__ = [
    "COLUMNS", "DELIMITERS", "KANS_COLUMNS", "OPTIONAL_COLUMNS", "REQUIRED_COLUMNS", "KansenImport",
    "detect_delimiter", "merge_kansen", "normalize_header", "parse_kansen_csv", "parse_type",
]  # fmt: skip

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
    "trekker": ("trekker", "aanjager", "trekker_aanjager", "lead"),
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
KANS_COLUMNS: tuple[str, ...] = tuple(COLUMNS)  # every column the importer reads (an export writes these)
REQUIRED_COLUMNS: tuple[str, ...] = ("naam", "type")
OPTIONAL_COLUMNS: tuple[str, ...] = tuple(c for c in KANS_COLUMNS if c not in REQUIRED_COLUMNS)
REQUIRED = REQUIRED_COLUMNS  # the name this had before
_ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}

# which Koppelkans fields a column fills in (used when an import replaces a koppelkans)
_FIELDS = {
    "naam": "name",
    "type": "type",
    "beschrijving": "description",
    "beleidsdomeinen": "policy_domains",
    "partijen": "parties",
    "trekker": "lead",
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
    "beide": KansType.BOTH,
    "both": KansType.BOTH,
}
_JOINERS = frozenset({"en", "and"})


@dataclass(frozen=True)
class KansenImport:
    """The koppelkansen read from one CSV file.

    ``rows`` gives the spreadsheet row of each koppelkans and ``columns`` the
    header of each recognised column as the file spells it, so later checks (in
    :func:`merge_kansen`) can still name row and column. ``generated_ids`` is true
    when the file had no id column and the ids K01, K02 … were made up here.
    ``own_projects`` are the rows with a start year but no linked project (the
    koppelkans's own name was taken for the project).
    """

    kansen: tuple[Koppelkans, ...]
    ignored_columns: tuple[str, ...] = ()
    file: str = ""
    rows: tuple[int, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()
    generated_ids: bool = False
    own_projects: tuple[int, ...] = ()

    def header(self, column: str) -> str:
        """The header as written in the file for a canonical column name."""
        return dict(self.columns).get(column, column)

    @property
    def fields(self) -> frozenset[str]:
        """The Koppelkans fields the file has a column for."""
        return frozenset(_FIELDS[name] for name, _ in self.columns if name in _FIELDS)


# -- cells --------------------------------------------------------------------------
def parse_type(cell: str) -> KansType:
    """``sociaal``/``fysiek``/``beide`` and aliases; of a mixed value the first word counts,
    except that a cell of only both kinds ("sociaal en fysiek", "fysiek/sociaal") is both."""
    words = re.findall(r"[^\W\d_]+", cell.strip().lower())
    if not words or words[0] not in _TYPES:
        raise ValueError(cell)
    named = {_TYPES[word] for word in words if word in _TYPES}
    # Only a cell that is nothing but the two kinds is both ("sociaal/fysiek", "social and
    # physical"); "fysiek (sociaal effect)" is physical work with a social side effect.
    if {KansType.SOCIAL, KansType.PHYSICAL} <= named and all(w in _TYPES or w in _JOINERS for w in words):
        return KansType.BOTH
    return _TYPES[words[0]]


def detect_delimiter(text: str) -> str:
    """The separator that splits the header into the most known koppelkans columns."""
    return csv_table.detect_delimiter(text, _ALIASES)


# -- the file -------------------------------------------------------------------------
def parse_kansen_csv(raw: bytes, file: str) -> KansenImport:
    """Read koppelkansen from CSV bytes; raises FileErrors naming every row and column at fault.

    A file above :data:`~decision.files.limits.MAX_CSV_MB` is refused before it is
    decoded, and one with more than :data:`~decision.files.limits.MAX_CSV_ROWS`
    koppelkansen before a single row is read into one.
    """
    table = read_table(raw, file, _ALIASES, max_rows=MAX_CSV_ROWS)
    (header_row, header), body, count = table.header, table.body, table.count
    named = [name for name in header if name]
    if len(named) > MAX_CSV_COLUMNS:
        raise FileFormatError(file, ("where.row", {"row": header_row}), "csv_too_wide",
                              columns=len(named), limit=MAX_CSV_COLUMNS)  # fmt: skip
    problems: list[FileFormatError] = []
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, name in enumerate(header):
        if not name:
            continue  # a column without a header: nothing to read
        if len(name) > MAX_NAME_CHARS:
            problems.append(FileFormatError(
                file, where_cell(header_row, name), "too_long", length=len(name), limit=MAX_NAME_CHARS
            ))  # fmt: skip
            continue
        canonical = _ALIASES.get(normalize_header(name))
        if canonical is None:
            ignored.append(name)
        elif canonical in columns:
            problems.append(
                failure(file, where_cell(header_row, name), "duplicate", what="kolom", value=name)
            )
        else:
            columns[canonical] = index
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        problems.append(failure(
            file, ("where.row", {"row": header_row}), "csv_columns",
            missing=", ".join(missing), found=", ".join(named) or "-",
        ))  # fmt: skip
    if problems:  # without a sound header the rows cannot be read
        raise FileErrors(problems)
    if not body:
        raise FileFormatError(file, "", "csv_empty")
    if count - 1 > MAX_CSV_ROWS:
        raise FileFormatError(file, "", "csv_rows", rows=count - 1, limit=MAX_CSV_ROWS)

    width = len(header)
    names = {c: header[i] for c, i in columns.items()}
    kansen: list[Koppelkans] = []
    own_projects: list[int] = []
    seen_ids: dict[str, int] = {}
    for number, (row, cells) in enumerate(body, start=1):
        if len(cells) < width or any(cells[width:]):
            problems.append(FileFormatError(
                file, ("where.row", {"row": row}), "csv_row_width", got=len(cells), expected=width
            ))  # fmt: skip
            continue
        reader = _RowReader(cells, row, columns, names, file)
        kans = reader.kans(number)
        problems.extend(reader.problems)
        if kans is None:
            continue
        if kans.id in seen_ids:
            problems.append(
                failure(file, where_cell(row, names["id"]), "duplicate", what="koppelkans", value=kans.id)
            )
        seen_ids.setdefault(kans.id, row)
        if reader.own_project:
            own_projects.append(row)
        kansen.append(kans)
    if problems:
        raise FileErrors(problems)

    return KansenImport(
        kansen=tuple(kansen),
        ignored_columns=tuple(ignored),
        file=file,
        rows=tuple(row for row, _ in body),
        columns=tuple((c, names[c]) for c in sorted(columns, key=columns.__getitem__)),
        generated_ids="id" not in columns,
        own_projects=tuple(own_projects),
    )


class _RowReader:
    """One row into a koppelkans, keeping every problem of it instead of stopping at the first."""

    def __init__(
        self, cells: list[str], row: int, columns: dict[str, int], names: dict[str, str], file: str
    ) -> None:
        self.cells, self.row, self.columns, self.names, self.file = cells, row, columns, names, file
        self.problems: list[FileFormatError] = []
        self.own_project = False

    def cell(self, column: str) -> str:
        return self.cells[self.columns[column]] if column in self.columns else ""

    def fail(self, column: str, problem: str, **params: object) -> None:
        where = where_cell(self.row, self.names.get(column, column))
        self.problems.append(failure(self.file, where, problem, **params))

    def text(self, column: str, limit: int) -> str:
        value = self.cell(column)
        if len(value) > limit:
            self.fail(column, "too_long", length=len(value), limit=limit)
        return value

    def items(self, column: str, limit: int) -> tuple[str, ...]:
        parts = split_items(self.cell(column))
        if len(parts) > MAX_LIST_ITEMS:
            self.fail(column, "too_many_items", count=len(parts), limit=MAX_LIST_ITEMS)
        for part in parts:
            if len(part) > limit:
                self.fail(column, "too_long", length=len(part), limit=limit)
                break  # one message per cell is enough to find it
        return parts

    def number(self, column: str, **kind: bool) -> float | None:
        text = self.cell(column)
        try:
            value = parse_number(text, **kind)
        except ValueError:
            self.fail(column, "csv_number", value=text)
            return None
        if value is not None and value < 0:
            self.fail(column, "range", value=text, low="0", high="∞")
            return None
        return value

    def range(self, low_col: str, high_col: str, **kind: bool) -> Range | None:
        low, high = self.number(low_col, **kind), self.number(high_col, **kind)
        try:
            return Range.from_ends(low, high)
        except RangeError as err:
            where = (
                "where.cells",
                {"row": self.row, "low": self.names[low_col], "high": self.names[high_col]},
            )
            self.problems.append(FileFormatError(self.file, where, err.key, **err.params))
            return None

    def identifier(self, number: int) -> str:
        if "id" not in self.columns:
            return f"K{number:02d}"
        ident = self.cell("id")
        if not ident:
            self.fail("id", "empty")
        elif len(ident) > 64 or any(ch.isspace() for ch in ident):
            self.fail("id", "identifier", value=ident[:64])
        return ident

    def kans_type(self) -> KansType | None:
        type_text = self.cell("type")
        if not type_text:
            self.fail("type", "empty")
            return None
        try:
            return parse_type(type_text)
        except ValueError:
            self.fail("type", "choice", value=type_text, allowed=", ".join(t.value for t in KansType))
            return None

    def year(self) -> int | None:
        year_text = self.cell("startjaar")
        try:
            year = parse_year(year_text)
        except ValueError:
            self.fail("startjaar", "csv_year", value=year_text)
            return None
        if year is not None and not YEAR_LOW <= year <= YEAR_HIGH:
            self.fail("startjaar", "range", value=year_text, low=str(YEAR_LOW), high=str(YEAR_HIGH))
            return None
        return year

    def kans(self, number: int) -> Koppelkans | None:
        """The koppelkans of this row, or None when it has a problem (see :attr:`problems`)."""
        ident = self.identifier(number)
        name = self.text("naam", MAX_NAME_CHARS)
        if not name:
            self.fail("naam", "empty")
        kans_type = self.kans_type()
        year = self.year()
        project_name = self.text("gekoppeld_project", MAX_NAME_CHARS)
        if year is not None and not project_name:
            project_name, self.own_project = name, True  # the koppelkans's own work starts then
        kans = Koppelkans(
            id=ident,
            name=name,
            type=kans_type or KansType.SOCIAL,
            description=self.text("beschrijving", MAX_TEXT_CHARS),
            policy_domains=self.items("beleidsdomeinen", MAX_NAME_CHARS),
            parties=self.items("partijen", MAX_NAME_CHARS),
            lead=self.text("trekker", MAX_NAME_CHARS),
            project=LinkedProject(project_name, year) if project_name else None,
            extra_cost=self.range("kosten_min_eur", "kosten_max_eur", money=True),
            duration_months=self.range("tijd_min_mnd", "tijd_max_mnd", months=True),
            opportunities=self.items("kansen", MAX_TEXT_CHARS),
            risks=self.items("risicos", MAX_TEXT_CHARS),
            themes=self.items("ambitie", MAX_NAME_CHARS),
        )
        return None if self.problems else kans


# -- into a workshop ---------------------------------------------------------------------
def _next_ids(taken: set[str], count: int) -> list[str]:
    """Fresh ids K<n>, numbered on from the highest K-number in use."""
    numbers = [int(m.group(1)) for i in taken if (m := re.fullmatch(r"K(\d+)", i))]
    return fresh_ids("K", taken, count, after=max(numbers, default=0))


def merge_kansen(
    w: Workshop, kansen: KansenImport | Iterable[Koppelkans], *, replace_existing: bool = False
) -> Workshop:
    """The workshop with the imported koppelkansen added.

    An id the workshop already has is a problem (``duplicate``) unless
    ``replace_existing``: then the imported koppelkans takes the place of the old one,
    which keeps its position, its scores, its status and motivation, and every field
    the file has no column for. Koppelkansen that got made-up ids (no id column in the
    file) are never taken as replacements: they are numbered on after the workshop's
    own. Ambition themes may be given by id or by theme name; one the workshop does
    not have is a problem. Every problem is reported at once (:class:`~decision.errors.FileErrors`),
    and nothing changes unless everything fits.
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
            return where_cell(rows[i], header)
        return ("where.kans_field", {"kans": items[i].id, "column": header})

    if imported.generated_ids:
        fresh = _next_ids(set(w.kans_ids), len(items))
        items = [replace(k, id=new) for k, new in zip(items, fresh, strict=True)]

    by_theme_id = {t.id: t.id for t in w.themes}
    by_theme_name = {t.theme.strip().lower(): t.id for t in w.themes}
    problems: list[FileFormatError] = []
    seen: set[str] = set()
    for i, kans in enumerate(items):
        if kans.id in seen or (kans.id in w.kans_ids and not replace_existing):
            problems.append(
                FileFormatError(file, where(i, "id"), "duplicate", what="koppelkans", value=kans.id)
            )
        seen.add(kans.id)
        themes = []
        for ref in kans.themes:
            theme_id = by_theme_id.get(ref) or by_theme_name.get(ref.strip().lower())
            if theme_id is None:
                problems.append(
                    failure(file, where(i, "ambitie"), "unknown_ref", what="ambitiethema", value=ref)
                )
            else:
                themes.append(theme_id)
        items[i] = replace(kans, themes=tuple(dict.fromkeys(themes)))
    if problems:
        raise FileErrors(problems)

    fields = imported.fields
    incoming = {k.id: k for k in items}
    merged = []
    for old in w.kansen:
        new = incoming.pop(old.id, None)
        merged.append(old if new is None else replace(old, **{f: getattr(new, f) for f in fields}))
    merged.extend(k for k in items if k.id in incoming)
    return replace(w, kansen=tuple(merged))
