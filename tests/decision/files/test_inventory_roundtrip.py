"""The inventory CSV is exactly what the CSV import reads: export, import, the same koppelkansen.

What a team relies on: they download the list, edit it in Excel (or not) and read it
back into this or another workshop, and nothing of it has changed on the way.
"""

from __future__ import annotations

import random
from dataclasses import replace

from test_csv_export import parse

from decision.domain.model import AmbitionTheme, Fiche, KansType, Koppelkans, LinkedProject, Range, Status
from decision.files import paths
from decision.files.cells import join_items, split_items
from decision.files.csv_export import INVENTORY_COLUMNS, inventory_csv
from decision.files.csv_import import COLUMNS, merge_kansen, parse_kansen_csv
from decision.files.workshop_file import load_workshop

# what the list holds, as opposed to this workshop's decision about it
DECISION = {"status": Status.CANDIDATE, "motivation": ""}


def round_trip(w):
    """Export the inventory and import it into the same workshop emptied of koppelkansen."""
    imported = parse_kansen_csv(inventory_csv(w), "koppelkansen.csv")
    assert imported.ignored_columns == ()
    return merge_kansen(replace(w, kansen=()), imported).kansen


def undecided(kansen):
    return tuple(replace(k, **DECISION) for k in kansen)


def test_the_example_inventory_comes_back_the_same():
    w = load_workshop(paths.EXAMPLE_WORKSHOP)
    # the inventory is the list of koppelkansen, not their working-out: a fiche stays out
    assert round_trip(w) == undecided(replace(k, fiche=Fiche()) for k in w.kansen)


def test_the_header_is_the_importers_own_column_names():
    w = load_workshop(paths.EXAMPLE_WORKSHOP)
    header, *rows = parse(inventory_csv(w), ";")
    assert tuple(header) == INVENTORY_COLUMNS == tuple(COLUMNS)
    assert len(rows) == len(w.kansen) and all(len(r) == len(header) for r in rows)
    assert inventory_csv(w).startswith(b"\xef\xbb\xbf"), "opens in Dutch Excel"


TRICKY = (
    Koppelkans(
        "K1", "=Groen; en \"water\"", KansType.SOCIAL,
        description="Eerste regel;\nTweede regel met € en ë, \"quotes\" en een komma, hier.",
        policy_domains=("Openbare ruimte", "-Water"), parties=("@Gemeente", "Woonstichting Thuis"),
        lead="=Trekker; \"team\" Wonen",
        project=LinkedProject("Herinrichting Beukenlaan", 2029),
        extra_cost=Range(1_250_000.5, 3_000_000), duration_months=Range(1.125, 1.5),
        opportunities=("+1 speelplek",), risks=("Vertraging", "Weerstand"), themes=("T1", "T2", "T3"),
        status=Status.CHOSEN, motivation="Breed gedragen",
    ),
    Koppelkans("K-2", "Project zonder jaar", KansType.PHYSICAL, project=LinkedProject("Riool fase 2"),
               extra_cost=Range(250_000, 250_000), duration_months=Range(12, 36)),
    Koppelkans("K3", "Alleen het nodige", KansType.PHYSICAL),
)  # fmt: skip
THEMES = (
    AmbitionTheme("T1", "Aardgasvrij wonen", "doel", "indicator"),
    AmbitionTheme("T2", "Groen", "doel", "indicator"),
    AmbitionTheme("T3", "groen ", "twee thema's heten zo: het importeert dit thema bij zijn id", "indicator"),
)


def test_awkward_values_come_back_the_same():
    """Formulas, separators, quotes and line breaks in text; cents, decimals and big amounts."""
    w = replace(load_workshop(paths.EXAMPLE_WORKSHOP), themes=THEMES, kansen=TRICKY)
    assert round_trip(w) == undecided(TRICKY)


def test_text_that_looks_like_a_formula_is_inert_in_the_file():
    w = replace(load_workshop(paths.EXAMPLE_WORKSHOP), themes=THEMES, kansen=TRICKY)
    header, first, *_ = parse(inventory_csv(w), ";")
    row = dict(zip(header, first, strict=True))
    assert row["naam"].startswith("'=")
    assert row["partijen"] == "'@Gemeente|Woonstichting Thuis"
    assert row["tijd_min_mnd"] == "1,125" and row["kosten_min_eur"] == "1250000,5"
    assert row["ambitie"] == "Aardgasvrij wonen|T2|T3", "a theme whose name is shared goes by its id"


def test_an_empty_inventory_is_a_template_with_the_header():
    w = replace(load_workshop(paths.EXAMPLE_WORKSHOP), kansen=())
    assert parse(inventory_csv(w), ";") == [list(COLUMNS)]


SEPARATED = Koppelkans(
    "K1", "Pleinen | straten", KansType.SOCIAL,
    description='Regel één | met "quotes";\nregel twee',
    policy_domains=("Water | riolering", "Groen; blauw", "Wonen"),
    parties=('Stichting "De Brug"', "Gemeente\nafdeling Wijken", "A|B|C"),
    opportunities=("Eén \\ twee", "eindigt op \\", "\\|al ontsnapt", "dubbel \\\\ streep"),
    risks=("|aan het begin", "aan het eind|", "mid|den"),
)  # fmt: skip


def test_list_items_with_the_list_separator_quotes_and_line_breaks_come_back_the_same():
    """A ``|`` inside an item is written as ``\\|`` (and a backslash that would read as an
    escape as ``\\\\``), so the importer splits the list only where the export put a separator."""
    w = replace(load_workshop(paths.EXAMPLE_WORKSHOP), themes=THEMES, kansen=(SEPARATED,))
    assert round_trip(w) == undecided((SEPARATED,))


def test_an_escaped_separator_is_visible_in_the_file_as_typed_with_a_backslash():
    w = replace(load_workshop(paths.EXAMPLE_WORKSHOP), themes=THEMES, kansen=(SEPARATED,))
    header, first = parse(inventory_csv(w), ";")
    row = dict(zip(header, first, strict=True))
    assert row["beleidsdomeinen"] == "Water \\| riolering|Groen; blauw|Wonen"
    assert row["partijen"] == 'Stichting "De Brug"|Gemeente\nafdeling Wijken|A\\|B\\|C'
    assert row["naam"] == "Pleinen | straten", "only list cells are split, so only they escape"


def test_a_backslash_typed_in_a_spreadsheet_stays_a_backslash():
    """Teams type lists in Excel; a backslash that escapes nothing is just a backslash."""
    header = ";".join(COLUMNS)
    cells = {c: "" for c in COLUMNS} | {"id": "K9", "naam": "Map", "type": "fysiek",
                                         "partijen": "Team A\\B|Team C \\"}  # fmt: skip
    data = (header + "\r\n" + ";".join(cells[c] for c in COLUMNS) + "\r\n").encode("utf-8")
    [kans] = parse_kansen_csv(data, "lijst.csv").kansen
    assert kans.parties == ("Team A\\B", "Team C \\")


def test_any_values_made_of_separators_backslashes_and_quotes_split_back_the_same():
    """Values as the model keeps them (stripped, not empty) from an alphabet of the awkward
    characters: joined into one cell and split again, the same values in the same order."""
    rng = random.Random(20260302)
    alphabet = 'a|\\ ;"\n'
    for _ in range(2000):
        values = tuple(
            v for v in ("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))).strip()
                        for _ in range(rng.randint(1, 4))) if v
        )  # fmt: skip
        assert split_items(join_items(values)) == values, values
