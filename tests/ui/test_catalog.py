"""The two catalogs: the engine's (``decision/text/catalog.py``) and the app's (``ui/catalog.py``).

What a user relies on: every text exists in Dutch and English; the command line
and the report never show a bare key because a text they need went to the app's
catalog; every key a page asks for exists; and neither catalog keeps texts
nobody shows. Keys are found by reading the code: string literals, and the
literal start of keys built at run time (``f"status.{s}"``, ``"weights.rank_" + m``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from decision.text import i18n
from decision.text.catalog import CATALOG
from ui import catalog as ui_catalog
from ui.catalog import UI_CATALOG

ROOT = Path(__file__).resolve().parents[2]
ENGINE_FILES = sorted(p for p in (ROOT / "decision").rglob("*.py") if p != ROOT / "decision/text/catalog.py")
UI_FILES = sorted(
    [*(ROOT / "ui").rglob("*.py"), *(ROOT / "screens").rglob("*.py"), ROOT / "app.py"],
)
UI_FILES = [p for p in UI_FILES if p != ROOT / "ui/catalog.py"]

# Keys that code builds at run time from a literal start and a value. Each start
# says where it is built, so a key that only matches one of these still counts as used.
ENGINE_DYNAMIC = {
    "error.": "decision/errors.py: DecisionError(key) looks up error.<key>",
    "problem.": "decision/errors.py: a problem inside a file, problem.<code>",
    "report.": "decision/output/report: ReportContext.tx(key) reads report.<key>",
    "col.": "decision/cli.py: the ranking table's headers",
    "log.action.": "decision/output/logview.py: what happened, per action",
    "log.col_": "decision/output/logview.py: the log table's headers",
    "log.kind.": "decision/output/logview.py: the kind of an entry",
    "log.status.": "decision/output/logview.py: a koppelkans's old and new status",
    "log.operation.": "decision/output/logview.py: the kind of write that was refused",
    "log.relation.": "decision/output/logview.py: a relation between koppelkansen, per kind",
    "log.flag.": "decision/output/logview.py: a koppelkans's flag set or cleared",
    "log.group_weighting.": "decision/output/logview.py: how groups count, before and after",
    "chart.methods.": "decision/output/charts/methods.py: same / up / down",
    "chart.type.": "decision/output/charts/_layout.py: the type of a koppelkans",
    "merge.field.": "decision/domain/merge.py: the name of a field that collided",
    "merge.list.": "decision/domain/merge.py: the list whose order collided",
    "merge.path.": "decision/domain/merge.py: where a collision is",
    "moment.": "decision/output/charts/timeline.py, exports, report: a natural-moment class",
    "package.issue.": "decision/domain/packages.py: what keeps a set from being a package, per kind",
    "package.sentence.": "decision/domain/packages.py: a package's weight, more or less, to lose or win",
    "package.cost_basis.": "decision/domain/packages.py: which end of the cost ranges a budget counts",
    "package.why.pair.": "decision/domain/packages.py: a pair bonus, per relation kind",
    "chart.packages.kind.": "decision/output/charts/packages.py: a relation kind in the matrix",
    "fiche.field.": "decision/domain/fiche.py: a required field of a fiche, by its code",
    "residents.": "decision/output/residents.py: a phrase of the letter, per form of address (u, je)",
    "appendix.": "decision/output/appendix.py: _tx(key) reads appendix.<key>",
}
UI_DYNAMIC = {
    "direction.": "screens/ambitie.py, ui/conflicts.py: a criterion's direction, by its file word",
    "anchors.stale_": "ui/anchors.py: which language still holds the old text",
    "type.": "ui/cards.py and others: the type of a koppelkans",
    "status.": "screens/besluit.py, ui/kans_form.py: a koppelkans's status",
    "aggregation.": "screens/resultaten.py: the aggregation picker",
    "role.": "screens/meedoen.py: a participant's role",
    "results.section_": "screens/resultaten.py: the sections of the results page",
    "results.help_": "screens/resultaten.py: a caption per section",
    "scoren.view_": "screens/scoren.py: the scoring views",
    "sens.uncertainty.": "screens/gevoeligheid.py: how uncertain the weights are",
    "weights.ahp_": "ui/weights.py: the strength of a pairwise judgement",
    "weights.method_": "ui/weights.py: the weighting methods",
    "weights.rank_": "ui/weights.py: the rank-to-weight rules",
    "moment.": "ui/cards.py: the natural-moment class on a card's badge",
    "relation.": "screens/samenhang.py: a relation kind in the picker and the list",
    "rules.basis_": "ui/package_rules.py: which end of the cost ranges the cap counts",
    "reports.address_": "ui/report_settings.py: the form of address of the letter, u or je",
    "uitwerken.": "ui/fiche_form.py: a field, a table or a funding state of the fiche form",
}
# a namespace.rest literal that is a file name, a module or an attribute, not a text
NOT_A_KEY = re.compile(r"\.(py|yaml|yml|csv|html|json|db|svg|png|txt)$")
KEY_SHAPE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_.]+$")
NAMESPACES = {key.split(".")[0] for key in (*CATALOG, *UI_CATALOG)}


class _References(ast.NodeVisitor):
    """The keys one file refers to: literals shaped like a key, the key argument of
    ``t``/``tr`` calls, ``report.``-relative keys of ``tx`` calls, and the literal
    starts of keys built at run time."""

    def __init__(self) -> None:
        self.literals: set[str] = set()
        self.called: set[str] = set()
        self.prefixes: set[str] = set()

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and KEY_SHAPE.match(node.value) and not NOT_A_KEY.search(node.value):
            if node.value.split(".")[0] in NAMESPACES:
                self.literals.add(node.value)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        if node.values and isinstance(node.values[0], ast.Constant) and len(node.values) > 1:
            self.prefixes.add(str(node.values[0].value))
        for part in node.values:  # the literal parts are pieces of a key, not keys
            if not isinstance(part, ast.Constant):
                self.visit(part)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        left = node.left
        if isinstance(node.op, ast.Add) and isinstance(left, ast.Constant) and isinstance(left.value, str):
            self.prefixes.add(left.value)
            self.visit(node.right)
        else:
            self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        first = node.args[0] if node.args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            if name in ("t", "tr"):
                self.called.add(first.value)
            elif name == "tx":
                self.called.add("report." + first.value)
        self.generic_visit(node)


def _references(files: Iterable[Path]) -> _References:
    found = _References()
    for path in files:
        found.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return found


@pytest.fixture(scope="module")
def engine() -> _References:
    return _references(ENGINE_FILES)


@pytest.fixture(scope="module")
def app() -> _References:
    return _references(UI_FILES)


@pytest.mark.parametrize("name, table", [("engine", CATALOG), ("ui", UI_CATALOG)])
def test_every_text_is_there_in_dutch_and_english(name, table):
    assert table, name
    for key, entry in table.items():
        assert isinstance(entry, tuple) and len(entry) == 2, (name, key)
        nl, en = entry
        assert isinstance(nl, str) and nl.strip(), (name, key, "nl")
        assert isinstance(en, str) and en.strip(), (name, key, "en")


@pytest.mark.parametrize("name, table", [("engine", CATALOG), ("ui", UI_CATALOG)])
def test_both_languages_have_the_same_placeholders(name, table):
    for key, (nl, en) in table.items():
        assert set(re.findall(r"\{(\w+)", nl)) == set(re.findall(r"\{(\w+)", en)), (name, key)


def test_no_key_is_in_both_catalogs():
    assert not sorted(set(CATALOG) & set(UI_CATALOG))


def test_one_entry_per_line_so_a_duplicate_key_cannot_hide():
    """A dict literal keeps the last of two equal keys without a word; count the lines."""
    for path in (ROOT / "decision/text/catalog.py", ROOT / "ui/catalog.py"):
        keys = re.findall(r'^    "([^"]+)": \(', path.read_text(encoding="utf-8"), flags=re.M)
        table = CATALOG if path.parent.name == "text" else UI_CATALOG
        assert len(keys) == len(set(keys)) == len(table), path.name


def test_every_key_the_engine_refers_to_is_in_the_engines_catalog(engine):
    """The command line, the report and the error messages run without the app."""
    missing = sorted((engine.literals | engine.called) - set(CATALOG))
    assert not missing, f"in decision/ but not in decision/text/catalog.py: {missing}"


def test_every_key_the_engine_builds_starts_like_an_engine_key(engine):
    for prefix in engine.prefixes:
        if any(key.startswith(prefix) for key in (*CATALOG, *UI_CATALOG)) and "." in prefix:
            assert any(key.startswith(prefix) for key in CATALOG), prefix


def test_every_key_the_app_refers_to_exists(app):
    missing = sorted((app.literals | app.called) - set(CATALOG) - set(UI_CATALOG))
    assert not missing, f"in ui/, screens/ or app.py but in neither catalog: {missing}"


def test_texts_only_the_app_shows_are_in_the_apps_catalog(engine):
    """A key that nothing under decision/ refers to belongs to ui/catalog.py."""
    engine_used = {
        key
        for key in CATALOG
        if key in engine.literals | engine.called or key.startswith(tuple(ENGINE_DYNAMIC))
    }
    assert not sorted(set(CATALOG) - engine_used)


def test_no_text_is_unused(engine, app):
    literal = engine.literals | engine.called | app.literals | app.called
    unused_engine = [k for k in CATALOG if k not in literal and not k.startswith(tuple(ENGINE_DYNAMIC))]
    unused_ui = [
        k for k in UI_CATALOG if k not in literal and not k.startswith(tuple(UI_DYNAMIC | ENGINE_DYNAMIC))
    ]
    assert not unused_engine, unused_engine
    assert not unused_ui, unused_ui


def test_every_listed_dynamic_start_is_really_built_somewhere(engine, app):
    """The lists above excuse keys from being found literally; a start nobody builds
    any more would hide unused texts."""
    assert set(ENGINE_DYNAMIC) <= engine.prefixes
    assert set(UI_DYNAMIC) <= app.prefixes


def test_the_apps_lookup_reads_its_own_catalog_first_then_the_engines():
    ui_key, (ui_nl, ui_en) = next(iter(UI_CATALOG.items()))
    engine_key, (engine_nl, engine_en) = next(iter(CATALOG.items()))
    assert ui_catalog.t(ui_key, "nl") == ui_nl and ui_catalog.t(ui_key, "en") == ui_en
    assert ui_catalog.t(engine_key, "en") == engine_en
    assert i18n.t(ui_key, "nl") == ui_key  # the engine does not see the app's texts
    assert ui_catalog.t("no.such.key", "nl") == "no.such.key"


def test_the_apps_lookup_fills_in_placeholders():
    key = next(k for k, (nl, _) in UI_CATALOG.items() if re.search(r"\{\w+\}", nl))
    names = set(re.findall(r"\{(\w+)\}", UI_CATALOG[key][0]))
    filled = ui_catalog.t(key, "nl", **{n: "§" for n in names})
    assert "{" not in filled.replace("{{", "") and "§" in filled
