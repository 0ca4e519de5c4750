"""The domain: a workshop, its criteria, koppelkansen, participants and scores.

Everything is a frozen dataclass; a change makes a new object
(:func:`dataclasses.replace` or the ``with_*`` helpers), so a page can keep the
previous version for undo and the storage layer can compare versions.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from decision.domain.facts import FactSource
from decision.errors import RangeError

Lang = str  # "nl" or "en"
LANGS = ("nl", "en")

ScoreKey = tuple[str, str, str]  # (participant id, koppelkans id, criterion id)
CellKey = tuple[str, str]  # (koppelkans id, criterion id): one cell of the score table


@dataclass(frozen=True)
class Text:
    """A text in Dutch with an optional English version."""

    nl: str
    en: str = ""

    def get(self, lang: Lang = "nl") -> str:
        return self.en if lang == "en" and self.en else self.nl

    def __str__(self) -> str:
        return self.nl


class Direction(enum.IntEnum):
    """Whether a higher score is better (benefit) or worse (cost)."""

    BENEFIT = 1
    COST = -1

    @classmethod
    def from_alias(cls, alias: object) -> Direction:
        key = str(alias).strip().lower()
        for direction, aliases in _DIRECTION_ALIASES.items():
            if key in aliases:
                return direction
        raise ValueError(alias)

    @property
    def code(self) -> str:
        return "hoger-is-beter" if self is Direction.BENEFIT else "lager-is-beter"


_DIRECTION_ALIASES = {
    Direction.BENEFIT: {"hoger-is-beter", "baat", "benefit", "max", "+", "1", "+1"},
    Direction.COST: {"lager-is-beter", "kosten", "cost", "min", "-", "-1"},
}


@dataclass(frozen=True)
class OrdinalScale:
    """Levels 1..k, each with an anchor text saying what that level means."""

    anchors: tuple[Text, ...]

    kind = "ordinaal"

    @property
    def low(self) -> float:
        return 1.0

    @property
    def high(self) -> float:
        return float(len(self.anchors))

    @property
    def levels(self) -> tuple[int, ...]:
        return tuple(range(1, len(self.anchors) + 1))

    def anchor(self, level: int, lang: Lang = "nl") -> str:
        return self.anchors[level - 1].get(lang)


@dataclass(frozen=True)
class NumericScale:
    """A measured quantity with a unit and the bounds of what is plausible."""

    unit: str
    low: float
    high: float

    kind = "numeriek"


Scale = OrdinalScale | NumericScale


@dataclass(frozen=True)
class Criterion:
    id: str
    label: Text
    description: Text
    direction: Direction
    scale: Scale
    weight: float
    # Set when the level follows from the koppelkans's own range (decision.domain.facts).
    fact: FactSource | None = None

    @property
    def bounds(self) -> tuple[float, float]:
        return (self.scale.low, self.scale.high)


@dataclass(frozen=True)
class CriteriaSet:
    """A named, reusable list of criteria (one YAML file in ``criteria/``)."""

    id: str
    name: Text
    description: Text
    source: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class AmbitionTheme:
    """A theme of the shared ambition, with a goal and a measurable indicator."""

    id: str
    theme: str
    goal: str = ""
    indicator: str = ""


class KansType(enum.StrEnum):
    SOCIAL = "sociaal"
    PHYSICAL = "fysiek"
    # Both at once, as when housing is adapted so care can come to the residents:
    # the Wijkkompas does not make a team choose one where a koppelkans is both.
    BOTH = "beide"


class Status(enum.StrEnum):
    """Where a koppelkans stands on its route from inventory to wijkuitvoeringsplan.

    The values are what the files store; the stored words of earlier versions stay, so
    their files still read. The route (:mod:`decision.domain.route`):

    in afweging (``kandidaat``) → geprioriteerd, to be worked out → voorstel projectteam
    (``voorstel``) → akkoord stuurgroep (``gekozen``) → opgenomen in het
    wijkuitvoeringsplan (``opgenomen``); or niet meegenomen (``niet gekozen``), with a
    motivation.
    """

    CANDIDATE = "kandidaat"
    PRIORITISED = "geprioriteerd"
    PROPOSED = "voorstel"
    CHOSEN = "gekozen"
    ADOPTED = "opgenomen"
    NOT_CHOSEN = "niet gekozen"


@dataclass(frozen=True)
class Range:
    """A bandwidth such as an extra-cost range in euros or a duration in months.

    Both ends are finite and ``low <= high`` (a single value is a range with equal
    ends); anything else raises :class:`~decision.errors.RangeError`, so no range
    that cannot be shown or summed ever exists.
    """

    low: float
    high: float

    def __post_init__(self) -> None:
        params = {"low": f"{self.low:g}", "high": f"{self.high:g}"}
        if not (math.isfinite(self.low) and math.isfinite(self.high)):
            raise RangeError("range_not_finite", **params)
        if self.low > self.high:
            raise RangeError("range_order", **params)

    @classmethod
    def from_ends(cls, low: float | None, high: float | None) -> Range | None:
        """The range between two ends of which either may be left open.

        Neither given: no range. One given: that single value (a form or table
        where only "from" or only "up to" was filled in).
        """
        if low is None:
            return None if high is None else cls(float(high), float(high))
        if high is None:
            return cls(float(low), float(low))
        return cls(float(low), float(high))

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2


@dataclass(frozen=True)
class LinkedProject:
    """The planned works a koppelkans could join: the "natuurlijk moment"."""

    name: str
    start_year: int | None = None


class FundingState(enum.StrEnum):
    """Whether a line of the dekking is promised or still to be found."""

    COMMITTED = "toegezegd"
    TO_ARRANGE = "te_regelen"


@dataclass(frozen=True)
class Funding:
    """One line of the dekking: where the money comes from, how much, and whether it is promised."""

    source: str
    amount: float | None = None  # euros; None: not known yet
    state: FundingState = FundingState.TO_ARRANGE


@dataclass(frozen=True)
class Consultation:
    """Afgestemd met: who was consulted about the koppelkans, when, and what came of it."""

    domain: str  # the beleidsdomein or organisation
    person: str = ""
    date: dt.date | None = None
    outcome: str = ""


@dataclass(frozen=True)
class Milestone:
    """A mijlpaal of the worked-out koppelkans, drawn on the timeline."""

    name: str
    date: dt.date


@dataclass(frozen=True)
class NextStep:
    """A vervolgstap, with who does it and by when."""

    action: str
    owner: str = ""
    due: dt.date | None = None
    done: bool = False


class ParticipationLevel(enum.StrEnum):
    """How far residents can take part at the next moment (the participatieladder)."""

    INFORM = "informeren"
    CONSULT = "raadplegen"
    ADVISE = "adviseren"
    COPRODUCE = "coproduceren"
    CODECIDE = "meebeslissen"


@dataclass(frozen=True)
class Fiche:
    """The working-out of a prioritised koppelkans (the file's ``uitwerking``).

    The trekker is the koppelkans's own :attr:`Koppelkans.lead`. What is required before
    the fiche counts as complete is :func:`decision.domain.fiche.missing_fields`. The last
    group of fields is written for residents (the bewonersversie): plain words, no scores.
    """

    cost_bearer: str = ""  # kostendrager
    funding: tuple[Funding, ...] = ()  # dekking
    consequences: str = ""  # gevolgen voor de wijkaanpak
    conditions: tuple[str, ...] = ()  # voorwaarden for go/no-go
    consultations: tuple[Consultation, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    next_steps: tuple[NextStep, ...] = ()
    # For residents: wat gaan we doen, waar, wat merkt u ervan, waar kunt u meepraten.
    resident_summary: str = ""
    location: str = ""
    resident_effect: str = ""
    participation_moment: str = ""
    participation_date: dt.date | None = None
    participation_level: ParticipationLevel | None = None

    @property
    def empty(self) -> bool:
        return self == Fiche()


@dataclass(frozen=True)
class Koppelkans:
    id: str
    name: str
    type: KansType
    description: str = ""
    policy_domains: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    project: LinkedProject | None = None
    extra_cost: Range | None = None
    duration_months: Range | None = None
    opportunities: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    status: Status = Status.CANDIDATE
    motivation: str = ""
    # The trekker or aanjager: a person, an afdeling or an organisation (file key ``trekker``).
    lead: str = ""
    # Randvoorwaardelijk: always in the package and outside its count, as a warmtenet
    # decision the others build on can be (``randvoorwaardelijk``).
    essential: bool = False
    # Basisalternatief: what happens anyway, the reference a package is compared with
    # (``basisalternatief``).
    baseline: bool = False
    fiche: Fiche = Fiche()  # the uitwerking, once the koppelkans is prioritised


class RelationKind(enum.StrEnum):
    """How two koppelkansen hang together; the values are the words the workshop file uses."""

    REQUIRES = "voorwaarde"  # A needs B: A is only in a package with B
    STRENGTHENS = "versterkt"  # synergy: extra value when both are in
    SAME_WORKS = "zelfde_werk"  # the same trench or street: extra value and one disruption
    COMPETES = "concurreert"  # the same budget or capacity: a penalty when both are in
    EXCLUDES = "sluit_uit"  # never both

    @property
    def directed(self) -> bool:
        """Only "A needs B" has a direction; the others are the same read either way."""
        return self is RelationKind.REQUIRES


# The bonus (negative: penalty) in score points (0-100) a pair adds to a package's total
# when both are in it, unless the relation gives its own (file key ``punten``).
DEFAULT_PAIR_POINTS: Mapping[RelationKind, float] = MappingProxyType(
    {RelationKind.STRENGTHENS: 5.0, RelationKind.SAME_WORKS: 5.0, RelationKind.COMPETES: -5.0}
)


@dataclass(frozen=True)
class Relation:
    """One relation between two koppelkansen (``source`` needs ``target`` for ``voorwaarde``)."""

    source: str
    target: str
    kind: RelationKind
    note: str = ""
    points: float | None = None  # the pair bonus; None: DEFAULT_PAIR_POINTS (only for kinds with a bonus)

    @property
    def pair_points(self) -> float:
        """What the pair adds to a package's total when both are in (0 for voorwaarde, sluit_uit)."""
        if self.kind not in DEFAULT_PAIR_POINTS:
            return 0.0
        return float(self.points) if self.points is not None else DEFAULT_PAIR_POINTS[self.kind]

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.source, self.target))


class CostBasis(enum.StrEnum):
    """Which end of each extra-cost range a meerkosten cap counts (``meerkosten_op``)."""

    HIGH = "hoog"  # the high end: the package stays within the cap whatever it costs
    MIDPOINT = "midden"


DEFAULT_PACKAGE_SIZE = 3  # the Wijkkompas: prioritise three to work out
PACKAGE_SIZES = range(1, 8)


@dataclass(frozen=True)
class PackageSettings:
    """What a package must meet (the file's ``pakket``); None is "no cap"."""

    size: int = DEFAULT_PACKAGE_SIZE  # koppelkansen in the package, the randvoorwaardelijke not counted
    budget: float | None = None  # meerkosten cap in euros over the whole package
    cost_basis: CostBasis = CostBasis.HIGH
    per_party: int | None = None  # at most this many members per party or trekker
    per_year: int | None = None  # at most this many members running in the same year
    include: tuple[str, ...] = ()  # koppelkansen that must be in
    exclude: tuple[str, ...] = ()  # koppelkansen that must stay out


@dataclass(frozen=True)
class StakeholderGroup:
    """A group of stakeholders whose view the team wants to see on its own (the file's ``groepen``)."""

    id: str
    label: Text


# The parties at the table in a Dutch wijkaanpak. Netbeheerder and warmtebedrijf are apart:
# each has its own plans, budget and stake in where the heat comes from.
DEFAULT_GROUPS: tuple[StakeholderGroup, ...] = (
    StakeholderGroup(
        "bewoners", Text("Bewoners (huurders, eigenaar-bewoners, VvE)", "Residents (tenants, owners, VvE)")
    ),
    StakeholderGroup("gemeente", Text("Gemeente", "Municipality")),
    StakeholderGroup("corporatie", Text("Woningcorporatie", "Housing association")),
    StakeholderGroup("netbeheerder", Text("Netbeheerder", "Grid operator")),
    StakeholderGroup("warmtebedrijf", Text("Warmtebedrijf", "Heat company")),
    StakeholderGroup("waterschap", Text("Waterschap", "Water board")),
    StakeholderGroup("zorg_welzijn", Text("Zorg en welzijn", "Care and welfare")),
    StakeholderGroup(
        "maatschappelijk_vastgoed",
        Text("School of maatschappelijk vastgoed", "School or community buildings"),
    ),
    StakeholderGroup("overig", Text("Overig", "Other")),
)


class GroupWeighting(enum.StrEnum):
    """How the sheets of many people make one score per cell (the file's ``groepsweging``).

    ``per_groep``: "elke groep telt even zwaar", the mean within each stakeholder group
    first, then across the groups, so one resident among seven professionals counts as
    much as the seven. ``automatisch``: not chosen yet, counted per person until people
    from more than one group join a live round, which makes it per group
    (:func:`decision.domain.groups.counts_by_group`).
    """

    AUTO = "automatisch"
    PERSONS = "per_persoon"
    GROUPS = "per_groep"


@dataclass(frozen=True)
class Participant:
    id: str
    name: str = ""  # empty: anonymous
    role: str = ""
    group: str = ""  # the id of a StakeholderGroup of the workshop; empty: none given

    @property
    def anonymous(self) -> bool:
        return not self.name


class WeightMethod(enum.StrEnum):
    DIRECT = "direct"
    POINTS = "punten"
    RANK = "rangorde"
    AHP = "ahp"


class SheetBasis(enum.StrEnum):
    """Which score sheets a result rests on: the individuals', the group's consensus sheet, or both.

    ``AUTO`` (the default) takes the individual sheets when there are any, and the
    consensus sheet only when it is the only one (see :mod:`decision.domain.sheets`).
    The values are the words the workshop file uses.
    """

    AUTO = "automatisch"
    INDIVIDUALS = "individueel"
    CONSENSUS = "consensus"
    BOTH = "beide"


class Address(enum.StrEnum):
    """How the bewonersversie speaks to residents."""

    FORMAL = "u"
    INFORMAL = "je"


@dataclass(frozen=True)
class ReportSettings:
    """What the two reports need beyond the workshop itself (the file's ``rapportage``)."""

    address: Address = Address.FORMAL
    contact: str = ""  # who residents can reach, in the bewonersversie
    # Criteria left out of the public reports (the bewonersversie never shows criteria).
    hidden_criteria: tuple[str, ...] = ()


# Years from today between which a start is the "natuurlijk moment" (decision.domain.moment)
DEFAULT_MOMENT_WINDOW: tuple[float, float] = (1.5, 4.0)


@dataclass(frozen=True)
class Workshop:
    """A whole workshop: what a workshop file holds."""

    name: str
    neighbourhood: str = ""
    municipality: str = ""
    date: dt.date | None = None
    fictitious: bool = False
    description: str = ""
    themes: tuple[AmbitionTheme, ...] = ()
    criteria_set: str = ""
    criteria: tuple[Criterion, ...] = ()
    weight_method: WeightMethod = WeightMethod.DIRECT
    weight_inputs: Mapping[str, object] = field(default_factory=dict)
    kansen: tuple[Koppelkans, ...] = ()
    participants: tuple[Participant, ...] = ()
    # (participant, koppelkans, criterion) -> value; None is "weet niet";
    # an absent key means not scored yet.
    scores: Mapping[ScoreKey, float | None] = field(default_factory=dict)
    sheet_basis: SheetBasis = SheetBasis.AUTO
    # The facilitator's note on a cell the group disagrees on ("Bespreek eerst"):
    # (koppelkans, criterion) -> text. A cell without a note has no key; an empty note is none.
    cell_notes: Mapping[CellKey, str] = field(default_factory=dict)
    # The "natuurlijk moment": works starting between these many years from today
    # (see decision.domain.moment; the file's ``natuurlijk_moment``).
    moment_window: tuple[float, float] = DEFAULT_MOMENT_WINDOW
    # How the koppelkansen hang together (``samenhang``) and what a package must meet (``pakket``).
    relations: tuple[Relation, ...] = ()
    package: PackageSettings = PackageSettings()
    # Whose view is it: the stakeholder groups, how they count, and each group's own weights
    # (group id -> criterion id -> points; a group without an entry uses the workshop's).
    groups: tuple[StakeholderGroup, ...] = DEFAULT_GROUPS
    group_weighting: GroupWeighting = GroupWeighting.AUTO
    group_weights: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    reports: ReportSettings = ReportSettings()

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", MappingProxyType(dict(self.scores)))
        object.__setattr__(self, "weight_inputs", MappingProxyType(dict(self.weight_inputs)))
        object.__setattr__(
            self,
            "group_weights",
            MappingProxyType({g: MappingProxyType(dict(ws)) for g, ws in dict(self.group_weights).items()}),
        )
        # A note belongs to its cell: it goes when its koppelkans or criterion goes.
        kansen, criteria = {k.id for k in self.kansen}, {c.id for c in self.criteria}
        notes = {
            (kid, cid): text.strip()
            for (kid, cid), text in dict(self.cell_notes).items()
            if text.strip() and kid in kansen and cid in criteria
        }
        object.__setattr__(self, "cell_notes", MappingProxyType(notes))

    # equality must compare the mappings' contents, not their proxies
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Workshop):
            return NotImplemented
        return all(
            (dict(a) if isinstance(a, Mapping) else a) == (dict(b) if isinstance(b, Mapping) else b)
            for a, b in ((getattr(self, f), getattr(other, f)) for f in self.__dataclass_fields__)
        )

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self):
        # Read-only mapping proxies cannot be pickled; caches and processes need to.
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values["scores"] = dict(self.scores)
        values["weight_inputs"] = dict(self.weight_inputs)
        values["cell_notes"] = dict(self.cell_notes)
        values["group_weights"] = {g: dict(ws) for g, ws in self.group_weights.items()}
        return (_workshop_from_fields, (values,))

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)

    @property
    def kans_ids(self) -> tuple[str, ...]:
        return tuple(k.id for k in self.kansen)

    @property
    def participant_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.participants)

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)

    def kans(self, kans_id: str) -> Koppelkans:
        return next(k for k in self.kansen if k.id == kans_id)

    def group(self, group_id: str) -> StakeholderGroup | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def with_scores(
        self, updates: Mapping[ScoreKey, float | None], *, remove: Iterable[ScoreKey] = ()
    ) -> Workshop:
        merged = dict(self.scores)
        merged.update(updates)
        for key in remove:
            merged.pop(key, None)
        return replace(self, scores=merged)

    def with_cell_note(self, kans_id: str, criterion_id: str, text: str) -> Workshop:
        """The note on one cell set to ``text`` (blank: the note is removed)."""
        notes = dict(self.cell_notes)
        notes.pop((kans_id, criterion_id), None)
        if text.strip():
            notes[(kans_id, criterion_id)] = text.strip()
        return replace(self, cell_notes=notes)

    def with_weights(self, weights: Mapping[str, float]) -> Workshop:
        criteria = tuple(replace(c, weight=float(weights.get(c.id, c.weight))) for c in self.criteria)
        return replace(self, criteria=criteria)

    def with_kans(self, kans: Koppelkans) -> Workshop:
        """Replace the koppelkans with the same id, or append a new one."""
        if kans.id in self.kans_ids:
            kansen = tuple(kans if k.id == kans.id else k for k in self.kansen)
        else:
            kansen = (*self.kansen, kans)
        return replace(self, kansen=kansen)


def _workshop_from_fields(values: dict) -> Workshop:
    return Workshop(**values)
