"""Importing participants from a list of names and roles: a CSV file or text pasted from Excel.

:func:`parse_participants` reads the list and returns a :class:`ParticipantsImport`;
:func:`merge_participants` adds it to a workshop. Reading is all-or-nothing, like
the koppelkansen list (:mod:`decision.files.csv_import`): every problem is reported
at once in a :class:`~decision.errors.FileErrors`, each with its row as the
spreadsheet shows it, and nothing is added while any problem remains.

The list
    One participant per line: ``naam;rol``. The separator is ``;`` (Dutch Excel),
    ``,`` or a tab, found from the first line (:mod:`decision.files.csv_table`);
    text pasted from Excel (tabs) works as it is. A header line is optional: a
    first line with a known column name (``naam``/``name``, ``rol``/``role``/``functie``)
    is a header, and then its columns decide which is which (other columns, such as
    an e-mail address, are ignored). Without a header the first field is the
    name and the second the role; a third is a problem (most likely a name with a
    comma in a list separated by commas: quote it, ``"Vries, S. de";wethouder``).
    Empty lines are skipped but counted.

Names
    An empty name is an anonymous participant (with only a role), as in the model.
    A name that appears twice in the list is a problem (the second row is named);
    names are compared without regard to case and extra spaces. At most
    :data:`~decision.files.limits.MAX_PARTICIPANTS` participants: a longer list is
    refused whole, and so is a list that would bring the workshop above that.

Into a workshop
    A name the workshop already has keeps that participant, its id and its scores;
    a role in the list replaces the old role (an empty role leaves it). Other rows
    become new participants with fresh ids ``P01``, ``P02`` …, never one the
    workshop uses, as the participants table numbers them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from decision.domain.model import Participant, Workshop
from decision.errors import FileErrors, FileFormatError
from decision.files.cells import fresh_ids
from decision.files.csv_table import failure, normalize_header, read_table, where_cell
from decision.files.limits import MAX_NAME_CHARS, MAX_PARTICIPANTS

# canonical column -> accepted header names (after :func:`normalize_header`)
PARTICIPANT_COLUMNS: dict[str, tuple[str, ...]] = {
    "naam": ("naam", "name", "deelnemer", "participant", "volledige_naam"),
    "rol": ("rol", "role", "functie", "function"),
}
_ALIASES = {alias: name for name, aliases in PARTICIPANT_COLUMNS.items() for alias in aliases}
ID_PREFIX = "P"


@dataclass(frozen=True)
class ParticipantsImport:
    """The participants read from one list, in its order: ``(name, role)`` with their rows."""

    people: tuple[tuple[str, str], ...]
    rows: tuple[int, ...]
    file: str
    header: bool = False  # the first line named the columns


@dataclass(frozen=True)
class ParticipantsMerge:
    """A workshop with the imported participants, and what changed: counts for the message."""

    workshop: Workshop
    added: int
    updated: int
    unchanged: int


def name_key(name: str) -> str:
    """How two names are compared: case and extra spaces do not count."""
    return " ".join(name.split()).casefold()


def parse_participants(raw: bytes | str, file: str) -> ParticipantsImport:
    """Read a list of names and roles (file bytes, or pasted text); raises FileErrors naming each row."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    table = read_table(data, file, _ALIASES, max_rows=MAX_PARTICIPANTS)
    first_row, first = table.header
    labels = [normalize_header(cell) for cell in first if cell]
    header = any(label in _ALIASES for label in labels)
    columns = {"naam": 0, "rol": 1}
    body = table.body if header else table.rows
    if header:
        columns = {}
        for index, cell in enumerate(first):
            canonical = _ALIASES.get(normalize_header(cell)) if cell else None
            if canonical is not None and canonical not in columns:
                columns[canonical] = index
    count = table.count - (1 if header else 0)
    if count > MAX_PARTICIPANTS:
        raise FileFormatError(file, "", "participants_rows", rows=count, limit=MAX_PARTICIPANTS)
    if not body:
        raise FileFormatError(file, "", "participants_empty")

    problems: list[FileFormatError] = []
    people: list[tuple[str, str]] = []
    rows: list[int] = []
    seen: dict[str, int] = {}
    for row, cells in body:
        if not header and any(cells[2:]):
            problems.append(
                FileFormatError(file, ("where.row", {"row": row}), "participants_too_wide", got=len(cells))
            )
            continue

        def value_of(column: str, cells: list[str] = cells) -> str:
            index = columns.get(column)
            return " ".join(cells[index].split()) if index is not None and index < len(cells) else ""

        name, role = value_of("naam"), value_of("rol")
        faults = False
        for column, value in (("naam", name), ("rol", role)):
            if len(value) > MAX_NAME_CHARS:
                label = first[columns[column]] if header else column
                problems.append(
                    FileFormatError(
                        file, where_cell(row, label), "too_long", length=len(value), limit=MAX_NAME_CHARS
                    )
                )
                faults = True
        if name and name_key(name) in seen:
            label = first[columns["naam"]] if header else "naam"
            problems.append(failure(file, where_cell(row, label), "duplicate", what="deelnemer", value=name))
            faults = True
        if faults:
            continue
        if name:
            seen[name_key(name)] = row
        people.append((name, role))
        rows.append(row)
    if problems:
        raise FileErrors(problems)
    return ParticipantsImport(tuple(people), tuple(rows), file, header)


def merge_participants(w: Workshop, imported: ParticipantsImport) -> ParticipantsMerge:
    """The workshop with the listed participants added or updated; the rules are in the module docstring."""
    by_name = {name_key(p.name): i for i, p in enumerate(w.participants) if p.name}
    people = list(w.participants)
    new: list[tuple[str, str]] = []
    updated = unchanged = 0
    for name, role in imported.people:
        index = by_name.get(name_key(name)) if name else None
        if index is None:
            new.append((name, role))
            continue
        old = people[index]
        if role and role != old.role:
            people[index] = replace(old, role=role)
            updated += 1
        else:
            unchanged += 1
    if len(people) + len(new) > MAX_PARTICIPANTS:
        raise FileFormatError(
            imported.file, "", "participants_rows", rows=len(people) + len(new), limit=MAX_PARTICIPANTS
        )
    ids = fresh_ids(ID_PREFIX, w.participant_ids, len(new))
    people.extend(Participant(ident, name, role) for ident, (name, role) in zip(ids, new, strict=True))
    return ParticipantsMerge(replace(w, participants=tuple(people)), len(new), updated, unchanged)
