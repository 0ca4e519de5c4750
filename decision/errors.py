"""Errors raised by the decision package.

Every error is a ``ValueError``, so callers that only know Python's built-ins can
still catch them. Each one carries a catalog key and the values it names, so the
CLI and the app can show it in Dutch or English (``err.localized("nl")``), while
``str(err)`` gives the English text.

The hierarchy::

    DecisionError (ValueError)
     ├── InputError ............ bad numeric input to the engine
     │    ├── ShapeError ........ arrays whose shapes do not fit together
     │    ├── WeightsError ...... NaN, negative or all-zero weights, wrong totals
     │    ├── DirectionError .... a direction other than +1 / -1
     │    ├── BoundsError ....... scale bounds that are invalid, or values outside them
     │    ├── PairwiseError ..... an AHP matrix that is not square, positive or reciprocal
     │    └── ScoreError ........ a score that is not a number, or outside its scale
     └── FileFormatError ....... a workshop file, criteria set or CSV that cannot be read;
                                 names the file, the place (key path or row) and the problem
"""

from __future__ import annotations

from typing import Any


class DecisionError(ValueError):
    """Base class of every error in this package."""

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(self.localized("en"))

    def localized(self, lang: str = "nl") -> str:
        from decision.text.i18n import t

        return t(f"error.{self.key}", lang, **self.params)


class InputError(DecisionError):
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


class FileFormatError(DecisionError):
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

    def localized(self, lang: str = "nl") -> str:
        from decision.text.i18n import t

        detail = t(f"problem.{self.problem}", lang, **self.problem_params)
        where = self.place(lang)
        if where:
            return t("error.file", lang, file=self.file, where=where, detail=detail)
        return t("error.file_whole", lang, file=self.file, detail=detail)
