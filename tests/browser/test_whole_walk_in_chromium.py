"""The whole walk of a new project leader, in a real browser, without a traceback or lost input.

New workshop → ten koppelkansen from a Dutch-Excel CSV → the weights four ways → three
participants plus the consensus sheet → scores → results → the decision with motivations
→ every export → a reload. Each step checks what the user relies on in the store the
server wrote, and the expected figures are computed with the engine from that stored
workshop, never written down here. A screenshot of each step goes to
``test-artifacts/walk/``.
"""

from __future__ import annotations

import html
import io
import time
from urllib.parse import parse_qs, urlparse

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import expect

from decision.core.aggregation import AGGREGATIONS
from decision.core.methods import DEFAULT_METHOD, METHODS
from decision.core.weighting import display_percentages, rank_weights
from decision.domain.analysis import rank_workshop
from decision.domain.facts import fact
from decision.domain.model import Range, Status
from decision.domain.packages import analyse_packages
from decision.domain.progress import GROUP_ID
from decision.files.workshop_file import parse_workshop_bytes
from decision.output.logview import log_frame
from decision.store import open_store

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

# As Excel saves a sheet in Dutch: semicolons, a byte-order mark, CRLF, thousands dots
# and decimal commas.
KANSEN_CSV = "\ufeff" + "\r\n".join(
    [
        "naam;type;gekoppeld_project;startjaar;kosten_min_eur;kosten_max_eur;tijd_min_mnd;tijd_max_mnd",
        "Warmtenet met rioolvervanging;fysiek;Rioolvervanging Noord;2028;150.000,50;400.000;1,5;4,5",
        "Klimaatadaptieve herinrichting;fysiek;Herinrichting Parkstraat;2028;80.000;200.000;3;6",
        "Energiecoaches voor huishoudens met energiearmoede;sociaal;;;20000;60000;;",
        "Groen dak bij corporatieonderhoud;fysiek;Onderhoud Wijkwonen;2029;50000;120000;2,5;3",
        "Leerwerkplekken isolatie;sociaal;Isolatieprogramma;2027;30000;90000;;",
        "Ontmoetingstuin bij het wijkcentrum;fysiek;;2030;10000;40000;;",
        "Wijkbudget voor vergroening;sociaal;;;5000;25000;;",
        "LED-verlichting en sociaal veilige routes;fysiek;Openbare verlichting;2028;40000;100000;;",
        "Zorgwoningen aardgasvrij;fysiek;Nieuwbouw zorgcomplex;2029;200000;500000;;",
        "Buurtvervoer voor ouderen;sociaal;;;15000;45000;;",
    ]
)
PEOPLE = (("Anouk de Vries", "bewoner"), ("Bram Jansen", "woningcorporatie"), ("Chantal Bakker", "gemeente"))


def stored(app, wid: str):
    return app.workshop(wid)


def wait_for(check, what: str, timeout: float = 30.0):
    """Poll the store until ``check()`` is truthy (a save lands after the click's rerun)."""
    deadline = time.monotonic() + timeout
    while not (result := check()):
        assert time.monotonic() < deadline, f"not stored in time: {what}"
        time.sleep(0.2)
    return result


def no_traceback(page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def weights(app, wid: str) -> np.ndarray:
    w = stored(app, wid)
    raw = np.array([c.weight for c in w.criteria], dtype=float)
    return raw / raw.sum()


def choose_method(app, page, method_key: str) -> None:
    page.get_by_role("radio", name=app.nl(f"weights.method_{method_key}"), exact=True).click()
    app.settle(page)


def apply_weights(app, page, key: str) -> None:
    """The method's own "Deze weging gebruiken" (the previous method's may still be on the
    page for a moment while the new one is drawn)."""
    button = page.locator(f".st-key-{key}:not([data-stale='true']) button")
    expect(button).to_have_text(app.nl("weights.apply"))
    button.click()


def score_card(app, page, levels: list[int]) -> None:
    """Answer every question on the card shown, one level per criterion (the option's number),
    as a user does: click an answer, see it chosen, then the next. Afterwards every answer
    given is still shown chosen: none was taken back while the card was drawn again."""
    groups = page.get_by_test_id("stMain").get_by_test_id("stRadio")
    expect(groups.first).to_be_visible()
    for i, level in enumerate(levels):
        option = groups.nth(i).get_by_role("radio").nth(level - 1)
        # the option's text is what a user clicks; its input is hidden behind the dot
        groups.nth(i).get_by_role("radiogroup").locator("label").nth(level - 1).click()
        expect(option).to_be_checked()
    app.settle(page)
    for i, level in enumerate(levels):
        expect(groups.nth(i).get_by_role("radio").nth(level - 1)).to_be_checked()


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def shot(app, page, name: str) -> None:
    folder = app.artifacts / "walk"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def banner(app, sheet: str, name: str) -> str:
    """Whose sheet it is, as the banner above the card says it (without its bold marks)."""
    text = app.nl("scoren.banner_group") if sheet == GROUP_ID else app.nl("scoren.banner_person", name=name)
    return text.replace("**", "")


def ranking_shown(app, page) -> list[str]:
    """The koppelkansen' ids in the order the ranking table shows them (the table of the
    settings, comparing the sheets, comes before it on the page)."""
    expect(page.locator(".st-key-fit_wide_ranking [data-testid='stDataFrame']")).to_be_visible()
    grids = page.get_by_test_id("stDataFrame")
    index = grids.evaluate_all("(all) => all.findIndex((g) => g.closest('.st-key-fit_wide_ranking'))")
    assert index >= 0, "no ranking table on the page"
    grids.nth(index).scroll_into_view_if_needed()
    return [row[1] for row in app.table_rows(page, index)]


def read_csv(raw: bytes) -> pd.DataFrame:
    """A downloaded CSV as a spreadsheet reads it: Dutch (;) or international (,)."""
    return pd.read_csv(io.BytesIO(raw), sep=None, engine="python", encoding="utf-8-sig")


def recorded(w, motivations: dict[str, str]):
    """The workshop, once it holds every motivation (else None)."""
    return w if all(w.kans(kid).motivation == text for kid, text in motivations.items()) else None


def download(page, button) -> bytes:
    with page.expect_download() as caught:
        button.click()
    raw = caught.value.path().read_bytes()
    assert caught.value.suggested_filename.startswith("wijkaanpak-noord"), caught.value.suggested_filename
    return raw


def test_the_whole_walk(app, page):
    # 1. A new workshop from Start.
    page.goto("/")
    app.settle(page)
    name = f"Wijkaanpak Noord {time.time_ns()}"
    page.get_by_label(app.nl("start.field_name")).fill(name)
    page.get_by_role("button", name=app.nl("start.new_button")).click()
    page.wait_for_url("**/?w=*")
    app.settle(page)
    wid = app.workshop_id(page)
    assert stored(app, wid).name == name
    no_traceback(page)
    shot(app, page, "1-start")

    # 2. Ten koppelkansen from a Dutch-Excel CSV.
    page.get_by_text(app.nl("start.csv_title")).click()
    uploader = page.get_by_test_id("stFileUploader").filter(has_text=app.nl("csv.upload"))
    uploader.locator('input[type="file"]').set_input_files(
        files=[{"name": "koppelkansen.csv", "mimeType": "text/csv", "buffer": KANSEN_CSV.encode("utf-8")}]
    )
    app.settle(page)
    page.get_by_role("button", name=app.nl("csv.add", n=10)).click()
    app.settle(page)
    kansen = wait_for(
        lambda: stored(app, wid).kansen if len(stored(app, wid).kansen) == 10 else None, "10 kansen"
    )
    assert [k.name for k in kansen] == [line.split(";")[0] for line in KANSEN_CSV.splitlines()[1:]]
    assert kansen[0].project is not None and kansen[0].project.start_year == 2028
    # thousands dots and decimal commas read the Dutch way
    assert kansen[0].extra_cost == Range(150000.5, 400000)
    assert kansen[0].duration_months == Range(1.5, 4.5)
    assert kansen[3].duration_months == Range(2.5, 3)
    assert kansen[2].project is None and kansen[2].duration_months is None
    # the message stays on the page after the toast has gone
    expect(
        page.get_by_test_id("stAlertContentSuccess").get_by_text(app.nl("csv.added", n=10))
    ).to_be_visible()
    no_traceback(page)
    shot(app, page, "2-csv-import")

    # 3. The weights, four ways, on Ambitie & criteria.
    app.go(page, "page.ambitie")
    criteria = stored(app, wid).criteria
    n = len(criteria)
    # 3a. Percentages: one step up on the first slider keeps exactly that, the rest follow, sum 100.
    before = display_percentages(weights(app, wid))
    slider = page.get_by_role("slider", name=criteria[0].label.get("nl"))
    slider.focus()
    slider.press("ArrowRight")
    wait_for(lambda: display_percentages(weights(app, wid))[0] == before[0] + 1, "first slider +1")
    assert sum(display_percentages(weights(app, wid))) == 100
    app.settle(page)
    # 3b. 100 points: typed, applied, stored exactly.
    choose_method(app, page, "punten")
    points = [40, 20, 20, 10, 10][:n] if n == 5 else [100 // n + (1 if i < 100 % n else 0) for i in range(n)]
    for c, p in zip(criteria, points, strict=True):
        field = page.get_by_role("spinbutton", name=c.label.get("nl").replace("'", "\\'"))
        field.fill(str(p))
        field.press("Tab")
        app.settle(page)
    apply_weights(app, page, "apply_points")
    wait_for(lambda: np.allclose(weights(app, wid), np.array(points) / 100), "points applied")
    # 3c. Ranking: the order shown, applied as ROC weights.
    choose_method(app, page, "rangorde")
    apply_weights(app, page, "apply_rank")
    wait_for(lambda: stored(app, wid).weight_method.value == "rangorde", "ranking applied")
    w = stored(app, wid)
    ranks = w.weight_inputs["rangorde"]
    expected = rank_weights([ranks[c.id] for c in w.criteria], w.weight_inputs.get("methode", "roc"))
    assert np.allclose(weights(app, wid), expected, atol=1e-6)
    # 3d. AHP: every pair equally important gives equal weights.
    choose_method(app, page, "ahp")
    apply_weights(app, page, "apply_ahp")
    wait_for(lambda: np.allclose(weights(app, wid), np.full(n, 1 / n), atol=1e-6), "AHP applied")
    no_traceback(page)
    shot(app, page, "3-weights")

    # 4. Three participants, then the consensus sheet, on Scoren.
    app.go(page, "page.scoren")
    for person, role in PEOPLE:
        page.get_by_role("textbox", name=app.nl("scoren.col_name"), exact=True).first.fill(person)
        page.get_by_role("textbox", name=app.nl("scoren.col_role"), exact=True).first.fill(role)
        page.get_by_role("button", name=app.nl("scoren.add_participant")).click()
        app.settle(page)
    wait_for(lambda: len(stored(app, wid).participants) == 3, "three participants")
    assert [p.name for p in stored(app, wid).participants] == [p for p, _ in PEOPLE]
    page.get_by_role("button", name=app.nl("scoren.as_group")).click()
    app.settle(page)
    wait_for(lambda: GROUP_ID in stored(app, wid).participant_ids, "consensus sheet")
    no_traceback(page)

    # 5. Every sheet scores two koppelkansen; the banner always says whose sheet it is.
    people = {p.id: p.name for p in stored(app, wid).participants}
    given: dict[tuple[str, str, str], float] = {}
    as_fact: list[tuple[str, str, str]] = []
    for s_index, sheet in enumerate(people):
        app.choose(page, app.nl("scoren.who"), people[sheet])
        expect(page.get_by_text(banner(app, sheet, people[sheet]), exact=True)).to_be_visible()
        app.settle(page)
        assert query(page)["wie"] == sheet
        for k_index in range(2):
            kid = query(page)["kans"]
            heading = page.get_by_test_id("stMain").get_by_role("heading", name=f"{kid} · ")
            expect(heading).to_be_visible()
            levels = [1 + (s_index + k_index + j) % 5 for j in range(n)]
            score_card(app, page, levels)
            # a level the inventory fills in is shown as chosen already, and stored as nothing
            filled = stored(app, wid)
            for c, level in zip(criteria, levels, strict=True):
                found = fact(filled, kid, c.id)
                if found is None or found.value != level:
                    given[(sheet, kid, c.id)] = float(level)
                else:
                    as_fact.append((sheet, kid, c.id))
            if s_index == 0 and k_index == 0:
                shot(app, page, "5-scoren")
            page.get_by_role("button", name=app.nl("scoren.next")).click()
            expect(page.get_by_test_id("stMain").get_by_role("heading", name=f"{kid} · ")).to_have_count(0)
            app.settle(page)
        no_traceback(page)
    # every answer given is stored, in the sheet it was given in, and nothing else
    wait_for(lambda: dict(stored(app, wid).scores) == given, "every answer given")
    assert len(given) + len(as_fact) == len(people) * 2 * n

    # 6. Resultaten: the engine's ranking of the stored workshop, resting on the three people.
    app.go(page, "page.resultaten")
    w = stored(app, wid)
    aggregation = AGGREGATIONS[0]
    expected_ids = list(rank_workshop(w, DEFAULT_METHOD, aggregation).table["id"])
    assert ranking_shown(app, page) == expected_ids
    sheets_text = app.nl("sheets.individual_many", n=3)
    based_on = app.nl("sheets.individuals", sheets=sheets_text).removesuffix(".")
    expect(page.get_by_text(based_on, exact=False).first).to_be_visible()
    no_traceback(page)
    shot(app, page, "6-resultaten")
    # The other method: its ranking is shown, and kept in the URL.
    other = next(m for m in METHODS if m != DEFAULT_METHOD)
    page.get_by_role("radio", name=app.nl(METHODS[other].label_key), exact=True).click()
    app.settle(page)
    expect(page.get_by_role("radio", name=app.nl(METHODS[other].label_key), exact=True)).to_be_checked()
    ranking = rank_workshop(w, other, aggregation)
    wait_for(lambda: ranking_shown(app, page) == list(ranking.table["id"]), f"{other} shown")
    assert query(page)["methode"] == other
    no_traceback(page)
    shot(app, page, "6-resultaten-" + other)

    # 7. Besluit: motivations typed before the best package is taken over as the proposal
    # survive it and the confirmation, and are recorded.
    app.go(page, "page.besluit")
    # without relations or package rules the best package is the ranking's top three (one of
    # them when koppelkansen tie at the third place: equal costs from the inventory)
    top = analyse_packages(w, ranking, method=other, aggregation=aggregation).packages[0].members
    assert set(top) <= set(ranking.top(3)) and len(top) == 3
    texts = [
        "Past bij de rioolvervanging in 2028; de corporatie doet mee.",
        "Buurt vroeg erom & de straat gaat toch open <2028>.",
        "Goedkoop, snel en de bewoners dragen het.",
    ]
    motivations = dict(zip(top, texts, strict=True))
    boxes = page.get_by_test_id("stMain").get_by_placeholder(app.nl("besluit.motivation_placeholder"))
    expect(boxes).to_have_count(len(w.kansen))
    # the boxes follow the ranking
    order = list(ranking.table["id"])
    for kid in top:
        boxes.nth(order.index(kid)).fill(motivations[kid])
        boxes.nth(order.index(kid)).press("Tab")
        app.settle(page)
    page.get_by_role("button", name=app.nl("packages.adopt", letter="A")).click()
    app.settle(page)
    for kid in top:
        expect(boxes.nth(order.index(kid))).to_have_value(motivations[kid])
    # prioritised, to be worked out, until the team chooses
    wait_for(
        lambda: {k.id for k in stored(app, wid).kansen if k.status == Status.PRIORITISED} == set(top),
        "prioritised",
    )
    # the form is drawn anew from the stored version (its keys carry it): wait for that
    for kid in top:
        group = page.locator(f'[class*="st-key-dec_status_{kid}_"]')
        expect(group.get_by_role("radio", name=app.nl("status.prioritised"))).to_be_checked(timeout=20_000)
    app.settle(page)
    shot(app, page, "7-besluit-adopted")
    for kid in top:
        group = page.locator(f'[class*="st-key-dec_status_{kid}_"]')
        group.get_by_text(app.nl("status.chosen"), exact=True).click()
        app.settle(page)
    for kid in top:
        expect(boxes.nth(order.index(kid))).to_have_value(motivations[kid])
    page.get_by_role("button", name=app.nl("besluit.save")).click()
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_text(app.nl("besluit.saved"))).to_be_visible()
    app.settle(page)
    w = wait_for(lambda: recorded(stored(app, wid), motivations), "motivations recorded")
    assert {k.id for k in w.kansen if k.status == Status.CHOSEN} == set(top)
    assert all(k.motivation == "" for k in w.kansen if k.id not in motivations)
    for kid in top:
        expect(boxes.nth(order.index(kid))).to_have_value(motivations[kid])
    no_traceback(page)
    shot(app, page, "7-besluit-saved")

    # 8. Every export: a file that opens with what a user opens it with, holding the workshop.
    button = lambda key: page.get_by_role("button", name=app.nl(key)).first  # noqa: E731
    ranking_csv = read_csv(download(page, button("besluit.download_ranking")))
    assert len(ranking_csv) == len(w.kansen)
    assert any(list(ranking_csv[c]) == list(ranking.table["id"]) for c in ranking_csv.columns)
    scores_csv = read_csv(download(page, button("besluit.download_scores")))
    assert len(scores_csv) == len(given) and len(scores_csv.columns) > 1
    inventory_csv = read_csv(download(page, button("downloads.inventory")))
    assert any(list(inventory_csv[c]) == [k.name for k in w.kansen] for c in inventory_csv.columns)
    exported = parse_workshop_bytes(download(page, button("besluit.download_workshop")), "workshop.yaml")
    assert exported.kansen == w.kansen and dict(exported.scores) == dict(w.scores)
    assert exported.participants == w.participants and exported.criteria == w.criteria
    report = download(page, button("besluit.download_report")).decode("utf-8")
    assert report.lstrip().lower().startswith("<!doctype html")
    assert all(html.escape(w.kans(k).name) in report for k in top)
    assert all(html.escape(m) in report for m in motivations.values())
    no_traceback(page)
    shot(app, page, "8-besluit-exports")
    app.go(page, "page.besluitlog")
    log = read_csv(download(page, page.get_by_role("button", name=app.nl("log.download"))))
    # the whole log as the store holds it, scores included, in the page's words
    expected_log = log_frame(open_store(app.db).log.entries(wid), w, "nl")
    assert list(log.columns) == list(expected_log.columns) and len(log) == len(expected_log)
    what = app.nl("log.col_what")
    assert list(log[what].fillna("")) == list(expected_log[what])
    no_traceback(page)
    shot(app, page, "8-besluitlog")

    # 9. A reload: the sheet, the koppelkans and the results method come back from the URL,
    # and everything stored is still there.
    before = stored(app, wid)
    app.go(page, "page.resultaten")
    assert query(page)["methode"] == other
    page.reload()
    app.settle(page)
    assert app.workshop_id(page) == wid and query(page)["methode"] == other
    expect(page.get_by_role("radio", name=app.nl(METHODS[other].label_key), exact=True)).to_be_checked()
    assert ranking_shown(app, page) == list(ranking.table["id"])
    no_traceback(page)
    shot(app, page, "9-reload-resultaten")
    app.go(page, "page.scoren")
    sheet, kid = query(page)["wie"], query(page)["kans"]
    page.reload()
    app.settle(page)
    assert app.workshop_id(page) == wid
    assert (query(page)["wie"], query(page)["kans"]) == (sheet, kid)
    expect(page.get_by_text(banner(app, sheet, people[sheet]), exact=True)).to_be_visible()
    expect(page.get_by_test_id("stMain").get_by_role("heading", name=f"{kid} · ")).to_be_visible()
    expect(page.get_by_test_id("stMain").get_by_test_id("stRadio").first).to_be_visible()
    app.settle(page)
    no_traceback(page)
    shot(app, page, "9-reload-scoren")
    app.go(page, "page.besluit")
    for kid in top:
        expect(boxes.nth(order.index(kid))).to_have_value(motivations[kid])
    assert stored(app, wid) == before
    no_traceback(page)
