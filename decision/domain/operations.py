"""The rules that change a workshop as a whole, so every screen applies them the same way.

A score is keyed on (participant, koppelkans, criterion). When one of those three
goes, so do its scores: a score nobody can see or change would still count in
the ranking's denominators, survive in the workshop file and come back when an id
is reused. The weighing inputs (the rank order, the 100 points, the AHP pairs)
name criteria too, and are kept in step the same way.

The decision rules of the Besluit step live here as well: adopting a proposal
from the ranking, and which decisions still lack the motivation the Wijkkompas
asks a team to communicate.

Every function takes a frozen :class:`~decision.domain.model.Workshop` and
returns a new one (or a selection of it); nothing is stored here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from decision.core.ranking import competition_rank
from decision.core.validate import as_weights
from decision.core.weighting import display_percentages, rebalance
from decision.domain.fiche import complete
from decision.domain.model import (
    CriteriaSet,
    Criterion,
    Fiche,
    GroupWeighting,
    Koppelkans,
    NumericScale,
    PackageSettings,
    Participant,
    Relation,
    RelationKind,
    ReportSettings,
    ScoreKey,
    StakeholderGroup,
    Status,
    WeightMethod,
    Workshop,
)
from decision.domain.relations import relation_identity, relation_label, relation_problems
from decision.domain.route import check_step
from decision.errors import PackageSettingsError, RelationError, ScoreError, WeightsError

# -- removing what scores refer to -----------------------------------------------

# The keys of ``Workshop.weight_inputs`` as the weight editors write them (and the
# workshop file stores them): criterion id -> value, or "a|b" pair -> judgement.
CRITERION_KEYED_INPUTS = ("procenten", "punten")
RANK_INPUT = "rangorde"
PAIR_INPUT = "oordelen"
PAIR_SEPARATOR = "|"


def _keep_scores(w: Workshop, part: int, kept: Iterable[str]) -> dict[ScoreKey, float | None]:
    """The scores whose id in position ``part`` of the key is one of ``kept``."""
    keep = set(kept)
    return {key: value for key, value in w.scores.items() if key[part] in keep}


def replace_kansen(w: Workshop, kansen: Iterable[Koppelkans]) -> Workshop:
    """The workshop with this inventory of koppelkansen; scores of koppelkansen not in it go.

    A koppelkans whose id was edited counts as a new one: the scores given to the
    old id were given to what the team saw under it, and are dropped with it.
    """
    kansen = tuple(kansen)
    ids = {k.id for k in kansen}
    # A relation or an always/never entry of a koppelkans that went would name nothing.
    relations = tuple(r for r in w.relations if r.source in ids and r.target in ids)
    package = replace(
        w.package,
        include=tuple(i for i in w.package.include if i in ids),
        exclude=tuple(i for i in w.package.exclude if i in ids),
    )
    return replace(w, kansen=kansen, scores=_keep_scores(w, 1, ids), relations=relations, package=package)


def replace_participants(w: Workshop, participants: Iterable[Participant]) -> Workshop:
    """The workshop with these participants; the scores of anyone not among them go."""
    participants = tuple(participants)
    return replace(w, participants=participants, scores=_keep_scores(w, 0, (p.id for p in participants)))


def replace_criteria(w: Workshop, criteria: Iterable[Criterion]) -> Workshop:
    """The workshop with these criteria; scores and weighing inputs of dropped criteria go.

    What remains of the weighing inputs still reads as the team left it: the rank
    order is renumbered without gaps (ties stay tied, the order stays), the AHP
    judgements keep only pairs of two remaining criteria, and the percentages and
    points keep the remaining criteria's values (the points then no longer add up
    to 100, which the points editor shows, so the team redistributes them).
    """
    criteria = tuple(criteria)
    kept = {c.id for c in criteria}
    return replace(
        w,
        criteria=criteria,
        scores=_keep_scores(w, 2, kept),
        weight_inputs=_weight_inputs_for(w.weight_inputs, kept),
        # a criterion that went is no longer left out of the reports: the file names only existing ones
        reports=replace(w.reports, hidden_criteria=tuple(c for c in w.reports.hidden_criteria if c in kept)),
    )


def apply_criteria_set(w: Workshop, criteria_set: CriteriaSet) -> Workshop:
    """The workshop assessed with another criteria set: its criteria, and its weights.

    A set brings its own standard weights, typed in as they are: the weighing
    becomes "direct" and the inputs of the earlier method go, because they no
    longer say how these weights came about (the report would otherwise credit,
    say, an AHP comparison the team never made for these criteria). Scores on
    criteria the set does not have go as in :func:`replace_criteria`; scores on a
    criterion id the set shares are kept.
    """
    reset = replace(w, criteria_set=criteria_set.id, weight_method=WeightMethod.DIRECT, weight_inputs={})
    return replace_criteria(reset, criteria_set.criteria)


def remove_kans(w: Workshop, kans_id: str) -> Workshop:
    """The workshop without this koppelkans, any score given to it, its relations and package entries."""
    return replace_kansen(w, (k for k in w.kansen if k.id != kans_id))


def remove_participant(w: Workshop, participant_id: str) -> Workshop:
    """The workshop without this participant and without any score they gave."""
    return replace_participants(w, (p for p in w.participants if p.id != participant_id))


def remove_criterion(w: Workshop, criterion_id: str) -> Workshop:
    """The workshop without this criterion, its scores, and its place in the weighing inputs."""
    return replace_criteria(w, (c for c in w.criteria if c.id != criterion_id))


def dropped_scores(before: Workshop, after: Workshop) -> int:
    """How many of ``before``'s scores ``after`` no longer has: what a change would cost.

    Used to warn before a change is made, so the warning counts exactly what the
    operation itself would drop.
    """
    return sum(1 for key in before.scores if key not in after.scores)


def _weight_inputs_for(inputs: Mapping[str, object], kept: set[str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, value in inputs.items():
        if not isinstance(value, Mapping):
            out[name] = value  # e.g. the ROC/RS/RR choice of the rank method
        elif name in CRITERION_KEYED_INPUTS:
            out[name] = {cid: v for cid, v in value.items() if cid in kept}
        elif name == RANK_INPUT:
            out[name] = _renumbered({cid: v for cid, v in value.items() if cid in kept})
        elif name == PAIR_INPUT:
            out[name] = {
                pair: v
                for pair, v in value.items()
                if all(cid in kept for cid in str(pair).split(PAIR_SEPARATOR))
            }
        else:
            out[name] = dict(value)  # not keyed on criteria as far as this version knows
    return out


def _renumbered(ranks: Mapping[str, object]) -> dict[str, object]:
    """Ranks 1.. without the gaps a removed criterion leaves; ties stay tied.

    A rank that is not a number (a hand-edited file) is left as it is, and so is
    the rest: the rank editor says what is wrong with it, better than a guess here.
    """
    numbers = {cid: r for cid, r in ranks.items() if isinstance(r, int | float) and not isinstance(r, bool)}
    if not numbers or len(numbers) != len(ranks):
        return dict(ranks)
    ids = list(numbers)
    # competition_rank puts the highest first, so rank the negated positions.
    new = competition_rank([-float(numbers[cid]) for cid in ids])
    return {cid: int(r) for cid, r in zip(ids, new, strict=True)}


# -- weighing ----------------------------------------------------------------------

DIRECT_INPUT = CRITERION_KEYED_INPUTS[0]  # "procenten": the percentages as the team set them


def weigh(
    w: Workshop, weights: Mapping[str, float], method: WeightMethod, inputs: Mapping[str, object]
) -> Workshop:
    """The workshop with these criterion weights, and the method and inputs they came from.

    Raises :class:`~decision.errors.WeightsError` for weights the ranking cannot
    use (negative, not a number, all zero); nothing changes then.
    """
    as_weights([weights.get(c.id, c.weight) for c in w.criteria], len(w.criteria))
    return replace(w.with_weights(weights), weight_method=method, weight_inputs=dict(inputs))


def weigh_directly(w: Workshop, percentages: Mapping[str, float]) -> Workshop:
    """The workshop weighed "direct": these percentages are the weights, as typed or slid.

    They are stored as the whole percentages every screen shows (summing to exactly
    100, see :func:`~decision.core.weighting.display_percentages`), so what the team
    set is what it sees back; percentages that already are whole and sum to 100 are
    stored as given. Criteria not named keep their weight in the total.
    """
    current = {c.id: c.weight for c in w.criteria}
    merged = {**current, **{cid: percentages[cid] for cid in current if cid in percentages}}
    as_weights(list(merged.values()), len(merged))  # refuse what the ranking cannot use
    whole = display_percentages(list(merged.values()))
    values = {cid: float(p) for cid, p in zip(merged, whole, strict=True)}
    return weigh(w, values, WeightMethod.DIRECT, {DIRECT_INPUT: values})


def set_percentage(
    w: Workshop, criterion_id: str, percentage: int, basis: Mapping[str, float] | None = None
) -> Workshop:
    """The workshop weighed "direct" with one criterion at exactly ``percentage``.

    The other criteria share the rest in proportion to their weights in ``basis``
    (by default the current weights; see :func:`~decision.core.weighting.rebalance`).
    A screen passes the weights from before a slider started moving as ``basis``,
    so moving that slider back and forth does not wear down the others' proportions.
    """
    ids = w.criterion_ids
    source = {c.id: c.weight for c in w.criteria} | dict(basis or {})
    whole = rebalance([source.get(cid, 0.0) for cid in ids], ids.index(criterion_id), percentage)
    return weigh_directly(w, dict(zip(ids, (float(p) for p in whole), strict=True)))


# -- the decision ------------------------------------------------------------------

ADVISED_CHOICES = 3  # the Wijkkompas advises three koppelkansen, to keep the approach manageable
# What "Top drie overnemen" / "Pakket als voorstel overnemen" makes of the koppelkansen taken
# over: prioritised, to be worked out on Uitwerken. The Wijkkompas prioritises three to
# work out before anything goes to the projectteam as a proposal.
PROPOSAL_STATUS = Status.PRIORITISED
# Decisions a team has to account for; a candidate or a proposal is not decided yet.
DECIDED = frozenset({Status.CHOSEN, Status.NOT_CHOSEN})
# Taken over by an earlier "overnemen" or decided since: a new one takes their place.
_SUPERSEDED = frozenset({Status.PRIORITISED, Status.PROPOSED, Status.CHOSEN})


def adopt_proposal(w: Workshop, kans_ids: Iterable[str]) -> Workshop:
    """The given koppelkansen become prioritised; an earlier selection goes back to candidate.

    The rules: each given koppelkans is *geprioriteerd* (to be worked out); every other
    one that was *geprioriteerd*, *voorstel* or *gekozen* is a *candidate* again, because
    the new selection takes the place of the old one; one the team marked *not chosen*
    stays so, with its reason, and one already *opgenomen* in the wijkuitvoeringsplan
    stays there (that is past the team's choice). Motivations already typed are kept,
    and so is every fiche: a team that takes over the ranking's top three after writing
    down reasons or working out a fiche must not lose them. Ids that are not (or no
    longer) in the workshop are ignored, so a selection drawn from a ranking that
    another tab has since changed still applies to what is there.
    """
    top = set(kans_ids)

    def status(k: Koppelkans) -> Status:
        if k.id in top:
            return PROPOSAL_STATUS
        if k.status in _SUPERSEDED:
            return Status.CANDIDATE
        return k.status

    return replace(w, kansen=tuple(replace(k, status=status(k)) for k in w.kansen))


def confirm_proposal(w: Workshop) -> Workshop:
    """Every prioritised koppelkans whose fiche is complete becomes a *voorstel*; nothing else changes.

    After taking over the top three, the facilitator works the fiches out one by one
    and can move each on with its own route buttons (Uitwerken). At the end of that
    work a team wants to send what is finished to the projectteam together, in one
    press on Besluit; a fiche that is not complete stays *geprioriteerd*, as the route
    itself would refuse it (:func:`decision.domain.route.check_step`).
    """

    def ready(k: Koppelkans) -> bool:
        return k.status is Status.PRIORITISED and complete(k)

    kansen = tuple(replace(k, status=Status.PROPOSED) if ready(k) else k for k in w.kansen)
    return replace(w, kansen=kansen)


def prioritised(w: Workshop) -> tuple[Koppelkans, ...]:
    """The koppelkansen taken over to be worked out and not yet proposed, in inventory order."""
    return tuple(k for k in w.kansen if k.status is Status.PRIORITISED)


def proposed(w: Workshop) -> tuple[Koppelkans, ...]:
    """The koppelkansen proposed to the projectteam and not yet chosen, in inventory order."""
    return tuple(k for k in w.kansen if k.status is Status.PROPOSED)


def record_decisions(w: Workshop, decisions: Mapping[str, tuple[Status, str]]) -> Workshop:
    """The workshop with these decisions: koppelkans id -> (status, motivation).

    A motivation is stored without the spaces and blank lines around it.
    Koppelkansen not named keep their decision; ids the workshop does not have
    (any more) are ignored, as in :func:`adopt_proposal`.
    """
    kansen = tuple(
        replace(k, status=decisions[k.id][0], motivation=decisions[k.id][1].strip())
        if k.id in decisions
        else k
        for k in w.kansen
    )
    return replace(w, kansen=kansen)


def chosen(w: Workshop) -> tuple[Koppelkans, ...]:
    """The koppelkansen the team has chosen, in inventory order."""
    return tuple(k for k in w.kansen if k.status is Status.CHOSEN)


def missing_motivations(w: Workshop) -> tuple[Koppelkans, ...]:
    """The decided koppelkansen that have no motivation yet, in inventory order.

    The rule: every koppelkans that is *chosen* or *not chosen* needs a
    motivation; a candidate does not, because nothing has been decided about it.

    *Not chosen* is the case the Wijkkompas (fase 3) names: decide, and
    communicate why the others were not chosen; residents and partners who put
    a koppelkans forward are owed the reason. *Chosen* needs one too: a chosen
    koppelkans commits parties and money, and the ranking only says how it
    scored, not why the team takes it on (a choice against the ranking most of
    all). The Besluit page asks for a reason with every decision, and the report
    marks a decision without one. A motivation of only spaces is no motivation.
    """
    return tuple(k for k in w.kansen if k.status in DECIDED and not k.motivation.strip())


MAX_LISTED_SCORES = 5  # a message names this many scores, then says how many more


def _off_scale(w: Workshop, key: ScoreKey, value: float | None) -> str | None:
    """Why one score cannot be stored in this workshop, as the text to name it by; None when fine."""
    pid, kans_id, criterion_id = key
    if criterion_id not in w.criterion_ids or kans_id not in w.kans_ids:
        return f"{pid} · {kans_id} · {criterion_id}"
    if value is None:  # "weet niet" is always an answer
        return None
    scale = w.criterion(criterion_id).scale
    try:
        number = float(value)
    except (TypeError, ValueError):
        return f"{pid} · {kans_id} · {criterion_id}: {value!s:.20}"
    on_scale = scale.low <= number <= scale.high  # NaN fails this too
    if on_scale and (isinstance(scale, NumericScale) or number == int(number)):
        return None
    return f"{pid} · {kans_id} · {criterion_id}: {number:g} ({scale.low:g}–{scale.high:g})"


def check_scores_on_scale(w: Workshop, keys: Iterable[ScoreKey] | None = None) -> None:
    """Refuse scores that are not on their criterion's scale (or not of this workshop's criteria).

    The store applies this on every write path, to the workshop as it will be
    stored: an edit that changes a scale refuses instead of leaving scores the
    engine cannot read. ``keys`` limits the check to the scores just written.
    """
    chosen = w.scores if keys is None else {k: w.scores[k] for k in keys if k in w.scores}
    problems = [p for key, value in chosen.items() if (p := _off_scale(w, key, value)) is not None]
    if problems:
        listed = "; ".join(problems[:MAX_LISTED_SCORES])
        more = len(problems) - MAX_LISTED_SCORES
        raise ScoreError(
            "scores_off_scale", n=len(problems), scores=listed + (f" (+{more})" if more > 0 else "")
        )


# -- relations, flags and package settings ------------------------------------------


def _checked(w: Workshop) -> Workshop:
    """``w`` if its relations and package settings hold; else the first problem, as an error.

    The rules are those the workshop file is read by (:func:`relation_problems`), so a
    screen refuses what a file would.
    """
    problems = relation_problems(w)
    if not problems:
        return w
    first = problems[0]
    error = PackageSettingsError if first.in_package else RelationError
    raise error(first.key, **first.params)


def add_relation(w: Workshop, relation: Relation) -> Workshop:
    """The workshop with one more relation; raises RelationError for one the rules refuse."""
    relation = replace(relation, note=relation.note.strip())
    return _checked(replace(w, relations=(*w.relations, relation)))


def remove_relation(w: Workshop, source: str, target: str, kind: RelationKind) -> Workshop:
    """The workshop without this relation (for all but voorwaarde, either order names it)."""
    identity = relation_identity(Relation(source, target, kind))
    kept = tuple(r for r in w.relations if relation_identity(r) != identity)
    if len(kept) == len(w.relations):
        raise RelationError("relation_not_found", relation=relation_label(Relation(source, target, kind)))
    return replace(w, relations=kept)


def set_kans_flags(
    w: Workshop,
    kans_id: str,
    *,
    essential: bool | None = None,
    baseline: bool | None = None,
    lead: str | None = None,
) -> Workshop:
    """The koppelkans with these flags and trekker (None: left as it is).

    Raises RelationError for an unknown koppelkans, and PackageSettingsError when
    a koppelkans the package keeps out ("nooit") would become randvoorwaardelijk.
    """
    if kans_id not in w.kans_ids:
        raise RelationError("kans_not_found", relation=kans_id, value=kans_id)
    kans = w.kans(kans_id)
    kans = replace(
        kans,
        essential=kans.essential if essential is None else bool(essential),
        baseline=kans.baseline if baseline is None else bool(baseline),
        lead=kans.lead if lead is None else lead.strip(),
    )
    return _checked(w.with_kans(kans))


def set_package_settings(w: Workshop, settings: PackageSettings) -> Workshop:
    """The workshop with these package settings; raises PackageSettingsError for ones it cannot hold."""
    return _checked(replace(w, package=settings))


def step_status(w: Workshop, kans_id: str, status: Status, motivation: str = "") -> Workshop:
    """The koppelkans one step further (or back, or off) on its route.

    Raises RelationError for an unknown koppelkans and RouteError for a step the route
    does not allow (see :func:`decision.domain.route.check_step`).
    """
    if kans_id not in w.kans_ids:
        raise RelationError("kans_not_found", relation=kans_id, value=kans_id)
    kans = w.kans(kans_id)
    check_step(kans, status, motivation)
    # The motivation belongs to leaving the route; coming back clears it.
    kept = motivation.strip() if status == Status.NOT_CHOSEN else ""
    return w.with_kans(replace(kans, status=status, motivation=kept))


def set_fiche(w: Workshop, kans_id: str, fiche: Fiche, *, lead: str | None = None) -> Workshop:
    """The koppelkans with this fiche, and with this trekker when one is given (the fiche
    form edits both; the trekker is the koppelkans's own :attr:`Koppelkans.lead`, stored
    without the spaces around it). Raises RelationError for an unknown koppelkans."""
    if kans_id not in w.kans_ids:
        raise RelationError("kans_not_found", relation=kans_id, value=kans_id)
    kans = w.kans(kans_id)
    return w.with_kans(replace(kans, fiche=fiche, lead=kans.lead if lead is None else lead.strip()))


# -- stakeholder groups ----------------------------------------------------------------

GROUP_WEIGHT_TOTAL = 100.0  # a group shares out 100 points over the criteria
_POINTS_TOLERANCE = 1e-6  # the points are typed whole or as decimals; 99.9999999 is 100


def set_group_weighting(w: Workshop, weighting: GroupWeighting) -> Workshop:
    """The workshop counting per person or per group ("elke groep telt even zwaar")."""
    return replace(w, group_weighting=GroupWeighting(weighting))


def set_group_weights(w: Workshop, weights: Mapping[str, Mapping[str, float]]) -> Workshop:
    """The workshop with these own weights per group (group id -> criterion id -> points).

    A group left out, or given only zeros, has no weights of its own and uses the
    workshop's. Every other group's points are 0 or more and sum to exactly 100; the
    first group that does not raises :class:`~decision.errors.WeightsError` naming it
    (``group`` is its id), and nothing changes.
    """
    known = {g.id for g in w.groups}
    criteria = set(w.criterion_ids)
    kept: dict[str, dict[str, float]] = {}
    for gid, points in weights.items():
        if gid not in known:
            raise WeightsError("group_unknown", group=gid)
        row = {cid: float(v) for cid, v in points.items() if cid in criteria}
        if any(v < 0 for v in row.values()):
            raise WeightsError("group_weights_negative", group=gid)
        total = sum(row.values())
        if total == 0:
            continue  # nothing given: the group uses the workshop's weights
        if abs(total - GROUP_WEIGHT_TOTAL) > _POINTS_TOLERANCE:
            raise WeightsError("group_weights_sum", group=gid, total=f"{total:g}")
        kept[gid] = row
    return replace(w, group_weights=kept)


def set_report_settings(w: Workshop, settings: ReportSettings) -> Workshop:
    """The workshop with these report settings; criteria left out that the workshop has not are dropped.

    The contact is kept as typed, without the blank lines around it.
    """
    known = set(w.criterion_ids)
    hidden = tuple(dict.fromkeys(cid for cid in settings.hidden_criteria if cid in known))
    return replace(w, reports=replace(settings, contact=settings.contact.strip(), hidden_criteria=hidden))


def set_groups(w: Workshop, groups: Sequence[StakeholderGroup]) -> Workshop:
    """The workshop with this list of stakeholder groups.

    A participant of a group that is gone belongs to no group any more, and that group's
    own weights go with it: nothing may point at a group the workshop does not have.
    """
    kept = {g.id for g in groups}
    people = tuple(p if not p.group or p.group in kept else replace(p, group="") for p in w.participants)
    weights = {gid: dict(ws) for gid, ws in w.group_weights.items() if gid in kept}
    return replace(w, groups=tuple(groups), participants=people, group_weights=weights)
