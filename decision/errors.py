"""Every error the decision package raises, in one tree.

Each error carries a catalog key and the values it names, so the CLI and the app
can show it in Dutch or English (``err.localized("nl")``), while ``str(err)``
gives the English text. Bad *values* (numbers, files) are also ``ValueError``s,
so callers that only know Python's built-ins can still catch them; errors of
*state* or *permission* (a closed round, a locked workshop, an unknown workshop,
a conflicting save) are not, because nothing is wrong with the value passed.

The hierarchy::

    DecisionError (Exception)
     ├── InvalidInput (+ ValueError) ... a value that cannot be used
     │    ├── InputError ............ bad numeric input to the engine
     │    │    ├── ShapeError ........ arrays whose shapes do not fit together
     │    │    ├── WeightsError ...... NaN, negative or all-zero weights, wrong totals
     │    │    ├── DirectionError .... a direction other than +1 / -1
     │    │    ├── BoundsError ....... scale bounds that are invalid, or values outside them
     │    │    ├── PairwiseError ..... an AHP matrix that is not square, positive or reciprocal
     │    │    ├── ScoreError ........ a score that is not a number, or outside its scale
     │    │    ├── RangeError ........ a bandwidth (min–max) with an end that is not finite, or min > max
     │    │    └── PackageError ...... package constraints that cannot be met
     │    ├── FileFormatError ....... a workshop file, criteria set or CSV that cannot be read;
     │    │    │                      names the file, the place (key path or row) and the problem
     │    │    └── FileErrors ....... every problem found in one file at once (a CSV list),
     │    │                           each a FileFormatError with its own place
     │    ├── SheetBasisError ....... a choice of which score sheets count that the sheets cannot meet
     │    ├── RelationError ......... a relation between koppelkansen, or a flag, the workshop cannot hold
     │    ├── PackageSettingsError .. package settings (size, caps, always/never) the workshop cannot hold
     │    └── MomentWindowError ..... a natural-moment window that is negative, too long or reversed
     ├── StorageError .............. the store cannot do what was asked
     │    ├── NotFoundError ......... no workshop (or round) with that id
     │    ├── ConflictError ......... someone else changed the same field since the page was drawn
     │    ├── SchemaError ........... the database is of a newer version of the app
     │    └── StorageFault .......... the database itself failed: disk full, read-only, locked, gone
     └── LiveError ................. a live-session action that is not allowed now
          ├── LockedError ........... criteria and weights are fixed while a round is open
          ├── RoundClosedError ...... no open round to write in
          └── AccessDenied .......... wrong or missing PIN, token or join code
"""

from __future__ import annotations

from typing import Any


class DecisionError(Exception):
    """Base class of every error in this package."""

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(self.localized("en"))

    def localized(self, lang: str = "nl") -> str:
        from decision.text.i18n import t

        return t(f"error.{self.key}", lang, **self.params)


class InvalidInput(DecisionError, ValueError):
    """A value that cannot be used: bad numbers, a bad file."""


class InputError(InvalidInput):
    """Numeric input to the engine is unusable."""


class ShapeError(InputError):
    """Arrays have shapes that do not fit together."""


class WeightsError(InputError):
    """Weights are NaN, negative, all zero, or do not add up as required."""


class DirectionError(InputError):
    """A criterion direction is not +1 (higher is better) or -1 (lower is better)."""


class BoundsError(InputError):
    """Scale bounds are invalid, or a value lies outside them."""


class PairwiseError(InputError):
    """An AHP pairwise matrix is not square, not positive, or not reciprocal."""


class ScoreError(InputError):
    """A score is not a number, or lies outside its criterion's scale."""


class RangeError(InputError):
    """A bandwidth such as an extra-cost range whose ends are not finite, or whose min exceeds its max.

    ``params`` always hold ``low`` and ``high`` as written numbers, so a reader
    can turn it into its own message about the file, row or field.
    """


class PackageError(InputError):
    """Package constraints that cannot be met together, or do not fit the koppelkansen."""


class SheetBasisError(InvalidInput):
    """The chosen score sheets cannot be used (only the consensus sheet, and there is none).

    The domain does not raise it: it falls back to the automatic choice and hands
    this error along, so a page or a report can say why (see :mod:`decision.domain.sheets`).
    """


class RelationError(InvalidInput):
    """A relation between koppelkansen (or a koppelkans's flag) that the workshop cannot hold.

    The rules are those of :func:`decision.domain.relations.relation_problems`, the
    same a workshop file is read by; ``params`` hold ``relation`` (``K02 voorwaarde K01``).
    """


class PackageSettingsError(InvalidInput):
    """Package settings that cannot be used: a size outside 1..7, a negative cap, an unknown id.

    ``params`` hold ``setting``, the workshop file's word for it (``omvang``, ``nooit``).
    """


class MomentWindowError(InvalidInput):
    """A natural-moment window (years from today, from–to) that cannot be used.

    ``params`` hold ``low``, ``high`` and ``limit`` as written numbers.
    """


class FileFormatError(InvalidInput):
    """A file cannot be read: it names the file, where in it, and what is wrong.

    ``where`` is a key path such as ``koppelkansen[3].type`` (the same in every
    language), or a ``(catalog key, params)`` pair for a place described in words,
    such as ``("where.cell", {"row": 4, "column": "startjaar"})``; ``problem`` is a
    catalog key with parameters, so the whole message can be shown in either language.
    """

    def __init__(
        self, file: str, where: str | tuple[str, dict[str, Any]], problem: str, /, **params: Any
    ) -> None:
        self.file = file
        self.where = where
        self.problem = problem
        self.problem_params = params
        DecisionError.__init__(self, "file", file=file)

    def place(self, lang: str = "nl") -> str:
        """Where in the file, in words of the given language."""
        from decision.text.i18n import t

        return t(self.where[0], lang, **self.where[1]) if isinstance(self.where, tuple) else self.where

    def line(self, lang: str = "nl") -> str:
        """The place and the problem without the file's name: one line of a list of problems."""
        from decision.text.i18n import t

        detail = t(f"problem.{self.problem}", lang, **self.problem_params)
        where = self.place(lang)
        return f"{where}: {detail}" if where else detail

    def localized(self, lang: str = "nl") -> str:
        from decision.text.i18n import t

        detail = t(f"problem.{self.problem}", lang, **self.problem_params)
        where = self.place(lang)
        if where:
            return t("error.file", lang, file=self.file, where=where, detail=detail)
        return t("error.file_whole", lang, file=self.file, detail=detail)


class FileErrors(FileFormatError):
    """All the problems found in one file, reported together; nothing of the file was used.

    A team fixing a list in Excel wants every row to fix at once, not one per try.
    ``problems`` holds each as a :class:`FileFormatError` with its own place; this
    error's own ``file``, ``where`` and ``problem`` are those of the first, so code
    that handles a single FileFormatError still shows something true.
    :meth:`localized` gives the whole list, at most ``shown`` of them and then a
    count of the rest.
    """

    SHOWN = 50  # problems written out in one message; a broken export can have thousands

    def __init__(self, problems: tuple[FileFormatError, ...] | list[FileFormatError]) -> None:
        if not problems:
            raise ValueError("FileErrors needs at least one problem")
        self.problems = tuple(problems)
        first = self.problems[0]
        super().__init__(first.file, first.where, first.problem, **first.problem_params)

    def parts(self, lang: str = "nl", shown: int = SHOWN) -> tuple[str, list[str], str]:
        """The heading, one line per problem (place: what to do), and "en nog N" (or "")."""
        from decision.text.i18n import t

        count = len(self.problems)
        heading = t("error.file_problems", lang, file=self.file, count=count)
        lines = [p.line(lang) for p in self.problems[:shown]]
        rest = t("error.file_problems_more", lang, count=count - shown) if count > shown else ""
        return heading, lines, rest

    def localized(self, lang: str = "nl") -> str:
        if len(self.problems) == 1:
            return self.problems[0].localized(lang)
        heading, lines, rest = self.parts(lang)
        return "\n".join([heading, *(f"- {line}" for line in lines), *([rest] if rest else [])])


class StorageError(DecisionError):
    """The store cannot do what was asked."""


class NotFoundError(StorageError):
    """No workshop (or round) with that id."""


class ConflictError(StorageError):
    """Someone else changed the same field since this page was drawn; nothing was stored.

    ``fields`` names what collided, as readable paths such as ``koppelkans K03 · motivatie``.
    """

    def __init__(self, key: str = "conflict", /, *, fields: tuple[str, ...] = (), **params: Any) -> None:
        self.fields = tuple(fields)
        super().__init__(key, fields=", ".join(self.fields), **params)


class SchemaError(StorageError):
    """The database was written by a newer version of the app and is left untouched."""


class StorageFault(StorageError):
    """The database itself failed (disk full, read-only, locked, moved); nothing half-written."""


class LiveError(DecisionError):
    """A live-session action that is not allowed now."""


class LockedError(LiveError):
    """Criteria and weights are fixed while a scoring round is open."""


class RoundClosedError(LiveError):
    """There is no open round to write in."""


class AccessDenied(LiveError):
    """A wrong or missing PIN, participant token or join code."""


class RouteError(InvalidInput):
    """A status step that the route of a koppelkans does not allow."""
