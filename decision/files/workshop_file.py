"""The workshop file: one YAML document that holds a whole workshop.

Reading validates everything before anything is returned, so a wrong file is
refused as a whole with a message that names the key path and the problem;
nothing is ever partly loaded. Writing and reading back gives an equal
:class:`~decision.domain.model.Workshop`. The format is described in the README
("Het workshopbestand").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from decision.domain.model import (
    DEFAULT_GROUPS,
    DEFAULT_MOMENT_WINDOW,
    DEFAULT_PACKAGE_SIZE,
    Address,
    AmbitionTheme,
    Consultation,
    CostBasis,
    Fiche,
    Funding,
    FundingState,
    GroupWeighting,
    KansType,
    Koppelkans,
    LinkedProject,
    Milestone,
    NextStep,
    NumericScale,
    PackageSettings,
    Participant,
    ParticipationLevel,
    Range,
    Relation,
    RelationKind,
    ReportSettings,
    SheetBasis,
    StakeholderGroup,
    Status,
    Text,
    WeightMethod,
    Workshop,
)
from decision.domain.moment import MAX_WINDOW_YEARS, window_error
from decision.domain.relations import relation_problems
from decision.errors import FileFormatError, RangeError
from decision.files.criteria_sets import check_header, criterion_to_data, parse_criteria_list
from decision.files.limits import (
    MAX_LIST_ITEMS,
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    MAX_WEIGHT_INPUT_VALUES,
    MAX_WORKSHOP_MB,
    check_size,
)
from decision.files.reader import (
    Node,
    check_length,
    check_unique,
    decode,
    parse_yaml,
    read_text,
    shown_params,
)

FORMAT = "koppelkansen-workshop"
VERSION = 1
UNKNOWN_WORDS = ("weet niet", "weetniet", "?", "onbekend")

TOP_KEYS = (
    "formaat", "versie", "workshop", "ambitie", "criteriaset", "weging",
    "criteria", "koppelkansen", "deelnemers", "scores", "scoreformulieren", "notities",
    "natuurlijk_moment", "samenhang", "pakket", "groepen", "groepsweging", "groepsgewichten",
    "rapportage",
)  # fmt: skip
MOMENT_KEYS = ("vanaf_jaren", "tot_jaren")
KANS_KEYS = (
    "id", "naam", "type", "beschrijving", "beleidsdomeinen", "partijen", "project",
    "extra_kosten", "duur_maanden", "kansen", "risicos", "ambitie", "status", "motivatie",
    "trekker", "randvoorwaardelijk", "basisalternatief", "uitwerking",
)  # fmt: skip
FICHE_KEYS = (
    "kostendrager", "dekking", "gevolgen", "voorwaarden", "afgestemd", "mijlpalen", "vervolgstappen",
    "voor_bewoners", "waar", "wat_merkt_u", "meepraten", "meepraten_datum", "meepraten_niveau",
)  # fmt: skip
REPORT_KEYS = ("aanspreekvorm", "contact", "verborgen_criteria")
RELATION_KEYS = ("van", "naar", "soort", "toelichting", "punten")
PACKAGE_KEYS = ("omvang", "meerkosten_max", "meerkosten_op", "per_partij", "per_jaar", "altijd", "nooit")


def _opt_str(node: Node, key: str, limit: int = MAX_TEXT_CHARS) -> str:
    child = node.get(key)
    return child.str(allow_empty=True, limit=limit) if child else ""


def _name(node: Node, key: str) -> str:
    return node.child(key).str(limit=MAX_NAME_CHARS)


def _range(node: Node, *, low: float = 0) -> Range:
    node.mapping(("min", "max"), required=("min", "max"))
    lo = node.child("min").number(low=low)
    hi = node.child("max").number(low=low)
    try:
        return Range(lo, hi)
    except RangeError as err:  # the range names what is wrong; the file names where
        raise node.fail(err.key, **err.params) from None


def _theme(node: Node) -> AmbitionTheme:
    node.mapping(("id", "thema", "doel", "indicator"), required=("id", "thema"))
    ident = node.child("id").identifier()
    node = node.labelled(ident)
    return AmbitionTheme(ident, _name(node, "thema"), _opt_str(node, "doel"), _opt_str(node, "indicator"))


def _names(node: Node, key: str) -> tuple[str, ...]:
    return node.child(key).str_list(limit=MAX_NAME_CHARS) if node.has(key) else ()


def _kans(node: Node, theme_ids: set[str]) -> Koppelkans:
    node.mapping(KANS_KEYS, required=("id", "naam", "type"))
    ident = node.child("id").identifier()
    node = node.labelled(ident)
    project = None
    if node.has("project"):
        pnode = node.child("project").mapping(("naam", "startjaar"), required=("naam",))
        year = pnode.get("startjaar")
        project = LinkedProject(_name(pnode, "naam"), year.integer(low=1900, high=2200) if year else None)
    themes = _names(node, "ambitie")  # ids or names of the themes
    for theme in themes:
        if theme not in theme_ids:
            raise node.child("ambitie").fail("unknown_ref", what="ambitiethema", value=theme)
    status = Status.CANDIDATE
    if node.has("status"):
        status = Status(node.child("status").choice(tuple(s.value for s in Status)))
    return Koppelkans(
        id=ident,
        name=_name(node, "naam"),
        type=KansType(node.child("type").choice(tuple(t.value for t in KansType))),
        description=_opt_str(node, "beschrijving"),
        policy_domains=_names(node, "beleidsdomeinen"),
        parties=_names(node, "partijen"),
        project=project,
        extra_cost=_range(node.child("extra_kosten")) if node.has("extra_kosten") else None,
        duration_months=_range(node.child("duur_maanden")) if node.has("duur_maanden") else None,
        opportunities=node.child("kansen").str_list() if node.has("kansen") else (),
        risks=node.child("risicos").str_list() if node.has("risicos") else (),
        themes=themes,
        status=status,
        motivation=_opt_str(node, "motivatie"),
        lead=_opt_str(node, "trekker", MAX_NAME_CHARS),
        essential=node.child("randvoorwaardelijk").boolean() if node.has("randvoorwaardelijk") else False,
        baseline=node.child("basisalternatief").boolean() if node.has("basisalternatief") else False,
        fiche=_fiche(node.child("uitwerking")) if node.has("uitwerking") else Fiche(),
    )


def _opt_date(node: Node, key: str) -> dt.date | None:
    child = node.get(key)
    return child.date() if child is not None and child.value is not None else None


def _fiche(node: Node) -> Fiche:
    """``uitwerking``: the fiche of a prioritised koppelkans; every key may be left out."""
    if node.value is None:
        return Fiche()
    node.mapping(FICHE_KEYS)

    def items(key: str) -> list[Node]:
        return node.child(key).list() if node.has(key) else []

    funding = []
    for item in items("dekking"):
        item.mapping(("bron", "bedrag", "status"), required=("bron",))
        amount = item.get("bedrag")
        funding.append(
            Funding(
                source=_name(item, "bron"),
                amount=amount.number(low=0) if amount is not None and amount.value is not None else None,
                state=(
                    FundingState(item.child("status").choice(tuple(s.value for s in FundingState)))
                    if item.has("status")
                    else FundingState.TO_ARRANGE
                ),
            )
        )
    consultations = []
    for item in items("afgestemd"):
        item.mapping(("met", "persoon", "datum", "uitkomst"), required=("met",))
        consultations.append(
            Consultation(
                _name(item, "met"),
                _opt_str(item, "persoon", MAX_NAME_CHARS),
                _opt_date(item, "datum"),
                _opt_str(item, "uitkomst"),
            )
        )
    milestones = []
    for item in items("mijlpalen"):
        item.mapping(("naam", "datum"), required=("naam", "datum"))
        milestones.append(Milestone(_name(item, "naam"), item.child("datum").date()))
    steps = []
    for item in items("vervolgstappen"):
        item.mapping(("actie", "wie", "wanneer", "gedaan"), required=("actie",))
        steps.append(
            NextStep(
                _opt_str(item, "actie"),
                _opt_str(item, "wie", MAX_NAME_CHARS),
                _opt_date(item, "wanneer"),
                item.child("gedaan").boolean() if item.has("gedaan") else False,
            )
        )
    level = node.get("meepraten_niveau")
    return Fiche(
        cost_bearer=_opt_str(node, "kostendrager", MAX_NAME_CHARS),
        funding=tuple(funding),
        consequences=_opt_str(node, "gevolgen"),
        conditions=node.child("voorwaarden").str_list() if node.has("voorwaarden") else (),
        consultations=tuple(consultations),
        milestones=tuple(milestones),
        next_steps=tuple(steps),
        resident_summary=_opt_str(node, "voor_bewoners"),
        location=_opt_str(node, "waar"),
        resident_effect=_opt_str(node, "wat_merkt_u"),
        participation_moment=_opt_str(node, "meepraten"),
        participation_date=_opt_date(node, "meepraten_datum"),
        participation_level=(
            ParticipationLevel(level.choice(tuple(p.value for p in ParticipationLevel)))
            if level is not None and level.value is not None
            else None
        ),
    )


def _participant(node: Node, group_ids: set[str]) -> Participant:
    node.mapping(("id", "naam", "rol", "groep"), required=("id",))
    ident = node.child("id").identifier()
    node = node.labelled(ident)
    group = node.child("groep").identifier() if node.has("groep") else ""
    if group and group not in group_ids:
        raise node.child("groep").fail("unknown_ref", what="groep", value=group)
    return Participant(
        ident, _opt_str(node, "naam", MAX_NAME_CHARS), _opt_str(node, "rol", MAX_NAME_CHARS), group
    )


def _group(node: Node) -> StakeholderGroup:
    """``{id: netbeheerder, naam: Netbeheerder, naam_en: Grid operator}``."""
    node.mapping(("id", "naam", "naam_en"), required=("id", "naam"))
    ident = node.child("id").identifier()
    node = node.labelled(ident)
    return StakeholderGroup(ident, Text(_name(node, "naam"), _opt_str(node, "naam_en", MAX_NAME_CHARS)))


def _group_weights(node: Node, group_ids: set[str], criteria) -> dict[str, dict[str, float]]:
    """``groepsgewichten: {netbeheerder: {wensen: 20, kosten: 30, ...}}``: a group's own 100 points."""
    c_ids = {c.id for c in criteria}
    out: dict[str, dict[str, float]] = {}
    if node.value is None:
        return out
    for gid, g_node in node.items():
        if gid not in group_ids:
            raise g_node.fail("unknown_ref", what="groep", value=gid)
        weights: dict[str, float] = {}
        for cid, c_node in g_node.items():
            if cid not in c_ids:
                raise c_node.fail("unknown_ref", what="criterium", value=cid)
            weights[cid] = c_node.number(low=0)
        if weights and sum(weights.values()) <= 0:
            raise g_node.fail("weights_zero")
        if weights:
            out[gid] = weights
    return out


def _reports(node: Node, criteria) -> ReportSettings:
    node.mapping(REPORT_KEYS)
    c_ids = {c.id for c in criteria}
    hidden = []
    for item in node.child("verborgen_criteria").list() if node.has("verborgen_criteria") else []:
        value = item.identifier()
        if value not in c_ids:
            raise item.fail("unknown_ref", what="criterium", value=value)
        hidden.append(value)
    return ReportSettings(
        address=(
            Address(node.child("aanspreekvorm").choice(tuple(a.value for a in Address)))
            if node.has("aanspreekvorm")
            else Address.FORMAL
        ),
        contact=_opt_str(node, "contact"),
        hidden_criteria=tuple(hidden),
    )


def _score_value(node: Node, criterion) -> float | None:
    value = node.value
    if value is None or (isinstance(value, str) and value.strip().lower() in UNKNOWN_WORDS):
        return None
    scale = criterion.scale
    number = node.number()
    if not scale.low <= number <= scale.high:
        raise node.fail("score_outside", value=f"{number:g}", low=f"{scale.low:g}", high=f"{scale.high:g}")
    if not isinstance(scale, NumericScale) and number != int(number):
        raise node.fail("score_level", value=f"{number:g}", high=f"{scale.high:g}")
    return number


def _scores(node: Node, participants, kansen, criteria) -> dict:
    p_ids = {p.id for p in participants}
    k_ids = {k.id for k in kansen}
    by_id = {c.id: c for c in criteria}
    scores: dict[tuple[str, str, str], float | None] = {}
    for pid, p_node in node.items():
        if pid not in p_ids:
            raise p_node.fail("unknown_ref", what="deelnemer", value=pid)
        if p_node.value is None:  # an empty score sheet, like an empty koppelkans row
            continue
        for kid, k_node in p_node.items():
            if kid not in k_ids:
                raise k_node.fail("unknown_ref", what="koppelkans", value=kid)
            if k_node.value is None:
                continue
            for cid, c_node in k_node.items():
                if cid not in by_id:
                    raise c_node.fail("unknown_ref", what="criterium", value=cid)
                scores[(pid, kid, cid)] = _score_value(c_node, by_id[cid])
    return scores


def _notes(node: Node, kansen, criteria) -> dict[tuple[str, str], str]:
    """The notes on cells: ``notities: {K01: {wensen: tekst}}``, each naming a koppelkans and criterion."""
    k_ids = {k.id for k in kansen}
    c_ids = {c.id for c in criteria}
    notes: dict[tuple[str, str], str] = {}
    if node.value is None:
        return notes
    for kid, k_node in node.items():
        if kid not in k_ids:
            raise k_node.fail("unknown_ref", what="koppelkans", value=kid)
        if k_node.value is None:
            continue
        for cid, c_node in k_node.items():
            if cid not in c_ids:
                raise c_node.fail("unknown_ref", what="criterium", value=cid)
            text = c_node.str(allow_empty=True, limit=MAX_TEXT_CHARS) if c_node.value is not None else ""
            if text.strip():
                notes[(kid, cid)] = text
    return notes


def _plain(node: Node, budget: list[int]) -> Any:
    """Free-form weighting input: texts, numbers, lists and mappings only.

    The weight editors keep criterion ids, method codes and numbers here, so a text
    is at most a name long, a number must be one they can compute with (finite,
    within a float's range), and the whole holds at most
    :data:`~decision.files.limits.MAX_WEIGHT_INPUT_VALUES` values (``budget`` counts
    down what is left). Every other field of the file has a meaning its reader checks;
    this one is where the attack file was once accepted and stored as 24 MB.
    """
    budget[0] -= 1
    if budget[0] < 0:
        raise node.fail("weight_inputs_too_many", limit=MAX_WEIGHT_INPUT_VALUES)
    value = node.value
    if isinstance(value, dict):
        plain = {}
        for key, child in node.items():
            check_length(node, key, MAX_NAME_CHARS)
            plain[key] = _plain(child, budget)
        return plain
    if isinstance(value, list):
        return [_plain(child, budget) for child in node.list()]
    if isinstance(value, str):
        check_length(node, value, MAX_NAME_CHARS)
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        node.number()  # finite and within a float's range, or a clear refusal
        return value
    if value is None or isinstance(value, bool):
        return value
    raise node.fail("type", expected="text, number, list or mapping", got=type(value).__name__)


def _moment_window(node: Node) -> tuple[float, float]:
    """``natuurlijk_moment: {vanaf_jaren: 1.5, tot_jaren: 4}``; a key left out keeps its default."""
    node.mapping(MOMENT_KEYS)
    low, high = DEFAULT_MOMENT_WINDOW
    if node.has("vanaf_jaren"):
        low = node.child("vanaf_jaren").number(low=0, high=MAX_WINDOW_YEARS)
    if node.has("tot_jaren"):
        high = node.child("tot_jaren").number(low=0, high=MAX_WINDOW_YEARS)
    problem = window_error((low, high))
    if problem is not None:
        raise node.fail(problem, low=f"{low:g}", high=f"{high:g}", limit=f"{MAX_WINDOW_YEARS:g}")
    return (low, high)


def _relation(node: Node) -> Relation:
    """``{van: K02, naar: K01, soort: voorwaarde}``; whether the ids exist is checked on the whole."""
    node.mapping(RELATION_KEYS, required=("van", "naar", "soort"))
    points = node.get("punten")
    return Relation(
        source=node.child("van").identifier(),
        target=node.child("naar").identifier(),
        kind=RelationKind(node.child("soort").choice(tuple(k.value for k in RelationKind))),
        note=_opt_str(node, "toelichting"),
        points=points.number() if points is not None and points.value is not None else None,
    )


def _package(node: Node) -> PackageSettings:
    """``pakket``: what a package must meet; a key left out keeps its default (no cap)."""
    node.mapping(PACKAGE_KEYS)

    def opt_int(key: str) -> int | None:
        child = node.get(key)
        # a cap above the number of koppelkansen a file can hold caps nothing; the domain refuses below 1
        return child.integer(high=MAX_LIST_ITEMS) if child is not None and child.value is not None else None

    budget = node.get("meerkosten_max")
    return PackageSettings(
        size=node.child("omvang").integer() if node.has("omvang") else DEFAULT_PACKAGE_SIZE,
        budget=budget.number() if budget is not None and budget.value is not None else None,
        cost_basis=(
            CostBasis(node.child("meerkosten_op").choice(tuple(b.value for b in CostBasis)))
            if node.has("meerkosten_op")
            else CostBasis.HIGH
        ),
        per_party=opt_int("per_partij"),
        per_year=opt_int("per_jaar"),
        include=tuple(n.identifier() for n in node.child("altijd").list()) if node.has("altijd") else (),
        exclude=tuple(n.identifier() for n in node.child("nooit").list()) if node.has("nooit") else (),
    )


def _check_relations(w: Workshop, file: str) -> Workshop:
    """Refuse the workshop at the first problem with its relations or package (the domain's rules)."""
    problems = relation_problems(w)
    if problems:
        first = problems[0]
        raise FileFormatError(file, first.path, first.key, **shown_params(first.params))
    return w


def workshop_from_data(data: Any, file: str) -> Workshop:
    """Validate parsed YAML and build the workshop; raises FileFormatError."""
    root = Node(data, file)
    root.mapping(TOP_KEYS, required=("formaat", "versie", "workshop", "criteria"))
    check_header(root, FORMAT, VERSION)
    meta = root.child("workshop").mapping(
        ("naam", "wijk", "gemeente", "datum", "fictief", "beschrijving"), required=("naam",)
    )
    theme_items = root.child("ambitie").list() if root.has("ambitie") else []
    themes = [_theme(n) for n in theme_items]
    check_unique([(n, t.id) for n, t in zip(theme_items, themes, strict=True)], "ambitiethema")
    criteria = parse_criteria_list(root.child("criteria"))
    kans_items = root.child("koppelkansen").list() if root.has("koppelkansen") else []
    theme_ids = {t.id for t in themes}
    kansen = [_kans(n, theme_ids) for n in kans_items]
    check_unique([(n, k.id) for n, k in zip(kans_items, kansen, strict=True)], "koppelkans")
    group_items = root.child("groepen").list() if root.has("groepen") else None
    groups = DEFAULT_GROUPS if group_items is None else tuple(_group(n) for n in group_items)
    if group_items is not None:
        check_unique([(n, g.id) for n, g in zip(group_items, groups, strict=True)], "groep")
    group_ids = {g.id for g in groups}
    p_items = root.child("deelnemers").list() if root.has("deelnemers") else []
    participants = [_participant(n, group_ids) for n in p_items]
    check_unique([(n, p.id) for n, p in zip(p_items, participants, strict=True)], "deelnemer")
    scores = _scores(root.child("scores"), participants, kansen, criteria) if root.has("scores") else {}
    notes = _notes(root.child("notities"), kansen, criteria) if root.has("notities") else {}
    method, inputs = WeightMethod.DIRECT, {}
    if root.has("weging"):
        wnode = root.child("weging").mapping(("methode", "invoer"), required=("methode",))
        method = WeightMethod(wnode.child("methode").choice(tuple(m.value for m in WeightMethod)))
        if wnode.has("invoer"):
            inode = wnode.child("invoer")
            if not isinstance(inode.value, dict):
                raise inode.fail("type", expected="mapping", got=type(inode.value).__name__)
            inputs = _plain(inode, [MAX_WEIGHT_INPUT_VALUES + 1])  # the mapping itself counts too
    # Which score sheets count; files from before this choice existed mean the automatic one.
    basis = SheetBasis.AUTO
    if root.has("scoreformulieren"):
        basis = SheetBasis(root.child("scoreformulieren").choice(tuple(b.value for b in SheetBasis)))
    relations = tuple(_relation(n) for n in root.child("samenhang").list()) if root.has("samenhang") else ()
    package = _package(root.child("pakket")) if root.has("pakket") else PackageSettings()
    workshop = Workshop(
        name=_name(meta, "naam"),
        neighbourhood=_opt_str(meta, "wijk", MAX_NAME_CHARS),
        municipality=_opt_str(meta, "gemeente", MAX_NAME_CHARS),
        date=meta.child("datum").date() if meta.has("datum") else None,
        fictitious=meta.child("fictief").boolean() if meta.has("fictief") else False,
        description=_opt_str(meta, "beschrijving"),
        themes=tuple(themes),
        criteria_set=_name(root, "criteriaset") if root.has("criteriaset") else "",
        criteria=criteria,
        weight_method=method,
        weight_inputs=inputs,
        kansen=tuple(kansen),
        participants=tuple(participants),
        scores=scores,
        sheet_basis=basis,
        cell_notes=notes,
        moment_window=(
            _moment_window(root.child("natuurlijk_moment"))
            if root.has("natuurlijk_moment")
            else DEFAULT_MOMENT_WINDOW
        ),
        relations=relations,
        package=package,
        groups=groups,
        group_weighting=(
            GroupWeighting(root.child("groepsweging").choice(tuple(g.value for g in GroupWeighting)))
            if root.has("groepsweging")
            else GroupWeighting.AUTO
        ),
        group_weights=(
            _group_weights(root.child("groepsgewichten"), group_ids, criteria)
            if root.has("groepsgewichten")
            else {}
        ),
        reports=_reports(root.child("rapportage"), criteria) if root.has("rapportage") else ReportSettings(),
    )
    return _check_relations(workshop, file)


def parse_workshop_bytes(raw: bytes, file: str) -> Workshop:
    """Read a workshop from uploaded bytes (the app's import)."""
    check_size(raw, file, MAX_WORKSHOP_MB)
    return workshop_from_data(parse_yaml(decode(raw, file), file), file)


def parse_workshop_text(text: str, label: str) -> Workshop:
    """Parse workshop YAML we wrote ourselves (the store's documents) with the fast C loader."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return workshop_from_data(yaml.load(text, Loader=loader), label)


def load_workshop(path: str | Path) -> Workshop:
    """Read and validate a workshop file."""
    return workshop_from_data(parse_yaml(read_text(path), str(path)), str(path))


# -- writing --------------------------------------------------------------------
def _range_data(r: Range | None) -> dict[str, float] | None:
    return None if r is None else {"min": _num(r.low), "max": _num(r.high)}


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def _kans_data(k: Koppelkans) -> dict[str, Any]:
    data: dict[str, Any] = {"id": k.id, "naam": k.name, "type": k.type.value}
    optional = {
        "beschrijving": k.description,
        "beleidsdomeinen": list(k.policy_domains),
        "partijen": list(k.parties),
        "trekker": k.lead,
        "project": (
            None
            if k.project is None
            else {
                "naam": k.project.name,
                **({"startjaar": k.project.start_year} if k.project.start_year else {}),
            }
        ),
        "extra_kosten": _range_data(k.extra_cost),
        "duur_maanden": _range_data(k.duration_months),
        "kansen": list(k.opportunities),
        "risicos": list(k.risks),
        "ambitie": list(k.themes),
        "motivatie": k.motivation,
        # The flags are written only when set, so a file without them reads in older versions.
        "randvoorwaardelijk": k.essential,
        "basisalternatief": k.baseline,
        "uitwerking": _fiche_data(k.fiche),
    }
    data.update({key: value for key, value in optional.items() if value})
    data["status"] = k.status.value
    return data


def _fiche_data(f: Fiche) -> dict[str, Any] | None:
    """The fiche with only the keys that are filled in; None when it is empty (no ``uitwerking``)."""
    if f.empty:
        return None

    def some(pairs: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in pairs.items() if value not in (None, "", [], False)}

    data = {
        "kostendrager": f.cost_bearer,
        "dekking": [
            some(
                {
                    "bron": d.source,
                    "bedrag": None if d.amount is None else _num(d.amount),
                    "status": d.state.value,
                }
            )
            for d in f.funding
        ],
        "gevolgen": f.consequences,
        "voorwaarden": list(f.conditions),
        "afgestemd": [
            some({"met": c.domain, "persoon": c.person, "datum": c.date, "uitkomst": c.outcome})
            for c in f.consultations
        ],
        "mijlpalen": [{"naam": m.name, "datum": m.date} for m in f.milestones],
        "vervolgstappen": [
            some({"actie": s.action, "wie": s.owner, "wanneer": s.due, "gedaan": s.done})
            for s in f.next_steps
        ],
        "voor_bewoners": f.resident_summary,
        "waar": f.location,
        "wat_merkt_u": f.resident_effect,
        "meepraten": f.participation_moment,
        "meepraten_datum": f.participation_date,
        "meepraten_niveau": None if f.participation_level is None else f.participation_level.value,
    }
    return some(data)


def _group_data(g: StakeholderGroup) -> dict[str, Any]:
    return {"id": g.id, "naam": g.label.nl, **({"naam_en": g.label.en} if g.label.en else {})}


def _reports_data(r: ReportSettings) -> dict[str, Any] | None:
    if r == ReportSettings():
        return None
    data: dict[str, Any] = {"aanspreekvorm": r.address.value}
    if r.contact:
        data["contact"] = r.contact
    if r.hidden_criteria:
        data["verborgen_criteria"] = list(r.hidden_criteria)
    return data


def _relation_data(r: Relation) -> dict[str, Any]:
    data: dict[str, Any] = {"van": r.source, "naar": r.target, "soort": r.kind.value}
    if r.note:
        data["toelichting"] = r.note
    if r.points is not None:
        data["punten"] = _num(r.points)
    return data


def _package_data(p: PackageSettings) -> dict[str, Any] | None:
    """The package settings that differ from the default; None when none do (no ``pakket`` key)."""
    if p == PackageSettings():
        return None
    data: dict[str, Any] = {"omvang": p.size}
    if p.budget is not None:
        data["meerkosten_max"] = _num(p.budget)
    if p.cost_basis is not CostBasis.HIGH:
        data["meerkosten_op"] = p.cost_basis.value
    if p.per_party is not None:
        data["per_partij"] = p.per_party
    if p.per_year is not None:
        data["per_jaar"] = p.per_year
    if p.include:
        data["altijd"] = list(p.include)
    if p.exclude:
        data["nooit"] = list(p.exclude)
    return data


class _FlowMap(dict):
    """A mapping written on one line: keeps score sheets readable."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # the reader refuses anchors, so a value used twice is written out twice


_Dumper.add_representer(
    _FlowMap, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)
)


def workshop_to_data(w: Workshop) -> dict[str, Any]:
    meta: dict[str, Any] = {"naam": w.name, "wijk": w.neighbourhood, "gemeente": w.municipality}
    if w.date:
        meta["datum"] = w.date
    meta["fictief"] = w.fictitious
    if w.description:
        meta["beschrijving"] = w.description
    sheets: dict[str, dict[str, _FlowMap]] = {}
    for p in w.participants:
        for k in w.kansen:
            row = _FlowMap()
            for c in w.criteria:
                key = (p.id, k.id, c.id)
                if key in w.scores:
                    value = w.scores[key]
                    row[c.id] = "weet niet" if value is None else _num(value)
            if row:
                sheets.setdefault(p.id, {})[k.id] = row
    data: dict[str, Any] = {
        "formaat": FORMAT,
        "versie": VERSION,
        "workshop": meta,
        "ambitie": [
            {"id": t.id, "thema": t.theme, "doel": t.goal, "indicator": t.indicator} for t in w.themes
        ],
        "criteriaset": w.criteria_set or None,
        "weging": {
            "methode": w.weight_method.value,
            **({"invoer": dict(w.weight_inputs)} if w.weight_inputs else {}),
        },
        "criteria": [criterion_to_data(c) for c in w.criteria],
        "koppelkansen": [_kans_data(k) for k in w.kansen],
        # Relations and package settings next to the koppelkansen they name; left out when
        # there are none, so such a file stays readable by versions from before they existed.
        "samenhang": [_relation_data(r) for r in w.relations] or None,
        "pakket": _package_data(w.package),
        # The stakeholder groups only when the team changed the default list, and the rest of
        # the perspectives only when set, so a file without them reads in older versions.
        "groepen": None if w.groups == DEFAULT_GROUPS else [_group_data(g) for g in w.groups],
        "groepsweging": None if w.group_weighting is GroupWeighting.AUTO else w.group_weighting.value,
        "groepsgewichten": {g: {c: _num(v) for c, v in ws.items()} for g, ws in w.group_weights.items() if ws}
        or None,
        "deelnemers": [
            {
                "id": p.id,
                **({"naam": p.name} if p.name else {}),
                **({"rol": p.role} if p.role else {}),
                **({"groep": p.group} if p.group else {}),
            }
            for p in w.participants
        ],
        # Which sheets the result rests on; the default is left out, so a file that does
        # not use the choice stays readable by versions from before it existed.
        "scoreformulieren": None if w.sheet_basis is SheetBasis.AUTO else w.sheet_basis.value,
        # The same for the natural-moment window: written only when the team changed it.
        "natuurlijk_moment": (
            None
            if tuple(w.moment_window) == DEFAULT_MOMENT_WINDOW
            else {"vanaf_jaren": _num(w.moment_window[0]), "tot_jaren": _num(w.moment_window[1])}
        ),
        "scores": sheets,
        # Notes on cells, koppelkans by koppelkans in the workshop's order; left out when there are
        # none, so a file without notes stays readable by versions from before they existed.
        "notities": _notes_data(w) or None,
        "rapportage": _reports_data(w.reports),
    }
    return {key: value for key, value in data.items() if value is not None}


def _notes_data(w: Workshop) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for k in w.kansen:
        for c in w.criteria:
            note = w.cell_notes.get((k.id, c.id))
            if note:
                out.setdefault(k.id, {})[c.id] = note
    return out


def dump_workshop(w: Workshop) -> str:
    """The workshop as YAML text (UTF-8, Dutch keys, one line per score sheet row)."""
    header = "# Koppelkansen-workshopbestand. Formaat: zie README, 'Het workshopbestand'.\n"
    body = yaml.dump(workshop_to_data(w), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def save_workshop(w: Workshop, path: str | Path) -> None:
    """Write atomically: a crash mid-write never leaves a half file behind."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(dump_workshop(w), encoding="utf-8")
    tmp.replace(target)
