"""Which score sheets a result rests on, and the sentence that says so.

A workshop can hold two kinds of score sheet: one per person (the individual
sheets) and, when the team scores together on Scoren, the group's consensus sheet
(participant :data:`~decision.domain.progress.GROUP_ID`). They are different kinds
of answer: the mean, the median, the spread and the bootstrap measure how people
differ, and a consensus sheet is one agreed answer, not one more person.

:attr:`Workshop.sheet_basis <decision.domain.model.Workshop.sheet_basis>` says
which sheets count. Under :attr:`~decision.domain.model.SheetBasis.AUTO` (the
default) the result rests on the individual sheets when there are any, and on the
consensus sheet when it is the only one. An explicit choice the sheets cannot meet
(only the consensus sheet, while there is none) falls back to the automatic choice
and says so: :attr:`SheetChoice.problem` is a
:class:`~decision.errors.SheetBasisError` to show, never to crash on.

A sheet exists once it holds at least one answer ("weet niet" included): a person
on the list who has not scored anything yet has no sheet, and does not count.
Every computation over participants takes its sheets from :func:`sheets_used`.
"""

from __future__ import annotations

from dataclasses import dataclass

from decision.domain.model import SheetBasis, Workshop
from decision.domain.progress import GROUP_ID
from decision.errors import SheetBasisError
from decision.text.i18n import t


@dataclass(frozen=True)
class SheetChoice:
    """What was chosen, what is used, and why they differ (if they do).

    ``individuals`` are the ids of the individual sheets, in participant order;
    ``consensus`` whether the group's consensus sheet exists; ``sheets`` the ids the
    result rests on. ``problem_key`` names why the chosen basis could not be followed
    (None when it could); :attr:`problem` is that reason as an error to show.
    """

    chosen: SheetBasis
    effective: SheetBasis
    individuals: tuple[str, ...]
    consensus: bool
    sheets: tuple[str, ...]
    # Kept as a key, not as an exception: a ranking (which holds this) is pickled by the
    # app's caches, and an exception does not come back from a pickle with its key.
    problem_key: str | None = None

    @property
    def n_individuals(self) -> int:
        return len(self.individuals)

    @property
    def problem(self) -> SheetBasisError | None:
        if self.problem_key is None:
            return None
        return SheetBasisError(self.problem_key, n=self.n_individuals)


def filled_sheets(w: Workshop) -> tuple[str, ...]:
    """Ids of the participants with at least one answer, in participant order."""
    answered = {pid for pid, _, _ in w.scores}
    return tuple(pid for pid in w.participant_ids if pid in answered)


def _automatic(individuals: tuple[str, ...], consensus: bool) -> SheetBasis:
    if individuals or not consensus:
        return SheetBasis.INDIVIDUALS
    return SheetBasis.CONSENSUS


def _problem(chosen: SheetBasis, individuals: tuple[str, ...], consensus: bool) -> str | None:
    """Why an explicit choice cannot be followed (an error key); None when it can (or nothing
    is scored yet)."""
    if not individuals and not consensus:
        return None  # no sheet at all: there is no result to rest on anything
    if chosen is SheetBasis.CONSENSUS and not consensus:
        return "sheet_basis_no_consensus"
    if chosen is SheetBasis.INDIVIDUALS and not individuals:
        return "sheet_basis_no_individuals"
    if chosen is SheetBasis.BOTH and not consensus:
        return "sheet_basis_both_no_consensus"
    if chosen is SheetBasis.BOTH and not individuals:
        return "sheet_basis_both_no_individuals"
    return None


def sheet_choice(w: Workshop, basis: SheetBasis | None = None) -> SheetChoice:
    """The sheets the workshop's result rests on, under its own basis or the one given."""
    chosen = w.sheet_basis if basis is None else basis
    filled = filled_sheets(w)
    individuals = tuple(pid for pid in filled if pid != GROUP_ID)
    consensus = GROUP_ID in filled
    problem = None if chosen is SheetBasis.AUTO else _problem(chosen, individuals, consensus)
    effective = _automatic(individuals, consensus) if chosen is SheetBasis.AUTO or problem else chosen
    if effective is SheetBasis.BOTH:
        sheets = filled
    elif effective is SheetBasis.CONSENSUS:
        sheets = (GROUP_ID,) if consensus else ()
    else:
        sheets = individuals
    return SheetChoice(chosen, effective, individuals, consensus, sheets, problem)


def sheets_used(w: Workshop, basis: SheetBasis | None = None) -> tuple[str, ...]:
    """The participant ids whose sheets count, in participant order."""
    return sheet_choice(w, basis).sheets


def effective_basis(w: Workshop, basis: SheetBasis | None = None) -> SheetBasis:
    """The basis actually used: never AUTO, and an explicit choice only when the sheets allow it."""
    return sheet_choice(w, basis).effective


def _individual_sheets(n: int, lang: str) -> str:
    return t("sheets.individual_one" if n == 1 else "sheets.individual_many", lang, n=n)


def basis_sentence(w: Workshop, lang: str = "nl", *, basis: SheetBasis | None = None) -> str:
    """One sentence saying which sheets the result rests on, e.g. "Gebaseerd op 3
    individuele scoreformulieren (de consensusscore telt niet mee)."

    It does not include :attr:`SheetChoice.problem`: a page shows that beside it,
    as a warning (see :func:`basis_statement` for both in one text).
    """
    choice = sheet_choice(w, basis)
    n = choice.n_individuals
    if not choice.sheets:
        return t("sheets.none", lang)
    if choice.effective is SheetBasis.BOTH:
        return t("sheets.both", lang, sheets=_individual_sheets(n, lang), total=n + 1)
    if choice.effective is SheetBasis.CONSENSUS:
        if n:
            key = "sheets.consensus_not_individuals" if n == 1 else "sheets.consensus_not_individuals_many"
            return t(key, lang, sheets=_individual_sheets(n, lang))
        return t("sheets.consensus", lang)
    if choice.consensus:
        return t("sheets.individuals_not_consensus", lang, sheets=_individual_sheets(n, lang))
    return t("sheets.individuals", lang, sheets=_individual_sheets(n, lang))


def basis_statement(w: Workshop, lang: str = "nl") -> str:
    """The sentence with, when the chosen basis could not be followed, why (for a document)."""
    choice = sheet_choice(w)
    sentence = basis_sentence(w, lang)
    return sentence if choice.problem is None else f"{sentence} {choice.problem.localized(lang)}"
